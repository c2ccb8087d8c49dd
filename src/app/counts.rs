//! Counts, as in less and vim: `5j`, `3n`, `2J`, `10G` (line 10), `50%` (half way). A
//! digit still selects the entity with that number at once, as the panel shows it; when
//! a motion follows, the digits were a count: the selection goes back to what it was and
//! the motion runs that many times. `Enter`, or a second with no key
//! ([`Action::Settle`], sent by the terminal loop), keeps the selection and ends the
//! count, so `3`, a pause, `n` steps through entity 3. `Esc` cancels a count; the status
//! bar shows it while it waits.

use super::navigate::{select, sync_snippet};
use super::{Action, App, Focus};
use crate::entities::EntityId;
use crate::key::Key;
use crossterm::event::KeyCode;

/// A count being typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub n: usize,
    /// The entity selected before its first digit.
    before: Option<EntityId>,
}

/// The largest count taken: enough for any line or article, never a long stall.
const MOST: usize = 100_000;

/// Motions a count repeats.
fn repeats(action: &Action) -> bool {
    matches!(
        action,
        Action::Down
            | Action::Up
            | Action::ViewDown
            | Action::ViewUp
            | Action::HalfPageDown
            | Action::HalfPageUp
            | Action::PageDown
            | Action::PageUp
            | Action::NextMention
            | Action::PrevMention
            | Action::NextAnyMention
            | Action::PrevAnyMention
            | Action::NextArticle
            | Action::PrevArticle
    )
}

fn char_of(key: Key) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if key.mods.is_empty() || key.mods == crossterm::event::KeyModifiers::SHIFT =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// Takes `action` into a count or applies a count to it. Returns the action still to
/// apply (once), or `None` when the count has dealt with it.
pub(super) fn route(app: &mut App, action: Action, apply: fn(&mut App, Action)) -> Option<Action> {
    let Some(count) = app.count.take() else {
        if let Action::SelectEntity(n) = action {
            app.count = Some(Count {
                n,
                before: app.selected,
            });
        }
        return Some(action);
    };
    // The digits were a count after all: the selection goes back.
    let restore = |app: &mut App| match count.before {
        Some(e) => select(app, e),
        None => {
            app.selected = None;
            sync_snippet(app);
        }
    };
    let more = |app: &mut App, digit: usize| {
        app.count = Some(Count {
            n: (count.n * 10 + digit).min(MOST),
            ..count
        });
    };
    match action {
        Action::SelectEntity(d) => {
            restore(app);
            more(app, d);
        }
        Action::Unbound(key) if char_of(key) == Some('0') => {
            restore(app);
            more(app, 0);
        }
        Action::Unbound(key) if char_of(key) == Some('%') => {
            restore(app);
            go_to_row(app, |rows| rows * count.n.min(100) / 100);
        }
        Action::Bottom if app.focus == Focus::Reader => {
            restore(app);
            go_to_row(app, |_| count.n.saturating_sub(1));
        }
        Action::Cancel => app.info(format!("count {} cancelled", count.n)),
        // Enter after a digit: the digit selected its entity, no count.
        Action::Open => {}
        a if repeats(&a) => {
            restore(app);
            for _ in 0..count.n {
                apply(app, a.clone());
            }
        }
        other => return Some(other),
    }
    None
}

/// Scrolls the reader so that the row `row(total rows)` is at the top.
pub(super) fn go_to_row(app: &mut App, row: impl Fn(usize) -> usize) {
    let total = app.reader.wrapped.as_ref().map_or(0, |w| w.rows.len());
    app.reader.top = row(total).min(app.max_top());
}

#[cfg(test)]
mod tests {
    use super::super::input::type_keys;
    use super::super::tests::{position, seeds};

    #[test]
    fn a_count_repeats_a_motion_and_gives_the_selection_back() {
        let mut app = seeds();
        let russia = app.selected;
        type_keys(&mut app, "3n");
        assert_eq!(position(&app), Some(("Russia".into(), 3)));
        assert_eq!(app.selected, russia, "3 was a count, not entity 3");
        type_keys(&mut app, "g");
        type_keys(&mut app, "5j");
        assert_eq!(app.reader.top, 5);
        type_keys(&mut app, "2k");
        assert_eq!(app.reader.top, 3);
        type_keys(&mut app, "2J");
        assert_eq!(app.position(), Some(1));
    }

    #[test]
    fn a_digit_alone_selects_and_esc_cancels_a_count() {
        let mut app = seeds();
        type_keys(&mut app, "3");
        assert_eq!(app.count.map(|c| c.n), Some(3));
        let third = app.selected;
        type_keys(&mut app, "<Esc>");
        assert_eq!(app.count, None);
        assert_eq!(
            app.selected, third,
            "no motion followed: 3 selected entity 3"
        );
        assert!(
            app.message
                .as_ref()
                .is_some_and(|m| m.text == "count 3 cancelled")
        );
        type_keys(&mut app, "1t");
        assert_eq!(app.count, None, "another key ends the count");
    }

    #[test]
    fn enter_or_a_pause_keeps_the_digit_as_a_selection() {
        use crate::action::Action;
        let mut app = seeds();
        type_keys(&mut app, "4<Enter>n");
        assert_eq!(position(&app), Some(("Stuart Jones".into(), 1)));
        let mut app = seeds();
        type_keys(&mut app, "4");
        super::super::update(&mut app, Action::Settle);
        type_keys(&mut app, "n");
        assert_eq!(position(&app), Some(("Stuart Jones".into(), 1)));
    }

    #[test]
    fn counted_g_goes_to_a_line_and_percent_goes_part_way() {
        let mut app = seeds();
        type_keys(&mut app, "10G");
        assert_eq!(app.reader.top, 9);
        type_keys(&mut app, "50%");
        let rows = app.reader.wrapped.as_ref().map_or(0, |w| w.rows.len());
        assert_eq!(app.reader.top, (rows / 2).min(app.max_top()));
        type_keys(&mut app, "G");
        assert_eq!(app.reader.top, app.max_top(), "G alone: the bottom");
    }
}
