//! Every key's transition, on the seed articles.

use std::sync::Arc;

use ratatui::layout::Rect;

use super::*;
use crate::corpus::Input;
use crate::entities::EntityId;
use crate::entities::{Gazetteer, Matcher};
use crate::loader::{LoadEvent, load_all};

pub(crate) fn seeds_at(w: u16, h: u16) -> App {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let (docs, warnings) = load_all(&Input::Builtin, &m);
    App::with_documents(g, m, docs, warnings, Rect::new(0, 0, w, h))
}

pub(crate) fn seeds() -> App {
    seeds_at(120, 32)
}

pub(crate) fn press(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a.clone());
    }
}

pub(crate) fn entity(app: &App, id: &str) -> EntityId {
    app.corpus.gazetteer.id_of(id).expect("entity")
}

/// "Russia 3/9" as the status bar shows it.
pub(crate) fn position(app: &App) -> Option<(String, usize)> {
    let m = app.current_mention()?;
    let e = app.corpus.docs[m.doc].mentions[m.mention].entity;
    Some((app.corpus.entity(e).name.clone(), app.mention_rank(m)?))
}

#[test]
fn starts_on_the_first_article_with_its_first_entity_selected() {
    let app = seeds();
    assert_eq!(app.current, Some(0));
    assert_eq!(app.selected, Some(entity(&app, "russia")));
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(app.mention, None);
    assert_eq!(app.reader.top, 0);
}

#[test]
fn n_visits_every_mention_of_the_entity_across_articles_then_wraps() {
    let mut app = seeds();
    let mut seen = Vec::new();
    for _ in 0..9 {
        update(&mut app, Action::NextMention);
        seen.push((app.current, position(&app)));
        assert!(app.message.is_none(), "{:?}", app.message);
    }
    let ordinals: Vec<usize> = seen
        .iter()
        .filter_map(|(_, p)| p.as_ref().map(|p| p.1))
        .collect();
    assert_eq!(ordinals, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(seen[3].0, Some(0));
    assert_eq!(seen[4].0, Some(1));
    update(&mut app, Action::NextMention);
    assert_eq!(position(&app), Some(("Russia".into(), 1)));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("wrapped"))
    );
}

#[test]
fn capital_n_goes_back_and_wraps_to_the_last_mention() {
    let mut app = seeds();
    update(&mut app, Action::PrevMention);
    assert_eq!(app.current, Some(1));
    assert_eq!(position(&app), Some(("Russia".into(), 9)));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("wrapped"))
    );
    update(&mut app, Action::PrevMention);
    assert_eq!(position(&app), Some(("Russia".into(), 8)));
}

#[test]
fn a_jump_scrolls_the_mention_into_view_with_context() {
    let mut app = seeds_at(80, 16);
    let height = app.reader_height();
    for _ in 0..4 {
        update(&mut app, Action::NextMention);
        let w = app.reader.wrapped.as_ref().expect("wrapped");
        let row = w.mention_pos[app.mention.expect("mention")].0;
        let top = app.reader.top;
        assert!(row >= top && row < top + height, "row {row} top {top}");
        assert!(
            row - top >= 1 || top == 0,
            "context above row {row} top {top}"
        );
    }
}

#[test]
fn n_starts_from_the_top_of_the_view_without_a_current_mention() {
    let mut app = seeds_at(80, 16);
    press(&mut app, &[Action::Bottom]);
    let top = app.reader.top;
    let offset = app.reader.wrapped.as_ref().expect("w").body_offset(top);
    update(&mut app, Action::NextAnyMention);
    let m = app.doc().expect("doc").mentions[app.mention.expect("m")];
    assert!(m.start >= offset);
}

#[test]
fn jump_selects_the_entity_of_the_mention() {
    let mut app = seeds();
    update(&mut app, Action::NextAnyMention);
    assert_eq!(app.selected, Some(entity(&app, "russia")));
    press(&mut app, &[Action::NextAnyMention]);
    assert_eq!(app.selected, Some(entity(&app, "turkey")));
}

