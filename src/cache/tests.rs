use super::*;
use crate::corpus::{Input, ReadOptions};
use crate::entities::Gazetteer;
use crate::loader::load_one;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("newslens-cache-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

fn article_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).expect("written");
    path
}

const TEXT: &str = "Talks in Astana\n\nRussia and Iran met Turkey in Astana on Monday. \
                    Bashar al-Assad was not there.\n";

fn read(cache: &Cache, path: &Path, matcher: &Matcher) -> Result<usize, bool> {
    cache
        .articles(path, matcher, crate::corpus::DEFAULT_MAX_FILE_SIZE)
        .map(|(docs, _)| docs.len())
        .map_err(|t| t.is_some())
}

fn keep(cache: &Cache, path: &Path, matcher: &Matcher) -> Vec<Document> {
    let Err(Some(ticket)) = cache.articles(path, matcher, crate::corpus::DEFAULT_MAX_FILE_SIZE)
    else {
        panic!("a miss");
    };
    let (docs, warnings) = load_one(
        &Input::Files(vec![path.to_owned()].into()),
        0,
        matcher,
        &ReadOptions::default(),
    );
    cache.keep_articles(ticket, &docs, &warnings);
    docs
}

/// Changes the store in one transaction without the cache's knowing, as damage or time
/// would.
fn behind_its_back(cache: &Cache, change: impl FnOnce(&redb::WriteTransaction)) {
    let db = cache.db.read().expect("the store");
    let txn = db.as_ref().expect("open").begin_write().expect("a write");
    change(&txn);
    txn.commit().expect("committed");
}

