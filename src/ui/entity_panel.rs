//! The entity panel: the entities of the open article (or of all articles, `t`) with a
//! marker and their counts; the selected entity's kind, affiliation, aliases, note and the
//! entities it appears with; then every mention of it across the articles as one-line
//! keyword-in-context snippets grouped under each article's title.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{fit, pane_block};
use crate::app::notes::Placed;
use crate::app::{App, Focus, PanelRow, Scope, Tier};
use crate::entities::Kind;
use crate::index::MentionRef;
pub use crate::layout::{PanelLayout, SnippetRow, SnippetRows};
use crate::text::snippet;

/// Characters of context either side of a mention before fitting to the panel.
const CONTEXT: usize = 30;
/// Where the panel's parts go for `app`, drawn in `area`.
pub fn panel_layout(app: &App, area: Rect) -> PanelLayout {
    let inner = pane_block(app, Focus::Panel, "").inner(area);
    let details = detail_lines(app, inner.width as usize).len();
    layout_with(app, area, &app.panel_rows(), details)
}

/// The layout for these rows and this many detail lines, already worked out.
fn layout_with(app: &App, area: Rect, rows: &[PanelRow], details: usize) -> PanelLayout {
    let selected_at = app.selected.and_then(|s| {
        rows.iter()
            .position(|r| matches!(r, PanelRow::Entity(e, _) if *e == s))
    });
    // The mention list's rows: its mentions, and a title per article. PERF: counted only
    // when they might leave room over; a list as long as the panel is high leaves none.
    let mention_rows = app.selected.map_or(0, |e| {
        let total = app.listed_total(e);
        if total >= area.height as usize {
            return total;
        }
        let mentions = app.entity_mentions(e);
        let titles = mentions.chunk_by(|a, b| a.doc == b.doc).count();
        mentions.len() + titles
    });
    PanelLayout::new(
        area,
        rows.len(),
        app.selected.is_some(),
        selected_at,
        details,
        mention_rows,
    )
}

/// The rows of a mention list: each article's title, then its mentions; laid out only
/// within `reach` mentions of mention `cursor`.
pub fn snippet_rows(mentions: &[MentionRef], cursor: usize, reach: usize) -> SnippetRows {
    let lo = cursor.saturating_sub(reach).min(mentions.len());
    let hi = cursor
        .saturating_add(reach)
        .saturating_add(1)
        .min(mentions.len());
    // An article's title row comes before each mention whose article is not the one
    // before it: counted once over the list, a part before the window and a part after.
    let titles = |from: usize, to: usize| {
        (from..to)
            .filter(|&k| k == 0 || mentions[k - 1].doc != mentions[k].doc)
            .count()
    };
    let before = titles(0, lo);
    let mut rows = Vec::with_capacity(2 * (hi - lo));
    let mut last = lo.checked_sub(1).map(|k| mentions[k].doc);
    for (k, m) in mentions.iter().enumerate().take(hi).skip(lo) {
        if last != Some(m.doc) {
            rows.push(SnippetRow::Article(m.doc));
            last = Some(m.doc);
        }
        rows.push(SnippetRow::Mention(k));
    }
    SnippetRows {
        rows,
        offset: lo + before,
        total: mentions.len() + before + titles(lo, mentions.len()),
    }
}

pub fn render(app: &App, area: Rect, notes: &[Placed], buf: &mut Buffer) {
    let rows = app.panel_rows();
    let tracked = rows
        .iter()
        .take_while(|r| matches!(r, PanelRow::Entity(..)))
        .count();
    let title = match app.settings.scope {
        Scope::Article => format!(" Entities ({tracked}) "),
        Scope::Corpus => format!(" All entities ({tracked}) "),
    };
    let focused = matches!(app.focus, Focus::Panel | Focus::Mentions);
    let block = pane_block(app, if focused { app.focus } else { Focus::Panel }, title);
    let details = detail_lines(app, block.inner(area).width as usize);
    block.render(area, buf);
    let layout = layout_with(app, area, &rows, details.len());
    if layout.list.height == 0 {
        return;
    }
    let theme = &app.theme;
    let width = layout.list.width as usize;
    let header = match app.settings.scope {
        Scope::Article => "here · all",
        Scope::Corpus => "mentions",
    };
    buf.set_stringn(
        layout.header.x,
        layout.header.y,
        fit(&format!("{header:>width$}"), width),
        width,
        theme.dim,
    );
    render_list(app, &rows, &layout, buf);
    let rule_y = layout.list.y + layout.list.height;
    if rule_y < area.y + area.height.saturating_sub(1) {
        buf.set_stringn(
            layout.list.x,
            rule_y,
            "─".repeat(width),
            width,
            theme.border,
        );
    }
    for (i, line) in details
        .into_iter()
        .take(layout.details.height as usize)
        .enumerate()
    {
        buf.set_line(
            layout.details.x,
            layout.details.y + i as u16,
            &line,
            layout.details.width,
        );
    }
    render_mentions(app, &layout, notes, buf);
}

