//! Loading and annotating articles, either all at once (for commands, tests and
//! benchmarks) or on background threads, one per core, that stream them to the UI in
//! file order as they are ready, a slow file holding back the others for a second at most.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::{Duration, Instant};

use crate::corpus::{Input, ReadOptions, Warning, read_nth};
use crate::document::Document;
use crate::entities::Matcher;

/// The loading threads' name; the panic hook leaves the terminal alone for their panics,
/// which become warnings about the file being read.
pub const THREAD_NAME: &str = "newslens-loader";

/// How long a file may take before the loader stops holding the files after it back: they
/// are shown as they come, and the slow one joins when it is done.
pub const SLOW: Duration = Duration::from_secs(1);

/// How long the collector lets the workers' results gather between takes.
const GATHER: Duration = Duration::from_micros(500);

/// Whether this is one of the loading threads, whose panics are caught and reported
/// as warnings.
pub fn on_loading_thread() -> bool {
    thread::current().name() == Some(THREAD_NAME)
}

/// News from the loader.
#[derive(Debug, Clone)]
pub enum LoadEvent {
    /// One input read: its articles, annotated (a feed gives many, a bad file none), and
    /// its warnings. The others go on loading.
    Read {
        docs: Vec<Document>,
        warnings: Vec<Warning>,
    },
    /// The inputs being read for longer than [`SLOW`] (a named pipe nothing writes to, a
    /// file on a slow disk), now; empty when there are none any more.
    Waiting(Vec<PathBuf>),
    /// Every input has been tried.
    Finished,
}

/// Reads and annotates the `i`-th input.
pub fn load_one(
    input: &Input,
    i: usize,
    matcher: &Matcher,
    options: &ReadOptions,
) -> (Vec<Document>, Vec<Warning>) {
    let cache = options.cache.then(crate::cache::shared).flatten();
    let mut ticket = None;
    let (mut docs, warnings) = match (cache, input) {
        (Some(cache), Input::Files(files)) if !crate::fetch::is_url(&files[i]) => {
            match cache.articles(&files[i], matcher, options.max_file_size) {
                Ok(read) => read,
                Err(t) => {
                    ticket = t;
                    read_and_annotate(input, i, matcher, options)
                }
            }
        }
        _ => read_and_annotate(input, i, matcher, options),
    };
    if let (Some(cache), Some(ticket)) = (cache, ticket) {
        cache.keep_articles(ticket, &docs, &warnings);
    }
    if options.discover {
        for doc in &mut docs {
            doc.discover(options.min_confidence());
        }
    }
    (docs, warnings)
}

/// Reads the `i`-th input and finds its tracked entities.
fn read_and_annotate(input: &Input, i: usize, matcher: &Matcher, options: &ReadOptions) -> Read {
    let outcome = read_nth(input, i, options);
    let docs = outcome
        .articles
        .into_iter()
        .map(|article| {
            if options.pairs {
                Document::new(article, matcher)
            } else {
                let mentions = matcher.find(&article.body);
                Document::from_parts(article, mentions, Vec::new())
            }
        })
        .collect();
    (docs, outcome.warnings)
}

/// Loads every input in order, on this thread, with the default limits.
pub fn load_all(input: &Input, matcher: &Matcher) -> (Vec<Document>, Vec<Warning>) {
    load_all_with(input, matcher, &ReadOptions::default())
}

/// What one input gave: its articles and its warnings.
type Read = (Vec<Document>, Vec<Warning>);

/// Loads every input, on every core, and returns the articles and warnings in input
/// order (what the commands, tests and benchmarks read). A bug on one input costs that
/// input only, as in the reader.
pub fn load_all_with(
    input: &Input,
    matcher: &Matcher,
    options: &ReadOptions,
) -> (Vec<Document>, Vec<Warning>) {
    let mut docs = Vec::with_capacity(input.len());
    let mut warnings = Vec::new();
    // Every input may be read ahead: all of them are kept anyway.
    let all: Result<(), std::convert::Infallible> =
        for_each_in_order(input, matcher, options, input.len(), |d, w| {
            docs.extend(d);
            warnings.extend(w);
            Ok(())
        });
    let Ok(()) = all;
    (docs, warnings)
}

