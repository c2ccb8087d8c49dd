//! Headless subcommands for scripts and other tools: `entities`, `mentions`, `export`
//! and `check`. Each writes to any `io::Write`, so tests can read what it printed.

pub mod check;
pub mod entities;
pub mod eval;
pub mod export;
pub mod mentions;
mod on_disk;
mod paint;
mod tables;
pub mod train;

use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use paint::Painter;

use crate::corpus::{self, ReadOptions, Warning};
use crate::document::Document;
use crate::entities::{Gazetteer, Matcher};
use crate::index::Corpus;
use crate::loader;
use crate::state::{CorpusState, Note};

/// The version tag carried by every JSON shape newslens writes.
pub const SCHEMA: &str = "newslens/1";

/// Characters of context either side of a mention in snippets.
pub const SNIPPET_CONTEXT: usize = 30;

/// Why a command could not do its work.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// The command line asks for something impossible; exit status 2.
    #[error("{0}")]
    Usage(String),
    /// A file could not be written.
    #[error("cannot write {} ({cause})", crate::corpus::display_path(path))]
    Write { path: PathBuf, cause: io::Error },
    /// Standard output failed (a closed pipe, a full disk).
    #[error("cannot write the output ({0})")]
    Output(io::Error),
}

// By hand, not `#[from]`: the error is part of the message, not a cause to print again.
impl From<io::Error> for CommandError {
    fn from(e: io::Error) -> Self {
        CommandError::Output(e)
    }
}

/// A corpus read for a command, with the stable id of each article and the files that
/// could not be read.
#[derive(Debug)]
pub struct Loaded {
    pub corpus: Corpus,
    /// Per document: its file name without extension, made unique with "-2", "-3"…
    pub ids: Vec<String>,
    pub warnings: Vec<Warning>,
    /// The reader's saved state for this corpus (its notes go into `export`).
    pub memory: CorpusState,
}

/// The notes of one article, each with the byte range it is about, in text order.
pub type ArticleNotes<'a> = Vec<(&'a Note, Range<usize>)>;

impl Loaded {
    /// Reads the articles under `paths` (none: as the reader does) on this thread.
    pub fn read(
        paths: &[PathBuf],
        gazetteer: Arc<Gazetteer>,
        options: &ReadOptions,
    ) -> Result<Self, CommandError> {
        let (input, mut warnings) =
            corpus::resolve(paths).map_err(|e| CommandError::Usage(e.to_string()))?;
        let matcher = Arc::new(Matcher::new(&gazetteer));
        let (docs, failed) = loader::load_all_with(&input, &matcher, options);
        warnings.extend(failed);
        Ok(Self::from_documents(gazetteer, matcher, docs, warnings))
    }

    pub fn from_documents(
        gazetteer: Arc<Gazetteer>,
        matcher: Arc<Matcher>,
        docs: Vec<Document>,
        warnings: Vec<Warning>,
    ) -> Self {
        let ids = article_ids(docs.iter().map(|d| d.article.path.as_path()));
        let mut corpus = Corpus::new(gazetteer, matcher);
        for doc in docs {
            corpus.push(doc);
        }
        Self {
            corpus,
            ids,
            warnings,
            memory: CorpusState::default(),
        }
    }

    /// The saved notes placed in their articles (per document), and how many could not
    /// be placed because their article or quoted text is gone.
    pub fn placed_notes(&self) -> (Vec<ArticleNotes<'_>>, usize) {
        let docs = &self.corpus.docs;
        let by_hash: HashMap<String, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.hash.clone(), i))
            .collect();
        let mut placed: Vec<ArticleNotes> = vec![Vec::new(); docs.len()];
        let mut lost = 0;
        for note in self.memory.notes.values() {
            let paths = docs.iter().map(|d| d.article.path.as_path());
            let at = crate::state::place_note(
                note,
                |article| crate::state::find_article(article, &by_hash, paths),
                |i| (&docs[i].article.body, &docs[i].hash),
            );
            match at {
                Some((i, range)) => placed[i].push((note, range)),
                None => lost += 1,
            }
        }
        for notes in &mut placed {
            notes.sort_by_key(|(n, r)| (r.start, n.created));
        }
        (placed, lost)
    }
}

/// How many inputs the streaming commands read ahead of their output.
const WINDOW: usize = 64;

