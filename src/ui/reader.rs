//! The reader: the open article as wrapped once for this width, only the visible rows
//! drawn, every mention in its entity's colour and the current one in reverse video.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, StatefulWidget, Widget,
};

use super::pane_block;
use crate::app::{App, Focus};
use crate::document::Document;
use crate::wrap::{Part, Row, Wrapped};

pub fn render(app: &App, area: Rect, text_area: Rect, buf: &mut Buffer) {
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
    for (i, row) in wrapped.rows.iter().enumerate().skip(top).take(height) {
        let line = styled_row(app, doc, wrapped, row);
        buf.set_line(
            text_area.x,
            text_area.y + (i - top) as u16,
            &line,
            text_area.width,
        );
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

/// One row as styled spans: mentions coloured by entity, the current one reversed.
fn styled_row<'a>(app: &App, doc: &'a Document, wrapped: &'a Wrapped, row: &Row) -> Line<'a> {
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
    let first = doc.mentions.partition_point(|m| m.end <= row.start);
    let mut spans = Vec::new();
    let mut pos = row.start;
    for (i, m) in doc.mentions.iter().enumerate().skip(first) {
        if m.start >= row.end {
            break;
        }
        let (start, end) = (m.start.max(row.start), m.end.min(row.end));
        if start > pos {
            spans.push(Span::raw(&body[pos..start]));
        }
        let style = if app.mention == Some(i) {
            theme.current_mention(m.entity)
        } else {
            theme.mention(m.entity)
        };
        spans.push(Span::styled(&body[start..end], style));
        pos = end;
    }
    if pos < row.end {
        spans.push(Span::raw(&body[pos..row.end]));
    }
    Line::from(spans)
}
