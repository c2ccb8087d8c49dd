use super::*;

fn parse(text: &str) -> Result<Gazetteer, EntityFileError> {
    Gazetteer::parse(text, Path::new("people.json"))
}

#[test]
fn builtin_file_holds_the_six_tracked_entities() {
    let g = Gazetteer::builtin();
    let names: Vec<_> = g.iter().map(|(_, e)| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Russia",
            "Turkey",
            "Iran",
            "Staffan de Mistura",
            "Alexander Lavrentiev",
            "Stuart Jones"
        ]
    );
    let lav = g.get(g.id_of("lavrentiev").expect("lavrentiev"));
    assert_eq!(lav.kind, Kind::Person);
    assert_eq!(lav.affiliation.as_deref(), Some("russia"));
    assert!(g.iter().all(|(_, e)| e.note.is_some()));
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let err = parse("{\n  \"entities\": [\n    { \"id\": \"a\" \"name\": \"A\" }\n  ]\n}")
        .expect_err("missing comma");
    let msg = err.to_string();
    assert!(
        msg.starts_with("entity file people.json, line 3, column 17:"),
        "{msg}"
    );
    assert!(msg.contains("fix: check for a missing comma"), "{msg}");
}

#[test]
fn unknown_kind_lists_the_allowed_kinds() {
    let err = parse(r#"{"entities": [{"id": "a", "name": "A", "kind": "persn"}]}"#)
        .expect_err("bad kind");
    let msg = err.to_string();
    assert!(msg.contains("unknown variant `persn`"), "{msg}");
    assert!(
        msg.contains("person, country, organisation, place, other"),
        "{msg}"
    );
}

#[test]
fn truncated_file_says_it_ends_early() {
    let msg = parse(r#"{"entities": [{"id": "a""#)
        .expect_err("eof")
        .to_string();
    assert!(msg.contains("ends early"), "{msg}");
}

#[test]
fn duplicate_ids_are_rejected_with_the_line() {
    let text = "{\"entities\": [\n{\"id\": \"a\", \"name\": \"A\", \"kind\": \"place\"},\n{\"id\": \"a\", \"name\": \"B\", \"kind\": \"place\"}\n]}";
    let msg = parse(text).expect_err("dup").to_string();
    assert!(msg.contains("line 3"), "{msg}");
    assert!(
        msg.contains("\"a\" is used by more than one entity"),
        "{msg}"
    );
}

#[test]
fn alias_claimed_by_two_entities_is_rejected() {
    let text = r#"{"entities": [
        {"id": "a", "name": "A", "kind": "place", "aliases": ["Capital"]},
        {"id": "b", "name": "B", "kind": "place", "aliases": ["Capital"]}]}"#;
    let msg = parse(text).expect_err("shared alias").to_string();
    assert!(
        msg.contains("\"Capital\" is claimed by both \"a\" and \"b\""),
        "{msg}"
    );
}

#[test]
fn unknown_affiliation_is_rejected() {
    let text = r#"{"entities": [{"id": "a", "name": "A", "kind": "person", "affiliation": "zz"}]}"#;
    let msg = parse(text).expect_err("affiliation").to_string();
    assert!(msg.contains("affiliation \"zz\""), "{msg}");
}

#[test]
fn unknown_fields_and_empty_names_are_rejected() {
    assert!(
        parse(r#"{"entities": [{"id": "a", "name": "A", "kind": "person", "colour": 1}]}"#)
            .is_err()
    );
    assert!(parse(r#"{"entities": [{"id": "a", "name": "", "kind": "person"}]}"#).is_err());
    assert!(parse(r#"{"entities": [{"id": " ", "name": "A", "kind": "person"}]}"#).is_err());
}

#[test]
fn american_spelling_of_organisation_is_accepted() {
    let g = parse(r#"{"entities": [{"id": "un", "name": "UN", "kind": "organization"}]}"#)
        .expect("valid");
    assert_eq!(g.get(EntityId(0)).kind, Kind::Organisation);
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let msg = Gazetteer::from_file(Path::new("/no/such/entities.json"))
        .expect_err("missing")
        .to_string();
    assert!(msg.contains("/no/such/entities.json"), "{msg}");
}

#[test]
fn check_lists_every_problem_with_its_line() {
    let text = r#"{"entities": [
        {"id": "a", "name": "A", "kind": "place", "aliases": ["Capital"]},
        {"id": "b", "name": "B", "kind": "planet"},
        {"id": "a", "name": "C", "kind": "place"},
        {"id": "c", "name": "C2", "kind": "place",
         "aliases": ["Capital"]},
        {"id": "d", "name": "D", "kind": "person", "affiliation": "zz"}]}"#;
    let problems = check_text(text, Path::new("people.json")).expect_err("problems");
    let found: Vec<(usize, String)> = problems.iter().map(|p| (p.line(), p.to_string())).collect();
    let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4, 6, 7], "{found:#?}");
    assert!(
        found[0]
            .1
            .contains("people.json, line 3, column 49: unknown variant `planet`"),
        "{found:#?}"
    );
    assert!(found[1].1.contains("\"a\" is used by more than one entity"));
    assert!(
        found[2]
            .1
            .contains("\"Capital\" is claimed by both \"a\" and \"c\"")
    );
    assert!(found[3].1.contains("affiliation \"zz\""));
}

fn layers(files: &[(&str, &str)]) -> Result<Gazetteer, Vec<EntityFileError>> {
    let refs: Vec<(&str, &Path)> = files.iter().map(|(p, t)| (*t, Path::new(*p))).collect();
    check_layers(&refs)
}

const BASE: &str = r#"{"entities": [
    {"id": "syria", "name": "Syria", "kind": "country", "aliases": ["Syrian"], "note": "base"},
    {"id": "assad", "name": "Bashar al-Assad", "kind": "person", "affiliation": "syria"}]}"#;

