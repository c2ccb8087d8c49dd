//! From the command line's paths to bytes: folders walked for the formats newslens reads,
//! each file given once however it was named, and one input's bytes read within the size
//! limit whatever it is — a regular file, standard input or a named pipe. Devices, sockets
//! and other files that never end are refused by what they are, not by what their
//! metadata says of their size.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use rustc_hash::FxHashSet;

use super::{ArticleError, Files, Input, STDIN, Warning};

/// A problem with the command line's paths.
#[derive(Debug, thiserror::Error)]
pub enum PathError {
    #[error("{}: no such file or folder", super::display_path(.0))]
    Missing(PathBuf),
    #[error(
        "-: standard input is a terminal; pipe an article in (for example: curl -s URL | newslens -)"
    )]
    StdinIsTerminal,
}

/// File extensions picked up when walking a folder.
const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "shtml", "xml", "rss",
    "atom", "rdf", "json", "jsonl", "ndjson",
];

/// Resolves the command line's paths to article files: files as named (any extension;
/// `-` is standard input, once), folders walked recursively for the formats newslens reads,
/// in name order. A file reached twice (named twice, or by name and inside its folder) is
/// read once, silently. No paths: `./seeds` if it is a folder, else the built-in seeds.
/// Folders that cannot be read, link loops and special files met in folders become
/// warnings.
pub fn resolve(paths: &[PathBuf]) -> Result<(Input, Vec<Warning>), PathError> {
    if paths.is_empty() {
        let seeds = Path::new("seeds");
        if seeds.is_dir() {
            return resolve(&[seeds.to_owned()]);
        }
        return Ok((Input::Builtin, Vec::new()));
    }
    let stdin = Path::new(STDIN);
    if let Some(missing) = paths
        .iter()
        .find(|p| p.as_path() != stdin && !crate::fetch::is_url(p) && fs::metadata(p).is_err())
    {
        return Err(PathError::Missing(missing.clone()));
    }
    if paths.iter().any(|p| p.as_path() == stdin) && io::IsTerminal::is_terminal(&io::stdin()) {
        return Err(PathError::StdinIsTerminal);
    }
    let mut walker = Walker::default();
    for path in paths {
        if path.as_path() == stdin {
            if !walker.stdin_taken {
                walker.stdin_taken = true;
                walker.files.push(path.clone(), false);
            }
        } else if crate::fetch::is_url(path) {
            // A URL is read when its turn comes; the same URL twice is read once.
            if walker.seen_files.insert(path.clone().into_os_string()) {
                walker.files.push(path.clone(), false);
            }
        } else if path.is_dir() {
            walker.walk(path, &mut Vec::new());
        } else {
            walker.add(path.clone());
        }
    }
    Ok((Input::Files(walker.files), walker.warnings))
}

#[derive(Default)]
struct Walker {
    files: Files,
    warnings: Vec<Warning>,
    /// Canonical paths of the files taken, as bytes: a canonical path has one spelling,
    /// and hashing a `Path` walks its components (a tenth of a second for 100,000 files).
    seen_files: FxHashSet<OsString>,
    /// Canonical paths of the folders walked, with the name each was first met by.
    seen_dirs: HashMap<PathBuf, PathBuf>,
    stdin_taken: bool,
}

impl Walker {
    /// Takes a file unless it was taken already under this or another name.
    fn add(&mut self, path: PathBuf) {
        // A path that cannot be made canonical (a broken link) is taken as its
        // components, so that its spellings ("a//b", "a/./b") are one.
        let real = path
            .canonicalize()
            .unwrap_or_else(|_| path.components().collect());
        self.add_real(path, real, false);
    }

    /// [`Walker::add`], the file's canonical path known, and whether its folder's
    /// listing said it is a regular file.
    fn add_real(&mut self, path: PathBuf, real: PathBuf, listed_regular: bool) {
        if self.seen_files.insert(real.into_os_string()) {
            self.files.push(path, listed_regular);
        }
    }

    fn warn(&mut self, path: &Path, message: String) {
        self.warnings.push(Warning {
            path: path.to_owned(),
            message,
        });
    }

