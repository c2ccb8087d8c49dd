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
    update(&mut app, Action::Settle);
    assert_eq!(app.snippet, 0);
}

#[test]
fn t_switches_the_panel_to_all_articles_entities() {
    let mut app = seeds();
    let article: Vec<EntityId> = app.panel_entities().iter().map(|e| e.0).collect();
    update(&mut app, Action::ToggleScope);
    assert_eq!(app.settings.scope, Scope::Corpus);
    let all: Vec<(String, u32)> = app
        .panel_entities()
        .iter()
        .map(|&(e, n)| (app.corpus.entity(e).id.clone(), n))
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
    update(&mut app, Action::Settle);
    assert_eq!(app.selected, Some(entity(&app, "iran")));
    update(&mut app, Action::Settle);
    update(&mut app, Action::SelectEntity(9));
    update(&mut app, Action::Settle);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "6 entities are numbered")
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

/// The seeds and a third article that names only Turkey.
pub(crate) fn three() -> App {
    use std::sync::Arc;
    let g = Arc::new(crate::entities::Gazetteer::builtin());
    let m = Arc::new(crate::entities::Matcher::new(&g));
    let (mut docs, warnings) = crate::loader::load_all(&crate::corpus::Input::Builtin, &m);
    let body = "Turkey closed a border crossing on Friday. Officials in Ankara said it would \
                reopen after the talks.";
    let article = crate::corpus::Article {
        path: "border.txt".into(),
        source: "border".into(),
        title: "Border crossing closed".into(),
        subtitle: None,
        title_derived: false,
        date: None,
        byline: None,
        url: None,
        format: crate::corpus::Format::Text,
        body: body.into(),
        paragraphs: std::iter::once(0..body.len()).collect(),
        file_text: None,
    };
    docs.push(Document::new(article, &m));
    App::with_documents(
        g,
        m,
        docs,
        warnings,
        ratatui::layout::Rect::new(0, 0, 120, 32),
    )
}

#[test]
fn f_filters_the_list_to_articles_naming_the_entity_and_again_clears() {
    let mut app = three();
    assert_eq!(app.order, [0, 1, 2]);
    update(&mut app, Action::SelectEntity(4)); // Stuart Jones, not in the third
    update(&mut app, Action::Settle);
    update(&mut app, Action::ToggleFilter);
    assert_eq!(app.order, [0, 1]);
    assert_eq!(app.filter, Some(entity(&app, "jones")));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "2 articles mention Stuart Jones")
    );
    press(&mut app, &[Action::NextArticle, Action::NextArticle]);
    assert_eq!(app.current, Some(1));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("last article"))
    );
    update(&mut app, Action::ToggleFilter);
    assert_eq!((app.order.clone(), app.filter), (vec![0, 1, 2], None));
    update(&mut app, Action::NextArticle);
    assert_eq!(app.current, Some(2));
}

#[test]
fn the_filter_opens_a_matching_article_when_the_open_one_is_hidden() {
    let mut app = three();
    update(&mut app, Action::Bottom);
    press(&mut app, &[Action::NextArticle, Action::NextArticle]);
    assert_eq!(app.current, Some(2));
    // Select Russia in the corpus-wide panel: the open article does not mention it.
    press(
        &mut app,
        &[
            Action::ToggleScope,
            Action::SelectEntity(1),
            Action::Settle,
            Action::ToggleFilter,
        ],
    );
    assert_eq!(app.order, [0, 1]);
    assert_eq!(app.current, Some(0));
    assert_eq!(app.position(), Some(0));
}

#[test]
fn n_respects_the_filter() {
    let mut app = three();
    let turkey = entity(&app, "turkey");
    // Turkey: 2 + 4 + 1 mentions; with Jones's filter the third article is skipped.
    app.selected = Some(turkey);
    let mut docs = Vec::new();
    for _ in 0..7 {
        update(&mut app, Action::NextMention);
        docs.push(app.current.expect("open"));
    }
    assert_eq!(docs, [0, 0, 1, 1, 1, 1, 2]);
    app.selected = Some(entity(&app, "jones"));
    update(&mut app, Action::ToggleFilter);
    assert_eq!(
        app.current,
        Some(0),
        "the open article is hidden: the first shown opens"
    );
    app.selected = Some(turkey);
    let mut docs = Vec::new();
    for _ in 0..7 {
        update(&mut app, Action::NextMention);
        docs.push(app.current.expect("open"));
    }
    // The first article reopens where it was left (past its first Turkey), and the
    // third article never comes up.
    assert_eq!(docs, [0, 1, 1, 1, 1, 0, 0]);
    assert_eq!(app.entity_mentions(turkey).len(), 6);
}