/// Reads the inputs under `paths` on every core and hands each article to `each`, in
/// input order and as soon as it and those before it are read — with the corpus that
/// names its discovered entities (the documents themselves are not kept) and its id —
/// so a command's memory stays bounded and its output starts at once. Each input's
/// problems go to `report` as it is read. Returns the corpus, for what is decided at the
/// end (a discovered entity's name and kind).
pub fn for_each_article<T: Send>(
    paths: &[PathBuf],
    gazetteer: Arc<Gazetteer>,
    options: &ReadOptions,
    report: &mut dyn FnMut(&Warning),
    prepare: &(dyn Fn(&Document, &Matcher) -> T + Sync),
    each: impl FnMut(&Corpus, &mut Document, &str, T) -> io::Result<()>,
) -> Result<Corpus, CommandError> {
    let matcher = Arc::new(Matcher::new(&gazetteer));
    let corpus = Corpus::new(gazetteer, matcher);
    for_each_article_in(corpus, paths, options, report, prepare, each)
}

/// What discovery found in each article of a first reading, in input order (with the
/// hash of the text it was found in), and the corpus that names it: for a command that
/// writes every name as the whole corpus decides it (its name and kind come from all its
/// mentions) yet holds a few articles at a time, reading them a second time.
pub struct FirstReading {
    pub corpus: Corpus,
    /// Each text's discovered mentions, by the text's hash.
    found: std::collections::HashMap<String, Vec<crate::entities::Mention>>,
}

impl FirstReading {
    /// Reads the inputs under `paths` with discovery, keeping each article's discovered
    /// mentions only; each input's problems go to `report`.
    pub fn read(
        paths: &[PathBuf],
        gazetteer: Arc<Gazetteer>,
        options: &ReadOptions,
        report: &mut dyn FnMut(&Warning),
    ) -> Result<Self, CommandError> {
        let mut found = std::collections::HashMap::new();
        let options = ReadOptions {
            discover: true,
            ..*options
        };
        let corpus = for_each_article(
            paths,
            gazetteer,
            &options,
            report,
            &|_, _| (),
            |_, doc, _, ()| {
                let discovered = doc.mentions.iter().filter(|m| m.entity.is_discovered());
                found.insert(doc.hash.clone(), discovered.copied().collect());
                Ok(())
            },
        )?;
        Ok(Self { corpus, found })
    }

    /// The discovered entities with a mention (the others are hidden), in the order
    /// found.
    pub fn discovered(&self) -> Vec<&crate::entities::Entity> {
        let mentioned: std::collections::HashSet<crate::entities::EntityId> = self
            .found
            .values()
            .flat_map(|mentions| mentions.iter().map(|m| m.entity))
            .collect();
        let registry = self.corpus.discovered.iter();
        registry
            .filter(|(id, _)| mentioned.contains(id))
            .map(|(_, d)| &d.entity)
            .collect()
    }

    /// Reads the inputs again, without discovery, and hands each article to `each` with
    /// the discovered mentions the first reading found in its text, named by its
    /// corpus. An article whose text the first reading did not see (its file changed, or
    /// came, in between) goes without them, and is named in the warnings returned; the
    /// inputs' own problems were reported the first time.
    pub fn read_again<T: Send>(
        self,
        paths: &[PathBuf],
        options: &ReadOptions,
        prepare: &(dyn Fn(&Document, &Matcher) -> T + Sync),
        mut each: impl FnMut(&Corpus, &mut Document, &str, T) -> io::Result<()>,
    ) -> Result<Vec<Warning>, CommandError> {
        let options = ReadOptions {
            discover: false,
            ..*options
        };
        let found = self.found;
        let mut changed = Vec::new();
        for_each_article_in(
            self.corpus,
            paths,
            &options,
            &mut |_| {},
            prepare,
            |corpus, doc, id, extra| {
                match found.get(&doc.hash) {
                    Some(mentions) => doc.add_mentions(mentions.clone()),
                    None => changed.push(Warning {
                        path: doc.article.path.clone(),
                        message: "changed while the files were read: written without \
                                  discovered names; export again to have them"
                            .into(),
                    }),
                }
                each(corpus, doc, id, extra)
            },
        )?;
        Ok(changed)
    }
}

/// How a command that writes each discovered name as the whole corpus decides it reads
/// its inputs, a few at a time: once, without discovery; with it, a first time to decide
/// the names and again to write the articles.
pub enum Readings {
    Once(Arc<Gazetteer>),
    Twice(Box<FirstReading>),
}