#[test]
fn a_later_file_adds_entities_after_the_earlier_ones() {
    let g = layers(&[
        ("base.json", BASE),
        (
            "more.json",
            r#"{"entities": [{"id": "un", "name": "UN", "kind": "organisation"}]}"#,
        ),
    ])
    .expect("valid");
    let ids: Vec<&str> = g.iter().map(|(_, e)| e.id.as_str()).collect();
    assert_eq!(ids, ["syria", "assad", "un"]);
}

#[test]
fn an_entry_with_only_an_id_adds_aliases_and_fields() {
    let g = layers(&[
        ("base.json", BASE),
        (
            "more.json",
            r#"{"entities": [{"id": "syria", "aliases": ["Damascus", "Syrian"], "note": "mine"}]}"#,
        ),
    ])
    .expect("valid");
    let syria = g.get(g.id_of("syria").expect("syria"));
    assert_eq!(syria.name, "Syria");
    assert_eq!(
        syria.aliases,
        ["Syrian", "Damascus"],
        "added once, in order"
    );
    assert_eq!(syria.note.as_deref(), Some("mine"));
    assert_eq!(g.id_of("syria"), Some(EntityId(0)), "keeps its place");
}

#[test]
fn an_entry_with_a_name_and_kind_replaces_the_entity() {
    let g = layers(&[
        ("base.json", BASE),
        (
            "more.json",
            r#"{"entities": [{"id": "syria", "name": "Syrian Arab Republic", "kind": "country"},
                {"id": "syr", "name": "Syria", "kind": "place"}]}"#,
        ),
    ])
    .expect("the replaced entity gives up its name and aliases");
    let syria = g.get(g.id_of("syria").expect("syria"));
    assert_eq!(syria.name, "Syrian Arab Republic");
    assert!(syria.aliases.is_empty() && syria.note.is_none());
    assert_eq!(g.len(), 3);
}

#[test]
fn problems_across_files_name_the_file_that_has_them() {
    let problems = layers(&[
        ("base.json", BASE),
        (
            "more.json",
            "{\"entities\": [\n{\"id\": \"rebels\", \"name\": \"Rebels\", \"kind\": \"organisation\",\n \"aliases\": [\"Syrian\"]},\n{\"id\": \"ghost\", \"aliases\": [\"Boo\"]}]}",
        ),
    ])
    .expect_err("clash");
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{text:#?}");
    assert!(
        text[0].starts_with(
            "entity file more.json, line 3: \"Syrian\" is claimed by both \"syria\" and \"rebels\""
        ),
        "{text:#?}"
    );
    assert!(
        text[1].starts_with("entity file more.json, line 4: entity \"ghost\" has no name"),
        "{text:#?}"
    );
    assert!(text[1].contains("earlier entity file"), "{text:#?}");
}

#[test]
fn a_missing_layer_is_reported_with_the_problems_of_the_others() {
    let problems =
        Gazetteer::from_layers(&[Layer::Builtin, Layer::File("/no/such/more.json".into())])
            .expect_err("missing");
    assert_eq!(problems.len(), 1);
    assert!(problems[0].to_string().contains("/no/such/more.json"));
    let g = Gazetteer::from_layers(&[Layer::Builtin]).expect("builtin");
    assert_eq!(g.len(), 6);
}

#[test]
fn an_absurdly_long_alias_is_refused_with_its_line() {
    let long = "word ".repeat(20_000);
    let text = format!(
        "{{\"entities\": [\n  {{\"id\": \"a\", \"name\": \"A Person\", \"kind\": \"person\",\n   \"aliases\": [\"{}\"]}}\n]}}",
        long.trim()
    );
    let msg = parse(&text).expect_err("too long").to_string();
    assert!(
        msg.starts_with("entity file people.json, line 3: entity \"a\" has a name or alias of 99999 characters (\"word word word word word…\"); at most 200 are allowed"),
        "{msg}"
    );
    let fine = format!(
        "{{\"entities\": [{{\"id\": \"a\", \"name\": \"{}\", \"kind\": \"person\"}}]}}",
        "x".repeat(MAX_FORM_CHARS)
    );
    assert!(parse(&fine).is_ok());
}

#[test]
fn one_letter_forms_are_doubtful() {
    let g = parse(
        r#"{"entities": [{"id": "a", "name": "Alpha Group", "kind": "organisation", "aliases": ["A", "AG"]}]}"#,
    )
    .expect("valid");
    assert_eq!(
        g.doubtful_forms(),
        ["entity \"a\": \"A\" is one letter and counts every \"A\" that stands alone as a mention"]
    );
    assert!(Gazetteer::builtin().doubtful_forms().is_empty());
}

#[test]
fn positions_of_entries_in_a_file_on_one_line_are_found_in_one_pass() {
    // 5,000 entities on one line, the last broken: its line and column are still right.
    let mut text = String::from("{\"entities\": [");
    for i in 0..5_000 {
        text.push_str(&format!(
            "{{\"id\": \"e{i}\", \"name\": \"N{i}\", \"kind\": \"person\"}}, "
        ));
    }
    let column = text.chars().count() + 1;
    text.push_str("{\"id\": 5}]}");
    let msg = parse(&text)
        .expect_err("an id that is a number")
        .to_string();
    assert!(
        msg.starts_with(&format!(
            "entity file people.json, line 1, column {}",
            column + 7
        )),
        "{msg}"
    );
}