#[test]
fn brackets_stay_in_the_article_and_wrap_inside_it() {
    let mut app = seeds();
    for _ in 0..12 {
        update(&mut app, Action::NextAnyMention);
        assert_eq!(app.current, Some(0));
    }
    assert_eq!(app.mention, Some(11));
    update(&mut app, Action::NextAnyMention);
    assert_eq!(app.mention, Some(0));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("wrapped"))
    );
    update(&mut app, Action::PrevAnyMention);
    assert_eq!(app.mention, Some(11));
}

#[test]
fn number_keys_select_panel_entities() {
    let mut app = seeds();
    update(&mut app, Action::SelectEntity(4));
    update(&mut app, Action::Settle);
    assert_eq!(app.selected, Some(entity(&app, "jones")));
    // A pause after the digit: a selection, not a count.
    update(&mut app, Action::Settle);
    update(&mut app, Action::NextMention);
    assert_eq!(position(&app), Some(("Stuart Jones".into(), 1)));
    update(&mut app, Action::SelectEntity(9));
    update(&mut app, Action::Settle);
    assert_eq!(app.selected, Some(entity(&app, "jones")));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "6 entities are numbered")
    );
    // A number means the same entity in every article: by the corpus's totals (Russia 9,
    // Iran 7, Turkey 6), whatever this article's counts.
    for article in [Action::NextArticle, Action::PrevArticle] {
        update(&mut app, article);
        update(&mut app, Action::SelectEntity(2));
        update(&mut app, Action::Settle);
        assert_eq!(app.selected, Some(entity(&app, "iran")));
        update(&mut app, Action::SelectEntity(3));
        update(&mut app, Action::Settle);
        assert_eq!(app.selected, Some(entity(&app, "turkey")));
    }
}

#[test]
fn j_k_and_pages_scroll_within_bounds() {
    let mut app = seeds_at(80, 16);
    update(&mut app, Action::Up);
    assert_eq!(app.reader.top, 0);
    update(&mut app, Action::Down);
    assert_eq!(app.reader.top, 1);
    update(&mut app, Action::HalfPageDown);
    assert_eq!(app.reader.top, 1 + app.reader_height() / 2);
    update(&mut app, Action::HalfPageUp);
    assert_eq!(app.reader.top, 1);
    update(&mut app, Action::PageDown);
    assert_eq!(app.reader.top, 1 + app.reader_height() - 2);
    update(&mut app, Action::PageUp);
    assert_eq!(app.reader.top, 1);
    update(&mut app, Action::Bottom);
    assert_eq!(app.reader.top, app.max_top());
    assert!(app.max_top() > 0);
    update(&mut app, Action::Down);
    assert_eq!(app.reader.top, app.max_top());
    update(&mut app, Action::Top);
    assert_eq!(app.reader.top, 0);
}

#[test]
fn capital_j_k_change_article_and_remember_positions() {
    let mut app = seeds_at(80, 16);
    press(&mut app, &[Action::Down, Action::Down, Action::Down]);
    update(&mut app, Action::NextArticle);
    assert_eq!((app.current, app.cursor, app.reader.top), (Some(1), 1, 0));
    update(&mut app, Action::NextArticle);
    assert_eq!(app.current, Some(1));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("last article"))
    );
    update(&mut app, Action::PrevArticle);
    assert_eq!((app.current, app.reader.top), (Some(0), 3));
    update(&mut app, Action::PrevArticle);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("first article"))
    );
}

