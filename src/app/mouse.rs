//! The mouse: a click selects what is under it (an article, an entity, a snippet, a
//! mention in the text, a coverage cell); the wheel scrolls the pane under the pointer.

use ratatui::layout::{Position, Rect};
use unicode_width::UnicodeWidthStr;

use super::update::{jump, jump_near_top, move_by, open, open_cell, select};
use super::{App, Focus, PanelRow};
use crate::index::MentionRef;
use crate::ui::coverage::CoverageLayout;
use crate::ui::entity_panel::{PanelLayout, SnippetRow, snippet_rows};

/// Rows the reader scrolls per wheel notch.
const WHEEL_LINES: isize = 3;

fn inside(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

pub(super) fn click(app: &mut App, x: u16, y: u16) {
    if app.popup.is_some() {
        app.popup = None;
        return;
    }
    if app.prompt.is_some() {
        return;
    }
    let at = Position { x, y };
    let panes = app.panes();
    if panes.too_small {
        return;
    }
    if let Some(list) = panes.list.filter(|r| r.contains(at)) {
        app.focus = Focus::List;
        let inner = inside(list);
        if !inner.contains(at) {
            return;
        }
        let per_page = (inner.height / 2).max(1) as usize;
        // The same first row as the list draws.
        let first = crate::ui::scroll_to_show(app.cursor, per_page);
        let item = first + ((y - inner.y) / 2) as usize;
        if item < app.order.len() {
            app.cursor = item;
            open(app);
        }
    } else if let Some(panel) = panes.panel.filter(|r| r.contains(at)) {
        click_panel(app, panel, at);
    } else if panes.reader.contains(at) {
        if let Some(cursor) = app.coverage {
            let layout = CoverageLayout::new(app, panes.reader, cursor);
            if let Some((row, col)) = layout.cell_at(x, y) {
                app.coverage = None;
                open_cell(app, row, col);
            }
            return;
        }
        app.focus = Focus::Reader;
        if let Some(at) = mention_at(app, panes.reader_text, at) {
            jump(app, at);
        }
    }
}

fn click_panel(app: &mut App, panel: Rect, at: Position) {
    let layout = PanelLayout::new(app, panel);
    if layout.list.contains(at) {
        app.focus = Focus::Panel;
        let index = layout.list_first + (at.y - layout.list.y) as usize;
        // The discovered section's heading is a row too, and selects nothing.
        if let Some(&PanelRow::Entity(entity, _)) = app.panel_rows().get(index) {
            select(app, entity);
        }
    } else if layout.mentions.contains(at) {
        app.focus = Focus::Mentions;
        let Some(entity) = app.selected else { return };
        let mentions = app.entity_mentions(entity).into_owned();
        let rows = snippet_rows(&mentions);
        let first = layout.snippet_first(&rows, app.snippet);
        if let Some(&SnippetRow::Mention(k)) = rows.get(first + (at.y - layout.mentions.y) as usize)
        {
            app.snippet = k;
            jump_near_top(app, mentions[k]);
        }
    } else {
        app.focus = Focus::Panel;
    }
}

/// The mention drawn at a screen position of the reader's text, if any.
fn mention_at(app: &App, text: Rect, at: Position) -> Option<MentionRef> {
    if !text.contains(at) {
        return None;
    }
    let doc = app.current?;
    let wrapped = app.reader.wrapped.as_ref()?;
    let row = app.reader.top + (at.y - text.y) as usize;
    let col = (at.x - text.x) as usize;
    let d = &app.corpus.docs[doc];
    wrapped
        .mention_pos
        .iter()
        .enumerate()
        .filter(|(_, (r, _))| *r == row)
        .find(|(i, (_, c))| {
            let m = d.mentions[*i];
            (*c..*c + d.article.body[m.start..m.end].width()).contains(&col)
        })
        .map(|(i, _)| MentionRef { doc, mention: i })
}

pub(super) fn wheel(app: &mut App, x: u16, y: u16, delta: isize) {
    if app.popup.is_some() || app.prompt.is_some() {
        return;
    }
    let at = Position { x, y };
    let panes = app.panes();
    if panes.too_small {
        return;
    }
    let pane = if panes.list.is_some_and(|r| r.contains(at)) {
        Focus::List
    } else if let Some(panel) = panes.panel.filter(|r| r.contains(at)) {
        if PanelLayout::new(app, panel).mentions.contains(at) {
            Focus::Mentions
        } else {
            Focus::Panel
        }
    } else if panes.reader.contains(at) {
        Focus::Reader
    } else {
        return;
    };
    if pane == Focus::Reader
        && let Some((row, col)) = app.coverage
    {
        let rows = app.corpus_entities().len();
        let row = row
            .saturating_add_signed(delta.signum())
            .min(rows.saturating_sub(1));
        app.coverage = Some((row, col));
        return;
    }
    // Scroll the pane under the pointer without moving the keyboard focus.
    let focus = app.focus;
    app.focus = pane;
    let step = if pane == Focus::Reader {
        delta.signum() * WHEEL_LINES
    } else {
        delta.signum()
    };
    move_by(app, step);
    app.focus = focus;
}
