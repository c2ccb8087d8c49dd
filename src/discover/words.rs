//! Words of running text for discovery: each with its place, its shape (capitalised,
//! acronym, lower case…), and whether it opens a sentence or sits in a heading-like
//! line, where capitals say nothing about names.

use std::ops::Range;

/// The shape of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Starts with a capital (`Syria`, `McCain`), or is a particle joined by a hyphen to a
    /// capitalised part (`al-Assad`).
    Capitalised,
    /// Two or more capitals and nothing else (`ISIL`), or capitals with dots (`U.S.`).
    Acronym,
    /// Starts with a lower-case letter.
    Lower,
    /// Starts with a digit.
    Number,
}

/// A word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the text, without a possessive `'s`.
    pub range: Range<usize>,
    pub shape: Shape,
    /// The first word of a sentence (or after a dateline's `//`).
    pub sentence_start: bool,
    /// In a line that reads like a heading or page furniture: no sentence punctuation,
    /// mostly capitalised words.
    pub heading: bool,
    /// Only spaces separate it from the word before (in the same paragraph).
    pub joined: bool,
}

impl Word {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range.clone()]
    }

    /// Capitalised or an acronym: the words names are made of.
    pub fn is_namelike(&self) -> bool {
        matches!(self.shape, Shape::Capitalised | Shape::Acronym)
    }

    /// Whether its capital may be only the sentence's or the heading's.
    pub fn capital_is_doubtful(&self) -> bool {
        self.sentence_start || self.heading
    }
}

/// Name particles written in lower case inside names (`Staffan de Mistura`).
pub const PARTICLES: [&str; 18] = [
    "al", "el", "de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "bin", "ibn",
    "bint", "la", "le", "y",
];

/// Abbreviations whose full stop does not end a sentence ("Mr. Smith", "Dec. 30").
pub const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Sen", "Rep", "Gov",
    "Pres", "St", "Prof", "Jr", "Sr", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "No", "vs", "etc", "approx",
];

/// The words of each paragraph of `text` (byte ranges), in order.
pub fn words(text: &str, paragraphs: &[Range<usize>]) -> Vec<Word> {
    // News text averages about six bytes a word.
    let mut out = Vec::with_capacity(text.len() / 5);
    for p in paragraphs {
        let first = out.len();
        scan(text, p.clone(), &mut out);
        let para = &mut out[first..];
        if looks_like_heading(text, p.clone(), para) {
            for w in para {
                w.heading = true;
            }
        }
    }
    out
}

/// The character at byte `i` and its length, with a fast path for ASCII.
fn char_at(text: &str, i: usize) -> (char, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (b as char, 1),
        Some(_) => text[i..]
            .chars()
            .next()
            .map_or((' ', 1), |c| (c, c.len_utf8())),
        None => (' ', 1),
    }
}

/// Whether the character at byte `i` is a letter or digit, and its length.
fn word_char_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes().get(i) {
        Some(&b) if b < 0x80 => (b.is_ascii_alphanumeric(), 1),
        _ => {
            let (c, len) = char_at(text, i);
            (c.is_alphanumeric(), len)
        }
    }
}

