//! The command line as scripts meet it: exit codes and messages, run on the real binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn newslens(args: &[&str]) -> Output {
    common::newslens_command(args)
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

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `files` (name, text) into a fresh folder.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp folder");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

#[test]
fn a_bad_binding_in_the_configuration_names_the_file_the_line_and_the_choices() {
    let dir = folder(&[(
        "config.toml",
        "# mine\n[[bind]]\nkeys = [\"x\"]\naction = \"next_mentoin\"\n",
    )]);
    let config = dir.path().join("config.toml");
    let out = newslens(&["--config", config.to_str().expect("utf-8"), "seeds"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "newslens: configuration {}, line 4: unknown action \"next_mentoin\"; the actions are: down, up,",
            config.display()
        )),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // The subcommands read it too, and `config` shows the same problem.
    let out = newslens(&["--config", config.to_str().expect("utf-8"), "config"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 4: unknown action"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_printed_default_configuration_is_a_valid_configuration() {
    let out = newslens(&["config", "--print-default"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("[[bind]]") && text.contains("[theme.ui]"),
        "{text}"
    );
    let dir = folder(&[("config.toml", &text)]);
    let config = dir.path().join("config.toml");
    let out = newslens(&["config", "--config", config.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "configuration: {}\nentity files: the built-in entity file\n",
            config.display()
        )),
        "{text}"
    );
    assert!(
        text.contains("your entity file (+ and - write here): ")
            && text.contains("entities.json (not there yet)"),
        "{text}"
    );
    assert!(text.ends_with("ok: 6 tracked entities\n"), "{text}");
}

#[test]
fn entity_files_are_laid_over_each_other_from_the_configuration_and_the_command_line() {
    let dir = folder(&[
        ("config.toml", "entities = [\"builtin\", \"more.json\"]\n"),
        (
            "more.json",
            r#"{"entities": [
                {"id": "russia", "aliases": ["Moscow"]},
                {"id": "syria", "name": "Syria", "kind": "country"}]}"#,
        ),
        (
            "last.json",
            r#"{"entities": [{"id": "un", "name": "United Nations", "kind": "organisation", "aliases": ["UN"]}]}"#,
        ),
    ]);
    let config = dir.path().join("config.toml");
    let last = dir.path().join("last.json");
    let out = newslens(&[
        "entities",
        "--format",
        "csv",
        "--config",
        config.to_str().expect("utf-8"),
        "--entities",
        last.to_str().expect("utf-8"),
        "seeds",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for id in ["russia", "lavrentiev", "syria", "un"] {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{id},"))),
            "{id}: {text}"
        );
    }
    // Eight entities: the six built in, Syria and the UN.
    assert_eq!(text.lines().count(), 1 + 8, "{text}");
    // A broken later layer is named, not the configuration.
    let out = newslens(&[
        "entities",
        "--config",
        config.to_str().expect("utf-8"),
        "--entities",
        "missing.json",
        "seeds",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read entity file missing.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn completions_and_the_manual_are_generated_from_the_options() {
    for shell in ["bash", "zsh", "fish"] {
        let out = newslens(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(script.contains("max-file-size"), "{shell}: {script}");
        assert!(script.contains("mentions"), "{shell}");
    }
    let out = newslens(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(page.contains(".TH newslens"), "{page}");
    assert!(page.contains("max\\-file\\-size"), "{page}");
}

#[test]
fn color_always_colours_a_pipe_and_never_or_no_color_do_not() {
    let coloured = |args: &[&str], no_color_env: bool| {
        let mut cmd = common::newslens_command(args);
        if no_color_env {
            cmd.env("NO_COLOR", "1");
        }
        let out = cmd.output().expect("run");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        out.stdout.contains(&0x1b)
    };
    assert!(coloured(&["mentions", "--color=always"], false));
    assert!(
        coloured(&["mentions", "--color=always"], true),
        "always beats NO_COLOR"
    );
    assert!(
        !coloured(&["mentions"], false),
        "auto: a pipe is not a terminal"
    );
    assert!(!coloured(&["mentions", "--color=never"], false));
    assert!(!coloured(
        &["mentions", "--color=always", "--no-color"],
        false
    ));
}
