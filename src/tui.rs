//! The terminal: raw mode and the alternate screen, restored on quit, on error, on panic,
//! on every signal that ends the process and when the terminal goes away; Ctrl-z and
//! SIGTSTP suspend as in less and vim. The event loop turns key presses, resizes and loader
//! news into actions, and redraws only after a change.

use std::io::{self, IsTerminal};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;

use crate::action::Effect;

mod outside;
use crate::app::memory::Unsaved;
use crate::app::{Action, App, update};
use crate::key::Key;
use crate::loader::LoadEvent;

/// How long to wait for input before checking the loader, signals and the terminal again.
const POLL: Duration = Duration::from_millis(30);
/// How long one turn of the loop takes in what the loaders have read before it draws and
/// looks at the keys again: long enough that taking articles in, not waiting for input,
/// is what a large corpus's listing costs; short enough that keys answer at once.
const LOAD_SLICE: Duration = Duration::from_millis(15);
/// How long a digit waits for a motion before it is a selection and no count.
const COUNT_WAIT: Duration = Duration::from_millis(1000);

/// How long the event loop has to notice a terminating signal before the signal thread
/// restores the terminal and ends the process itself (the loop is then stuck in long work).
const GRACE: Duration = Duration::from_secs(1);

/// The signals that end the reader: its position is saved and the terminal restored.
const TERMINATING: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// Why the reader ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A terminating signal arrived (its number).
    Signal(i32),
    /// The terminal went away (closed, hung up): treated like SIGHUP.
    TerminalGone,
}

impl Ended {
    /// The process's exit status: 0 for quitting, 128 plus the signal's number otherwise,
    /// as shells report a process a signal ended.
    pub fn exit_status(self) -> u8 {
        match self {
            Ended::Quit => 0,
            Ended::Signal(n) => u8::try_from(128 + n).unwrap_or(1),
            Ended::TerminalGone => 128 + signal_hook::consts::SIGHUP as u8,
        }
    }
}

/// What the signal thread tells the event loop.
#[derive(Default)]
struct Signals {
    /// The terminating signal received, or 0.
    stop: AtomicI32,
    /// SIGTSTP arrived: suspend as Ctrl-z does.
    suspend: AtomicBool,
    /// The event loop has ended; the process is restoring and saving on its own.
    finished: AtomicBool,
}

/// Watches for signals on a thread of its own. A terminating signal is passed to the event
/// loop; if the loop has not ended within [`GRACE`] (it is busy), the thread restores the
/// terminal and ends the process with the signal's status.
fn watch_signals(mouse: bool) -> io::Result<Arc<Signals>> {
    let shared = Arc::new(Signals::default());
    let mut wanted = TERMINATING.to_vec();
    wanted.push(signal_hook::consts::SIGTSTP);
    let mut incoming = signal_hook::iterator::Signals::new(wanted)?;
    let signals = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("newslens-signals".into())
        .spawn(move || {
            for signal in incoming.forever() {
                if signal == signal_hook::consts::SIGTSTP {
                    signals.suspend.store(true, Ordering::Relaxed);
                    continue;
                }
                signals.stop.store(signal, Ordering::Relaxed);
                std::thread::sleep(GRACE);
                if !signals.finished.load(Ordering::Relaxed) {
                    let _ = restore(mouse);
                    std::process::exit(i32::from(Ended::Signal(signal).exit_status()));
                }
            }
        })?;
    Ok(shared)
}
/// How the terminal is used.
#[derive(Debug)]
pub struct Options {
    /// Capture the mouse for clicks and the wheel (off: the terminal keeps text selection).
    pub mouse: bool,
    /// Where the reading state is saved (none: nothing is remembered).
    pub saver: Option<crate::state::Saver>,
    /// How `:e` reads more files (none: it cannot).
    pub opener: Option<Opener>,
    /// Looks for untracked names in the background, keeping those it is this sure of
    /// (none: the loader looks, or nobody does).
    pub discover: Option<f32>,
}

/// What reading more inputs into the corpus takes: the matcher and the read options the
/// first inputs were read with.
#[derive(Debug, Clone)]
pub struct Opener {
    pub matcher: Arc<crate::entities::Matcher>,
    pub options: crate::corpus::ReadOptions,
    /// The inputs given by URL, which `r` reads again.
    pub urls: Vec<std::path::PathBuf>,
}

