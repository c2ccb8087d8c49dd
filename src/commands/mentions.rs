//! `newslens mentions`: every mention with its place in characters, lines and columns
//! and a keyword-in-context snippet; grep-like text, JSON or CSV.

use std::io::{self, Write};
use std::ops::Range;

use serde::Serialize;

use super::on_disk::DiskMap;
use super::{CommandError, Painter, SCHEMA, SNIPPET_CONTEXT, export_path};
use crate::cli::MentionsFormat;
use crate::document::Document;
use crate::entities::EntityId;
use crate::index::Corpus;
use crate::text::{CharOffsets, Locator, snippet};

/// One mention as the command reports it.
#[derive(Debug, Serialize)]
pub struct MentionRecord<'a> {
    pub path: &'a str,
    pub article: &'a str,
    pub title: &'a str,
    pub entity: &'a str,
    #[serde(skip)]
    pub entity_id: EntityId,
    #[serde(skip)]
    pub name: &'a str,
    pub text: &'a str,
    /// Character offsets into the body text.
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub snippet: String,
    #[serde(skip)]
    mark: Range<usize>,
    /// The 1-based line and column in the file as it is on disk, where known.
    #[serde(skip)]
    on_disk: Option<(usize, usize)>,
}

/// Where a mention is, all but its entity: its offsets in characters, its line and
/// column in the body, its snippet and its place in the file. Worked out on the reading
/// threads when streaming, so that the thread that writes only writes.
#[derive(Debug)]
pub struct Place {
    bytes: Range<usize>,
    chars: Range<usize>,
    line: usize,
    column: usize,
    snippet: crate::text::Snippet,
    on_disk: Option<(usize, usize)>,
}

/// The places of `spans` (byte ranges of `doc`'s body, ascending by start), with their
/// places on disk from `disk`.
fn places(
    doc: &Document,
    spans: impl Iterator<Item = Range<usize>>,
    disk: Option<&DiskMap>,
) -> Vec<Place> {
    let body = &doc.article.body;
    let mut starts = Locator::new(body);
    let mut ends = CharOffsets::new(body);
    spans
        .map(|r| {
            let at = starts.locate(r.start);
            Place {
                chars: at.char..ends.at(r.end),
                line: at.line,
                column: at.column,
                snippet: snippet(body, r.start, r.end, SNIPPET_CONTEXT),
                on_disk: disk.and_then(|m| m.position(r.start)),
                bytes: r,
            }
        })
        .collect()
}

/// The places of every span of `doc` that can become a mention shown: its tracked
/// mentions of the entities in `only` (all when it is empty) and, when `only` names none
/// (it names tracked entities alone), what discovery found, which the corpus turns into
/// mentions afterwards.
fn every_place(format: MentionsFormat, doc: &Document, only: &[EntityId]) -> Vec<Place> {
    let shown = |e: &EntityId| only.is_empty() || only.contains(e);
    let mut spans: Vec<Range<usize>> = doc
        .mentions
        .iter()
        .filter(|m| shown(&m.entity))
        .map(|m| m.start..m.end)
        .chain(
            doc.discovered
                .iter()
                .filter(|_| only.is_empty())
                .map(|f| f.range.clone()),
        )
        .collect();
    spans.sort_by_key(|r| (r.start, r.end));
    spans.dedup();
    places(doc, spans.into_iter(), disk_map(format, doc).as_ref())
}

const CSV_HEADER: [&str; 10] = [
    "path", "article", "title", "entity", "text", "start", "end", "line", "column", "snippet",
];

/// Resolves `--entity` ids, naming the known ones when one is unknown.
pub fn resolve_filter(
    gazetteer: &crate::entities::Gazetteer,
    ids: &[String],
) -> Result<Vec<EntityId>, CommandError> {
    let g = gazetteer;
    ids.iter()
        .map(|id| {
            g.id_of(id).ok_or_else(|| {
                let known: Vec<&str> = g.iter().map(|(_, e)| e.id.as_str()).collect();
                CommandError::Usage(format!(
                    "no entity has the id \"{id}\"; the ids are: {}",
                    known.join(", ")
                ))
            })
        })
        .collect()
}

/// The mentions of document `d` (whose id is `id`, read from `path` as exported), of the
/// entities in `only` (all when it is empty), at `places` worked out before (any missing
/// there are worked out here; each place is taken by its one mention).
fn doc_records<'a>(
    corpus: &'a Corpus,
    doc: &'a Document,
    (id, path): (&'a str, &'a str),
    only: &[EntityId],
    mut places: Vec<Place>,
) -> Vec<MentionRecord<'a>> {
    let body = &doc.article.body;
    let mut out = Vec::new();
    for m in &doc.mentions {
        if !only.is_empty() && !only.contains(&m.entity) {
            continue;
        }
        let entity = corpus.entity(m.entity);
        let range = m.start..m.end;
        let found = places
            .binary_search_by_key(&(m.start, m.end), |p| (p.bytes.start, p.bytes.end))
            .ok();
        let mut fresh;
        let place = match found {
            Some(i) => &mut places[i],
            None => {
                fresh = places_here(doc, range.clone());
                &mut fresh
            }
        };
        out.push(MentionRecord {
            path,
            article: id,
            title: &doc.article.title,
            entity: &entity.id,
            entity_id: m.entity,
            name: &entity.name,
            text: &body[range],
            start: place.chars.start,
            end: place.chars.end,
            line: place.line,
            column: place.column,
            snippet: std::mem::take(&mut place.snippet.text),
            mark: place.snippet.mention.clone(),
            on_disk: place.on_disk,
        });
    }
    out
}

