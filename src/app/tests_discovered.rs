//! The discovered tier in the reader: selecting, jumping, `D`, `+`, `-` and clicks.

use std::sync::Arc;

use ratatui::layout::Rect;

use super::tests::press;
use super::*;
use crate::corpus::{Input, ReadOptions};
use crate::entities::{Gazetteer, Matcher};
use crate::loader::load_all_with;

pub(crate) fn seeds_discovered() -> App {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let options = ReadOptions {
        discover: true,
        ..ReadOptions::default()
    };
    let (docs, warnings) = load_all_with(&Input::Builtin, &m, &options);
    App::with_documents(g, m, docs, warnings, Rect::new(0, 0, 120, 40))
}

fn first_discovered(app: &App) -> EntityId {
    app.panel_entities()
        .into_iter()
        .map(|(e, _)| e)
        .find(|&e| app.tier(e) == Tier::Discovered)
        .expect("a discovered entity")
}

#[test]
fn a_discovered_entity_is_selected_by_number_and_jumped_through_across_articles() {
    let mut app = seeds_discovered();
    let syria = first_discovered(&app);
    assert_eq!(app.corpus.entity(syria).name, "Syria");
    // Tracked entities are numbered first: six of them, so Syria is 7.
    press(&mut app, &[Action::SelectEntity(7), Action::Settle]);
    assert_eq!(app.selected, Some(syria));
    let total = app.corpus.total(syria);
    let here = app.doc().map_or(0, |d| d.count_of(syria)) as usize;
    for _ in 0..=here {
        press(&mut app, &[Action::NextMention]);
    }
    let m = app.current_mention().expect("a mention");
    assert_eq!(m.doc, 1, "n went on into the second article");
    assert_eq!(app.corpus.docs[m.doc].mentions[m.mention].entity, syria);
    assert_eq!(app.mention_rank(m), Some(here + 1));
    assert!(total > here);
}

#[test]
fn d_hides_and_shows_the_discovered_tier() {
    let mut app = seeds_discovered();
    let before = app.panel_entities().len();
    press(
        &mut app,
        &[
            Action::SelectEntity(7),
            Action::Settle,
            Action::ToggleDiscovered,
        ],
    );
    assert_eq!(app.selected, None, "a hidden tier keeps nothing selected");
    let tracked = app.panel_entities();
    assert!(tracked.iter().all(|(e, _)| !e.is_discovered()));
    assert_eq!(tracked.len(), 6);
    // Hidden, ] and [ step through tracked mentions only, wrapping included.
    let is_discovered = |app: &App| {
        let m = app.current_mention().expect("a mention");
        app.corpus.docs[m.doc].mentions[m.mention]
            .entity
            .is_discovered()
    };
    let n = app.corpus.docs[app.current.expect("open")].mentions.len();
    for _ in 0..n + 2 {
        press(&mut app, &[Action::NextAnyMention]);
        assert!(!is_discovered(&app), "] landed on a hidden mention");
    }
    for _ in 0..n + 2 {
        press(&mut app, &[Action::PrevAnyMention]);
        assert!(!is_discovered(&app), "[ landed on a hidden mention");
    }
    // Shown, they step through every mention shown, discovered ones too.
    press(&mut app, &[Action::ToggleDiscovered]);
    assert_eq!(app.panel_entities().len(), before);
    let mut saw_discovered = false;
    for _ in 0..n + 2 {
        press(&mut app, &[Action::NextAnyMention]);
        saw_discovered |= is_discovered(&app);
    }
    assert!(saw_discovered);
}

#[test]
fn plus_promotes_and_minus_hides_in_the_users_entity_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("mine.json");
    let mut app = seeds_discovered();
    // Nothing to write to: a warning, no change.
    press(
        &mut app,
        &[Action::SelectEntity(7), Action::Settle, Action::Promote],
    );
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.level == Level::Warning)
    );
    app.user_entities = Some(path.clone());
    let syria = first_discovered(&app);
    press(
        &mut app,
        &[Action::SelectEntity(7), Action::Settle, Action::Promote],
    );
    assert_eq!(app.tier(syria), Tier::Tracked);
    assert!(app.theme.mention(syria).fg.is_some(), "a colour of its own");
    assert!(
        app.corpus_entities().contains(&syria),
        "in the coverage rows"
    );
    let written = std::fs::read_to_string(&path).expect("file");
    assert!(
        written.contains("\"Syria\"") && written.contains("\"Syrian\""),
        "{written}"
    );

    let next = first_discovered(&app);
    let name = app.corpus.entity(next).name.clone();
    select_entity(&mut app, next);
    press(&mut app, &[Action::HideDiscovered]);
    assert_eq!(app.tier(next), Tier::Hidden);
    assert_eq!(app.selected, None);
    assert!(app.panel_entities().iter().all(|(e, _)| *e != next));
    let g = Gazetteer::from_layers(&[
        crate::entities::Layer::Builtin,
        crate::entities::Layer::File(path.clone()),
    ])
    .expect("the file stays valid");
    assert!(g.id_of("syria").is_some());
    assert_eq!(g.hidden(), std::slice::from_ref(&name));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.ends_with("— u undoes it")),
        "the message says how to undo"
    );

    // u undoes the hide: the name is offered again and leaves the file's hidden list.
    super::input::type_keys(&mut app, "u");
    assert_eq!(app.tier(next), Tier::Discovered);
    assert!(app.panel_entities().iter().any(|(e, _)| *e == next));
    let g = Gazetteer::from_layers(&[
        crate::entities::Layer::Builtin,
        crate::entities::Layer::File(path.clone()),
    ])
    .expect("the file stays valid");
    assert!(g.hidden().is_empty(), "{:?}", g.hidden());
    super::input::type_keys(&mut app, "u");
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("nothing to undo"))
    );
    select_entity(&mut app, next);
    press(&mut app, &[Action::HideDiscovered]);
    assert_eq!(app.tier(next), Tier::Hidden);

    // A tracked entity selected and no current mention: nothing to act on.
    press(
        &mut app,
        &[
            Action::SelectEntity(1),
            Action::Settle,
            Action::Cancel,
            Action::Promote,
        ],
    );
    let text = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(text.contains("nothing to track"), "{text}");
}

