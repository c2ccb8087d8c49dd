//! Reading articles: finding the files under the paths given, reading each one into an
//! [`Article`], and reporting the files that could not be read as [`Warning`]s.

pub mod date;
mod plaintext;

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use date::Date;

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

/// File extensions picked up when walking a folder.
const ARTICLE_EXTENSIONS: &[&str] = &["txt"];

/// One article: its headline, standfirst, date and body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Where it came from, as the user named it (or the seed's file name).
    pub path: PathBuf,
    /// The outlet: from metadata when the format has it, else the file name.
    pub source: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub date: Option<Date>,
    /// The body: paragraphs separated by one blank line ("\n\n").
    pub body: String,
    /// The byte range of each paragraph in `body`.
    pub paragraphs: Vec<Range<usize>>,
}

impl Article {
    /// Builds an article from scraped plain text.
    pub fn from_plain_text(path: &Path, text: &str) -> Self {
        let clean = sanitize(text);
        let parsed = plaintext::parse(&clean);
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let mut body = String::new();
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
            source: stem,
            subtitle: parsed.subtitle,
            date: parsed.date,
            body,
            paragraphs,
        }
    }
}

/// Removes what would disturb a terminal or the matcher: a byte-order mark, carriage
/// returns, tabs (made spaces) and other control characters (made U+FFFD).
fn sanitize(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .chars()
        .filter(|&c| c != '\r')
        .map(|c| match c {
            '\t' => ' ',
            '\n' => '\n',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Something that went wrong with one input; the others still load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Why one file could not be read as an article.
#[derive(Debug, thiserror::Error)]
pub enum ArticleError {
    #[error("cannot read it ({0})")]
    Io(#[from] std::io::Error),
    #[error("the file is empty")]
    Empty,
    #[error("not valid UTF-8 text (bad byte at offset {0}); save it as UTF-8")]
    NotUtf8(usize),
}

/// Where the articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Files on disk, in order.
    Files(Vec<PathBuf>),
    /// The seeds compiled into the binary.
    Builtin,
}

impl Input {
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

/// A path named on the command line that does not exist.
#[derive(Debug, thiserror::Error)]
#[error("{}: no such file or folder", .0.display())]
pub struct MissingPath(pub PathBuf);

/// Resolves the command line's paths to article files: files as named, folders walked
/// recursively for `.txt` files in name order. No paths: `./seeds` if it is a folder,
/// else the built-in seeds. Folders that cannot be read become warnings.
pub fn resolve(paths: &[PathBuf]) -> Result<(Input, Vec<Warning>), MissingPath> {
    if paths.is_empty() {
        let seeds = Path::new("seeds");
        if seeds.is_dir() {
            return resolve(&[seeds.to_owned()]);
        }
        return Ok((Input::Builtin, Vec::new()));
    }
    if let Some(missing) = paths.iter().find(|p| std::fs::metadata(p).is_err()) {
        return Err(MissingPath(missing.clone()));
    }
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut seen_dirs = HashSet::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut files, &mut warnings, &mut seen_dirs);
        } else {
            files.push(path.clone());
        }
    }
    Ok((Input::Files(files), warnings))
}

fn walk(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    warnings: &mut Vec<Warning>,
    seen: &mut HashSet<PathBuf>,
) {
    // Canonical paths guard against symlink loops.
    if let Ok(real) = dir.canonicalize()
        && !seen.insert(real)
    {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warnings.push(Warning {
                path: dir.to_owned(),
                message: format!("cannot read folder ({e})"),
            });
            return;
        }
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, files, warnings, seen);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            files.push(path);
        }
    }
}

/// Reads one file as an article.
pub fn read_article(path: &Path) -> Result<Article, ArticleError> {
    let bytes = std::fs::read(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| ArticleError::NotUtf8(e.valid_up_to()))?;
    article_from_text(path, text)
}

/// Builds an article from text already in memory.
pub fn article_from_text(path: &Path, text: &str) -> Result<Article, ArticleError> {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ArticleError::Empty);
    }
    Ok(Article::from_plain_text(path, text))
}

/// The `i`-th article of an input, or the warning that replaces it.
pub fn load_nth(input: &Input, i: usize) -> Result<Article, Warning> {
    match input {
        Input::Builtin => {
            let (name, text) = BUILTIN_SEEDS[i];
            article_from_text(Path::new(name), text)
        }
        Input::Files(files) => read_article(&files[i]),
    }
    .map_err(|e| Warning {
        path: input.path(i),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("newslens-corpus-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

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
    fn folder_walk_is_recursive_sorted_and_txt_only() {
        let dir = temp_dir("walk");
        std::fs::create_dir_all(dir.join("b/c")).expect("mkdir");
        for f in ["b/c/z.txt", "a.txt", "b/y.TXT", "notes.md", "b/image.png"] {
            std::fs::write(dir.join(f), "Title\n\nBody.").expect("write");
        }
        let (input, warnings) = resolve(std::slice::from_ref(&dir)).expect("resolves");
        assert!(warnings.is_empty());
        let Input::Files(files) = input else {
            panic!("files")
        };
        let rel: Vec<_> = files
            .iter()
            .map(|f| {
                f.strip_prefix(&dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(rel, ["a.txt", "b/c/z.txt", "b/y.TXT"]);
    }

    #[test]
    fn missing_path_is_an_error_naming_it() {
        let err = resolve(&[PathBuf::from("/definitely/not/here.txt")]).expect_err("missing");
        assert_eq!(
            err.to_string(),
            "/definitely/not/here.txt: no such file or folder"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_does_not_hang() {
        let dir = temp_dir("loop");
        std::fs::write(dir.join("a.txt"), "T\n\nB").expect("write");
        std::os::unix::fs::symlink(&dir, dir.join("again")).expect("symlink");
        let (input, _) = resolve(std::slice::from_ref(&dir)).expect("resolves");
        assert_eq!(input.len(), 1);
    }

    #[test]
    fn bad_files_give_reasons() {
        let dir = temp_dir("bad");
        std::fs::write(dir.join("empty.txt"), " \n\n ").expect("write");
        std::fs::write(dir.join("latin1.txt"), b"Caf\xe9 news\n").expect("write");
        let (input, _) = resolve(std::slice::from_ref(&dir)).expect("resolves");
        let msgs: Vec<String> = (0..input.len())
            .map(|i| load_nth(&input, i).expect_err("bad").to_string())
            .collect();
        assert!(
            msgs[0].ends_with("empty.txt: the file is empty"),
            "{msgs:?}"
        );
        assert!(
            msgs[1].contains("latin1.txt: not valid UTF-8 text (bad byte at offset 3)"),
            "{msgs:?}"
        );
        let err = read_article(&dir.join("gone.txt")).expect_err("missing");
        assert!(err.to_string().starts_with("cannot read it"));
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let a = Article::from_plain_text(
            Path::new("x.txt"),
            "Title\r\n\r\nStandfirst.\r\n\r\nEvil \u{1b}[2J\ttext\u{7}.\n\nMore.",
        );
        assert_eq!(a.body, "Evil \u{fffd}[2J text\u{fffd}.\n\nMore.");
    }
}