#[test]
fn focus_cycles_and_moves_sideways() {
    let mut app = seeds();
    update(&mut app, Action::FocusNext);
    assert_eq!(app.focus, Focus::Panel);
    update(&mut app, Action::FocusNext);
    assert_eq!(app.focus, Focus::Mentions);
    update(&mut app, Action::FocusNext);
    assert_eq!(app.focus, Focus::List);
    update(&mut app, Action::FocusPrev);
    assert_eq!(app.focus, Focus::Mentions);
    update(&mut app, Action::FocusLeft);
    assert_eq!(app.focus, Focus::Reader);
    update(&mut app, Action::FocusLeft);
    assert_eq!(app.focus, Focus::List);
    update(&mut app, Action::FocusLeft);
    assert_eq!(app.focus, Focus::List);
    update(&mut app, Action::FocusRight);
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn focus_skips_panes_hidden_on_narrow_terminals() {
    let mut app = seeds_at(60, 20);
    update(&mut app, Action::FocusNext);
    assert_eq!(app.focus, Focus::Panel);
    update(&mut app, Action::FocusNext);
    assert_eq!(app.focus, Focus::Mentions);
    update(&mut app, Action::FocusNext);
    assert_eq!(app.focus, Focus::Reader);
    // Too short for the mention list: the panel is one stop.
    let mut app = seeds_at(60, 10);
    update(&mut app, Action::FocusNext);
    assert_eq!(app.focus, Focus::Panel);
    update(&mut app, Action::FocusNext);
    assert_eq!(app.focus, Focus::Reader);
}

#[test]
fn list_cursor_moves_and_enter_opens() {
    let mut app = seeds();
    press(&mut app, &[Action::FocusLeft, Action::Down, Action::Down]);
    assert_eq!((app.cursor, app.current), (1, Some(0)));
    update(&mut app, Action::Open);
    assert_eq!((app.current, app.focus), (Some(1), Focus::Reader));
    press(&mut app, &[Action::FocusLeft, Action::Top]);
    assert_eq!(app.cursor, 0);
}

#[test]
fn panel_moves_the_selection_and_enter_jumps_to_its_first_mention() {
    let mut app = seeds();
    press(&mut app, &[Action::FocusRight, Action::Down, Action::Down]);
    assert_eq!(app.selected, Some(entity(&app, "iran")));
    update(&mut app, Action::Up);
    assert_eq!(app.selected, Some(entity(&app, "turkey")));
    update(&mut app, Action::Open);
    assert_eq!(position(&app), Some(("Turkey".into(), 1)));
    update(&mut app, Action::Bottom);
    assert_eq!(app.selected, Some(entity(&app, "lavrentiev")));
}

#[test]
fn help_opens_scrolls_and_closes_without_moving_the_reader() {
    let mut app = seeds();
    update(&mut app, Action::ToggleHelp);
    assert_eq!(app.popup.map(|p| p.kind), Some(super::PopupKind::Help));
    press(&mut app, &[Action::Down, Action::NextMention, Action::Quit]);
    assert_eq!(app.popup, None);
    assert!(!app.should_quit);
    assert_eq!(app.mention, None);
    press(&mut app, &[Action::ToggleHelp, Action::Cancel]);
    assert_eq!(app.popup, None);
}

#[test]
fn escape_clears_the_current_mention_and_q_quits() {
    let mut app = seeds();
    press(&mut app, &[Action::NextMention, Action::Cancel]);
    assert_eq!(app.mention, None);
    update(&mut app, Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn unbound_keys_say_how_to_get_help() {
    let mut app = seeds();
    let key = crate::key::Key::parse("z").expect("key");
    update(&mut app, Action::Unbound(key));
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("z is not bound to anything (? shows the keys)")
    );
    update(&mut app, Action::Down);
    assert!(app.message.is_none());
}

#[test]
fn resize_keeps_the_paragraph_at_the_top() {
    let mut app = seeds_at(120, 30);
    press(&mut app, &vec![Action::Down; 9]);
    let before = {
        let w = app.reader.wrapped.as_ref().expect("w");
        w.rows[app.reader.top]
    };
    for (w, h) in [(80, 24), (160, 45), (60, 12), (120, 30)] {
        update(&mut app, Action::Resize(w, h));
        let wrapped = app.reader.wrapped.as_ref().expect("w");
        let row = wrapped.rows[app.reader.top];
        if app.reader.top < app.max_top() {
            let para = |r: crate::wrap::Row| {
                app.doc()
                    .expect("d")
                    .article
                    .paragraphs
                    .iter()
                    .position(|p| p.contains(&r.start) || p.start == r.start)
            };
            assert_eq!(para(row), para(before), "{w}x{h}");
        }
    }
    assert_eq!(
        app.reader.wrapped.as_ref().expect("w").rows[app.reader.top],
        before
    );
}

#[test]
fn tiny_terminals_do_not_panic_on_any_key() {
    let mut app = seeds_at(1, 1);
    let all = [
        Action::Down,
        Action::Up,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::Top,
        Action::Bottom,
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusLeft,
        Action::FocusRight,
        Action::Open,
        Action::NextArticle,
        Action::PrevArticle,
        Action::NextMention,
        Action::PrevMention,
        Action::NextAnyMention,
        Action::PrevAnyMention,
        Action::SelectEntity(2),
        Action::Settle,
        Action::Cancel,
    ];
    for size in [(1, 1), (0, 0), (16, 4), (3, 80)] {
        update(&mut app, Action::Resize(size.0, size.1));
        press(&mut app, &all);
    }
}

#[test]
fn loader_events_build_the_corpus_incrementally() {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let mut app = App::new(g, m.clone(), 3, Setup::default());
    update(&mut app, Action::Resize(100, 30));
    assert_eq!(app.current, None);
    let (docs, _) = load_all(&Input::Builtin, &m);
    let mut docs = docs.into_iter();
    update(
        &mut app,
        Action::Load(LoadEvent::Read {
            docs: vec![docs.next().expect("doc")],
            warnings: Vec::new(),
        }),
    );
    assert_eq!(app.current, Some(0));
    assert_eq!(app.loading.as_ref().map(|l| l.done), Some(1));
    update(
        &mut app,
        Action::Load(LoadEvent::Read {
            docs: Vec::new(),
            warnings: vec![crate::corpus::Warning {
                path: "bad.txt".into(),
                message: "the file is empty".into(),
            }],
        }),
    );
    update(
        &mut app,
        Action::Load(LoadEvent::Read {
            docs: vec![docs.next().expect("doc")],
            warnings: Vec::new(),
        }),
    );
    assert_eq!(app.loading.as_ref().map(|l| l.done), Some(3));
    update(&mut app, Action::Load(LoadEvent::Finished));
    assert_eq!(app.loading, None);
    assert_eq!(app.order, [0, 1]);
    assert_eq!(app.warnings.len(), 1);
    assert_eq!(app.corpus.total(app.selected.expect("sel")), 9);
}

#[test]
fn an_empty_corpus_says_so_and_keys_do_nothing() {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let mut app = App::new(g, m, 0, Setup::default());
    update(&mut app, Action::Load(LoadEvent::Finished));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "no articles could be read")
    );
    press(
        &mut app,
        &[
            Action::NextMention,
            Action::NextArticle,
            Action::Bottom,
            Action::Open,
            Action::SelectEntity(1),
            Action::Settle,
        ],
    );
    assert_eq!(app.current, None);
}

