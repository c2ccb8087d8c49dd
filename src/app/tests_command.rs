//! The command line, the keys that reach outside (`o`, `y`, `Y`, `Ctrl-l`), `H` and `L`,
//! and marking articles read, typed through the real key path.

use super::tests::{entity, seeds_at};
use super::*;
use crate::action::Effect;

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn colon_q_quits_and_colon_number_goes_to_that_line() {
    let mut app = seeds_at(120, 20);
    type_keys(&mut app, ":12<Enter>");
    assert_eq!(app.reader.top, 11);
    assert!(app.prompt.is_none());
    type_keys(&mut app, ":1<Enter>");
    assert_eq!(app.reader.top, 0);
    type_keys(&mut app, ":$<Enter>");
    assert_eq!(app.reader.top, app.max_top());
    type_keys(&mut app, ":q<Enter>");
    assert!(app.should_quit);
}

#[test]
fn an_unknown_command_names_the_known_ones_and_esc_leaves_the_line() {
    let mut app = seeds_at(120, 30);
    type_keys(&mut app, ":frobnicate<Enter>");
    let said = message(&app);
    assert!(said.starts_with("no command :frobnicate;"), "{said}");
    for name in [
        ":quit",
        ":edit PATH…",
        ":entity NAME",
        ":set OPTION…",
        ":help",
    ] {
        assert!(said.contains(name), "{name} in {said}");
    }
    type_keys(&mut app, ":q<Esc>");
    assert!(app.prompt.is_none() && !app.should_quit);
    type_keys(&mut app, ":help<Enter>");
    assert_eq!(app.popup.map(|p| p.kind), Some(PopupKind::Help));
}

#[test]
fn entity_selects_by_name_or_alias_and_tab_completes_names() {
    let mut app = seeds_at(120, 30);
    type_keys(&mut app, ":entity iran<Enter>");
    assert_eq!(app.selected, Some(entity(&app, "iran")));
    assert!(
        message(&app).starts_with("Iran selected"),
        "{}",
        message(&app)
    );
    // Tab completes the command, then the name; a second Tab offers the next candidate.
    type_keys(&mut app, ":ent<Tab>");
    assert_eq!(
        app.prompt.as_ref().map(|p| p.text.as_str()),
        Some("entity ")
    );
    type_keys(&mut app, "Ru<Tab>");
    assert_eq!(
        app.prompt.as_ref().map(|p| p.text.as_str()),
        Some("entity Russia")
    );
    type_keys(&mut app, "<Enter>");
    assert_eq!(app.selected, Some(entity(&app, "russia")));
    type_keys(&mut app, ":entity Nobody<Enter>");
    assert!(
        message(&app).contains("no entity is named"),
        "{}",
        message(&app)
    );
    assert_eq!(app.selected, Some(entity(&app, "russia")));
}

#[test]
fn history_brings_back_earlier_command_lines() {
    let mut app = seeds_at(120, 30);
    type_keys(&mut app, ":12<Enter>:entity Iran<Enter>");
    type_keys(&mut app, ":<Up>");
    assert_eq!(
        app.prompt.as_ref().map(|p| p.text.as_str()),
        Some("entity Iran")
    );
    type_keys(&mut app, "<Up>");
    assert_eq!(app.prompt.as_ref().map(|p| p.text.as_str()), Some("12"));
    type_keys(&mut app, "<Down><Down>");
    assert_eq!(app.prompt.as_ref().map(|p| p.text.as_str()), Some(""));
}

#[test]
fn set_changes_the_options_and_says_their_values() {
    let mut app = seeds_at(120, 30);
    type_keys(&mut app, ":set nodiscovered<Enter>");
    assert!(!app.settings.discovered);
    assert!(message(&app).contains("nodiscovered"));
    type_keys(&mut app, ":set discovered sort=title<Enter>");
    assert!(app.settings.discovered);
    assert_eq!(app.settings.sort, Sort::Title);
    let titles: Vec<&str> = app
        .order
        .iter()
        .map(|&d| app.corpus.docs[d].article.title.as_str())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);
    type_keys(&mut app, ":set width=40<Enter>");
    assert_eq!(app.reader.wrapped.as_ref().map(|w| w.width), Some(40));
    type_keys(&mut app, ":set width=0<Enter>");
    assert_eq!(
        app.reader.wrapped.as_ref().map(|w| w.width),
        Some(app.panes().reader_text.width as usize)
    );
    type_keys(&mut app, ":se<Enter>");
    assert!(
        message(&app).contains("width=0  sort=title"),
        "{}",
        message(&app)
    );
    type_keys(&mut app, ":set so<Tab>");
    assert_eq!(
        app.prompt.as_ref().map(|p| p.text.as_str()),
        Some("set sort=")
    );
    type_keys(&mut app, "<Esc>:set colour=red<Enter>");
    assert!(message(&app).contains("the options are: discovered, wrap, width"));
    type_keys(&mut app, ":set nowrap<Enter>");
    assert_eq!(message(&app), "nowrap");
    assert!(!app.settings.wrap);
}

