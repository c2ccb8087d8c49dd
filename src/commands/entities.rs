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

/// What the table needs of one article: its id, path and title, and how often it
/// mentions each entity (sorted by entity).
#[derive(Debug)]
pub struct ArticleCounts {
    pub id: String,
    pub path: String,
    pub title: String,
    pub counts: Vec<(EntityId, u32)>,
}

impl ArticleCounts {
    fn of(doc: &crate::document::Document, id: &str) -> Self {
        let mut counts = doc.entities.clone();
        counts.sort_unstable_by_key(|&(e, _)| e);
        Self {
            id: id.to_owned(),
            path: export_path(&doc.article.path),
            title: doc.article.title.clone(),
            counts,
        }
    }

    fn count_of(&self, entity: EntityId) -> u32 {
        self.counts
            .binary_search_by_key(&entity, |&(e, _)| e)
            .map_or(0, |k| self.counts[k].1)
    }
}

/// Writes the entity table in `format`.
pub fn run(
    loaded: &Loaded,
    format: EntitiesFormat,
    paint: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let articles: Vec<ArticleCounts> = loaded
        .corpus
        .docs
        .iter()
        .zip(&loaded.ids)
        .map(|(d, id)| ArticleCounts::of(d, id))
        .collect();
    write(&loaded.corpus, &articles, format, paint, out)
}

/// Reads the inputs under `paths` and writes their entity table, keeping of each article
/// only its counts (not its text), so memory grows with the articles' number, not their
/// size; each input's problems go to `report` as it is read.
pub fn stream(
    paths: &[std::path::PathBuf],
    gazetteer: std::sync::Arc<crate::entities::Gazetteer>,
    options: &crate::corpus::ReadOptions,
    format: EntitiesFormat,
    paint: &Painter,
    out: &mut dyn Write,
    report: &mut dyn FnMut(&crate::corpus::Warning),
) -> Result<(), super::CommandError> {
    let mut articles = Vec::new();
    let corpus = super::for_each_article(
        paths,
        gazetteer,
        options,
        report,
        &|_, _| (),
        |_, doc, id, ()| {
            articles.push(ArticleCounts::of(doc, id));
            Ok(())
        },
    )?;
    write(&corpus, &articles, format, paint, out)?;
    Ok(())
}

fn write(
    corpus: &crate::index::Corpus,
    articles: &[ArticleCounts],
    format: EntitiesFormat,
    paint: &Painter,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows = rows(corpus, articles);
    match format {
        EntitiesFormat::Table => table(&rows, paint, out),
        EntitiesFormat::Json => {
            let output = Output {
                schema: SCHEMA,
                articles: articles
                    .iter()
                    .map(|a| ArticleRef {
                        id: &a.id,
                        path: a.path.clone(),
                        title: &a.title,
                    })
                    .collect(),
                entities: rows,
            };
            serde_json::to_writer_pretty(&mut *out, &output)?;
            writeln!(out)
        }
        EntitiesFormat::Csv => csv(articles, &rows, out),
    }
}

/// Every tracked entity, most mentioned first, ties in entity-file order; then the
/// discovered ones that are mentioned and not hidden (when discovery ran), most mentioned
/// first.
fn rows<'a>(corpus: &'a crate::index::Corpus, articles: &'a [ArticleCounts]) -> Vec<Row<'a>> {
    // Totals and article counts per entity, from the articles' counts.
    let mut totals: std::collections::HashMap<EntityId, (usize, usize)> =
        std::collections::HashMap::new();
    for a in articles {
        for &(e, n) in &a.counts {
            let t = totals.entry(e).or_default();
            t.0 += n as usize;
            t.1 += 1;
        }
    }
    let total = |e: EntityId| totals.get(&e).copied().unwrap_or_default();
    let discovered = corpus
        .discovered
        .iter()
        .filter(|(e, d)| d.status == crate::discover::Status::Shown && total(*e).0 > 0)
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
            total: total(e).0,
            articles: total(e).1,
            counts: Counts(
                articles
                    .iter()
                    .map(|a| (a.id.as_str(), a.count_of(e)))
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

fn csv(articles: &[ArticleCounts], rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let tiers = rows.iter().any(|r| r.tier.is_some());
    let mut header = vec!["id", "name", "kind", "total", "articles"];
    if tiers {
        header.push("tier");
    }
    header.extend(articles.iter().map(|a| a.id.as_str()));
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