/// The place of one span, worked out alone (without its place on disk).
fn places_here(doc: &Document, range: Range<usize>) -> Place {
    places(doc, std::iter::once(range), None)
        .pop()
        .expect("one span, one place")
}

/// Writes mentions in one format as they come, article by article: the opening (a JSON
/// object's head, a CSV header), each article's mentions, the closing.
struct Writer<'w> {
    format: MentionsFormat,
    out: &'w mut dyn Write,
    /// Whether a JSON record has been written (the next is preceded by a comma).
    any: bool,
    /// An article's grep-style lines, made before they are written at once.
    lines: Vec<u8>,
}

impl<'w> Writer<'w> {
    fn begin(format: MentionsFormat, out: &'w mut dyn Write) -> io::Result<Self> {
        match format {
            MentionsFormat::Json => {
                write!(out, "{{\n  \"schema\": \"{SCHEMA}\",\n  \"mentions\": [")?
            }
            // The header is written by hand so that no mentions still gives one.
            MentionsFormat::Csv => super::csv_header(&mut *out, &CSV_HEADER)?,
            MentionsFormat::Text => {}
        }
        Ok(Self {
            format,
            out,
            any: false,
            lines: Vec::new(),
        })
    }

    /// One article's mentions.
    fn article(&mut self, records: &[MentionRecord], paint: &Painter) -> io::Result<()> {
        let out = &mut *self.out;
        match self.format {
            MentionsFormat::Text => {
                let Some(first) = records.first() else {
                    return Ok(());
                };
                // The records are one article's: its path is painted once, and its
                // lines are made in one buffer (numbers by itoa, not the formatter) and
                // written at once.
                let path = paint.dim(first.path);
                let lines = &mut self.lines;
                lines.clear();
                let mut number = itoa::Buffer::new();
                for r in records {
                    let s = &r.snippet;
                    lines.extend_from_slice(path.as_bytes());
                    let ((line, column), open, close): (_, &[u8], &[u8]) = match r.on_disk {
                        Some(place) => (place, b":", b":"),
                        None => ((r.line, r.column), b" (body ", b"):"),
                    };
                    lines.extend_from_slice(open);
                    lines.extend_from_slice(number.format(line).as_bytes());
                    lines.push(b':');
                    lines.extend_from_slice(number.format(column).as_bytes());
                    lines.extend_from_slice(close);
                    // A snippet is written as it is: it is cut from a body cleaned as it
                    // was read (no control character but line breaks, no bidi control),
                    // its whitespace flattened to spaces.
                    lines.extend_from_slice(b" [");
                    lines.extend_from_slice(paint.entity(r.name, r.entity_id).as_bytes());
                    lines.extend_from_slice(b"] ");
                    lines.extend_from_slice(&s.as_bytes()[..r.mark.start]);
                    let mark = paint.entity(&s[r.mark.clone()], r.entity_id);
                    lines.extend_from_slice(mark.as_bytes());
                    lines.extend_from_slice(&s.as_bytes()[r.mark.end..]);
                    lines.push(b'\n');
                }
                out.write_all(lines)?;
            }
            MentionsFormat::Json => {
                for r in records {
                    super::json_element(&mut *out, r, !self.any)?;
                    self.any = true;
                }
            }
            MentionsFormat::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut *out);
                for r in records {
                    w.serialize(r)?;
                }
                w.flush()?;
            }
        }
        Ok(())
    }

    fn end(self) -> io::Result<()> {
        if self.format == MentionsFormat::Json {
            if self.any {
                self.out.write_all(b"\n  ]\n}\n")?;
            } else {
                self.out.write_all(b"]\n}\n")?;
            }
        }
        self.out.flush()
    }
}

/// Where the mentions of `doc` are in its file, for the grep-style form.
fn disk_map(format: MentionsFormat, doc: &Document) -> Option<DiskMap<'_>> {
    (format == MentionsFormat::Text)
        .then(|| DiskMap::for_article(&doc.article))
        .flatten()
}

/// What `mentions` shows and how: the entities (all when empty), the format, the colours.
pub struct Shown {
    pub only: Vec<EntityId>,
    pub format: MentionsFormat,
    pub paint: Painter,
}

/// Reads the inputs under `paths` and writes their mentions as they come, in input
/// order, holding a few inputs at a time rather than the corpus (so memory stays bounded
/// and the output starts at once); each input's problems go to `report` as it is read.
pub fn stream(
    paths: &[std::path::PathBuf],
    gazetteer: std::sync::Arc<crate::entities::Gazetteer>,
    options: &crate::corpus::ReadOptions,
    shown: &Shown,
    out: &mut dyn Write,
    report: &mut dyn FnMut(&crate::corpus::Warning),
) -> Result<(), CommandError> {
    let Shown {
        only,
        format,
        paint,
    } = shown;
    let (only, format) = (only.as_slice(), *format);
    let mut w = Writer::begin(format, out)?;
    // The places, and the files' positions, on the reading threads; the grep-style form
    // keeps each file's text as it is read, for the positions.
    let options = crate::corpus::ReadOptions {
        file_text: format == MentionsFormat::Text,
        ..*options
    };
    let prepare = |doc: &Document, _: &crate::entities::Matcher| every_place(format, doc, only);
    super::for_each_article(
        paths,
        gazetteer,
        &options,
        report,
        &prepare,
        |c, doc, id, places| {
            let path = export_path(&doc.article.path);
            w.article(&doc_records(c, doc, (id, &path), only, places), paint)
        },
    )?;
    w.end()?;
    Ok(())
}