/// Reads and annotates the `i`-th input; a bug on one odd file costs that file, with a
/// warning, and not the others.
fn load_guarded(input: &Input, i: usize, matcher: &Matcher, options: &ReadOptions) -> Read {
    catch_unwind(AssertUnwindSafe(|| load_one(input, i, matcher, options))).unwrap_or_else(
        |panic| {
            let message = format!(
                "internal error while reading it ({}); please report it",
                crate::corpus::panic_text(&*panic)
            );
            (
                Vec::new(),
                vec![Warning {
                    path: input.path(i),
                    message,
                }],
            )
        },
    )
}

/// Reads every input on every core and hands each input's articles and warnings to `f`,
/// on this thread, in input order — holding at most `window` inputs read ahead, so memory
/// stays bounded however many there are, and `f` starts on the first input while the rest
/// are read. An error from `f` (a closed pipe) stops the reading and is returned.
pub fn for_each_in_order<E>(
    input: &Input,
    matcher: &Matcher,
    options: &ReadOptions,
    window: usize,
    mut f: impl FnMut(Vec<Document>, Vec<Warning>) -> Result<(), E>,
) -> Result<(), E> {
    for_each_prepared(
        input,
        matcher,
        options,
        window,
        &|_| (),
        |docs, warnings, ()| f(docs, warnings),
    )
}

/// How many inputs ready in order wake the thread that writes.
const RUN: usize = 16;

/// [`for_each_in_order`], with `prepare` run on each input's articles on the reading
/// threads, and what it gives handed to `f` with them: work per article that needs no
/// other article is done on every core, not on the thread that writes.
pub fn for_each_prepared<T: Send, E>(
    input: &Input,
    matcher: &Matcher,
    options: &ReadOptions,
    window: usize,
    prepare: &(dyn Fn(&[Document]) -> T + Sync),
    mut f: impl FnMut(Vec<Document>, Vec<Warning>, T) -> Result<(), E>,
) -> Result<(), E> {
    struct Shared<T> {
        /// The first input not yet taken for `f`.
        taken: usize,
        ready: BTreeMap<usize, (Read, T)>,
        stop: bool,
        /// Whether the writing thread waits for input `taken`, and how many readers wait
        /// for room: each side wakes the other only when it waits, not at every input.
        writer_waits: bool,
        readers_wait: usize,
    }
    let n = input.len();
    let window = window.max(1);
    let next = AtomicUsize::new(0);
    let shared = std::sync::Mutex::new(Shared {
        taken: 0,
        ready: BTreeMap::new(),
        stop: false,
        writer_waits: false,
        readers_wait: 0,
    });
    let (has_ready, has_room) = (std::sync::Condvar::new(), std::sync::Condvar::new());
    let lock = || shared.lock().unwrap_or_else(|e| e.into_inner());
    // The writer is woken for a run of inputs ready in order, not for each one (a wake-up
    // costs about as much as annotating a short article): a run of `RUN`, or as long as
    // the window allows, or to the last input.
    let run = RUN.min(window);
    let worth_waking = |s: &Shared<T>| {
        let ready = (s.taken..n)
            .take(run)
            .take_while(|i| s.ready.contains_key(i))
            .count();
        ready == run || s.taken + ready == n
    };
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= n {
                return;
            }
            // Wait until `i` is within the window ahead of what was taken.
            {
                let mut s = lock();
                while !s.stop && i >= s.taken + window {
                    s.readers_wait += 1;
                    s = has_room.wait(s).unwrap_or_else(|e| e.into_inner());
                    s.readers_wait -= 1;
                }
                if s.stop {
                    return;
                }
            }
            let read = load_guarded(input, i, matcher, options);
            let prepared = prepare(&read.0);
            let mut s = lock();
            s.ready.insert(i, (read, prepared));
            if s.writer_waits && worth_waking(&s) {
                has_ready.notify_one();
            }
        }
    };
    let threads = workers_for(input).min(n.max(1));
    thread::scope(|scope| {
        let started = (0..threads)
            .filter(|_| {
                thread::Builder::new()
                    .name(THREAD_NAME.into())
                    .spawn_scoped(scope, work)
                    .is_ok()
            })
            .count();
        if started == 0 {
            // No thread to read ahead: one input after another, here.
            for i in 0..n {
                let (docs, warnings) = load_guarded(input, i, matcher, options);
                let prepared = prepare(&docs);
                f(docs, warnings, prepared)?;
            }
            return Ok(());
        }
        let mut result = Ok(());
        let mut batch = Vec::new();
        'inputs: loop {
            // Every input ready in order is taken at once.
            {
                let mut s = lock();
                if s.taken == n {
                    break;
                }
                while !worth_waking(&s) {
                    s.writer_waits = true;
                    s = has_ready.wait(s).unwrap_or_else(|e| e.into_inner());
                    s.writer_waits = false;
                }
                let s = &mut *s;
                while let Some(read) = s.ready.remove(&s.taken) {
                    batch.push(read);
                    s.taken += 1;
                }
                if s.readers_wait > 0 {
                    has_room.notify_all();
                }
            }
            for ((docs, warnings), prepared) in batch.drain(..) {
                if let Err(e) = f(docs, warnings, prepared) {
                    result = Err(e);
                    break 'inputs;
                }
            }
        }
        lock().stop = true;
        has_room.notify_all();
        result
    })
}

