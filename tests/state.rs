//! The saved state under stress: a process killed while saving leaves a state file that
//! parses and is either the old or the new state; two processes adding notes to one
//! corpus at once keep every note.
//!
//! The writers are this test binary run again with one test selected and an environment
//! variable naming the folder, so they use the library exactly as the reader does.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use newslens::state::{ArticleRef, CorpusState, Note, Store, new_note_id};

const DIR_VAR: &str = "NEWSLENS_STATE_TEST_DIR";
const NOTES_VAR: &str = "NEWSLENS_STATE_TEST_NOTES";

fn store(dir: &Path) -> Store {
    Store::for_corpus(dir, &[PathBuf::from("/corpus/under/test")])
}

fn note(text: String) -> Note {
    Note {
        article: ArticleRef {
            hash: "0123456789abcdef".into(),
            path: "a.txt".into(),
        },
        start: 0,
        end: 6,
        quote: "Russia".into(),
        // Long enough that a write takes more than an instant.
        text: text.repeat(50),
        entity: Some("russia".into()),
        created: 0,
    }
}

/// Runs one of the `writer_*` tests below in a new process.
fn spawn_writer(test: &str, dir: &Path, notes: usize) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            test,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_VAR, dir)
        .env(NOTES_VAR, notes.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn writer")
}

/// A writer: adds notes one at a time, saving after each, the way the reader saves.
#[test]
#[ignore = "run by the tests below in a child process"]
fn writer_adding_notes() {
    let Some(dir) = std::env::var_os(DIR_VAR) else {
        return;
    };
    let count: usize = std::env::var(NOTES_VAR)
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10);
    let store = store(Path::new(&dir));
    let loaded = store.load();
    let mut base = loaded.state;
    let mut ours = base.clone();
    for i in 0..count {
        ours.notes
            .insert(new_note_id(), note(format!("{} {i} ", std::process::id())));
        base = store.save(&base, &ours).expect("save");
        ours = base.clone();
    }
}

/// Every note text is whole: `<pid> <i> ` repeated.
fn check_whole(state: &CorpusState) {
    for n in state.notes.values() {
        let unit_len = n.text.len() / 50;
        assert_eq!(n.text, n.text[..unit_len].repeat(50), "a torn note");
    }
}

#[test]
fn a_writer_killed_at_any_moment_leaves_the_old_or_the_new_state() {
    let dir = tempfile::tempdir().expect("dir");
    let store = store(dir.path());
    let mut last = 0;
    let mut state = fastrand(7);
    for round in 0..25 {
        let mut child = spawn_writer("writer_adding_notes", dir.path(), 1_000_000);
        // Killed only once it has saved something, then at a moment that varies: the
        // rounds never depend on how quickly a loaded machine starts the writer.
        let deadline = std::time::Instant::now() + Duration::from_secs(120);
        while saved(&store) <= last {
            assert!(
                std::time::Instant::now() < deadline,
                "round {round}: the writer never saved"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(state.next() % 60));
        child.kill().expect("kill");
        child.wait().expect("reap");
        let loaded = store.load();
        assert!(
            loaded.warning.is_none(),
            "round {round}: {:?}",
            loaded.warning
        );
        check_whole(&loaded.state);
        // Notes only ever accumulate: a kill never rolls the file back past a save.
        let n = loaded.state.notes.len();
        assert!(n >= last, "round {round}: {n} notes after {last}");
        last = n;
        // No temporary file is mistaken for state; stray ones are only temporaries.
        for entry in std::fs::read_dir(store.path().parent().expect("parent")).expect("list") {
            let name = entry.expect("entry").file_name();
            let name = name.to_string_lossy();
            assert!(
                name.ends_with(".json") || name.ends_with(".lock") || name.ends_with(".tmp"),
                "{name}"
            );
        }
    }
    println!("{last} notes saved across 25 killed writers");
    // Each round saw its writer save at least once before the kill.
    assert!(last >= 25, "{last} notes");
}

/// How many notes the state file holds now (0 while it cannot be read whole).
fn saved(store: &Store) -> usize {
    store
        .peek()
        .ok()
        .flatten()
        .map_or(0, |state| state.notes.len())
}

#[test]
fn two_processes_adding_notes_at_once_keep_every_note() {
    let dir = tempfile::tempdir().expect("dir");
    let writers: Vec<Child> = (0..2)
        .map(|_| spawn_writer("writer_adding_notes", dir.path(), 40))
        .collect();
    for mut w in writers {
        assert!(w.wait().expect("wait").success());
    }
    let loaded = store(dir.path()).load();
    assert!(loaded.warning.is_none());
    assert_eq!(loaded.state.notes.len(), 80);
    check_whole(&loaded.state);
}

/// A small deterministic generator for the kill times.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn fastrand(seed: u64) -> Rng {
    Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
}
