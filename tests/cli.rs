//! The command line as scripts meet it: exit codes and messages, run on the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn newslens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newslens"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env(
            "XDG_CONFIG_HOME",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-config"),
        )
        .output()
        .expect("run newslens")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_missing_path_is_an_error_before_the_ui_starts() {
    let out = newslens(&["seeds", "no/such/article.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "newslens: no/such/article.txt: no such file or folder\n"
    );
}

#[test]
fn a_broken_entity_file_names_the_file_line_column_and_fix() {
    let path = fixture("entities-missing-comma.json");
    let out = newslens(&["--entities", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("entities-missing-comma.json, line 6, column 7: expected `,` or `}`"),
        "{err}"
    );
    assert!(err.contains("fix: check for a missing comma"), "{err}");
}

#[test]
fn an_entity_file_with_an_unknown_kind_lists_the_kinds() {
    let path = fixture("entities-bad-kind.json");
    let out = newslens(&["--entities", path.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("line 6"), "{err}");
    assert!(err.contains("unknown variant `politician`"), "{err}");
}

#[test]
fn a_missing_entity_file_is_named() {
    let out = newslens(&["--entities", "nowhere.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read entity file nowhere.json"));
}

#[test]
fn the_reader_refuses_to_draw_into_a_pipe() {
    let out = newslens(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("standard output is not a terminal"), "{err}");
    assert!(
        err.contains("use a subcommand: newslens entities | mentions | export | check"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn help_describes_the_paths_and_options() {
    let out = newslens(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Usage: newslens [OPTIONS] [PATHS]..."),
        "{text}"
    );
    assert!(text.contains("--entities <FILE>"), "{text}");
    for command in ["entities", "mentions", "export", "check"] {
        assert!(text.contains(&format!("  {command} ")), "{text}");
    }
}

#[test]
fn an_unknown_option_is_a_usage_error() {
    let out = newslens(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unexpected argument '--bogus'"));
}
