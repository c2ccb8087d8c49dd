//! Reading articles: finding the files under the paths given, reading each one into an
//! [`Article`], and reporting the files that could not be read as [`Warning`]s.

pub mod date;
mod decode;
mod draft;
mod feed;
mod format;
mod html;
mod json;
mod markdown;
mod paths;
mod plaintext;
mod tags;
pub(crate) use tags::decode_references;
pub mod web;

use std::cell::Cell;
use std::fmt;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

pub use date::Date;
pub use decode::{Decoded, decode};
pub use draft::{Draft, file_stem};
pub use format::Format;
pub use paths::{PathError, resolve};

/// The two reference articles, compiled in so `newslens` works from any folder.
pub const BUILTIN_SEEDS: [(&str, &str); 2] = [
    (
        "000_0b9f368ee42c4f04.txt",
        include_str!("../../seeds/000_0b9f368ee42c4f04.txt"),
    ),
    (
        "003_4a03aefaf02d152e.txt",
        include_str!("../../seeds/003_4a03aefaf02d152e.txt"),
    ),
];

/// The largest file read unless `--max-file-size` says otherwise: 32 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 32 * 1024 * 1024;

/// How long a named pipe given as an input waits for a writer before it is given up.
pub const DEFAULT_PIPE_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The path that stands for standard input.
pub const STDIN: &str = "-";

/// One article: its headline, standfirst, date and body text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Where it came from, as the user named it (or the seed's file name).
    pub path: PathBuf,
    /// The outlet: from metadata when the format has it, else the file name.
    pub source: String,
    pub title: String,
    pub subtitle: Option<String>,
    /// The title was made from the first sentence: the text had no headline.
    pub title_derived: bool,
    pub date: Option<Date>,
    /// Who wrote it, when the format says.
    pub byline: Option<String>,
    /// Where it was published, when the format says.
    pub url: Option<String>,
    /// The format it was read from.
    pub format: Format,
    /// The body: paragraphs separated by one blank line ("\n\n"); lines inside a
    /// paragraph (list items) by a single "\n".
    pub body: String,
    /// The byte range of each line of `body`.
    pub paragraphs: Vec<Range<usize>>,
    /// The file's text as it is on disk, kept only when [`ReadOptions::file_text`] asks
    /// for it, for a plain-text or Markdown file that is UTF-8 as it stands: `mentions`
    /// gives places in the file from it without reading the file again. Never cached.
    #[serde(skip)]
    pub file_text: Option<String>,
}

impl Article {
    /// A hash of the body, which names the article in saved state: it survives a rename,
    /// and changes when the text does.
    pub fn body_hash(&self) -> String {
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(self.body.as_bytes()))
    }

    /// Builds an article from scraped plain text.
    pub fn from_plain_text(path: &Path, text: &str) -> Self {
        // Text scraped from a page often keeps the page's character references
        // ("Procter &amp; Gamble"): read as what they stand for.
        let clean = draft::clean(&tags::decode_references(text));
        let parsed = plaintext::parse(&clean);
        let stem = file_stem(path);
        let breaks = 2 * parsed.paragraphs.len().saturating_sub(1);
        let mut body = String::with_capacity(
            parsed.paragraphs.iter().map(String::len).sum::<usize>() + breaks,
        );
        let mut paragraphs = Vec::with_capacity(parsed.paragraphs.len());
        for p in &parsed.paragraphs {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            paragraphs.push(body.len()..body.len() + p.len());
            body.push_str(p);
        }
        Self {
            path: path.to_owned(),
            title: parsed.title.unwrap_or_else(|| stem.clone()),
            title_derived: parsed.title_derived,
            source: stem,
            subtitle: parsed.subtitle,
            date: parsed.date,
            byline: None,
            url: None,
            format: Format::Text,
            body,
            paragraphs,
            file_text: None,
        }
    }
}

/// Something that went wrong with one input; the others still load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            display_path(&self.path),
            crate::text::visible(&self.message)
        )
    }
}

/// A path as messages show it, safe to print (see [`crate::text::visible`]); `-` is
/// standard input.
pub fn display_path(path: &Path) -> String {
    if path == Path::new(STDIN) {
        "standard input".into()
    } else {
        crate::text::visible(&path.display().to_string()).into_owned()
    }
}

