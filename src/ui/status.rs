//! The status bar: the article's position, the current mention "Russia 3/9", a message or
//! the load warnings, and key hints generated from the key map.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::fit;
use crate::app::notes::Placed;
use crate::app::{App, Level, PromptKind};

pub fn render(app: &App, area: Rect, notes: &[Placed], buf: &mut Buffer) {
    let theme = &app.theme;
    buf.set_style(area, theme.status);
    let width = area.width as usize;
    if let Some(prompt) = &app.prompt {
        return render_prompt(app, prompt, area, buf);
    }

    let mut left = match app.position() {
        Some(p) => format!(" {}/{}", p + 1, app.order.len()),
        None => " 0/0".to_owned(),
    };
    if let Some(l) = &app.loading {
        left.push_str(&format!(" · loading {}/{}", l.done, l.total));
        // The file that is taking long, by name: the whole path is in the problems list.
        if let Some(slow) = l.waiting.first() {
            let name = slow.file_name().map_or_else(
                || crate::corpus::display_path(slow),
                |n| crate::text::visible(&n.to_string_lossy()).into_owned(),
            );
            left.push_str(&format!(" · reading {name}…"));
        }
    } else if let Some(d) = &app.discovering {
        left.push_str(&format!(" · finding names {}/{}", d.done, d.total));
    }
    let cell = app
        .coverage
        .and_then(|(r, c)| Some((*app.corpus_entities().get(r)?, c, *app.order.get(c)?)));
    if let Some((entity, col, doc)) = cell {
        let name = &app.corpus.entity(entity).name;
        let n = app.corpus.docs[doc].count_of(entity);
        left.push_str(&format!(
            " · {name} in article {}: {n} mention{}",
            col + 1,
            if n == 1 { "" } else { "s" }
        ));
    } else if let Some(search) = &app.search {
        let n = search.hits.len();
        match search.current {
            Some(k) => left.push_str(&format!(" · /{} hit {}/{n}", search.pattern.text, k + 1)),
            None => left.push_str(&format!(" · /{} hit –/{n}", search.pattern.text)),
        }
    } else if let Some(entity) = app.selected {
        let name = &app.corpus.entity(entity).name;
        let total = app.listed_total(entity);
        match app.current_mention().and_then(|m| app.mention_rank(m)) {
            Some(k) => left.push_str(&format!(" · {name} {k}/{total}")),
            None => left.push_str(&format!(" · {name} –/{total}")),
        }
    }
    if let Some(count) = app.count {
        // As vim's showcmd: the count waits for its motion.
        left.push_str(&format!(" · {}", count.n));
    }
    left.push(' ');

    let noted = crate::app::notes::on_current_mention(app, notes);
    let (note, note_style) = match (&app.message, app.warnings.first()) {
        (None, _) if noted.is_some() => (
            format!("✎ {}", noted.map(|n| n.text.as_str()).unwrap_or_default()),
            theme.status_info,
        ),
        (Some(m), _) => (
            m.text.clone(),
            if m.level == Level::Warning {
                theme.status_warning
            } else {
                theme.status_info
            },
        ),
        (None, Some(first)) => {
            // What happened and what was done first, the path last: a narrow bar cuts
            // the path, not the reason.
            let n = app.warnings.len();
            let details = app
                .keymap
                .hint(&crate::action::Action::ToggleProblems, |k| {
                    format!(" — {k} for details")
                });
            let what = crate::text::visible(&first.message);
            let path = crate::corpus::display_path(&first.path);
            let text = if n == 1 {
                format!("⚠ {what}{details}: {path}")
            } else {
                format!("⚠ {n} problems, first: {what}{details}: {path}")
            };
            (text, theme.status_warning)
        }
        (None, None) => (String::new(), theme.status),
    };

    let mut hints: Vec<Span> = Vec::new();
    for (key, label) in app.keymap.hints() {
        hints.push(Span::styled(key, theme.key));
        hints.push(Span::raw(format!(" {label}  ")));
    }
    let hints_width: usize = hints.iter().map(|s| s.width()).sum();

    let left_width = unicode_width::UnicodeWidthStr::width(left.as_str());
    let mut spans = vec![Span::styled(fit(&left, width), theme.title)];
    let after_left = width.saturating_sub(left_width);
    // Hints only when they leave room for the note: a message takes the bar's width (the
    // hints come back when it goes), anything else up to 40 columns.
    let note_width = unicode_width::UnicodeWidthStr::width(note.as_str());
    let want = if note.is_empty() {
        0
    } else if app.message.is_some() {
        note_width + 1
    } else {
        note_width.min(40) + 1
    };
    let show_hints = after_left >= hints_width + want;
    let note_room = if show_hints {
        after_left - hints_width
    } else {
        after_left
    };
    if !note.is_empty() && note_room > 1 {
        spans.push(Span::styled(fit(&note, note_room - 1), note_style));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    if show_hints {
        spans.push(Span::raw(
            " ".repeat(width.saturating_sub(used + hints_width)),
        ));
        spans.extend(hints);
    }
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// Tab's candidates after the command line, the one in the text now in brackets.
fn candidates(c: &crate::app::command::Completion) -> String {
    let mut out = String::from("  ");
    for (i, name) in c.candidates.iter().enumerate() {
        if i == c.at {
            out.push_str(&format!("[{}]  ", name.trim_end()));
        } else {
            out.push_str(&format!("{}  ", name.trim_end()));
        }
    }
    out
}

/// The search prompt: "/" and the pattern with a block cursor, then how it fares.
fn render_prompt(app: &App, prompt: &crate::app::Prompt, area: Rect, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = area.width as usize;
    let (before, after) = prompt.text.split_at(prompt.cursor);
    let mut rest = after.chars();
    let under_cursor = rest.next().map_or(" ".to_owned(), String::from);
    let lead = match &prompt.kind {
        PromptKind::Note(target) => {
            let body = &app.corpus.docs[target.doc].article.body;
            let quote = body.get(target.range.clone()).unwrap_or_default();
            let verb = if target.existing.is_some() {
                "edit note"
            } else {
                "note"
            };
            format!("{verb} on “{}”: ", fit(quote, 30))
        }
        PromptKind::Command(_) => ":".to_owned(),
        PromptKind::Search => "/".to_owned(),
    };
    let (note, note_style) = match (&prompt.error, prompt.text.is_empty()) {
        _ if matches!(prompt.kind, PromptKind::Note(_)) => (
            "  (Enter saves; an empty note deletes it; Esc cancels)".to_owned(),
            theme.status_info,
        ),
        (Some(e), _) => (format!("  {e}"), theme.status_warning),
        _ if matches!(prompt.kind, PromptKind::Command(_)) => match &prompt.kind {
            PromptKind::Command(Some(c)) => (candidates(c), theme.status_info),
            _ if prompt.text.is_empty() => (
                "  (Tab completes; q quits, 42 goes to a line, help lists the commands)".to_owned(),
                theme.status_info,
            ),
            _ => (String::new(), theme.status),
        },
        (None, true) => (String::new(), theme.status),
        (None, false) => match prompt.hits.len() {
            0 => (
                "  not in this article (Enter searches all)".to_owned(),
                theme.status_info,
            ),
            n => (format!("  {n} in this article"), theme.status_info),
        },
    };
    // Keep the cursor in view on a narrow bar: show the end of a long pattern.
    let typed = format!("{lead}{before}");
    let room = width.saturating_sub(2);
    let typed = if unicode_width::UnicodeWidthStr::width(typed.as_str()) > room {
        let skip = typed.chars().count().saturating_sub(room);
        typed.chars().skip(skip).collect()
    } else {
        typed
    };
    let line = Line::from(vec![
        Span::styled(typed, theme.title),
        Span::styled(
            under_cursor,
            theme.title.add_modifier(ratatui::style::Modifier::REVERSED),
        ),
        Span::styled(rest.as_str().to_owned(), theme.title),
        Span::styled(note, note_style),
    ]);
    buf.set_line(area.x, area.y, &line, area.width);
}
