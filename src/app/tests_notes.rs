//! Notes: writing, editing and deleting them, finding them again, the list.

use crossterm::event::{KeyCode, KeyModifiers};

use super::memory::Unsaved;
use super::tests::{press, seeds_at};
use super::*;
use crate::key::Key;

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(
            app,
            Action::Input(Key::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
}

fn key(app: &mut App, code: KeyCode) {
    update(app, Action::Input(Key::new(code, KeyModifiers::NONE)));
}

#[test]
fn a_notes_the_current_mention_and_again_edits_then_empties_to_delete() {
    let mut app = seeds_at(100, 24);
    press(&mut app, &[Action::NextMention, Action::AddNote]);
    let target = app
        .prompt
        .as_ref()
        .and_then(|p| match &p.kind {
            super::PromptKind::Note(t) => Some(t.clone()),
            _ => None,
        })
        .expect("note input");
    assert!(target.entity.is_some());
    typed(&mut app, "guarantor, listed first");
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.is_none());
    assert_eq!(app.unsaved, Unsaved::Now);
    let note = app.memory.notes.values().next().expect("note").clone();
    assert_eq!(note.quote, "Russia");
    assert_eq!(note.entity.as_deref(), Some("russia"));
    assert_eq!(note.text, "guarantor, listed first");
    assert_eq!(
        notes::on_current_mention(&app, &notes::placed(&app)).map(|n| n.text.as_str()),
        Some("guarantor, listed first")
    );

    // Again on the same mention: the input holds the note to edit.
    press(&mut app, &[Action::AddNote]);
    assert_eq!(
        app.prompt.as_ref().map(|p| p.text.as_str()),
        Some("guarantor, listed first")
    );
    update(
        &mut app,
        Action::Input(Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut app, "edited");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.memory.notes.len(), 1);
    assert_eq!(
        app.memory.notes.values().next().map(|n| n.text.as_str()),
        Some("edited")
    );

    press(&mut app, &[Action::AddNote]);
    update(
        &mut app,
        Action::Input(Key::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    key(&mut app, KeyCode::Enter);
    assert!(app.memory.notes.is_empty());
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("note deleted")
    );
}

#[test]
fn without_a_mention_a_note_goes_on_the_paragraph_at_the_top_and_esc_cancels() {
    let mut app = seeds_at(100, 24);
    press(
        &mut app,
        &[Action::Down, Action::Down, Action::Down, Action::AddNote],
    );
    let target = app
        .prompt
        .as_ref()
        .and_then(|p| match &p.kind {
            super::PromptKind::Note(t) => Some(t.clone()),
            _ => None,
        })
        .expect("note input");
    assert_eq!(target.entity, None);
    let body = &app.corpus.docs[target.doc].article.body;
    assert!(
        app.corpus.docs[target.doc]
            .article
            .paragraphs
            .contains(&target.range)
    );
    assert!(!body[target.range.clone()].is_empty());
    typed(&mut app, "abandoned");
    key(&mut app, KeyCode::Esc);
    assert!(app.prompt.is_none());
    assert!(app.memory.notes.is_empty());
}

#[test]
fn notes_are_found_again_in_a_renamed_or_edited_article() {
    let mut app = seeds_at(100, 24);
    press(&mut app, &[Action::NextMention, Action::AddNote]);
    typed(&mut app, "n");
    key(&mut app, KeyCode::Enter);
    let id = app.memory.notes.keys().next().expect("id").clone();
    let (doc, range) = notes::resolve(&app, &app.memory.notes[&id]).expect("placed");

    // Renamed: the hash still finds it.
    app.memory.notes.get_mut(&id).expect("note").article.path = "elsewhere.txt".into();
    assert_eq!(
        notes::resolve(&app, &app.memory.notes[&id]),
        Some((doc, range.clone()))
    );

    // Edited (another hash, same path), text moved by 7 bytes: the quote finds it.
    let note = app.memory.notes.get_mut(&id).expect("note");
    note.article.hash = "0000000000000000".into();
    note.article.path = app.corpus.docs[doc].article.path.display().to_string();
    note.start += 7;
    note.end += 7;
    assert_eq!(
        notes::resolve(&app, &app.memory.notes[&id]),
        Some((doc, range))
    );

    // Its text gone: not placed, but kept and listed last.
    app.memory.notes.get_mut(&id).expect("note").quote = "Atlantis".into();
    assert_eq!(notes::resolve(&app, &app.memory.notes[&id]), None);
    assert_eq!(notes::listed(&app), [(id, None)]);
}

#[test]
fn the_notes_popup_lists_notes_and_enter_goes_to_one() {
    let mut app = seeds_at(100, 24);
    press(&mut app, &[Action::ListNotes]);
    assert!(app.popup.is_none(), "no notes: a message");
    press(
        &mut app,
        &[
            Action::NextArticle,
            Action::NextMention,
            Action::NextMention,
        ],
    );
    let (doc, mention) = (app.current, app.mention);
    press(&mut app, &[Action::AddNote]);
    typed(&mut app, "second article");
    key(&mut app, KeyCode::Enter);
    press(
        &mut app,
        &[Action::PrevArticle, Action::Cancel, Action::ListNotes],
    );
    assert_eq!(app.popup.map(|p| p.kind), Some(PopupKind::Notes));
    press(&mut app, &[Action::Open]);
    assert_eq!((app.current, app.mention), (doc, mention));
}

/// Messages name the keys of the live key map: rebound, the new key; unbound, none.
#[test]
fn messages_follow_the_key_map() {
    let rebound = crate::config::Config::parse(
        "[[bind]]\nkeys = [\"L\"]\naction = \"notes\"\n\n[[bind]]\nkeys = []\naction = \"help\"\n",
        std::path::Path::new("config.toml"),
    )
    .expect("valid");
    let mut app = seeds_at(100, 24);
    app.keymap = rebound.keymap;
    press(&mut app, &[Action::NextMention, Action::AddNote]);
    typed(&mut app, "rebound");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("note saved (L lists notes)")
    );
    update(
        &mut app,
        Action::Unbound(Key::new(KeyCode::Char('%'), KeyModifiers::NONE)),
    );
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("% is not bound to anything")
    );
}