/// Why one file could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("cannot read it ({0})")]
    Io(#[from] std::io::Error),
    #[error("the file is empty")]
    Empty,
    /// `size` is known for files, not for streams.
    #[error("{}", too_large(*.size, *.limit))]
    TooLarge { size: Option<u64>, limit: u64 },
    #[error("not a regular file ({0}); skipped")]
    NotRegular(&'static str),
    #[error(
        "a named pipe nothing wrote to within {} s; skipped (start the program writing to \
         it first, or pipe it into newslens -)",
        .0.as_secs_f32()
    )]
    NoWriter(std::time::Duration),
    #[error(transparent)]
    NotText(#[from] decode::NotText),
    #[error("{0}")]
    Malformed(String),
    #[error("internal error while reading it ({0}); please report it")]
    Internal(String),
}

fn too_large(size: Option<u64>, limit: u64) -> String {
    let size = size.map_or_else(String::new, |s| format!(" ({})", human_size(s)));
    format!(
        "larger than the {} limit{size}; skipped — raise the limit with --max-file-size",
        human_size(limit)
    )
}

/// A byte count as people read it: "32 MiB", "1.5 KiB".
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// How files are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Files larger than this many bytes are skipped with a warning.
    pub max_file_size: u64,
    /// Whether to look for the entities no file lists (see [`crate::discover`]).
    pub discover: bool,
    /// How long a named pipe may wait for a program to start writing to it.
    pub pipe_wait: std::time::Duration,
    /// The confidence, in percent, from which a discovered name is kept; `None`: the
    /// recogniser's display threshold, chosen on its dev data for precision 0.85.
    pub min_confidence: Option<u8>,
    /// How URLs are fetched.
    pub fetch: crate::fetch::FetchOptions,
    /// Whether files' articles are taken from (and kept in) the article cache.
    pub cache: bool,
    /// Whether each article's pairs of tracked entities sharing a sentence are worked out
    /// as it is read: the reader's co-occurrence counts need them, the commands do not.
    pub pairs: bool,
    /// Whether a plain-text or Markdown article keeps its file's text
    /// ([`Article::file_text`]).
    pub file_text: bool,
}

impl ReadOptions {
    /// The confidence from which discovered names are kept.
    pub fn min_confidence(&self) -> f32 {
        self.min_confidence
            .map_or_else(|| crate::ner::model().threshold, |p| f32::from(p) / 100.0)
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            discover: false,
            pipe_wait: DEFAULT_PIPE_WAIT,
            min_confidence: None,
            fetch: crate::fetch::FetchOptions::default(),
            cache: false,
            pairs: true,
            file_text: false,
        }
    }
}

/// Where the articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Files on disk (or `-`, standard input), in order.
    Files(Files),
    /// The seeds compiled into the binary.
    Builtin,
}

/// Paths to read, in order, each with whether it was a regular file when its folder was
/// listed: such a file is read without asking the system what it is again (a lookup of
/// its path for each of a hundred thousand files).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    paths: Vec<PathBuf>,
    listed_regular: Vec<bool>,
}

impl Files {
    /// Adds a path; `listed_regular` when its folder's listing said it is a regular file.
    pub(crate) fn push(&mut self, path: PathBuf, listed_regular: bool) {
        self.paths.push(path);
        self.listed_regular.push(listed_regular);
    }

    /// Whether the `i`-th path was a regular file when its folder was listed.
    pub fn listed_regular(&self, i: usize) -> bool {
        self.listed_regular.get(i).copied().unwrap_or(false)
    }

    pub fn into_paths(self) -> Vec<PathBuf> {
        self.paths
    }
}

/// Paths of which nothing is known yet.
impl From<Vec<PathBuf>> for Files {
    fn from(paths: Vec<PathBuf>) -> Self {
        let listed_regular = vec![false; paths.len()];
        Self {
            paths,
            listed_regular,
        }
    }
}

impl FromIterator<PathBuf> for Files {
    fn from_iter<I: IntoIterator<Item = PathBuf>>(paths: I) -> Self {
        Vec::from_iter(paths).into()
    }
}

impl std::ops::Deref for Files {
    type Target = [PathBuf];

    fn deref(&self) -> &[PathBuf] {
        &self.paths
    }
}