#[test]
fn edit_asks_the_terminal_to_read_more_files_and_paths_complete() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("kazakh talks.md"), "# Talks\n\nAstana.\n").expect("write");
    std::fs::create_dir(dir.path().join("kazakh-more")).expect("mkdir");
    let mut app = seeds_at(120, 30);
    let typed = format!(":e {}/kaz<Tab>", dir.path().display());
    type_keys(&mut app, &typed);
    let text = app
        .prompt
        .as_ref()
        .map(|p| p.text.clone())
        .unwrap_or_default();
    assert!(text.ends_with("/kazakh\\ talks.md"), "{text}");
    type_keys(&mut app, "<Enter>");
    assert_eq!(
        app.effects,
        [Effect::Load(vec![dir.path().join("kazakh talks.md")])]
    );
    type_keys(&mut app, ":e<Enter>");
    assert!(message(&app).contains(":e PATH"), "{}", message(&app));
}

#[test]
fn more_files_join_the_corpus_while_the_reader_goes_on() {
    let mut app = seeds_at(120, 30);
    let before = app.corpus.docs.len();
    update(
        &mut app,
        Action::Loading {
            inputs: 1,
            warnings: Vec::new(),
            already: 1,
        },
    );
    assert!(message(&app).contains("reading 1 more file; 1 open already"));
    assert!(app.loading.is_some());
    let doc = app.corpus.docs[0].clone();
    update(
        &mut app,
        Action::Load(crate::loader::LoadEvent::Read {
            docs: vec![doc],
            warnings: Vec::new(),
        }),
    );
    update(&mut app, Action::Load(crate::loader::LoadEvent::Finished));
    assert!(app.loading.is_none());
    assert_eq!(app.corpus.docs.len(), before + 1);
    assert_eq!(app.order.len(), before + 1);
    assert_eq!(app.current, Some(0), "the reader stays where it was");
}

#[test]
fn o_opens_the_url_or_the_file_and_y_copies_the_mentions_sentence() {
    let mut app = seeds_at(120, 30);
    type_keys(&mut app, "o");
    assert!(app.effects.is_empty(), "the built-in seeds have no file");
    assert!(
        message(&app).contains("no URL and no file"),
        "{}",
        message(&app)
    );
    let g = std::sync::Arc::new(crate::entities::Gazetteer::builtin());
    let m = std::sync::Arc::new(crate::entities::Matcher::new(&g));
    let files = [
        "seeds/000_0b9f368ee42c4f04.txt",
        "seeds/003_4a03aefaf02d152e.txt",
    ];
    let input = crate::corpus::Input::Files(files.iter().map(Into::into).collect());
    let (docs, warnings) = crate::loader::load_all(&input, &m);
    let mut app = App::with_documents(g, m, docs, warnings, Rect::new(0, 0, 120, 30));
    app.settings.browser = "firefox".into();
    type_keys(&mut app, "o");
    let Some(Effect::Open { command, target }) = app.effects.pop() else {
        panic!("o asks to open: {:?}", app.effects);
    };
    assert_eq!(command, "firefox");
    let doc = &app.corpus.docs[0].article;
    match &doc.url {
        Some(url) => assert_eq!(&target, url),
        None => assert!(
            target.ends_with("seeds/000_0b9f368ee42c4f04.txt") && target.starts_with('/'),
            "{target}"
        ),
    }
    assert!(message(&app).starts_with("opening "));
    // The current mention's sentence, on one line.
    type_keys(&mut app, "1<Enter>ny");
    let Some(Effect::Copy {
        text,
        what,
        command,
    }) = app.effects.pop()
    else {
        panic!("y asks to copy: {:?}", app.effects);
    };
    assert_eq!(what, "the mention's sentence");
    assert!(command.is_empty());
    let m = app.current_mention().expect("a current mention");
    let mention = &app.corpus.docs[m.doc].mentions[m.mention];
    let name = &app.corpus.docs[m.doc].article.body[mention.start..mention.end];
    assert!(text.contains(name), "{name} in {text}");
    assert!(!text.contains('\n') && text.len() < 600, "{text}");
    assert!(
        text.ends_with(['.', '"', '”', '?', '!']),
        "a whole sentence: {text}"
    );
    type_keys(&mut app, "Y");
    assert!(
        matches!(app.effects.pop(), Some(Effect::Copy { what, .. }) if what == "the URL" || what == "the file's path")
    );
    type_keys(&mut app, "<C-l>");
    assert_eq!(app.effects, [Effect::Redraw]);
}

