//! The newslens binary: parse the command line, then run the reader or a subcommand.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{CommandFactory, Parser};
use newslens::app::{App, Setup};
use newslens::cli::{Cli, Command, Common};
use newslens::commands::{self, CommandError, Loaded, Painter};
use newslens::config::Config;
use newslens::corpus;
use newslens::entities::{Gazetteer, Layer, Matcher};
use newslens::theme::Theme;
use newslens::{loader, tui};

/// Articles are read and annotated on every core and handed to one thread, which frees
/// them: glibc's allocator makes that thread queue on each reader's arena lock. jemalloc
/// frees across threads without that queue, and (unlike mimalloc, also measured) holds
/// no more memory than glibc's for a corpus of 100,000 articles.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The exit status of `check` when its report could not be written: 1 means problems
/// found.
const CHECK_OUTPUT_FAILED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    quiet_parser_panics();
    match cli.command {
        Some(Command::Config { print_default }) => return run_config(print_default, &cli.common),
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "newslens", &mut script);
            return emit(&String::from_utf8_lossy(&script), 1);
        }
        Some(Command::ImportOpml { file }) => {
            return newslens::sources::import_opml(&file).map_or_else(
                |(message, code)| {
                    report(&message);
                    ExitCode::from(code)
                },
                |lines| emit(&lines, 1),
            );
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            return match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => emit(&String::from_utf8_lossy(&page), 1),
                Err(e) => output_failed(&e, 1),
            };
        }
        _ => {}
    }
    let config = match Config::load(cli.common.config.as_deref()) {
        Ok(config) => config,
        Err(e) => return usage_error(&e.to_string()),
    };
    let result = match cli.command {
        None => run_reader(&cli.paths, &cli.common, &config, !cli.no_mouse),
        Some(command) => run_command(command, &cli.common, &config),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            report(&format!("{e:#}"));
            ExitCode::from(1)
        }
    }
}

/// The inputs: the paths given, and the sources file's URLs (the one --sources names,
/// else, with no path given, the one in the config folder if there is one), filtered
/// by --tag. Lines the file leaves aside are reported.
fn inputs(paths: &[PathBuf], common: &Common) -> Result<Vec<PathBuf>, String> {
    Ok(inputs_and_file(paths, common)?.0)
}

/// [`inputs`], and the sources file read, if any.
fn inputs_and_file(
    paths: &[PathBuf],
    common: &Common,
) -> Result<(Vec<PathBuf>, Option<PathBuf>), String> {
    newslens::sources::inputs(paths, common.sources.as_deref(), &common.tag, &mut |note| {
        report(&format!("warning: {note}"));
    })
}

/// Says something on standard error, with whatever came from outside made visible.
fn report(message: &str) {
    eprintln!("newslens: {}", newslens::text::visible_lines(message));
}

/// Writes a command's whole output: a reader that stopped reading (`| head`) is a normal
/// end; any other failure (a full disk) is one message and `failed`.
fn emit(text: &str, failed: u8) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output_failed(&e, failed),
    }
}

fn output_failed(e: &io::Error, failed: u8) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::SUCCESS;
    }
    report(&format!("cannot write the output ({e})"));
    ExitCode::from(failed)
}

/// `newslens config`: the default configuration, or where it is read from and whether
/// it and its entity files are sound.
fn run_config(print_default: bool, common: &Common) -> ExitCode {
    use std::fmt::Write as _;
    if print_default {
        return emit(&newslens::config::default_text(), 1);
    }
    let config = match Config::load(common.config.as_deref()) {
        Ok(config) => config,
        Err(e) => return usage_error(&e.to_string()),
    };
    let show = |path: &Path| corpus::display_path(path);
    let mut text = String::new();
    // Writing to a String cannot fail.
    let mut line = |s: String| {
        let _ = writeln!(text, "{s}");
    };
    match &config.path {
        Some(path) => line(format!("configuration: {}", show(path))),
        None => match newslens::config::default_path() {
            Some(path) => line(format!(
                "configuration: {} (not there: the defaults apply; newslens config --print-default writes them)",
                show(&path)
            )),
            None => {
                line("configuration: none (no config folder is known: the defaults apply)".into())
            }
        },
    }
    let layers = config.entity_layers(&common.entities);
    let shown: Vec<String> = layers
        .iter()
        .map(|l| newslens::text::visible(&l.to_string()).into_owned())
        .collect();
    line(format!("entity files: {}", shown.join(", ")));
    match &config.user_entities {
        Some(path) if path.exists() => line(format!(
            "your entity file (+ and - write here): {}",
            show(path)
        )),
        Some(path) => line(format!(
            "your entity file (+ and - write here): {} (not there yet)",
            show(path)
        )),
        None => line("your entity file: none (no config folder is known)".into()),
    }
    line(newslens::cache::describe(config.cache_size()));
    let checked = gazetteer(&layers);
    if let Ok(g) = &checked {
        line(format!("ok: {} tracked entities", g.len()));
    }
    let written = emit(&text, 1);
    match checked {
        Ok(_) => written,
        Err(code) => code,
    }
}

