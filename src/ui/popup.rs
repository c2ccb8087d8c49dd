//! Popups over the panes: the help overlay, generated from the live key map, and the
//! problems of the load, one entry per file with its reason.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::fit;
use crate::action::Action;
use crate::app::notes::Placed;
use crate::app::{App, Popup, PopupKind};
use crate::keymap::Keymap;

/// The help text for `width` columns: section headings and "keys  description" lines,
/// each description wrapped under itself.
pub fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    // Sections of (label, description) rows: the key map's, then the commands and the
    // options, all from the tables that define them.
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for b in app.keymap.bindings() {
        if sections.last().is_none_or(|(name, _)| *name != b.section) {
            sections.push((b.section.clone(), Vec::new()));
        }
        if let Some((_, rows)) = sections.last_mut() {
            rows.push((Keymap::keys_label(b), b.desc.clone()));
        }
    }
    let mut commands = vec![(
        ":NUMBER".to_owned(),
        "go to that line (:$ the last)".to_owned(),
    )];
    commands.extend(
        crate::app::command::COMMANDS
            .iter()
            .map(|(name, args, desc)| (format!(":{name}{args}"), (*desc).to_owned())),
    );
    sections.push(("Commands (after :)".to_owned(), commands));
    sections.push((
        "Options (:set, or [reader] in the configuration)".to_owned(),
        crate::settings::OPTIONS
            .iter()
            .map(|(name, desc)| ((*name).to_owned(), (*desc).to_owned()))
            .collect(),
    ));
    let label_width = sections
        .iter()
        .flat_map(|(_, rows)| rows)
        .map(|(label, _)| unicode_width::UnicodeWidthStr::width(label.as_str()))
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for (section, rows) in sections {
        if !out.is_empty() {
            out.push(Line::default());
        }
        out.push(Line::styled(section, app.theme.title));
        for (label, desc) in rows {
            let pad = label_width - unicode_width::UnicodeWidthStr::width(label.as_str());
            // Two spaces, the label, two spaces: the description's column.
            let column = label_width + 4;
            let lines = textwrap::wrap(&desc, width.saturating_sub(column).max(12));
            let mut lines = lines.into_iter();
            out.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(label, app.theme.key),
                Span::raw(" ".repeat(pad + 2)),
                Span::raw(lines.next().unwrap_or_default().into_owned()),
            ]));
            for more in lines {
                out.push(Line::from(vec![
                    Span::raw(" ".repeat(column)),
                    Span::raw(more.into_owned()),
                ]));
            }
        }
    }
    out
}

/// The problems text for `width` columns: each file's path, then why, wrapped and indented.
pub fn problem_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(l) = &app.loading {
        out.push(Line::styled(
            format!("Still loading: {} of {} read so far.", l.done, l.total),
            app.theme.status_info,
        ));
        for path in &l.waiting {
            out.push(Line::styled(
                format!(
                    "Still reading {} (the others are shown meanwhile).",
                    crate::corpus::display_path(path)
                ),
                app.theme.status_info,
            ));
        }
        out.push(Line::default());
    }
    if app.warnings.is_empty() {
        let text = if app.loading.is_some() {
            "No problems yet."
        } else {
            "No problems: every file was read."
        };
        out.push(Line::raw(text));
        return out;
    }
    let indent = "  ";
    let wrap = textwrap::Options::new(width.max(indent.len() + 8))
        .initial_indent(indent)
        .subsequent_indent(indent);
    for (i, w) in app.warnings.iter().enumerate() {
        if i > 0 {
            out.push(Line::default());
        }
        out.push(Line::styled(
            crate::corpus::display_path(&w.path),
            app.theme.title,
        ));
        for row in textwrap::wrap(&w.message, &wrap) {
            out.push(Line::raw(row.into_owned()));
        }
    }
    out
}

/// The marks: letter, article and the text at the mark, one line each.
pub fn mark_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    crate::app::memory::marks(app)
        .into_iter()
        .map(|(letter, mark)| {
            let (title, text) = crate::app::memory::mark_label(app, &mark);
            let head = format!("{title} · ");
            let rest =
                width.saturating_sub(4 + unicode_width::UnicodeWidthStr::width(head.as_str()));
            let (title, text) = if text.is_empty() {
                (fit(&title, width.saturating_sub(4)), String::new())
            } else if rest >= 12 {
                (head, fit(&text, rest))
            } else {
                (fit(&title, width.saturating_sub(4)), String::new())
            };
            Line::from(vec![
                Span::styled(format!(" {letter}  "), app.theme.key),
                Span::styled(title, app.theme.title),
                Span::styled(text, app.theme.dim),
            ])
        })
        .collect()
}

