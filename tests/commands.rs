//! The headless subcommands as scripts meet them: the real binary, its output, its exit
//! status. Golden outputs are insta snapshots; every export format is checked to slice
//! back to the mention text in characters.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn newslens(args: &[&str]) -> Output {
    common::newslens_command(args)
        .output()
        .expect("run newslens")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn ok(args: &[&str]) -> String {
    let out = newslens(args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A folder `name` inside a temporary folder that is removed when this is dropped; the
/// folder itself is not made (export makes its own).
struct Scratch {
    _root: tempfile::TempDir,
    path: PathBuf,
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

fn temp_dir(name: &str) -> Scratch {
    let root = tempfile::tempdir().expect("temporary folder");
    let path = root.path().join(name);
    Scratch { _root: root, path }
}

/// `text[start..end]` counted in characters, as Python, brat and doccano count.
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn num(v: &Value) -> u64 {
    v.as_u64().expect("an offset")
}

#[test]
fn entities_json_on_the_seeds() {
    insta::assert_snapshot!(ok(&["entities", "--format", "json"]));
}

#[test]
fn entities_table_and_csv_on_the_seeds() {
    let table = ok(&["entities"]);
    let mut lines = table.lines();
    assert!(lines.next().expect("header").starts_with("ID"));
    assert!(lines.next().expect("top row").starts_with("russia "));
    assert!(!table.contains('\x1b'), "no colour into a pipe");
    let csv = ok(&["entities", "--format", "csv"]);
    assert_eq!(
        csv.lines().take(2).collect::<Vec<_>>(),
        [
            "id,name,kind,total,articles,000_0b9f368ee42c4f04,003_4a03aefaf02d152e",
            "russia,Russia,country,9,2,4,5"
        ]
    );
}

#[test]
fn mentions_text_on_the_seeds() {
    insta::assert_snapshot!(ok(&["mentions", "--format", "text"]));
}

#[test]
fn mentions_json_offsets_slice_the_exported_body() {
    let mentions: Value =
        serde_json::from_str(&ok(&["mentions", "--format", "json"])).expect("json");
    let corpus: Value = serde_json::from_str(&ok(&["export", "--format", "json"])).expect("json");
    let bodies: Vec<&str> = corpus["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| a["body"].as_str().expect("body"))
        .collect();
    let list = mentions["mentions"].as_array().expect("mentions");
    assert_eq!(list.len(), 29);
    for m in list {
        let body = if m["article"] == "000_0b9f368ee42c4f04" {
            bodies[0]
        } else {
            bodies[1]
        };
        let text = m["text"].as_str().expect("text");
        assert_eq!(chars(body, num(&m["start"]), num(&m["end"])), text);
        let line = body
            .split('\n')
            .nth(num(&m["line"]) as usize - 1)
            .expect("line");
        let col = num(&m["column"]) - 1;
        assert_eq!(chars(line, col, col + text.chars().count() as u64), text);
        assert!(m["snippet"].as_str().expect("snippet").contains(text));
    }
}

#[test]
fn mentions_filter_by_entity_and_reject_unknown_ids() {
    let csv = ok(&["mentions", "--entity", "jones", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1 + 3);
    assert!(csv.lines().skip(1).all(|l| l.contains(",jones,")));
    let out = newslens(&["mentions", "--entity", "putin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no entity has the id \"putin\"; the ids are: russia, turkey"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn export_json_and_jsonl_spans_slice_back() {
    let corpus: Value = serde_json::from_str(&ok(&["export"])).expect("json");
    assert_eq!(corpus["schema"], "newslens/1");
    assert_eq!(corpus["entities"].as_array().expect("entities").len(), 6);
    let mut n = 0;
    for a in corpus["articles"].as_array().expect("articles") {
        let body = a["body"].as_str().expect("body");
        for m in a["mentions"].as_array().expect("mentions") {
            assert_eq!(chars(body, num(&m["start"]), num(&m["end"])), m["text"]);
            n += 1;
        }
    }
    assert_eq!(n, 29);
    let jsonl = ok(&["export", "--format", "jsonl"]);
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["date"], "2017-07-04");
    assert_eq!(
        lines[1]["title"],
        "Fifth round of Syria talks in Kazakhstan focuses on safe zones"
    );
    for a in &lines {
        assert_eq!(a["schema"], "newslens/1");
        let body = a["body"].as_str().expect("body");
        for m in a["mentions"].as_array().expect("mentions") {
            assert_eq!(chars(body, num(&m["start"]), num(&m["end"])), m["text"]);
        }
    }
}

#[test]
fn export_displacy_and_doccano_spans_slice_back() {
    let docs: Value = serde_json::from_str(&ok(&["export", "--format", "displacy"])).expect("json");
    let mut seen = 0;
    for d in docs.as_array().expect("a list of docs") {
        let text = d["text"].as_str().expect("text");
        for e in d["ents"].as_array().expect("ents") {
            let span = chars(text, num(&e["start"]), num(&e["end"]));
            assert!(["GPE", "PERSON"].contains(&e["label"].as_str().expect("label")));
            assert!(!span.is_empty() && span.chars().next().is_some_and(char::is_uppercase));
            seen += 1;
        }
    }
    assert_eq!(seen, 29);
    let doccano = ok(&["export", "--format", "doccano"]);
    for line in doccano.lines() {
        let d: Value = serde_json::from_str(line).expect("a JSON line");
        let text = d["text"].as_str().expect("text");
        let labels = d["label"].as_array().expect("labels");
        let ids = d["entities"].as_array().expect("entity ids");
        assert_eq!(labels.len(), ids.len());
        for (l, id) in labels.iter().zip(ids) {
            let span = chars(text, num(&l[0]), num(&l[1]));
            if id == "jones" {
                assert!(span.ends_with("Jones"), "{span}");
                assert_eq!(l[2], "Person");
            }
        }
    }
}

#[test]
fn export_brat_writes_pairs_whose_offsets_match_the_text() {
    let dir = temp_dir("brat");
    let out = newslens(&[
        "export",
        "--format",
        "brat",
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote 2 articles (29 mentions)"));
    let conf = std::fs::read_to_string(dir.join("annotation.conf")).expect("conf");
    assert!(conf.starts_with("[entities]\nPerson\nCountry\n"));
    let mut spans = 0;
    for id in ["000_0b9f368ee42c4f04", "003_4a03aefaf02d152e"] {
        let txt = std::fs::read_to_string(dir.join(format!("{id}.txt"))).expect("txt");
        let ann = std::fs::read_to_string(dir.join(format!("{id}.ann"))).expect("ann");
        for line in ann.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line}");
            if line.starts_with('T') {
                let mut parts = fields[1].split(' ');
                let _label = parts.next();
                let start: u64 = parts.next().expect("start").parse().expect("number");
                let end: u64 = parts.next().expect("end").parse().expect("number");
                assert_eq!(chars(&txt, start, end), fields[2]);
                spans += 1;
            } else {
                assert!(fields[1].starts_with("AnnotatorNotes T"), "{line}");
                assert!(fields[2].starts_with("entity: "), "{line}");
            }
        }
    }
    assert_eq!(spans, 29);
}

#[test]
fn export_counts_characters_not_bytes_in_non_ascii_text() {
    let dir = temp_dir("utf8");
    std::fs::create_dir_all(&dir).expect("dir");
    let article = dir.join("pages.txt");
    std::fs::write(
        &article,
        "Pourparlers à Astana\n\n« Téhéran » — et l’Iran, la Russie’s… 日本 Turkey’s envoy met Iran.\n",
    )
    .expect("write");
    let text = ok(&[
        "export",
        "--format",
        "jsonl",
        article.to_str().expect("utf-8"),
    ]);
    let a: Value = serde_json::from_str(text.trim()).expect("json");
    let body = a["body"].as_str().expect("body");
    let mentions = a["mentions"].as_array().expect("mentions");
    let found: Vec<&str> = mentions
        .iter()
        .map(|m| m["text"].as_str().expect("text"))
        .collect();
    // "l’Iran" is French for "Iran" after an elided article: a mention.
    assert_eq!(found, ["Iran", "Turkey", "Iran"]);
    for m in mentions {
        assert_eq!(chars(body, num(&m["start"]), num(&m["end"])), m["text"]);
    }
}

#[test]
fn export_brat_needs_a_folder_and_out_must_not_be_a_file() {
    let out = newslens(&["export", "--format", "brat"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("give a folder with --out DIR"));
    let out = newslens(&["export", "--out", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("Cargo.toml is a file"));
}

#[test]
fn export_to_a_folder_writes_one_file() {
    let dir = temp_dir("json");
    let out = newslens(&["export", "--out", dir.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read_to_string(dir.join("corpus.json")).expect("corpus.json");
    assert_eq!(
        written,
        ok(&["export"]),
        "the same bytes as on standard output"
    );
}

#[test]
fn output_is_deterministic() {
    for args in [
        &["export", "--format", "jsonl"][..],
        &["mentions", "--format", "csv"],
        &["entities", "--format", "json"],
    ] {
        assert_eq!(ok(args), ok(args), "{args:?}");
    }
}

#[test]
fn check_is_clean_on_the_seeds_with_notes() {
    let text = ok(&["check"]);
    assert!(
        text.contains("note: the alias \"de Mistura\" of \"de-mistura\" matches no article"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "check: 0 problems, 3 notes; 2 articles read from 2 files; entities from the built-in entity file\n"
        ),
        "{text}"
    );
}

#[test]
fn check_reports_bad_files_and_entity_problems_and_exits_1() {
    let entities = fixture("check/entities-problems.json");
    let out = newslens(&[
        "check",
        "--entities",
        &entities,
        "tests/fixtures/check/articles",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("problem:")).collect();
    let name = "entities-problems.json";
    let expected = [
        format!("{name}:5: problem: the id \"russia\" is used by more than one entity"),
        format!(
            "{name}:6: problem: \"Moscow\" is claimed by both \"russia\" and \"kremlin\""
        ),
        format!(
            "{name}:7: problem: entity \"envoy\" has affiliation \"nowhere\", which is not the id of any entity"
        ),
        "tests/fixtures/check/articles/binary.txt: problem: binary data (a PNG image), not text"
            .to_owned(),
        "tests/fixtures/check/articles/broken.jsonl: problem: line 2: not valid JSON (key must be a string); skipped".to_owned(),
        "tests/fixtures/check/articles/empty.txt: problem: the file is empty".to_owned(),
    ];
    assert_eq!(lines.len(), expected.len(), "{text}");
    for (line, want) in lines.iter().zip(&expected) {
        assert!(line.ends_with(want.as_str()), "{line}\n  wanted …{want}");
    }
    assert!(text.contains("    fix: rename one of them"), "{text}");
    let summary = text.lines().last().expect("summary");
    assert!(
        summary.starts_with(
            "check: 6 problems, 0 notes; 3 articles read from 5 files; entities from "
        ) && summary.ends_with(name),
        "{summary}"
    );
}

#[test]
fn check_gives_the_line_and_column_of_a_syntax_error() {
    let entities = fixture("entities-missing-comma.json");
    let out = newslens(&["check", "--entities", &entities]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("entities-missing-comma.json:6:7: problem: expected `,` or `}`"),
        "{text}"
    );
    assert!(
        text.contains("    fix: check for a missing comma"),
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2_with_a_hint() {
    let out = newslens(&["export", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("invalid value 'pdf'"), "{err}");
    assert!(
        err.contains("possible values: json, jsonl, displacy, doccano, brat"),
        "{err}"
    );
    let out = newslens(&["entities", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newslens: no/such/folder: no such file or folder\n"
    );
}

#[test]
fn every_subcommand_has_help() {
    for command in ["entities", "mentions", "export", "check"] {
        let text = ok(&[command, "--help"]);
        assert!(
            text.contains(&format!("Usage: newslens {command} [OPTIONS] [PATHS]...")),
            "{text}"
        );
        assert!(text.contains("--entities <FILE>"), "{command}: {text}");
        assert!(text.contains("--no-color"), "{command}: {text}");
    }
}

#[test]
fn unreadable_articles_are_warnings_and_the_rest_are_listed() {
    let out = newslens(&[
        "entities",
        "--format",
        "csv",
        "tests/fixtures/check/articles",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains(
            "newslens: warning: tests/fixtures/check/articles/empty.txt: the file is empty"
        ),
        "{err}"
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("id,name,kind,total,articles,broken,good,latin1\n"),
        "{text}"
    );
    // The Windows-1252 file and the good line of the broken JSON Lines file are read.
    assert!(text.contains("turkey,Turkey,country,2,2,1,0,1\n"), "{text}");
}

/// Loads the displaCy export with spaCy when it is installed; skipped otherwise.
#[test]
fn displacy_export_renders_in_spacy_if_available() {
    let has_spacy = Command::new("python3")
        .args(["-c", "import spacy"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_spacy {
        eprintln!("spaCy is not installed; skipping the displaCy round trip");
        return;
    }
    let dir = temp_dir("displacy");
    let out = newslens(&[
        "export",
        "--format",
        "displacy",
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let script = "import json,sys\nfrom spacy import displacy\n\
        docs=json.load(open(sys.argv[1]))\n\
        html=displacy.render(docs, style='ent', manual=True, page=True)\n\
        assert 'Lavrentiev' in html and 'GPE' in html\nprint(len(html))";
    let run = Command::new("python3")
        .args(["-c", script])
        .arg(dir.join("displacy.json"))
        .output()
        .expect("python3");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Saves notes for the seeds as the reader would: one on the first mention of the first
/// article, one on its first paragraph, and one on text no article has any more.
fn save_seed_notes(state_dir: &Path) {
    use newslens::state::{ArticleRef, CorpusState, Note, Store};
    let loaded = newslens::commands::Loaded::read(
        &[PathBuf::from("seeds")],
        std::sync::Arc::new(newslens::entities::Gazetteer::builtin()),
        &newslens::corpus::ReadOptions {
            max_file_size: 1 << 20,
            ..Default::default()
        },
    )
    .expect("seeds");
    let doc = &loaded.corpus.docs[0];
    let body = &doc.article.body;
    let article = ArticleRef {
        hash: doc.hash.clone(),
        path: doc.article.path.display().to_string(),
    };
    let m = &doc.mentions[0];
    let para = &doc.article.paragraphs[0];
    let note = |range: std::ops::Range<usize>, text: &str, entity: Option<&str>| Note {
        article: article.clone(),
        start: range.start,
        end: range.end,
        quote: body[range].to_owned(),
        text: text.to_owned(),
        entity: entity.map(str::to_owned),
        created: 1_795_000_000,
    };
    let mut ours = CorpusState::default();
    ours.notes.insert(
        "n1".into(),
        note(m.start..m.end, "check\tthis", Some("russia")),
    );
    ours.notes
        .insert("n2".into(), note(para.clone(), "the lead", None));
    let mut gone = note(0..5, "lost", None);
    gone.quote = "text that is in no article".into();
    ours.notes.insert("n3".into(), gone);
    let store = Store::for_corpus(state_dir, &[PathBuf::from("seeds")]);
    store
        .save(&CorpusState::default(), &ours)
        .expect("save state");
}

#[test]
fn export_carries_the_readers_notes_in_json_jsonl_and_brat() {
    let state = tempfile::tempdir().expect("state");
    save_seed_notes(state.path());
    let state_dir = state.path().to_str().expect("utf-8");
    let out = newslens(&["export", "--state-dir", state_dir, "seeds"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 note is on text no longer in these articles"),
        "{}",
        stderr(&out)
    );
    let json: Value = serde_json::from_str(&stdout(&out)).expect("json");
    let article = &json["articles"][0];
    let body = article["body"].as_str().expect("body");
    let notes = article["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 2, "{notes:#?}");
    for n in notes {
        assert_eq!(
            chars(body, num(&n["start"]), num(&n["end"])),
            n["text"].as_str().expect("text"),
            "a note's offsets slice its text"
        );
        assert_eq!(n["created"], "2026-11-18T11:06:40Z");
    }
    let on_mention = notes
        .iter()
        .find(|n| n["entity"] == "russia")
        .expect("mention note");
    assert_eq!(on_mention["note"], "check\tthis");
    assert_eq!(on_mention["text"], article["mentions"][0]["text"]);
    assert_eq!(
        json["articles"][1]["notes"].as_array().map(Vec::len),
        Some(0)
    );

    let jsonl = ok(&[
        "export",
        "--format",
        "jsonl",
        "--state-dir",
        state_dir,
        "seeds",
    ]);
    let first: Value = serde_json::from_str(jsonl.lines().next().expect("line")).expect("jsonl");
    assert_eq!(first["notes"], article["notes"]);

    let dir = tempfile::tempdir().expect("out");
    let out = newslens(&[
        "export",
        "--format",
        "brat",
        "--state-dir",
        state_dir,
        "--out",
        dir.path().to_str().expect("utf-8"),
        "seeds",
    ]);
    assert!(
        stderr(&out).contains("mentions, 2 notes) as brat"),
        "{}",
        stderr(&out)
    );
    let id = json["articles"][0]["id"].as_str().expect("id");
    let ann = std::fs::read_to_string(dir.path().join(format!("{id}.ann"))).expect("ann");
    assert!(
        ann.contains("#1\tAnnotatorNotes T1\tentity: russia; note: check this\n"),
        "{ann}"
    );
    let note_line = ann
        .lines()
        .find(|l| l.contains("\tNote "))
        .expect("a Note span");
    let fields: Vec<&str> = note_line.split('\t').collect();
    let t = fields[0];
    assert!(
        ann.contains(&format!("AnnotatorNotes {t}\tnote: the lead")),
        "{ann}"
    );
    let conf = std::fs::read_to_string(dir.path().join("annotation.conf")).expect("conf");
    assert!(conf.contains("\nNote\n"), "{conf}");
}

#[test]
fn export_never_changes_a_damaged_state_file() {
    let state = tempfile::tempdir().expect("state");
    save_seed_notes(state.path());
    let folder = state.path().join("corpora");
    let file = std::fs::read_dir(&folder)
        .expect("corpora")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .expect("state file");
    std::fs::write(&file, "{ not json").expect("damage");
    let out = newslens(&[
        "export",
        "--state-dir",
        state.path().to_str().expect("utf-8"),
        "seeds",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains("damaged") && err.contains("exporting without notes"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).expect("still there"),
        "{ not json"
    );
}

/// `--discovered` adds what discovery finds to every format, its kind as the label,
/// and each span still slices back to its text; without it only tracked entities go.
#[test]
fn export_discovered_adds_the_found_entities_to_every_format() {
    let corpus: Value = serde_json::from_str(&ok(&["export", "--discovered"])).expect("json");
    let discovered = corpus["discovered"].as_array().expect("discovered list");
    let syria = discovered
        .iter()
        .find(|e| e["name"] == "Syria")
        .expect("Syria discovered");
    assert_eq!(syria["kind"], "country");
    let mut kinds = std::collections::BTreeSet::new();
    let mut spans = 0;
    for a in corpus["articles"].as_array().expect("articles") {
        let body = a["body"].as_str().expect("body");
        for m in a["mentions"].as_array().expect("mentions") {
            let text = chars(body, num(&m["start"]), num(&m["end"]));
            assert_eq!(text, m["text"].as_str().expect("text"));
            kinds.insert(m["kind"].as_str().expect("kind").to_owned());
            spans += 1;
        }
    }
    assert!(spans > 29 * 3, "{spans} spans");
    for kind in ["person", "country", "place", "organisation"] {
        assert!(kinds.contains(kind), "{kinds:?}");
    }
    let plain: Value = serde_json::from_str(&ok(&["export"])).expect("json");
    assert!(plain.get("discovered").is_none());

    let displacy: Value =
        serde_json::from_str(&ok(&["export", "--discovered", "--format", "displacy"]))
            .expect("json");
    let labels: std::collections::BTreeSet<&str> = displacy
        .as_array()
        .expect("docs")
        .iter()
        .flat_map(|d| d["ents"].as_array().expect("ents"))
        .map(|e| e["label"].as_str().expect("label"))
        .collect();
    assert!(
        labels.contains("ORG") && labels.contains("LOC"),
        "{labels:?}"
    );

    let dir = temp_dir("brat-discovered");
    let out = newslens(&[
        "export",
        "--discovered",
        "--format",
        "brat",
        "--out",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ann = std::fs::read_to_string(dir.join("003_4a03aefaf02d152e.ann")).expect("ann");
    assert!(
        ann.lines()
            .any(|l| l.starts_with('T') && l.ends_with("\tISIL") && l.contains("\tOrganisation ")),
        "{ann}"
    );

    let doccano = ok(&["export", "--discovered", "--format", "doccano"]);
    assert!(doccano.contains("\"Organisation\""), "{doccano}");
}

/// `eval` prints the table for a gold folder and names a folder without gold.
#[test]
fn eval_scores_the_gold_and_explains_an_empty_folder() {
    let gold = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/gold");
    let text = ok(&["eval", "--gold", gold]);
    assert!(text.contains("2 documents"), "{text}");
    for row in ["PER", "LOC", "ORG", "overall", "speed:"] {
        assert!(text.lines().any(|l| l.starts_with(row)), "{row}: {text}");
    }
    let empty = temp_dir("no-gold");
    std::fs::create_dir_all(&empty).expect("empty folder");
    let out = newslens(&["eval", "--gold", empty.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("holds no gold"), "{}", stderr(&out));
    let out = newslens(&["eval", "--gold", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no/such/folder"), "{}", stderr(&out));
}

/// `--discovered` lists the discovered tier after the tracked one, marked as such; without
/// it the output is the tracked tier alone, as before.
#[test]
fn entities_and_mentions_take_the_discovered_tier_on_request() {
    let table = ok(&["entities", "--discovered", "--no-color"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].ends_with("TIER"), "{table}");
    let first_discovered = lines
        .iter()
        .position(|l| l.ends_with("discovered"))
        .expect("a discovered row");
    assert!(
        lines[1..first_discovered]
            .iter()
            .all(|l| l.ends_with("tracked"))
    );
    assert!(
        lines[first_discovered..]
            .iter()
            .all(|l| l.ends_with("discovered"))
    );
    assert!(table.contains("Syria"), "{table}");
    assert!(!ok(&["entities", "--no-color"]).contains("TIER"));

    let json: Value =
        serde_json::from_str(&ok(&["entities", "--discovered", "--format", "json"])).expect("json");
    let syria = json["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["name"] == "Syria")
        .expect("Syria");
    assert_eq!(syria["tier"], "discovered");
    assert_eq!(syria["total"], 16);

    let all = ok(&["mentions", "--discovered", "--no-color"]);
    let tracked = ok(&["mentions", "--no-color"]);
    assert_eq!(tracked.lines().count(), 29);
    assert!(all.lines().count() > 29);
    assert!(all.contains("[Syria]"), "{all}");
}

/// Numeric dates and Unix times are read; a date field that cannot be read is named by
/// `check`.
#[test]
fn numeric_dates_are_read_and_an_unreadable_date_field_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let p = |name: &str| dir.path().join(name);
    std::fs::write(
        p("wires.jsonl"),
        [
            r#"{"title": "A", "date": "03/14/1998", "body": "Russia and Iran met."}"#,
            r#"{"title": "B", "published": 889833600, "body": "Turkey spoke."}"#,
            r#"{"title": "C", "date": "14.03.1998", "body": "Iran answered."}"#,
            r#"{"title": "D", "date": "someday soon", "body": "Russia waited."}"#,
        ]
        .join("\n"),
    )
    .expect("write");
    let path = p("wires.jsonl");
    let out = newslens(&["export", "--format", "jsonl", path.to_str().expect("utf-8")]);
    let dates: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json")["date"].clone())
        .collect();
    assert_eq!(
        dates,
        [
            Value::from("1998-03-14"),
            Value::from("1998-03-14"),
            Value::from("1998-03-14"),
            Value::Null
        ]
    );
    let out = newslens(&["check", path.to_str().expect("utf-8")]);
    assert!(
        stdout(&out)
            .contains("line 4: the date field \"date\" (someday soon) could not be read as a date"),
        "{}",
        stdout(&out)
    );
}

/// CSV: a row per mention whose character offsets slice the exported body back to the
/// mention's text.
#[test]
fn export_csv_has_a_row_per_mention_that_slices_back() {
    let csv_text = ok(&["export", "--format", "csv"]);
    let json: Value = serde_json::from_str(&ok(&["export", "--format", "json"])).expect("json");
    let bodies: std::collections::HashMap<String, String> = json["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id").to_owned(),
                a["body"].as_str().expect("body").to_owned(),
            )
        })
        .collect();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "article", "path", "title", "entity", "name", "kind", "text", "start", "end", "line"
        ]
    );
    let mut rows = 0;
    for record in reader.records() {
        let r = record.expect("a row");
        let start: u64 = r[7].parse().expect("start");
        let end: u64 = r[8].parse().expect("end");
        assert_eq!(chars(&bodies[&r[0]], start, end), &r[6]);
        rows += 1;
    }
    assert_eq!(rows, 29);
}

/// CoNLL: BIO tags per token, read back by `eval` as gold: every exported mention is read
/// and found again.
#[test]
fn export_conll_is_read_back_by_eval() {
    let dir = temp_dir("conll");
    let out_dir = dir.to_str().expect("utf-8");
    let out = newslens(&["export", "--format", "conll", "--out", out_dir]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let conll = std::fs::read_to_string(dir.join("corpus.conll")).expect("corpus.conll");
    assert!(conll.starts_with("-DOCSTART- -X- -X- O\n\n"), "{conll}");
    assert!(
        conll.contains("\nStaffan B-PER\nde I-PER\nMistura I-PER\n"),
        "{conll}"
    );
    assert_eq!(conll.matches(" B-").count(), 29);
    let report = ok(&["eval", "--gold", out_dir]);
    assert!(report.contains("2 documents"), "{report}");
    assert!(report.contains("29 gold mentions"), "{report}");
    let overall = report
        .lines()
        .find(|l| l.starts_with("overall"))
        .expect("an overall row");
    let recall: Vec<&str> = overall.split_whitespace().collect();
    assert_eq!(recall[2], "1.000", "{overall}");
}

/// Every id of an export is unique: a discovered name whose id a tracked entity holds
/// gets one of its own, and case variants of one name ("VATICAN CITY", "Vatican City")
/// are one entity.
#[test]
fn export_ids_are_unique_and_case_variants_are_one_entity() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("wire.txt");
    std::fs::write(
        &path,
        "Talks\n\nRussians met Russians in Astana. Russia spoke. VATICAN CITY (AP) _ The \
         Vatican City state said.\n",
    )
    .expect("write");
    let json: Value = serde_json::from_str(&ok(&[
        "export",
        "--discovered",
        "--format",
        "json",
        path.to_str().expect("utf-8"),
    ]))
    .expect("json");
    let ids: Vec<&str> = json["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .chain(json["discovered"].as_array().expect("discovered"))
        .map(|e| e["id"].as_str().expect("id"))
        .collect();
    let unique: std::collections::HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    let entity_of = |text: &str| -> Vec<String> {
        json["articles"][0]["mentions"]
            .as_array()
            .expect("mentions")
            .iter()
            .filter(|m| m["text"] == text)
            .map(|m| m["entity"].as_str().expect("entity").to_owned())
            .collect()
    };
    assert_eq!(entity_of("Russia"), ["russia"]);
    assert_ne!(entity_of("Russians")[0], "russia");
    assert_eq!(entity_of("VATICAN CITY"), entity_of("Vatican City"));
}

/// Mentions in a headline are exported too, with character offsets into `title`.
#[test]
fn headline_mentions_are_exported_with_offsets_into_the_title() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("story.txt");
    std::fs::write(
        &path,
        "Égypte: Russia and Iran meet in Astana\n\nTurkey stayed away from the talks.\n",
    )
    .expect("write");
    let line = ok(&["export", "--format", "jsonl", path.to_str().expect("utf-8")]);
    let a: Value = serde_json::from_str(line.trim()).expect("json");
    let title = a["title"].as_str().expect("title");
    let spans = a["title_mentions"].as_array().expect("title_mentions");
    let named: Vec<(&str, String)> = spans
        .iter()
        .map(|s| {
            (
                s["entity"].as_str().expect("entity"),
                chars(title, num(&s["start"]), num(&s["end"])),
            )
        })
        .collect();
    assert_eq!(
        named,
        [("russia", "Russia".to_owned()), ("iran", "Iran".to_owned())]
    );
    assert_eq!(a["mentions"].as_array().expect("mentions").len(), 1);
}

/// Grep-style lines give the place in the file on disk for text and Markdown files; for other formats
/// the place in the extracted body, in a form that is no file position.
#[test]
fn mentions_give_file_positions_only_where_they_are_file_positions() {
    let dir = tempfile::tempdir().expect("dir");
    let text = dir.path().join("story.txt");
    std::fs::write(
        &text,
        "Talks go on\n\nThe envoys met.\n\n    Russia spoke first.\n",
    )
    .expect("write");
    let json = dir.path().join("story.json");
    std::fs::write(&json, r#"{"title": "T", "body": "Then Russia spoke."}"#).expect("write");
    let out = ok(&["mentions", "--no-color", text.to_str().expect("utf-8")]);
    assert!(
        out.contains("story.txt:5:5: [Russia] Russia spoke first."),
        "{out}"
    );
    let out = ok(&["mentions", "--no-color", json.to_str().expect("utf-8")]);
    assert!(out.contains("story.json (body 1:6): [Russia]"), "{out}");
    // Markdown: the place in the file, past the syntax around the word.
    let md = dir.path().join("story.md");
    std::fs::write(
        &md,
        "# Talks\n\nThe envoys met.\n\n- **Russia** spoke first.\n",
    )
    .expect("write");
    let out = ok(&["mentions", "--no-color", md.to_str().expect("utf-8")]);
    assert!(out.contains("story.md:5:5: [Russia]"), "{out}");
}

/// `export --discovered` writes every name the recogniser finds with its confidence
/// (tracked mentions carry none) and marks nationalities; `--min-confidence` filters,
/// and the other commands keep only what the reader shows unless told otherwise.
#[test]
fn discovered_mentions_carry_their_confidence_and_min_confidence_filters() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("wire.txt");
    std::fs::write(
        &path,
        "Talks resume\n\nMOSCOW (AP) _ Syrian officials met Kofi Annan and the envoy \
         Ursula von der Leyen in Geneva on Tuesday, the Defence Ministry said.\n",
    )
    .expect("write");
    let p = path.to_string_lossy().into_owned();
    let mentions = |out: &str| -> Vec<Value> {
        let v: Value = serde_json::from_str(out.lines().next().expect("a line")).expect("json");
        v["mentions"].as_array().expect("mentions").clone()
    };
    let all = mentions(&ok(&["export", "--discovered", "--format", "jsonl", &p]));
    let text = |m: &Value| m["text"].as_str().expect("text").to_owned();
    let names: Vec<String> = all.iter().map(text).collect();
    for name in [
        "MOSCOW",
        "AP",
        "Kofi Annan",
        "Ursula von der Leyen",
        "Geneva",
        "Syrian",
    ] {
        assert!(names.contains(&name.to_owned()), "{name}: {names:?}");
    }
    for m in &all {
        let c = m["confidence"]
            .as_f64()
            .expect("a discovered mention's confidence");
        assert!(c > 0.0 && c <= 1.0, "{m}");
        assert_eq!(
            m["nationality"].as_bool().unwrap_or(false),
            text(m) == "Syrian",
            "{m}"
        );
    }
    let sure = mentions(&ok(&[
        "export",
        "--discovered",
        "--format",
        "jsonl",
        "--min-confidence",
        "99%",
        &p,
    ]));
    assert!(sure.len() < all.len(), "{sure:?}");
    assert!(sure.iter().all(|m| m["confidence"].as_f64() >= Some(0.99)));
    // Tracked mentions have no confidence.
    let seeds = ok(&["export", "--discovered", "--format", "jsonl"]);
    let first = mentions(&seeds);
    assert!(
        first
            .iter()
            .any(|m| m["entity"] == "russia" && m.get("confidence").is_none())
    );
    // A confidence out of range is refused, naming the value.
    let out = newslens(&["mentions", "--min-confidence", "1.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("1.5 is out of range"),
        "{}",
        stderr(&out)
    );
    let shown = ok(&["mentions", "--discovered", "--no-color", &p])
        .lines()
        .count();
    let every = ok(&[
        "mentions",
        "--discovered",
        "--no-color",
        "--min-confidence",
        "0",
        &p,
    ])
    .lines()
    .count();
    assert!(
        shown <= every && every == all.len(),
        "{shown} {every} {}",
        all.len()
    );
}

/// `newslens train` on a small copy of the training layout: the same data and seed give
/// the same bytes, another seed other bytes, the model reads back and says how it did on
/// dev; a missing file is named.
#[test]
fn training_is_reproducible_and_names_a_missing_file() {
    let data = tempfile::tempdir().expect("dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/ner/data");
    for file in newslens::commands::train::TRAIN
        .iter()
        .chain(newslens::commands::train::DEV)
    {
        let text = std::fs::read_to_string(root.join(file)).expect("training file");
        // The first thousand lines of each, cut at a sentence's end.
        let mut small: Vec<&str> = text.lines().take(1000).collect();
        while small.last().is_some_and(|l| !l.trim().is_empty()) {
            small.pop();
        }
        let to = data.path().join(file);
        std::fs::create_dir_all(to.parent().expect("folder")).expect("mkdir");
        std::fs::write(&to, small.join("\n") + "\n").expect("write");
    }
    let d = data.path().to_string_lossy().into_owned();
    let model = |name: &str, seed: &str| {
        let out = data.path().join(name);
        let report = ok(&[
            "train",
            "--data",
            &d,
            "--out",
            &out.to_string_lossy(),
            "--seed",
            seed,
        ]);
        (std::fs::read(out).expect("model written"), report)
    };
    let (a, report) = model("a.bin", "7");
    let (b, _) = model("b.bin", "7");
    let (c, _) = model("c.bin", "8");
    assert_eq!(a, b, "same data and seed, same bytes");
    assert_ne!(a, c, "another seed visits the sentences in another order");
    let read = newslens::ner::model::Model::from_bytes(&a).expect("a model");
    assert!(read.threshold > 0.0 && read.threshold <= 1.0);
    assert!(
        report.contains("dev, exact spans") && report.contains("overall"),
        "{report}"
    );

    std::fs::remove_file(data.path().join("btc/a.conll")).expect("remove");
    let out = newslens(&["train", "--data", &d, "--out", "/dev/null"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("btc/a.conll"), "{}", stderr(&out));
}

/// `mentions` streams, so a corpus can be cut into shards run apart (by GNU parallel, a
/// cluster's map step): the shards' outputs, joined in order, are the single run's.
#[test]
fn mentions_of_shards_joined_in_order_equal_one_run() {
    let corpus = fixture("corpus");
    let mut files: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .map(|e| e.expect("entry").path().to_string_lossy().into_owned())
        .collect();
    files.sort();
    for format in ["text", "csv"] {
        let mut args = vec!["mentions", "--discovered", "--format", format, "--no-color"];
        args.extend(files.iter().map(String::as_str));
        let whole = ok(&args);
        let mut joined = String::new();
        for (k, shard) in files.chunks(2).enumerate() {
            let mut args = vec!["mentions", "--discovered", "--format", format, "--no-color"];
            args.extend(shard.iter().map(String::as_str));
            let out = ok(&args);
            // CSV: each shard has its header; the join keeps the first.
            let body = if format == "csv" && k > 0 {
                out.split_once('\n').map_or("", |(_, rest)| rest).to_owned()
            } else {
                out
            };
            joined.push_str(&body);
        }
        assert!(whole.lines().count() > 20, "{whole}");
        assert_eq!(joined, whole, "{format}");
    }
}

/// `export` streams in every format but brat's folder, to standard output or into the
/// format's file in a folder: both give the same bytes.
#[test]
fn streamed_export_equals_the_export_written_to_a_folder() {
    let corpus = fixture("corpus");
    for (format, file) in [
        ("jsonl", "corpus.jsonl"),
        ("doccano", "doccano.jsonl"),
        ("json", "corpus.json"),
        ("displacy", "displacy.json"),
        ("csv", "mentions.csv"),
        ("conll", "corpus.conll"),
    ] {
        let streamed = ok(&["export", "--format", format, &corpus]);
        let dir = tempfile::tempdir().expect("out");
        let out = dir.path().to_string_lossy().into_owned();
        ok(&["export", "--format", format, "--out", &out, &corpus]);
        let written = std::fs::read_to_string(dir.path().join(file)).expect("written");
        assert!(streamed.contains("Russia"), "{format}: {streamed}");
        assert_eq!(streamed, written, "{format}");
    }
}

/// What `--discovered` finds is kept in the article cache (in `XDG_CACHE_HOME`) and the
/// next run over the same files gives the same output; `--no-cache` keeps nothing.
#[test]
fn discovered_names_are_kept_in_the_cache_and_read_back_alike() {
    let home = temp_dir("cache-home");
    let run = |args: &[&str]| {
        let out = common::newslens_command(args)
            .env("XDG_CACHE_HOME", &*home)
            .output()
            .expect("run newslens");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let store = home.join("newslens").join("articles.redb");
    let uncached = run(&["entities", "--discovered", "--no-cache"]);
    assert!(!store.exists(), "--no-cache made {}", store.display());
    assert!(uncached.contains("Syria"), "{uncached}");
    let first = run(&["entities", "--discovered"]);
    let size = std::fs::metadata(&store).expect("the cache was made").len();
    assert!(size > 0);
    assert_eq!(first, uncached);
    assert_eq!(run(&["entities", "--discovered"]), uncached);
    // Tracked names alone need no discovery, and so no cache.
    let tracked = temp_dir("tracked-home");
    let out = common::newslens_command(&["entities"])
        .env("XDG_CACHE_HOME", &*tracked)
        .output()
        .expect("run newslens");
    assert_eq!(out.status.code(), Some(0));
    assert!(!tracked.join("newslens").exists());
}

/// A document's discovery is read from the cache when the cache holds its text's key:
/// what was kept there comes back as it was, not found again. (The only test in this
/// file that sets up the process's cache.)
#[test]
fn discovery_takes_what_the_cache_kept_for_the_same_text() {
    use newslens::discover::Found;
    let dir = temp_dir("discovery-cache");
    assert!(newslens::cache::configure(Some((
        dir.to_path_buf(),
        1 << 30
    ))));
    let cache = newslens::cache::shared().expect("a cache");
    let g = newslens::entities::Gazetteer::builtin();
    let m = newslens::entities::Matcher::new(&g);
    let text = "Talks in Astana\n\nAnna Kowalska of the Baltic Grain Board met officials.";
    let article = newslens::corpus::read_bytes(Path::new("kept.txt"), text.as_bytes())
        .expect("reads")
        .0
        .remove(0);
    let mut doc = newslens::document::Document::new(article, &m);
    let key = newslens::cache::found_key(&doc);
    assert_eq!(cache.found(key), None);
    // Found afresh, and kept.
    doc.discover(0.0);
    let found = doc.discovered.clone();
    assert!(found.iter().any(|f| f.key == "anna kowalska"), "{found:?}");
    cache.flush();
    assert_eq!(cache.found(key).as_ref(), Some(&found));
    // What the cache holds is what discovery gives: a stand-in proves it is read.
    let stand_in = Found {
        key: "stand in".into(),
        ..found[0].clone()
    };
    cache.keep_found(key, std::slice::from_ref(&stand_in));
    cache.flush();
    doc.discover(0.0);
    assert_eq!(doc.discovered, [stand_in]);
}
