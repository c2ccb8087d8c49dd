//! The state file of one corpus on disk: read tolerantly (an entry that cannot be read is
//! set aside alone, the rest loads), written under a lock and merged with what another
//! instance saved, replaced atomically. Nothing is ever overwritten when set aside, and a
//! save that fails says what it could not keep.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{CorpusState, VERSION, merge, now};

/// The state folder: `$XDG_STATE_HOME/newslens` (on systems without one, the local data
/// folder).
pub fn default_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "newslens")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .to_owned(),
    )
}

/// One corpus's state file.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    inputs: Vec<String>,
}

/// What loading found.
#[derive(Debug, Default)]
pub struct Restored {
    pub state: CorpusState,
    /// Why the state file (see [`Store::path`]) could not be used, or what of it was
    /// dropped, once: it is damaged (and was set aside), unreadable, or from a newer
    /// newslens.
    pub warning: Option<String>,
    /// Whether saving may replace the file (not when it is from a newer version).
    pub writable: bool,
}

/// A state file read as far as it could be: the state, and the entries that could not be
/// read, by section (`"marks"`, `"notes"`…) and key, as they were written.
#[derive(Debug, Default)]
struct Parsed {
    state: CorpusState,
    dropped: Map<String, Value>,
    /// Why each dropped entry could not be read, for the message: "mark a (unknown
    /// variant …)".
    reasons: Vec<String>,
}

impl Store {
    /// The store in `dir` for the corpus made of `inputs` (files and folders as given).
    pub fn for_corpus(dir: &Path, inputs: &[PathBuf]) -> Self {
        let mut names: Vec<String> = inputs
            .iter()
            .map(|p| {
                p.canonicalize()
                    .unwrap_or_else(|_| p.clone())
                    .display()
                    .to_string()
            })
            .collect();
        names.sort();
        names.dedup();
        let key = xxhash_rust::xxh3::xxh3_64(names.join("\n").as_bytes());
        Self {
            path: dir.join("corpora").join(format!("{key:016x}.json")),
            inputs: names,
        }
    }

