//! The list's sort (`s`) and the problems popup (`!`).

use std::sync::Arc;

use super::tests::press;
use super::*;
use crate::corpus::{Article, Date, Format, Warning};
use crate::entities::{Gazetteer, Matcher};
use crate::loader::LoadEvent;

fn article(title: &str, date: Option<Date>, body: &str) -> Article {
    Article {
        path: format!("{title}.txt").into(),
        source: title.to_lowercase(),
        title: title.into(),
        subtitle: None,
        title_derived: false,
        date,
        byline: None,
        url: None,
        format: Format::Text,
        body: body.into(),
        paragraphs: std::iter::once(0..body.len()).collect(),
        file_text: None,
    }
}

fn date(y: u32, m: u32, d: u32) -> Option<Date> {
    Date::new(y, m, d)
}

/// Four articles, in file order: undated with 1 mention, 2019 with 3, undated with 2,
/// 2017 with none.
fn docs(m: &Matcher) -> Vec<Document> {
    [
        article("delta", None, "Russia met."),
        article("Bravo", date(2019, 3, 1), "Russia, Turkey and Iran met."),
        article("alpha", None, "Iran and Turkey met."),
        article("Charlie", date(2017, 7, 4), "Nobody met."),
    ]
    .into_iter()
    .map(|a| Document::new(a, m))
    .collect()
}

fn app() -> App {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let docs = docs(&m);
    App::with_documents(g, m, docs, Vec::new(), Rect::new(0, 0, 120, 32))
}

fn titles(app: &App) -> Vec<&str> {
    app.order
        .iter()
        .map(|&d| app.corpus.docs[d].article.title.as_str())
        .collect()
}

#[test]
fn s_cycles_file_order_date_title_mentions_and_back() {
    let mut app = app();
    assert_eq!(titles(&app), ["delta", "Bravo", "alpha", "Charlie"]);
    press(&mut app, &[Action::CycleSort]);
    assert_eq!(app.settings.sort, Sort::Date);
    // Oldest first; undated last, in file order among themselves.
    assert_eq!(titles(&app), ["Charlie", "Bravo", "delta", "alpha"]);
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("by date"))
    );
    press(&mut app, &[Action::CycleSort]);
    // Case does not decide the order of headlines.
    assert_eq!(titles(&app), ["alpha", "Bravo", "Charlie", "delta"]);
    press(&mut app, &[Action::CycleSort]);
    assert_eq!(titles(&app), ["Bravo", "alpha", "delta", "Charlie"]);
    press(&mut app, &[Action::CycleSort]);
    assert_eq!(app.settings.sort, Sort::File);
    assert_eq!(titles(&app), ["delta", "Bravo", "alpha", "Charlie"]);
}

#[test]
fn sorting_keeps_the_open_article_open_and_under_the_cursor() {
    let mut app = app();
    press(&mut app, &[Action::NextArticle, Action::NextArticle]);
    let open = app.current.expect("open");
    assert_eq!(app.corpus.docs[open].article.title, "alpha");
    press(&mut app, &[Action::CycleSort, Action::CycleSort]);
    assert_eq!(app.current, Some(open));
    assert_eq!(app.order[app.cursor], open);
    // J now follows the sorted list: after "alpha" comes "Bravo".
    press(&mut app, &[Action::NextArticle]);
    let next = app.current.expect("open");
    assert_eq!(app.corpus.docs[next].article.title, "Bravo");
}

#[test]
fn n_follows_the_sorted_list_across_articles() {
    let mut app = app();
    let russia = app.corpus.gazetteer.id_of("russia").expect("russia");
    press(&mut app, &[Action::CycleSort]); // by date: Charlie, Bravo, delta, alpha
    press(&mut app, &[Action::PrevArticle, Action::PrevArticle]);
    assert_eq!(
        app.corpus.docs[app.current.expect("open")].article.title,
        "Charlie"
    );
    super::navigate::select(&mut app, russia);
    // In file order the next article after Charlie would wrap to "delta".
    press(&mut app, &[Action::NextMention]);
    let first = app.current_mention().expect("mention");
    assert_eq!(app.corpus.docs[first.doc].article.title, "Bravo");
    // Counted in list order: Bravo's is the first of the list's two mentions of Russia.
    assert_eq!(app.mention_rank(first), Some(1));
    assert_eq!(app.listed_total(russia), 2);
    press(&mut app, &[Action::NextMention]);
    let second = app.current_mention().expect("mention");
    assert_eq!(app.corpus.docs[second.doc].article.title, "delta");
    assert_eq!(app.mention_rank(second), Some(2));
}

#[test]
fn articles_loaded_during_a_sort_go_where_they_belong() {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let mut app = App::new(g, m.clone(), 4, Setup::default());
    update(&mut app, Action::Resize(120, 32));
    press(&mut app, &[Action::CycleSort]);
    for doc in docs(&m) {
        update(
            &mut app,
            Action::Load(LoadEvent::Read {
                docs: vec![doc],
                warnings: Vec::new(),
            }),
        );
        // The cursor stays on the first article opened, whatever arrives before it.
        assert_eq!(app.order[app.cursor], 0);
    }
    update(&mut app, Action::Load(LoadEvent::Finished));
    assert_eq!(titles(&app), ["Charlie", "Bravo", "delta", "alpha"]);
    assert_eq!(app.current, Some(0));
}

fn problems(app: &mut App, n: usize) {
    let warnings = (0..n)
        .map(|i| Warning {
            path: format!("bad{i}.txt").into(),
            message: "the file is empty".into(),
        })
        .collect();
    update(
        app,
        Action::Load(LoadEvent::Read {
            docs: Vec::new(),
            warnings,
        }),
    );
}

#[test]
fn bang_opens_the_problems_scrolls_and_closes_with_bang_esc_or_q() {
    let mut app = app();
    problems(&mut app, 3);
    press(&mut app, &[Action::ToggleProblems]);
    let kind = |app: &App| app.popup.map(|p| p.kind);
    assert_eq!(kind(&app), Some(PopupKind::Problems));
    // Keys scroll the popup, not the reader or the list.
    let before = (app.cursor, app.reader.top);
    press(&mut app, &[Action::Down, Action::Down, Action::Up]);
    assert_eq!(app.popup.map(|p| p.scroll), Some(1));
    assert_eq!((app.cursor, app.reader.top), before);
    press(&mut app, &[Action::ToggleProblems]);
    assert_eq!(app.popup, None);
    press(&mut app, &[Action::ToggleProblems, Action::Quit]);
    assert_eq!(app.popup, None);
    assert!(!app.should_quit);
    press(&mut app, &[Action::ToggleProblems, Action::Cancel]);
    assert_eq!(app.popup, None);
}

#[test]
fn one_popup_key_switches_to_the_other_popup() {
    let mut app = app();
    press(
        &mut app,
        &[Action::ToggleHelp, Action::Down, Action::ToggleProblems],
    );
    assert_eq!(
        app.popup,
        Some(Popup {
            kind: PopupKind::Problems,
            scroll: 0,
            selected: 0
        })
    );
    press(&mut app, &[Action::ToggleHelp]);
    assert_eq!(app.popup.map(|p| p.kind), Some(PopupKind::Help));
}