/// Runs the UI until the user quits, a terminating signal arrives or the terminal goes
/// away; whatever is unsaved is saved then.
pub fn run(app: &mut App, loads: Receiver<LoadEvent>, options: Options) -> io::Result<Ended> {
    let signals = watch_signals(options.mouse)?;
    install_panic_hook(options.mouse);
    let mut saver = options.saver;
    let mut terminal = enter(options.mouse)?;
    let (told, outcomes) = channel();
    let looped = Loop {
        loads: vec![loads],
        signals: &signals,
        saver: &mut saver,
        mouse: options.mouse,
        opener: options.opener,
        discovery: options
            .discover
            .map(crate::discover::background::Background::new),
        discover: options.discover,
        told,
        outcomes,
    }
    .run(&mut terminal, app);
    signals.finished.store(true, Ordering::Relaxed);
    let result = if terminal_alive() {
        restore(options.mouse).and(looped)
    } else {
        // Nothing to restore, and nothing to tell on a terminal that is gone: the handle
        // would try to show the cursor there as it is dropped.
        std::mem::forget(terminal);
        match looped {
            Ok(Ended::Signal(n)) => Ok(Ended::Signal(n)),
            _ => Ok(Ended::TerminalGone),
        }
    };
    // Quitting, a signal or an error: whatever is still unsaved (a scroll position) goes.
    if app.unsaved != Unsaved::Nothing {
        persist(app, &mut saver);
    }
    if matches!(result, Ok(ended) if ended != Ended::TerminalGone) {
        report_unsaved(app, saver.as_ref());
    }
    result
}

/// Whether the terminal is still there: once it is closed or hung up, asking the
/// terminal driver about it fails, while reading it gives no end-of-input the event
/// library reports.
fn terminal_alive() -> bool {
    io::stdout().is_terminal()
}

/// Writes the reading state; the outcome reaches the app as an action (a failure is
/// shown, and reading goes on with the state in memory).
fn persist(app: &mut App, saver: &mut Option<crate::state::Saver>) {
    let result = saver.as_mut().and_then(|s| match s.save(&app.memory) {
        Ok(merged) => Some(Ok(merged)),
        Err(failure) => failure.map(Err),
    });
    update(app, Action::Saved(result));
}

/// At exit, when the last save failed: what could not be saved goes to standard error,
/// the notes in full, so the user can keep them.
fn report_unsaved(app: &App, saver: Option<&crate::state::Saver>) {
    let (Some(failure), Some(saver)) = (&app.save_failure, saver) else {
        return;
    };
    eprintln!(
        "newslens: {}",
        crate::text::visible_lines(&failure.message())
    );
    for note in saver.unsaved_notes(&app.memory) {
        eprintln!(
            "  {}: “{}” — {}",
            crate::text::visible(&note.article.path),
            crate::text::visible(&note.quote),
            crate::text::visible(&note.text)
        );
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
        let _ = restore(mouse);
    }
    entered
}

/// Undoes [`enter`]: the mouse, the keyboard mode, the alternate screen and raw mode.
fn restore(mouse: bool) -> io::Result<()> {
    if mouse {
        let _ = crossterm::execute!(io::stdout(), crossterm::event::DisableMouseCapture);
    }
    let _ = crossterm::execute!(io::stdout(), crossterm::event::PopKeyboardEnhancementFlags);
    ratatui::try_restore()
}

/// Ctrl-z or SIGTSTP: gives the terminal back to the shell, stops until continued (`fg`),
/// then takes the terminal again and draws everything anew.
fn suspend(terminal: &mut DefaultTerminal, mouse: bool) -> io::Result<()> {
    restore(mouse)?;
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    // Continued: a new terminal handle draws every cell on a cleared screen. (Its own
    // clear() would ask the terminal where the cursor is, which not every terminal answers.)
    *terminal = enter(mouse)?;
    crossterm::execute!(
        io::stdout(),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )
}

/// Restores the terminal before a panic is reported, so the report is readable and the
/// shell usable. Panics on the loader thread are caught there and shown as warnings
/// about the file; they leave the terminal and the screen alone.
fn install_panic_hook(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if crate::loader::on_loading_thread() || crate::corpus::panics_expected() {
            return;
        }
        let _ = restore(mouse);
        previous(info);
    }));
}

/// The event loop's connections: the loaders, the signal thread, the state file, and the
/// commands it started (a browser, a clipboard command), which tell how they ended.
struct Loop<'a> {
    loads: Vec<Receiver<LoadEvent>>,
    signals: &'a Signals,
    saver: &'a mut Option<crate::state::Saver>,
    mouse: bool,
    opener: Option<Opener>,
    discovery: Option<crate::discover::background::Background>,
    /// The confidence background discovery keeps names from, if it runs.
    discover: Option<f32>,
    told: Sender<Action>,
    outcomes: Receiver<Action>,
}