#[test]
fn h_and_l_make_the_first_and_last_mention_on_the_screen_current() {
    let mut app = seeds_at(120, 30);
    type_keys(&mut app, "H");
    let first = app.mention.expect("a mention on the first screen");
    type_keys(&mut app, "L");
    let last = app.mention.expect("a mention on the first screen");
    assert!(last > first);
    let w = app.reader.wrapped.as_ref().expect("wrapped");
    let rows = app.reader.top..app.reader.top + app.reader_height();
    assert!(rows.contains(&w.mention_pos[first].0) && rows.contains(&w.mention_pos[last].0));
    let doc = &app.corpus.docs[0];
    assert_eq!(app.selected, Some(doc.mentions[last].entity));
    // Nothing below the last one on the screen is current.
    assert!(
        (last + 1..doc.mentions.len()).all(|i| !rows.contains(&w.mention_pos[i].0)
            || doc.mentions[i].entity.is_discovered() && !app.settings.discovered)
    );
}

#[test]
fn x_marks_an_article_unread_and_it_stays_so_while_open() {
    let mut app = seeds_at(120, 30);
    type_keys(&mut app, "G");
    assert!(memory::is_read(&app, 0), "its end was seen");
    type_keys(&mut app, "x");
    assert!(!memory::is_read(&app, 0));
    assert!(message(&app).starts_with("marked unread"));
    type_keys(&mut app, "kG");
    assert!(!memory::is_read(&app, 0), "still unread while open");
    type_keys(&mut app, "x");
    assert!(memory::is_read(&app, 0));
    type_keys(&mut app, "xJK");
    assert!(
        memory::is_read(&app, 0),
        "read again once left and come back to its end"
    );
}

#[test]
fn a_page_fetched_again_replaces_the_text_and_its_mentions() {
    let mut app = seeds_at(120, 30);
    type_keys(&mut app, "R");
    assert!(
        message(&app).contains("no page to fetch again"),
        "{}",
        message(&app)
    );
    type_keys(&mut app, "nnn");
    assert!(app.mention.is_some());
    let russia = entity(&app, "russia");
    let m = app.corpus.matcher.clone();
    let mut article = app.corpus.docs[1].article.clone();
    article.path = app.corpus.docs[0].article.path.clone();
    let fresh = crate::document::Document::new(article, &m);
    let expected = 2 * fresh.count_of(russia) as usize;
    update(
        &mut app,
        Action::PageReloaded {
            doc: 0,
            result: Ok(Some(Box::new(fresh))),
        },
    );
    assert!(
        message(&app).starts_with("page reloaded"),
        "{}",
        message(&app)
    );
    assert_eq!(app.mention, None);
    assert_eq!(app.corpus.total(russia), expected);
    let w = app.reader.wrapped.as_ref().expect("wrapped");
    assert_eq!(w.mention_pos.len(), app.corpus.docs[0].mentions.len());
    type_keys(&mut app, "n");
    assert!(app.current_mention().is_some());
    update(
        &mut app,
        Action::PageReloaded {
            doc: 0,
            result: Ok(None),
        },
    );
    assert_eq!(message(&app), "the page has not changed");
    update(
        &mut app,
        Action::PageReloaded {
            doc: 0,
            result: Err("cannot fetch it: the server answered 500".into()),
        },
    );
    assert_eq!(app.message.as_ref().map(|m| m.level), Some(Level::Warning));
}

#[test]
fn nowrap_keeps_a_paragraph_on_a_line_and_scrolls_sideways_to_each_mention() {
    let mut app = seeds_at(100, 30);
    type_keys(&mut app, "zl");
    assert!(message(&app).contains(":set nowrap"), "{}", message(&app));
    type_keys(&mut app, ":set nowrap<Enter>");
    assert!(!app.settings.wrap);
    let paragraphs = app.corpus.docs[0].article.paragraphs.len();
    let w = app.reader.wrapped.as_ref().expect("wrapped");
    let body_rows = w
        .rows
        .iter()
        .filter(|r| r.part == crate::wrap::Part::Body)
        .count();
    assert_eq!(body_rows, paragraphs);
    let width = app.panes().reader_text.width as usize;
    type_keys(&mut app, "zL");
    assert_eq!(app.reader.left, width / 2);
    type_keys(&mut app, "zlzh");
    assert_eq!(app.reader.left, width / 2);
    type_keys(&mut app, "zH");
    assert_eq!(app.reader.left, 0);
    // Every mention stepped to is brought on screen, sideways too.
    let mut far = false;
    for _ in 0..app.corpus.docs[0].mentions.len() {
        type_keys(&mut app, "]");
        let m = app.mention.expect("a current mention");
        let (_, col) = app.reader.wrapped.as_ref().expect("wrapped").mention_pos[m];
        far |= col >= width;
        assert!(
            app.reader.left <= col && col < app.reader.left + width,
            "column {col} outside {}..{}",
            app.reader.left,
            app.reader.left + width
        );
    }
    assert!(far, "some mention lies beyond the first screen's width");
    type_keys(&mut app, ":set wrap<Enter>");
    assert_eq!(app.reader.left, 0);
    let w = app.reader.wrapped.as_ref().expect("wrapped");
    assert!(
        w.rows
            .iter()
            .filter(|r| r.part == crate::wrap::Part::Body)
            .count()
            > paragraphs
    );
}
