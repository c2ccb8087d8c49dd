//! Screen snapshots of the reader at the sizes users have, drawn to a test terminal.

mod common;

use common::{corpus, draw, fixture, formats, press, screen, seeds, seeds_discovered, style_runs};
use newslens::app::Action;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 45)];

#[test]
fn start() {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("start_{w}x{h}"), screen(&seeds(w, h)));
    }
}

#[test]
fn after_n_three_times() {
    for (w, h) in SIZES {
        let mut app = seeds(w, h);
        press(
            &mut app,
            &[
                Action::NextMention,
                Action::NextMention,
                Action::NextMention,
            ],
        );
        let text = screen(&app);
        assert!(text.contains("Russia 3/9"), "{text}");
        insta::assert_snapshot!(format!("n3_{w}x{h}"), text);
    }
}

#[test]
fn help_open() {
    for (w, h) in SIZES {
        let mut app = seeds(w, h);
        press(&mut app, &[Action::ToggleHelp]);
        let text = screen(&app);
        assert!(
            text.contains("Down a line (list, panel: next item)"),
            "{text}"
        );
        // Descriptions wrap under themselves rather than being cut off.
        if (80..120).contains(&w) {
            assert!(
                text.lines()
                    .any(|l| l.contains("│                      focus  ")),
                "{text}"
            );
        }
        insta::assert_snapshot!(format!("help_{w}x{h}"), text);
    }
}

/// A folder of every format with broken files: the status bar counts the problems and
/// leads with what happened, the path last; `!` lists them, each path over its reason.
#[test]
fn problems_popup() {
    let mut app = formats(100, 30);
    let text = screen(&app);
    assert!(
        text.contains("⚠ 5 problems, first: the file is empty — ! for details: formats/empty.md"),
        "{text}"
    );
    press(&mut app, &[Action::ToggleProblems]);
    let text = screen(&app);
    assert!(text.contains("Problems (5) — ! or Esc closes"), "{text}");
    assert!(text.contains("formats/photo.html"), "{text}");
    assert!(
        text.contains("binary data (a GIF image), not text"),
        "{text}"
    );
    insta::assert_snapshot!("problems_100x30", text);
    // Narrow: reasons wrap under their path and the popup scrolls.
    let mut app = formats(50, 16);
    press(
        &mut app,
        &[Action::ToggleProblems, Action::Down, Action::Down],
    );
    insta::assert_snapshot!("problems_50x16_scrolled", screen(&app));
}

#[test]
fn no_problems() {
    let mut app = seeds(80, 24);
    press(&mut app, &[Action::ToggleProblems]);
    let text = screen(&app);
    assert!(text.contains("No problems: every file was read."), "{text}");
}

/// `s` twice: by title, ignoring case; the list's title says so.
#[test]
fn list_sorted_by_date_and_title() {
    let mut app = formats(120, 26);
    press(&mut app, &[Action::CycleSort]);
    let text = screen(&app);
    assert!(text.contains("· by date"), "{text}");
    insta::assert_snapshot!("sorted_by_date_120x26", text);
    press(&mut app, &[Action::CycleSort]);
    insta::assert_snapshot!("sorted_by_title_120x26", screen(&app));
}

/// Tabs, escape sequences, right-to-left text, combining marks, CJK, emoji and a line
/// with no spaces: nothing reaches the terminal raw and every pane keeps its frame.
#[test]
fn hostile_text_keeps_the_layout_and_sends_no_control_characters() {
    for (w, h) in [(100, 30), (60, 20)] {
        let mut app = fixture("hostile/unicode-and-controls.txt", w, h);
        press(&mut app, &[Action::HalfPageDown]);
        let terminal = draw(&app);
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "control character {:?} in a cell",
                cell.symbol()
            );
        }
        // Every column where a pane's frame starts or ends on the top row keeps its
        // vertical line on every row below: no wide or zero-width character shifted it.
        let edges: Vec<u16> = (0..w)
            .filter(|&x| matches!(buffer[(x, 0)].symbol(), "┌" | "┐"))
            .collect();
        assert!(edges.len() >= 4, "{edges:?}");
        for y in 1..h - 2 {
            for &x in &edges {
                let s = buffer[(x, y)].symbol();
                assert!(
                    matches!(s, "│" | "█" | "├" | "┤"),
                    "row {y}, column {x}: {s:?}\n{}",
                    screen(&app)
                );
            }
        }
        let text = screen(&app);
        insta::assert_snapshot!(format!("hostile_{w}x{h}"), text);
    }
    // The escape sequences are shown, made harmless, not obeyed.
    let text = screen(&fixture("hostile/unicode-and-controls.txt", 100, 30));
    assert!(text.contains("sequence ␛[2J␛[31mtries"), "{text}");
    assert!(text.contains("another ␛]0;PWNED␇"), "{text}");
    assert!(text.contains("Hebrew: רוסיה"), "{text}");
    assert!(!text.contains("esrever ni\u{202c}"), "{text}");
}