/// How many threads read and annotate at once: the cores there are, at least two (so one
/// slow file never stops the rest), at most four.
pub(crate) fn workers() -> usize {
    thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4))
}

/// How many threads read `input`: [`workers`], or more when it names URLs, which wait on
/// the network rather than work (each host still gets two requests at a time).
fn workers_for(input: &Input) -> usize {
    let urls = match input {
        Input::Files(files) => files.iter().filter(|f| crate::fetch::is_url(f)).count(),
        Input::Builtin => 0,
    };
    workers().max(urls.min(8))
}

/// What a worker tells the collector.
struct Done(usize, Vec<Document>, Vec<Warning>);

/// When each input began to be read (milliseconds after `epoch`, plus one; 0 while it has
/// not), written by the workers and read by the collector without a message each.
struct Starts {
    epoch: Instant,
    at: Vec<AtomicU64>,
}

impl Starts {
    fn new(inputs: usize) -> Self {
        Self {
            epoch: Instant::now(),
            at: (0..inputs).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    fn mark(&self, i: usize) {
        let ms = self.epoch.elapsed().as_millis() as u64;
        self.at[i].store(ms + 1, Ordering::Relaxed);
    }

    /// How long input `i` has been read, if it has begun.
    fn elapsed(&self, i: usize) -> Option<Duration> {
        let at = self.at.get(i)?.load(Ordering::Relaxed).checked_sub(1)?;
        Some(
            self.epoch
                .elapsed()
                .saturating_sub(Duration::from_millis(at)),
        )
    }
}

/// Starts loading on background threads. Events arrive in input order, then `Finished`;
/// an input slower than [`SLOW`] no longer holds back the ones after it (it is announced
/// as [`LoadEvent::Waiting`] and arrives when done). The threads stop early if the
/// receiver is dropped.
pub fn spawn(input: Input, matcher: Arc<Matcher>, options: ReadOptions) -> Receiver<LoadEvent> {
    let (tx, rx) = channel();
    let input = Arc::new(input);
    let next = Arc::new(AtomicUsize::new(0));
    let starts = Arc::new(Starts::new(input.len()));
    let (done_tx, done_rx) = channel();
    let mut spawned = Ok(());
    for _ in 0..workers_for(&input).min(input.len().max(1)) {
        let (input, matcher, next, done, starts) = (
            Arc::clone(&input),
            Arc::clone(&matcher),
            Arc::clone(&next),
            done_tx.clone(),
            Arc::clone(&starts),
        );
        let worker = thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || work(&input, &matcher, &options, &next, &done, &starts));
        if let Err(e) = worker {
            spawned = Err(e);
            break;
        }
    }
    drop(done_tx);
    let collector = {
        let input = Arc::clone(&input);
        thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || {
                collect(&input, &done_rx, &starts, &tx);
                // What was read is kept even if the reader is stopped before it ends.
                if let Some(cache) = options.cache.then(crate::cache::shared).flatten() {
                    cache.flush();
                }
            })
    };
    if let Err(e) = spawned.and(collector.map(drop)) {
        // The receiver then reports a disconnected channel; say why first.
        let (tx, rx) = channel();
        let _ = tx.send(LoadEvent::Read {
            docs: Vec::new(),
            warnings: vec![Warning {
                path: ".".into(),
                message: format!("cannot start loading ({e})"),
            }],
        });
        let _ = tx.send(LoadEvent::Finished);
        return rx;
    }
    rx
}

