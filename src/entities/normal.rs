//! Text as the matcher compares it: composed (NFC), no-break and other spaces and line
//! breaks inside a paragraph as one space, Unicode hyphens as `-`, with every byte's place
//! in the original so mentions keep offsets into the text as shown. A name written
//! `Zu\u{308}rich`, `Stuart\u{a0}Jones`, `Stuart  Jones` or broken over two lines is
//! found as `Zürich` or `Stuart Jones`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A text in the matcher's form, and where each of its bytes came from.
pub struct Normalised {
    pub text: String,
    /// For each byte of `text` (and one past its end), the byte of the original it
    /// stands for.
    origin: Vec<usize>,
}

impl Normalised {
    /// The byte of the original where normalised byte `at` came from.
    pub fn origin(&self, at: usize) -> usize {
        self.origin[at.min(self.origin.len() - 1)]
    }
}

/// Whether a character outside ASCII is changed by [`normalise`] (or, for a combining
/// mark, may be).
fn changes(c: char) -> bool {
    match c {
        '\u{2010}' | '\u{2011}' => true,
        // PERF: typographic quotes and dashes live here and are common; the only marks
        // in this block are the symbols' combining marks.
        '\u{2012}'..='\u{2FFF}' => {
            matches!(
                c,
                '\u{2000}'..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}'
            ) || ('\u{20D0}'..='\u{20FF}').contains(&c)
        }
        _ => c.is_whitespace() || (c >= '\u{300}' && is_combining_mark(c)),
    }
}

/// Whether a character beyond ASCII that [`normalise`] changes is in `text`: looked for
/// only where such characters can start (the lead bytes of U+0080–U+00BF, the combining
/// diacritics U+0300–U+036F, and U+1000–U+3FFF: spaces, hyphens, other combining marks),
/// with SIMD byte search, so ASCII text and typographic quotes cost almost nothing.
fn beyond_ascii_changes(text: &str) -> bool {
    let bytes = text.as_bytes();
    let at = |i: usize| {
        text.get(i..)
            .and_then(|t| t.chars().next())
            .is_some_and(changes)
    };
    memchr::memchr3_iter(0xC2, 0xCC, 0xCD, bytes).any(at)
        || memchr::memchr3_iter(0xE1, 0xE2, 0xE3, bytes).any(at)
}

/// `text` in the matcher's form, or `None` when it already is (most text: then nothing is
/// copied). Two line breaks in a row stay a break, so names never run across paragraphs.
pub fn normalise(text: &str) -> Option<Normalised> {
    // PERF: this check runs on every text matched; most need nothing, and it looks at
    // each byte a few times with fast searches, decoding only characters beyond ASCII.
    let bytes = text.as_bytes();
    let lone_break = |i: usize| {
        (i == 0 || bytes[i - 1] != b'\n') && bytes.get(i + 1).is_none_or(|&b| b != b'\n')
    };
    let needs = crate::text::two_spaces(bytes, 0).is_some()
        || memchr::memchr2(b'\t', b'\r', bytes).is_some()
        || memchr::memchr_iter(b'\n', bytes).any(lone_break)
        || beyond_ascii_changes(text);
    if !needs {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    let push = |out: &mut String, origin: &mut Vec<usize>, c: char, from: usize| {
        out.push(c);
        origin.extend(std::iter::repeat_n(from, c.len_utf8()));
    };
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            // A run of spaces and line breaks: one space, or a break between paragraphs.
            let mut breaks = usize::from(c == '\n');
            while let Some(&(_, n)) = chars.peek() {
                if !n.is_whitespace() {
                    break;
                }
                breaks += usize::from(n == '\n');
                chars.next();
            }
            push(
                &mut out,
                &mut origin,
                if breaks >= 2 { '\n' } else { ' ' },
                i,
            );
            continue;
        }
        if matches!(c, '\u{2010}' | '\u{2011}') {
            push(&mut out, &mut origin, '-', i);
            continue;
        }
        // A base character and the marks after it, composed where Unicode can.
        let mut end = i + c.len_utf8();
        while let Some(&(j, n)) = chars.peek() {
            if !is_combining_mark(n) {
                break;
            }
            end = j + n.len_utf8();
            chars.next();
        }
        if end == i + c.len_utf8() {
            push(&mut out, &mut origin, c, i);
        } else {
            for composed in text[i..end].nfc() {
                push(&mut out, &mut origin, composed, i);
            }
        }
    }
    origin.push(text.len());
    Some(Normalised { text: out, origin })
}

/// A name or alias in the matcher's form.
pub fn pattern(form: &str) -> String {
    normalise(form).map_or_else(|| form.to_owned(), |n| n.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_spaces_and_hyphens_and_keeps_the_way_back() {
        let text = "Zu\u{308}rich and Stuart\u{a0}Jones,  the\u{2011}envoy\nsaid.\n\nNext";
        let n = normalise(text).expect("changed");
        assert_eq!(n.text, "Zürich and Stuart Jones, the-envoy said.\nNext");
        let at = n.text.find("Stuart Jones").expect("found");
        let end = at + "Stuart Jones".len();
        assert_eq!(&text[n.origin(at)..n.origin(end)], "Stuart\u{a0}Jones");
        let z = n.text.find("Zürich").expect("composed");
        assert_eq!(
            &text[n.origin(z)..n.origin(z + "Zürich".len())],
            "Zu\u{308}rich"
        );
        assert!(normalise("Plain text.\n\nTwo paragraphs, single spaces.").is_none());
    }
}
