//! `newslens mentions`: every mention with its place in characters, lines and columns
//! and a keyword-in-context snippet; grep-like text, JSON or CSV.

use std::io::{self, Write};

use serde::Serialize;

use super::{CommandError, Loaded, Painter, SCHEMA, SNIPPET_CONTEXT, export_path};
use crate::cli::MentionsFormat;
use crate::entities::EntityId;
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
    doc: usize,
    #[serde(skip)]
    at: usize,
}

const CSV_HEADER: [&str; 10] = [
    "path", "article", "title", "entity", "text", "start", "end", "line", "column", "snippet",
];

#[derive(Serialize)]
struct Output<'a> {
    schema: &'static str,
    mentions: &'a [MentionRecord<'a>],
}

/// Resolves `--entity` ids, naming the known ones when one is unknown.
pub fn resolve_filter(loaded: &Loaded, ids: &[String]) -> Result<Vec<EntityId>, CommandError> {
    let g = &loaded.corpus.gazetteer;
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

/// Every mention in corpus order, of the entities in `only` (all when empty).
pub fn records<'a>(loaded: &'a Loaded, only: &[EntityId]) -> Vec<MentionRecord<'a>> {
    let mut out = Vec::new();
    for (d, (doc, id)) in loaded.corpus.docs.iter().zip(&loaded.ids).enumerate() {
        let body = &doc.article.body;
        let path = export_path(&doc.article.path);
        let mut starts = Locator::new(body);
        let mut ends = Locator::new(body);
        for m in &doc.mentions {
            if !only.is_empty() && !only.contains(&m.entity) {
                continue;
            }
            let entity = loaded.corpus.entity(m.entity);
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
                doc: d,
                at: m.start,
            });
        }
    }
    out
}

/// Writes the mentions in `format`.
pub fn run(
    loaded: &Loaded,
    only: &[EntityId],
    format: MentionsFormat,
    paint: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let records = records(loaded, only);
    match format {
        MentionsFormat::Text => {
            // Files are read again only for this grep-style form, once per document.
            let mut disk: Option<(usize, Option<super::on_disk::DiskMap>)> = None;
            for r in &records {
                if disk.as_ref().is_none_or(|(d, _)| *d != r.doc) {
                    let article = &loaded.corpus.docs[r.doc].article;
                    disk = Some((r.doc, super::on_disk::DiskMap::for_article(article)));
                }
                let on_disk = disk
                    .as_ref()
                    .and_then(|(_, m)| m.as_ref())
                    .and_then(|m| m.position(r.at));
                let s = &r.snippet;
                // Grep's form where the place is in the file on disk; elsewhere (pages,
                // feeds, JSON) the place in the extracted body, in a form no editor
                // takes for a file position.
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
            Ok(())
        }
        MentionsFormat::Json => {
            let output = Output {
                schema: SCHEMA,
                mentions: &records,
            };
            serde_json::to_writer_pretty(&mut *out, &output)?;
            writeln!(out)
        }
        MentionsFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(out);
            // The header is written by hand so that no mentions still gives one.
            w.write_record(CSV_HEADER)?;
            for r in &records {
                w.serialize(r)?;
            }
            w.flush()
        }
    }
}