fn run_reader(
    paths: &[PathBuf],
    common: &Common,
    config: &Config,
    mouse: bool,
) -> anyhow::Result<ExitCode> {
    let gazetteer = match gazetteer(&config.entity_layers(&common.entities)) {
        Ok(g) => g,
        Err(code) => return Ok(code),
    };
    let given = paths;
    let (paths, sources_file) = match inputs_and_file(given, common) {
        Ok(found) => found,
        Err(e) => return Ok(usage_error(&e)),
    };
    // The reading state belongs to what was asked for: the paths, or the sources file.
    let state_key: Vec<PathBuf> = match (&sources_file, given.is_empty()) {
        (Some(file), true) => vec![file.clone()],
        (Some(file), false) => given.iter().cloned().chain([file.clone()]).collect(),
        (None, _) => given.to_vec(),
    };
    let paths = paths.as_slice();
    let (input, warnings) = match corpus::resolve(paths) {
        Ok(found) => found,
        Err(e) => return Ok(usage_error(&e.to_string())),
    };
    let urls: Vec<PathBuf> = match &input {
        corpus::Input::Files(files) => files
            .iter()
            .filter(|f| newslens::fetch::is_url(f))
            .cloned()
            .collect(),
        corpus::Input::Builtin => Vec::new(),
    };
    if !io::stdout().is_terminal() {
        return Ok(usage_error(
            "standard output is not a terminal, and the reader needs one.\n\
             For scripts and pipes, use a subcommand: newslens entities | mentions | export | check \
             (newslens --help lists them)",
        ));
    }
    let matcher = Arc::new(Matcher::new(&gazetteer));
    let mut warnings = warnings;
    warnings.extend(newslens::entities::doubtful_warnings(
        &gazetteer,
        &config.entity_layers(&common.entities),
    ));
    let mut memory = newslens::state::CorpusState::default();
    let saver = state_dir(common).map(|dir| {
        let store = newslens::state::Store::for_corpus(&dir, &state_inputs(&state_key));
        let path = store.path().to_owned();
        let (loaded, saver) = newslens::state::Saver::open(store);
        memory = loaded.state;
        if let Some(message) = loaded.warning {
            warnings.push(corpus::Warning { path, message });
        }
        saver
    });
    let setup = Setup {
        keymap: config.keymap.clone(),
        theme: if common.colour(true) {
            config
                .theme
                .clone()
                .for_depth(newslens::theme::Depth::from_env())
        } else {
            Theme::monochrome()
        },
        user_entities: config.user_entities.clone(),
        warnings,
        memory,
        settings: config.settings.clone(),
        discover_in_background: true,
        reloadable: !urls.is_empty(),
    };
    let mut app = App::new(
        Arc::clone(&gazetteer),
        Arc::clone(&matcher),
        input.len(),
        setup,
    );
    // The loaders read; the names nobody listed are looked for after, in the background.
    let mut options = common.read_options();
    options.cache = newslens::cache::start(common.no_cache, config.cache_size());
    let discover = Some(options.min_confidence());
    let loads = loader::spawn(input, Arc::clone(&matcher), options);
    let opener = Some(tui::Opener {
        matcher,
        options,
        urls,
    });
    let ended = tui::run(
        &mut app,
        loads,
        tui::Options {
            mouse,
            saver,
            opener,
            discover,
        },
    )
    .context("terminal error")?;
    newslens::cache::close();
    Ok(ExitCode::from(ended.exit_status()))
}

/// What names a corpus's saved state: the paths given, or what the reader opens without.
fn state_inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(if Path::new("seeds").is_dir() {
            "seeds"
        } else {
            "(built-in seeds)"
        })]
    } else {
        paths.to_vec()
    }
}

