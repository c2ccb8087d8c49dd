//! Drawing: pure functions of the [`App`] state, one file per part of the screen.

mod article_list;
pub mod coverage;
pub mod entity_panel;
pub mod hit;
mod popup;
mod reader;
mod status;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Widget};
use unicode_width::UnicodeWidthChar;

use crate::app::{App, Focus};
use crate::layout::{self, MIN_HEIGHT, MIN_WIDTH};

/// What a terminal smaller than newslens needs is told: the longest of a few forms that
/// fits whole, wrapped at word boundaries, down to a single `!` in one cell.
pub fn too_small_notice(width: u16, height: u16) -> Vec<String> {
    let forms = [
        format!("terminal too small ({width}×{height}): newslens needs {MIN_WIDTH}×{MIN_HEIGHT}"),
        format!("too small: needs {MIN_WIDTH}×{MIN_HEIGHT}"),
        format!("needs {MIN_WIDTH}×{MIN_HEIGHT}"),
        format!("{MIN_WIDTH}×{MIN_HEIGHT}"),
    ];
    let options = textwrap::Options::new(usize::from(width.max(1))).break_words(false);
    forms
        .iter()
        .map(|form| textwrap::wrap(form, &options))
        .find(|lines| {
            lines.len() <= usize::from(height)
                && lines.iter().all(|l| {
                    unicode_width::UnicodeWidthStr::width(l.as_ref()) <= usize::from(width)
                })
        })
        .map_or_else(
            || vec!["!".to_owned()],
            |lines| lines.into_iter().map(|l| l.into_owned()).collect(),
        )
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        // The layout worked out at the last resize, unless the area given differs (the
        // terminal resized since): drawing must never step outside the buffer.
        let panes = if area == self.area {
            self.panes()
        } else {
            layout::Panes::new(area)
        };
        if area.is_empty() {
            return;
        }
        if panes.too_small {
            for (i, line) in too_small_notice(area.width, area.height).iter().enumerate() {
                buf.set_stringn(
                    area.x,
                    area.y + i as u16,
                    line,
                    area.width as usize,
                    self.theme.status_warning,
                );
            }
            return;
        }
        // Notes are placed once a frame, for the reader, the panel and the status bar.
        let notes = crate::app::notes::placed(self);
        if let Some(list) = panes.list {
            article_list::render(self, list, buf);
        }
        match self.coverage {
            Some(cell) => coverage::render(self, cell, panes.reader, buf),
            None => reader::render(self, panes.reader, panes.reader_text, &notes, buf),
        }
        if let Some(panel) = panes.panel {
            entity_panel::render(self, panel, &notes, buf);
        }
        status::render(self, panes.status, &notes, buf);
        if let Some(popup) = self.popup {
            popup::render(self, popup, &notes, area, buf);
        }
    }
}

/// A pane's frame, highlighted when it has focus.
fn pane_block<'a>(app: &App, pane: Focus, title: impl Into<Line<'a>>) -> Block<'a> {
    let style = if app.focus == pane {
        app.theme.border_focused
    } else {
        app.theme.border
    };
    Block::new()
        .borders(Borders::ALL)
        .border_style(style)
        .title(title)
}

/// `text` cut to at most `width` columns, ending in "…" when cut.
pub fn fit(text: &str, width: usize) -> String {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

pub use crate::layout::scroll_to_show;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("Russia", 10), "Russia");
        assert_eq!(fit("Russia", 6), "Russia");
        assert_eq!(fit("Russia", 4), "Rus…");
        assert_eq!(fit("東京東京", 5), "東京…");
        assert_eq!(fit("abc", 0), "");
    }
}