#[test]
fn ctrl_o_and_ctrl_i_walk_back_and_forth_through_jumps_across_articles() {
    let mut app = seeds();
    press(&mut app, &[Action::NextMention, Action::NextMention]);
    let second = (app.current, app.mention, app.reader.top);
    press(
        &mut app,
        &[
            Action::NextMention,
            Action::NextMention,
            Action::NextMention,
        ],
    );
    assert_eq!(
        (app.current, position(&app)),
        (Some(1), Some(("Russia".into(), 5)))
    );
    let fifth = (app.current, app.mention, app.reader.top);
    press(
        &mut app,
        &[Action::JumpBack, Action::JumpBack, Action::JumpBack],
    );
    assert_eq!((app.current, app.mention, app.reader.top), second);
    update(&mut app, Action::JumpBack);
    assert_eq!(position(&app), Some(("Russia".into(), 1)));
    press(
        &mut app,
        &[
            Action::JumpForward,
            Action::JumpForward,
            Action::JumpForward,
            Action::JumpForward,
        ],
    );
    assert_eq!((app.current, app.mention, app.reader.top), fifth);
    update(&mut app, Action::JumpForward);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "at the newest jump")
    );
}

#[test]
fn article_changes_and_snippets_are_jumps_too() {
    let mut app = seeds();
    update(&mut app, Action::Bottom);
    let bottom = app.reader.top;
    update(&mut app, Action::NextArticle);
    assert_eq!(app.current, Some(1));
    update(&mut app, Action::JumpBack);
    assert_eq!((app.current, app.reader.top), (Some(0), bottom));
    // A new jump after going back drops the way forward.
    update(&mut app, Action::NextMention);
    update(&mut app, Action::JumpForward);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "at the newest jump")
    );
}

fn typed(app: &mut App, text: &str) {
    update(app, Action::Search);
    for c in text.chars() {
        update(
            app,
            Action::Input(crate::key::Key::new(
                crossterm::event::KeyCode::Char(c),
                crossterm::event::KeyModifiers::NONE,
            )),
        );
    }
}

fn key(app: &mut App, code: crossterm::event::KeyCode) {
    update(
        app,
        Action::Input(crate::key::Key::new(
            code,
            crossterm::event::KeyModifiers::NONE,
        )),
    );
}

#[test]
fn search_highlights_as_you_type_and_enter_steps_through_hits_across_articles() {
    use crossterm::event::KeyCode;
    let mut app = seeds();
    typed(&mut app, "douma");
    let prompt = app.prompt.as_ref().expect("prompt open");
    assert_eq!(
        prompt.hits.len(),
        2,
        "both Doumas of the open article, smartcase"
    );
    key(&mut app, KeyCode::Enter);
    assert!(app.prompt.is_none());
    let search = app.search.as_ref().expect("search active");
    assert_eq!(search.hits.len(), 3);
    assert_eq!((app.current, search.current), (Some(0), Some(0)));
    update(&mut app, Action::NextMention);
    update(&mut app, Action::NextMention);
    let s = app.search.as_ref().expect("search");
    assert_eq!((app.current, s.current), (Some(1), Some(2)));
    update(&mut app, Action::NextMention);
    assert_eq!(app.current, Some(0));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("continuing at TOP"))
    );
    update(&mut app, Action::PrevMention);
    assert_eq!(app.current, Some(1));
    // Ctrl-o goes back through the hits.
    update(&mut app, Action::JumpBack);
    assert_eq!(app.current, Some(0));
    // Esc clears the search; n follows the entity again.
    update(&mut app, Action::Cancel);
    assert!(app.search.is_none());
    update(&mut app, Action::NextMention);
    assert!(position(&app).is_some_and(|(name, _)| name == "Russia"));
}

#[test]
fn a_capital_makes_the_search_case_sensitive() {
    use crossterm::event::KeyCode;
    let mut app = seeds();
    typed(&mut app, "the");
    key(&mut app, KeyCode::Enter);
    let insensitive = app.search.as_ref().expect("search").hits.len();
    typed(&mut app, "The");
    key(&mut app, KeyCode::Enter);
    let sensitive = app.search.as_ref().expect("search").hits.len();
    assert!(
        insensitive > sensitive && sensitive > 0,
        "{insensitive} {sensitive}"
    );
    typed(&mut app, "RUSSIA");
    key(&mut app, KeyCode::Enter);
    // Not found: the search before stays.
    assert_eq!(
        app.search.as_ref().map(|s| s.pattern.text.as_str()),
        Some("The")
    );
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("Pattern not found: RUSSIA")
    );
}

#[test]
fn escape_in_the_prompt_returns_to_where_the_search_began() {
    use crossterm::event::KeyCode;
    let mut app = seeds();
    let top = app.reader.top;
    typed(&mut app, "Lavrentiev");
    assert!(app.reader.top > top, "the preview scrolled to the hit");
    key(&mut app, KeyCode::Esc);
    assert!(app.prompt.is_none() && app.search.is_none());
    assert_eq!(app.reader.top, top);
}

