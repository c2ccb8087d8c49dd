//! Hostile input, as an attacker or an unlucky day would give it, built at test time: a
//! named pipe and a device among the articles, a page nested 100,000 deep, random bytes,
//! an absurd alias, escape sequences in file names, entity names and configuration
//! values, closed and full outputs. The real binary meets each one; none may hang it,
//! crash it, or reach the terminal raw.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// An escape sequence that retitles the terminal, one that clears it, and a line break.
const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\nevil";

fn newslens(args: &[&str]) -> Output {
    common::newslens_command(args)
        .stdin(Stdio::null())
        .output()
        .expect("run newslens")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts nothing in `out` (stdout and stderr) is a control character but a line break.
fn no_raw_controls(out: &Output) {
    for (name, stream) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let s = text(stream);
        let raw: Vec<char> = s.chars().filter(|&c| c.is_control() && c != '\n').collect();
        assert!(raw.is_empty(), "{name} passes {raw:?} through:\n{s}");
    }
}

/// A folder of hostile articles next to a good one.
struct Corpus {
    dir: tempfile::TempDir,
}

impl Corpus {
    fn build() -> Self {
        let dir = tempfile::tempdir().expect("dir");
        let p = |name: &str| dir.path().join(name);
        std::fs::write(p("good.txt"), "Talks\n\nRussia and Iran met in Astana.").expect("write");
        let status = Command::new("mkfifo")
            .arg(p("pipe.txt"))
            .status()
            .expect("mkfifo");
        assert!(status.success(), "mkfifo");
        #[cfg(unix)]
        std::os::unix::fs::symlink("/dev/zero", p("zero.txt")).expect("symlink");
        let depth = 100_000;
        std::fs::write(
            p("deep.html"),
            format!(
                "<html><head><title>Deep</title></head><body>{}<p>Turkey spoke.</p>{}</body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            ),
        )
        .expect("write");
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let noise: Vec<u8> = (0..50_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % 255) as u8 + 1
            })
            .collect();
        std::fs::write(p("noise.txt"), noise).expect("write");
        std::fs::write(
            p(&format!("{EVIL}.txt")),
            "Evil name\n\nRussia was named in a file with a hostile name.",
        )
        .expect("write");
        std::fs::write(p(&format!("{EVIL}-empty.txt")), "").expect("write");
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn arg(&self) -> String {
        self.path().to_string_lossy().into_owned()
    }
}

#[test]
fn check_meets_every_hostile_file_names_each_problem_and_never_hangs() {
    let corpus = Corpus::build();
    let out = newslens(&["check", &corpus.arg()]);
    let report = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{report}");
    for expected in [
        "pipe.txt: problem: not a regular file (a named pipe); skipped",
        "zero.txt: problem: not a regular file (a character device); skipped",
        "deep.html: problem: its elements nest more than 512 deep: read as plain text",
        "noise.txt: problem: binary data (mostly control characters and undecodable bytes), not text",
    ] {
        assert!(report.contains(expected), "{expected:?} in:\n{report}");
    }
    // The hostile name is shown, made visible, on one line.
    assert!(
        report.contains("␛]0;pwned␇␛[2J␊evil-empty.txt: problem: the file is empty"),
        "{report}"
    );
    no_raw_controls(&out);
}