fn select_entity(app: &mut App, entity: EntityId) {
    assert!(
        app.panel_entities().iter().any(|(e, _)| *e == entity),
        "listed"
    );
    app.selected = Some(entity);
}

/// The reader lists articles first and looks for names after: what is found arrives
/// article by article, and the current mention stays the one it was.
#[test]
fn names_found_in_the_background_join_without_moving_the_reader() {
    use crate::discover::background::Outcome;
    let g = std::sync::Arc::new(crate::entities::Gazetteer::builtin());
    let m = std::sync::Arc::new(crate::entities::Matcher::new(&g));
    let (docs, _) = crate::loader::load_all(&crate::corpus::Input::Builtin, &m);
    let setup = Setup {
        discover_in_background: true,
        ..Setup::default()
    };
    let area = ratatui::layout::Rect::new(0, 0, 120, 30);
    let mut app = App::with_setup(g, m, docs.clone(), Vec::new(), area, setup);
    assert_eq!(
        app.effects,
        [
            crate::action::Effect::Discover(0),
            crate::action::Effect::Discover(1)
        ]
    );
    assert_eq!(app.discovering.map(|d| (d.done, d.total)), Some((0, 2)));
    assert!(app.corpus.discovered.is_empty());
    // A jump, then a current mention further on: both are tracked mentions.
    type_keys(&mut app, "nnn");
    let at = app.current_mention().expect("current");
    let start = app.corpus.docs[0].mentions[at.mention].start;
    // The mention list's cursor, moved by hand, stays on its mention.
    type_keys(&mut app, "<Tab><Tab>jj");
    assert_eq!(app.focus, Focus::Mentions);
    let snippet = app.snippet;
    assert_ne!(snippet, 0);
    // An outcome for a text the article no longer has (its page fetched again) is left.
    update(
        &mut app,
        Action::Discovered(Outcome {
            doc: 0,
            hash: "not this text".into(),
            found: vec![crate::discover::Found {
                range: 0..usize::MAX,
                key: "nobody".into(),
                cue: None,
                world: None,
                confidence: 1.0,
                nationality: false,
            }],
            problem: None,
        }),
    );
    assert!(app.corpus.discovered.is_empty());
    app.discovering = Some(Discovering { done: 0, total: 2 });
    for (d, doc) in docs.into_iter().enumerate() {
        let mut found = doc;
        found.discover(0.5);
        update(
            &mut app,
            Action::Discovered(Outcome {
                doc: d,
                hash: found.hash.clone(),
                found: found.discovered,
                problem: None,
            }),
        );
    }
    assert_eq!(app.discovering, None);
    assert!(!app.corpus.discovered.is_empty());
    assert_eq!(app.snippet, snippet);
    type_keys(&mut app, "<Tab><Tab>");
    let now = app.current_mention().expect("still current");
    assert_eq!(app.corpus.docs[0].mentions[now.mention].start, start);
    assert!(
        now.mention > at.mention,
        "names found before it moved its index"
    );
    let w = app.reader.wrapped.as_ref().expect("wrapped");
    assert_eq!(w.mention_pos.len(), app.corpus.docs[0].mentions.len());
    // Back through the jumps lands on mentions of the entity jumped from.
    type_keys(&mut app, "<C-o>");
    let back = app.current_mention().expect("a mention");
    let russia = app.corpus.gazetteer.id_of("russia").expect("russia");
    assert_eq!(
        app.corpus.docs[back.doc].mentions[back.mention].entity,
        russia
    );
    // The numbers take the discovered names in once all are in.
    assert!(app.numbering.iter().any(|e| e.is_discovered()));
}