#[test]
fn prompt_editing_keys_and_history() {
    use crossterm::event::{KeyCode, KeyModifiers};
    let mut app = seeds();
    typed(&mut app, "Astana talks");
    let ctrl = |c| {
        Action::Input(crate::key::Key::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        ))
    };
    update(&mut app, ctrl('w'));
    assert_eq!(
        app.prompt.as_ref().map(|p| p.text.as_str()),
        Some("Astana ")
    );
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Char('^'));
    assert_eq!(
        app.prompt.as_ref().map(|p| p.text.as_str()),
        Some("^Astana")
    );
    key(&mut app, KeyCode::Enter);
    assert!(app.search.is_none(), "no paragraph starts with Astana");
    typed(&mut app, "Astana");
    key(&mut app, KeyCode::Enter);
    // Up recalls the last pattern, then the one before.
    update(&mut app, Action::Search);
    key(&mut app, KeyCode::Up);
    assert_eq!(app.prompt.as_ref().map(|p| p.text.as_str()), Some("Astana"));
    key(&mut app, KeyCode::Up);
    assert_eq!(
        app.prompt.as_ref().map(|p| p.text.as_str()),
        Some("^Astana")
    );
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    assert_eq!(app.prompt.as_ref().map(|p| p.text.as_str()), Some(""));
    // Backspace on an empty prompt closes it.
    key(&mut app, KeyCode::Backspace);
    assert!(app.prompt.is_none());
    // A bad pattern says why.
    typed(&mut app, "(talks");
    assert!(app.prompt.as_ref().is_some_and(|p| p.error.is_some()));
    key(&mut app, KeyCode::Enter);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.starts_with("bad pattern"))
    );
}

#[test]
fn coverage_moves_over_cells_and_enter_opens_the_first_mention_there() {
    let mut app = three();
    update(&mut app, Action::ToggleCoverage);
    assert_eq!(
        app.coverage,
        Some((0, 0)),
        "starts on the selected entity, this article"
    );
    let rows: Vec<String> = app
        .corpus_entities()
        .iter()
        .map(|&e| app.corpus.entity(e).id.clone())
        .collect();
    assert_eq!(rows[..3], ["russia", "turkey", "iran"]);
    // Turkey in the third article.
    press(
        &mut app,
        &[
            Action::Down,
            Action::FocusRight,
            Action::FocusRight,
            Action::FocusRight,
        ],
    );
    assert_eq!(app.coverage, Some((1, 2)), "stops at the last column");
    update(&mut app, Action::Open);
    assert_eq!(app.coverage, None);
    assert_eq!(app.current, Some(2));
    assert_eq!(position(&app).map(|p| p.0), Some("Turkey".to_owned()));
    // Jones in the third article: none, so the article opens and says so.
    update(&mut app, Action::ToggleCoverage);
    let jones = rows.iter().position(|r| r == "jones").expect("jones row");
    press(&mut app, &[Action::Top]);
    for _ in 0..jones {
        update(&mut app, Action::Down);
    }
    update(&mut app, Action::Open);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "this article does not mention Stuart Jones")
    );
    // Esc closes; another key closes and acts.
    press(&mut app, &[Action::ToggleCoverage, Action::Cancel]);
    assert_eq!(app.coverage, None);
    press(&mut app, &[Action::ToggleCoverage, Action::NextMention]);
    assert_eq!(app.coverage, None);
    assert!(app.mention.is_some());
}

/// `n` on an entity the list's filter hides says so, and how to show it again.
#[test]
fn n_says_when_the_filter_hides_the_mentions() {
    use std::sync::Arc;
    let g = Arc::new(crate::entities::Gazetteer::builtin());
    let m = Arc::new(crate::entities::Matcher::new(&g));
    let doc = |name: &str, body: &str| {
        let article = crate::corpus::Article::from_plain_text(
            std::path::Path::new(name),
            &format!("{name}\n\n{body}"),
        );
        Document::new(article, &m)
    };
    let docs = vec![
        doc(
            "moscow.txt",
            "Russia sent a delegation. Russia spoke first.",
        ),
        doc("tehran.txt", "Iran sent a delegation too."),
    ];
    let mut app = App::with_documents(
        g.clone(),
        m.clone(),
        docs,
        Vec::new(),
        ratatui::layout::Rect::new(0, 0, 120, 30),
    );
    let russia = g.id_of("russia").expect("russia");
    let iran = g.id_of("iran").expect("iran");
    super::navigate::select(&mut app, russia);
    update(&mut app, Action::ToggleFilter);
    assert_eq!(app.order.len(), 1);
    super::navigate::select(&mut app, iran);
    update(&mut app, Action::NextMention);
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some(
            "the list shows only articles naming Russia, which hides the 1 mention of Iran \
             in 1 article; f shows all articles"
        )
    );
}
