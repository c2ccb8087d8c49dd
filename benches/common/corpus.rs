//! The synthetic corpus the benchmarks read: articles made of the seed articles'
//! sentences, written once per size into the temporary folder.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use newslens::corpus::{Article, BUILTIN_SEEDS, Input, ReadOptions};
use newslens::entities::{Gazetteer, Matcher};
use newslens::index::Corpus;
use newslens::loader::{LoadEvent, spawn};

/// The size of each article, in bytes (about).
pub const ARTICLE_BYTES: usize = 4_000;

/// Every sentence of the seed articles' bodies.
pub fn seed_sentences() -> Vec<String> {
    let mut out = Vec::new();
    for (name, text) in BUILTIN_SEEDS {
        let a = Article::from_plain_text(Path::new(name), text);
        for p in a.body.split("\n\n") {
            for s in p.split_inclusive(". ") {
                out.push(s.trim().to_owned());
            }
        }
    }
    out
}

/// A deterministic article of about `bytes` bytes, made of seed sentences.
pub fn article_text(n: usize, bytes: usize, sentences: &[String]) -> String {
    let mut state = n as u64 * 6364136223846793005 + 1442695040888963407;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut text = format!("Story {n}: talks in Astana continue\n\n");
    while text.len() < bytes {
        for _ in 0..1 + next() % 3 {
            text.push_str(&sentences[next() % sentences.len()]);
            text.push(' ');
        }
        text.push_str("\n\n");
    }
    text
}

/// Writes the corpus of `articles` articles once (it stays for later runs) and returns
/// its files.
pub fn corpus_files(articles: usize) -> Vec<PathBuf> {
    let dir = std::env::temp_dir().join(format!("newslens-bench-{articles}"));
    let sentences = seed_sentences();
    let files: Vec<PathBuf> = (0..articles)
        .map(|i| dir.join(format!("{i:05}.txt")))
        .collect();
    if !files.last().is_some_and(|f| f.exists()) {
        std::fs::create_dir_all(&dir).expect("bench corpus folder");
        for (i, f) in files.iter().enumerate() {
            std::fs::write(f, article_text(i, ARTICLE_BYTES, &sentences)).expect("write article");
        }
    }
    files
}

/// Loads `input` as the reader does: the loading threads read and annotate, the corpus
/// takes each document in on this thread, and the list is complete; then, with
/// `discover`, discovery looks through every article in the background and the corpus
/// takes in what it finds.
#[allow(dead_code)]
pub fn reader_load(
    input: &Input,
    gazetteer: &Arc<Gazetteer>,
    matcher: &Arc<Matcher>,
    options: ReadOptions,
    discover: bool,
) -> Corpus {
    let events = spawn(input.clone(), Arc::clone(matcher), options);
    let mut corpus = Corpus::new(Arc::clone(gazetteer), Arc::clone(matcher));
    for event in events {
        if let LoadEvent::Read { docs, .. } = event {
            for doc in docs {
                corpus.push(doc);
            }
        }
    }
    if discover {
        let threshold = options.min_confidence();
        let mut background = newslens::discover::background::Background::new(threshold);
        for d in 0..corpus.docs.len() {
            background.queue(d);
        }
        while !background.is_idle() {
            background.send(&corpus.docs);
            let outcomes = background.take();
            if outcomes.is_empty() {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            for outcome in outcomes {
                corpus.add_found(outcome.doc, &outcome.found);
            }
        }
    }
    corpus
}
