//! The reader: the open article as wrapped once for this width, only the visible rows
//! drawn, every mention in its entity's colour and the current one in reverse video.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use super::pane_block;
use crate::app::notes::Placed;
use crate::app::{App, Focus, Tier};
use crate::document::Document;
use crate::wrap::{Part, Row, Wrapped};

pub fn render(app: &App, area: Rect, text_area: Rect, notes: &[Placed], buf: &mut Buffer) {
    let (Some(doc), Some(wrapped)) = (app.doc(), &app.reader.wrapped) else {
        let block = pane_block(app, Focus::Reader, " newslens ");
        let inner = block.inner(area);
        block.render(area, buf);
        let note = if app.loading.is_some() {
            "Loading articles…"
        } else {
            "No articles to show. Open files or folders: newslens PATH…"
        };
        Paragraph::new(note)
            .alignment(Alignment::Center)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(inner, buf);
        return;
    };
    pane_block(app, Focus::Reader, format!(" {} ", doc.article.title)).render(area, buf);
    let height = text_area.height as usize;
    let top = app.reader.top;
    // PERF: only the visible rows are styled and drawn; the wrap is cached per width.
    let hits = app
        .current
        .map(|d| visible_hits(app, d))
        .unwrap_or_default();
    for (i, row) in wrapped.rows.iter().enumerate().skip(top).take(height) {
        let mut line = styled_row(app, doc, wrapped, row, &hits);
        if app.reader.left > 0 {
            line = skip_columns(line, app.reader.left);
        }
        let y = text_area.y + (i - top) as u16;
        buf.set_line(text_area.x, y, &line, text_area.width);
        // A note starting on this row: a pencil in the margin.
        let noted = row.part == Part::Body
            && app.current.is_some_and(|d| {
                let starts = row.start..row.end.max(row.start + 1);
                crate::app::notes::starting_in(notes, d, starts)
                    .next()
                    .is_some()
            });
        if noted && text_area.x > area.x + 1 {
            buf.set_string(text_area.x - 1, y, "✎", app.theme.key);
        }
    }
    if wrapped.rows.len() > height && area.height > 2 {
        let mut state = ScrollbarState::new(app.max_top() + 1)
            .position(top)
            .viewport_content_length(height);
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .thumb_style(app.theme.border_focused)
            .track_style(app.theme.border)
            .render(
                area.inner(ratatui::layout::Margin::new(0, 1)),
                buf,
                &mut state,
            );
    }
}

/// `line` without its first `n` columns (the reader scrolled sideways); a wide
/// character cut in two leaves a space.
fn skip_columns(line: Line<'_>, n: usize) -> Line<'_> {
    use unicode_width::UnicodeWidthChar;
    let mut left = n;
    let mut spans = Vec::with_capacity(line.spans.len());
    for span in line.spans {
        if left == 0 {
            spans.push(span);
            continue;
        }
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if left == 0 {
                kept.push(c);
            } else if w > left {
                kept.extend(std::iter::repeat_n(' ', w - left));
                left = 0;
            } else {
                left -= w;
            }
        }
        if !kept.is_empty() {
            spans.push(ratatui::text::Span::styled(kept, span.style));
        }
    }
    Line::from(spans)
}

/// The search hits to show in the open article: the prompt's while typing, else the
/// accepted search's, with the index of the current one.
fn visible_hits(app: &App, doc: usize) -> (Vec<Range<usize>>, Option<usize>) {
    if let Some(p) = &app.prompt {
        return (p.hits.clone(), None);
    }
    let Some(search) = &app.search else {
        return (Vec::new(), None);
    };
    let range = search.hits_in(doc);
    let current = search
        .current
        .filter(|c| range.contains(c))
        .map(|c| c - range.start);
    let hits = search.hits[range].iter().map(|h| h.start..h.end).collect();
    (hits, current)
}

/// One row as styled spans: mentions coloured by entity, the current one reversed, and
/// search hits on top.
fn styled_row<'a>(
    app: &App,
    doc: &'a Document,
    wrapped: &'a Wrapped,
    row: &Row,
    hits: &(Vec<Range<usize>>, Option<usize>),
) -> Line<'a> {
    let theme = &app.theme;
    let text = wrapped.text(doc, row);
    match row.part {
        Part::Title => return Line::styled(text, theme.title),
        Part::Subtitle => return Line::styled(text, theme.subtitle),
        Part::Meta => return Line::styled(text, theme.meta),
        Part::Blank => return Line::default(),
        Part::Body => {}
    }
    let body = &doc.article.body;
    // Every place the style may change inside the row.
    let mut cuts = vec![row.start, row.end];
    let first_mention = doc.mentions.partition_point(|m| m.end <= row.start);
    let mentions = doc.mentions[first_mention..]
        .iter()
        .take_while(|m| m.start < row.end);
    for m in mentions.clone() {
        cuts.extend([m.start, m.end]);
    }
    let (hits, current_hit) = hits;
    let first_hit = hits.partition_point(|h| h.end <= row.start);
    let row_hits = hits[first_hit..].iter().take_while(|h| h.start < row.end);
    for h in row_hits.clone() {
        cuts.extend([h.start, h.end]);
    }
    cuts.retain(|&c| c >= row.start && c <= row.end);
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::with_capacity(cuts.len());
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mut style = Style::new();
        if let Some((i, m)) = mentions
            .clone()
            .enumerate()
            .find(|(_, m)| m.start <= start && end <= m.end)
        {
            let current = app.mention == Some(first_mention + i);
            style = match app.tier(m.entity) {
                Tier::Tracked if current => theme.current_mention(m.entity),
                Tier::Tracked => theme.mention(m.entity),
                Tier::Discovered if current => theme.discovered.add_modifier(Modifier::REVERSED),
                Tier::Discovered if app.settings.discovered => theme.discovered,
                Tier::Discovered | Tier::Hidden => Style::new(),
            };
        }
        if let Some((i, _)) = row_hits
            .clone()
            .enumerate()
            .find(|(_, h)| h.start <= start && end <= h.end)
        {
            style = style.patch(if *current_hit == Some(first_hit + i) {
                theme.search_current
            } else {
                theme.search
            });
        }
        spans.push(Span::styled(&body[start..end], style));
    }
    Line::from(spans)
}
