//! Remembered state: positions, read articles, the last article, marks.

use crossterm::event::{KeyCode, KeyModifiers};

use super::memory::Unsaved;
use super::tests::{press, seeds_at};
use super::*;
use crate::key::Key;

fn letter(app: &mut App, c: char) {
    update(
        app,
        Action::Input(Key::new(KeyCode::Char(c), KeyModifiers::NONE)),
    );
}

fn top_offset(app: &App) -> usize {
    let w = app.reader.wrapped.as_ref().expect("wrapped");
    w.rows[app.reader.top].start
}

/// A new, empty app remembering what `app` remembered, and the seeds still to arrive.
fn next_session(app: &App) -> (App, Vec<Document>) {
    let g = std::sync::Arc::clone(&app.corpus.gazetteer);
    let m = std::sync::Arc::new(crate::entities::Matcher::new(&g));
    let mut next = App::new(g, std::sync::Arc::clone(&m), 2, Setup::default());
    next.memory = app.memory.clone();
    update(&mut next, Action::Resize(100, 24));
    let (docs, _) = crate::loader::load_all(&crate::corpus::Input::Builtin, &m);
    (next, docs)
}

/// The loader delivering one document.
fn arrive(app: &mut App, doc: Document) {
    update(
        app,
        Action::Load(crate::loader::LoadEvent::Read {
            docs: vec![doc],
            warnings: Vec::new(),
        }),
    );
}

#[test]
fn m_and_a_letter_sets_a_mark_that_quote_letter_returns_to_across_articles() {
    let mut app = seeds_at(100, 24);
    press(
        &mut app,
        &[
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
        ],
    );
    let (doc, top) = (app.current, app.reader.top);
    press(&mut app, &[Action::SetMark]);
    letter(&mut app, 'a');
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("mark a set"))
    );
    assert_eq!(app.unsaved, Unsaved::Now);
    assert_eq!(app.memory.marks["a"].offset, top_offset(&app));
    press(&mut app, &[Action::NextArticle, Action::Down]);
    assert_ne!(app.current, doc);
    press(&mut app, &[Action::JumpMark]);
    letter(&mut app, 'a');
    assert_eq!((app.current, app.reader.top), (doc, top));
    // '' goes back to where the jump left, as in vim.
    press(&mut app, &[Action::JumpMark]);
    letter(&mut app, '\'');
    assert_ne!(app.current, doc);
}

#[test]
fn marks_that_are_not_set_or_not_letters_say_so() {
    let mut app = seeds_at(100, 24);
    press(&mut app, &[Action::JumpMark]);
    letter(&mut app, 'q');
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("mark q is not set")
    );
    press(&mut app, &[Action::SetMark]);
    letter(&mut app, '3');
    assert!(app.memory.marks.is_empty());
    assert_eq!(app.message.as_ref().map(|m| m.level), Some(Level::Warning));
    // Esc after m cancels quietly, and the next key is a key again.
    press(&mut app, &[Action::SetMark]);
    update(
        &mut app,
        Action::Input(Key::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert_eq!(app.pending, None);
    press(&mut app, &[Action::ListMarks]);
    assert!(
        app.popup.is_none(),
        "no marks: a message, not an empty popup"
    );
}

#[test]
fn the_marks_popup_lists_marks_and_enter_goes_to_one() {
    let mut app = seeds_at(100, 24);
    press(&mut app, &[Action::SetMark]);
    letter(&mut app, 'b');
    press(
        &mut app,
        &[Action::NextArticle, Action::Bottom, Action::SetMark],
    );
    letter(&mut app, 'a');
    let (second, bottom) = (app.current, app.reader.top);
    press(&mut app, &[Action::PrevArticle, Action::ListMarks]);
    assert_eq!(app.popup.map(|p| p.kind), Some(PopupKind::Marks));
    let listed: Vec<char> = memory::marks(&app).iter().map(|(c, _)| *c).collect();
    assert_eq!(listed, ['a', 'b']);
    press(&mut app, &[Action::Open]);
    assert_eq!(app.popup, None);
    assert_eq!((app.current, app.reader.top), (second, bottom));
}

#[test]
fn an_article_is_read_once_its_end_has_been_seen() {
    let mut app = seeds_at(100, 24);
    assert!(!memory::is_read(&app, 0), "the first screen is not the end");
    press(&mut app, &[Action::Bottom]);
    assert!(memory::is_read(&app, 0));
    assert_eq!(app.unsaved, Unsaved::Now);
    assert!(!memory::is_read(&app, 1));
    // On a screen tall enough to show all of it, opening it is reading it.
    let app = seeds_at(200, 120);
    assert!(memory::is_read(&app, 0));
}

#[test]
fn positions_and_the_last_article_are_remembered_and_restored() {
    let mut app = seeds_at(100, 24);
    press(&mut app, &[Action::NextArticle, Action::HalfPageDown]);
    let (doc, top) = (app.current.expect("open"), app.reader.top);
    let hash = app.corpus.docs[doc].hash.clone();
    assert_eq!(app.memory.articles[&hash].offset, top_offset(&app));
    assert_eq!(app.memory.last.as_ref().map(|l| &l.hash), Some(&hash));

    // The next session: the same articles arrive one by one.
    let (mut next, docs) = next_session(&app);
    for d in docs {
        arrive(&mut next, d);
    }
    assert_eq!((next.current, next.reader.top), (Some(doc), top));
}

#[test]
fn the_last_article_is_not_reopened_once_the_user_has_moved() {
    let mut app = seeds_at(100, 24);
    press(&mut app, &[Action::NextArticle]);
    let (mut next, mut docs) = next_session(&app);
    let second = docs.pop().expect("second");
    let first = docs.pop().expect("first");
    arrive(&mut next, first);
    press(&mut next, &[Action::Down]);
    arrive(&mut next, second);
    assert_eq!(next.current, Some(0));
}
