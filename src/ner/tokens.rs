//! Tokens and sentences of running text, cut the way the training corpora are (Universal
//! Dependencies' English): punctuation apart, hyphens and slashes apart ("al - Assad"),
//! a possessive `'s` and a negation `n't` apart, the full stop kept on abbreviations,
//! initials and companies' legal forms ("U.S.", "Mr.", "J.", "Corp.").

use std::ops::Range;

use crate::discover::ABBREVIATIONS;

/// The tokens of a text (byte ranges) and its sentences (ranges of token indices).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    pub ranges: Vec<Range<usize>>,
    pub sentences: Vec<Range<usize>>,
}

impl Tokens {
    /// Tokens already cut (as in a CoNLL file), joined by single spaces into `text`, one
    /// sentence each.
    pub fn joined(sentences: &[Vec<&str>], text: &mut String) -> Self {
        let mut out = Self::default();
        for sentence in sentences {
            let first = out.ranges.len();
            for token in sentence {
                if !text.is_empty() {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(token);
                out.ranges.push(start..text.len());
            }
            if out.ranges.len() > first {
                out.sentences.push(first..out.ranges.len());
            }
        }
        out
    }

    /// The text of token `i`.
    pub fn text<'t>(&self, text: &'t str, i: usize) -> &'t str {
        &text[self.ranges[i].clone()]
    }
}

/// Characters that stay inside a word when a letter or digit follows them: `U.S`,
/// `O'Brien`, `AT&T`, `1,000`, `3.5`.
fn joins(c: char) -> bool {
    matches!(c, '.' | '\'' | '\u{2019}' | '&' | ',' | ':' | '@' | '_')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '#' | '@') || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x300..=0x36f)
}

/// The tokens of each paragraph of `text`; a sentence never crosses a paragraph.
pub fn tokenise(text: &str, paragraphs: &[Range<usize>]) -> Tokens {
    let mut out = Tokens {
        ranges: Vec::with_capacity(text.len() / 5),
        sentences: Vec::with_capacity(text.len() / 100),
    };
    for p in paragraphs {
        let first = out.ranges.len();
        cut(text, p.clone(), &mut out.ranges);
        split_sentences(text, first, &mut out);
    }
    out
}

