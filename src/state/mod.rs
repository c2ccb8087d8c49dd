//! What newslens remembers of a corpus between sessions: the last article, where each
//! article was left and whether it has been read, marks and notes.
//!
//! One JSON file per corpus (keyed by its inputs' canonical paths) in the user's state
//! folder. Saving takes a lock, reads what is on disk, merges it with what this session
//! changed since it loaded (so two instances on one corpus keep each other's notes), and
//! replaces the file atomically (see [`store`]). What cannot be read is set aside, never
//! lost.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

mod store;
pub use store::{Restored, SaveFailure, Saver, Store, default_dir};

/// The format of the state file; a newer file is left alone rather than misread.
pub const VERSION: u32 = 1;

/// Which text of an article a saved position is in. Saved files spell these as the
/// reader's parts were spelled when the format was made; the reader's own layout types
/// can change without changing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SavedPart {
    Title,
    Subtitle,
    /// The source, date, byline and address line under the headline.
    Meta,
    /// A blank line between paragraphs.
    Blank,
    #[default]
    Body,
}

/// An article as state refers to it: its body's hash, which survives a rename, and its
/// path, which finds it again after an edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub hash: String,
    pub path: String,
}

/// Where an article was left and whether its end has been seen.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleState {
    pub path: String,
    /// The first row shown: a byte offset into `part`'s text (the body, or the title,
    /// standfirst or meta line above it).
    pub offset: usize,
    pub part: SavedPart,
    pub read: bool,
}

/// A position set with `m` and a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub article: ArticleRef,
    /// The first row shown when the mark was set: a byte offset into `part`'s text.
    pub offset: usize,
    #[serde(default)]
    pub part: SavedPart,
    /// When it was set, in seconds since 1970.
    #[serde(default)]
    pub set: u64,
}

/// A note attached to a mention (or a paragraph) of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub article: ArticleRef,
    /// The byte range in the body of the text the note is about.
    pub start: usize,
    pub end: usize,
    /// That text, to find it again in an edited article.
    pub quote: String,
    pub text: String,
    /// The entity id of the mention, when the note is on one.
    #[serde(default)]
    pub entity: Option<String>,
    /// When it was written, in seconds since 1970.
    #[serde(default)]
    pub created: u64,
}

impl Note {
    /// Where the note is in `body`, the text of the article its reference leads to
    /// (whose hash is `body_hash`): its saved range when the article is unchanged, else
    /// wherever its quote is nearest the old place; `None` when the quote is gone.
    pub fn place_in(&self, body: &str, body_hash: &str) -> Option<Range<usize>> {
        if body_hash == self.article.hash && body.get(self.start..self.end) == Some(&self.quote) {
            return Some(self.start..self.end);
        }
        if self.quote.is_empty() {
            return None;
        }
        let start = body
            .match_indices(self.quote.as_str())
            .map(|(i, _)| i)
            .min_by_key(|&i| i.abs_diff(self.start))?;
        Some(start..start + self.quote.len())
    }
}

/// The article saved state names, among articles whose indices `by_hash` gives by body
/// hash and whose paths are `paths`, in index order: by its body's hash, else (an edited
/// article) by its path.
pub fn find_article<'p>(
    article: &ArticleRef,
    by_hash: &HashMap<String, usize>,
    paths: impl IntoIterator<Item = &'p Path>,
) -> Option<usize> {
    by_hash.get(&article.hash).copied().or_else(|| {
        paths
            .into_iter()
            .position(|p| Path::new(&article.path) == p)
    })
}

/// Where `note` is, for the reader and for `export` alike: the index of its article
/// (`find` looks a reference up, see [`find_article`]) and its range in that article's
/// body (`text` gives the body and its hash; see [`Note::place_in`]).
pub fn place_note<'t>(
    note: &Note,
    find: impl FnOnce(&ArticleRef) -> Option<usize>,
    text: impl FnOnce(usize) -> (&'t str, &'t str),
) -> Option<(usize, Range<usize>)> {
    let doc = find(&note.article)?;
    let (body, hash) = text(doc);
    Some((doc, note.place_in(body, hash)?))
}

/// Seconds since 1970 as an ISO 8601 UTC time: `2026-11-22T09:30:00Z`.
pub fn iso_time(secs: u64) -> String {
    let rest = secs % 86_400;
    let date = i64::try_from(secs / 86_400)
        .ok()
        .and_then(crate::corpus::Date::from_days)
        .map_or_else(|| "????-??-??".to_owned(), |d| d.to_string());
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

/// Everything remembered of one corpus.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CorpusState {
    pub version: u32,
    /// The corpus's inputs, for whoever opens the file.
    pub inputs: Vec<String>,
    /// The article open when the reader last quit.
    pub last: Option<ArticleRef>,
    /// By article hash.
    pub articles: BTreeMap<String, ArticleState>,
    /// By letter.
    pub marks: BTreeMap<String, Mark>,
    /// By note id.
    pub notes: BTreeMap<String, Note>,
}