/// Reads the reader's saved state for `loaded` (for its notes), changing nothing; a
/// state file that cannot be used is a warning.
fn read_memory(loaded: &mut Loaded, paths: &[PathBuf], common: &Common) {
    let Some(dir) = state_dir(common) else {
        return;
    };
    let store = newslens::state::Store::for_corpus(&dir, &state_inputs(paths));
    match store.peek() {
        Ok(Some(state)) => loaded.memory = state,
        Ok(None) => {}
        Err(message) => report(&format!(
            "warning: {}: {message}; exporting without notes",
            corpus::display_path(store.path())
        )),
    }
    let (_, lost) = loaded.placed_notes();
    if lost > 0 {
        report(&format!(
            "warning: {lost} note{} on text no longer in these articles, not exported",
            if lost == 1 { " is" } else { "s are" }
        ));
    }
}

/// Whether the reading state of this corpus holds notes (which `export` places by
/// looking through every article first).
fn has_notes(paths: &[PathBuf], common: &Common) -> bool {
    state_dir(common).is_some_and(|dir| {
        let store = newslens::state::Store::for_corpus(&dir, &state_inputs(paths));
        // A state that cannot be read is reported by the export that reads the corpus first.
        store
            .peek()
            .map_or(true, |s| s.is_some_and(|s| !s.notes.is_empty()))
    })
}

/// Where reading state is kept: `--state-dir`, else the user's state folder.
fn state_dir(common: &Common) -> Option<PathBuf> {
    common
        .state_dir
        .clone()
        .or_else(newslens::state::default_dir)
}

