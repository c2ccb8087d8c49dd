//! An article wrapped to one width, once: its rows as byte ranges of the text, and the
//! (row, column) of every mention, so jumps and highlighting never re-wrap.

use textwrap::WordSeparator;
use textwrap::core::break_words;
use textwrap::wrap_algorithms::wrap_first_fit;
use unicode_width::UnicodeWidthStr;

use crate::document::Document;

/// Which text a row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    Title,
    Subtitle,
    /// The source, date, byline and address line under the headline.
    Meta,
    /// A blank line between paragraphs; its range is empty.
    Blank,
    #[default]
    Body,
}

/// One screen row: a byte range of its part's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub part: Part,
    pub start: usize,
    pub end: usize,
}

/// A reading position that survives re-wrapping: the part and byte offset at the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub part: Part,
    pub offset: usize,
}

/// One document wrapped to one width.
#[derive(Debug, Clone)]
pub struct Wrapped {
    pub width: usize,
    pub rows: Vec<Row>,
    /// Row and display column where each mention of the document starts.
    pub mention_pos: Vec<(usize, usize)>,
    /// The text of the meta line.
    pub meta: String,
    /// The first row of the body.
    pub body_start: usize,
}

/// "source · date · by byline · url", from what the article has.
fn meta_line(a: &crate::corpus::Article) -> String {
    let mut parts = vec![a.source.clone()];
    parts.extend(a.date.map(|d| d.to_string()));
    if let Some(b) = a.byline.as_deref().filter(|b| !b.is_empty()) {
        let by = b.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("by "));
        parts.push(if by { b.to_owned() } else { format!("by {b}") });
    }
    parts.extend(a.url.clone());
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

impl Wrapped {
    pub fn new(doc: &Document, width: usize) -> Self {
        let width = width.max(1);
        let a = &doc.article;
        let meta = meta_line(a);
        let mut rows = Vec::new();
        wrap_into(&mut rows, Part::Title, &a.title, 0, width);
        if let Some(sub) = &a.subtitle {
            wrap_into(&mut rows, Part::Subtitle, sub, 0, width);
        }
        wrap_into(&mut rows, Part::Meta, &meta, 0, width);
        let body_start = rows.len();
        for (i, p) in a.paragraphs.iter().enumerate() {
            let at = if i == 0 { 0 } else { p.start };
            // Lines of one paragraph (list items) follow each other without a gap.
            let same_paragraph = i > 0 && !a.body[..p.start].ends_with("\n\n");
            if !same_paragraph {
                rows.push(Row {
                    part: Part::Blank,
                    start: at,
                    end: at,
                });
            }
            wrap_into(&mut rows, Part::Body, &a.body[p.clone()], p.start, width);
        }
        let mention_pos = doc
            .mentions
            .iter()
            .map(|m| {
                let n = rows[body_start..].partition_point(|row| row.start <= m.start);
                let r = body_start + n.saturating_sub(1);
                let col = a
                    .body
                    .get(rows[r].start..m.start)
                    .map_or(0, UnicodeWidthStr::width);
                (r, col)
            })
            .collect();
        Self {
            width,
            rows,
            mention_pos,
            meta,
            body_start,
        }
    }

    /// The text of a row.
    pub fn text<'a>(&'a self, doc: &'a Document, row: &Row) -> &'a str {
        let a = &doc.article;
        let whole: &str = match row.part {
            Part::Title => &a.title,
            Part::Subtitle => a.subtitle.as_deref().unwrap_or(""),
            Part::Meta => &self.meta,
            Part::Blank => return "",
            Part::Body => &a.body,
        };
        whole.get(row.start..row.end).unwrap_or("")
    }

    /// The reading position of row `top`.
    pub fn anchor_at(&self, top: usize) -> Anchor {
        self.rows.get(top).map_or(
            Anchor {
                part: Part::Title,
                offset: 0,
            },
            |r| Anchor {
                part: r.part,
                offset: r.start,
            },
        )
    }