/// `M`: the marks, the selected one in the cursor's colours.
#[test]
fn marks_popup() {
    use crossterm::event::{KeyCode, KeyModifiers};
    use newslens::key::Key;
    let letter = |c| Action::Input(Key::new(KeyCode::Char(c), KeyModifiers::NONE));
    let mut app = seeds(100, 30);
    press(&mut app, &[Action::SetMark, letter('t')]);
    press(
        &mut app,
        &[
            Action::NextArticle,
            Action::HalfPageDown,
            Action::SetMark,
            letter('a'),
            Action::ListMarks,
        ],
    );
    let text = screen(&app);
    assert!(text.contains("Marks (2) — Enter goes there"), "{text}");
    insta::assert_snapshot!("marks_100x30", text);
}

/// A note: the pencil in the reader's margin, the note in the status bar, then `A`.
#[test]
fn notes_in_the_reader_and_their_list() {
    use crossterm::event::{KeyCode, KeyModifiers};
    use newslens::key::Key;
    let key = |c| Action::Input(Key::new(c, KeyModifiers::NONE));
    let mut app = seeds(100, 30);
    let mut actions = vec![Action::NextMention, Action::NextMention, Action::AddNote];
    actions.extend(
        "listed with Turkey and Iran"
            .chars()
            .map(|c| key(KeyCode::Char(c))),
    );
    actions.push(key(KeyCode::Enter));
    actions.push(Action::Up);
    press(&mut app, &actions);
    press(&mut app, &[Action::Down]);
    let text = screen(&app);
    assert!(text.contains("✎"), "{text}");
    insta::assert_snapshot!("note_in_reader_100x30", text);
    // Not current any more: the panel's snippet of the noted mention carries the pencil.
    press(&mut app, &[Action::Cancel]);
    let text = screen(&app);
    assert_eq!(text.matches('✎').count(), 2, "{text}");
    assert!(text.contains("│✎…with Russia and J…│"), "{text}");
    press(&mut app, &[Action::ListNotes]);
    let text = screen(&app);
    assert!(text.contains("Notes (1) — Enter goes there"), "{text}");
    assert!(text.contains("— listed with Turkey and Iran"), "{text}");
    insta::assert_snapshot!("notes_popup_100x30", text);
}

#[test]
fn tiny_terminals() {
    for (w, h) in [(1, 1), (10, 5), (20, 5)] {
        insta::assert_snapshot!(format!("tiny_{w}x{h}"), screen(&seeds(w, h)));
    }
}

/// Below the smallest size newslens draws, the notice is never cut: every size shows one
/// of its forms whole, down to a single symbol.
#[test]
fn the_too_small_notice_fits_every_size() {
    let forms = ["too small: needs 16×4", "needs 16×4", "16×4", "!"];
    for w in 1..16 {
        for h in 1..8 {
            let text = screen(&seeds(w, h));
            let text = text.replace('"', "");
            let words: Vec<&str> = text.split_whitespace().collect();
            let said = words.join(" ");
            let whole = said == format!("terminal too small ({w}×{h}): newslens needs 16×4");
            assert!(whole || forms.contains(&said.as_str()), "{w}×{h}: {said:?}");
        }
    }
}

#[test]
fn second_article_with_standfirst_and_date() {
    let mut app = seeds(120, 30);
    press(&mut app, &[Action::NextArticle]);
    let text = screen(&app);
    assert!(text.contains("All participants from both regime"));
    assert!(text.contains("2017-07-04"));
    assert!(!text.contains("Abu Dhabi"));
    insta::assert_snapshot!("second_article_120x30", text);
}

#[test]
fn list_and_panel_focus() {
    let mut app = seeds(100, 20);
    press(&mut app, &[Action::FocusLeft, Action::Down]);
    insta::assert_snapshot!("list_focus_100x20", screen(&app));
    press(
        &mut app,
        &[
            Action::FocusRight,
            Action::FocusRight,
            Action::Down,
            Action::Down,
        ],
    );
    insta::assert_snapshot!("panel_focus_100x20", screen(&app));
}