/// A worker: takes the next input not taken, reads it, annotates it, until none is left.
fn work(
    input: &Input,
    matcher: &Matcher,
    options: &ReadOptions,
    next: &AtomicUsize,
    done: &Sender<Done>,
    starts: &Starts,
) {
    let read_options = ReadOptions {
        discover: false,
        ..*options
    };
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= input.len() {
            return;
        }
        starts.mark(i);
        let (mut docs, mut warnings) = load_guarded(input, i, matcher, &read_options);
        if options.discover {
            discover_all(&mut docs, options.min_confidence(), &mut warnings);
        }
        if done.send(Done(i, docs, warnings)).is_err() {
            return;
        }
    }
}

/// Finds the untracked entities of each document; a bug in discovery costs that article
/// its discovered names, not more.
fn discover_all(docs: &mut [Document], min_confidence: f32, warnings: &mut Vec<Warning>) {
    for doc in docs.iter_mut() {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| doc.discover(min_confidence))) {
            warnings.push(Warning {
                path: doc.article.path.clone(),
                message: format!(
                    "internal error while looking for names in it ({}); please report it",
                    crate::corpus::panic_text(&*panic)
                ),
            });
        }
    }
}

/// Passes the workers' results on in input order, except past an input that has been
/// read for longer than [`SLOW`]: that one is passed on whenever it is done.
fn collect(input: &Input, done: &Receiver<Done>, starts: &Starts, tx: &Sender<LoadEvent>) {
    let mut ready: BTreeMap<usize, (Vec<Document>, Vec<Warning>)> = BTreeMap::new();
    let mut slow: BTreeSet<usize> = BTreeSet::new();
    let mut next = 0;
    let mut finished = 0;
    while finished < input.len() {
        let first = match done.recv_timeout(SLOW / 4) {
            Ok(d) => Some(d),
            Err(RecvTimeoutError::Timeout) => None,
            // Every worker gone before every input came back: a worker could not go on.
            Err(RecvTimeoutError::Disconnected) => break,
        };
        for Done(i, docs, warnings) in first
            .into_iter()
            .chain(std::iter::from_fn(|| done.try_recv().ok()))
        {
            finished += 1;
            if slow.remove(&i) {
                let waiting = slow.iter().map(|&i| input.path(i)).collect();
                let sent = tx
                    .send(LoadEvent::Waiting(waiting))
                    .and_then(|()| tx.send(LoadEvent::Read { docs, warnings }));
                if sent.is_err() {
                    return;
                }
            } else {
                ready.insert(i, (docs, warnings));
            }
        }
        // The input holding the rest back, if it has been at it too long, is let go.
        let sent_before = next;
        loop {
            if let Some((docs, warnings)) = ready.remove(&next) {
                // One event per input: the reader counts inputs by them.
                if tx.send(LoadEvent::Read { docs, warnings }).is_err() {
                    return;
                }
                next += 1;
            } else if !slow.contains(&next) && starts.elapsed(next).is_some_and(|t| t >= SLOW) {
                slow.insert(next);
                let waiting = slow.iter().map(|&i| input.path(i)).collect();
                if tx.send(LoadEvent::Waiting(waiting)).is_err() {
                    return;
                }
                next += 1;
            } else if slow.contains(&next) {
                next += 1;
            } else {
                break;
            }
        }
        // Results are let gather for a moment rather than taken one wake-up each (a
        // wake-up costs about what taking in a cached article does); the first is passed
        // on at once.
        if sent_before > 0 && finished < input.len() {
            thread::sleep(GATHER);
        }
    }
    for (_, (docs, warnings)) in ready {
        if tx.send(LoadEvent::Read { docs, warnings }).is_err() {
            return;
        }
    }
    let _ = tx.send(LoadEvent::Finished);
}

#[cfg(test)]
mod tests {

