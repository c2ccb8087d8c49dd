//! `newslens check`: every problem with the inputs and the entity file, one per line
//! (`PATH:LINE:COL: problem: …`), then notes, then a summary. Problems make the exit
//! status 1.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;

use super::{CommandError, Painter, export_path};
use crate::corpus::{self, ReadOptions, Warning};
use crate::document::Document;
use crate::entities::{EntityFileError, Gazetteer, Layer, Matcher};
use crate::loader;
use crate::text::visible;

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    pub problems: usize,
    pub notes: usize,
}

/// Checks the entity files (laid over each other in order) and the articles under
/// `paths`, writing one line per finding and a summary.
pub fn run(
    paths: &[PathBuf],
    entities: &[Layer],
    options: &ReadOptions,
    paint: &Painter,
    out: &mut dyn Write,
) -> Result<Report, CommandError> {
    let (input, walk_warnings) =
        corpus::resolve(paths).map_err(|e| CommandError::Usage(e.to_string()))?;
    let mut report = Report::default();

    let entity_label = entities
        .iter()
        .map(|layer| match layer {
            Layer::Builtin => layer.to_string(),
            Layer::File(path) => visible(&export_path(path)).into_owned(),
        })
        .collect::<Vec<_>>()
        .join(" + ");
    let checked = Gazetteer::from_layers(entities);
    let gazetteer = match checked {
        Ok(g) => Some(Arc::new(g)),
        Err(problems) => {
            for p in &problems {
                entity_problem(p, paint, out)?;
            }
            report.problems += problems.len();
            None
        }
    };

    for w in &walk_warnings {
        problem(w, paint, out)?;
        report.problems += 1;
    }
    let matcher = match &gazetteer {
        Some(g) => Matcher::new(g),
        None => Matcher::new(&Gazetteer::default()),
    };
    let mut docs = Vec::new();
    for i in 0..input.len() {
        let (read, warnings) = loader::load_one(&input, i, &matcher, options);
        docs.extend(read);
        for w in &warnings {
            problem(w, paint, out)?;
            report.problems += 1;
        }
    }
    if input.is_empty() {
        let named: Vec<String> = paths
            .iter()
            .map(|p| visible(&export_path(p)).into_owned())
            .collect();
        writeln!(
            out,
            "{}: {}: no article files were found (.txt, .md, .html, .xml, .rss, .atom, .json, .jsonl)",
            named.join(", "),
            paint.problem("problem")
        )?;
        report.problems += 1;
    }

    if let Some(g) = &gazetteer {
        for doubt in g.doubtful_forms() {
            writeln!(
                out,
                "{entity_label}: {}: {}",
                paint.note("note"),
                visible(&doubt)
            )?;
            report.notes += 1;
        }
        if !docs.is_empty() {
            report.notes += unmatched_forms(g, &docs, &entity_label, paint, out)?;
        }
    }

    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "check: {}, {}; {} read from {}; entities from {}",
        plural(report.problems, "problem"),
        plural(report.notes, "note"),
        plural(docs.len(), "article"),
        plural(input.len(), "file"),
        entity_label
    )?;
    Ok(report)
}

fn problem(w: &Warning, paint: &Painter, out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{}: {}: {}",
        visible(&export_path(&w.path)),
        paint.problem("problem"),
        visible(&w.message)
    )
}

fn entity_problem(e: &EntityFileError, paint: &Painter, out: &mut dyn Write) -> io::Result<()> {
    let path = visible(&export_path(e.path())).into_owned();
    let label = paint.problem("problem");
    match e {
        EntityFileError::Io { source, .. } => {
            writeln!(
                out,
                "{path}: {label}: cannot read the entity file ({source})"
            )
        }
        EntityFileError::Syntax {
            line,
            column,
            message,
            hint,
            ..
        } => writeln!(
            out,
            "{path}:{line}:{column}: {label}: {}\n    fix: {}",
            visible(message),
            visible(hint)
        ),
        EntityFileError::Invalid {
            line,
            message,
            hint,
            ..
        } => writeln!(
            out,
            "{path}:{line}: {label}: {}\n    fix: {}",
            visible(message),
            visible(hint)
        ),
    }
}

/// Notes each name or alias that matches nowhere in the articles; returns how many.
fn unmatched_forms(
    g: &Gazetteer,
    docs: &[Document],
    entity_label: &str,
    paint: &Painter,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let mut seen = HashSet::new();
    for doc in docs {
        for m in &doc.mentions {
            let text = doc.article.body[m.start..m.end].replace('\u{2019}', "'");
            seen.insert((m.entity, text));
        }
    }
    let mut notes = 0;
    for (e, entity) in g.iter() {
        for form in entity.surface_forms() {
            if !seen.contains(&(e, form.to_owned())) {
                let what = if form == entity.name { "name" } else { "alias" };
                writeln!(
                    out,
                    "{}: {}: the {what} \"{}\" of \"{}\" matches no article",
                    entity_label,
                    paint.note("note"),
                    visible(form),
                    visible(&entity.id)
                )?;
                notes += 1;
            }
        }
    }
    Ok(notes)
}
