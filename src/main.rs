//! The newslens binary: parse the command line, then run the reader or a subcommand.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use newslens::app::App;
use newslens::cli::{Cli, Command, Common};
use newslens::commands::{self, CommandError, Loaded, Painter};
use newslens::corpus;
use newslens::entities::{Gazetteer, Matcher};
use newslens::ui::theme::Theme;
use newslens::{loader, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    quiet_parser_panics();
    let result = match cli.command {
        None => run_reader(&cli.paths, &cli.common, !cli.no_mouse),
        Some(command) => run_command(command, &cli.common),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newslens: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run_reader(paths: &[PathBuf], common: &Common, mouse: bool) -> anyhow::Result<ExitCode> {
    let gazetteer = match gazetteer(common.entities.as_deref()) {
        Ok(g) => g,
        Err(code) => return Ok(code),
    };
    let (input, warnings) = match corpus::resolve(paths) {
        Ok(found) => found,
        Err(e) => return Ok(usage_error(&e.to_string())),
    };
    if !io::stdout().is_terminal() {
        return Ok(usage_error(
            "standard output is not a terminal, and the reader needs one.\n\
             For scripts and pipes, use a subcommand: newslens entities | mentions | export | check \
             (newslens --help lists them)",
        ));
    }
    let matcher = Arc::new(Matcher::new(&gazetteer));
    let mut app = App::new(Arc::clone(&gazetteer), Arc::clone(&matcher), input.len());
    if !Painter::wanted(common.no_color, true) {
        app.theme = Theme::monochrome();
    }
    app.warnings = warnings;
    let saver = state_dir(common).map(|dir| {
        let inputs = if paths.is_empty() {
            vec![PathBuf::from(if Path::new("seeds").is_dir() {
                "seeds"
            } else {
                "(built-in seeds)"
            })]
        } else {
            paths.to_vec()
        };
        let store = newslens::state::Store::for_corpus(&dir, &inputs);
        let path = store.path().to_owned();
        let (loaded, saver) = newslens::state::Saver::open(store);
        app.memory = loaded.state;
        if let Some(message) = loaded.warning {
            app.warnings.push(corpus::Warning { path, message });
        }
        saver
    });
    let loads = loader::spawn(input, matcher, common.read_options());
    tui::run(&mut app, loads, tui::Options { mouse, saver }).context("terminal error")?;
    Ok(ExitCode::SUCCESS)
}

/// Where reading state is kept: `--state-dir`, else the user's state folder.
fn state_dir(common: &Common) -> Option<PathBuf> {
    common
        .state_dir
        .clone()
        .or_else(newslens::state::default_dir)
}

fn run_command(command: Command, common: &Common) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let paint = Painter::new(Painter::wanted(common.no_color, stdout.is_terminal()));
    let mut out = io::BufWriter::new(stdout.lock());
    let result = match command {
        Command::Check { paths } => commands::check::run(
            &paths,
            common.entities.as_deref(),
            &common.read_options(),
            &paint,
            &mut out,
        )
        .map(|report| {
            if report.problems == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        })
        .map_err(Stop::from),
        Command::Entities { paths, format } => load(&paths, common).and_then(|loaded| {
            commands::entities::run(&loaded, format, &paint, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }),
        Command::Mentions {
            paths,
            only,
            format,
        } => load(&paths, common).and_then(|loaded| {
            let only = commands::mentions::resolve_filter(&loaded, &only)?;
            commands::mentions::run(&loaded, &only, format, &paint, &mut out)?;
            Ok(ExitCode::SUCCESS)
        }),
        Command::Export {
            paths,
            format,
            out: dest,
        } => load(&paths, common).and_then(|loaded| {
            if let Some(done) = commands::export::run(&loaded, format, &dest, &mut out)? {
                eprintln!("newslens: {done}");
            }
            Ok(ExitCode::SUCCESS)
        }),
    }
    .and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => Ok(code),
        Err(LoadFailed(code)) => Ok(code),
        Err(Failed(CommandError::Usage(message))) => Ok(usage_error(&message)),
        // A reader that stopped reading (`| head`) is not an error.
        Err(Failed(CommandError::Output(e))) if e.kind() == io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        Err(Failed(e)) => Err(e.into()),
    }
}

/// Why a subcommand stopped: a usage problem already reported, or a command error.
enum Stop {
    LoadFailed(ExitCode),
    Failed(CommandError),
}
use Stop::{Failed, LoadFailed};

impl From<CommandError> for Stop {
    fn from(e: CommandError) -> Self {
        Failed(e)
    }
}

impl From<io::Error> for Stop {
    fn from(e: io::Error) -> Self {
        Failed(CommandError::Output(e))
    }
}

/// Reads the corpus for a subcommand, reporting unreadable files on standard error.
fn load(paths: &[PathBuf], common: &Common) -> Result<Loaded, Stop> {
    let gazetteer = gazetteer(common.entities.as_deref()).map_err(LoadFailed)?;
    let loaded = Loaded::read(paths, gazetteer, &common.read_options())?;
    for w in &loaded.warnings {
        eprintln!("newslens: warning: {w}");
    }
    Ok(loaded)
}

/// The entity file named, or the built-in one; a broken file is a usage error.
fn gazetteer(path: Option<&Path>) -> Result<Arc<Gazetteer>, ExitCode> {
    match path {
        Some(path) => Gazetteer::from_file(path)
            .map(Arc::new)
            .map_err(|e| usage_error(&e.to_string())),
        None => Ok(Arc::new(Gazetteer::builtin())),
    }
}

/// Third-party parsers can panic on hostile files; such a panic is caught and becomes a
/// warning about the file, so its report would only be noise on the screen.
fn quiet_parser_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !corpus::panics_expected() {
            previous(info);
        }
    }));
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("newslens: {message}");
    ExitCode::from(2)
}
