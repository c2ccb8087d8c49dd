//! newslens at 10,000 and 100,000 articles (about 4 KB each, 40 MB and 400 MB), the
//! corpora written once into the temporary folder:
//!
//! - reopening from the article cache: every article listed (and at 10k, every
//!   discovered name in) when the same files are opened again, in this process and as a
//!   user meets it, the binary in a pseudo-terminal;
//! - keys at 100k: `n` across articles, `/` with its hit count, the coverage matrix and
//!   the panel's list of every mention;
//! - the headless commands (`entities`, `mentions`, `export --format jsonl`) run as a
//!   user runs them, beside ripgrep counting the same aliases in the same files (skipped
//!   with a note when `rg` is not installed), with the ratio printed (and, for
//!   `mentions`, beside ripgrep printing each match with its line and column); and with
//!   `--discovered`, looking through every article and then from the article cache.

/// The allocator the newslens binary uses, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "common/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use newslens::app::{Action, App, update};
use newslens::corpus::{Input, ReadOptions};
use newslens::entities::{Gazetteer, Matcher};
use newslens::search::{Pattern, search};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const SIZES: [usize; 2] = [10_000, 100_000];

/// The folder of a corpus's files.
fn folder(files: &[PathBuf]) -> &Path {
    files[0].parent().expect("a folder")
}

fn reopen(c: &mut Criterion) {
    if !picked("reopen") {
        return;
    }
    let cache = std::env::temp_dir().join("newslens-bench-cache");
    let _ = std::fs::remove_dir_all(&cache);
    assert!(newslens::cache::configure(Some((cache.clone(), 4 << 30))));
    let gazetteer = Arc::new(Gazetteer::builtin());
    let matcher = Arc::new(Matcher::new(&gazetteer));
    let options = ReadOptions {
        cache: true,
        ..ReadOptions::default()
    };
    let mut group = c.benchmark_group("reopen");
    group.sample_size(10);
    for n in SIZES {
        let input = Input::Files(corpus::corpus_files(n).into());
        let discover = n == SIZES[0];
        let start = Instant::now();
        let corpus = corpus::reader_load(&input, &gazetteer, &matcher, options, discover);
        newslens::cache::shared().expect("the cache").flush();
        let text: usize = corpus.docs.iter().map(|d| d.article.body.len()).sum();
        println!(
            "first open of {n} articles{}, filling the cache: {:.2} s; {} of text, peak memory so far {}",
            if discover { " with discovery" } else { "" },
            start.elapsed().as_secs_f64(),
            newslens::corpus::human_size(text as u64),
            peak_memory().map_or("unknown".into(), newslens::corpus::human_size)
        );
        drop(corpus);
        group.bench_function(BenchmarkId::new("reader_full_list", n), |b| {
            b.iter(|| {
                corpus::reader_load(&input, &gazetteer, &matcher, options, false)
                    .docs
                    .len()
            })
        });
        if discover {
            group.bench_function(
                BenchmarkId::new("reader_full_list_and_discovered", n),
                |b| {
                    b.iter(|| {
                        let corpus =
                            corpus::reader_load(&input, &gazetteer, &matcher, options, true);
                        corpus.discovered.len()
                    })
                },
            );
        }
    }
    group.finish();
    if let Some(size) = newslens::cache::size_of_file() {
        println!(
            "article cache after both: {}",
            newslens::corpus::human_size(size)
        );
    }
    // What a new process pays to open the store the last one closed.
    newslens::cache::close();
    let open = median(5, || {
        let start = Instant::now();
        let store = newslens::cache::Cache::open(&cache, 4 << 30).expect("the cache opens");
        let took = start.elapsed();
        store.close();
        took
    });
    println!(
        "opening that cache again in a new process: {:.1} ms (median of 5)",
        open.as_secs_f64() * 1e3
    );
}

/// The most memory this process has held (Linux), in bytes.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn keys(c: &mut Criterion) {
    if !picked("keys_100k_articles") {
        return;
    }
    let n = SIZES[1];
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let (docs, _) = newslens::loader::load_all(&Input::Files(corpus::corpus_files(n).into()), &m);
    let order: Vec<usize> = (0..docs.len()).collect();
    let mut group = c.benchmark_group("keys_100k_articles");
    group.sample_size(10);
    let p = Pattern::new("Douma").expect("pattern");
    group.bench_function("search_with_hit_count", |b| {
        b.iter(|| search(black_box(&docs), &order, &p).len())
    });
    let area = Rect::new(0, 0, 200, 50);
    let mut app = App::with_documents(g, m, docs, Vec::new(), area);
    update(&mut app, Action::NextMention);
    group.bench_function("n_next_mention", |b| {
        b.iter(|| update(&mut app, Action::NextMention))
    });
    let last = app.doc().map_or(1, |d| d.entities.len());
    update(&mut app, Action::SelectEntity(last));
    group.bench_function("n_rarest_entity", |b| {
        b.iter(|| update(&mut app, Action::NextMention))
    });
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut draw = |app: &App| {
        terminal
            .draw(|f| f.render_widget(black_box(app), f.area()))
            .expect("draw");
    };
    group.bench_function("panel_list_of_every_mention_frame", |b| {
        b.iter(|| draw(&app))
    });
    update(&mut app, Action::ToggleCoverage);
    group.bench_function("coverage_matrix_frame", |b| b.iter(|| draw(&app)));
    group.finish();
}

