//! Transitions of the corpus-wide features: the mention list, the panel's scope, the
//! filter, search, the jump list and the coverage view.

use super::tests::{entity, position, press, seeds, seeds_at};
use super::*;

#[test]
fn mention_list_follows_the_selected_entity_and_enter_opens_a_mention() {
    let mut app = seeds();
    let russia = entity(&app, "russia");
    assert_eq!(app.selected, Some(russia));
    assert_eq!(app.entity_mentions(russia).len(), 9);
    press(
        &mut app,
        &[
            Action::FocusNext,
            Action::FocusNext,
            Action::Down,
            Action::Down,
        ],
    );
    assert_eq!((app.focus, app.snippet), (Focus::Mentions, 2));
    update(&mut app, Action::Open);
    assert_eq!(position(&app), Some(("Russia".into(), 3)));
    assert_eq!(
        app.focus,
        Focus::Mentions,
        "the list keeps focus for the next one"
    );
    // The fifth mention is the first in the second article.
    press(&mut app, &[Action::Down, Action::Down, Action::Open]);
    assert_eq!(app.current, Some(1));
    assert_eq!(position(&app), Some(("Russia".into(), 5)));
    // Placed a few lines from the top.
    let row = app.reader.wrapped.as_ref().expect("wrapped").mention_pos[app.mention.expect("m")].0;
    assert!(
        row >= app.reader.top && row - app.reader.top <= 3,
        "{row} {}",
        app.reader.top
    );
    // The cursor stops at the ends.
    press(&mut app, &[Action::Bottom, Action::Down]);
    assert_eq!(app.snippet, 8);
    press(&mut app, &[Action::Top, Action::Up]);
    assert_eq!(app.snippet, 0);
}

#[test]
fn jumps_move_the_mention_list_cursor_to_the_current_mention() {
    let mut app = seeds();
    press(
        &mut app,
        &[
            Action::NextMention,
            Action::NextMention,
            Action::NextMention,
        ],
    );
    assert_eq!(app.snippet, 2);
    // Selecting another entity puts the cursor on its first mention.
    update(&mut app, Action::SelectEntity(2));
    assert_eq!(app.snippet, 0);
}

#[test]
fn t_switches_the_panel_to_all_articles_entities() {
    let mut app = seeds();
    let article: Vec<EntityId> = app.panel_entities().iter().map(|e| e.0).collect();
    update(&mut app, Action::ToggleScope);
    assert_eq!(app.scope, Scope::Corpus);
    let all: Vec<(String, u32)> = app
        .panel_entities()
        .iter()
        .map(|&(e, n)| (app.corpus.gazetteer.get(e).id.clone(), n))
        .collect();
    assert_eq!(
        all,
        [
            ("russia".to_owned(), 9),
            ("iran".to_owned(), 7),
            ("turkey".to_owned(), 6),
            ("jones".to_owned(), 3),
            ("de-mistura".to_owned(), 2),
            ("lavrentiev".to_owned(), 2)
        ]
    );
    update(&mut app, Action::SelectEntity(2));
    assert_eq!(app.selected, Some(entity(&app, "iran")));
    update(&mut app, Action::SelectEntity(9));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "the articles have 6 entities")
    );
    update(&mut app, Action::ToggleScope);
    let back: Vec<EntityId> = app.panel_entities().iter().map(|e| e.0).collect();
    assert_eq!(back, article);
}

#[test]
fn entity_mentions_follow_the_list_order() {
    let mut app = seeds_at(120, 32);
    let iran = entity(&app, "iran");
    app.order = vec![1, 0];
    let docs: Vec<usize> = app.entity_mentions(iran).iter().map(|m| m.doc).collect();
    assert_eq!(docs, [1, 1, 1, 1, 1, 0, 0]);
}
