//! `newslens export`: the annotated corpus in formats other tools read. Every span is a
//! pair of character offsets into exactly the text written beside it.

use std::fmt::Write as _;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{ArticleNotes, CommandError, Loaded, SCHEMA, export_path};
use crate::atomic;
use crate::cli::ExportFormat;
use crate::document::Document;
use crate::entities::{Entity, EntityId, Kind, Matcher};
use crate::state::{Note, iso_time};
use crate::text::CharOffsets;

mod stream;
pub use stream::{Written, stream, stream_to_folder, streams};

#[derive(Debug, Serialize)]
struct Corpus<'a> {
    schema: &'static str,
    entities: Vec<&'a Entity>,
    /// With `--discovered`: the entities discovery found, by the same fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    discovered: Vec<&'a Entity>,
    articles: Vec<ArticleOut<'a>>,
}

#[derive(Debug, Serialize)]
struct ArticleOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<&'static str>,
    id: &'a str,
    #[serde(flatten)]
    rest: ArticleRest<'a>,
}

/// An article as exported but for its id, which is given in input order (so JSON Lines
/// can serialise the rest on the reading threads).
#[derive(Debug, Serialize)]
struct ArticleRest<'a> {
    path: String,
    title: &'a str,
    /// The text had no headline: the title was made from its first sentence.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    title_derived: bool,
    subtitle: Option<&'a str>,
    source: &'a str,
    date: Option<String>,
    byline: Option<&'a str>,
    url: Option<&'a str>,
    /// What the article was read from: text, markdown, html, feed, json, jsonl.
    format: &'static str,
    #[serde(serialize_with = "super::json_text")]
    body: &'a str,
    mentions: Vec<Span<'a>>,
    /// The tracked mentions in the headline, with character offsets into `title`.
    title_mentions: Vec<Span<'a>>,
    /// The reader's notes on this article.
    notes: Vec<NoteOut<'a>>,
}

/// A note as exported: `body[start..end] == text` is what it is about.
#[derive(Debug, Serialize)]
struct NoteOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    note: &'a str,
    /// The entity of the mention it is on, if it is on one.
    entity: Option<&'a str>,
    /// When it was written (UTC).
    created: String,
}

/// An article's notes with character offsets.
fn notes_out<'a>(body: &'a str, notes: &[(&'a Note, Range<usize>)]) -> Vec<NoteOut<'a>> {
    let mut chars = CharOffsets::new(body);
    notes
        .iter()
        .map(|(note, range)| NoteOut {
            start: chars.at(range.start),
            end: chars.at(range.end),
            text: &body[range.clone()],
            note: &note.text,
            entity: note.entity.as_deref(),
            created: iso_time(note.created),
        })
        .collect()
}

/// A mention as exported: `body[start..end] == text`, counted in characters.
#[derive(Debug, Serialize)]
struct Span<'a> {
    entity: &'a str,
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
    /// A discovered mention's confidence, from 0 to 1 (tracked mentions have none).
    #[serde(skip_serializing_if = "Option::is_none")]
    confidence: Option<f32>,
    /// A nationality ("Syrian"): it names its country, but not as a place.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    nationality: bool,
}

#[derive(Debug, Serialize)]
struct Displacy<'a> {
    #[serde(serialize_with = "super::json_text")]
    text: &'a str,
    ents: Vec<DisplacyEnt<'a>>,
    title: &'a str,
}

#[derive(Debug, Serialize)]
struct DisplacyEnt<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    kb_id: &'a str,
}

#[derive(Debug, Serialize)]
struct Doccano<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'static str)>,
    /// The entity id of each label, in the same order.
    entities: Vec<&'a str>,
    article: &'a str,
    path: String,
    title: &'a str,
}

/// The label spaCy uses for a kind, so displaCy colours it.
fn spacy_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "PERSON",
        Kind::Country => "GPE",
        Kind::Organisation => "ORG",
        Kind::Place => "LOC",
        Kind::Other => "MISC",
    }
}

/// The label used in doccano and brat: the kind, capitalised.
fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "Person",
        Kind::Country => "Country",
        Kind::Organisation => "Organisation",
        Kind::Place => "Place",
        Kind::Other => "Other",
    }
}

/// Mentions of one document with character offsets.
fn spans<'a>(doc: &'a Document, corpus: &'a crate::index::Corpus) -> Vec<Span<'a>> {
    spans_in(&doc.article.body, &doc.mentions, &|id| corpus.entity(id))
}

