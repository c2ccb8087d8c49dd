//! Loading and annotating articles, either all at once (for commands, tests and
//! benchmarks) or on a background thread that streams them to the UI as they are ready.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use crate::corpus::{Input, ReadOptions, Warning, read_nth};
use crate::document::Document;
use crate::entities::Matcher;

/// The loader thread's name; the panic hook leaves the terminal alone for its panics,
/// which become warnings about the file being read.
pub const THREAD_NAME: &str = "newslens-loader";
/// The discovery thread's name: it finds the untracked entities of each document the
/// loader has read while the loader reads the next.
pub const DISCOVERY_THREAD_NAME: &str = "newslens-discovery";

/// Whether this is one of the loading threads, whose panics are caught and reported
/// as warnings.
pub fn on_loading_thread() -> bool {
    matches!(
        thread::current().name(),
        Some(THREAD_NAME | DISCOVERY_THREAD_NAME)
    )
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
    let outcome = read_nth(input, i, options);
    let docs = outcome
        .articles
        .into_iter()
        .map(|article| {
            let mut doc = Document::new(article, matcher);
            if options.discover {
                doc.discover();
            }
            doc
        })
        .collect();
    (docs, outcome.warnings)
}

/// Loads every input in order, on this thread, with the default limits.
pub fn load_all(input: &Input, matcher: &Matcher) -> (Vec<Document>, Vec<Warning>) {
    load_all_with(input, matcher, &ReadOptions::default())
}

/// Loads every input in order, on this thread.
pub fn load_all_with(
    input: &Input,
    matcher: &Matcher,
    options: &ReadOptions,
) -> (Vec<Document>, Vec<Warning>) {
    let mut docs = Vec::with_capacity(input.len());
    let mut warnings = Vec::new();
    for i in 0..input.len() {
        let (d, w) = load_one(input, i, matcher, options);
        docs.extend(d);
        warnings.extend(w);
    }
    (docs, warnings)
}

/// Starts loading on a background thread; events arrive in input order, then `Finished`.
/// With discovery, a second thread finds the untracked entities of each input while
/// the first reads the next. The threads stop early if the receiver is dropped.
pub fn spawn(input: Input, matcher: Arc<Matcher>, options: ReadOptions) -> Receiver<LoadEvent> {
    let (tx, rx) = channel();
    let read_options = ReadOptions {
        discover: false,
        ..options
    };
    let spawned = if options.discover {
        let (to_discovery, read) = channel();
        thread::Builder::new()
            .name(DISCOVERY_THREAD_NAME.into())
            .spawn(move || discover_each(&read, &tx))
            .and_then(|_| {
                thread::Builder::new()
                    .name(THREAD_NAME.into())
                    .spawn(move || run(&input, &matcher, &read_options, &to_discovery))
            })
    } else {
        thread::Builder::new()
            .name(THREAD_NAME.into())
            .spawn(move || run(&input, &matcher, &read_options, &tx))
    };
    if let Err(e) = spawned {
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

fn run(input: &Input, matcher: &Matcher, options: &ReadOptions, tx: &Sender<LoadEvent>) {
    for i in 0..input.len() {
        // A bug on one odd file must not take the others down with it.
        let loaded = catch_unwind(AssertUnwindSafe(|| load_one(input, i, matcher, options)));
        let event = match loaded {
            Ok((docs, warnings)) => LoadEvent::Read { docs, warnings },
            Err(panic) => LoadEvent::Read {
                docs: Vec::new(),
                warnings: vec![Warning {
                    path: input.path(i),
                    message: format!(
                        "internal error while reading it ({}); please report it",
                        panic_message(&*panic)
                    ),
                }],
            },
        };
        if tx.send(event).is_err() {
            return;
        }
    }
    let _ = tx.send(LoadEvent::Finished);
}

/// Runs discovery on the documents of each event and passes the events on.
fn discover_each(rx: &Receiver<LoadEvent>, tx: &Sender<LoadEvent>) {
    for mut event in rx {
        if let LoadEvent::Read { docs, warnings } = &mut event {
            for doc in docs.iter_mut() {
                // A bug in discovery costs that article its discovered names, not more.
                if let Err(panic) = catch_unwind(AssertUnwindSafe(|| doc.discover())) {
                    warnings.push(Warning {
                        path: doc.article.path.clone(),
                        message: format!(
                            "internal error while looking for names in it ({}); please \
                             report it",
                            panic_message(&*panic)
                        ),
                    });
                }
            }
        }
        if tx.send(event).is_err() {
            return;
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Gazetteer;

    #[test]
    fn background_loading_streams_every_seed_then_finishes() {
        let matcher = Arc::new(Matcher::new(&Gazetteer::builtin()));
        let events: Vec<LoadEvent> = spawn(Input::Builtin, matcher, ReadOptions::default())
            .iter()
            .collect();
        assert_eq!(events.len(), 3);
        assert!(matches!(events[2], LoadEvent::Finished));
        let LoadEvent::Read { docs, warnings } = &events[0] else {
            panic!("article")
        };
        assert!(warnings.is_empty());
        assert_eq!(docs[0].mentions.len(), 12);
    }

    #[test]
    fn a_bad_file_becomes_a_warning_and_the_rest_load() {
        let dir = std::env::temp_dir().join(format!("newslens-loader-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("a.txt"), "Russia\n\nRussia and Iran met.").expect("write");
        std::fs::write(dir.join("b.txt"), "").expect("write");
        std::fs::write(dir.join("c.txt"), "Turkey\n\nTurkey spoke.").expect("write");
        let input = Input::Files(vec![
            dir.join("a.txt"),
            dir.join("b.txt"),
            dir.join("c.txt"),
        ]);
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
