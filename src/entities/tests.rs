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
