//! Writing files so that a crash leaves either the old file or the new one, never half
//! of either: a temporary file in the same folder, flushed to disk, then renamed.

use std::io::{self, Write};
use std::path::Path;

/// How the temporary files written next to their target start.
pub const TEMP_PREFIX: &str = ".newslens-";

/// Replaces `path` with `bytes` atomically.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// Replaces `path` atomically with what `fill` writes (buffered): for output too large to
/// hold. If `fill` fails, `path` is left as it was.
pub fn write_with<T, E: From<io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
) -> Result<T, E> {
    replace(path, fill, true)
}

/// Replaces `path` with `bytes` as one file of a batch (an export folder's thousands):
/// atomically, so that a stop leaves the old file or the new one, but flushed to disk
/// only when the batch is, by [`flush_batch`]. One flush of the file system for the batch
/// costs what one file's did; a flush per file made a 10,000-article export take seconds.
pub fn write_in_batch(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, |w| w.write_all(bytes), !cfg!(unix))
}

/// Flushes to disk the files written by [`write_in_batch`] in the folder `dir`: the file
/// system it is on (Linux), or every file system (other Unix systems). Elsewhere each
/// file was flushed as it was written.
pub fn flush_batch(dir: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    rustix::fs::syncfs(std::fs::File::open(dir)?)?;
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let _ = dir;
        rustix::fs::sync();
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn replace<T, E: From<io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<T, E>,
    sync: bool,
) -> Result<T, E> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let mut out = io::BufWriter::new(tmp);
    let value = fill(&mut out)?;
    let tmp = out.into_inner().map_err(io::IntoInnerError::into_error)?;
    if sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out.json");
        write(&path, b"old").expect("first");
        write(&path, b"new").expect("second");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["out.json"]);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("out.jsonl");
        write(&path, b"old").expect("first");
        let failed: io::Result<()> = write_with(&path, |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::other("the reading stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).expect("read"), b"old");
        write_with(&path, |w| w.write_all(b"new")).expect("second");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn a_batch_replaces_its_files_and_flushes_once() {
        let dir = tempfile::tempdir().expect("dir");
        let paths: Vec<_> = (0..3)
            .map(|i| dir.path().join(format!("{i}.txt")))
            .collect();
        for p in &paths {
            write_in_batch(p, b"old").expect("first");
            write_in_batch(p, b"new").expect("second");
        }
        flush_batch(dir.path()).expect("flushed");
        for p in &paths {
            assert_eq!(std::fs::read(p).expect("read"), b"new");
        }
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 3);
        assert!(flush_batch(&dir.path().join("gone")).is_err() || !cfg!(target_os = "linux"));
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        assert!(write(&dir.path().join("no/such/out.json"), b"x").is_err());
    }
}