/// The short label of a kind in the discovered section: the labels of named-entity
/// tools.
pub fn kind_tag(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "PER",
        Kind::Organisation => "ORG",
        Kind::Country => "GPE",
        Kind::Place => "LOC",
        Kind::Other => "MISC",
    }
}

fn render_list(app: &App, rows: &[PanelRow], layout: &PanelLayout, buf: &mut Buffer) {
    let theme = &app.theme;
    let width = layout.list.width as usize;
    for (slot, row) in rows
        .iter()
        .skip(layout.list_first)
        .take(layout.list.height as usize)
        .enumerate()
    {
        let y = layout.list.y + slot as u16;
        let &PanelRow::Entity(entity, count) = row else {
            if let PanelRow::Heading(n) = row {
                let label = format!("─ Discovered ({n}) ");
                let rest = width.saturating_sub(label.width());
                let line = Line::from(vec![
                    Span::styled(fit(&label, width), theme.title),
                    Span::styled("─".repeat(rest), theme.border),
                ]);
                buf.set_line(layout.list.x, y, &line, layout.list.width);
            }
            continue;
        };
        let e = app.corpus.entity(entity);
        let discovered = app.tier(entity) == Tier::Discovered;
        let counts = match (app.settings.scope, discovered) {
            (Scope::Article, false) => format!(" {count} · {}", app.corpus.total(entity)),
            (Scope::Corpus, false) => format!(" {} {count}", e.kind),
            (Scope::Article, true) => format!(
                " {} {count} · {}",
                kind_tag(e.kind),
                app.corpus.total(entity)
            ),
            (Scope::Corpus, true) => format!(
                " {} {count} · {}",
                kind_tag(e.kind),
                app.corpus.doc_count(entity)
            ),
        };
        let name_room = width.saturating_sub(4 + counts.width());
        // The entity's own number, the same in every article.
        // Only 1–9 are shown: the rest of the numbering is never searched.
        let label = match app.numbering.iter().take(9).position(|&n| n == entity) {
            Some(i) if i < 9 => format!("{}", i + 1),
            _ => " ".into(),
        };
        let row_style = if Some(entity) == app.selected {
            if app.focus == Focus::Panel {
                theme.cursor
            } else {
                theme.chosen
            }
        } else {
            Style::new()
        };
        let name = fit(&e.name, name_room);
        let pad = name_room.saturating_sub(name.width());
        let (marker, marker_style) = if discovered {
            (" ◦ ", theme.discovered)
        } else {
            (" ● ", theme.marker(entity))
        };
        let line = Line::from(vec![
            Span::styled(label, theme.dim),
            Span::styled(marker, marker_style),
            Span::raw(name),
            Span::raw(" ".repeat(pad)),
            Span::styled(counts, if discovered { theme.dim } else { Style::new() }),
        ])
        .style(row_style);
        buf.set_line(layout.list.x, y, &line, layout.list.width);
    }
}

