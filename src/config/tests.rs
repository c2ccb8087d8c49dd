use super::*;
use crate::app::Action;
use crate::key::Key;
use ratatui::style::{Color, Modifier, Style};

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("/home/ana/.config/newslens/config.toml"))
}

fn action(config: &Config, key: &str) -> Option<Action> {
    config.keymap.action_for(Key::parse(key).expect("key"))
}

#[test]
fn the_printed_default_reads_back_as_the_defaults() {
    let config = parse(&default_text()).expect("the default configuration parses");
    let defaults = Keymap::default();
    assert_eq!(config.keymap.markdown_table(), defaults.markdown_table());
    assert_eq!(config.keymap.hints(), defaults.hints());
    assert_eq!(config.theme, Theme::default());
    assert!(config.entities.is_empty());
    assert_eq!(config.settings, crate::settings::Settings::default());
    // Every part of the screen is written out, each with what it is.
    for (name, what) in PARTS {
        assert!(default_text().contains(&format!("# {what}")), "{name}");
    }
}

#[test]
fn an_empty_file_is_the_defaults() {
    let config = parse("").expect("empty");
    assert_eq!(config.theme, Theme::default());
    assert!(matches!(action(&config, "n"), Some(Action::NextMention)));
}

#[test]
fn a_binding_replaces_its_actions_keys_and_takes_them_from_others() {
    let config = parse(
        "[[bind]]\nkeys = [\"<C-n>\", \"n\"]\naction = \"next_article\"\n\n\
         [[bind]]\nkeys = [\"x\"]\naction = \"next_mention\"\ndesc = \"Onward\"\n",
    )
    .expect("valid");
    assert!(matches!(action(&config, "n"), Some(Action::NextArticle)));
    assert!(matches!(
        action(&config, "<C-n>"),
        Some(Action::NextArticle)
    ));
    // J was next_article's: replaced, so now unbound.
    assert!(action(&config, "J").is_none());
    assert!(matches!(action(&config, "x"), Some(Action::NextMention)));
    let next_mention = config
        .keymap
        .bindings()
        .find(|b| matches!(b.action, Action::NextMention))
        .expect("still bound");
    assert_eq!(next_mention.desc, "Onward");
    assert_eq!(next_mention.section, "Mentions", "section kept");
    // The help and the status bar follow the new keys.
    assert_eq!(
        config.keymap.key_for("next_article").as_deref(),
        Some("Ctrl-n")
    );
    assert!(config.keymap.hints().contains(&("x".to_string(), "next")));
}

#[test]
fn an_empty_key_list_unbinds_and_leaves_the_help() {
    let config = parse("[[bind]]\nkeys = []\naction = \"coverage\"\n").expect("valid");
    assert!(action(&config, "c").is_none());
    assert!(
        !config
            .keymap
            .bindings()
            .any(|b| matches!(b.action, Action::ToggleCoverage))
    );
    assert!(config.keymap.key_for("coverage").is_none());
}

#[test]
fn select_entity_keys_stay_positional() {
    let config =
        parse("[[bind]]\nkeys = [\"<F1>\", \"<F2>\"]\naction = \"select_entity\"\n").expect("ok");
    assert!(matches!(
        action(&config, "<F2>"),
        Some(Action::SelectEntity(2))
    ));
    assert!(action(&config, "1").is_none());
}

#[test]
fn an_unknown_action_names_the_file_the_line_and_the_actions() {
    let err = parse("\n[[bind]]\nkeys = [\"z\"]\naction = \"explode\"\n").expect_err("bad");
    assert_eq!(err.line, Some(4));
    let msg = err.to_string();
    assert!(
        msg.starts_with(
            "configuration /home/ana/.config/newslens/config.toml, line 4: unknown action \"explode\""
        ),
        "{msg}"
    );
    assert!(msg.contains("next_mention, prev_mention"), "{msg}");
}

#[test]
fn an_unparsable_key_names_its_line_and_the_key_names() {
    let err = parse("[[bind]]\naction = \"quit\"\nkeys = [\"q\",\n  \"<Ctrl-q>\"]\n")
        .expect_err("bad key");
    assert_eq!(err.line, Some(4), "{err}");
    assert!(err.message.contains("<Ctrl-q>"), "{err}");
    assert!(err.message.contains("<PageDown>"), "{err}");
}

#[test]
fn a_key_bound_twice_in_the_file_is_an_error() {
    let err = parse(
        "[[bind]]\nkeys = [\"z\"]\naction = \"top\"\n[[bind]]\nkeys = [\"z\"]\naction = \"bottom\"\n",
    )
    .expect_err("twice");
    assert_eq!(err.line, Some(5));
    assert!(err.message.contains("also on line 2"), "{err}");
}

#[test]
fn quit_cannot_lose_every_key() {
    let err = parse("[[bind]]\nkeys = []\naction = \"quit\"\n").expect_err("no quit");
    assert!(err.message.contains("\"quit\" without a key"), "{err}");
    // Moving quit elsewhere is fine.
    let config = parse("[[bind]]\nkeys = [\"Q\"]\naction = \"quit\"\n").expect("ok");
    assert!(matches!(action(&config, "Q"), Some(Action::Quit)));
}