    /// Walks `dir`, inside the canonical folders `ancestors`. A link back to one of them is
    /// a loop and a warning; a folder reached a second way is walked once, silently.
    fn walk(&mut self, dir: &Path, ancestors: &mut Vec<PathBuf>) {
        let real = match dir.canonicalize() {
            Ok(real) => real,
            Err(e) => return self.warn(dir, format!("cannot follow this folder ({e})")),
        };
        if ancestors.contains(&real) {
            let first = self.seen_dirs.get(&real).unwrap_or(&real).clone();
            return self.warn(
                dir,
                format!(
                    "leads back to {}, a folder it is inside; skipped (a link loop)",
                    super::display_path(&first)
                ),
            );
        }
        if self.seen_dirs.contains_key(&real) {
            return;
        }
        self.seen_dirs.insert(real.clone(), dir.to_owned());
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => return self.warn(dir, format!("cannot read folder ({e})")),
        };
        // What each entry is comes with it on most systems: only links (and entries of
        // unknown type) need a stat, and a plain file's real path is its folder's.
        // Sorted by name, which in one folder is the order of their paths (a comparison
        // of bytes, not of parsed components).
        let mut entries: Vec<(std::ffi::OsString, PathBuf, Option<fs::FileType>)> = entries
            .filter_map(|e| {
                e.ok()
                    .map(|e| (e.file_name(), e.path(), e.file_type().ok()))
            })
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        ancestors.push(real.clone());
        for (name, path, kind) in entries {
            // The extension read off the entry's name, not parsed out of its whole path.
            let article = has_article_extension(Path::new(&name));
            if kind.is_some_and(|k| k.is_file()) {
                if article {
                    self.add_real(path, real.join(&name), true);
                }
                continue;
            }
            // Following links: a link to a folder is walked, a link to a file read.
            match fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => self.walk(&path, ancestors),
                Ok(meta) if !meta.is_file() => {
                    let what = special_kind(&meta);
                    self.warn(&path, format!("not a regular file ({what}); skipped"));
                }
                // A broken link with an article's name is reported when it is read.
                _ if article => self.add(path),
                _ => {}
            }
        }
        ancestors.pop();
    }
}

fn has_article_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|a| a.eq_ignore_ascii_case(e)))
}

/// What a file that is neither a regular file nor a folder is, for messages.
fn special_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        return "a folder";
    }
    "a special file"
}

#[cfg(unix)]
fn is_fifo(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_fifo()
}

#[cfg(not(unix))]
fn is_fifo(_: &fs::Metadata) -> bool {
    false
}

/// Reads one input's bytes, at most `limit` of them: standard input and named pipes as
/// streams (a pipe waits at most `pipe_wait` for a program to open it for writing),
/// regular files up to the limit whatever their size says, anything else refused. A
/// file that was regular when its folder was listed (`listed_regular`) is read at once.
pub fn read_limited(
    path: &Path,
    limit: u64,
    pipe_wait: Duration,
    listed_regular: bool,
) -> Result<Vec<u8>, ArticleError> {
    if path == Path::new(STDIN) {
        return read_at_most(io::stdin().lock(), limit, 0);
    }
    if listed_regular && let Some(bytes) = read_at_once(path, limit) {
        return Ok(bytes);
    }
    let meta = fs::metadata(path)?;
    if is_fifo(&meta) {
        return read_at_most(open_pipe(path, pipe_wait)?, limit, 0);
    }
    if !meta.is_file() {
        return Err(ArticleError::NotRegular(special_kind(&meta)));
    }
    if meta.len() > limit {
        return Err(ArticleError::TooLarge {
            size: Some(meta.len()),
            limit,
        });
    }
    // Room for the whole file and a little more, so that reading it takes one read and
    // one that finds the end, without growing the buffer.
    let expected = usize::try_from(meta.len()).unwrap_or(0);
    read_at_most(File::open(path)?, limit, expected.saturating_add(64))
}

/// Reads a file that was regular when its folder was listed, without asking what it is
/// first (ripgrep does not either): opened without waiting (should it have become a
/// named pipe since, the open does not hang on a writer) and read up to `limit` into
/// this thread's buffer, then copied out at its size (a large file's buffer is handed
/// over). `None` when that did not give the text — an error, nothing read, or more than
/// `limit` — for the full checks to say why.
fn read_at_once(path: &Path, limit: u64) -> Option<Vec<u8>> {
    /// The first read: most articles fit, and the buffer keeps this much between files.
    const FIRST: usize = 64 << 10;
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let file = open_without_waiting(path).ok()?;
    let mut reader = file.take(limit.saturating_add(1));
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        buffer.reserve(FIRST);
        let mut read = || -> io::Result<()> {
            if (&mut reader).take(FIRST as u64).read_to_end(buffer)? == FIRST {
                // A larger file: sized once from the open file (no path to look up),
                // not grown by doubling, so that it takes no more room than its size.
                let size = reader
                    .get_ref()
                    .metadata()?
                    .len()
                    .min(limit.saturating_add(1));
                let size = usize::try_from(size).unwrap_or(usize::MAX);
                buffer.reserve(size.saturating_sub(FIRST).saturating_add(1));
                reader.read_to_end(buffer)?;
            }
            Ok(())
        };
        let fits = read().is_ok() && !buffer.is_empty() && buffer.len() as u64 <= limit;
        if buffer.capacity() > FIRST {
            // A large file's buffer is handed over as it is rather than copied; the
            // next file starts a buffer of its own.
            let taken = std::mem::take(buffer);
            return fits.then_some(taken);
        }
        fits.then(|| buffer.to_vec())
    })
}

