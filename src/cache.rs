//! The cache of read and annotated articles, for the reader's instant reopen: each file's
//! articles with their tracked mentions, kept under the file's path with its size,
//! modification time and inode and the settings that shaped them (this newslens, the
//! entity set, the largest file size read); and what discovery found in each text,
//! kept under the text's hash, its tracked mentions and the model. A file whose size,
//! time or inode changed is read again; a file no longer given is not read, and its
//! entry ages out.
//!
//! One [redb](https://docs.rs/redb) file (`articles.redb` in the user's cache folder):
//! an embedded store in Rust alone, kept up, safe against a crash mid-write (its
//! commits are copy-on-write and checksummed), readable from every loading thread while
//! one writes. A file per article would cost a hundred thousand opens to reopen a
//! hundred thousand articles. Each value also carries its own xxh3 checksum and is
//! decoded with `postcard`; a value that fails either is read again, never trusted. A
//! file that is not such a store, or one written by another format, is put aside and a
//! new one begun.
//!
//! Size: each article entry notes the day it was last used; when the file outgrows its
//! limit (default 1 GiB) on closing, the least recently used entries go (and every
//! discovery entry, which the next reading finds again) until it is under three
//! quarters of it, and the file is compacted.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use redb::{Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::corpus::{Article, Warning};
use crate::discover::Found;
use crate::document::Document;
use crate::entities::{EntityId, Matcher, Mention};

/// Changes whenever what is stored changes shape or meaning.
const FORMAT: u64 = 2;
/// How files are read into articles: raised whenever the same file comes to give other
/// articles (plain text's character references decoded: 1), so that what was stored
/// before is read again, not trusted.
const READING: u64 = 1;
/// How discovery decides, beyond its model: raised whenever the same text and model come
/// to give other names (an organisation's name holding a country: 1; companies' legal
/// forms keeping their full stop, and a full name outvoting a surname: 2; a compass
/// point making a place of a place: 3), so that names found before are found again.
const DISCOVERY: u64 = 3;

/// The default limit on the cache file's size.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

/// Entries waiting to be written before a commit.
const BATCH_ENTRIES: usize = 2000;
const BATCH_BYTES: usize = 64 << 20;

const ARTICLES: TableDefinition<&[u8], &[u8]> = TableDefinition::new("articles");
const USED: TableDefinition<&[u8], u32> = TableDefinition::new("used");
const FOUND: TableDefinition<u64, &[u8]> = TableDefinition::new("found");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

/// The cache's file in `dir`.
pub fn file_in(dir: &Path) -> PathBuf {
    dir.join("articles.redb")
}

/// The folder of the cache in the user's cache folder.
pub fn default_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "newslens")?;
    Some(dirs.cache_dir().to_path_buf())
}

static SETUP: OnceLock<Option<(PathBuf, u64)>> = OnceLock::new();
static SHARED: OnceLock<Option<Cache>> = OnceLock::new();

/// Keeps this process's cache in `dir` with a size limit, or no cache (`None`); only
/// before its first use. Returns whether it took.
pub fn configure(setup: Option<(PathBuf, u64)>) -> bool {
    SHARED.get().is_none() && SETUP.set(setup).is_ok()
}

/// This process's cache, opened on first use: `None` when there is none (not
/// configured, turned off, or in use by another newslens).
pub fn shared() -> Option<&'static Cache> {
    SHARED
        .get_or_init(|| {
            let (dir, max) = SETUP.get().cloned().flatten()?;
            Cache::open(&dir, max).ok()
        })
        .as_ref()
}

/// Writes what is waiting and keeps the file to its size, if the cache was used.
pub fn close() {
    if let Some(Some(cache)) = SHARED.get() {
        cache.close();
    }
}

/// Why the cache could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot create {}: {error}", path.display())]
    Folder {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{} is in use by another newslens", path.display())]
    InUse { path: PathBuf },
    #[error("cannot open {}: {error}", path.display())]
    Store { path: PathBuf, error: String },
}

/// What waits to be written.
#[derive(Debug, Default)]
struct Batch {
    articles: Vec<(Vec<u8>, Vec<u8>)>,
    found: Vec<(u64, Vec<u8>)>,
    used: Vec<Vec<u8>>,
    bytes: usize,
}

impl Batch {
    fn len(&self) -> usize {
        self.articles.len() + self.found.len() + self.used.len()
    }
}

/// The open cache.
#[derive(Debug)]
pub struct Cache {
    /// `None` once closed: the store is dropped then, which marks its file as shut down
    /// cleanly (a file left open is checked through on its next opening, at a cost that
    /// grows with its size).
    db: RwLock<Option<Database>>,
    file: PathBuf,
    max_bytes: u64,
    /// Days since 1970, the time each entry used now is marked with.
    today: u32,
    pending: Mutex<Batch>,
}

