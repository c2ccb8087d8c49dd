//! The export formats that are tables of tokens or mentions: CSV, one row per mention,
//! and CoNLL, one token per line with its BIO tag, as annotation and training tools read
//! it (and `newslens eval` reads it back).

use std::ops::Range;

use super::{Loaded, export_path};
use crate::document::Document;
use crate::entities::Kind;
use crate::index::Corpus;
use crate::text::{CharOffsets, Locator};

/// The header of the CSV export.
pub const CSV_HEADER: [&str; 10] = [
    "article", "path", "title", "entity", "name", "kind", "text", "start", "end", "line",
];

/// One row per mention, in corpus order: the article's id, path and title, the entity's
/// id, name and kind, the mention's text and character offsets into the body, and its
/// line in the body.
pub fn csv(loaded: &Loaded) -> Result<String, csv::Error> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for (doc, id) in loaded.corpus.docs.iter().zip(&loaded.ids) {
        csv_rows(&mut w, &loaded.corpus, doc, id)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The CSV rows of one document (whose id is `id`), a mention each.
pub fn csv_rows<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    corpus: &Corpus,
    doc: &Document,
    id: &str,
) -> Result<(), csv::Error> {
    let body = &doc.article.body;
    let path = export_path(&doc.article.path);
    let mut starts = Locator::new(body);
    let mut ends = CharOffsets::new(body);
    for m in &doc.mentions {
        let entity = corpus.entity(m.entity);
        let at = starts.locate(m.start);
        w.write_record([
            id,
            &path,
            &doc.article.title,
            &entity.id,
            &entity.name,
            entity.kind.as_str(),
            &body[m.start..m.end],
            &at.char.to_string(),
            &ends.at(m.end).to_string(),
            &at.line.to_string(),
        ])?;
    }
    Ok(())
}

/// The CoNLL tag of a kind: the CoNLL 2003 and OntoNotes names `eval` reads.
fn conll_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "PER",
        Kind::Country => "GPE",
        Kind::Organisation => "ORG",
        Kind::Place => "LOC",
        Kind::Other => "MISC",
    }
}

/// The tokens of `text` (at byte `offset` of the body): runs of letters and digits, and
/// each other visible character alone, so every mention (whole words) covers whole
/// tokens, "de Mistura" in "de Mistura's" too.
fn tokens(text: &str, offset: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(offset + start..offset + i);
        }
        if !c.is_whitespace() {
            out.push(offset + i..offset + i + c.len_utf8());
        }
    }
    if let Some(start) = word {
        out.push(offset + start..offset + text.len());
    }
    out
}

/// One token a line with its BIO tag (`B-PER`, `I-PER`, `O`), a blank line between
/// sentences, `-DOCSTART- -X- -X- O` before each article. A mention covers whole tokens,
/// as mentions are whole words.
pub fn conll(loaded: &Loaded) -> String {
    let mut out = String::new();
    for doc in &loaded.corpus.docs {
        conll_doc(&mut out, &loaded.corpus, doc);
    }
    out
}

/// One document in CoNLL form: its `-DOCSTART-` line, then a token a line, a blank line
/// after each sentence.
pub fn conll_doc(out: &mut String, corpus: &Corpus, doc: &Document) {
    out.push_str("-DOCSTART- -X- -X- O\n\n");
    let body = &doc.article.body;
    let mut m = 0;
    for sentence in crate::text::sentences(body) {
        for token in tokens(&body[sentence.clone()], sentence.start) {
            while m < doc.mentions.len() && doc.mentions[m].end <= token.start {
                m += 1;
            }
            let tag = match doc.mentions.get(m) {
                Some(mention) if mention.start <= token.start && token.end <= mention.end => {
                    // A nationality is OntoNotes' NORP, which eval does not score.
                    let label = if mention.nationality {
                        "NORP"
                    } else {
                        conll_label(corpus.entity(mention.entity).kind)
                    };
                    let prefix = if token.start == mention.start {
                        "B"
                    } else {
                        "I"
                    };
                    format!("{prefix}-{label}")
                }
                _ => "O".to_owned(),
            };
            out.push_str(&body[token]);
            out.push(' ');
            out.push_str(&tag);
            out.push('\n');
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_words_whole_and_split_punctuation() {
        let text = "Staffan de Mistura's talks, in Astana (Kazakhstan) - \"on\" U.S. aid.";
        let words: Vec<&str> = tokens(text, 0).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            words,
            [
                "Staffan",
                "de",
                "Mistura",
                "'",
                "s",
                "talks",
                ",",
                "in",
                "Astana",
                "(",
                "Kazakhstan",
                ")",
                "-",
                "\"",
                "on",
                "\"",
                "U",
                ".",
                "S",
                ".",
                "aid",
                "."
            ]
        );
    }
}