#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Reads to the end, or fails as too large on the byte after `limit`; `capacity` is the
/// room to start with.
fn read_at_most(reader: impl Read, limit: u64, capacity: usize) -> Result<Vec<u8>, ArticleError> {
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ArticleError::TooLarge { size: None, limit });
    }
    Ok(bytes)
}

/// Opens a named pipe for reading. Opening blocks until a program opens the other end, so
/// it happens on a helper thread and is given up after `wait` (the helper stays parked in
/// the open call, costing nothing, until the process ends or a writer comes).
fn open_pipe(path: &Path, wait: Duration) -> Result<File, ArticleError> {
    let (tx, rx) = mpsc::channel();
    let owned = path.to_owned();
    thread::Builder::new()
        .name("newslens-pipe".into())
        .spawn(move || {
            let _ = tx.send(File::open(owned));
        })?;
    match rx.recv_timeout(wait) {
        Ok(opened) => Ok(opened?),
        Err(_) => Err(ArticleError::NoWriter(wait)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(input: &Input, dir: &Path) -> Vec<String> {
        let Input::Files(files) = input else {
            panic!("files")
        };
        files
            .iter()
            .map(|f| {
                f.strip_prefix(dir)
                    .unwrap_or(f)
                    .to_string_lossy()
                    .into_owned()
            })
            .collect()
    }

    #[test]
    fn folder_walk_is_recursive_sorted_and_skips_other_files() {
        let dir = tempfile::tempdir().expect("dir");
        let dir = dir.path();
        fs::create_dir_all(dir.join("b/c")).expect("mkdir");
        for f in [
            "b/c/z.txt",
            "a.txt",
            "b/y.TXT",
            "notes.md",
            "b/image.png",
            "feed.rss",
        ] {
            fs::write(dir.join(f), "Title\n\nBody.").expect("write");
        }
        let (input, warnings) = resolve(&[dir.to_owned()]).expect("resolves");
        assert!(warnings.is_empty());
        assert_eq!(
            names(&input, dir),
            ["a.txt", "b/c/z.txt", "b/y.TXT", "feed.rss", "notes.md"]
        );
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
        let dir = tempfile::tempdir().expect("dir");
        let dir = dir.path();
        fs::write(dir.join("a.txt"), "T\n\nB").expect("write");
        std::os::unix::fs::symlink(dir, dir.join("again")).expect("symlink");
        let (input, warnings) = resolve(&[dir.to_owned()]).expect("resolves");
        assert_eq!(input.len(), 1);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].path, dir.join("again"));
        assert!(
            warnings[0]
                .message
                .starts_with(&format!("leads back to {}", dir.display())),
            "{}",
            warnings[0]
        );
    }

    #[cfg(unix)]
    #[test]
    fn every_file_is_given_once_however_it_was_named() {
        let dir = tempfile::tempdir().expect("dir");
        let dir = dir.path();
        fs::create_dir_all(dir.join("sub")).expect("mkdir");
        fs::write(dir.join("a.txt"), "T\n\nB").expect("write");
        fs::write(dir.join("sub/b.txt"), "T\n\nB").expect("write");
        // A second link to a folder already walked is no loop.
        std::os::unix::fs::symlink(dir.join("sub"), dir.join("link")).expect("symlink");
        let paths = [
            dir.join("a.txt"),
            dir.to_owned(),
            dir.to_owned(),
            dir.join("sub"),
            dir.join("./a.txt"),
        ];
        let (input, warnings) = resolve(&paths).expect("resolves");
        assert!(warnings.is_empty(), "{warnings:?}");
        // The folder is walked once, under the first name met (in name order).
        assert_eq!(names(&input, dir), ["a.txt", "link/b.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn special_files_in_folders_are_named_and_skipped() {
        let dir = tempfile::tempdir().expect("dir");
        let dir = dir.path();
        fs::write(dir.join("a.txt"), "T\n\nB").expect("write");
        let status = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.txt"))
            .status()
            .expect("mkfifo");
        assert!(status.success());
        let (input, warnings) = resolve(&[dir.to_owned()]).expect("resolves");
        assert_eq!(names(&input, dir), ["a.txt"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            warnings[0].to_string(),
            format!(
                "{}: not a regular file (a named pipe); skipped",
                dir.join("pipe.txt").display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_by_what_it_is_not_by_its_size() {
        let err =
            read_limited(Path::new("/dev/zero"), 1024, Duration::ZERO, false).expect_err("device");
        assert_eq!(
            err.to_string(),
            "not a regular file (a character device); skipped"
        );
    }

    #[test]
    fn a_stream_is_cut_at_the_limit() {
        let endless = io::repeat(b'x');
        let err = read_at_most(endless, 1024, 0).expect_err("endless");
        assert_eq!(
            err.to_string(),
            "larger than the 1 KiB limit; skipped — raise the limit with --max-file-size"
        );
        assert_eq!(read_at_most(&b"abc"[..], 3, 8).expect("fits"), b"abc");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_read_as_a_stream_or_given_up_without_a_writer() {
        let dir = tempfile::tempdir().expect("dir");
        let (lonely, pipe) = (dir.path().join("lonely"), dir.path().join("pipe"));
        for p in [&lonely, &pipe] {
            let status = std::process::Command::new("mkfifo")
                .arg(p)
                .status()
                .expect("mkfifo");
            assert!(status.success());
        }
        let err =
            read_limited(&lonely, 1024, Duration::from_millis(50), false).expect_err("no writer");
        assert!(
            err.to_string().starts_with("a named pipe nothing wrote to"),
            "{err}"
        );
        let writer = {
            let pipe = pipe.clone();
            thread::spawn(move || fs::write(pipe, "Title\n\nBody."))
        };
        let bytes = read_limited(&pipe, 1024, Duration::from_secs(30), false).expect("read");
        assert_eq!(bytes, b"Title\n\nBody.");
        writer.join().expect("joined").expect("written");
    }

    /// A file listed as regular is read without asking what it is; what is no longer
    /// such a file, or cannot be read so, is told as it would have been.
    #[test]
    fn a_listed_file_is_read_at_once_and_anything_else_told_as_before() {
        let dir = tempfile::tempdir().expect("dir");
        let read = |name: &str, limit: u64| {
            let path = dir.path().join(name);
            let listed = read_limited(&path, limit, Duration::from_millis(50), true);
            let asked = read_limited(&path, limit, Duration::from_millis(50), false);
            let told = |r: &Result<Vec<u8>, ArticleError>| match r {
                Ok(bytes) => Ok(bytes.clone()),
                Err(e) => Err(e.to_string()),
            };
            assert_eq!(told(&listed), told(&asked), "{name}");
            told(&listed)
        };
        let text = "Title\n\nBody.".repeat(10_000);
        fs::write(dir.path().join("a.txt"), &text).expect("write");
        assert_eq!(read("a.txt", 1 << 20), Ok(text.clone().into_bytes()));
        // Read at once: no answer is left to the full checks but what they must tell.
        let at_once = |name: &str, limit| read_at_once(&dir.path().join(name), limit);
        assert_eq!(at_once("a.txt", 1 << 20), Some(text.clone().into_bytes()));
        assert_eq!(at_once("a.txt", 1024), None);
        // A large file is read into room of its size, not into a buffer grown by
        // doubling (which can hold twice the file).
        let large = "Body. ".repeat(600_000);
        fs::write(dir.path().join("large.txt"), &large).expect("write");
        let bytes = at_once("large.txt", 16 << 20).expect("read");
        assert_eq!(bytes, large.as_bytes());
        assert!(bytes.capacity() <= bytes.len() + 1, "{}", bytes.capacity());
        let err = read("a.txt", 1024).expect_err("too large");
        // Its size is named, as when it was asked first.
        assert!(err.contains("limit (117.2 KiB)"), "{err}");
        fs::write(dir.path().join("empty.txt"), "").expect("write");
        assert_eq!(read("empty.txt", 1024), Ok(Vec::new()));
        assert!(read("gone.txt", 1024).is_err());
        // Since the folder was listed, a file became a folder, or a named pipe with
        // nothing to write to it: neither is read as a file, and the pipe does not hang.
        fs::create_dir(dir.path().join("folder.txt")).expect("folder");
        assert_eq!(at_once("folder.txt", 1024), None);
        let err = read("folder.txt", 1024).expect_err("a folder");
        assert_eq!(err, "not a regular file (a folder); skipped");
        #[cfg(unix)]
        {
            let status = std::process::Command::new("mkfifo")
                .arg(dir.path().join("pipe.txt"))
                .status()
                .expect("mkfifo");
            assert!(status.success());
            assert_eq!(at_once("pipe.txt", 1024), None);
            let err = read("pipe.txt", 1024).expect_err("no writer");
            assert!(err.starts_with("a named pipe nothing wrote to"), "{err}");
        }
    }
}