/// A file's place in the cache, taken before it is read: what it is stored under.
#[derive(Debug)]
pub struct Ticket {
    settings: u64,
    identity: Identity,
    key: Vec<u8>,
}

/// Two tracked entities sharing a sentence (see [`Document::shared`]).
type Pair = (EntityId, EntityId);

/// A file's articles as stored (written from borrowed documents, read as owned).
#[derive(Serialize)]
struct StoredRef<'a> {
    settings: u64,
    identity: Identity,
    docs: Vec<(&'a Article, Vec<Mention>, &'a [Pair])>,
    warnings: Vec<&'a str>,
}

#[derive(Deserialize)]
struct Stored {
    settings: u64,
    identity: Identity,
    docs: Vec<(Article, Vec<Mention>, Vec<Pair>)>,
    warnings: Vec<String>,
}

/// What tells a file's version: its size, modification time and inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Identity {
    size: u64,
    modified: u128,
    inode: u64,
}

impl Identity {
    fn of(meta: &fs::Metadata) -> Option<Self> {
        if !meta.is_file() {
            return None;
        }
        let modified = meta
            .modified()
            .ok()?
            .duration_since(UNIX_EPOCH)
            .ok()?
            .as_nanos();
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Self {
            size: meta.len(),
            modified,
            inode,
        })
    }
}