/// `mentions` of `text` with character offsets into it, their entities from `entity`.
fn spans_in<'a>(
    text: &'a str,
    mentions: &[crate::entities::Mention],
    entity: &dyn Fn(EntityId) -> &'a Entity,
) -> Vec<Span<'a>> {
    let body = text;
    let mut chars = CharOffsets::new(body);
    mentions
        .iter()
        .map(|m| {
            let entity = entity(m.entity);
            Span {
                entity: &entity.id,
                kind: entity.kind,
                text: &body[m.start..m.end],
                start: chars.at(m.start),
                end: chars.at(m.end),
                confidence: m
                    .entity
                    .is_discovered()
                    .then_some(f32::from(m.confidence) / 100.0),
                nationality: m.nationality,
            }
        })
        .collect()
}

fn article<'a>(
    loaded: &'a Loaded,
    i: usize,
    notes: &[(&'a Note, Range<usize>)],
    schema: Option<&'static str>,
) -> ArticleOut<'a> {
    article_of(
        &loaded.corpus,
        &loaded.corpus.docs[i],
        &loaded.ids[i],
        notes,
        schema,
    )
}

/// One article as the JSON formats write it.
fn article_of<'a>(
    corpus: &'a crate::index::Corpus,
    doc: &'a Document,
    id: &'a str,
    notes: &[(&'a Note, Range<usize>)],
    schema: Option<&'static str>,
) -> ArticleOut<'a> {
    let entity = |id| corpus.entity(id);
    ArticleOut {
        schema,
        id,
        rest: rest_of(doc, &corpus.matcher, &entity, notes),
    }
}

/// All of an article's record but its id; `entity` names its mentions' entities.
fn rest_of<'a>(
    doc: &'a Document,
    matcher: &Matcher,
    entity: &dyn Fn(EntityId) -> &'a Entity,
    notes: &[(&'a Note, Range<usize>)],
) -> ArticleRest<'a> {
    let a = &doc.article;
    ArticleRest {
        path: export_path(&a.path),
        title: &a.title,
        title_derived: a.title_derived,
        subtitle: a.subtitle.as_deref(),
        source: &a.source,
        date: a.date.map(|d| d.to_string()),
        byline: a.byline.as_deref(),
        url: a.url.as_deref(),
        format: a.format.id(),
        body: &a.body,
        mentions: spans_in(&a.body, &doc.mentions, entity),
        title_mentions: spans_in(&a.title, &matcher.find(&a.title), entity),
        notes: notes_out(&a.body, notes),
    }
}

/// One article as displaCy renders it.
fn displacy_of<'a>(corpus: &'a crate::index::Corpus, doc: &'a Document) -> Displacy<'a> {
    Displacy {
        text: &doc.article.body,
        title: &doc.article.title,
        ents: spans(doc, corpus)
            .into_iter()
            .map(|s| DisplacyEnt {
                start: s.start,
                end: s.end,
                label: if s.nationality {
                    "NORP"
                } else {
                    spacy_label(s.kind)
                },
                kb_id: s.entity,
            })
            .collect(),
    }
}

/// One article as doccano's JSONL line.
fn doccano_of<'a>(corpus: &'a crate::index::Corpus, doc: &'a Document, id: &'a str) -> Doccano<'a> {
    let spans = spans(doc, corpus);
    Doccano {
        text: &doc.article.body,
        label: spans
            .iter()
            .map(|s| {
                let label = if s.nationality {
                    "Nationality"
                } else {
                    kind_label(s.kind)
                };
                (s.start, s.end, label)
            })
            .collect(),
        entities: spans.iter().map(|s| s.entity).collect(),
        article: id,
        path: export_path(&doc.article.path),
        title: &doc.article.title,
    }
}

/// Makes the folder `--out` names, unless it is a file.
fn make_folder(out: &Path) -> Result<(), CommandError> {
    if out.exists() && !out.is_dir() {
        return Err(CommandError::Usage(format!(
            "{} is a file; --out takes a folder (or - for standard output)",
            out.display()
        )));
    }
    std::fs::create_dir_all(out).map_err(|cause| CommandError::Write {
        path: out.to_owned(),
        cause,
    })
}