/// The panel's mention list, focused, after jumping into the second article.
#[test]
fn panel_with_mention_snippets() {
    let mut app = seeds(110, 34);
    press(
        &mut app,
        &[
            Action::FocusNext,
            Action::FocusNext,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Down,
            Action::Open,
            Action::Down,
        ],
    );
    insta::assert_snapshot!("panel_snippets_110x34", screen(&app));
}

/// The panel listing every entity of the corpus, with kinds.
#[test]
fn panel_for_all_articles() {
    let mut app = seeds(100, 30);
    press(
        &mut app,
        &[Action::ToggleScope, Action::SelectEntity(4), Action::Settle],
    );
    insta::assert_snapshot!("panel_all_articles_100x30", screen(&app));
}

/// `f` on Stuart Jones: the third article, which does not name him, leaves the list.
#[test]
fn filtered_list() {
    let mut app = corpus(140, 24);
    let before = screen(&app);
    assert!(before.contains("Border crossing"), "{before}");
    press(
        &mut app,
        &[
            Action::SelectEntity(4),
            Action::Settle,
            Action::ToggleFilter,
        ],
    );
    let text = screen(&app);
    assert!(text.contains("Articles 2/3 · Stuart Jones"), "{text}");
    assert!(!text.contains("Border crossing"), "{text}");
    insta::assert_snapshot!("filtered_list_140x24", text);
}

fn type_keys(app: &mut newslens::app::App, text: &str) {
    use crossterm::event::{KeyCode, KeyModifiers};
    for c in text.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        newslens::app::update(
            app,
            Action::Input(newslens::key::Key::new(code, KeyModifiers::NONE)),
        );
    }
}

/// Typing a search: the prompt at the bottom, the hits of this article highlighted.
#[test]
fn search_prompt_while_typing() {
    let mut app = seeds(100, 30);
    press(&mut app, &[Action::Search]);
    type_keys(&mut app, "douma");
    let text = screen(&app);
    assert!(text.contains("/douma   2 in this article"), "{text}");
    let runs = style_runs(draw(&app).backend().buffer());
    assert!(runs.contains("fg=Black bg=Yellow NONE \"Douma\""), "{runs}");
    insta::assert_snapshot!("search_prompt_100x30", text);
}

/// An accepted search: n on to the hit in the second article, the current hit stands out.
#[test]
fn search_active_after_n() {
    let mut app = seeds(100, 30);
    press(&mut app, &[Action::Search]);
    type_keys(&mut app, "Douma\n");
    press(&mut app, &[Action::NextMention, Action::NextMention]);
    let text = screen(&app);
    assert!(text.contains("2/2 · /Douma hit 3/3"), "{text}");
    let runs = style_runs(draw(&app).backend().buffer());
    assert!(
        runs.contains("fg=Black bg=LightYellow BOLD | UNDERLINED \"Douma\""),
        "{runs}"
    );
    insta::assert_snapshot!("search_active_100x30", text);
}

/// The coverage matrix on three articles, the cursor on Stuart Jones in the third.
#[test]
fn coverage_view() {
    let mut app = corpus(130, 24);
    press(&mut app, &[Action::ToggleCoverage]);
    for a in [
        Action::Down,
        Action::Down,
        Action::Down,
        Action::FocusRight,
        Action::FocusRight,
    ] {
        newslens::app::update(&mut app, a);
    }
    let text = screen(&app);
    assert!(
        text.contains("Stuart Jones in article 3: 0 mentions"),
        "{text}"
    );
    insta::assert_snapshot!("coverage_130x24", text);
    // Narrow terminals show fewer columns but never panic.
    for (w, h) in [(40, 12), (20, 6), (16, 4)] {
        let mut small = corpus(w, h);
        press(
            &mut small,
            &[Action::ToggleCoverage, Action::Bottom, Action::FocusRight],
        );
        let _ = screen(&small);
    }
}

/// Colours matter: every mention in its entity's colour, the current one reversed.
#[test]
fn styles_of_mentions_and_current_mention() {
    let mut app = seeds(80, 24);
    press(&mut app, &[Action::NextMention, Action::NextMention]);
    let terminal = draw(&app);
    let runs = style_runs(terminal.backend().buffer());
    let colour = |id: &str| {
        let g = &app.corpus.gazetteer;
        app.theme.entity_color(g.id_of(id).expect(id))
    };
    let (russia, turkey) = (colour("russia"), colour("turkey"));
    assert_ne!(russia, turkey);
    assert!(
        runs.contains(&format!(
            "fg={russia:?} bg=Reset BOLD | REVERSED \"Russia\""
        )),
        "{runs}"
    );
    assert!(
        runs.contains(&format!("fg={russia:?} bg=Reset BOLD \"Russian\"")),
        "{runs}"
    );
    assert!(
        runs.contains(&format!("fg={turkey:?} bg=Reset NONE \" ● \"")),
        "{runs}"
    );
    insta::assert_snapshot!("styles_80x24", runs);
}

