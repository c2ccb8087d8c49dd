//! The entity panel: the open article's entities with a colour dot and their counts here
//! and in the whole corpus; below, the selected entity's kind, affiliation, aliases and note.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{fit, pane_block, scroll_to_show};
use crate::app::{App, Focus};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let count = app.doc().map_or(0, |d| d.entities.len());
    let block = pane_block(app, Focus::Panel, format!(" Entities ({count}) "));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.width < 4 || inner.height == 0 {
        return;
    }
    let width = inner.width as usize;
    let Some(doc) = app.doc() else { return };
    let theme = &app.theme;

    // The list takes what it needs, leaving at least half the panel for details.
    let list_rows = (doc.entities.len() + 1)
        .min((inner.height as usize).div_ceil(2))
        .max(1);
    let mut y = inner.y;
    buf.set_stringn(
        inner.x,
        y,
        fit(&format!("{:>w$}", "here · all", w = width), width),
        width,
        theme.dim,
    );
    y += 1;
    let selected_at = app
        .selected
        .and_then(|s| doc.entities.iter().position(|(e, _)| *e == s));
    let shown = list_rows - 1;
    let first = scroll_to_show(selected_at.unwrap_or(0), shown);
    for (i, &(entity, here)) in doc.entities.iter().enumerate().skip(first).take(shown) {
        let name = &app.corpus.gazetteer.get(entity).name;
        let counts = format!(" {here} · {}", app.corpus.total(entity));
        let name_room = width.saturating_sub(4 + counts.len());
        let number = if i < 9 {
            format!("{}", i + 1)
        } else {
            " ".into()
        };
        let row_style = if Some(i) == selected_at {
            if app.focus == Focus::Panel {
                theme.cursor
            } else {
                theme.chosen
            }
        } else {
            Style::new()
        };
        let pad = name_room.saturating_sub(unicode_width::UnicodeWidthStr::width(
            fit(name, name_room).as_str(),
        ));
        let line = Line::from(vec![
            Span::styled(number, theme.dim),
            Span::styled(" ● ", theme.marker(entity)),
            Span::raw(fit(name, name_room)),
            Span::raw(" ".repeat(pad)),
            Span::raw(counts),
        ])
        .style(row_style);
        buf.set_line(inner.x, y, &line, inner.width);
        y += 1;
    }
    y = inner.y + list_rows as u16;
    if y >= inner.y + inner.height {
        return;
    }
    buf.set_stringn(inner.x, y, "─".repeat(width), width, theme.border);
    y += 1;
    let Some(entity) = app.selected else { return };
    let e = app.corpus.gazetteer.get(entity);
    let mut lines = vec![
        Line::from(Span::styled(e.name.clone(), theme.mention(entity))),
        Line::from(Span::styled(e.kind.to_string(), theme.dim)),
    ];
    if let Some(aff) = e
        .affiliation
        .as_deref()
        .and_then(|a| app.corpus.gazetteer.id_of(a))
    {
        lines.push(Line::from(vec![
            Span::styled("of ", theme.dim),
            Span::styled(
                app.corpus.gazetteer.get(aff).name.clone(),
                theme.mention(aff),
            ),
        ]));
    }
    if !e.aliases.is_empty() {
        lines.push(Line::from(vec![
            Span::styled("aliases: ", theme.dim),
            Span::raw(e.aliases.join(", ")),
        ]));
    }
    lines.push(Line::from(format!(
        "{} here · {} in {} article{}",
        doc.count_of(entity),
        app.corpus.total(entity),
        app.corpus.doc_count(entity),
        if app.corpus.doc_count(entity) == 1 {
            ""
        } else {
            "s"
        }
    )));
    if let Some(note) = &e.note {
        lines.push(Line::from(Span::styled(note.clone(), theme.subtitle)));
    }
    let details = Rect::new(inner.x, y, inner.width, inner.y + inner.height - y);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(details, buf);
}
