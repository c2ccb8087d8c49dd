//! The help overlay, generated from the live key map: one line per binding, by section.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::fit;
use crate::app::App;
use crate::keymap::Keymap;

/// The help text: section headings and "keys  description" lines.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let bindings = app.keymap.bindings();
    let key_width = bindings
        .iter()
        .map(|b| unicode_width::UnicodeWidthStr::width(Keymap::keys_label(b).as_str()))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    let mut section = "";
    for b in bindings {
        if b.section != section {
            if !out.is_empty() {
                out.push(Line::default());
            }
            section = &b.section;
            out.push(Line::styled(section.to_owned(), app.theme.title));
        }
        let keys = Keymap::keys_label(b);
        let pad = key_width - unicode_width::UnicodeWidthStr::width(keys.as_str());
        out.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(keys, app.theme.key),
            Span::raw(" ".repeat(pad + 2)),
            Span::raw(b.desc.clone()),
        ]));
    }
    out
}

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let lines = lines(app);
    let width = area.width.saturating_sub(4).min(84);
    let height = area.height.saturating_sub(2).min(lines.len() as u16 + 2);
    if width < 3 || height < 3 {
        return;
    }
    let popup = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(popup, buf);
    let visible = (height - 2) as usize;
    let max_scroll = lines.len().saturating_sub(visible);
    let scroll = scroll.min(max_scroll);
    let more = if max_scroll > 0 { " · j/k scroll" } else { "" };
    let title = fit(
        &format!(" Keys — ? or Esc closes{more} "),
        width as usize - 2,
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.border_focused)
        .title(title);
    let inner = block.inner(popup);
    block.render(popup, buf);
    for (i, line) in lines.iter().skip(scroll).take(visible).enumerate() {
        buf.set_line(
            inner.x + 1,
            inner.y + i as u16,
            line,
            inner.width.saturating_sub(1),
        );
    }
}
