//! What is under the pointer: a click or a wheel notch at a terminal cell becomes the
//! semantic action it means (open this article, go to this mention, scroll that pane),
//! worked out from the same layout the views draw with, so the app never needs the
//! views' geometry.

use ratatui::layout::{Position, Rect};
use unicode_width::UnicodeWidthStr;

use super::coverage::CoverageLayout;
use super::entity_panel::{panel_layout, snippet_rows};
use crate::action::{Action, Focus};
use crate::app::App;
use crate::index::MentionRef;
use crate::layout::{SnippetRow, scroll_to_show};

fn inside(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// A left click at column `x`, row `y`: what it means, if anything.
pub fn click(app: &App, x: u16, y: u16) -> Option<Action> {
    if app.popup.is_some() {
        // A click anywhere closes a popup, as Esc does.
        return Some(Action::Cancel);
    }
    if app.prompt.is_some() {
        return None;
    }
    let at = Position { x, y };
    let panes = app.panes();
    if panes.too_small {
        return None;
    }
    if let Some(list) = panes.list.filter(|r| r.contains(at)) {
        let inner = inside(list);
        if !inner.contains(at) {
            return Some(Action::FocusPane(Focus::List));
        }
        let per_page = (inner.height / 2).max(1) as usize;
        // The same first row as the list draws.
        let first = scroll_to_show(app.cursor, per_page);
        return Some(Action::SelectArticle(first + ((y - inner.y) / 2) as usize));
    }
    if let Some(panel) = panes.panel.filter(|r| r.contains(at)) {
        return Some(click_panel(app, panel, at));
    }
    if panes.reader.contains(at) {
        if let Some(cursor) = app.coverage {
            let layout = CoverageLayout::new(app, panes.reader, cursor);
            return layout
                .cell_at(x, y)
                .map(|(row, col)| Action::OpenCell(row, col));
        }
        return Some(match mention_at(app, panes.reader_text, at) {
            Some(m) => Action::JumpTo(m),
            None => Action::FocusPane(Focus::Reader),
        });
    }
    None
}

fn click_panel(app: &App, panel: Rect, at: Position) -> Action {
    let layout = panel_layout(app, panel);
    if layout.list.contains(at) {
        return Action::SelectPanelRow(layout.list_first + (at.y - layout.list.y) as usize);
    }
    if layout.mentions.contains(at) {
        let Some(entity) = app.selected else {
            return Action::FocusPane(Focus::Mentions);
        };
        let mentions = app.entity_mentions(entity);
        let rows = snippet_rows(&mentions, app.snippet, layout.mentions.height as usize + 1);
        let first = layout.snippet_first(&rows, app.snippet);
        return match rows.get(first + (at.y - layout.mentions.y) as usize) {
            Some(&SnippetRow::Mention(k)) => Action::OpenSnippet(k),
            _ => Action::FocusPane(Focus::Mentions),
        };
    }
    Action::FocusPane(Focus::Panel)
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

/// The wheel turned at column `x`, row `y`, `delta` notches down (up when negative):
/// the pane under the pointer scrolls.
pub fn wheel(app: &App, x: u16, y: u16, delta: isize) -> Option<Action> {
    if app.popup.is_some() || app.prompt.is_some() {
        return None;
    }
    let at = Position { x, y };
    let panes = app.panes();
    if panes.too_small {
        return None;
    }
    let pane = if panes.list.is_some_and(|r| r.contains(at)) {
        Focus::List
    } else if let Some(panel) = panes.panel.filter(|r| r.contains(at)) {
        if panel_layout(app, panel).mentions.contains(at) {
            Focus::Mentions
        } else {
            Focus::Panel
        }
    } else if panes.reader.contains(at) {
        Focus::Reader
    } else {
        return None;
    };
    Some(Action::Scroll(pane, delta))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::tests::{position, press, seeds};
    use crate::app::tests_corpus::three;
    use crate::app::tests_discovered::seeds_discovered;
    use crate::app::{PanelRow, Tier, update};

    /// A click through the real path: what is under it, then the app's update.
    fn click(app: &mut App, x: u16, y: u16) {
        if let Some(action) = super::click(app, x, y) {
            update(app, action);
        }
    }

    fn wheel(app: &mut App, x: u16, y: u16, delta: isize) {
        if let Some(action) = super::wheel(app, x, y, delta) {
            update(app, action);
        }
    }

    #[test]
    fn clicks_select_articles_entities_snippets_and_mentions() {
        let mut app = seeds();
        let panes = app.panes();
        // The second article's headline: rows 3-4 inside the list's border.
        let list = panes.list.expect("list");
        click(&mut app, list.x + 3, list.y + 3);
        assert_eq!((app.current, app.focus), (Some(1), Focus::Reader));
        // The third entity of the panel.
        let panel = panel_layout(&app, panes.panel.expect("panel"));
        click(&mut app, panel.list.x + 4, panel.list.y + 2);
        let third = app.panel_entities()[2].0;
        assert_eq!((app.selected, app.focus), (Some(third), Focus::Panel));
        // The first snippet (under the first article's title).
        let panel = panel_layout(&app, panes.panel.expect("panel"));
        click(&mut app, panel.mentions.x + 4, panel.mentions.y + 1);
        assert_eq!(app.focus, Focus::Mentions);
        assert_eq!(app.current, Some(0));
        assert_eq!(app.current_mention(), Some(app.entity_mentions(third)[0]));
        // A mention in the text.
        let (row, col) = {
            let w = app.reader.wrapped.as_ref().expect("wrapped");
            let i = (0..w.mention_pos.len())
                .find(|&i| {
                    let r = w.mention_pos[i].0;
                    r >= app.reader.top
                        && r < app.reader.top + app.reader_height()
                        && Some(i) != app.mention
                })
                .expect("another mention on screen");
            w.mention_pos[i]
        };
        let text = app.panes().reader_text;
        let y = text.y + (row - app.reader.top) as u16;
        click(&mut app, text.x + col as u16 + 1, y);
        let m = app.current_mention().expect("clicked mention");
        assert_eq!(
            app.reader.wrapped.as_ref().expect("w").mention_pos[m.mention],
            (row, col)
        );
        assert_eq!(app.focus, Focus::Reader);
    }

    #[test]
    fn the_wheel_scrolls_the_pane_under_the_pointer_and_keeps_focus() {
        let mut app = seeds();
        let panes = app.panes();
        update(&mut app, Action::FocusLeft);
        assert_eq!(app.focus, Focus::List);
        wheel(&mut app, panes.reader.x + 5, panes.reader.y + 5, 1);
        assert_eq!((app.reader.top, app.focus), (3, Focus::List));
        wheel(&mut app, panes.reader.x + 5, panes.reader.y + 5, -1);
        assert_eq!(app.reader.top, 0);
        let panel = panel_layout(&app, panes.panel.expect("panel"));
        wheel(&mut app, panel.mentions.x, panel.mentions.y + 2, 1);
        assert_eq!(app.snippet, 1);
    }

    #[test]
    fn a_click_on_a_coverage_cell_opens_that_mention() {
        let mut app = three();
        update(&mut app, Action::ToggleCoverage);
        let panes = app.panes();
        let layout = CoverageLayout::new(&app, panes.reader, (0, 0));
        // Iran (third row) in the second article.
        let x = layout.inner.x + layout.name_width + 1 + layout.cell_width + 1;
        let y = layout.inner.y + 1 + 2;
        assert_eq!(layout.cell_at(x, y), Some((2, 1)));
        click(&mut app, x, y);
        assert_eq!(app.coverage, None);
        assert_eq!(app.current, Some(1));
        assert_eq!(position(&app).map(|p| p.0), Some("Iran".to_owned()));
    }

    #[test]
    fn a_click_on_a_discovered_row_selects_it_and_the_heading_selects_nothing() {
        let mut app = seeds_discovered();
        press(&mut app, &[Action::SelectEntity(6)]);
        let panel = app.panes().panel.expect("a panel at 120 columns");
        let layout = panel_layout(&app, panel);
        let rows = app.panel_rows();
        let heading = rows
            .iter()
            .position(|r| matches!(r, PanelRow::Heading(_)))
            .expect("a heading");
        let y = |i: usize| layout.list.y + (i - layout.list_first) as u16;
        assert!(
            heading >= layout.list_first
                && heading + 1 < layout.list_first + layout.list.height as usize
        );
        let selected = app.selected;
        click(&mut app, layout.list.x + 4, y(heading));
        assert_eq!(app.selected, selected);
        click(&mut app, layout.list.x + 4, y(heading + 1));
        let PanelRow::Entity(first, _) = rows[heading + 1] else {
            panic!("an entity after the heading");
        };
        assert_eq!(app.selected, Some(first));
        assert_eq!(app.tier(first), Tier::Discovered);
    }
}