impl Default for CorpusState {
    fn default() -> Self {
        Self {
            version: VERSION,
            inputs: Vec::new(),
            last: None,
            articles: BTreeMap::new(),
            marks: BTreeMap::new(),
            notes: BTreeMap::new(),
        }
    }
}

/// Seconds since 1970.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A note id no other instance will choose: time, process and a counter.
pub fn new_note_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{:x}-{:x}-{n}", now(), std::process::id())
}

/// Three-way merge of one map: what `ours` changed since `base` wins, the rest is
/// `theirs` (so entries added or changed elsewhere survive, and entries we removed go).
fn merge_map<V: Clone + PartialEq>(
    base: &BTreeMap<String, V>,
    ours: &BTreeMap<String, V>,
    theirs: &BTreeMap<String, V>,
) -> BTreeMap<String, V> {
    let mut out = theirs.clone();
    for (k, v) in ours {
        if base.get(k) != Some(v) {
            out.insert(k.clone(), v.clone());
        }
    }
    for k in base.keys() {
        if !ours.contains_key(k) {
            out.remove(k);
        }
    }
    out
}

/// What to write when this session loaded `base`, now holds `ours`, and the file holds
/// `theirs` (another instance may have saved since).
pub fn merge(base: &CorpusState, ours: &CorpusState, theirs: &CorpusState) -> CorpusState {
    let mut articles = merge_map(&base.articles, &ours.articles, &theirs.articles);
    // Once read, read: whoever saw the end of an article saw it.
    for (k, a) in &mut articles {
        a.read |= theirs.articles.get(k).is_some_and(|t| t.read)
            || ours.articles.get(k).is_some_and(|o| o.read);
    }
    CorpusState {
        version: VERSION,
        inputs: ours.inputs.clone(),
        last: ours.last.clone().or_else(|| theirs.last.clone()),
        articles,
        marks: merge_map(&base.marks, &ours.marks, &theirs.marks),
        notes: merge_map(&base.notes, &ours.notes, &theirs.notes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso_utc() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso_time(1_795_000_000), "2026-11-18T11:06:40Z");
        assert_eq!(iso_time(4_102_444_799), "2099-12-31T23:59:59Z");
    }

    #[test]
    fn a_note_is_placed_by_its_range_then_by_its_nearest_quote() {
        let mut n = note("x");
        n.start = 4;
        n.end = 9;
        n.quote = "Syria".into();
        let body = "The Syria talks; Syria again";
        assert_eq!(n.place_in(body, "h"), Some(4..9));
        // Edited (another hash): the occurrence nearest the old place.
        let edited = "Now: Syria, then Syria";
        assert_eq!(n.place_in(edited, "other"), Some(5..10));
        assert_eq!(n.place_in("no such text", "other"), None);
    }

    pub(super) fn note(text: &str) -> Note {
        Note {
            article: ArticleRef {
                hash: "h".into(),
                path: "a.txt".into(),
            },
            start: 0,
            end: 6,
            quote: "Russia".into(),
            text: text.into(),
            entity: Some("russia".into()),
            created: 1,
        }
    }

    pub(super) fn mark(offset: usize) -> Mark {
        Mark {
            article: ArticleRef {
                hash: "h".into(),
                path: "a.txt".into(),
            },
            offset,
            part: SavedPart::Body,
            set: 1,
        }
    }

    #[test]
    fn merge_keeps_what_each_side_added_and_what_we_removed_goes() {
        let mut base = CorpusState::default();
        base.notes.insert("old".into(), note("old"));
        base.notes.insert("gone".into(), note("to delete"));
        base.marks.insert("a".into(), mark(1));
        let mut ours = base.clone();
        ours.notes.remove("gone");
        ours.notes.insert("mine".into(), note("mine"));
        ours.marks.insert("a".into(), mark(2));
        let mut theirs = base.clone();
        theirs.notes.insert("theirs".into(), note("theirs"));
        theirs.marks.insert("b".into(), mark(3));
        let merged = merge(&base, &ours, &theirs);
        let ids: Vec<&str> = merged.notes.keys().map(String::as_str).collect();
        assert_eq!(ids, ["mine", "old", "theirs"]);
        assert_eq!(merged.marks["a"].offset, 2);
        assert_eq!(merged.marks["b"].offset, 3);
    }

    #[test]
    fn merge_keeps_an_article_read_when_either_side_read_it() {
        let base = CorpusState::default();
        let mut ours = base.clone();
        ours.articles.insert(
            "h".into(),
            ArticleState {
                path: "a.txt".into(),
                offset: 40,
                part: SavedPart::Body,
                read: false,
            },
        );
        let mut theirs = base.clone();
        theirs.articles.insert(
            "h".into(),
            ArticleState {
                path: "a.txt".into(),
                offset: 0,
                part: SavedPart::Body,
                read: true,
            },
        );
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.articles["h"].offset, 40);
        assert!(merged.articles["h"].read);
    }
}