#[test]
fn a_file_read_once_comes_back_whole_until_it_changes() {
    let dir = temp("whole");
    let path = article_file(&dir, "a.txt", TEXT);
    let matcher = Matcher::new(&Gazetteer::builtin());
    let cache = Cache::open(&dir.join("cache"), DEFAULT_MAX_BYTES).expect("a cache");
    let docs = keep(&cache, &path, &matcher);
    cache.flush();
    let (back, _) = cache
        .articles(&path, &matcher, crate::corpus::DEFAULT_MAX_FILE_SIZE)
        .expect("a hit");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].article, docs[0].article);
    assert_eq!(back[0].mentions, docs[0].mentions);
    assert_eq!(back[0].entities, docs[0].entities);
    assert_eq!(back[0].shared, docs[0].shared);
    assert!(!back[0].shared.is_empty());
    assert!(back[0].mentions.len() >= 3, "{:?}", back[0].mentions);
    // Another size or time is another file: read again.
    fs::write(&path, TEXT.replace("Monday", "Tuesday")).expect("written");
    assert_eq!(read(&cache, &path, &matcher), Err(true));
    // A folder or a missing file is never stored.
    assert_eq!(read(&cache, &dir, &matcher), Err(false));
    assert_eq!(read(&cache, &dir.join("gone.txt"), &matcher), Err(false));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn another_entity_set_or_size_limit_reads_again() {
    let dir = temp("settings");
    let path = article_file(&dir, "a.txt", TEXT);
    let matcher = Matcher::new(&Gazetteer::builtin());
    let cache = Cache::open(&dir.join("cache"), DEFAULT_MAX_BYTES).expect("a cache");
    keep(&cache, &path, &matcher);
    cache.flush();
    assert_eq!(read(&cache, &path, &matcher), Ok(1));
    let other = Gazetteer::parse(
        r#"{"entities": [{"id": "monday", "name": "Monday", "kind": "other"}]}"#,
        Path::new("other.json"),
    )
    .expect("an entity file");
    assert_eq!(read(&cache, &path, &Matcher::new(&other)), Err(true));
    let limited = cache.articles(&path, &matcher, 1 << 20).map(|_| ());
    assert!(limited.is_err());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_damaged_value_or_a_foreign_file_is_never_trusted() {
    let dir = temp("damaged");
    let path = article_file(&dir, "a.txt", TEXT);
    let matcher = Matcher::new(&Gazetteer::builtin());
    let folder = dir.join("cache");
    {
        let cache = Cache::open(&folder, DEFAULT_MAX_BYTES).expect("a cache");
        keep(&cache, &path, &matcher);
        cache.flush();
        // One byte of the stored value changed: its checksum no longer holds.
        let key = key_of(&path).expect("a key");
        behind_its_back(&cache, |txn| {
            let mut table = txn.open_table(ARTICLES).expect("the table");
            let mut value = table
                .get(key.as_slice())
                .expect("read")
                .expect("kept")
                .value()
                .to_vec();
            let last = value.len() - 1;
            value[last] ^= 1;
            table
                .insert(key.as_slice(), value.as_slice())
                .expect("written");
        });
        assert_eq!(read(&cache, &path, &matcher), Err(true));
    }
    // A file that is no store at all is put aside and a new cache begun.
    fs::write(file_in(&folder), b"not a database at all").expect("written");
    let cache = Cache::open(&folder, DEFAULT_MAX_BYTES).expect("a new cache");
    assert_eq!(read(&cache, &path, &matcher), Err(true));
    assert!(file_in(&folder).with_extension("bad").exists());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn what_discovery_found_comes_back_by_text_and_mentions() {
    let dir = temp("found");
    let path = article_file(&dir, "a.txt", TEXT);
    let matcher = Matcher::new(&Gazetteer::builtin());
    let cache = Cache::open(&dir.join("cache"), DEFAULT_MAX_BYTES).expect("a cache");
    let mut docs = keep(&cache, &path, &matcher);
    docs[0].discover(0.0);
    let key = found_key(&docs[0]);
    assert!(cache.found(key).is_none());
    cache.keep_found(key, &docs[0].discovered);
    cache.flush();
    assert_eq!(cache.found(key), Some(docs[0].discovered.clone()));
    assert!(!docs[0].discovered.is_empty());
    // The same text with other tracked mentions is looked through again.
    docs[0].mentions.pop();
    assert_ne!(found_key(&docs[0]), key);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn over_its_limit_the_least_recently_used_go() {
    let dir = temp("limit");
    let matcher = Matcher::new(&Gazetteer::builtin());
    let paths: Vec<PathBuf> = (0..40)
        .map(|n| article_file(&dir, &format!("{n}.txt"), &TEXT.repeat(200 + n)))
        .collect();
    let folder = dir.join("cache");
    {
        let cache = Cache::open(&folder, DEFAULT_MAX_BYTES).expect("a cache");
        for p in &paths {
            keep(&cache, p, &matcher);
        }
        cache.close();
    }
    let full = fs::metadata(file_in(&folder)).expect("a file").len();
    let cache = Cache::open(&folder, full / 2).expect("a cache");
    // Yesterday's entries for all but the last ten: those are the recent ones.
    behind_its_back(&cache, |txn| {
        let mut used = txn.open_table(USED).expect("the table");
        for p in &paths[..30] {
            let key = key_of(p).expect("a key");
            used.insert(key.as_slice(), cache.today - 1)
                .expect("written");
        }
    });
    cache.close();
    let size = fs::metadata(file_in(&folder)).expect("a file").len();
    assert!(size <= full / 2, "{size} > {}", full / 2);
    let cache = Cache::open(&folder, full / 2).expect("a cache");
    assert_eq!(read(&cache, &paths[39], &matcher), Ok(1));
    assert_eq!(read(&cache, &paths[0], &matcher), Err(true));
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_cache_in_use_is_refused_not_shared() {
    let dir = temp("in-use");
    let _first = Cache::open(&dir, DEFAULT_MAX_BYTES).expect("a cache");
    assert!(matches!(
        Cache::open(&dir, DEFAULT_MAX_BYTES),
        Err(CacheError::InUse { .. })
    ));
    let _ = fs::remove_dir_all(&dir);
}

/// Closing shuts the store: its file is free at once and opens again without being
/// checked through, as a file left open would be (at a cost growing with its size).
#[test]
fn a_closed_cache_is_shut_cleanly() {
    let dir = temp("closed");
    let matcher = Matcher::new(&Gazetteer::builtin());
    let path = article_file(&dir, "a.txt", TEXT);
    let folder = dir.join("cache");
    let cache = Cache::open(&folder, DEFAULT_MAX_BYTES).expect("a cache");
    keep(&cache, &path, &matcher);
    cache.close();
    // Nothing more is read from it.
    assert_ne!(read(&cache, &path, &matcher), Ok(1));
    let repaired = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let told = std::sync::Arc::clone(&repaired);
    let db = redb::Database::builder()
        .set_repair_callback(move |_| told.store(true, std::sync::atomic::Ordering::Relaxed))
        .create(file_in(&folder))
        .expect("free to open");
    assert!(!repaired.load(std::sync::atomic::Ordering::Relaxed));
    drop(db);
    let cache = Cache::open(&folder, DEFAULT_MAX_BYTES).expect("a cache");
    assert_eq!(read(&cache, &path, &matcher), Ok(1));
    let _ = fs::remove_dir_all(&dir);
}