    /// The state file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved state, read without changing anything (for commands that only report
    /// it): `None` when nothing is saved, an error message when the file is unusable.
    /// Entries that cannot be read are left out.
    pub fn peek(&self) -> Result<Option<CorpusState>, String> {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot be read ({e})")),
        };
        match parse(&bytes) {
            Ok(parsed) if parsed.state.version > VERSION => Err(format!(
                "written by a newer newslens (format {})",
                parsed.state.version
            )),
            Ok(parsed) => Ok(Some(parsed.state)),
            Err(e) => Err(format!("damaged ({e})")),
        }
    }

    fn lock(&self) -> io::Result<File> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.path.with_extension("lock"))?;
        file.lock()?;
        Ok(file)
    }

    /// Reads the state. A file that is not a state file at all is moved aside to
    /// `*.corrupt-<time>`; entries that cannot be read are copied to `*.dropped-<time>`
    /// and the rest loads. The warning says what happened and where.
    pub fn load(&self) -> Restored {
        let fresh = CorpusState {
            inputs: self.inputs.clone(),
            ..CorpusState::default()
        };
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Restored {
                    state: fresh,
                    warning: None,
                    writable: true,
                };
            }
            Err(e) => {
                return Restored {
                    state: fresh,
                    warning: Some(format!("cannot be read ({e}); starting fresh")),
                    writable: true,
                };
            }
        };
        match parse(&bytes) {
            Ok(parsed) if parsed.state.version > VERSION => Restored {
                state: fresh,
                warning: Some(format!(
                    "written by a newer newslens (format {}): left as it is, and this \
                     session's reading is not saved",
                    parsed.state.version
                )),
                writable: false,
            },
            Ok(mut parsed) => {
                parsed.state.inputs = self.inputs.clone();
                let warning = self.set_aside_dropped(&parsed);
                Restored {
                    state: parsed.state,
                    warning,
                    writable: true,
                }
            }
            Err(e) => {
                let warning = match self.set_aside() {
                    Ok(aside) => format!(
                        "damaged ({e}): moved to {}; starting fresh",
                        crate::corpus::display_path(&aside)
                    ),
                    Err(io) => {
                        format!("damaged ({e}) and cannot be moved aside ({io}); starting fresh")
                    }
                };
                Restored {
                    state: fresh,
                    warning: Some(warning),
                    writable: true,
                }
            }
        }
    }

    /// Keeps the entries `parsed` could not read in a file of their own; the warning
    /// says which and where (nothing when every entry was read).
    fn set_aside_dropped(&self, parsed: &Parsed) -> Option<String> {
        if parsed.dropped.is_empty() {
            return None;
        }
        let what = summary(&parsed.reasons);
        let json = serde_json::to_vec_pretty(&parsed.dropped).unwrap_or_default();
        Some(match self.write_new("dropped", &json) {
            Ok(aside) => format!(
                "{what} could not be read: kept in {}; the rest loaded",
                crate::corpus::display_path(&aside)
            ),
            Err(e) => format!("{what} could not be read and cannot be kept aside ({e})"),
        })
    }

    /// A file next to the state file that did not exist: `<state>.<what>-<time>`, then
    /// `-2`, `-3`… for more in the same second.
    fn free_name(&self, what: &str, n: u32) -> PathBuf {
        let mut name = self.path.clone();
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{}", n + 1)
        };
        name.as_mut_os_string()
            .push(format!(".{what}-{}{suffix}", now()));
        name
    }

    /// Writes `bytes` to a new file beside the state file, never replacing one.
    fn write_new(&self, what: &str, bytes: &[u8]) -> io::Result<PathBuf> {
        for n in 0..1000 {
            let path = self.free_name(what, n);
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    file.write_all(bytes)?;
                    file.sync_all()?;
                    return Ok(path);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("too many files set aside in one second"))
    }

    /// Moves the state file aside under a name no file has.
    fn set_aside(&self) -> io::Result<PathBuf> {
        for n in 0..1000 {
            let aside = self.free_name("corrupt", n);
            // A hard link fails rather than replace an existing file.
            match std::fs::hard_link(&self.path, &aside) {
                Ok(()) => {
                    std::fs::remove_file(&self.path)?;
                    return Ok(aside);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                // A file system without hard links: rename, having checked the name.
                Err(_) if !aside.exists() => {
                    std::fs::rename(&self.path, &aside)?;
                    return Ok(aside);
                }
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other("too many files set aside in one second"))
    }

    /// Temporary files left by a writer killed mid-save. Writers hold the lock while they
    /// have one, so under the lock any that exist are stale.
    fn remove_stale_temporaries(&self) {
        let Some(dir) = self.path.parent() else {
            return;
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(crate::atomic::TEMP_PREFIX) && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Saves `ours`, merged with whatever another instance saved since `base` was
    /// loaded; returns what was written, the new base.
    pub fn save(&self, base: &CorpusState, ours: &CorpusState) -> io::Result<CorpusState> {
        let _lock = self.lock()?;
        self.remove_stale_temporaries();
        let theirs = match std::fs::read(&self.path) {
            Ok(bytes) => match parse(&bytes) {
                Ok(parsed) => {
                    // Damaged entries written since we loaded: kept for the user.
                    let _ = self.set_aside_dropped(&parsed);
                    parsed.state
                }
                // Damaged since we loaded it: keep it for the user, write ours.
                Err(_) => {
                    self.set_aside()?;
                    CorpusState::default()
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => CorpusState::default(),
            Err(e) => return Err(e),
        };
        if theirs.version > VERSION {
            return Err(io::Error::other(format!(
                "{} was written by a newer newslens (format {}); not replacing it",
                crate::corpus::display_path(&self.path),
                theirs.version
            )));
        }
        let merged = merge(base, ours, &theirs);
        let json = serde_json::to_vec_pretty(&merged).map_err(io::Error::other)?;
        crate::atomic::write(&self.path, &json)?;
        Ok(merged)
    }
}

/// A save that failed: where it would have gone, why not, and what of the user's work is
/// now kept only in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveFailure {
    pub path: PathBuf,
    pub reason: String,
    /// Notes and marks written or changed since the last save that worked.
    pub notes: usize,
    pub marks: usize,
    /// Whether this is the first failure in a row.
    pub first: bool,
}

impl SaveFailure {
    /// What is kept only in memory: "2 notes and 1 mark are".
    fn kept(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        match (self.notes, self.marks) {
            (0, 0) => "the reading position is".to_owned(),
            (n, 0) => format!(
                "{} {}",
                plural(n, "note"),
                if n == 1 { "is" } else { "are" }
            ),
            (0, m) => format!(
                "{} {}",
                plural(m, "mark"),
                if m == 1 { "is" } else { "are" }
            ),
            (n, m) => format!("{} and {} are", plural(n, "note"), plural(m, "mark")),
        }
    }

    /// The short form, for the status bar: what is not saved.
    pub fn summary(&self) -> String {
        format!("not saved: {} kept only while newslens runs", self.kept())
    }

    /// The whole story: what is not saved, where it would go, and why not.
    pub fn message(&self) -> String {
        format!(
            "{}: cannot write {} ({})",
            self.summary(),
            crate::corpus::display_path(&self.path),
            self.reason
        )
    }
}

/// A session's link to its state file: the store, what was last loaded or written (the
/// base for merging), and whether writing is allowed.
#[derive(Debug)]
pub struct Saver {
    store: Store,
    base: CorpusState,
    writable: bool,
    /// The last save failed.
    failing: bool,
}

impl Saver {
    /// Loads the state for `store`: the state to start from, and the saver.
    pub fn open(store: Store) -> (Restored, Self) {
        let loaded = store.load();
        let saver = Self {
            store,
            base: loaded.state.clone(),
            writable: loaded.writable,
            failing: false,
        };
        (loaded, saver)
    }

    /// Writes `ours` (merged with the file); returns the merged state, or what could not
    /// be saved (`None`: saving is off, as for a file from a newer newslens).
    pub fn save(&mut self, ours: &CorpusState) -> Result<CorpusState, Option<SaveFailure>> {
        if !self.writable {
            return Err(None);
        }
        match self.store.save(&self.base, ours) {
            Ok(merged) => {
                self.base = merged.clone();
                self.failing = false;
                Ok(merged)
            }
            Err(e) => {
                let first = !self.failing;
                self.failing = true;
                Err(Some(SaveFailure {
                    path: self.store.path().to_owned(),
                    reason: e.to_string(),
                    notes: changed(&self.base.notes, &ours.notes),
                    marks: changed(&self.base.marks, &ours.marks),
                    first,
                }))
            }
        }
    }
}

impl Saver {
    /// The notes of `ours` that the file does not have as they are: what a failing save
    /// would lose at exit.
    pub fn unsaved_notes<'a>(&self, ours: &'a CorpusState) -> Vec<&'a super::Note> {
        ours.notes
            .iter()
            .filter(|(k, v)| self.base.notes.get(*k) != Some(*v))
            .map(|(_, v)| v)
            .collect()
    }
}

/// How many entries of `ours` are new or different from `base`.
fn changed<V: PartialEq>(base: &BTreeMap<String, V>, ours: &BTreeMap<String, V>) -> usize {
    ours.iter()
        .filter(|(k, v)| base.get(*k) != Some(*v))
        .count()
}

/// "mark a (unknown variant `x`)", "2 notes", … for a message.
fn summary(reasons: &[String]) -> String {
    match reasons {
        [one] => one.clone(),
        more => format!(
            "{} entries ({}{})",
            more.len(),
            more[..more.len().min(3)].join("; "),
            if more.len() > 3 { "; …" } else { "" }
        ),
    }
}

/// Reads a state file: an object whose sections are read entry by entry, so one entry
/// that cannot be read costs that entry alone. Anything that is not such an object is an
/// error.
fn parse(bytes: &[u8]) -> Result<Parsed, String> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let Value::Object(mut top) = value else {
        return Err("not a JSON object".into());
    };
    let mut parsed = Parsed::default();
    if let Some(v) = top.remove("version") {
        parsed.state.version = serde_json::from_value(v).map_err(|e| format!("version: {e}"))?;
    }
    if let Some(v) = top.remove("inputs") {
        parsed.state.inputs = serde_json::from_value(v).unwrap_or_default();
    }
    if let Some(v) = top.remove("last") {
        match Option::<super::ArticleRef>::deserialize(&v) {
            Ok(last) => parsed.state.last = last,
            Err(e) => parsed.drop_entry("last", None, v, &e),
        }
    }
    parsed.state.articles = parsed.section(&mut top, "articles", "article");
    parsed.state.marks = parsed.section(&mut top, "marks", "mark");
    parsed.state.notes = parsed.section(&mut top, "notes", "note");
    Ok(parsed)
}

impl Parsed {
    /// The entries of section `name` that can be read; the others are dropped.
    fn section<T: DeserializeOwned>(
        &mut self,
        top: &mut Map<String, Value>,
        name: &str,
        singular: &str,
    ) -> BTreeMap<String, T> {
        let mut out = BTreeMap::new();
        let Some(value) = top.remove(name) else {
            return out;
        };
        let Value::Object(entries) = value else {
            self.reasons.push(format!("the {name} (not an object)"));
            self.dropped.insert(name.to_owned(), value);
            return out;
        };
        for (key, v) in entries {
            // Read from a borrow: only an entry that fails is kept as it was written.
            match T::deserialize(&v) {
                Ok(entry) => {
                    out.insert(key, entry);
                }
                Err(e) => self.drop_entry(name, Some((singular, key)), v, &e),
            }
        }
        out
    }

    fn drop_entry(
        &mut self,
        section: &str,
        entry: Option<(&str, String)>,
        value: Value,
        e: &serde_json::Error,
    ) {
        match entry {
            Some((singular, key)) => {
                self.reasons.push(format!("{singular} {key} ({e})"));
                let slot = self
                    .dropped
                    .entry(section.to_owned())
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(map) = slot {
                    map.insert(key, value);
                }
            }
            None => {
                self.reasons.push(format!("the {section} entry ({e})"));
                self.dropped.insert(section.to_owned(), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::new_note_id;
    use super::super::tests::{mark, note};
    use super::*;

    #[test]
    fn state_round_trips_through_the_file() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::for_corpus(dir.path(), &[dir.path().to_owned()]);
        let loaded = store.load();
        assert!(loaded.warning.is_none());
        let base = loaded.state;
        let mut ours = base.clone();
        ours.notes.insert(new_note_id(), note("a note"));
        ours.marks.insert("a".into(), mark(7));
        let written = store.save(&base, &ours).expect("save");
        assert_eq!(written, ours);
        assert_eq!(store.load().state, ours);
        // Same inputs named differently: same file.
        let again = Store::for_corpus(dir.path(), &[dir.path().join(".")]);
        assert_eq!(again.path(), store.path());
    }

    #[test]
    fn a_damaged_file_is_set_aside_with_a_warning_and_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::for_corpus(dir.path(), &[PathBuf::from("x")]);
        std::fs::create_dir_all(store.path().parent().expect("parent")).expect("mkdir");
        std::fs::write(store.path(), b"{\"notes\": {\"n\": ").expect("write");
        let loaded = store.load();
        let warning = loaded.warning.expect("warning");
        assert!(warning.starts_with("damaged ("), "{warning}");
        assert!(warning.contains(".corrupt-"), "{warning}");
        assert_eq!(loaded.state.notes.len(), 0);
        let aside: Vec<_> = std::fs::read_dir(store.path().parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".corrupt-"))
            .collect();
        assert_eq!(aside.len(), 1);
        let kept = std::fs::read(store.path().with_file_name(&aside[0])).expect("kept");
        assert_eq!(kept, b"{\"notes\": {\"n\": ");
        // Told once: the next start finds no damaged file.
        assert!(store.load().warning.is_none());
    }

    #[test]
    fn a_file_from_a_newer_version_is_left_alone() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::for_corpus(dir.path(), &[PathBuf::from("x")]);
        std::fs::create_dir_all(store.path().parent().expect("parent")).expect("mkdir");
        std::fs::write(store.path(), br#"{"version": 99}"#).expect("write");
        let loaded = store.load();
        assert!(!loaded.writable);
        assert!(loaded.warning.expect("warning").contains("newer newslens"));
    }

    #[test]
    fn files_set_aside_in_the_same_second_never_overwrite_each_other() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::for_corpus(dir.path(), &[PathBuf::from("x")]);
        std::fs::create_dir_all(store.path().parent().expect("parent")).expect("mkdir");
        for damage in ["first damage", "second damage", "third damage"] {
            std::fs::write(store.path(), damage).expect("write");
            assert!(store.load().warning.is_some());
        }
        let mut kept: Vec<String> = std::fs::read_dir(store.path().parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.to_string_lossy().contains(".corrupt-"))
            .map(|p| std::fs::read_to_string(p).expect("kept"))
            .collect();
        kept.sort();
        assert_eq!(kept, ["first damage", "second damage", "third damage"]);
    }

    #[test]
    fn one_bad_entry_is_set_aside_alone_and_the_rest_loads() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::for_corpus(dir.path(), &[PathBuf::from("x")]);
        let mut good = CorpusState::default();
        good.notes.insert("n1".into(), note("kept note"));
        good.marks.insert("b".into(), mark(3));
        let mut value = serde_json::to_value(&good).expect("json");
        value["marks"]["a"] = serde_json::json!({
            "article": {"hash": "h", "path": "a.txt"}, "offset": 1, "part": "sidebar"
        });
        std::fs::create_dir_all(store.path().parent().expect("parent")).expect("mkdir");
        std::fs::write(store.path(), value.to_string()).expect("write");
        let loaded = store.load();
        assert_eq!(loaded.state.notes, good.notes);
        assert_eq!(loaded.state.marks, good.marks);
        let warning = loaded.warning.expect("a warning");
        assert!(
            warning.starts_with("mark a (unknown variant `sidebar`"),
            "{warning}"
        );
        assert!(warning.contains(".dropped-"), "{warning}");
        assert!(warning.ends_with("; the rest loaded"), "{warning}");
        let aside = std::fs::read_dir(store.path().parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").path())
            .find(|p| p.to_string_lossy().contains(".dropped-"))
            .expect("the dropped entry kept");
        let kept: Value =
            serde_json::from_slice(&std::fs::read(aside).expect("read")).expect("json");
        assert_eq!(kept["marks"]["a"]["part"], "sidebar");
    }

    #[test]
    fn a_save_that_fails_counts_what_is_kept_only_in_memory() {
        let dir = tempfile::tempdir().expect("dir");
        // A file where the state folder should be.
        std::fs::write(dir.path().join("corpora"), "in the way").expect("write");
        let store = Store::for_corpus(dir.path(), &[PathBuf::from("x")]);
        let (loaded, mut saver) = Saver::open(store);
        let mut ours = loaded.state;
        ours.notes.insert(new_note_id(), note("one"));
        ours.notes.insert(new_note_id(), note("two"));
        let failure = saver.save(&ours).expect_err("cannot save").expect("said");
        assert!(failure.first);
        assert_eq!((failure.notes, failure.marks), (2, 0));
        let message = failure.message();
        assert!(
            message
                .starts_with("not saved: 2 notes are kept only while newslens runs: cannot write "),
            "{message}"
        );
        assert!(message.contains("corpora/"), "{message}");
        let again = saver.save(&ours).expect_err("still").expect("said");
        assert!(!again.first);
    }

    /// A file written by the first format still reads, every position and note intact.
    #[test]
    fn a_file_from_the_first_format_reads_whole() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::for_corpus(dir.path(), &[PathBuf::from("x")]);
        std::fs::create_dir_all(store.path().parent().expect("parent")).expect("mkdir");
        std::fs::write(
            store.path(),
            include_str!("../../tests/fixtures/state/v1.json"),
        )
        .expect("write");
        let loaded = store.load();
        assert!(loaded.warning.is_none(), "{:?}", loaded.warning);
        let state = loaded.state;
        assert_eq!(state.articles.len(), 2);
        assert_eq!(state.articles["d8de024bd992aa57"].offset, 412);
        assert!(state.articles["b7868b4dbc686ea0"].read);
        let parts: Vec<super::super::SavedPart> = state.marks.values().map(|m| m.part).collect();
        use super::super::SavedPart::{Blank, Meta, Subtitle};
        assert_eq!(parts, [Meta, Subtitle, Blank]);
        let note = state.notes.values().next().expect("a note");
        assert_eq!(
            (note.start, note.end, note.text.as_str()),
            (523, 529, "zones agreed?")
        );
        assert_eq!(
            state.last.map(|l| l.hash).as_deref(),
            Some("d8de024bd992aa57")
        );
    }
}