/// The file name `--out DIR` gets for a single-file format.
fn file_name(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Json => "corpus.json",
        ExportFormat::Jsonl => "corpus.jsonl",
        ExportFormat::Displacy => "displacy.json",
        ExportFormat::Doccano => "doccano.jsonl",
        ExportFormat::Brat => "annotation.conf",
        ExportFormat::Csv => "mentions.csv",
        ExportFormat::Conll => "corpus.conll",
    }
}

/// The export in one of the single-file formats.
fn render(
    loaded: &Loaded,
    notes: &[ArticleNotes],
    format: ExportFormat,
) -> serde_json::Result<String> {
    let n = loaded.corpus.docs.len();
    let g = &loaded.corpus.gazetteer;
    let mut out = String::new();
    match format {
        ExportFormat::Json => {
            let corpus = Corpus {
                schema: SCHEMA,
                entities: g.iter().map(|(_, e)| e).collect(),
                discovered: loaded
                    .corpus
                    .discovered
                    .iter()
                    .filter(|(id, _)| loaded.corpus.total(*id) > 0)
                    .map(|(_, d)| &d.entity)
                    .collect(),
                articles: (0..n)
                    .map(|i| article(loaded, i, &notes[i], None))
                    .collect(),
            };
            out = serde_json::to_string_pretty(&corpus)?;
            out.push('\n');
        }
        ExportFormat::Jsonl => {
            for (i, notes) in notes.iter().enumerate() {
                out.push_str(&serde_json::to_string(&article(
                    loaded,
                    i,
                    notes,
                    Some(SCHEMA),
                ))?);
                out.push('\n');
            }
        }
        ExportFormat::Displacy => {
            let docs: Vec<Displacy> = loaded
                .corpus
                .docs
                .iter()
                .map(|doc| displacy_of(&loaded.corpus, doc))
                .collect();
            out = serde_json::to_string_pretty(&docs)?;
            out.push('\n');
        }
        ExportFormat::Doccano => {
            for (doc, id) in loaded.corpus.docs.iter().zip(&loaded.ids) {
                out.push_str(&serde_json::to_string(&doccano_of(
                    &loaded.corpus,
                    doc,
                    id,
                ))?);
                out.push('\n');
            }
        }
        ExportFormat::Brat => out = brat_conf(),
        ExportFormat::Csv => {
            out = super::tables::csv(loaded)
                .map_err(|e| serde_json::Error::io(std::io::Error::other(e.to_string())))?;
        }
        ExportFormat::Conll => out = super::tables::conll(loaded),
    }
    Ok(out)
}

/// The brat label of a note on text that is not a mention.
const BRAT_NOTE: &str = "Note";

/// brat's annotation.conf declaring the entity labels, and the label of notes.
fn brat_conf() -> String {
    let mut conf = String::from("[entities]\n");
    for kind in Kind::ALL {
        conf.push_str(kind_label(kind));
        conf.push('\n');
    }
    conf.push_str(BRAT_NOTE);
    conf.push('\n');
    conf.push_str("[relations]\n[events]\n[attributes]\n");
    conf
}

/// A brat standoff `.ann` file for one document: a text-bound annotation per mention
/// with an annotator note naming the entity id (and the reader's note on it, if any);
/// a note on other text gets a `Note` annotation of its own.
fn brat_ann(doc: &Document, g: &crate::index::Corpus, notes: &[(&Note, Range<usize>)]) -> String {
    let mut ann = String::new();
    let mut on_mention = vec![false; notes.len()];
    let one_line = |text: &str| text.replace(['\t', '\n', '\r'], " ");
    let mut n = 0;
    for (m, s) in doc.mentions.iter().zip(spans(doc, g)) {
        n += 1;
        let _ = writeln!(
            ann,
            "T{n}\t{} {} {}\t{}",
            if s.nationality {
                "Nationality"
            } else {
                kind_label(s.kind)
            },
            s.start,
            s.end,
            s.text
        );
        let mut remark = format!("entity: {}", s.entity);
        if let Some(c) = s.confidence {
            remark.push_str(&format!("; confidence: {c:.2}"));
        }
        for (k, (note, range)) in notes.iter().enumerate() {
            if *range == (m.start..m.end) {
                on_mention[k] = true;
                remark.push_str(&format!("; note: {}", one_line(&note.text)));
            }
        }
        let _ = writeln!(ann, "#{n}\tAnnotatorNotes T{n}\t{remark}");
    }
    let body = &doc.article.body;
    let mut chars = CharOffsets::new(body);
    for ((note, range), _) in notes.iter().zip(on_mention).filter(|(_, on)| !on) {
        n += 1;
        let _ = writeln!(
            ann,
            "T{n}\t{BRAT_NOTE} {} {}\t{}",
            chars.at(range.start),
            chars.at(range.end),
            one_line(&body[range.clone()])
        );
        let _ = writeln!(
            ann,
            "#{n}\tAnnotatorNotes T{n}\tnote: {}",
            one_line(&note.text)
        );
    }
    ann
}