/// Runs a program to the end, its output thrown away.
fn run(program: &Path, args: &[&str]) -> Duration {
    run_in(program, args, None)
}

/// [`run`], with `XDG_CACHE_HOME` set to `cache_home` when given.
fn run_in(program: &Path, args: &[&str], cache_home: Option<&Path>) -> Duration {
    let start = Instant::now();
    let mut command = Command::new(program);
    if let Some(home) = cache_home {
        command.env("XDG_CACHE_HOME", home);
    }
    let status = command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the program runs");
    assert!(
        status.success() || status.code() == Some(1),
        "{program:?} {args:?}"
    );
    start.elapsed()
}

/// The median of `runs` runs.
fn median(runs: usize, mut once: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| once()).collect();
    times.sort();
    times[runs / 2]
}

/// Whether the benchmark filter given on the command line (if any) picks `name`.
fn picked(name: &str) -> bool {
    // Criterion's own options and their values (`--profile-time 10`) are not filters.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-') && a.parse::<f64>().is_err())
        .collect();
    // A filter is a regular expression, as criterion reads it; one naming a benchmark in
    // the group (`reopen/reader_full_list/100000`) picks the group.
    filters.is_empty()
        || filters.iter().any(|f| {
            f.split('|').any(|part| part.starts_with(name))
                || regex::Regex::new(f).is_ok_and(|r| r.is_match(name))
        })
}

fn commands(_: &mut Criterion) {
    if !picked("commands") {
        return;
    }
    let newslens = Path::new(env!("CARGO_BIN_EXE_newslens"));
    let rg = which("rg");
    if rg.is_none() {
        println!("ripgrep (rg) is not installed: newslens's times only, no ratios");
    }
    // The tracked entities' names and aliases, for ripgrep to count.
    let patterns = std::env::temp_dir().join("newslens-bench-aliases.txt");
    let g = Gazetteer::builtin();
    let forms: Vec<&str> = g.iter().flat_map(|(_, e)| e.surface_forms()).collect();
    std::fs::write(&patterns, forms.join("\n")).expect("patterns written");
    let patterns = patterns.to_string_lossy().into_owned();
    for n in SIZES {
        let files = corpus::corpus_files(n);
        let dir = folder(&files).to_string_lossy().into_owned();
        // Five at 100k: three moved by up to 30% between runs on this machine.
        let runs = if n > 10_000 { 5 } else { 7 };
        let grep = rg.as_ref().map(|rg| {
            median(runs, || {
                run(rg, &["-c", "-F", "--no-config", "-f", &patterns, &dir])
            })
        });
        // `mentions` prints every match with its place, which `rg -c` does not: ripgrep
        // doing that too is shown beside it, for scale (the goal's ratio stays `rg -c`'s).
        let grep_printing = rg.as_ref().map(|rg| {
            median(runs, || {
                run(
                    rg,
                    &[
                        "-n",
                        "--column",
                        "-o",
                        "-F",
                        "--no-config",
                        "-f",
                        &patterns,
                        &dir,
                    ],
                )
            })
        });
        let versus_grep = |ours: Duration| beside("ripgrep", grep, ours);
        let commands = [
            ("entities", vec!["entities", dir.as_str()]),
            ("mentions", vec!["mentions", dir.as_str()]),
            (
                "export --format jsonl",
                vec!["export", "--format", "jsonl", dir.as_str()],
            ),
        ];
        let mut tracked = Vec::new();
        for (name, args) in &commands {
            let ours = median(runs, || run(newslens, args));
            let printing = grep_printing.filter(|_| *name == "mentions");
            let printing = beside(
                "ripgrep printing each match with its line and column",
                printing,
                ours,
            );
            println!(
                "{name} on {n} articles: {:.3} s (median of {runs}){}{printing}",
                ours.as_secs_f64(),
                versus_grep(ours)
            );
            tracked.push(ours);
        }
        // With discovery: looking through every article (`--no-cache`), then, once one
        // run has kept what it found in a cache of its own, taking it from there.
        let cache_home = std::env::temp_dir().join("newslens-bench-command-cache");
        let _ = std::fs::remove_dir_all(&cache_home);
        let cold_runs = if n > 10_000 { 1 } else { 3 };
        // The first command's first run fills the cache the others read too.
        let mut fill = None;
        for ((name, args), tracked) in commands.iter().zip(&tracked) {
            let cold_args = [args.as_slice(), &["--discovered", "--no-cache"]].concat();
            let cold = median(cold_runs, || run(newslens, &cold_args));
            let warm_args = [args.as_slice(), &["--discovered"]].concat();
            if fill.is_none() {
                fill = Some(run_in(newslens, &warm_args, Some(&cache_home)));
            }
            let warm = median(runs, || run_in(newslens, &warm_args, Some(&cache_home)));
            let times = |d: Duration| d.as_secs_f64() / tracked.as_secs_f64();
            println!(
                "{name} --discovered on {n} articles: looking through every article {:.3} s (median of {cold_runs}; {:.1}× tracked{}); from the cache {:.3} s (median of {runs}; {:.1}× tracked{})",
                cold.as_secs_f64(),
                times(cold),
                versus_grep(cold),
                warm.as_secs_f64(),
                times(warm),
                versus_grep(warm),
            );
        }
        if let Some(fill) = fill {
            println!(
                "filling the cache: entities --discovered on {n} articles, {:.3} s",
                fill.as_secs_f64()
            );
        }
        let _ = std::fs::remove_dir_all(&cache_home);
    }
}