impl Readings {
    /// Begins: with discovery (in `options`), the first reading; each input's problems
    /// go to `report`.
    pub fn begin(
        paths: &[PathBuf],
        gazetteer: Arc<Gazetteer>,
        options: &ReadOptions,
        report: &mut dyn FnMut(&Warning),
    ) -> Result<Self, CommandError> {
        Ok(if options.discover {
            Self::Twice(Box::new(FirstReading::read(
                paths, gazetteer, options, report,
            )?))
        } else {
            Self::Once(gazetteer)
        })
    }

    /// The discovered entities the articles mention (none without discovery).
    pub fn discovered(&self) -> Vec<&crate::entities::Entity> {
        match self {
            Self::Once(_) => Vec::new(),
            Self::Twice(first) => first.discovered(),
        }
    }

    /// Whether each article comes to `each` as it was read, with no mentions added
    /// afterwards (so what it gives can be worked out on the reading threads).
    pub fn as_read(&self) -> bool {
        matches!(self, Self::Once(_))
    }

    /// Hands each article to `each`, in input order ([`for_each_article`]; with
    /// discovery, [`FirstReading::read_again`], the articles whose text changed in
    /// between then going to `report`).
    pub fn for_each_article<T: Send>(
        self,
        paths: &[PathBuf],
        options: &ReadOptions,
        report: &mut dyn FnMut(&Warning),
        prepare: &(dyn Fn(&Document, &Matcher) -> T + Sync),
        each: impl FnMut(&Corpus, &mut Document, &str, T) -> io::Result<()>,
    ) -> Result<(), CommandError> {
        match self {
            Self::Once(gazetteer) => {
                for_each_article(paths, gazetteer, options, report, prepare, each).map(drop)
            }
            Self::Twice(first) => {
                let changed = first.read_again(paths, options, prepare, each)?;
                changed.iter().for_each(report);
                Ok(())
            }
        }
    }
}

/// [`for_each_article`], with `corpus` taking the articles in.
fn for_each_article_in<T: Send>(
    mut corpus: Corpus,
    paths: &[PathBuf],
    options: &ReadOptions,
    report: &mut dyn FnMut(&Warning),
    prepare: &(dyn Fn(&Document, &Matcher) -> T + Sync),
    mut each: impl FnMut(&Corpus, &mut Document, &str, T) -> io::Result<()>,
) -> Result<Corpus, CommandError> {
    let (input, warnings) =
        corpus::resolve(paths).map_err(|e| CommandError::Usage(e.to_string()))?;
    warnings.iter().for_each(&mut *report);
    let matcher = Arc::clone(&corpus.matcher);
    let mut ids = ArticleIds::default();
    let prepare_all = |docs: &[Document]| {
        docs.iter()
            .map(|d| prepare(d, &matcher))
            .collect::<Vec<T>>()
    };
    let each_input = |docs: Vec<Document>, warnings: Vec<Warning>, prepared: Vec<T>| {
        warnings.iter().for_each(&mut *report);
        for (mut doc, extra) in docs.into_iter().zip(prepared) {
            corpus.annotate(&mut doc);
            let id = ids.next(&doc.article.path);
            each(&corpus, &mut doc, &id, extra)?;
        }
        Ok::<(), io::Error>(())
    };
    // What is written needs no co-occurrence counts.
    let options = ReadOptions {
        pairs: false,
        ..*options
    };
    loader::for_each_prepared(&input, &matcher, &options, WINDOW, &prepare_all, each_input)?;
    Ok(corpus)
}

/// Writes a CSV header line to `out` as the csv crate quotes it (by hand, so that a
/// stream with no rows still gets one).
pub(crate) fn csv_header(out: &mut dyn io::Write, header: &[&str]) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out);
    w.write_record(header)?;
    w.flush()
}

/// Writes `value` pretty-printed as an element of a JSON array that is a field of the
/// top-level object (so indented by four spaces), after a comma unless it is the first:
/// the output of a whole-corpus `to_writer_pretty`, an element at a time.
pub(crate) fn json_element(
    out: &mut dyn io::Write,
    value: &impl serde::Serialize,
    first: bool,
) -> io::Result<()> {
    json_element_at(out, value, first, "    ")
}

/// [`json_element`] for an array at any depth: each line after `indent`.
pub(crate) fn json_element_at(
    out: &mut dyn io::Write,
    value: &impl serde::Serialize,
    first: bool,
    indent: &str,
) -> io::Result<()> {
    let text = serde_json::to_vec_pretty(value).map_err(io::Error::other)?;
    out.write_all(if first { b"\n" } else { b",\n" })?;
    // Each line indented; a line break in the JSON is only ever between lines (strings
    // escape theirs).
    let mut from = 0;
    for at in memchr::memchr_iter(b'\n', &text) {
        out.write_all(indent.as_bytes())?;
        out.write_all(&text[from..=at])?;
        from = at + 1;
    }
    out.write_all(indent.as_bytes())?;
    out.write_all(&text[from..])
}

