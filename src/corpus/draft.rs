//! What every format's reader produces before it becomes an [`Article`]: metadata and
//! blocks of text, cleaned of anything a terminal would act on.

use std::path::Path;

use super::date::{self, Date};
use super::{Article, Format};

/// An article as a format reader found it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub url: Option<String>,
    /// The body as text: paragraphs separated by blank lines; single line breaks inside a
    /// paragraph (list items, table rows, verse) are kept as lines.
    pub body: String,
}

impl Draft {
    /// Whether the body has any text.
    pub fn has_text(&self) -> bool {
        self.body.chars().any(|c| !c.is_whitespace())
    }

    /// The article, with every field cleaned; `fallback_title` names it when the format
    /// gave no title.
    pub fn into_article(self, path: &Path, format: Format, fallback_title: &str) -> Article {
        let stem = file_stem(path);
        let (body, paragraphs) = assemble(&self.body);
        let one_line =
            |s: Option<String>| s.map(|s| collapse(&clean(&s))).filter(|s| !s.is_empty());
        Article {
            path: path.to_owned(),
            title: one_line(self.title).unwrap_or_else(|| fallback_title.to_owned()),
            subtitle: one_line(self.subtitle),
            title_derived: false,
            source: one_line(self.source).unwrap_or(stem),
            byline: one_line(self.byline),
            url: one_line(self.url),
            date: self.date,
            format,
            body,
            paragraphs,
            file_text: None,
        }
    }
}

/// A file's name without its extension; standard input is called so.
pub fn file_stem(path: &Path) -> String {
    if path == Path::new("-") {
        return "standard input".into();
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A date written in metadata: ISO 8601, RFC 2822, "July 4, 2017" and the like.
pub fn metadata_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(date) = Date::from_unix_digits(text) {
        return Some(date);
    }
    // 2017/07/04 and 2017.07.04
    let iso = text.get(..10).map(|s| s.replace(['/', '.'], "-"));
    iso.as_deref()
        .and_then(date::find_date)
        .or_else(|| date::find_date(text))
        .map(|(d, _)| d)
}

/// Replaces what must not reach a terminal: control characters (tabs become spaces, line
/// breaks stay) and the bidirectional overrides that reorder text on screen. A C0 control
/// is shown as its Unicode control picture (ESC as ␛, BEL as ␇), as `less` shows `^[`:
/// visible, one column wide, and telling what was there; C1 controls become U+FFFD.
pub fn clean(text: &str) -> String {
    use crate::text::{is_bidi_control, may_start_control, next_suspect, visible_control};
    let text = text.trim_start_matches('\u{feff}');
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Copied a clean run at a time: only a byte that may start a control character (a
    // line break aside) can start a character that is changed.
    let suspect = |b: u8| may_start_control(b) & (b != b'\n');
    let mut copied = 0;
    let mut i = 0;
    while let Some(at) = next_suspect(bytes, i, suspect) {
        i = at;
        let c = text[i..].chars().next().unwrap_or('\u{fffd}');
        let width = c.len_utf8();
        let replacement = match c {
            '\r' => None,
            c if is_bidi_control(c) => None,
            '\t' => Some(' '),
            c if c.is_control() => Some(visible_control(c)),
            _ => {
                i += width;
                continue;
            }
        };
        out.push_str(&text[copied..i]);
        out.extend(replacement);
        i += width;
        copied = i;
    }
    out.push_str(&text[copied..]);
    out
}

/// Runs of whitespace (line breaks included) made one space, ends trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cleans a body and lays it out: paragraphs joined by "\n\n", lines in a paragraph by
/// "\n", spaces collapsed; returns the text and the byte range of each line.
fn assemble(raw: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let cleaned = clean(raw);
    let mut body = String::with_capacity(cleaned.len());
    let mut lines = Vec::new();
    let mut blank_before = false;
    for line in cleaned.split('\n') {
        let line = collapse(line);
        if line.is_empty() {
            blank_before = true;
            continue;
        }
        if !body.is_empty() {
            body.push_str(if blank_before { "\n\n" } else { "\n" });
        }
        blank_before = false;
        lines.push(body.len()..body.len() + line.len());
        body.push_str(&line);
    }
    (body, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_keep_paragraphs_and_lines_and_lose_control_characters() {
        let d = Draft {
            title: Some("  A\ttitle \u{1b}[31m ".into()),
            body: " First  para\u{7}.\r\n\n\n• one\n• two \u{202e}evil\n\nLast.".into(),
            ..Draft::default()
        };
        let a = d.into_article(Path::new("x/y.md"), Format::Markdown, "fallback");
        assert_eq!(a.title, "A title ␛[31m");
        assert_eq!(a.body, "First para␇.\n\n• one\n• two evil\n\nLast.");
        let lines: Vec<&str> = a.paragraphs.iter().map(|r| &a.body[r.clone()]).collect();
        assert_eq!(lines, ["First para␇.", "• one", "• two evil", "Last."]);
        assert_eq!(a.source, "y");
    }

    #[test]
    fn cleaning_a_run_at_a_time_equals_cleaning_each_character() {
        use crate::text::{is_bidi_control, visible_control};
        let each = |text: &str| -> String {
            text.trim_start_matches('\u{feff}')
                .chars()
                .filter(|&c| c != '\r' && !is_bidi_control(c))
                .map(|c| match c {
                    '\t' => ' ',
                    '\n' => '\n',
                    c if c.is_control() => visible_control(c),
                    c => c,
                })
                .collect()
        };
        for text in [
            "",
            "plain",
            "\u{feff}\u{feff}BOMs\u{feff} then \u{202e}evil\u{2069}\u{200f}\u{061c}.",
            "“quotes” – dashes — and ’ \u{85}C1\u{9f}\u{a0}nbsp\u{7f}\x01\t\r\n",
            "ends in a control\u{1b}",
            "Ωmega 日本語 \u{2000}\u{2028}\u{2066}",
        ] {
            assert_eq!(clean(text), each(text), "{text:?}");
        }
    }

    #[test]
    fn metadata_dates_in_common_forms() {
        for (text, iso) in [
            ("2017-07-04T10:00:00Z", "2017-07-04"),
            ("Tue, 04 Jul 2017 10:00:00 +0000", "2017-07-04"),
            ("2017/07/04", "2017-07-04"),
            ("July 4, 2017", "2017-07-04"),
        ] {
            assert_eq!(
                metadata_date(text).map(|d| d.to_string()).as_deref(),
                Some(iso),
                "{text}"
            );
        }
        assert_eq!(metadata_date("yesterday"), None);
    }
}