    /// The row that shows an anchor's position after re-wrapping.
    pub fn row_of(&self, anchor: Anchor) -> usize {
        let (from, to) = match anchor.part {
            Part::Blank | Part::Body => (self.body_start, self.rows.len()),
            part => {
                let first = self.rows.iter().position(|r| r.part == part).unwrap_or(0);
                let last = self.rows[first..]
                    .iter()
                    .position(|r| r.part != part)
                    .map_or(self.rows.len(), |n| first + n);
                (first, last)
            }
        };
        if from >= to {
            return from.min(self.rows.len().saturating_sub(1));
        }
        let n = self.rows[from..to].partition_point(|r| r.start <= anchor.offset);
        // A blank row and the paragraph after it share no offset; keep the blank.
        let row = from + n.saturating_sub(1);
        if anchor.part == Part::Blank && row + 1 < to && self.rows[row].part == Part::Body {
            return row.saturating_sub(1).max(from);
        }
        row
    }

    /// The body offset where row `top` begins (0 above the body).
    pub fn body_offset(&self, top: usize) -> usize {
        match self.rows.get(top) {
            Some(r) if top >= self.body_start => r.start,
            Some(_) => 0,
            None => usize::MAX,
        }
    }
}

/// Wraps one piece of text, pushing rows whose ranges are `base` plus offsets into it.
fn wrap_into(rows: &mut Vec<Row>, part: Part, text: &str, base: usize, width: usize) {
    let words = break_words(
        WordSeparator::UnicodeBreakProperties.find_words(text),
        width,
    );
    let origin = text.as_ptr() as usize;
    for line in wrap_first_fit(&words, &[width as f64]) {
        let (Some(first), Some(last)) = (line.first(), line.last()) else {
            continue;
        };
        // Words are slices of `text`; their addresses give their offsets.
        let start = first.word.as_ptr() as usize - origin;
        let end = last.word.as_ptr() as usize - origin + last.word.len();
        // Unicode line breaking may leave a space other than ' ' at either end.
        let line = &text[start..end];
        let start = start + (line.len() - line.trim_start().len());
        let end = end - (line.len() - line.trim_end().len());
        if start >= end {
            continue;
        }
        rows.push(Row {
            part,
            start: base + start,
            end: base + end,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Input, load_nth};
    use crate::entities::{Gazetteer, Matcher};

    fn seed(i: usize) -> Document {
        let m = Matcher::new(&Gazetteer::builtin());
        Document::new(load_nth(&Input::Builtin, i).expect("seed"), &m)
    }

    #[test]
    fn the_meta_line_holds_source_date_byline_and_address_when_known() {
        let mut a = seed(1).article;
        assert_eq!(meta_line(&a), format!("{} · 2017-07-04", a.source));
        a.byline = Some("Jane Reporter".into());
        a.url = Some("https://e.org/1".into());
        assert_eq!(
            meta_line(&a),
            format!(
                "{} · 2017-07-04 · by Jane Reporter · https://e.org/1",
                a.source
            )
        );
        a.byline = Some("By José".into());
        a.date = None;
        a.url = None;
        assert_eq!(meta_line(&a), format!("{} · By José", a.source));
        a.byline = Some("Jé".into());
        assert_eq!(meta_line(&a), format!("{} · by Jé", a.source));
    }

    #[test]
    fn chinese_and_japanese_wrap_between_characters_not_only_at_spaces() {
        let m = Matcher::new(&Gazetteer::builtin());
        let text = "标题\n\n新华社北京电记者报道 俄罗斯土耳其和伊朗代表 在阿斯塔纳举行会谈 各方同意继续对话 日本語の文章も折り返されます";
        let doc = Document::new(
            crate::corpus::Article::from_plain_text(std::path::Path::new("zh.txt"), text),
            &m,
        );
        let w = Wrapped::new(&doc, 30);
        let body: Vec<&Row> = w
            .rows
            .iter()
            .filter(|r| matches!(r.part, Part::Body | Part::Subtitle))
            .collect();
        assert!(body.len() >= 3, "{} rows", body.len());
        for r in &body {
            let text = match r.part {
                Part::Subtitle => doc.article.subtitle.as_deref().unwrap_or_default(),
                _ => &doc.article.body,
            };
            let line = &text[r.start..r.end];
            assert!(unicode_width::UnicodeWidthStr::width(line) <= 30, "{line}");
            // Full rows: no line breaks early, as breaking only at spaces would.
            assert!(
                unicode_width::UnicodeWidthStr::width(line) >= 27
                    || r == body.last().expect("a row"),
                "{line}"
            );
        }
    }

    #[test]
    fn rows_fit_the_width_and_cover_every_word() {
        let doc = seed(1);
        for width in [1, 7, 20, 41, 80, 200] {
            let w = Wrapped::new(&doc, width);
            let mut words = 0;
            for row in &w.rows {
                let text = w.text(&doc, row);
                assert!(text.width() <= width, "{width}: {text:?}");
                assert_eq!(text, text.trim());
                words += text.split_whitespace().count();
            }
            if width >= 20 {
                let a = &doc.article;
                let expected = a.title.split_whitespace().count()
                    + a.subtitle
                        .as_deref()
                        .map_or(0, |s| s.split_whitespace().count())
                    + w.meta.split_whitespace().count()
                    + a.body.split_whitespace().count();
                assert_eq!(words, expected, "{width}");
            }
        }
    }

    #[test]
    fn layout_is_title_subtitle_meta_then_paragraphs_with_blank_lines() {
        let doc = seed(1);
        let w = Wrapped::new(&doc, 1000);
        let parts: Vec<Part> = w.rows.iter().take(6).map(|r| r.part).collect();
        assert_eq!(
            parts,
            [
                Part::Title,
                Part::Subtitle,
                Part::Meta,
                Part::Blank,
                Part::Body,
                Part::Blank
            ]
        );
        assert_eq!(w.meta, "003_4a03aefaf02d152e · 2017-07-04");
    }

    #[test]
    fn mention_positions_point_at_the_mention_text() {
        let doc = seed(0);
        for width in [12, 33, 80] {
            let w = Wrapped::new(&doc, width);
            for (m, &(row, col)) in doc.mentions.iter().zip(&w.mention_pos) {
                let line = w.text(&doc, &w.rows[row]);
                let name = &doc.article.body[m.start..m.end];
                let prefix_width: usize = line
                    .chars()
                    .scan(0, |acc, c| {
                        *acc += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                        Some(*acc)
                    })
                    .take_while(|&x| x <= col)
                    .count();
                let rest: String = line.chars().skip(prefix_width).collect();
                let first_word = name.split(' ').next().unwrap_or(name);
                assert!(
                    rest.starts_with(first_word),
                    "{width}: {rest:?} vs {name:?}"
                );
            }
        }
    }

    #[test]
    fn wide_characters_wrap_by_display_width() {
        let m = Matcher::new(&Gazetteer::builtin());
        let article = crate::corpus::Article::from_plain_text(
            std::path::Path::new("cjk.txt"),
            "標題\n\n俄罗斯和伊朗的代表团在阿斯塔纳会谈。Russia 和 Iran 😀😀😀",
        );
        let doc = Document::new(article, &m);
        let w = Wrapped::new(&doc, 10);
        for row in &w.rows {
            assert!(w.text(&doc, row).width() <= 10);
        }
        assert_eq!(doc.mentions.len(), 2);
        assert_eq!(w.mention_pos.len(), 2);
    }

    #[test]
    fn anchors_keep_the_paragraph_at_the_top_across_widths() {
        let doc = seed(1);
        let narrow = Wrapped::new(&doc, 30);
        let wide = Wrapped::new(&doc, 90);
        // The first row of the fourth paragraph.
        let p = doc.article.paragraphs[3].start;
        let top = narrow
            .rows
            .iter()
            .position(|r| r.part == Part::Body && r.start == p)
            .expect("row");
        let anchor = narrow.anchor_at(top);
        let row = wide.row_of(anchor);
        assert_eq!(wide.rows[row].start, p);
        assert_eq!(narrow.row_of(wide.anchor_at(row)), top);
        // A blank line above a paragraph stays a blank line above it.
        let blank = narrow.anchor_at(top - 1);
        assert_eq!(wide.rows[wide.row_of(blank)].part, Part::Blank);
        // Header rows map to header rows.
        assert_eq!(wide.row_of(narrow.anchor_at(0)), 0);
    }
}