/// A value with its checksum in front.
fn sealed(body: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 8);
    out.extend_from_slice(&xxh3_64(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// The body of a sealed value whose checksum holds.
fn unsealed(value: &[u8]) -> Option<&[u8]> {
    let (sum, body) = value.split_at_checked(8)?;
    (u64::from_le_bytes(sum.try_into().ok()?) == xxh3_64(body)).then_some(body)
}

/// A hash begun with what every key depends on: the cache's format and this newslens.
fn this_newslens() -> Xxh3 {
    let mut h = Xxh3::new();
    h.update(&FORMAT.to_le_bytes());
    h.update(&READING.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h
}

/// What shapes a file's stored articles besides the file: this newslens, the entity
/// set, the size limit.
fn settings(matcher: &Matcher, max_file_size: u64) -> u64 {
    let mut h = this_newslens();
    h.update(&matcher.fingerprint.to_le_bytes());
    h.update(&max_file_size.to_le_bytes());
    h.digest()
}

/// What this process's cache kept of what discovery found in `doc` before, if it has a
/// cache; with the key to keep it under (`None` without a cache).
pub fn found_before(doc: &Document) -> (Option<u64>, Option<Vec<Found>>) {
    let Some(cache) = shared() else {
        return (None, None);
    };
    let key = found_key(doc);
    (Some(key), cache.found(key))
}

/// The key of what discovery found in `doc`: its text, its tracked mentions, this
/// newslens, its model and the name lists the model and the world layer read.
pub fn found_key(doc: &Document) -> u64 {
    static RECOGNISER: OnceLock<u64> = OnceLock::new();
    let recogniser =
        RECOGNISER.get_or_init(|| xxh3_64(crate::ner::MODEL) ^ crate::ner::lists::fingerprint());
    let mut h = this_newslens();
    h.update(&DISCOVERY.to_le_bytes());
    h.update(&recogniser.to_le_bytes());
    h.update(doc.hash.as_bytes());
    for m in doc.mentions.iter().filter(|m| !m.entity.is_discovered()) {
        for n in [m.start as u64, m.end as u64, u64::from(m.entity.0)] {
            h.update(&n.to_le_bytes());
        }
    }
    h.digest()
}

/// The mentions of tracked entities in `doc`.
fn tracked(doc: &Document) -> Vec<Mention> {
    let tracked = doc.mentions.iter().filter(|m| !m.entity.is_discovered());
    tracked.copied().collect()
}

/// The key of a file: its absolute path.
fn key_of(path: &Path) -> Option<Vec<u8>> {
    let path = std::path::absolute(path).ok()?;
    Some(path.as_os_str().as_encoded_bytes().to_vec())
}

fn days_now() -> u32 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| (d.as_secs() / 86_400) as u32)
}

impl Cache {
    /// Opens (or begins) the cache in `dir`. A file that is not a newslens cache of this
    /// format is put aside (renamed `.bad`) and a new one begun.
    pub fn open(dir: &Path, max_bytes: u64) -> Result<Self, CacheError> {
        fs::create_dir_all(dir).map_err(|error| CacheError::Folder {
            path: dir.to_owned(),
            error,
        })?;
        let file = file_in(dir);
        let db = match Self::open_store(&file) {
            Ok(db) => db,
            Err(e @ CacheError::InUse { .. }) => return Err(e),
            Err(_) => {
                let _ = fs::rename(&file, file.with_extension("bad"));
                Self::open_store(&file)?
            }
        };
        Ok(Self {
            db: RwLock::new(Some(db)),
            file,
            max_bytes,
            today: days_now(),
            pending: Mutex::new(Batch::default()),
        })
    }

    fn open_store(file: &Path) -> Result<Database, CacheError> {
        let bad = |e: &dyn std::fmt::Display| CacheError::Store {
            path: file.to_owned(),
            error: e.to_string(),
        };
        let db = match Database::builder().set_cache_size(16 << 20).create(file) {
            Ok(db) => db,
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => {
                return Err(CacheError::InUse {
                    path: file.to_owned(),
                });
            }
            Err(e) => return Err(bad(&e)),
        };
        let txn = db.begin_write().map_err(|e| bad(&e))?;
        {
            let mut meta = txn.open_table(META).map_err(|e| bad(&e))?;
            let format = meta.get("format").map_err(|e| bad(&e))?.map(|v| v.value());
            match format {
                Some(FORMAT) => {}
                None if meta.is_empty().map_err(|e| bad(&e))? => {
                    meta.insert("format", FORMAT).map_err(|e| bad(&e))?;
                }
                _ => return Err(bad(&"written by another version")),
            }
            // Every table is made now, so readers never meet a missing one.
            txn.open_table(ARTICLES).map_err(|e| bad(&e))?;
            txn.open_table(USED).map_err(|e| bad(&e))?;
            txn.open_table(FOUND).map_err(|e| bad(&e))?;
        }
        txn.commit().map_err(|e| bad(&e))?;
        Ok(db)
    }

    /// The cache's file.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// What `decode` makes of the value stored under `key`, read where the store holds
    /// it (not copied out first: at 100k articles that was 400 MB of copying).
    fn with_article_value<T>(
        &self,
        key: &[u8],
        decode: impl FnOnce(&[u8]) -> Option<T>,
    ) -> Option<T> {
        let db = self.db.read().ok()?;
        let txn = db.as_ref()?.begin_read().ok()?;
        let table = txn.open_table(ARTICLES).ok()?;
        let value = decode(table.get(key).ok()??.value())?;
        let used = txn.open_table(USED).ok()?;
        let day = used.get(key).ok()?.map(|v| v.value());
        if day != Some(self.today) {
            self.queue(|b| b.used.push(key.to_vec()));
        }
        Some(value)
    }

    /// The articles of the file at `path` as stored, if they were stored from this
    /// version of the file with these settings; else what [`Cache::keep_articles`] needs
    /// to keep them once read (nothing when the path is not a regular file).
    pub fn articles(
        &self,
        path: &Path,
        matcher: &Matcher,
        max_file_size: u64,
    ) -> Result<(Vec<Document>, Vec<Warning>), Option<Ticket>> {
        let identity = fs::metadata(path)
            .ok()
            .as_ref()
            .and_then(Identity::of)
            .ok_or(None)?;
        let key = key_of(path).ok_or(None)?;
        let ticket = Ticket {
            settings: settings(matcher, max_file_size),
            identity,
            key,
        };
        let stored: Option<Stored> = self.with_article_value(&ticket.key, |value| {
            postcard::from_bytes(unsealed(value)?).ok()
        });
        let Some(stored) =
            stored.filter(|s| s.settings == ticket.settings && s.identity == identity)
        else {
            return Err(Some(ticket));
        };
        let docs = stored
            .docs
            .into_iter()
            .map(|(mut article, mentions, shared)| {
                article.path = path.to_owned();
                Document::from_parts(article, mentions, shared)
            })
            .collect();
        let warnings = stored
            .warnings
            .into_iter()
            .map(|message| Warning {
                path: path.to_owned(),
                message,
            })
            .collect();
        Ok((docs, warnings))
    }

    /// Keeps the articles read from the file at `path` (nothing when it gave none).
    pub fn keep_articles(&self, ticket: Ticket, docs: &[Document], warnings: &[Warning]) {
        if docs.is_empty() {
            return;
        }
        let Ticket {
            settings,
            identity,
            key,
        } = ticket;
        let stored = StoredRef {
            settings,
            identity,
            docs: docs
                .iter()
                .map(|d| (&d.article, tracked(d), d.shared.as_slice()))
                .collect(),
            warnings: warnings.iter().map(|w| w.message.as_str()).collect(),
        };
        let Ok(body) = postcard::to_allocvec(&stored) else {
            return;
        };
        let value = sealed(body);
        self.queue(|b| {
            b.bytes += value.len();
            b.used.push(key.clone());
            b.articles.push((key, value));
        });
    }

    /// What discovery found under `key` (see [`found_key`]), if it was kept.
    pub fn found(&self, key: u64) -> Option<Vec<Found>> {
        let db = self.db.read().ok()?;
        let txn = db.as_ref()?.begin_read().ok()?;
        let table = txn.open_table(FOUND).ok()?;
        let value = table.get(key).ok()??;
        postcard::from_bytes(unsealed(value.value())?).ok()
    }

    /// Keeps what discovery found under `key`.
    pub fn keep_found(&self, key: u64, found: &[Found]) {
        let Ok(body) = postcard::to_allocvec(found) else {
            return;
        };
        let value = sealed(body);
        self.queue(|b| {
            b.bytes += value.len();
            b.found.push((key, value));
        });
    }

    /// Adds to what waits to be written, and writes it once there is enough.
    fn queue(&self, add: impl FnOnce(&mut Batch)) {
        let full = {
            let Ok(mut batch) = self.pending.lock() else {
                return;
            };
            add(&mut batch);
            (batch.len() >= BATCH_ENTRIES || batch.bytes >= BATCH_BYTES)
                .then(|| std::mem::take(&mut *batch))
        };
        if let Some(batch) = full {
            self.write(batch);
        }
    }

    /// Writes what waits to be written.
    pub fn flush(&self) {
        let batch = match self.pending.lock() {
            Ok(mut b) => std::mem::take(&mut *b),
            Err(_) => return,
        };
        if batch.len() > 0 {
            self.write(batch);
        }
    }

    /// Commits a batch; a cache that cannot be written is only a slower start.
    fn write(&self, batch: Batch) {
        let Ok(db) = self.db.read() else { return };
        let Some(db) = db.as_ref() else { return };
        let _ = (|| -> Result<(), redb::Error> {
            let txn = db.begin_write()?;
            {
                let mut articles = txn.open_table(ARTICLES)?;
                for (k, v) in &batch.articles {
                    articles.insert(k.as_slice(), v.as_slice())?;
                }
                let mut used = txn.open_table(USED)?;
                for k in &batch.used {
                    used.insert(k.as_slice(), self.today)?;
                }
                let mut found = txn.open_table(FOUND)?;
                for (k, v) in &batch.found {
                    found.insert(*k, v.as_slice())?;
                }
            }
            txn.commit()?;
            Ok(())
        })();
    }

    /// Writes what waits, keeps the file under its limit and shuts the store; what
    /// comes after is neither read nor kept.
    pub fn close(&self) {
        self.flush();
        let Ok(mut db) = self.db.write() else { return };
        let Some(mut open) = db.take() else { return };
        if fs::metadata(&self.file).map_or(0, |m| m.len()) > self.max_bytes {
            let _ = evict(&open, self.max_bytes / 4 * 3);
            let _ = open.compact();
        }
    }
}

/// Takes out the least recently used articles until the rest take at most `keep`
/// bytes, and every discovery entry.
fn evict(db: &Database, keep: u64) -> Result<(), redb::Error> {
    let txn = db.begin_write()?;
    {
        let mut articles = txn.open_table(ARTICLES)?;
        let mut used = txn.open_table(USED)?;
        let mut entries: Vec<(u32, Vec<u8>, u64)> = Vec::new();
        for row in articles.iter()? {
            let (k, v) = row?;
            let day = used.get(k.value())?.map_or(0, |d| d.value());
            entries.push((day, k.value().to_vec(), v.value().len() as u64));
        }
        entries.sort();
        let mut total: u64 = entries.iter().map(|e| e.2).sum();
        for (_, key, len) in entries {
            if total <= keep {
                break;
            }
            articles.remove(key.as_slice())?;
            used.remove(key.as_slice())?;
            total -= len;
        }
    }
    txn.delete_table(FOUND)?;
    txn.open_table(FOUND)?;
    txn.commit()?;
    Ok(())
}

/// What `newslens config` says of the article cache.
pub fn describe(max_bytes: u64) -> String {
    let limit = crate::corpus::human_size(max_bytes);
    match default_dir() {
        Some(dir) => {
            let file = file_in(&dir);
            let size = fs::metadata(&file).map_or(0, |m| m.len());
            format!(
                "article cache: {} ({} of at most {limit})",
                crate::corpus::display_path(&file),
                crate::corpus::human_size(size)
            )
        }
        None => "article cache: none (no cache folder is known)".into(),
    }
}

/// The size of this process's cache file, if it has one.
pub fn size_of_file() -> Option<u64> {
    let cache = shared()?;
    fs::metadata(cache.file()).ok().map(|m| m.len())
}

/// Turns on the article cache in the user's cache folder, with its size limit
/// (unless `off`, for --no-cache); whether it is on.
pub fn start(off: bool, max_bytes: u64) -> bool {
    !off && configure(default_dir().map(|dir| (dir, max_bytes)))
}

#[cfg(test)]
mod tests;