/// Without colour (NO_COLOR, --no-color) entities are still told apart, by emphasis,
/// and no cell carries a colour.
#[test]
fn styles_without_colour() {
    let g = std::sync::Arc::new(newslens::entities::Gazetteer::builtin());
    let m = std::sync::Arc::new(newslens::entities::Matcher::new(&g));
    let (docs, warnings) = newslens::loader::load_all(&newslens::corpus::Input::Builtin, &m);
    let setup = newslens::app::Setup {
        theme: newslens::theme::Theme::monochrome(),
        ..Default::default()
    };
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut app = newslens::app::App::with_setup(g, m, docs, warnings, area, setup);
    press(&mut app, &[Action::NextMention, Action::NextMention]);
    let terminal = draw(&app);
    let runs = style_runs(terminal.backend().buffer());
    assert!(
        !runs.contains("fg=Light") && !runs.contains("bg=DarkGray"),
        "{runs}"
    );
    let look = |id: &str| {
        let g = &app.corpus.gazetteer;
        app.theme.mention(g.id_of(id).expect(id)).add_modifier
    };
    let (russia, jones) = (look("russia"), look("jones"));
    assert_ne!(russia, jones);
    assert!(
        runs.contains(&format!(
            "{:?} \"Russia\"",
            russia | ratatui::style::Modifier::REVERSED
        )),
        "{runs}"
    );
    assert!(
        runs.contains(&format!("fg=Reset bg=Reset {jones:?} \"Jones\"")),
        "{runs}"
    );
    // Each entity marker in the panel has its own emphasis (Russia's row is chosen).
    for id in ["turkey", "iran"] {
        assert!(
            runs.contains(&format!("fg=Reset bg=Reset {:?} \" ● \"", look(id))),
            "{id}: {runs}"
        );
    }
    insta::assert_snapshot!("styles_no_colour_80x24", runs);
}

#[test]
fn every_size_renders_without_panic() {
    let mut app = seeds(80, 24);
    press(&mut app, &[Action::NextMention]);
    for w in (0..=130).step_by(7) {
        for h in 0..=40 {
            press(&mut app, &[Action::Resize(w, h)]);
            draw(&app);
            press(&mut app, &[Action::ToggleHelp]);
            draw(&app);
            press(&mut app, &[Action::ToggleHelp]);
        }
    }
}

/// The terminal can change size before the app hears of it; drawing must still fit.
#[test]
fn drawing_into_a_different_size_than_the_state_knows_does_not_panic() {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut app = seeds(100, 30);
    press(&mut app, &[Action::NextMention, Action::ToggleHelp]);
    for (w, h) in [(1, 1), (20, 5), (200, 60), (100, 3), (0, 0)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
    }
}

/// The panel lists the tracked entities, then under their own heading the discovered
/// ones with kind, count and articles; the selected one says why it is offered. In
/// the text they are underlined, without colour, until `D` hides them.
#[test]
fn panel_with_both_tiers() {
    let mut app = seeds_discovered(120, 40);
    let text = screen(&app);
    assert!(text.contains("Entities (6)"), "{text}");
    assert!(text.contains("Discovered ("), "{text}");
    // The seventh row is the first discovered: Syria, a country, in both articles.
    press(&mut app, &[Action::SelectEntity(7), Action::Settle]);
    let text = screen(&app);
    assert!(text.contains("7 ◦ Syria"), "{text}");
    assert!(text.contains("GPE 10 · 16"), "{text}");
    assert!(text.contains("country · discovered"), "{text}");
    assert!(text.contains("seen as: Syria"), "{text}");
    assert!(text.contains("+ track · - hide"), "{text}");
    assert!(text.contains("in the world list"), "{text}");
    insta::assert_snapshot!("panel_both_tiers_120x40", text);
    // A name the recogniser found says how it read it and how sure it was (the panel's
    // column, its wrapped lines joined).
    let panel = |text: &str| -> String {
        let rows: Vec<&str> = text
            .lines()
            .filter_map(|l| l.rsplit_once('│').map(|(left, _)| left))
            .filter_map(|l| l.rsplit_once('│').map(|(_, cell)| cell.trim()))
            .collect();
        rows.join(" ")
    };
    let found = (8..=17).find(|&n| {
        press(&mut app, &[Action::SelectEntity(n), Action::Settle]);
        panel(&screen(&app)).contains("Anuar Zhainakov person")
    });
    let column = panel(&screen(&app));
    assert!(found.is_some(), "{column}");
    assert!(
        column.contains("read by the recogniser as a person 2×"),
        "{column}"
    );
    assert!(column.contains("confidence up to 0."), "{column}");
    press(&mut app, &[Action::SelectEntity(7), Action::Settle]);

    let runs = style_runs(draw(&app).backend().buffer());
    assert!(
        runs.contains("fg=Reset bg=Reset UNDERLINED \"Kazakhstan\""),
        "{runs}"
    );
    insta::assert_snapshot!("panel_both_tiers_styles_120x40", runs);

    press(&mut app, &[Action::ToggleDiscovered]);
    let text = screen(&app);
    assert!(!text.contains("Discovered ("), "{text}");
    let runs = style_runs(draw(&app).backend().buffer());
    assert!(!runs.contains("\"Kazakhstan\""), "{runs}");
}