/// Writes the export to standard output (`out` is "-") or into the folder `out`;
/// returns what was written, for the user, when it went to a folder.
pub fn run(
    loaded: &Loaded,
    format: ExportFormat,
    out: &Path,
    stdout: &mut dyn Write,
) -> Result<Option<String>, CommandError> {
    let to_stdout = out == Path::new("-");
    if to_stdout && format == ExportFormat::Brat {
        return Err(CommandError::Usage(
            "brat writes a .txt and an .ann file per article: give a folder with --out DIR".into(),
        ));
    }
    let (notes, _) = loaded.placed_notes();
    let text = render(loaded, &notes, format).map_err(|e| CommandError::Output(e.into()))?;
    if to_stdout {
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        return Ok(None);
    }
    make_folder(out)?;
    let first = save(out, file_name(format), text.as_bytes())?;
    let written = Written {
        articles: loaded.corpus.docs.len(),
        mentions: loaded.corpus.docs.iter().map(|d| d.mentions.len()).sum(),
    };
    let with_notes = matches!(
        format,
        ExportFormat::Json | ExportFormat::Jsonl | ExportFormat::Brat
    );
    let noted = match notes.iter().map(Vec::len).sum::<usize>() {
        _ if !with_notes => String::new(),
        0 => String::new(),
        1 => ", 1 note".to_owned(),
        k => format!(", {k} notes"),
    };
    if format == ExportFormat::Brat {
        for ((doc, id), notes) in loaded.corpus.docs.iter().zip(&loaded.ids).zip(&notes) {
            save_brat_pair(out, id, doc, &loaded.corpus, notes)?;
        }
        flush_folder(out)?;
        return Ok(Some(wrote(written, &noted, out, true)));
    }
    Ok(Some(wrote(written, &noted, &first, false)))
}

/// Writes `bytes` as the file `name` in the folder `out`, atomically; returns its path.
fn save(out: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, CommandError> {
    let path = out.join(name);
    match atomic::write(&path, bytes) {
        Ok(()) => Ok(path),
        Err(cause) => Err(CommandError::Write { path, cause }),
    }
}

/// [`save`] for one of a folder's many files, flushed to disk with the rest by
/// [`flush_folder`].
fn save_in_batch(out: &Path, name: &str, bytes: &[u8]) -> Result<(), CommandError> {
    let path = out.join(name);
    atomic::write_in_batch(&path, bytes).map_err(|cause| CommandError::Write { path, cause })
}

/// Flushes to disk what was saved in the folder `out` in a batch.
fn flush_folder(out: &Path) -> Result<(), CommandError> {
    atomic::flush_batch(out).map_err(|cause| CommandError::Write {
        path: out.to_owned(),
        cause,
    })
}

/// An article's brat pair, `ID.txt` and `ID.ann`, in the folder `out`, flushed to disk
/// with the rest by [`flush_folder`].
fn save_brat_pair(
    out: &Path,
    id: &str,
    doc: &Document,
    corpus: &crate::index::Corpus,
    notes: &[(&Note, Range<usize>)],
) -> Result<(), CommandError> {
    save_in_batch(out, &format!("{id}.txt"), doc.article.body.as_bytes())?;
    save_in_batch(
        out,
        &format!("{id}.ann"),
        brat_ann(doc, corpus, notes).as_bytes(),
    )?;
    Ok(())
}

/// What an export into a folder tells the user: what it wrote, and where (`to`: the file,
/// or the folder of brat's pairs).
fn wrote(written: Written, noted: &str, to: &Path, brat: bool) -> String {
    let pairs = if brat { " as brat .txt/.ann pairs" } else { "" };
    format!(
        "wrote {} articles ({} mentions{noted}){pairs} to {}",
        written.articles,
        written.mentions,
        to.display()
    )
}