/// Why discovery offers an entity and gives it its kind.
fn why(d: &crate::discover::Discovered) -> String {
    if d.world.is_some() {
        return "in the world list".into();
    }
    let [person, organisation, place] = d.votes();
    let reads: Vec<String> = [
        (person, "a person"),
        (organisation, "an organisation"),
        (place, "a place"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{what} {n}×"))
    .collect();
    let sure = format!("confidence up to {:.2}", d.confidence());
    if reads.is_empty() {
        format!("found by the recogniser; {sure}")
    } else {
        format!("read by the recogniser as {}; {sure}", reads.join(", "))
    }
}

/// The selected entity's details, wrapped to `width`.
fn detail_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let Some(entity) = app.selected else {
        return Vec::new();
    };
    let theme = &app.theme;
    let g = &app.corpus.gazetteer;
    let e = app.corpus.entity(entity);
    let mut items: Vec<(String, Style)> = Vec::new();
    let tier = app.tier(entity);
    let name_style = if tier == Tier::Discovered {
        theme.discovered
    } else {
        theme.mention(entity)
    };
    items.push((e.name.clone(), name_style));
    let mut kind = e.kind.to_string();
    if let Some(aff) = e.affiliation.as_deref().and_then(|a| g.id_of(a)) {
        kind.push_str(&format!(" · of {}", g.get(aff).name));
    }
    if let Some(d) = app.corpus.discovered.get(entity) {
        kind.push_str(match tier {
            Tier::Tracked => " · tracked now",
            _ => " · discovered",
        });
        items.push((kind, theme.dim));
        let seen: Vec<String> = d.variants.iter().map(|(v, n)| format!("{v} {n}")).collect();
        items.push((format!("seen as: {}", seen.join(", ")), Style::new()));
        items.push((format!("why: {}", why(d)), theme.dim));
        if tier == Tier::Discovered {
            use crate::action::Action;
            let keys = [
                app.keymap.hint(&Action::Promote, |k| format!("{k} track")),
                app.keymap
                    .hint(&Action::HideDiscovered, |k| format!("{k} hide")),
            ];
            let keys: Vec<String> = keys.into_iter().filter(|k| !k.is_empty()).collect();
            if !keys.is_empty() {
                items.push((keys.join(" · "), theme.key));
            }
        }
    } else {
        items.push((kind, theme.dim));
        if !e.aliases.is_empty() {
            items.push((format!("aliases: {}", e.aliases.join(", ")), Style::new()));
        }
    }
    let here = app.doc().map_or(0, |d| d.count_of(entity));
    let articles = app.corpus.doc_count(entity);
    items.push((
        format!(
            "{here} here · {} in {articles} article{}",
            app.corpus.total(entity),
            if articles == 1 { "" } else { "s" }
        ),
        Style::new(),
    ));
    if let Some(note) = &e.note {
        items.push((note.clone(), theme.subtitle));
    }
    let with = app.corpus.appears_with(entity);
    if !with.is_empty() {
        let names: Vec<String> = with
            .iter()
            .map(|&(o, n)| format!("{} {n}", g.get(o).name))
            .collect();
        items.push((format!("with: {}", names.join(" · ")), theme.dim));
    }
    let mut lines = Vec::new();
    for (text, style) in items {
        for part in textwrap::wrap(&text, width.max(1)) {
            lines.push(Line::styled(part.into_owned(), style));
        }
    }
    lines
}

fn render_mentions(app: &App, layout: &PanelLayout, notes: &[Placed], buf: &mut Buffer) {
    let (Some(entity), true) = (app.selected, layout.mentions.height > 0) else {
        return;
    };
    let theme = &app.theme;
    let width = layout.mentions.width as usize;
    let mentions = app.entity_mentions(entity);
    let title = if mentions.is_empty() {
        "─ Mentions 0 ".to_owned()
    } else if app.mention.is_some() || app.focus == Focus::Mentions {
        format!("─ Mentions {}/{} ", app.snippet + 1, mentions.len())
    } else {
        // No mention is current yet: the status bar's `–/9`, one truth.
        format!("─ Mentions –/{} ", mentions.len())
    };
    let title_style = if app.focus == Focus::Mentions {
        theme.border_focused
    } else {
        theme.border
    };
    let rule = format!("{title}{}", "─".repeat(width.saturating_sub(title.width())));
    buf.set_stringn(
        layout.mentions_title.x,
        layout.mentions_title.y,
        fit(&rule, width),
        width,
        title_style,
    );
    let height = layout.mentions.height as usize;
    let rows = snippet_rows(&mentions, app.snippet, height + 1);
    let first = layout.snippet_first(&rows, app.snippet);
    let current = app.current_mention();
    for (slot, row) in rows
        .rows
        .iter()
        .skip(first.saturating_sub(rows.offset))
        .take(height)
        .enumerate()
    {
        let y = layout.mentions.y + slot as u16;
        match *row {
            SnippetRow::Article(doc) => {
                let number = app
                    .order
                    .iter()
                    .position(|&d| d == doc)
                    .map_or(0, |p| p + 1);
                let title = format!("{number} {}", app.corpus.docs[doc].article.title);
                buf.set_stringn(layout.mentions.x, y, fit(&title, width), width, theme.title);
            }
            SnippetRow::Mention(k) => {
                let at = mentions[k];
                let doc = &app.corpus.docs[at.doc];
                let m = doc.mentions[at.mention];
                let s = snippet(&doc.article.body, m.start, m.end, CONTEXT);
                let (left, mid, right) =
                    fit_around(&s.text, s.mention.clone(), width.saturating_sub(1));
                let noted = crate::app::notes::on_range(notes, at.doc, &(m.start..m.end)).is_some();
                let marker = match (current == Some(at), noted) {
                    (true, _) => "▶",
                    (false, true) => "✎",
                    (false, false) => " ",
                };
                let mention_style = if current == Some(at) {
                    theme.current_mention(m.entity)
                } else {
                    theme.mention(m.entity)
                };
                let mut line = Line::from(vec![
                    Span::styled(marker, theme.key),
                    Span::raw(left),
                    Span::styled(mid, mention_style),
                    Span::raw(right),
                ]);
                if k == app.snippet && app.focus == Focus::Mentions {
                    line = line.style(theme.cursor);
                    buf.set_style(
                        Rect::new(layout.mentions.x, y, layout.mentions.width, 1),
                        theme.cursor,
                    );
                }
                buf.set_line(layout.mentions.x, y, &line, layout.mentions.width);
            }
        }
    }
}

/// The parts of a snippet that fit `width` columns with the mention in view: as much
/// context either side as fits, balanced, cut with "…".
pub fn fit_around(
    text: &str,
    mention: std::ops::Range<usize>,
    width: usize,
) -> (String, String, String) {
    let (left, mid, right) = (
        &text[..mention.start],
        &text[mention.clone()],
        &text[mention.end..],
    );
    if text.width() <= width {
        return (left.to_owned(), mid.to_owned(), right.to_owned());
    }
    let mid = fit(mid, width);
    let room = width.saturating_sub(mid.width());
    let (lw, rw) = (left.width(), right.width());
    // Share the room; what one side does not need, the other gets.
    let mut left_room = room / 2;
    let mut right_room = room - left_room;
    if lw < left_room {
        right_room += left_room - lw;
        left_room = lw;
    } else if rw < right_room {
        left_room += right_room - rw;
        right_room = rw;
    }
    (tail(left, left_room), mid, fit(right, right_room))
}

/// The end of `text` in at most `width` columns, starting with "…" when cut.
fn tail(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut used = 1;
    let mut start = text.len();
    for (i, c) in text.char_indices().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        start = i;
    }
    format!("…{}", &text[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_around_keeps_the_mention_in_view_and_balances_context() {
        let text = "…the three guarantor countries -- Russia, Turkey, and Iran --, the UN…";
        let at = text.find("Russia").expect("mention");
        let (l, m, r) = fit_around(text, at..at + 6, 24);
        assert_eq!(m, "Russia");
        assert_eq!((l.width() + m.width() + r.width()), 24);
        assert!(l.starts_with('…') && r.ends_with('…'), "{l:?} {r:?}");
        let (l, _, r) = fit_around("Russia said so at length today", 0..6, 12);
        assert_eq!((l.as_str(), r.as_str()), ("", " said…"));
        let (l, m, r) = fit_around("x", 0..1, 10);
        assert_eq!((l, m, r), (String::new(), "x".to_owned(), String::new()));
    }

    #[test]
    fn the_rows_laid_out_near_the_cursor_are_the_whole_lists_rows() {
        let at = |doc, mention| MentionRef { doc, mention };
        let mentions: Vec<MentionRef> = [(0, 3), (2, 1), (5, 4), (6, 1), (9, 2), (11, 1)]
            .iter()
            .flat_map(|&(doc, n)| (0..n).map(move |k| at(doc, k)))
            .collect();
        let whole = snippet_rows(&mentions, 0, usize::MAX);
        assert_eq!((whole.offset, whole.total), (0, whole.rows.len()));
        for height in 1..8u16 {
            let layout = PanelLayout {
                header: Rect::default(),
                list: Rect::default(),
                list_first: 0,
                details: Rect::default(),
                mentions_title: Rect::default(),
                mentions: Rect::new(0, 0, 40, height),
            };
            for cursor in 0..mentions.len() {
                let near = snippet_rows(&mentions, cursor, height as usize + 1);
                assert_eq!(near.total, whole.total);
                let first = layout.snippet_first(&near, cursor);
                assert_eq!(
                    first,
                    layout.snippet_first(&whole, cursor),
                    "{height} {cursor}"
                );
                for i in first..(first + height as usize).min(whole.total) {
                    assert_eq!(near.get(i), whole.get(i), "{height} {cursor} {i}");
                }
            }
        }
    }

    #[test]
    fn snippet_rows_put_each_articles_title_before_its_mentions() {
        let at = |doc, mention| MentionRef { doc, mention };
        let rows = snippet_rows(&[at(0, 1), at(0, 4), at(3, 0)], 0, 10).rows;
        assert_eq!(
            rows,
            [
                SnippetRow::Article(0),
                SnippetRow::Mention(0),
                SnippetRow::Mention(1),
                SnippetRow::Article(3),
                SnippetRow::Mention(2)
            ]
        );
    }
}