/// With discovery on, the list counts tracked mentions (12 and 17 on the seeds), and the
/// coverage matrix's grand total is the sum of its rows and columns (29), whatever the
/// discovered tier holds.
#[test]
fn counts_are_of_tracked_mentions_beside_the_discovered_tier() {
    let mut app = common::seeds_discovered(120, 40);
    let text = screen(&app);
    assert!(text.contains("000_0b9f368ee42… · 12"), "{text}");
    assert!(text.contains("2017-07-04 · 17"), "{text}");
    press(&mut app, &[Action::ToggleCoverage]);
    let text = screen(&app);
    let all = text
        .lines()
        .find(|l| l.contains("│all"))
        .unwrap_or_else(|| panic!("a totals row:\n{text}"));
    let matrix = all.split("││").nth(1).unwrap_or(all);
    let numbers: Vec<u32> = matrix
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(numbers, [12, 17, 29], "{all}");
}

/// A count shows in the status bar while it waits for its motion, as vim's showcmd.
#[test]
fn a_waiting_count_shows_in_the_status_bar() {
    let mut app = seeds(120, 40);
    newslens::app::type_keys(&mut app, "12");
    let text = screen(&app);
    let status = text.lines().last().unwrap_or_default().to_owned();
    assert!(status.contains(" · 12 "), "{status}");
    newslens::app::type_keys(&mut app, "<Esc>");
    let status = screen(&app).lines().last().unwrap_or_default().to_owned();
    assert!(!status.contains(" · 12 "), "{status}");
    assert!(status.contains("count 12 cancelled"), "{status}");
}

/// The command line: `:` at the bottom, Tab's candidates after it, the one in the text
/// in brackets.
#[test]
fn command_line_completing_a_name() {
    let mut app = seeds(100, 30);
    newslens::app::type_keys(&mut app, ":entity <Tab>");
    let text = screen(&app);
    assert!(text.contains(":entity Russia   [Russia]"), "{text}");
    assert!(text.contains("[Russia]  Iran  Turkey"), "{text}");
    insta::assert_snapshot!("command_line_100x30", text);
}

/// A tall terminal: the entity list takes the rows the mention list does not need.
#[test]
fn a_tall_panel_lists_every_entity_it_has_room_for() {
    let app = common::seeds_discovered(200, 50);
    let rows = app.panel_rows();
    let panel = app.panes().panel.expect("a panel at 200 columns");
    let layout = newslens::ui::entity_panel::panel_layout(&app, panel);
    assert!(rows.len() > 11, "{} rows", rows.len());
    assert_eq!(layout.list.height as usize, rows.len());
    let text = screen(&app);
    assert!(text.contains("Mentions –/9"), "{text}");
    insta::assert_snapshot!("tall_panel_200x50", text);
}

/// `:set nowrap`: a paragraph a line, cut at the reader's edge, as `less -S` shows text.
#[test]
fn nowrap_cuts_lines_at_the_edge() {
    let mut app = seeds(100, 24);
    newslens::app::type_keys(&mut app, ":set nowrap<Enter>zL");
    let text = screen(&app);
    // Half a screen to the right: lines start mid-paragraph and run to the edge.
    assert!(
        text.contains("││ ks aimed at ending the Syria conflict entered their  █│"),
        "{text}"
    );
    insta::assert_snapshot!("nowrap_100x24", text);
}
