//! What the pointer asks for, once the view has said what is under it (see `ui::hit`):
//! open an article, select an entity, go to a snippet's or a text's mention, open a
//! coverage cell, scroll a pane without moving the keyboard focus.

use super::navigate::{jump, jump_near_top, move_by, open, open_cell, select};
use super::{App, Focus, PanelRow};
use crate::index::MentionRef;

/// Rows the reader scrolls per wheel notch.
const WHEEL_LINES: isize = 3;

pub(super) fn focus(app: &mut App, pane: Focus) {
    app.focus = pane;
}

pub(super) fn select_article(app: &mut App, item: usize) {
    app.focus = Focus::List;
    if item < app.order.len() {
        app.cursor = item;
        open(app);
    }
}

pub(super) fn select_panel_row(app: &mut App, index: usize) {
    app.focus = Focus::Panel;
    // The discovered section's heading is a row too, and selects nothing.
    if let Some(&PanelRow::Entity(entity, _)) = app.panel_rows().get(index) {
        select(app, entity);
    }
}

pub(super) fn open_snippet(app: &mut App, k: usize) {
    app.focus = Focus::Mentions;
    let Some(entity) = app.selected else { return };
    let Some(&at) = app.entity_mentions(entity).get(k) else {
        return;
    };
    app.snippet = k;
    jump_near_top(app, at);
}

pub(super) fn jump_to(app: &mut App, at: MentionRef) {
    app.focus = Focus::Reader;
    jump(app, at);
}

pub(super) fn open_coverage_cell(app: &mut App, row: usize, col: usize) {
    app.coverage = None;
    open_cell(app, row, col);
}

/// The wheel over `pane`: the reader scrolls three rows a notch, lists one item; over the
/// coverage matrix it moves the cursor a row.
/// Scrolls the reader's text by `delta` lines, leaving the focus where it is.
pub(super) fn scroll_text(app: &mut App, delta: isize) {
    let focus = app.focus;
    app.focus = Focus::Reader;
    move_by(app, delta);
    app.focus = focus;
}

pub(super) fn scroll(app: &mut App, pane: Focus, delta: isize) {
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