impl Loop<'_> {
    fn run(mut self, terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<Ended> {
        let mut dirty = true;
        let mut last_key = Instant::now();
        // Whether the loaders had more read than the last turn took in.
        let mut more_loaded = false;
        loop {
            if app.should_quit {
                return Ok(Ended::Quit);
            }
            match self.signals.stop.load(Ordering::Relaxed) {
                0 => {}
                signal => return Ok(Ended::Signal(signal)),
            }
            if !terminal_alive() {
                return Ok(Ended::TerminalGone);
            }
            if app.suspended || self.signals.suspend.swap(false, Ordering::Relaxed) {
                // Saved first: a suspended reader may never be continued.
                persist(app, self.saver);
                suspend(terminal, self.mouse)?;
                update(app, Action::Resumed);
                dirty = true;
            }
            // The terminal may have changed size without an event yet (or with one queued
            // behind keys); lay out for the size it has now.
            let size = terminal.size()?;
            if (size.width, size.height) != (app.area.width, app.area.height) {
                update(app, Action::Resize(size.width, size.height));
                dirty = true;
            }
            if app.unsaved == Unsaved::Now {
                persist(app, self.saver);
                dirty = true;
            }
            if dirty {
                terminal.draw(|frame| frame.render_widget(&*app, frame.area()))?;
                dirty = false;
            }
            // With articles waiting, input is only looked at, not waited for.
            let wait = if more_loaded { Duration::ZERO } else { POLL };
            if event::poll(wait)? {
                // Drain everything queued so a burst of keys costs one redraw.
                loop {
                    dirty |= handle_event(app, event::read()?);
                    last_key = Instant::now();
                    if app.should_quit || app.suspended || !event::poll(Duration::ZERO)? {
                        break;
                    }
                }
            }
            // A digit no motion followed: it selected its entity, and is no count.
            if app.count.is_some() && last_key.elapsed() >= COUNT_WAIT {
                update(app, Action::Settle);
                dirty = true;
            }
            while let Ok(action) = self.outcomes.try_recv() {
                update(app, action);
                dirty = true;
            }
            // Take what the loaders have, for a slice of time at most, so that keys and
            // frames keep coming on huge corpora.
            let until = Instant::now() + LOAD_SLICE;
            more_loaded = false;
            while let Some(loads) = self.loads.first() {
                match loads.try_recv() {
                    Ok(ev) => {
                        update(app, Action::Load(ev));
                        dirty = true;
                        if Instant::now() >= until {
                            more_loaded = true;
                            break;
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        self.loads.remove(0);
                    }
                }
            }
            dirty |= self.do_effects(terminal, app)?;
            dirty |= self.discover(app);
        }
    }

    /// Background discovery: once the loaders are done (discovery must not slow the list),
    /// sends articles out and takes in what was found in them.
    fn discover(&mut self, app: &mut App) -> bool {
        let Some(background) = &mut self.discovery else {
            return false;
        };
        if self.loads.is_empty() {
            background.send(&app.corpus.docs);
        }
        let outcomes = background.take();
        let changed = !outcomes.is_empty();
        for outcome in outcomes {
            update(app, Action::Discovered(outcome));
        }
        changed
    }

    /// Does what the last updates asked for; returns whether the screen needs drawing.
    fn do_effects(&mut self, terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<bool> {
        if app.effects.is_empty() {
            return Ok(false);
        }
        for effect in std::mem::take(&mut app.effects) {
            match effect {
                Effect::Redraw => {
                    // As after a suspension: a new handle draws every cell.
                    *terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(
                        io::stdout(),
                    ))?;
                    crossterm::execute!(
                        io::stdout(),
                        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
                    )?;
                }
                Effect::Open { command, target } => self.open(app, &command, &target),
                Effect::Copy {
                    command,
                    text,
                    what,
                } => self.copy(terminal, app, &command, &text, &what)?,
                Effect::Load(paths) => self.load(app, &paths),
                Effect::Reload => self.reload(app),
                Effect::ReloadPage { doc, article } => self.reload_page(doc, *article),
                Effect::Discover(doc) => {
                    if let Some(background) = &mut self.discovery {
                        background.queue(doc);
                    }
                }
            }
        }
        Ok(true)
    }
}

/// Applies one terminal event; returns whether the screen needs redrawing.
fn handle_event(app: &mut App, event: Event) -> bool {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            let action = crate::app::key_action(app, Key::from_event(key));
            update(app, action);
            true
        }
        Event::Mouse(mouse) => {
            use crossterm::event::{MouseButton, MouseEventKind};
            let (x, y) = (mouse.column, mouse.row);
            // The views know what is under the pointer.
            let action = match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => crate::ui::hit::click(app, x, y),
                MouseEventKind::ScrollDown => crate::ui::hit::wheel(app, x, y, 1),
                MouseEventKind::ScrollUp => crate::ui::hit::wheel(app, x, y, -1),
                _ => None,
            };
            let Some(action) = action else { return false };
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