/// Scans one paragraph.
fn scan(text: &str, p: Range<usize>, out: &mut Vec<Word>) {
    let bytes = text.as_bytes();
    let mut i = p.start;
    let mut prev_end = p.start;
    let mut first = true;
    while i < p.end {
        let (is_word, len) = word_char_at(text, i);
        if !is_word {
            i += len;
            continue;
        }
        let start = i;
        // Dotted acronyms: U.S., U.N., U.S.A.
        if bytes[i].is_ascii_uppercase() && bytes.get(i + 1) == Some(&b'.') {
            let mut j = i;
            while j + 1 < p.end && bytes[j].is_ascii_uppercase() && bytes[j + 1] == b'.' {
                j += 2;
            }
            if j - i >= 4 {
                push(text, start..j, Shape::Acronym, prev_end, first, out);
                prev_end = j;
                first = false;
                i = j;
                continue;
            }
        }
        let mut end = i + len;
        let cjk = crate::text::is_cjk(char_at(text, i).0);
        while end < p.end {
            if bytes[end].is_ascii_alphanumeric() {
                if cjk {
                    break;
                }
                end += 1;
                continue;
            }
            let (ch, l) = char_at(text, end);
            // A Latin name ends where Chinese or Japanese text begins, and back.
            if ch.is_alphanumeric() && crate::text::is_cjk(ch) == cjk {
                end += l;
                continue;
            }
            // A hyphen or apostrophe between letters joins (al-Assad, O'Brien).
            if matches!(ch, '-' | '\'' | '\u{2019}')
                && end + l < p.end
                && word_char_at(text, end + l).0
            {
                end += l;
                continue;
            }
            break;
        }
        let mut range = start..end;
        for suffix in ["'s", "\u{2019}s"] {
            if text[range.clone()].ends_with(suffix) && range.len() > suffix.len() {
                range.end -= suffix.len();
            }
        }
        let shape = shape(&text[range.clone()]);
        push(text, range, shape, prev_end, first, out);
        prev_end = end;
        first = false;
        i = end;
    }
}

fn push(
    text: &str,
    range: Range<usize>,
    shape: Shape,
    prev_end: usize,
    first: bool,
    out: &mut Vec<Word>,
) {
    let gap = &text[prev_end..range.start];
    if gap == " " && !first {
        out.push(Word {
            range,
            shape,
            sentence_start: false,
            heading: false,
            joined: true,
        });
        return;
    }
    let after_abbreviation = gap == ". "
        && out
            .last()
            .is_some_and(|w| ABBREVIATIONS.contains(&w.text(text)));
    let sentence_start = first || (ends_sentence(gap) && !after_abbreviation);
    let joined =
        !first && (after_abbreviation || (!gap.is_empty() && gap.chars().all(|c| c == ' ')));
    out.push(Word {
        range,
        shape,
        sentence_start,
        heading: false,
        joined,
    });
}

/// Whether the text between two words ends a sentence: a full stop, question or
/// exclamation mark, or a dateline's `//`, then space.
fn ends_sentence(gap: &str) -> bool {
    let trimmed = gap.trim_end_matches(['"', '\u{201c}', '\'', '\u{2018}', '(', '[']);
    if !trimmed.ends_with(char::is_whitespace) {
        return false;
    }
    let before = trimmed.trim_end();
    let before = before.trim_end_matches(['"', '\u{201d}', '\'', '\u{2019}', ')', ']']);
    before.ends_with(['.', '!', '?', ':']) || before.ends_with("//")
}

fn shape(word: &str) -> Shape {
    let bytes = word.as_bytes();
    let first = word.chars().next().unwrap_or(' ');
    if first.is_numeric() {
        return Shape::Number;
    }
    if first.is_uppercase() {
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let all_capitals = letters.clone().all(char::is_uppercase);
        if all_capitals && letters.nth(1).is_some() {
            return Shape::Acronym;
        }
        return Shape::Capitalised;
    }
    // Particles are at most five letters: look for the hyphen only there.
    let hyphen = bytes.iter().take(6).position(|&c| c == b'-');
    if let Some((particle, rest)) = hyphen.map(|h| (&word[..h], &word[h + 1..]))
        && PARTICLES.contains(&particle)
        && rest.starts_with(char::is_uppercase)
    {
        return Shape::Capitalised;
    }
    Shape::Lower
}

/// A paragraph without sentence punctuation whose words are mostly capitalised: a
/// heading, a byline, page furniture ("Contact Us", "Updated: July 4").
fn looks_like_heading(text: &str, p: Range<usize>, words: &[Word]) -> bool {
    let para = text[p].trim_end();
    if para.ends_with(['.', '!', '?', '"', '\u{201d}']) {
        return false;
    }
    let (mut alpha, mut capitals) = (0, 0);
    for w in words.iter().filter(|w| w.shape != Shape::Number) {
        alpha += 1;
        capitals += usize::from(w.is_namelike());
    }
    alpha > 0 && capitals * 2 > alpha
}