/// `; {label} {baseline} s, {ratio}×`: `ours` beside a baseline's time, when there is
/// one (nothing when the baseline's program is not installed).
fn beside(label: &str, baseline: Option<Duration>, ours: Duration) -> String {
    baseline.map_or(String::new(), |b| {
        format!(
            "; {label} {:.3} s, {:.1}×",
            b.as_secs_f64(),
            ours.as_secs_f64() / b.as_secs_f64()
        )
    })
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(program))
        .find(|p| p.is_file())
}

/// The reader as a user meets it: the binary in a pseudo-terminal, timed from its start
/// until its list's title counts all `n` articles of `dir`; then it is quit.
fn listed_in_a_terminal(dir: &Path, n: usize, cache_home: &Path, no_cache: bool) -> Duration {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let (rows, cols) = (40, 140);
    let pair = native_pty_system()
        .openpty(PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_newslens"));
    if no_cache {
        cmd.arg("--no-cache");
    }
    cmd.arg(dir);
    let state = std::env::temp_dir().join("newslens-bench-state");
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CACHE_HOME", cache_home);
    cmd.env("XDG_STATE_HOME", &state);
    cmd.env("XDG_CONFIG_HOME", state.join("no-config"));
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("newslens starts");
    drop(pair.slave);
    let mut reader = pair
        .master
        .try_clone_reader()
        .expect("the terminal's output");
    let mut writer = pair.master.take_writer().expect("the terminal's input");
    let mut screen = vt100::Parser::new(
        std::num::NonZeroU16::new(rows).expect("rows"),
        std::num::NonZeroU16::new(cols).expect("columns"),
        0,
    );
    let title = format!("Articles ({n})");
    let mut buf = vec![0u8; 1 << 16];
    let took = loop {
        match reader.read(&mut buf) {
            Ok(k) if k > 0 => screen.process(&buf[..k]),
            _ => panic!("newslens ended before listing {n} articles"),
        }
        if screen.screen().contents().contains(&title) {
            break start.elapsed();
        }
    };
    writer.write_all(b"q").expect("a key");
    // Read on until it has gone, so that it is never stuck writing.
    while matches!(reader.read(&mut buf), Ok(k) if k > 0) {}
    child.wait().expect("newslens ends");
    took
}

/// The reader in a terminal, first with an empty cache, then reopened from it.
fn terminal(_: &mut Criterion) {
    if !picked("terminal") {
        return;
    }
    let cache_home = std::env::temp_dir().join("newslens-bench-terminal-cache");
    for n in SIZES {
        let files = corpus::corpus_files(n);
        let dir = folder(&files);
        let _ = std::fs::remove_dir_all(&cache_home);
        let no_cache = median(3, || listed_in_a_terminal(dir, n, &cache_home, true));
        let first = listed_in_a_terminal(dir, n, &cache_home, false);
        let again = median(5, || listed_in_a_terminal(dir, n, &cache_home, false));
        println!(
            "reader in a terminal, {n} articles listed: {:.2} s without the cache (median of 3); {:.2} s filling it; {:.2} s opened again (median of 5)",
            no_cache.as_secs_f64(),
            first.as_secs_f64(),
            again.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&cache_home);
}

criterion_group!(benches, commands, reopen, keys, terminal);
criterion_main!(benches);