#[test]
fn a_device_or_an_endless_file_named_directly_is_refused_by_what_it_is() {
    let out = newslens(&["entities", "/dev/zero", "seeds"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(
            "newslens: warning: /dev/zero: not a regular file (a character device); skipped"
        ),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("russia"));
}

#[test]
fn mentions_keep_one_record_a_line_whatever_the_file_is_called() {
    let corpus = Corpus::build();
    let evil = corpus.path().join(format!("{EVIL}.txt"));
    let args = ["mentions", "--no-color", evil.to_str().expect("utf-8")];
    let out = newslens(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    no_raw_controls(&out);
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("␛]0;pwned␇␛[2J␊evil.txt:3:1: [Russia] Russia was named"),
        "{lines:?}"
    );
    // JSON carries the name exactly, escaped as JSON escapes it.
    let out = newslens(&[
        "mentions",
        "--format",
        "json",
        evil.to_str().expect("utf-8"),
    ]);
    no_raw_controls(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v["mentions"][0]["path"].as_str(),
        Some(evil.to_str().expect("utf-8"))
    );
}

#[test]
fn entity_file_values_and_configuration_values_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("dir");
    let entities = dir.path().join("evil.json");
    let name = "Russia\u{1b}[2J";
    std::fs::write(
        &entities,
        serde_json::json!({"entities": [
            {"id": "r\u{1b}]0;x\u{7}", "name": name, "kind": "country", "aliases": ["Russia"]}
        ]})
        .to_string(),
    )
    .expect("write");
    let e = entities.to_str().expect("utf-8");
    for args in [
        vec!["entities", "--entities", e, "seeds"],
        vec!["mentions", "--entities", e, "seeds"],
        vec!["check", "--entities", e, "seeds"],
    ] {
        let out = newslens(&args);
        no_raw_controls(&out);
        assert!(
            text(&out.stdout).contains('␛'),
            "{args:?}: {}",
            text(&out.stdout)
        );
    }
    let config = dir.path().join(format!("{EVIL}.toml"));
    std::fs::write(&config, "palette = [\"\u{1b}[2J\"]\n").expect("write");
    let out = newslens(&["config", "--config", config.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    no_raw_controls(&out);
    assert!(text(&out.stderr).contains("␛[2J"), "{}", text(&out.stderr));
}

#[test]
fn an_absurd_alias_is_a_problem_with_its_line_not_minutes_of_work() {
    let dir = tempfile::tempdir().expect("dir");
    let entities = dir.path().join("huge.json");
    std::fs::write(
        &entities,
        format!(
            "{{\"entities\": [\n{{\"id\": \"x\", \"name\": \"X\", \"kind\": \"person\",\n\"aliases\": [\"{}\"]}}]}}",
            "a".repeat(100_000)
        ),
    )
    .expect("write");
    let e = entities.to_str().expect("utf-8");
    let out = newslens(&["entities", "--entities", e, "seeds"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("huge.json, line 3: entity \"x\" has a name or alias of 100000 characters"),
        "{err}"
    );
    let out = newslens(&["check", "--entities", e]);
    assert!(text(&out.stdout).contains("at most 200 are allowed"));

    // A one-letter alias is allowed, with a warning wherever the entities are used.
    std::fs::write(
        &entities,
        r#"{"entities": [{"id": "a", "name": "Alpha Group", "kind": "organisation", "aliases": ["A"]}]}"#,
    )
    .expect("write");
    let out = newslens(&["entities", "--entities", e, "seeds"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("\"A\" is one letter and counts every \"A\""),
        "{}",
        text(&out.stderr)
    );
    let out = newslens(&["check", "--entities", e, "seeds"]);
    assert!(text(&out.stdout).contains("note: entity \"a\": \"A\" is one letter"));
}

/// Runs `args` with standard output closed after the first bytes (`| head -c 1`) and into
/// a full disk (`> /dev/full`): the exit statuses for each.
fn closed_and_full(args: &[&str]) -> (Option<i32>, Output) {
    let mut child = common::newslens_command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Closing our end at once is a closed pipe whenever newslens writes.
    drop(child.stdout.take());
    let closed = child.wait_with_output().expect("wait");
    assert!(
        text(&closed.stderr).is_empty(),
        "{args:?}: a closed pipe is a normal end: {}",
        text(&closed.stderr)
    );
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = common::newslens_command(args)
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .expect("run");
    (closed.status.code(), out)
}

#[test]
fn a_closed_pipe_is_a_normal_end_and_a_full_disk_one_clear_error() {
    for (args, full_status) in [
        (vec!["config"], 1),
        (vec!["config", "--print-default"], 1),
        (vec!["entities", "seeds"], 1),
        (vec!["mentions", "seeds"], 1),
        (vec!["export", "seeds", "--format", "jsonl"], 1),
        // check's 1 means problems found; a failure to write is 3.
        (vec!["check", "seeds"], 3),
    ] {
        let (closed, full) = closed_and_full(&args);
        assert_eq!(closed, Some(0), "{args:?} into a closed pipe");
        assert_eq!(
            full.status.code(),
            Some(full_status),
            "{args:?} into a full disk"
        );
        let err = text(&full.stderr);
        assert_eq!(
            err.matches("No space left on device").count(),
            1,
            "{args:?}: one message, not doubled: {err}"
        );
        assert!(
            err.starts_with("newslens: cannot write the output ("),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_named_pipe_given_by_name_is_read_as_standard_input_would_be() {
    let dir = tempfile::tempdir().expect("dir");
    let pipe: PathBuf = dir.path().join("feed");
    let status = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(status.success());
    let writer = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::write(pipe, "Piped\n\nRussia and Turkey met."))
    };
    let out = newslens(&[
        "entities",
        "--format",
        "json",
        pipe.to_str().expect("utf-8"),
    ]);
    writer.join().expect("joined").expect("written");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let russia = v["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["id"] == "russia")
        .expect("russia");
    assert_eq!(russia["total"], 1);
}
