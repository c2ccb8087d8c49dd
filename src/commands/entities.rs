//! `newslens entities`: one row per tracked entity with its mention counts, then (with
//! `--discovered`) one per entity discovery found, marked as such.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use unicode_width::UnicodeWidthStr;

use super::{Loaded, Painter, SCHEMA, export_path};
use crate::cli::EntitiesFormat;
use crate::entities::{EntityId, Kind};
use crate::text::visible;

#[derive(Debug, Serialize)]
struct Output<'a> {
    schema: &'static str,
    articles: Vec<ArticleRef<'a>>,
    entities: Vec<Row<'a>>,
}

#[derive(Debug, Serialize)]
struct ArticleRef<'a> {
    id: &'a str,
    path: String,
    title: &'a str,
}

#[derive(Debug, Serialize)]
struct Row<'a> {
    #[serde(skip)]
    entity: EntityId,
    id: &'a str,
    name: &'a str,
    kind: Kind,
    /// `discovered` for the entities discovery found; absent for tracked ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    tier: Option<&'static str>,
    total: usize,
    articles: usize,
    /// Mentions per article id, in article order.
    counts: Counts<'a>,
}

#[derive(Debug)]
struct Counts<'a>(Vec<(&'a str, u32)>);

impl Serialize for Counts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, n) in &self.0 {
            map.serialize_entry(id, n)?;
        }
        map.end()
    }
}

/// Writes the entity table in `format`.
pub fn run(
    loaded: &Loaded,
    format: EntitiesFormat,
    paint: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows = rows(loaded);
    match format {
        EntitiesFormat::Table => table(&rows, paint, out),
        EntitiesFormat::Json => {
            let output = Output {
                schema: SCHEMA,
                articles: loaded
                    .corpus
                    .docs
                    .iter()
                    .zip(&loaded.ids)
                    .map(|(d, id)| ArticleRef {
                        id,
                        path: export_path(&d.article.path),
                        title: &d.article.title,
                    })
                    .collect(),
                entities: rows,
            };
            serde_json::to_writer_pretty(&mut *out, &output)?;
            writeln!(out)
        }
        EntitiesFormat::Csv => csv(loaded, &rows, out),
    }
}

/// Every tracked entity, most mentioned first, ties in entity-file order; then the
/// discovered ones that are mentioned and not hidden (when discovery ran), most mentioned
/// first.
fn rows(loaded: &Loaded) -> Vec<Row<'_>> {
    let corpus = &loaded.corpus;
    let discovered = corpus
        .discovered
        .iter()
        .filter(|(e, d)| d.status == crate::discover::Status::Shown && corpus.total(*e) > 0)
        .map(|(e, d)| (e, &d.entity, Some("discovered")));
    let mut rows: Vec<Row> = corpus
        .gazetteer
        .iter()
        .map(|(e, entity)| (e, entity, None))
        .chain(discovered)
        .map(|(e, entity, tier)| Row {
            entity: e,
            id: &entity.id,
            name: &entity.name,
            kind: entity.kind,
            tier,
            total: corpus.total(e),
            articles: corpus.doc_count(e),
            counts: Counts(
                corpus
                    .docs
                    .iter()
                    .zip(&loaded.ids)
                    .map(|(d, id)| (id.as_str(), d.count_of(e)))
                    .collect(),
            ),
        })
        .collect();
    rows.sort_by_key(|r| (r.tier.is_some(), std::cmp::Reverse(r.total)));
    rows
}

fn table(rows: &[Row], paint: &Painter, out: &mut dyn Write) -> io::Result<()> {
    let id_w = rows
        .iter()
        .map(|r| visible(r.id).width())
        .max()
        .unwrap_or(0)
        .max(2);
    let name_w = rows
        .iter()
        .map(|r| visible(r.name).width())
        .max()
        .unwrap_or(0)
        .max(4);
    let kind_w = "organisation".len();
    // A tier column only when discovered entities are listed.
    let tiers = rows.iter().any(|r| r.tier.is_some());
    let tier = |r: Option<&Row>| match (tiers, r) {
        (false, _) => String::new(),
        (true, None) => "  TIER".to_owned(),
        (true, Some(r)) => format!("  {}", r.tier.unwrap_or("tracked")),
    };
    writeln!(
        out,
        "{:id_w$}  {:name_w$}  {:kind_w$}  {:>5}  {:>8}{}",
        "ID",
        "NAME",
        "KIND",
        "TOTAL",
        "ARTICLES",
        tier(None)
    )?;
    for r in rows {
        // Pad by display width, then paint, so escapes do not upset the columns.
        let id = visible(r.id);
        let id_pad = " ".repeat(id_w - id.width());
        let name_pad = " ".repeat(name_w - visible(r.name).width());
        writeln!(
            out,
            "{id}{id_pad}  {}{name_pad}  {:kind_w$}  {:>5}  {:>8}{}",
            paint.entity(r.name, r.entity),
            r.kind.as_str(),
            r.total,
            r.articles,
            tier(Some(r))
        )?;
    }
    Ok(())
}

fn csv(loaded: &Loaded, rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let tiers = rows.iter().any(|r| r.tier.is_some());
    let mut header = vec!["id", "name", "kind", "total", "articles"];
    if tiers {
        header.push("tier");
    }
    header.extend(loaded.ids.iter().map(String::as_str));
    w.write_record(&header)?;
    for r in rows {
        let mut record = vec![
            r.id.to_owned(),
            r.name.to_owned(),
            r.kind.as_str().to_owned(),
            r.total.to_string(),
            r.articles.to_string(),
        ];
        if tiers {
            record.push(r.tier.unwrap_or("tracked").to_owned());
        }
        record.extend(r.counts.0.iter().map(|(_, n)| n.to_string()));
        w.write_record(&record)?;
    }
    w.flush()
}