/// One rule for every overlay, typed as keys: `q` and `Esc` close it, and `q` on the
/// main screen quits.
#[test]
fn q_closes_every_overlay_and_quits_only_from_the_main_screen() {
    use super::input::type_keys;
    for (open, is_open) in [
        ("?", (|a: &App| a.popup.is_some()) as fn(&App) -> bool),
        ("!", |a: &App| a.popup.is_some()),
        ("c", |a: &App| a.coverage.is_some()),
        ("maM", |a: &App| a.popup.is_some()),
    ] {
        for close in ["q", "<Esc>"] {
            let mut app = seeds();
            type_keys(&mut app, open);
            assert!(is_open(&app), "{open} opens an overlay");
            type_keys(&mut app, close);
            assert!(!is_open(&app), "{close:?} closes what {open} opened");
            assert!(
                !app.should_quit,
                "{close:?} in {open}'s overlay must not quit"
            );
        }
    }
    let mut app = seeds();
    type_keys(&mut app, "q");
    assert!(app.should_quit);
}

/// On a fresh state the reader opens at the list's first article and stays there while
/// the rest load, even when later files hold the same text (copies of one page).
#[test]
fn a_fresh_corpus_opens_at_its_first_article_whatever_loads_after() {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let mut app = App::new(g, m.clone(), 6, Setup::default());
    update(&mut app, Action::Resize(100, 30));
    let (docs, _) = load_all(&Input::Builtin, &m);
    for _ in 0..3 {
        for doc in &docs {
            update(
                &mut app,
                Action::Load(LoadEvent::Read {
                    docs: vec![doc.clone()],
                    warnings: Vec::new(),
                }),
            );
        }
    }
    update(&mut app, Action::Load(LoadEvent::Finished));
    assert_eq!(app.order.len(), 6);
    assert_eq!(app.current, Some(0));
    assert_eq!(app.cursor, 0);
}

