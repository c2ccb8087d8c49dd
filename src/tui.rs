//! The terminal: raw mode and the alternate screen, restored on quit, on error, on panic
//! and on SIGTERM/SIGHUP; the event loop that turns key presses, resizes and loader news
//! into actions, and redraws only after a change.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::app::memory::Unsaved;
use crate::app::{Action, App, Level, Message, update};
use crate::keymap::Key;
use crate::loader::LoadEvent;

/// How long to wait for input before checking the loader and signals again.
const POLL: Duration = Duration::from_millis(30);

/// How the terminal is used.
#[derive(Debug)]
pub struct Options {
    /// Capture the mouse for clicks and the wheel (off: the terminal keeps text selection).
    pub mouse: bool,
    /// Where the reading state is saved (none: nothing is remembered).
    pub saver: Option<crate::state::Saver>,
}

/// Runs the UI until the user quits or a termination signal arrives.
pub fn run(app: &mut App, loads: Receiver<LoadEvent>, options: Options) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    install_panic_hook();
    let mut saver = options.saver;
    let mut terminal = enter(options.mouse)?;
    let result = event_loop(&mut terminal, app, &loads, &stop, &mut saver);
    restore()?;
    // Quitting, a signal or an error: whatever is still unsaved (a scroll position) goes.
    if app.unsaved != Unsaved::Nothing {
        persist(app, &mut saver);
        if let Some(m) = app.message.as_ref().filter(|m| m.level == Level::Warning) {
            eprintln!("newslens: {}", m.text);
        }
    }
    result
}

/// Writes the reading state; a failure is shown once, and reading goes on.
fn persist(app: &mut App, saver: &mut Option<crate::state::Saver>) {
    app.unsaved = Unsaved::Nothing;
    let Some(saver) = saver else { return };
    match saver.save(&app.memory) {
        Ok(merged) => app.memory = merged,
        Err(Some(message)) => {
            app.message = Some(Message {
                level: Level::Warning,
                text: message,
            });
        }
        Err(None) => {}
    }
}

/// Raw mode, the alternate screen, and keys reported unambiguously where the terminal
/// can (so Ctrl-i is not Tab); undone by [`restore`].
fn enter(mouse: bool) -> io::Result<DefaultTerminal> {
    use crossterm::event::{KeyboardEnhancementFlags, PushKeyboardEnhancementFlags};
    crossterm::terminal::enable_raw_mode()?;
    // Terminals without the keyboard protocol ignore the request, so none is asked first
    // (asking waits for an answer some terminals never give).
    let entered = crossterm::execute!(
        io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    )
    .and_then(|()| {
        if mouse {
            crossterm::execute!(io::stdout(), crossterm::event::EnableMouseCapture)?;
        }
        ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
    });
    if entered.is_err() {
        let _ = restore();
    }
    entered
}

/// Undoes [`enter`]: the mouse, the keyboard mode, the alternate screen and raw mode.
fn restore() -> io::Result<()> {
    let _ = crossterm::execute!(
        io::stdout(),
        crossterm::event::DisableMouseCapture,
        crossterm::event::PopKeyboardEnhancementFlags
    );
    ratatui::try_restore()
}

/// Restores the terminal before a panic is reported, so the report is readable and the
/// shell usable. Panics on the loader thread are caught there and shown as warnings
/// about the file; they leave the terminal and the screen alone.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::loader::on_loading_thread() || crate::corpus::panics_expected() {
            return;
        }
        let _ = restore();
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    loads: &Receiver<LoadEvent>,
    stop: &AtomicBool,
    saver: &mut Option<crate::state::Saver>,
) -> io::Result<()> {
    let mut loader_open = true;
    let mut dirty = true;
    while !app.should_quit && !stop.load(Ordering::Relaxed) {
        // The terminal may have changed size without an event yet (or with one queued
        // behind keys); lay out for the size it has now.
        let size = terminal.size()?;
        if (size.width, size.height) != (app.area.width, app.area.height) {
            update(app, Action::Resize(size.width, size.height));
            dirty = true;
        }
        if app.unsaved == Unsaved::Now {
            persist(app, saver);
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
            dirty = false;
        }
        if event::poll(POLL)? {
            // Drain everything queued so a burst of keys costs one redraw.
            loop {
                dirty |= handle_event(app, event::read()?);
                if app.should_quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        // Take what the loader has, but keep the UI responsive on huge corpora.
        for _ in 0..512 {
            if !loader_open {
                break;
            }
            match loads.try_recv() {
                Ok(ev) => {
                    update(app, Action::Load(ev));
                    dirty = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => loader_open = false,
            }
        }
    }
    Ok(())
}

/// Applies one terminal event; returns whether the screen needs redrawing.
fn handle_event(app: &mut App, event: Event) -> bool {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            let key = Key::from_event(key);
            // The prompt takes every key while it is open, and `m` or `'` the next one.
            let action = if app.prompt.is_some() || app.pending.is_some() {
                Action::Input(key)
            } else {
                app.keymap.action_for(key).unwrap_or(Action::Unbound(key))
            };
            update(app, action);
            true
        }
        Event::Mouse(mouse) => {
            use crossterm::event::{MouseButton, MouseEventKind};
            let (x, y) = (mouse.column, mouse.row);
            let action = match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => Action::Click(x, y),
                MouseEventKind::ScrollDown => Action::Wheel(x, y, 1),
                MouseEventKind::ScrollUp => Action::Wheel(x, y, -1),
                _ => return false,
            };
            update(app, action);
            true
        }
        Event::Resize(w, h) => {
            update(app, Action::Resize(w, h));
            true
        }
        _ => false,
    }
}
