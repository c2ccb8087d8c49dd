//! Helpers shared by the integration tests: the seed corpus as an app, and drawing it.

#![allow(dead_code)]

pub mod server;

use std::fmt::Write;
use std::sync::Arc;

use newslens::app::{Action, App, update};
use newslens::corpus::Input;
use newslens::entities::{Gazetteer, Matcher};
use newslens::loader::load_all;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

/// Folders that do not exist, for `XDG_CONFIG_HOME` and `XDG_STATE_HOME`: the binary
/// under test finds no configuration and no saved state of the user's; and one that
/// cannot be made (it would be inside a file), for `XDG_CACHE_HOME`: it keeps no cache,
/// so what it writes is worked out afresh, never read back from an earlier run's.
pub fn isolated_env() -> [(&'static str, std::path::PathBuf); 3] {
    let tmp = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let not_a_folder = tmp.join("not-a-folder");
    if !not_a_folder.is_file() {
        std::fs::write(&not_a_folder, "").expect("a file in the target folder");
    }
    [
        ("XDG_CONFIG_HOME", tmp.join("no-config")),
        ("XDG_STATE_HOME", tmp.join("no-state")),
        ("XDG_CACHE_HOME", not_a_folder.join("cache")),
    ]
}

/// The newslens binary run from the project folder, isolated from the user's
/// configuration and state, with colour left to the command line.
pub fn newslens_command(args: &[&str]) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_newslens"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .envs(isolated_env())
        .env_remove("NO_COLOR");
    cmd
}

/// The app on the built-in seeds at a terminal size.
pub fn seeds(width: u16, height: u16) -> App {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let (docs, warnings) = load_all(&Input::Builtin, &m);
    App::with_documents(g, m, docs, warnings, Rect::new(0, 0, width, height))
}

/// The app on the seeds with discovery run, as the reader loads them.
pub fn seeds_discovered(width: u16, height: u16) -> App {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let options = newslens::corpus::ReadOptions {
        discover: true,
        ..Default::default()
    };
    let (docs, warnings) = newslens::loader::load_all_with(&Input::Builtin, &m, &options);
    App::with_documents(g, m, docs, warnings, Rect::new(0, 0, width, height))
}

/// The app on `tests/fixtures/corpus` (the seeds and a third article naming only Turkey).
pub fn corpus(width: u16, height: u16) -> App {
    fixture("corpus", width, height)
}

/// The app on `tests/fixtures/formats`: an article in every format, and broken files.
pub fn formats(width: u16, height: u16) -> App {
    fixture("formats", width, height)
}

/// The app on the fixture file or folder `name` (under `tests/fixtures`), its paths as
/// `name/FILE`.
pub fn fixture(name: &str, width: u16, height: u16) -> App {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (input, _) = newslens::corpus::resolve(&[dir.join(name)]).expect("fixture folder");
    let (mut docs, mut warnings) = load_all(&input, &m);
    // Paths as the user would type them, so snapshots do not depend on the checkout.
    let short = |p: &std::path::Path| p.strip_prefix(&dir).map(|p| p.to_path_buf());
    for d in &mut docs {
        if let Ok(p) = short(&d.article.path) {
            d.article.path = p;
        }
    }
    for w in &mut warnings {
        if let Ok(p) = short(&w.path) {
            w.path = p;
        }
    }
    App::with_documents(g, m, docs, warnings, Rect::new(0, 0, width, height))
}

pub fn press(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a.clone());
    }
}

/// Draws the app on a test terminal of its size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.area.width, app.area.height)).expect("test terminal");
    terminal
        .draw(|f| f.render_widget(app, f.area()))
        .expect("draw");
    terminal
}

/// The screen's text, one line per row.
pub fn screen(app: &App) -> String {
    draw(app).backend().to_string()
}

/// Every run of styled cells, row by row: position, text and style. Unstyled text is
/// left out, so the list reads as "what is coloured where".
pub fn style_runs(buffer: &Buffer) -> String {
    let mut out = String::new();
    let area = buffer.area;
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let cell = &buffer[(x, y)];
            let key = (cell.fg, cell.bg, cell.modifier);
            let start = x;
            let mut text = String::new();
            while x < area.width {
                let c = &buffer[(x, y)];
                if (c.fg, c.bg, c.modifier) != key {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            if key != (Color::Reset, Color::Reset, Modifier::empty()) {
                let _ = writeln!(
                    out,
                    "{y:>3}:{start:<3} fg={:?} bg={:?} {:?} {text:?}",
                    key.0, key.1, key.2
                );
            }
        }
    }
    out
}