/// Ctrl-e and Ctrl-y scroll the text a line with the focus in the panel; `=` and Ctrl-g
/// say where the reader is.
#[test]
fn ctrl_e_and_ctrl_y_scroll_the_text_and_equals_says_where_you_are() {
    use super::input::type_keys;
    let mut app = seeds();
    type_keys(&mut app, "<Tab><Tab>");
    let focus = app.focus;
    assert_ne!(focus, crate::action::Focus::Reader);
    type_keys(&mut app, "<C-e><C-e><C-e>");
    assert_eq!(app.reader.top, 3);
    assert_eq!(app.focus, focus, "the focus stays");
    type_keys(&mut app, "<C-y>");
    assert_eq!(app.reader.top, 2);
    type_keys(&mut app, "=");
    let text = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(text.contains("article 1 of 2 · lines 3–"), "{text}");
    assert!(text.contains("000_0b9f368ee42c4f04.txt"), "{text}");
    type_keys(&mut app, "<C-g>");
    assert!(app.message.as_ref().is_some_and(|m| m.text.ends_with('%')));
}

/// `n` goes on from the current mention while it is on screen; scrolled out of view, it
/// starts from the view and says so.
#[test]
fn n_continues_from_the_current_mention_or_says_it_starts_from_the_view() {
    use super::input::type_keys;
    let mut app = seeds();
    type_keys(&mut app, "nnn");
    assert_eq!(position(&app), Some(("Russia".into(), 3)));
    type_keys(&mut app, "n");
    assert_eq!(position(&app), Some(("Russia".into(), 4)));
    assert!(app.message.is_none(), "on screen: no word needed");
    // Scroll the mention out of view, back to the top: n starts from the view.
    type_keys(&mut app, "g");
    type_keys(&mut app, "n");
    let text = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(text.contains("from the top of the view"), "{text}");
}

/// `/` then Enter on an empty prompt repeats the last search and moves to its next hit,
/// as in less and vim.
#[test]
fn an_empty_search_repeats_the_last_and_moves_on() {
    use super::input::type_keys;
    let mut app = seeds();
    type_keys(&mut app, "/Astana<Enter>");
    let first = app.search.as_ref().and_then(|s| s.current);
    assert_eq!(first, Some(0));
    type_keys(&mut app, "/<Enter>");
    let second = app.search.as_ref().and_then(|s| s.current);
    assert_eq!(second, Some(1), "the next hit, not the first again");
    assert_eq!(
        app.search.as_ref().map(|s| s.pattern.text.as_str()),
        Some("Astana")
    );
}

/// `zz`, `zt` and `zb` put the current mention's line in the middle, at the top or at the
/// bottom of the screen, as in vim.
#[test]
fn z_places_the_current_mentions_line() {
    use super::input::type_keys;
    let mut app = seeds();
    type_keys(&mut app, "nnnn");
    let i = app.mention.expect("a mention");
    let row = app.reader.wrapped.as_ref().expect("wrapped").mention_pos[i].0;
    let height = app.reader_height();
    type_keys(&mut app, "zt");
    assert_eq!(app.reader.top, row.min(app.max_top()));
    type_keys(&mut app, "zz");
    assert_eq!(
        app.reader.top,
        row.saturating_sub(height / 2).min(app.max_top())
    );
    type_keys(&mut app, "zb");
    assert_eq!(
        app.reader.top,
        row.saturating_sub(height - 1).min(app.max_top())
    );
    type_keys(&mut app, "zq");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("after z:"))
    );
}