fn run_command(command: Command, common: &Common, config: &Config) -> anyhow::Result<ExitCode> {
    let stdout = io::stdout();
    let colour = common.colour(stdout.is_terminal());
    // Entity colours as in the reader: the configured theme, given out for these entities.
    let painter_for = |gazetteer: &newslens::entities::Gazetteer| {
        Painter::new(colour.then(|| {
            let mut theme = config
                .theme
                .clone()
                .for_depth(newslens::theme::Depth::from_env());
            theme.assign(gazetteer);
            theme
        }))
    };
    // What discovery finds is kept in the article cache, as the reader keeps it, so that
    // the same files are not looked through again.
    if command.discovers() {
        newslens::cache::start(common.no_cache, config.cache_size());
    }
    let mut out = io::BufWriter::new(stdout.lock());
    let output_failed_status = if matches!(command, Command::Check { .. }) {
        CHECK_OUTPUT_FAILED
    } else {
        1
    };
    let result = match command {
        Command::Check { paths } => inputs(&paths, common)
            .map_err(|e| Stop::from(commands::CommandError::Usage(e)))
            .and_then(|paths| {
                commands::check::run(
                    &paths,
                    &config.entity_layers(&common.entities),
                    &common.read_options(),
                    &Painter::new(colour.then(|| config.theme.clone())),
                    &mut out,
                )
                .map(|report| {
                    if report.problems == 0 {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                })
                .map_err(Stop::from)
            }),
        Command::Entities {
            paths,
            format,
            discovered,
        } => streamed(&paths, common, config, |gazetteer, paths, warn| {
            // The articles' counts are kept, not their text.
            let paint = painter_for(&gazetteer);
            let options = discovering(common, discovered);
            commands::entities::stream(paths, gazetteer, &options, format, &paint, &mut out, warn)
        }),
        Command::Mentions {
            paths,
            only,
            format,
            discovered,
        } => streamed(&paths, common, config, |gazetteer, paths, warn| {
            // Streamed: each input's mentions are written as it is read.
            let shown = commands::mentions::Shown {
                only: commands::mentions::resolve_filter(&gazetteer, &only)?,
                format,
                paint: painter_for(&gazetteer),
            };
            let options = discovering(common, discovered);
            commands::mentions::stream(paths, gazetteer, &options, &shown, &mut out, warn)
        }),
        Command::Export {
            paths,
            format,
            out: dest,
            discovered,
        } if commands::export::streams(format, dest != Path::new("-"))
            && !has_notes(&paths, common) =>
        {
            streamed(&paths, common, config, |gazetteer, paths, warn| {
                // Each article written as it is read.
                let options = exporting(common, discovered);
                if dest == Path::new("-") {
                    commands::export::stream(paths, gazetteer, &options, format, &mut out, warn)?;
                } else {
                    let done = commands::export::stream_to_folder(
                        paths, gazetteer, &options, format, &dest, warn,
                    )?;
                    report(&done);
                }
                Ok(())
            })
        }
        Command::Export {
            paths,
            format,
            out: dest,
            discovered,
        } => load_with(&paths, common, config, exporting(common, discovered)).and_then(
            |mut loaded| {
                read_memory(&mut loaded, &paths, common);
                if let Some(done) = commands::export::run(&loaded, format, &dest, &mut out)? {
                    report(&done);
                }
                Ok(ExitCode::SUCCESS)
            },
        ),
        Command::Eval { gold } => gazetteer(&config.entity_layers(&common.entities))
            .map_err(LoadFailed)
            .and_then(|g| {
                commands::eval::run(&gold, &g, &mut out)?;
                Ok(ExitCode::SUCCESS)
            }),
        Command::Train {
            data,
            out: model,
            seed,
        } => commands::train::run(&data, &model, seed, &mut out)
            .map(|()| ExitCode::SUCCESS)
            .map_err(Failed),
        // Answered before the configuration is read, so a broken one can be looked at.
        Command::Config { print_default } => Ok(run_config(print_default, common)),
        // Answered before the configuration is read.
        Command::Completions { .. } | Command::Man | Command::ImportOpml { .. } => {
            Ok(ExitCode::SUCCESS)
        }
    }
    .and_then(|code| {
        out.flush()?;
        Ok(code)
    });
    newslens::cache::close();
    match result {
        Ok(code) => Ok(code),
        Err(LoadFailed(code)) => Ok(code),
        Err(Failed(CommandError::Usage(message))) => Ok(usage_error(&message)),
        // A reader that stopped reading (`| head`) is not an error; a full disk is.
        Err(Failed(CommandError::Output(e))) => Ok(output_failed(&e, output_failed_status)),
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

/// How a command that can show the discovered tier reads its files.
fn discovering(common: &Common, discover: bool) -> corpus::ReadOptions {
    corpus::ReadOptions {
        discover,
        ..common.read_options()
    }
}

/// How `export` reads: every name the recogniser finds, with its confidence, unless
/// `--min-confidence` says otherwise.
fn exporting(common: &Common, discovered: bool) -> corpus::ReadOptions {
    corpus::ReadOptions {
        min_confidence: common.min_confidence.or(Some(0)),
        ..discovering(common, discovered)
    }
}

/// The entity files and the inputs of a command that streams, doubtful forms reported.
fn streaming(
    paths: &[PathBuf],
    common: &Common,
    config: &Config,
) -> Result<(Arc<Gazetteer>, Vec<PathBuf>), Stop> {
    let layers = config.entity_layers(&common.entities);
    let gazetteer = gazetteer(&layers).map_err(LoadFailed)?;
    for w in newslens::entities::doubtful_warnings(&gazetteer, &layers) {
        report(&format!("warning: {w}"));
    }
    let paths = inputs(paths, common).map_err(commands::CommandError::Usage)?;
    Ok((gazetteer, paths))
}

/// Runs a subcommand that writes as it reads: `run` gets the entity set, the inputs and
/// where each input's problems go (standard error).
fn streamed(
    paths: &[PathBuf],
    common: &Common,
    config: &Config,
    run: impl FnOnce(
        Arc<Gazetteer>,
        &[PathBuf],
        &mut dyn FnMut(&corpus::Warning),
    ) -> Result<(), CommandError>,
) -> Result<ExitCode, Stop> {
    let (gazetteer, paths) = streaming(paths, common, config)?;
    run(gazetteer, &paths, &mut |w| report(&format!("warning: {w}")))?;
    Ok(ExitCode::SUCCESS)
}

/// Reads the corpus for a subcommand, reporting unreadable files on standard error.
fn load_with(
    paths: &[PathBuf],
    common: &Common,
    config: &Config,
    options: corpus::ReadOptions,
) -> Result<Loaded, Stop> {
    let (gazetteer, paths) = streaming(paths, common, config)?;
    let loaded = Loaded::read(&paths, gazetteer, &options)?;
    for w in &loaded.warnings {
        report(&format!("warning: {w}"));
    }
    Ok(loaded)
}

/// The entity files laid over each other; a broken file is a usage error naming the
/// first problem (`newslens check` lists them all).
fn gazetteer(layers: &[Layer]) -> Result<Arc<Gazetteer>, ExitCode> {
    Gazetteer::from_layers(layers)
        .map(Arc::new)
        .map_err(|problems| {
            let mut message = problems
                .first()
                .map_or_else(String::new, ToString::to_string);
            if problems.len() > 1 {
                message.push_str(&format!(
                    "\n({} more problems in the entity files; newslens check lists them all)",
                    problems.len() - 1
                ));
            }
            usage_error(&message)
        })
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
    report(message);
    ExitCode::from(2)
}