impl Input {
    /// How many inputs (files; a feed is one input and many articles).
    pub fn len(&self) -> usize {
        match self {
            Input::Files(f) => f.len(),
            Input::Builtin => BUILTIN_SEEDS.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The path of the `i`-th input, for messages.
    pub fn path(&self, i: usize) -> PathBuf {
        match self {
            Input::Files(files) => files[i].clone(),
            Input::Builtin => BUILTIN_SEEDS[i].0.into(),
        }
    }
}

/// What reading one input gave: its articles (a feed has many), and warnings — the reason
/// it gave none, or problems with parts of it (a bad line, undecodable bytes).
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
}

/// Reads the `i`-th input.
pub fn read_nth(input: &Input, i: usize, options: &ReadOptions) -> Outcome {
    let path = input.path(i);
    let result = match input {
        Input::Builtin => {
            let (name, text) = BUILTIN_SEEDS[i];
            read_text(Path::new(name), text.to_owned(), Vec::new())
        }
        Input::Files(files) if crate::fetch::is_url(&files[i]) => {
            return web::read_url(&files[i], options);
        }
        Input::Files(files) => read_listed(&files[i], files.listed_regular(i), options),
    };
    match result {
        Ok((articles, problems)) => Outcome {
            articles,
            warnings: problems
                .into_iter()
                .map(|message| Warning {
                    path: path.clone(),
                    message,
                })
                .collect(),
        },
        Err(e) => Outcome {
            articles: Vec::new(),
            warnings: vec![Warning {
                path,
                message: e.to_string(),
            }],
        },
    }
}

/// The first article of the `i`-th input, or the warning that replaces it (for the
/// crate's tests).
#[cfg(test)]
pub(crate) fn load_nth(input: &Input, i: usize) -> Result<Article, Warning> {
    let mut outcome = read_nth(input, i, &ReadOptions::default());
    if outcome.articles.is_empty() {
        return Err(outcome.warnings.swap_remove(0));
    }
    Ok(outcome.articles.swap_remove(0))
}

type Articles = (Vec<Article>, Vec<String>);

/// Reads one file (or standard input) in whatever format it is.
pub fn read_file(path: &Path, options: &ReadOptions) -> Result<Articles, ArticleError> {
    read_listed(path, false, options)
}

/// [`read_file`], for a path that was a regular file when its folder was listed
/// (`listed_regular`) or of which nothing is known.
fn read_listed(
    path: &Path,
    listed_regular: bool,
    options: &ReadOptions,
) -> Result<Articles, ArticleError> {
    let bytes = paths::read_limited(
        path,
        options.max_file_size,
        options.pipe_wait,
        listed_regular,
    )?;
    let (mut articles, problems) = read_bytes(path, &bytes)?;
    if options.file_text
        && let [article] = articles.as_mut_slice()
        && matches!(article.format, Format::Text | Format::Markdown)
    {
        // Only a file that is UTF-8 as it stands: a decoded one has other bytes.
        article.file_text = String::from_utf8(bytes).ok();
    }
    Ok((articles, problems))
}

/// Reads an article file's bytes: decodes them, detects the format and parses it.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Articles, ArticleError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ArticleError::Empty);
    }
    let decoded = decode(bytes)?;
    let problems: Vec<String> = decoded.problem().into_iter().collect();
    read_text(path, decoded.text, problems)
}

fn read_text(
    path: &Path,
    text: String,
    mut problems: Vec<String>,
) -> Result<Articles, ArticleError> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ArticleError::Empty);
    }
    let format = Format::detect(path, &text);
    let (articles, more) =
        guarded(|| parse_as(format, path, &text))?.map_err(ArticleError::Malformed)?;
    problems.extend(more);
    if articles.is_empty() {
        return Err(ArticleError::Malformed(format!(
            "no article text found in this {} file",
            format.name()
        )));
    }
    Ok((articles, problems))
}

/// Parses text known to be in `format`.
fn parse_as(format: Format, path: &Path, text: &str) -> Result<Articles, String> {
    let (drafts, problems) = match format {
        Format::Text => {
            let article = Article::from_plain_text(path, text);
            let articles = if article.body.is_empty() {
                vec![]
            } else {
                vec![article]
            };
            return Ok((articles, Vec::new()));
        }
        Format::Markdown => {
            let (d, problems) = markdown::parse(text);
            (vec![d], problems)
        }
        Format::Html => {
            let (draft, problem) = html::parse(text);
            (vec![draft], problem.into_iter().collect())
        }
        Format::Feed => feed::parse(text)?,
        Format::Json => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) if is_json_feed(&v) => feed::parse(text)?,
            Ok(v) => json::parse_document(v)?,
            Err(e) => {
                // Several JSON values one per line are JSON Lines whatever the name says.
                let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                if serde_json::from_str::<serde_json::Value>(first).is_err() {
                    return Err(format!("not valid JSON ({e})"));
                }
                json::parse_lines(text)?
            }
        },
        Format::JsonLines => json::parse_lines(text)?,
    };
    let stem = file_stem(path);
    let many = drafts.len() > 1;
    let articles = drafts
        .into_iter()
        .filter(Draft::has_text)
        .enumerate()
        .map(|(n, d)| {
            let fallback = if many {
                format!("{stem} #{}", n + 1)
            } else {
                stem.clone()
            };
            d.into_article(path, format, &fallback)
        })
        .collect();
    Ok((articles, problems))
}