    #[test]
    fn in_order_hands_on_every_input_in_order_and_stops_on_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files: Vec<PathBuf> = (0..30)
            .map(|i| {
                let f = dir.path().join(format!("{i:02}.txt"));
                std::fs::write(
                    &f,
                    format!("Article {i}\n\nRussia and Iran met in Astana.\n"),
                )
                .expect("write");
                f
            })
            .collect();
        let input = Input::Files(files.clone().into());
        let m = Matcher::new(&Gazetteer::builtin());
        let mut seen = Vec::new();
        let done: Result<(), ()> =
            for_each_in_order(&input, &m, &ReadOptions::default(), 3, |docs, _| {
                seen.extend(docs.into_iter().map(|d| d.article.path));
                Ok(())
            });
        assert_eq!(done, Ok(()));
        assert_eq!(seen, files);
        let mut calls = 0;
        let stopped = for_each_in_order(&input, &m, &ReadOptions::default(), 3, |_, _| {
            calls += 1;
            if calls == 2 {
                Err("closed pipe")
            } else {
                Ok(())
            }
        });
        assert_eq!(stopped, Err("closed pipe"));
        assert_eq!(calls, 2);
    }

    use super::*;
    use crate::entities::Gazetteer;

    #[test]
    fn background_loading_streams_every_seed_then_finishes() {
        let matcher = Arc::new(Matcher::new(&Gazetteer::builtin()));
        let events: Vec<LoadEvent> = spawn(Input::Builtin, matcher, ReadOptions::default())
            .iter()
            .collect();
        assert!(matches!(events.last(), Some(LoadEvent::Finished)));
        let mut docs = Vec::new();
        for event in &events[..events.len() - 1] {
            let LoadEvent::Read { docs: d, warnings } = event else {
                panic!("articles")
            };
            assert!(warnings.is_empty());
            docs.extend(d);
        }
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].mentions.len(), 12);
    }

    #[cfg(unix)]
    #[test]
    fn a_slow_file_named_first_does_not_hold_back_the_rest() {
        let dir = tempfile::tempdir().expect("dir");
        let dir = dir.path();
        let pipe = dir.join("slow.txt");
        let status = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .expect("mkfifo");
        assert!(status.success());
        std::fs::write(dir.join("a.txt"), "Russia\n\nRussia and Iran met.").expect("write");
        std::fs::write(dir.join("b.txt"), "Turkey\n\nTurkey spoke.").expect("write");
        let input = Input::Files(vec![pipe.clone(), dir.join("a.txt"), dir.join("b.txt")].into());
        let options = ReadOptions {
            pipe_wait: Duration::from_secs(600),
            ..ReadOptions::default()
        };
        let matcher = Arc::new(Matcher::new(&Gazetteer::builtin()));
        let events = spawn(input, matcher, options);
        let next = || {
            events
                .recv_timeout(Duration::from_secs(60))
                .expect("an event")
        };
        // Nothing writes to the pipe yet: it is announced, and the others come meanwhile
        // (in one event or two).
        assert!(matches!(next(), LoadEvent::Waiting(w) if w == [pipe.clone()]));
        let mut titles = Vec::new();
        while titles.len() < 2 {
            let LoadEvent::Read { docs, .. } = next() else {
                panic!("an article")
            };
            titles.extend(docs.into_iter().map(|d| d.article.title));
        }
        assert_eq!(titles, ["Russia", "Turkey"]);
        std::fs::write(&pipe, "Iran\n\nIran replied.").expect("write the pipe");
        assert!(matches!(next(), LoadEvent::Waiting(w) if w.is_empty()));
        let LoadEvent::Read { docs, .. } = next() else {
            panic!("the slow article")
        };
        assert_eq!(docs[0].article.title, "Iran");
        assert!(matches!(next(), LoadEvent::Finished));
    }

    #[test]
    fn a_bad_file_becomes_a_warning_and_the_rest_load() {
        let dir = tempfile::tempdir().expect("dir");
        let dir = dir.path();
        std::fs::write(dir.join("a.txt"), "Russia\n\nRussia and Iran met.").expect("write");
        std::fs::write(dir.join("b.txt"), "").expect("write");
        std::fs::write(dir.join("c.txt"), "Turkey\n\nTurkey spoke.").expect("write");
        let input =
            Input::Files(vec![dir.join("a.txt"), dir.join("b.txt"), dir.join("c.txt")].into());
        let (docs, warnings) = load_all(&input, &Matcher::new(&Gazetteer::builtin()));
        assert_eq!(docs.len(), 2);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .to_string()
                .ends_with("b.txt: the file is empty")
        );
    }
}