/// The notes in `rows` of the list: where each is and its text, one line each; notes
/// whose text is gone last. PERF: only the rows shown are made into lines.
pub fn note_lines(
    app: &App,
    placed: &[Placed],
    width: usize,
    rows: std::ops::Range<usize>,
) -> Vec<Line<'static>> {
    crate::app::notes::listed_from(app, placed)
        .into_iter()
        .skip(rows.start)
        .take(rows.len())
        .filter_map(|(id, placed)| {
            let note = app.memory.notes.get(&id)?;
            let quote = fit(&note.quote, 24);
            let place = match &placed {
                Some(p) => format!("“{quote}” · {}", app.corpus.docs[p.doc].article.title),
                None => format!("“{quote}” · {} (its text is gone)", note.article.path),
            };
            let place = fit(&place, (width.saturating_sub(4) / 2).max(10));
            let used = 4 + unicode_width::UnicodeWidthStr::width(place.as_str()) + 3;
            Some(Line::from(vec![
                Span::styled(" ✎  ", app.theme.key),
                Span::styled(
                    place,
                    if placed.is_some() {
                        app.theme.dim
                    } else {
                        app.theme.status_warning
                    },
                ),
                Span::raw(" — "),
                Span::raw(fit(&note.text, width.saturating_sub(used))),
            ]))
        })
        .collect()
}

/// Draws `popup` centred in `area`, scrolled, its title naming the keys that close it.
pub fn render(app: &App, popup: Popup, placed: &[Placed], area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(4).min(84);
    // Border on each side and one column of margin on the left.
    let text_width = width.saturating_sub(3) as usize;
    // Notes can number hundreds of thousands: their lines are made for the rows shown.
    let notes = popup.kind == PopupKind::Notes;
    let (name, key, mut lines) = match popup.kind {
        PopupKind::Help => (
            "Keys".to_owned(),
            Action::ToggleHelp,
            help_lines(app, text_width),
        ),
        PopupKind::Notes => (
            format!("Notes ({}) — Enter goes there", app.memory.notes.len()),
            Action::ListNotes,
            Vec::new(),
        ),
        PopupKind::Marks => (
            format!("Marks ({}) — Enter goes there", app.memory.marks.len()),
            Action::ListMarks,
            mark_lines(app, text_width),
        ),
        PopupKind::Problems => (
            format!("Problems ({})", app.warnings.len()),
            Action::ToggleProblems,
            problem_lines(app, text_width),
        ),
    };
    let count = if notes {
        app.memory.notes.len()
    } else {
        lines.len()
    };
    let height = area
        .height
        .saturating_sub(2)
        .min(u16::try_from(count).unwrap_or(u16::MAX).saturating_add(2));
    if width < 3 || height < 3 {
        return;
    }
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(rect, buf);
    let visible = (height - 2) as usize;
    let max_scroll = count.saturating_sub(visible);
    let selecting = matches!(popup.kind, PopupKind::Marks | PopupKind::Notes);
    let scroll = if selecting {
        super::scroll_to_show(popup.selected, visible)
    } else {
        popup.scroll
    }
    .min(max_scroll);
    let first = if notes {
        lines = note_lines(app, placed, text_width, scroll..scroll + visible);
        0
    } else {
        scroll
    };
    let more = match (
        app.keymap.label(&Action::Down),
        app.keymap.label(&Action::Up),
    ) {
        (Some(down), Some(up)) if max_scroll > 0 && !selecting => {
            format!(" · {down}/{up} scroll")
        }
        _ => String::new(),
    };
    let key = app.keymap.hint(&key, |k| format!("{k} or "));
    let title = fit(
        &format!(" {name} — {key}Esc closes{more} "),
        width as usize - 2,
    );
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.border_focused)
        .title(title);
    let inner = block.inner(rect);
    block.render(rect, buf);
    for (i, line) in lines.iter().skip(first).take(visible).enumerate() {
        let y = inner.y + i as u16;
        buf.set_line(inner.x + 1, y, line, inner.width.saturating_sub(1));
        if selecting && scroll + i == popup.selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), app.theme.cursor);
        }
    }
}
