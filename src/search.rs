//! Searching the articles' text: a regular expression with vim's smartcase (case
//! matters only when the pattern has a capital), hits across the articles in list order.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use crate::document::Document;

/// A compiled search pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    regex: Regex,
}

impl Pattern {
    /// Compiles `text`; case-insensitive unless it holds an upper-case letter.
    pub fn new(text: &str) -> Result<Self, String> {
        let regex = RegexBuilder::new(text)
            .case_insensitive(!has_upper(text))
            .size_limit(1 << 22)
            .build()
            .map_err(|e| match e {
                regex::Error::Syntax(s) => s.lines().last().unwrap_or("bad pattern").to_owned(),
                other => other.to_string(),
            })?;
        Ok(Self {
            text: text.to_owned(),
            regex,
        })
    }

    /// The non-empty matches in `text`, in order.
    pub fn find_in(&self, text: &str) -> Vec<Range<usize>> {
        self.regex
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
            .collect()
    }
}

/// Whether a pattern asks for exact case: it has a capital outside an escape (`\S`, `\W`
/// and `\p{Lu}` are classes, not letters).
fn has_upper(pattern: &str) -> bool {
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some('p' | 'P') = chars.next() {
                // Skip a class name such as {Lu} or L.
                if chars.clone().next() == Some('{') {
                    for c in chars.by_ref() {
                        if c == '}' {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            continue;
        }
        if c.is_uppercase() {
            return true;
        }
    }
    false
}

/// One hit: a byte range of a document's body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
}

/// Every hit of `pattern` in the bodies of `docs`, visiting documents in `order`.
pub fn search(docs: &[Document], order: &[usize], pattern: &Pattern) -> Vec<Hit> {
    let search_in = |order: &[usize]| search_run(docs, order, pattern);
    // A large corpus is shared among the cores, each taking a run of the order; the
    // runs' hits are joined in order.
    let bytes: usize = order.iter().map(|&d| docs[d].article.body.len()).sum();
    let workers = crate::loader::workers().min(bytes / PARALLEL_BYTES + 1);
    if workers < 2 {
        return search_in(order);
    }
    let runs: Vec<Vec<Hit>> = std::thread::scope(|scope| {
        let handles: Vec<_> = order
            .chunks(order.len().div_ceil(workers))
            .map(|run| scope.spawn(move || search_in(run)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    runs.concat()
}

/// The hits in the articles of `order`, on this thread.
fn search_run(docs: &[Document], order: &[usize], pattern: &Pattern) -> Vec<Hit> {
    let mut hits = Vec::new();
    for &d in order {
        for r in pattern.find_in(&docs[d].article.body) {
            hits.push(Hit {
                doc: d,
                start: r.start,
                end: r.end,
            });
        }
    }
    hits
}

/// The text a search thread is worth starting for.
const PARALLEL_BYTES: usize = 4 << 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Input, load_nth};
    use crate::entities::{Gazetteer, Matcher};

    fn seeds() -> Vec<Document> {
        let m = Matcher::new(&Gazetteer::builtin());
        (0..2)
            .map(|i| Document::new(load_nth(&Input::Builtin, i).expect("seed"), &m))
            .collect()
    }

    #[test]
    fn a_large_corpus_searched_on_every_core_gives_the_hits_in_order() {
        let seeds = seeds();
        let docs: Vec<Document> = (0..4000).map(|i| seeds[i % 2].clone()).collect();
        let bytes: usize = docs.iter().map(|d| d.article.body.len()).sum();
        assert!(bytes > 2 * PARALLEL_BYTES, "{bytes}");
        // An order that is not the documents' own.
        let order: Vec<usize> = (0..docs.len()).rev().step_by(3).chain(0..5).collect();
        let p = Pattern::new("Astana").expect("pattern");
        let hits = search(&docs, &order, &p);
        assert!(hits.len() > 500, "{}", hits.len());
        assert_eq!(hits, search_run(&docs, &order, &p));
    }

    #[test]
    fn smartcase_ignores_case_until_a_capital_is_typed() {
        let p = Pattern::new("douma").expect("pattern");
        assert_eq!(p.find_in("Douma, DOUMA and douma").len(), 3);
        let p = Pattern::new("Douma").expect("pattern");
        assert_eq!(p.find_in("Douma, DOUMA and douma"), vec![(0..5)]);
        // Classes written with capitals are not capitals.
        let p = Pattern::new(r"talks\S*").expect("pattern");
        assert_eq!(p.find_in("TALKS: Talks").len(), 2);
        // \p{Lu} does not make the pattern case-sensitive (and then matches either case).
        let p = Pattern::new(r"\p{Lu}ouma").expect("pattern");
        assert_eq!(p.find_in("Douma douma").len(), 2);
        assert!(has_upper("É") && !has_upper("é"));
    }

    #[test]
    fn hits_come_in_list_order_across_articles() {
        let docs = seeds();
        let p = Pattern::new("Douma").expect("pattern");
        let hits = search(&docs, &[0, 1], &p);
        let per_doc: Vec<usize> = hits.iter().map(|h| h.doc).collect();
        assert_eq!(per_doc, [0, 0, 1]);
        for h in &hits {
            assert_eq!(&docs[h.doc].article.body[h.start..h.end], "Douma");
        }
        let reversed: Vec<usize> = search(&docs, &[1, 0], &p).iter().map(|h| h.doc).collect();
        assert_eq!(reversed, [1, 0, 0]);
    }

    #[test]
    fn no_hit_and_bad_patterns() {
        let docs = seeds();
        let p = Pattern::new("Pyongyang").expect("pattern");
        assert!(search(&docs, &[0, 1], &p).is_empty());
        let err = Pattern::new("(unclosed").expect_err("bad");
        assert!(err.contains("unclosed"), "{err}");
        // Empty matches are not hits.
        assert!(
            Pattern::new("x*")
                .expect("pattern")
                .find_in("abc")
                .is_empty()
        );
    }

    #[test]
    fn multibyte_hits_are_on_character_boundaries() {
        let p = Pattern::new("téhéran").expect("pattern");
        let text = "À TÉHÉRAN et à Téhéran";
        for r in p.find_in(text) {
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert_eq!(p.find_in(text).len(), 2);
    }
}