/// Serialises a long text (an article's body) as a JSON string, as serde_json writes it
/// but escaped a run at a time: serde_json looks at each byte in turn, which was the
/// largest cost of exporting JSON Lines.
pub(crate) fn json_text<S: serde::Serializer>(text: &&str, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::{Error, Serialize};
    let raw =
        serde_json::value::RawValue::from_string(escaped_json(text)).map_err(S::Error::custom)?;
    raw.serialize(s)
}

/// `text` as a quoted JSON string, escaped as serde_json escapes it.
fn escaped_json(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 16 + 2);
    out.push('"');
    let special = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let mut copied = 0;
    while let Some(at) = crate::text::next_suspect(bytes, copied, special) {
        out.push_str(&text[copied..at]);
        match bytes[at] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\t' => out.push_str("\\t"),
            b'\r' => out.push_str("\\r"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            // serde_json's form for the other controls: lower-case hex.
            b => {
                let _ = std::fmt::Write::write_fmt(&mut out, format_args!("\\u{b:04x}"));
            }
        }
        copied = at + 1;
    }
    out.push_str(&text[copied..]);
    out.push('"');
    out
}

/// Stable, unique, file-name-safe ids: the file stem, with "-2", "-3"… for repeats.
pub fn article_ids<'p>(paths: impl Iterator<Item = &'p Path>) -> Vec<String> {
    let mut ids = ArticleIds::default();
    paths.map(|p| ids.next(p)).collect()
}

/// [`article_ids`] one article at a time, for commands that stream.
#[derive(Debug, Default)]
pub struct ArticleIds {
    seen: HashMap<String, usize>,
}

impl ArticleIds {
    /// The id of the next article, read from `path`.
    pub fn next(&mut self, path: &Path) -> String {
        let seen = &mut self.seen;
        let stem: String = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "-_.".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let stem = if stem.is_empty() || stem.starts_with('.') {
            format!("article{stem}")
        } else {
            stem
        };
        let mut id = stem.clone();
        while let Some(n) = seen.get_mut(&id) {
            *n += 1;
            id = format!("{stem}-{n}");
        }
        seen.insert(id.clone(), 1);
        id
    }
}

/// A path as it is shown and exported: as the user named it, with `/` separators.
pub fn export_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn any_text_is_escaped_as_serde_json_escapes_it(
            text in "[ \t\n\r\u{1}\u{8}\u{c}\u{1f}\u{7f}\u{85}\u{2028}ab“…\"\\\\/日]{0,90}"
        ) {
            proptest::prop_assert_eq!(
                escaped_json(&text),
                serde_json::to_string(&text).expect("serde_json")
            );
        }
    }

    #[test]
    fn texts_are_escaped_as_serde_json_escapes_them() {
        #[derive(serde::Serialize)]
        struct Ours<'a> {
            #[serde(serialize_with = "json_text")]
            body: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Theirs<'a> {
            body: &'a str,
        }
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let long = format!(
            "{}\"quoted\"\n\n{}",
            "plain words ".repeat(20),
            "日本語 “é” ".repeat(9)
        );
        for body in [
            "",
            "plain",
            "a\\b\"c",
            every_ascii.as_str(),
            long.as_str(),
            "\u{7f}\u{85}\u{2028}",
        ] {
            let (ours, theirs) = (Ours { body }, Theirs { body });
            assert_eq!(
                serde_json::to_string(&ours).expect("ours"),
                serde_json::to_string(&theirs).expect("theirs"),
                "{body:?}"
            );
            assert_eq!(
                serde_json::to_string_pretty(&ours).expect("ours"),
                serde_json::to_string_pretty(&theirs).expect("theirs"),
            );
        }
    }

    #[test]
    fn article_ids_are_stems_made_unique_and_safe() {
        let paths = [
            "a/story.txt",
            "b/story.txt",
            "c/story.md",
            "story-2.txt",
            "odd name?.txt",
            ".hidden",
        ];
        let ids = article_ids(paths.iter().map(Path::new));
        assert_eq!(
            ids,
            [
                "story",
                "story-2",
                "story-3",
                "story-2-2",
                "odd_name_",
                "article.hidden"
            ]
        );
    }
}
