//! `export` written as the articles are read: every format but brat's folder, when
//! there are no notes to place (with discovered entities, in a second reading).

use std::path::Path;
use std::sync::Arc;

use super::{
    Corpus, ExportFormat, SCHEMA, article_of, brat_conf, displacy_of, doccano_of, file_name,
    flush_folder, make_folder, rest_of, save, save_brat_pair, wrote,
};
use crate::commands::{CommandError, Readings};
use crate::document::Document;
use crate::entities::Matcher;

/// Whether `export` can write each article as it is read rather than after the whole
/// corpus: in any format to a folder, and in any but brat's (a folder of pairs) to
/// standard output. With discovered entities (whose name and kind are decided by all
/// their mentions in the corpus) the files are read twice: first to decide the names,
/// then to write the articles.
pub fn streams(format: ExportFormat, to_folder: bool) -> bool {
    to_folder || format != ExportFormat::Brat
}

/// `export` to `out`, each article written as it is read
/// (in input order, a few held at a time: memory stays bounded); each input's problems go
/// to `report`. For a corpus with no notes to place (notes are placed by looking through
/// every article first).
pub fn stream(
    paths: &[std::path::PathBuf],
    gazetteer: std::sync::Arc<crate::entities::Gazetteer>,
    options: &crate::corpus::ReadOptions,
    format: ExportFormat,
    out: &mut dyn std::io::Write,
    report: &mut dyn FnMut(&crate::corpus::Warning),
) -> Result<Written, CommandError> {
    let mut written = Written::default();
    // With discovery, a first reading decides every discovered name, and the articles
    // are written in a second.
    let readings = Readings::begin(paths, Arc::clone(&gazetteer), options, report)?;
    let json = format == ExportFormat::Json;
    if json {
        // The head as the whole corpus writes it, the articles then written one by one.
        let head = Corpus {
            schema: SCHEMA,
            entities: gazetteer.iter().map(|(_, e)| e).collect(),
            discovered: readings.discovered(),
            articles: Vec::new(),
        };
        let text = serde_json::to_string_pretty(&head).map_err(std::io::Error::other)?;
        let open = text.trim_end_matches('}').trim_end().trim_end_matches("[]");
        out.write_all(open.as_bytes())?;
        out.write_all(b"[")?;
    }
    match format {
        ExportFormat::Displacy => out.write_all(b"[")?,
        ExportFormat::Csv => {
            crate::commands::csv_header(&mut *out, &crate::commands::tables::CSV_HEADER)?;
        }
        _ => {}
    }
    let mut first = true;
    let quoted = |s: &str| serde_json::to_string(s).map_err(std::io::Error::other);
    let schema = quoted(SCHEMA)?;
    // A JSON Lines record but for its id is serialised on the reading threads, where the
    // tracked entities name the mentions: not when discovered ones join it afterwards.
    let names = Arc::clone(&gazetteer);
    let as_read = readings.as_read();
    let prepare = |doc: &Document, matcher: &Matcher| {
        (format == ExportFormat::Jsonl && as_read)
            .then(|| serde_json::to_string(&rest_of(doc, matcher, &|id| names.get(id), &[])))
    };
    let each = |corpus: &crate::index::Corpus,
                doc: &mut Document,
                id: &str,
                rest: Option<serde_json::Result<String>>| {
        written.articles += 1;
        written.mentions += doc.mentions.len();
        if let Some(rest) = rest {
            // `{"schema":…,"id":…,` and the rest's fields after its opening brace.
            let id = quoted(id)?;
            let rest = rest.map_err(std::io::Error::other)?;
            let rest = rest.strip_prefix('{').unwrap_or(&rest);
            let comma = if rest == "}" { "" } else { "," };
            return writeln!(out, "{{\"schema\":{schema},\"id\":{id}{comma}{rest}");
        }
        let was_first = std::mem::replace(&mut first, false);
        let line = match format {
            ExportFormat::Json => {
                let article = article_of(corpus, doc, id, &[], None);
                return crate::commands::json_element(&mut *out, &article, was_first);
            }
            ExportFormat::Displacy => {
                let doc = displacy_of(corpus, doc);
                return crate::commands::json_element_at(&mut *out, &doc, was_first, "  ");
            }
            ExportFormat::Csv => {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut *out);
                crate::commands::tables::csv_rows(&mut w, corpus, doc, id)?;
                return w.flush();
            }
            ExportFormat::Conll => {
                let mut text = String::new();
                crate::commands::tables::conll_doc(&mut text, corpus, doc);
                return out.write_all(text.as_bytes());
            }
            ExportFormat::Doccano => serde_json::to_string(&doccano_of(corpus, doc, id)),
            ExportFormat::Jsonl | ExportFormat::Brat => {
                serde_json::to_string(&article_of(corpus, doc, id, &[], Some(SCHEMA)))
            }
        };
        out.write_all(line.map_err(std::io::Error::other)?.as_bytes())?;
        out.write_all(b"\n")
    };
    readings.for_each_article(paths, options, report, &prepare, each)?;
    if format == ExportFormat::Displacy {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    if json {
        out.write_all(if first { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
    }
    out.flush()?;
    Ok(written)
}

/// What a streamed export wrote.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub articles: usize,
    pub mentions: usize,
}

/// [`stream`] into the format's file in the folder `out` (made if missing), which is
/// replaced only once every article is in; returns what was written, for the user.
pub fn stream_to_folder(
    paths: &[std::path::PathBuf],
    gazetteer: std::sync::Arc<crate::entities::Gazetteer>,
    options: &crate::corpus::ReadOptions,
    format: ExportFormat,
    out: &Path,
    report: &mut dyn FnMut(&crate::corpus::Warning),
) -> Result<String, CommandError> {
    make_folder(out)?;
    if format == ExportFormat::Brat {
        return brat_to_folder(paths, gazetteer, options, out, report);
    }
    let path = out.join(file_name(format));
    let written = crate::atomic::write_with(&path, |w| {
        stream(paths, gazetteer, options, format, w, report)
    })
    .map_err(|e| match e {
        CommandError::Output(cause) => CommandError::Write {
            path: path.clone(),
            cause,
        },
        other => other,
    })?;
    Ok(wrote(written, "", &path, false))
}

/// brat's `annotation.conf`, then a `.txt` and an `.ann` file for each article as it is
/// read, into the folder `out`.
fn brat_to_folder(
    paths: &[std::path::PathBuf],
    gazetteer: std::sync::Arc<crate::entities::Gazetteer>,
    options: &crate::corpus::ReadOptions,
    out: &Path,
    report: &mut dyn FnMut(&crate::corpus::Warning),
) -> Result<String, CommandError> {
    save(out, file_name(ExportFormat::Brat), brat_conf().as_bytes())?;
    let mut written = Written::default();
    let mut failed = None;
    let each = |corpus: &crate::index::Corpus, doc: &mut Document, id: &str, ()| {
        written.articles += 1;
        written.mentions += doc.mentions.len();
        // The first file that cannot be written stops the export, named.
        save_brat_pair(out, id, doc, corpus, &[]).map_err(|e| {
            failed = Some(e);
            std::io::Error::other("stopped")
        })
    };
    // With discovery, a first reading decides every discovered name; the files are
    // written in a second.
    Readings::begin(paths, gazetteer, options, report)?
        .for_each_article(paths, options, report, &|_, _| (), each)
        .map_err(|e| failed.take().unwrap_or(e))?;
    flush_folder(out)?;
    Ok(wrote(written, "", out, true))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::commands::{FirstReading, Loaded};
    use crate::corpus::ReadOptions;
    use crate::entities::Gazetteer;

    /// The fixture corpus's paths, the built-in entities, options (with discovery, as
    /// `export --discovered` reads, or without), and the corpus read whole.
    fn fixture_corpus(discover: bool) -> (Vec<PathBuf>, Arc<Gazetteer>, ReadOptions, Loaded) {
        let paths = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")];
        let gazetteer = Arc::new(Gazetteer::builtin());
        let options = ReadOptions {
            discover,
            min_confidence: discover.then_some(0),
            ..ReadOptions::default()
        };
        let loaded = Loaded::read(&paths, Arc::clone(&gazetteer), &options).expect("read");
        if discover {
            assert!(loaded.corpus.discovered.len() > 3);
        }
        (paths, gazetteer, options, loaded)
    }

    #[test]
    fn every_streamed_format_is_the_export_of_the_whole_corpus_byte_for_byte() {
        for discover in [false, true] {
            every_format_streamed_as_whole(discover);
        }
    }

    fn every_format_streamed_as_whole(discover: bool) {
        let (paths, gazetteer, options, loaded) = fixture_corpus(discover);
        for format in [
            ExportFormat::Json,
            ExportFormat::Jsonl,
            ExportFormat::Doccano,
            ExportFormat::Displacy,
            ExportFormat::Csv,
            ExportFormat::Conll,
        ] {
            let mut whole = Vec::new();
            super::super::run(&loaded, format, Path::new("-"), &mut whole).expect("whole");
            let mut streamed = Vec::new();
            let g = Arc::clone(&gazetteer);
            let written =
                stream(&paths, g, &options, format, &mut streamed, &mut |_| {}).expect("streamed");
            assert!(whole.len() > 1000, "{format:?}");
            assert_eq!(
                String::from_utf8_lossy(&streamed),
                String::from_utf8_lossy(&whole),
                "{format:?}"
            );
            assert_eq!(written.articles, loaded.corpus.docs.len());
        }
    }

    #[test]
    fn brat_pairs_written_as_read_are_the_pairs_of_the_whole_corpus() {
        for discover in [false, true] {
            brat_pairs_as_whole(discover);
        }
    }

    fn brat_pairs_as_whole(discover: bool) {
        let (paths, gazetteer, options, loaded) = fixture_corpus(discover);
        let (whole, streamed) = (
            tempfile::tempdir().expect("a"),
            tempfile::tempdir().expect("b"),
        );
        super::super::run(&loaded, ExportFormat::Brat, whole.path(), &mut Vec::new())
            .expect("whole");
        let said = stream_to_folder(
            &paths,
            gazetteer,
            &options,
            ExportFormat::Brat,
            streamed.path(),
            &mut |_| {},
        )
        .expect("streamed");
        assert!(said.contains("as brat .txt/.ann pairs"), "{said}");
        let files = |dir: &Path| {
            let mut names: Vec<_> = std::fs::read_dir(dir)
                .expect("list")
                .map(|e| e.expect("entry").path())
                .collect();
            names.sort();
            names
                .iter()
                .map(|p| {
                    (
                        p.file_name().map(|n| n.to_owned()),
                        std::fs::read(p).expect("read"),
                    )
                })
                .collect::<Vec<_>>()
        };
        let written = files(streamed.path());
        assert!(written.len() > 3, "{}", written.len());
        assert_eq!(written, files(whole.path()));
    }

    /// A file that changes (or comes) between the two readings of `export --discovered`
    /// is written as it now is, without discovered names, and named; the others keep
    /// theirs, wherever they now fall in the order.
    #[test]
    fn a_file_changed_between_the_readings_is_written_without_its_old_names() {
        let dir = tempfile::tempdir().expect("a folder");
        let text = "Talks in Astana\n\nAnna Kowalska of the Baltic Grain Board met officials \
                    in Astana on Monday, and Anna Kowalska said little.";
        for name in ["a.txt", "b.txt"] {
            std::fs::write(dir.path().join(name), text).expect("written");
        }
        let paths = vec![dir.path().to_owned()];
        let options = ReadOptions {
            discover: true,
            min_confidence: Some(0),
            ..ReadOptions::default()
        };
        let first = FirstReading::read(
            &paths,
            Arc::new(Gazetteer::builtin()),
            &options,
            &mut |_| {},
        )
        .expect("first reading");
        let changed_text = text.replace("Monday", "Tuesday");
        std::fs::write(dir.path().join("b.txt"), &changed_text).expect("changed");
        // A file that comes first now: the others still find their names.
        std::fs::write(dir.path().join("0.txt"), &changed_text).expect("written");
        let mut discovered = Vec::new();
        let changed = first
            .read_again(&paths, &options, &|_, _| (), |corpus, doc, _, ()| {
                let names = doc.mentions.iter().filter(|m| m.entity.is_discovered());
                discovered.push(
                    names
                        .map(|m| corpus.entity(m.entity).name.clone())
                        .collect::<Vec<_>>(),
                );
                Ok(())
            })
            .expect("second reading");
        assert_eq!(discovered.len(), 3);
        assert_eq!(discovered[0], Vec::<String>::new());
        assert!(
            discovered[1].contains(&"Anna Kowalska".to_owned()),
            "{discovered:?}"
        );
        assert_eq!(discovered[2], Vec::<String>::new());
        assert_eq!(changed.len(), 2);
        assert!(changed[0].path.ends_with("0.txt"), "{:?}", changed[0]);
        assert!(changed[1].path.ends_with("b.txt"), "{:?}", changed[1]);
        assert!(
            changed[1]
                .message
                .contains("changed while the files were read")
        );
    }
}