/// Cuts `text[range]` into tokens.
fn cut(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let part = &text[range.clone()];
    let base = range.start;
    let mut chars = part.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if !is_word_char(c) {
            out.push(base + i..base + i + c.len_utf8());
            continue;
        }
        // A word: letters and digits, with joining characters inside it; it ends where
        // Chinese or Japanese text begins (and back), which has no spaces between words.
        let mut end = i + c.len_utf8();
        let cjk = crate::text::is_cjk(c);
        while let Some(&(j, d)) = chars.peek() {
            if crate::text::is_cjk(d) != cjk {
                break;
            }
            if is_word_char(d) {
                end = j + d.len_utf8();
                chars.next();
                continue;
            }
            let after = part[j + d.len_utf8()..].chars().next();
            // A comma or colon joins digits only ("1,000", "10:30").
            let numeric = matches!(d, ',' | ':');
            let joined = joins(d)
                && after.is_some_and(|a| a.is_alphanumeric())
                && (!numeric
                    || (part[i..j].ends_with(|c: char| c.is_ascii_digit())
                        && after.is_some_and(|a| a.is_ascii_digit())));
            if joined {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        // A full stop stays on an abbreviation, an initial or a dotted acronym.
        let word = &part[i..end];
        if part[end..].starts_with('.') && keeps_stop(word) {
            end += 1;
            chars.next();
        }
        push_word(base + i, &text[base + i..base + end], out);
    }
}

/// Whether a word keeps a full stop after it: "Mr", "U.S", "J".
fn keeps_stop(word: &str) -> bool {
    let mut chars = word.chars();
    let one_capital = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    one_capital
        || word.contains('.')
        || ABBREVIATIONS.contains(&word)
        || COMPANY_FORMS.contains(&word)
}

/// Companies' legal forms written with a full stop, which is part of the name: "General
/// Motors Corp." (the training corpora keep it on the word, as they do on "Mr.").
const COMPANY_FORMS: &[&str] = &["Inc", "Corp", "Co", "Ltd", "Cos", "Bros", "Plc"];

/// Pushes a word, with a possessive or negation split off its end.
fn push_word(start: usize, word: &str, out: &mut Vec<Range<usize>>) {
    let end = start + word.len();
    let lower_end = |suffix: &str| {
        word.len() > suffix.len()
            && word.is_char_boundary(word.len() - suffix.len())
            && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    for suffix in ["'s", "\u{2019}s", "n't", "n\u{2019}t"] {
        if lower_end(suffix) {
            let cut = end - suffix.len();
            out.push(start..cut);
            out.push(cut..end);
            return;
        }
    }
    out.push(start..end);
}

/// Splits the tokens from `first` on into sentences: after `.`, `!` or `?` (and any
/// closing quotes or brackets) when the next token does not start in lower case.
fn split_sentences(text: &str, first: usize, out: &mut Tokens) {
    let n = out.ranges.len();
    let mut start = first;
    let mut i = first;
    while i < n {
        let t = &text[out.ranges[i].clone()];
        if matches!(t, "." | "!" | "?" | "…") {
            let mut end = i + 1;
            while end < n && matches!(&text[out.ranges[end].clone()], "\"" | "”" | "’" | "'" | ")")
            {
                end += 1;
            }
            let next_lower = end < n
                && text[out.ranges[end].clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase);
            if end < n && !next_lower {
                out.sentences.push(start..end);
                start = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if start < n {
        out.sentences.push(start..n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut_all(text: &str) -> (Vec<&str>, Vec<Vec<&str>>) {
        let t = tokenise(text, std::slice::from_ref(&(0..text.len())));
        let words = t.ranges.iter().map(|r| &text[r.clone()]).collect();
        let sentences = t
            .sentences
            .iter()
            .map(|s| s.clone().map(|i| &text[t.ranges[i].clone()]).collect())
            .collect();
        (words, sentences)
    }

    #[test]
    fn cuts_as_the_training_corpora_do() {
        let (words, _) =
            cut_all("Mr. al-Assad's U.S. allies didn't pay $1,000 (3.5%) to AT&T, J. Smith said.");
        assert_eq!(
            words,
            [
                "Mr.", "al", "-", "Assad", "'s", "U.S.", "allies", "did", "n't", "pay", "$",
                "1,000", "(", "3.5", "%", ")", "to", "AT&T", ",", "J.", "Smith", "said", "."
            ]
        );
        let (words, _) = cut_all("Ford Motor Co. and Acme Inc. rose.");
        assert_eq!(
            words,
            ["Ford", "Motor", "Co.", "and", "Acme", "Inc.", "rose", "."]
        );
    }

    #[test]
    fn sentences_end_at_stops_before_a_capital_not_after_abbreviations() {
        let (_, sentences) = cut_all(
            "Gen. Smith met Dr. Jones in Washington. \u{201c}Never.\u{201d} They left. then more",
        );
        assert_eq!(sentences.len(), 3, "{sentences:?}");
        assert_eq!(sentences[0].last(), Some(&"."));
        assert_eq!(sentences[1], ["\u{201c}", "Never", ".", "\u{201d}"]);
    }

    #[test]
    fn a_latin_name_ends_where_chinese_or_japanese_text_begins() {
        let (words, _) = cut_all("据报道Obama访问了Beijing。Putin氏は");
        assert_eq!(
            words,
            [
                "据报道",
                "Obama",
                "访问了",
                "Beijing",
                "。",
                "Putin",
                "氏は"
            ]
        );
    }

    #[test]
    fn joined_tokens_keep_their_ranges() {
        let mut text = String::new();
        let t = Tokens::joined(&[vec!["Hello", "world"], vec!["Bye"]], &mut text);
        assert_eq!(text, "Hello world Bye");
        assert_eq!(t.sentences, [0..2, 2..3]);
        assert_eq!(t.text(&text, 2), "Bye");
    }
}
