//! `newslens mentions`: every mention with its place in characters, lines and columns
//! and a keyword-in-context snippet; grep-like text, JSON or CSV.

use std::io::{self, Write};

use serde::Serialize;

use super::on_disk::DiskMap;
use super::{CommandError, Loaded, Painter, SCHEMA, SNIPPET_CONTEXT, export_path};
use crate::cli::MentionsFormat;
use crate::document::Document;
use crate::entities::EntityId;
use crate::index::Corpus;
use crate::text::visible;
use crate::text::{Locator, snippet};

/// One mention as the command reports it.
#[derive(Debug, Serialize)]
pub struct MentionRecord<'a> {
    pub path: String,
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
    mark: std::ops::Range<usize>,
    /// The document and the byte the mention starts at in its body.
    #[serde(skip)]
    at: usize,
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

/// The mentions of document `d` (whose id is `id`), of the entities in `only` (all when
/// it is empty).
fn doc_records<'a>(
    corpus: &'a Corpus,
    doc: &'a Document,
    id: &'a str,
    only: &[EntityId],
) -> Vec<MentionRecord<'a>> {
    let body = &doc.article.body;
    let path = export_path(&doc.article.path);
    let mut starts = Locator::new(body);
    let mut ends = Locator::new(body);
    let mut out = Vec::new();
    for m in &doc.mentions {
        if !only.is_empty() && !only.contains(&m.entity) {
            continue;
        }
        let entity = corpus.entity(m.entity);
        let at = starts.locate(m.start);
        let snip = snippet(body, m.start, m.end, SNIPPET_CONTEXT);
        out.push(MentionRecord {
            path: path.clone(),
            article: id,
            title: &doc.article.title,
            entity: &entity.id,
            entity_id: m.entity,
            name: &entity.name,
            text: &body[m.start..m.end],
            start: at.char,
            end: ends.locate(m.end).char,
            line: at.line,
            column: at.column,
            snippet: snip.text,
            mark: snip.mention,
            at: m.start,
        });
    }
    out
}

/// Every mention in the corpus, in article order.
pub fn records<'a>(loaded: &'a Loaded, only: &[EntityId]) -> Vec<MentionRecord<'a>> {
    let docs = loaded.corpus.docs.iter().zip(&loaded.ids);
    docs.flat_map(|(doc, id)| doc_records(&loaded.corpus, doc, id, only))
        .collect()
}

/// Writes mentions in one format as they come, article by article: the opening (a JSON
/// object's head, a CSV header), each article's mentions, the closing.
struct Writer<'w> {
    format: MentionsFormat,
    out: &'w mut dyn Write,
    /// Whether a JSON record has been written (the next is preceded by a comma).
    any: bool,
}

impl<'w> Writer<'w> {
    fn begin(format: MentionsFormat, out: &'w mut dyn Write) -> io::Result<Self> {
        match format {
            MentionsFormat::Json => {
                write!(out, "{{\n  \"schema\": \"{SCHEMA}\",\n  \"mentions\": [")?
            }
            // The header is written by hand so that no mentions still gives one.
            MentionsFormat::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut *out);
                w.write_record(CSV_HEADER)?;
                w.flush()?;
            }
            MentionsFormat::Text => {}
        }
        Ok(Self {
            format,
            out,
            any: false,
        })
    }

    /// One article's mentions.
    fn article(
        &mut self,
        records: &[MentionRecord],
        disk: Option<&DiskMap>,
        paint: &Painter,
    ) -> io::Result<()> {
        let out = &mut *self.out;
        match self.format {
            MentionsFormat::Text => {
                if records.is_empty() {
                    return Ok(());
                }
                for r in records {
                    let on_disk = disk.and_then(|m| m.position(r.at));
                    let s = &r.snippet;
                    let place = match on_disk {
                        Some((line, column)) => format!("{}:{line}:{column}:", paint.dim(&r.path)),
                        None => format!("{} (body {}:{}):", paint.dim(&r.path), r.line, r.column),
                    };
                    writeln!(
                        out,
                        "{place} [{}] {}{}{}",
                        paint.entity(r.name, r.entity_id),
                        visible(&s[..r.mark.start]),
                        paint.entity(&s[r.mark.clone()], r.entity_id),
                        visible(&s[r.mark.end..])
                    )?;
                }
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

/// Where the mentions of `doc` are in its file, for the grep-style form (the file is read
/// again, once per document).
fn disk_map(format: MentionsFormat, doc: &Document) -> Option<DiskMap> {
    (format == MentionsFormat::Text)
        .then(|| DiskMap::for_article(&doc.article))
        .flatten()
}

/// Writes the mentions in `format`.
pub fn run(
    loaded: &Loaded,
    only: &[EntityId],
    format: MentionsFormat,
    paint: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = Writer::begin(format, out)?;
    for (doc, id) in loaded.corpus.docs.iter().zip(&loaded.ids) {
        let records = doc_records(&loaded.corpus, doc, id, only);
        let disk = disk_map(format, doc);
        w.article(&records, disk.as_ref(), paint)?;
    }
    w.end()
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
    // The files are read again for their positions on the reading threads.
    let prepare = |doc: &Document| disk_map(format, doc);
    super::for_each_article(
        paths,
        gazetteer,
        options,
        report,
        &prepare,
        |c, doc, id, disk| w.article(&doc_records(c, doc, id, only), disk.as_ref(), paint),
    )?;
    w.end()?;
    Ok(())
}