fn is_json_feed(v: &serde_json::Value) -> bool {
    v.get("version")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.contains("jsonfeed.org"))
}

thread_local! {
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside a parser that may panic on hostile input; panic hooks
/// stay quiet then, since the panic becomes a warning about the file.
pub fn panics_expected() -> bool {
    GUARDED.with(Cell::get)
}

/// What a caught panic said, for a message about the file it happened on.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Runs a parser, turning a panic inside it (third-party code on hostile input) into an
/// error about the file.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, ArticleError> {
    let was = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|payload| ArticleError::Internal(panic_text(&*payload)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_article_fields() {
        let a = load_nth(&Input::Builtin, 1).expect("seed loads");
        assert_eq!(
            a.title,
            "Fifth round of Syria talks in Kazakhstan focuses on safe zones"
        );
        assert_eq!(a.source, "003_4a03aefaf02d152e");
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2017-07-04"));
        assert!(!a.body.contains("Updated:"));
        for r in &a.paragraphs {
            assert!(!a.body[r.clone()].contains('\n'));
        }
        assert_eq!(a.paragraphs.len(), a.body.split("\n\n").count());
    }

    #[test]
    fn bad_files_give_reasons() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().to_owned();
        std::fs::write(dir.join("empty.txt"), " \n\n ").expect("write");
        std::fs::write(dir.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0").expect("write");
        std::fs::write(dir.join("big.txt"), "x".repeat(2048)).expect("write");
        let (input, _) = resolve(std::slice::from_ref(&dir)).expect("resolves");
        let options = ReadOptions {
            max_file_size: 1024,
            ..ReadOptions::default()
        };
        let msgs: Vec<String> = (0..input.len())
            .map(|i| read_nth(&input, i, &options).warnings[0].to_string())
            .collect();
        assert!(msgs[0].ends_with("big.txt: larger than the 1 KiB limit (2 KiB); skipped — raise the limit with --max-file-size"), "{msgs:?}");
        assert!(
            msgs[1].ends_with("binary.txt: binary data (a PNG image), not text"),
            "{msgs:?}"
        );
        assert!(
            msgs[2].ends_with("empty.txt: the file is empty"),
            "{msgs:?}"
        );
        let err = read_file(&dir.join("gone.txt"), &options).expect_err("missing");
        assert!(err.to_string().starts_with("cannot read it"));
    }

    #[test]
    fn only_text_files_that_are_utf8_as_they_stand_keep_their_text_when_asked() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path();
        let utf8 = "\u{feff}Talks in Genève\n\nThe délégation met   in Astana.\n";
        std::fs::write(dir.join("utf8.txt"), utf8).expect("write");
        std::fs::write(dir.join("notes.md"), "# Talks\n\nIn **Astana**.\n").expect("write");
        std::fs::write(dir.join("latin1.txt"), b"Caf\xe9 talks\n\nIn Gen\xe8ve.").expect("write");
        std::fs::write(dir.join("page.html"), "<p>Talks in Astana.</p>").expect("write");
        let kept = |name: &str, file_text: bool| {
            let options = ReadOptions {
                file_text,
                ..ReadOptions::default()
            };
            let (articles, _) = read_file(&dir.join(name), &options).expect(name);
            articles[0].file_text.clone()
        };
        assert_eq!(kept("utf8.txt", true).as_deref(), Some(utf8));
        assert_eq!(kept("utf8.txt", false), None);
        assert!(kept("notes.md", true).is_some_and(|t| t.contains("**Astana**")));
        // Decoded, or parsed from markup: its words are not the body's.
        assert_eq!(kept("latin1.txt", true), None);
        assert_eq!(kept("page.html", true), None);
    }

    #[test]
    fn legacy_encodings_load_with_their_accents() {
        let (articles, problems) = read_bytes(
            Path::new("latin1.txt"),
            b"Caf\xe9 talks\n\nThe d\xe9l\xe9gation arriv\xe9e \xe0 Gen\xe8ve said the r\xe9gime must go.",
        )
        .expect("loads");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(articles[0].title, "Café talks");
        assert!(articles[0].body.contains("Genève"));
    }

    #[test]
    fn undecodable_bytes_are_replaced_and_reported() {
        let (articles, problems) = read_bytes(
            Path::new("mixed.txt"),
            "Title\n\nÀ Genève, the délégation met. "
                .bytes()
                .chain(*b"\xff end.")
                .collect::<Vec<_>>()
                .as_slice(),
        )
        .expect("loads");
        assert!(articles[0].body.contains('\u{fffd}'));
        assert_eq!(
            problems,
            ["1 malformed byte sequence replaced with \u{fffd} (read as UTF-8)"]
        );
    }

    #[test]
    fn formats_by_extension_and_by_content() {
        let p = Path::new;
        assert_eq!(
            Format::detect(p("a.txt"), "<!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(
            Format::detect(
                p("a.html"),
                "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"
            ),
            Format::Feed
        );
        assert_eq!(
            Format::detect(p("a.xml"), "<!-- c --><feed xmlns=\"x\">"),
            Format::Feed
        );
        assert_eq!(Format::detect(p("a.jsonl"), "{\"a\":1}"), Format::JsonLines);
        assert_eq!(Format::detect(p("-"), "[{\"title\":1}]"), Format::Json);
        assert_eq!(
            Format::detect(p("-"), "---\ntitle: x\n---\n"),
            Format::Markdown
        );
        assert_eq!(Format::detect(p("notes"), "Just words."), Format::Text);
        // Brackets open text too; it is JSON only when it parses.
        for text in [
            "[ http://example.com/a ]\nNASA said.",
            "[1] Footnote",
            "{Updated} Text",
        ] {
            assert_eq!(Format::detect(p("a.txt"), text), Format::Text, "{text}");
            assert_eq!(Format::detect(p("-"), text), Format::Text, "{text}");
        }
        assert_eq!(
            Format::detect(p("a.txt"), "[{\"title\":1}]\n"),
            Format::Json
        );
        assert_eq!(
            Format::detect(p("a.txt"), "{\"a\":1}\n{\"a\":2}\n"),
            Format::Json
        );
        assert_eq!(Format::detect(p("a.json"), "[ not json"), Format::Json);
        assert_eq!(
            Format::detect(p("a.md"), "# Title\n<div>x</div>"),
            Format::Markdown
        );
    }

    #[test]
    fn a_feed_file_gives_one_article_per_item() {
        let rss = "<rss version=\"2.0\"><channel><title>Wire</title>\
            <item><title>One</title><description>Russia met.</description></item>\
            <item><title>Two</title><description>Iran met.</description></item></channel></rss>";
        let (articles, _) = read_bytes(Path::new("wire.xml"), rss.as_bytes()).expect("feed");
        let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["One", "Two"]);
        assert!(
            articles
                .iter()
                .all(|a| a.format == Format::Feed && a.source == "Wire")
        );
    }

    #[test]
    fn sizes_read_for_people() {
        assert_eq!(human_size(32 * 1024 * 1024), "32 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(12), "12 bytes");
    }

    #[test]
    fn scraped_text_reads_its_character_references_as_what_they_stand_for() {
        let a = Article::from_plain_text(
            Path::new("x.txt"),
            "Procter &amp; Gamble&#x27;s year\n\nA short standfirst.\n\n\
             AT&amp;T and R&D fell &mdash; a &ldquo;rout&rdquo;&#33; \
             Escaped: &#27;[2J, &bogus; &amp &.",
        );
        assert_eq!(a.title, "Procter & Gamble's year");
        assert_eq!(
            a.body,
            "AT&T and R&D fell — a “rout”! Escaped: ␛[2J, &bogus; &amp &."
        );
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let a = Article::from_plain_text(
            Path::new("x.txt"),
            "Title\r\n\r\nStandfirst.\r\n\r\nEvil \u{1b}[2J\ttext\u{7}\u{7f}\u{9b}.\n\nMore.",
        );
        assert_eq!(a.body, "Evil ␛[2J text␇␡\u{fffd}.\n\nMore.");
    }
}