#[test]
fn unknown_settings_and_bad_toml_name_the_line() {
    let err = parse("entities = []\ncolour = \"red\"\n").expect_err("unknown");
    assert_eq!(err.line, Some(2), "{err}");
    assert!(err.message.contains("unknown field `colour`"), "{err}");
    assert!(err.message.contains("`theme`"), "{err}");
    let err = parse("[theme\n").expect_err("syntax");
    assert_eq!(err.line, Some(1), "{err}");
}

#[test]
fn theme_parts_take_style_strings() {
    let config = parse(
        "[theme.ui]\nborder = \"blue\"\ncursor = \"bold white on #202040\"\ntitle = \"plain\"\n",
    )
    .expect("valid");
    assert_eq!(config.theme.border, Style::new().fg(Color::Blue));
    assert_eq!(
        config.theme.cursor,
        Style::new()
            .fg(Color::White)
            .bg(Color::Rgb(0x20, 0x20, 0x40))
            .add_modifier(Modifier::BOLD)
    );
    assert_eq!(config.theme.title, Style::new());
    assert_eq!(
        config.theme.dim,
        Theme::default().dim,
        "others keep the default"
    );
}

#[test]
fn theme_mistakes_name_the_line_and_what_is_allowed() {
    let err = parse("[theme.ui]\n\nbordr = \"blue\"\n").expect_err("part");
    assert_eq!(err.line, Some(3));
    assert!(
        err.message
            .contains("the parts are: border, border_focused"),
        "{err}"
    );
    let err = parse("[theme.ui]\nborder = \"purplish\"\n").expect_err("colour");
    assert_eq!(err.line, Some(2));
    assert!(
        err.message
            .contains("\"purplish\" is neither a colour nor a text style"),
        "{err}"
    );
    assert!(err.message.contains("lightred"), "{err}");
    let err = parse("[theme]\npalette = []\n").expect_err("empty");
    assert!(err.message.contains("at least one colour"), "{err}");
    let err = parse("[theme.kinds]\nplanet = [\"red\"]\n").expect_err("kind");
    assert!(
        err.message
            .contains("person, country, organisation, place, other"),
        "{err}"
    );
    let err = parse("[theme.entities]\nrussia = \"#12345\"\n").expect_err("hex");
    assert!(err.message.contains("six hex digits"), "{err}");
}

#[test]
fn palettes_kinds_and_pinned_colours_are_read() {
    let config = parse(
        "[theme]\npalette = [\"red\", \"208\"]\n[theme.kinds]\nperson = [\"green\"]\n\
         [theme.entities]\nrussia = \"light-blue\"\n",
    )
    .expect("valid");
    assert_eq!(config.theme.palette, [Color::Red, Color::Indexed(208)]);
    assert_eq!(config.theme.kind_palettes[&Kind::Person], [Color::Green]);
    assert_eq!(config.theme.pinned["russia"], Color::LightBlue);
}

#[test]
fn entity_files_are_layers_relative_to_the_file() {
    let config =
        parse("entities = [\"builtin\", \"mine.json\", \"/abs/other.json\"]\n").expect("valid");
    assert_eq!(
        config.entities,
        [
            Layer::Builtin,
            Layer::File("/home/ana/.config/newslens/mine.json".into()),
            Layer::File("/abs/other.json".into()),
        ]
    );
    // --entities adds after the configuration's list.
    let layers = config.entity_layers(&["cli.json".into()]);
    assert_eq!(layers.last(), Some(&Layer::File("cli.json".into())));
    // Nothing listed anywhere: the built-in file.
    assert_eq!(Config::default().entity_layers(&[]), [Layer::Builtin]);
    assert_eq!(
        Config::default().entity_layers(&["x.json".into()]),
        [Layer::File("x.json".into())]
    );
    let err = parse("entities = [\"\"]\n").expect_err("empty");
    assert_eq!(err.line, Some(1));
}

#[test]
fn a_missing_explicit_file_is_an_error_naming_it() {
    let err = Config::load(Some(Path::new("/no/such/newslens.toml"))).expect_err("missing");
    assert!(err.to_string().contains("/no/such/newslens.toml"), "{err}");
}

#[test]
fn the_reader_table_sets_the_options_and_a_bad_value_names_its_line() {
    let config = parse(
        "[reader]\ndiscovered = false\nwidth = 72\nsort = \"date\"\nbrowser = \"firefox --new-tab\"\n",
    )
    .expect("valid");
    assert!(!config.settings.discovered);
    assert_eq!(config.settings.width, 72);
    assert_eq!(config.settings.sort, crate::app::Sort::Date);
    assert_eq!(config.settings.browser, "firefox --new-tab");
    let e = parse("[reader]\n\nsort = \"size\"\n").expect_err("no such order");
    assert_eq!(e.line, Some(3));
    assert!(
        e.message.contains("sort is file, date, title or mentions"),
        "{e}"
    );
    let e = parse("[reader]\ncolour = \"red\"\n").expect_err("no such option");
    assert!(
        e.message
            .contains("the options are: discovered, wrap, width"),
        "{e}"
    );
}
