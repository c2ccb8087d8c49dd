//! The article list: each article's headline, then its date (or source) and how many
//! tracked mentions it holds; the open article marked, unread ones in bold, the cursor
//! shown when focused.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::{fit, pane_block, scroll_to_show};
use crate::app::{App, Focus};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let sort = match app.settings.sort {
        crate::app::Sort::File => String::new(),
        by => format!("· by {} ", by.label()),
    };
    let title = match (&app.loading, app.filter) {
        (Some(l), _) => format!(" Articles ({}/{} loading…) {sort}", l.done, l.total),
        (None, Some(e)) => format!(
            " Articles {}/{} · {} {sort}",
            app.order.len(),
            app.corpus.docs.len(),
            app.corpus.entity(e).name
        ),
        (None, None) => format!(" Articles ({}) {sort}", app.order.len()),
    };
    let block = pane_block(app, Focus::List, title);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let per_page = (inner.height / 2).max(1) as usize;
    let first = scroll_to_show(app.cursor, per_page);
    let width = inner.width as usize;
    for (slot, (pos, &doc)) in app
        .order
        .iter()
        .enumerate()
        .skip(first)
        .take(per_page)
        .enumerate()
    {
        let y = inner.y + 2 * slot as u16;
        let d = &app.corpus.docs[doc];
        let open = app.current == Some(doc);
        let mut style = Style::new();
        if open {
            style = style.patch(app.theme.chosen);
        }
        let on_cursor = app.focus == Focus::List && pos == app.cursor;
        if on_cursor {
            style = style.patch(app.theme.cursor);
            buf.set_style(
                Rect::new(inner.x, y, inner.width, 2.min(inner.y + inner.height - y)),
                app.theme.cursor,
            );
        }
        let marker = if open { "▶ " } else { "  " };
        let headline = format!("{marker}{}", d.article.title);
        // Unread articles stand out, as in a mail reader.
        let headline_style = if crate::app::memory::is_read(app, doc) {
            style
        } else {
            style.add_modifier(ratatui::style::Modifier::BOLD)
        };
        buf.set_stringn(inner.x, y, fit(&headline, width), width, headline_style);
        if y + 1 < inner.y + inner.height {
            // Tracked mentions: discovered names are counted where they are listed.
            let n = d.tracked_count();
            let what = d
                .article
                .date
                .map_or_else(|| d.article.source.clone(), |date| date.to_string());
            let full = format!(" · {n} mention{}", if n == 1 { "" } else { "s" });
            let short = format!(" · {n}");
            let room = width.saturating_sub(2);
            let what_width = unicode_width::UnicodeWidthStr::width(what.as_str());
            let line = if what_width + full.len() <= room {
                format!("  {what}{full}")
            } else {
                format!("  {}{short}", fit(&what, room.saturating_sub(short.len())))
            };
            let meta_style = if on_cursor {
                style
            } else {
                style.patch(app.theme.dim)
            };
            buf.set_stringn(inner.x, y + 1, line, width, meta_style);
        }
    }
}
