//! Reading feeds and pages by URL: one HTTP client (ureq, pure Rust with rustls and the
//! bundled Mozilla roots, so HTTPS works on a machine without system certificates; it
//! honours `HTTPS_PROXY` and `NO_PROXY`), a timeout and a size limit per response,
//! redirects followed up to a limit, gzip and brotli accepted, a User-Agent naming
//! newslens, at most two requests at a time to one host, and an on-disk cache with
//! conditional requests: an unchanged feed costs one `304 Not Modified`. Offline (asked
//! for, or when nothing answers) the cache alone is read, and the message says how old
//! the copy is.
//!
//! ureq rather than reqwest: blocking calls fit the loading threads, and it brings no
//! async runtime into a terminal program.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use ureq::ResponseExt;

/// The User-Agent newslens sends.
pub const USER_AGENT: &str = concat!(
    "newslens/",
    env!("CARGO_PKG_VERSION"),
    " (terminal news reader)"
);

/// Most redirects followed for one request.
pub const MAX_REDIRECTS: u32 = 5;

/// Most requests at once to one host.
const PER_HOST: usize = 2;

/// Whether an input names a URL rather than a file.
pub fn is_url(input: &Path) -> bool {
    input
        .to_str()
        .is_some_and(|s| s.starts_with("http://") || s.starts_with("https://"))
}

/// The sources whose items keep their summaries (tagged `summary-only` in the sources
/// file), for this process.
static SUMMARY_ONLY: OnceLock<Mutex<std::collections::HashSet<String>>> = OnceLock::new();

/// Marks these sources as keeping their items' summaries (no full text fetched).
pub fn keep_summaries(urls: impl IntoIterator<Item = String>) {
    let set = SUMMARY_ONLY.get_or_init(Mutex::default);
    if let Ok(mut set) = set.lock() {
        set.extend(urls);
    }
}

/// Whether the source `url` keeps its items' summaries.
pub fn keeps_summaries(url: &str) -> bool {
    SUMMARY_ONLY
        .get()
        .and_then(|set| set.lock().ok().map(|s| s.contains(url)))
        .unwrap_or(false)
}

/// How fetching goes, from the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchOptions {
    /// Read the cache alone.
    pub offline: bool,
    /// Keep a feed item's summary rather than fetching its page's full text.
    pub summary_only: bool,
    /// Whether the cache is read and written.
    pub cache: bool,
    /// How long one request may take.
    pub timeout: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            offline: false,
            summary_only: false,
            cache: true,
            timeout: Duration::from_secs(20),
        }
    }
}

/// A response body, fresh or from the cache.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// The URL the body came from, after redirects.
    pub url: String,
    /// Set when the body is the cache's copy and not confirmed by the server (offline,
    /// or the server failed): why, and how old the copy is.
    pub stale: Option<String>,
}

/// Why a URL gave nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the response is larger than {} (--max-file-size)", crate::corpus::human_size(*.0))]
    TooLarge(u64),
    #[error("no answer within {0} s")]
    Timeout(u64),
    #[error("more than {MAX_REDIRECTS} redirects (a redirect loop?)")]
    Redirects,
    #[error("offline, and not in the cache")]
    NotCached,
    #[error("{0}")]
    Network(String),
}

/// What the cache keeps beside a body.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    url: String,
    final_url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    /// When the body was last fetched or confirmed, in seconds since 1970.
    fetched: u64,
    /// The body's length and hash: a copy that does not match is not trusted.
    len: u64,
    hash: u64,
}

/// The on-disk cache: one file per URL, a JSON header line then the body.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The cache in the user's cache folder.
    pub fn default_dir() -> Option<PathBuf> {
        let dirs = directories::ProjectDirs::from("", "", "newslens")?;
        Some(dirs.cache_dir().join("http"))
    }

    fn file(&self, url: &str) -> PathBuf {
        let key = xxhash_rust::xxh3::xxh3_64(url.as_bytes());
        self.dir.join(format!("{key:016x}.http"))
    }

    /// The copy of `url`, if there is a sound one.
    fn read(&self, url: &str) -> Option<(Header, Vec<u8>)> {
        let bytes = std::fs::read(self.file(url)).ok()?;
        let end = bytes.iter().position(|&b| b == b'\n')?;
        let header: Header = serde_json::from_slice(&bytes[..end]).ok()?;
        let body = bytes[end + 1..].to_vec();
        let sound = header.url == url
            && header.len == body.len() as u64
            && header.hash == xxhash_rust::xxh3::xxh3_64(&body);
        sound.then_some((header, body))
    }

    fn write(&self, header: &Header, body: &[u8]) {
        let Ok(mut bytes) = serde_json::to_vec(header) else {
            return;
        };
        bytes.push(b'\n');
        bytes.extend_from_slice(body);
        if std::fs::create_dir_all(&self.dir).is_ok() {
            // A cache that cannot be written is only slower next time.
            let _ = crate::atomic::write(&self.file(&header.url), &bytes);
        }
    }
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// "3 minutes", "2 hours", "5 days": how old a copy fetched at `then` is.
pub fn age(then: u64) -> String {
    let secs = now().saturating_sub(then);
    let (n, unit) = match secs {
        s if s < 120 => (s, "second"),
        s if s < 7200 => (s / 60, "minute"),
        s if s < 172_800 => (s / 3600, "hour"),
        s => (s / 86_400, "day"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

static SHARED: OnceLock<Fetcher> = OnceLock::new();
static CACHE_DIR: OnceLock<PathBuf> = OnceLock::new();

/// The HTTP client and the cache, shared by every loading thread.
pub struct Fetcher {
    agent: ureq::Agent,
    cache: Option<Cache>,
    /// Requests running per host.
    hosts: Mutex<HashMap<String, usize>>,
    freed: Condvar,
}

impl Fetcher {
    pub fn new(cache: Option<Cache>) -> Self {
        let config = ureq::Agent::config_builder()
            .user_agent(USER_AGENT)
            .max_redirects(MAX_REDIRECTS)
            .http_status_as_error(false)
            .build();
        Self {
            agent: config.into(),
            cache,
            hosts: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
        }
    }

    /// The fetcher of this process, its cache in the user's cache folder (or the folder
    /// [`Fetcher::cache_in`] named first).
    pub fn shared() -> &'static Fetcher {
        SHARED.get_or_init(|| {
            let dir = CACHE_DIR.get().cloned().or_else(Cache::default_dir);
            Fetcher::new(dir.map(Cache::new))
        })
    }

    /// Keeps the shared fetcher's cache in `dir` (for benchmarks and tools); only before
    /// the first fetch. Returns whether it took.
    pub fn cache_in(dir: PathBuf) -> bool {
        SHARED.get().is_none() && CACHE_DIR.set(dir).is_ok()
    }

    /// Waits for a free slot for `host`, and holds it until the guard goes.
    fn slot(&self, host: &str) -> HostSlot<'_> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        while hosts.get(host).copied().unwrap_or(0) >= PER_HOST {
            hosts = self.freed.wait(hosts).unwrap_or_else(|e| e.into_inner());
        }
        *hosts.entry(host.to_owned()).or_default() += 1;
        HostSlot {
            fetcher: self,
            host: host.to_owned(),
        }
    }

    /// Fetches `url`: from the server (conditionally, when the cache has a copy), else
    /// from the cache when offline or when the server cannot give it.
    pub fn get(
        &self,
        url: &str,
        options: &FetchOptions,
        max_bytes: u64,
    ) -> Result<Fetched, FetchError> {
        let cache = self.cache.as_ref().filter(|_| options.cache);
        let cached = cache.and_then(|c| c.read(url));
        let from_cache = |why: String| {
            cached.as_ref().map(|(h, body)| Fetched {
                bytes: body.clone(),
                url: h.final_url.clone(),
                stale: Some(format!("{why}; the copy from {} ago", age(h.fetched))),
            })
        };
        if options.offline {
            return from_cache("offline".into()).ok_or(FetchError::NotCached);
        }
        let fresh = self.request(url, options, max_bytes, cached.as_ref().map(|(h, _)| h));
        match fresh {
            Ok(Response::NotModified) => match &cached {
                Some((header, body)) => {
                    let header = Header {
                        fetched: now(),
                        ..header.clone()
                    };
                    if let Some(c) = cache {
                        c.write(&header, body);
                    }
                    Ok(Fetched {
                        bytes: body.clone(),
                        url: header.final_url,
                        stale: None,
                    })
                }
                None => Err(FetchError::Status(304)),
            },
            Ok(Response::Body {
                bytes,
                final_url,
                etag,
                last_modified,
            }) => {
                if let Some(c) = cache {
                    c.write(
                        &Header {
                            url: url.to_owned(),
                            final_url: final_url.clone(),
                            etag,
                            last_modified,
                            fetched: now(),
                            len: bytes.len() as u64,
                            hash: xxhash_rust::xxh3::xxh3_64(&bytes),
                        },
                        &bytes,
                    );
                }
                Ok(Fetched {
                    bytes,
                    url: final_url,
                    stale: None,
                })
            }
            // The server failed or nothing answered: the copy, if there is one, is shown.
            Err(
                e @ (FetchError::Status(500..) | FetchError::Network(_) | FetchError::Timeout(_)),
            ) => from_cache(e.to_string()).ok_or(e),
            Err(e) => Err(e),
        }
    }

    fn request(
        &self,
        url: &str,
        options: &FetchOptions,
        max_bytes: u64,
        cached: Option<&Header>,
    ) -> Result<Response, FetchError> {
        let uri: ureq::http::Uri = url
            .parse()
            .map_err(|e| FetchError::Network(format!("not a URL ({e})")))?;
        let host = uri.host().unwrap_or_default().to_owned();
        let _slot = self.slot(&host);
        let mut request = self
            .agent
            .get(url)
            .config()
            .timeout_global(Some(options.timeout))
            .build();
        if let Some(h) = cached {
            if let Some(etag) = &h.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(modified) = &h.last_modified {
                request = request.header("If-Modified-Since", modified);
            }
        }
        let response = request.call().map_err(|e| error(e, options))?;
        let status = response.status().as_u16();
        if status == 304 {
            return Ok(Response::NotModified);
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Status(status));
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (etag, last_modified) = (header("etag"), header("last-modified"));
        let final_url = response.get_uri().to_string();
        if let Some(len) = header("content-length").and_then(|l| l.parse::<u64>().ok())
            && len > max_bytes
        {
            return Err(FetchError::TooLarge(max_bytes));
        }
        let mut bytes = Vec::new();
        let mut reader = response.into_body().into_reader().take(max_bytes + 1);
        reader.read_to_end(&mut bytes).map_err(|e| match e.kind() {
            std::io::ErrorKind::TimedOut => FetchError::Timeout(options.timeout.as_secs()),
            _ => FetchError::Network(e.to_string()),
        })?;
        if bytes.len() as u64 > max_bytes {
            return Err(FetchError::TooLarge(max_bytes));
        }
        Ok(Response::Body {
            bytes,
            final_url,
            etag,
            last_modified,
        })
    }
}

enum Response {
    NotModified,
    Body {
        bytes: Vec<u8>,
        final_url: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// A request slot for one host, given back when dropped.
struct HostSlot<'a> {
    fetcher: &'a Fetcher,
    host: String,
}

impl Drop for HostSlot<'_> {
    fn drop(&mut self) {
        let mut hosts = self.fetcher.hosts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = hosts.get_mut(&self.host) {
            *n = n.saturating_sub(1);
        }
        self.fetcher.freed.notify_all();
    }
}

fn error(e: ureq::Error, options: &FetchOptions) -> FetchError {
    match e {
        ureq::Error::StatusCode(code) => FetchError::Status(code),
        ureq::Error::Timeout(_) => FetchError::Timeout(options.timeout.as_secs()),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => FetchError::Redirects,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            FetchError::Timeout(options.timeout.as_secs())
        }
        other => FetchError::Network(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// What the test server answers: status, headers, body, and a delay first.
    type Answer = (u16, Vec<(&'static str, String)>, Vec<u8>, Duration);

    /// A server on the loopback address answering every request with `answer`, each
    /// on a thread of its own; counts requests and 304s.
    fn serve(
        answer: impl Fn(&str, Option<&str>) -> Answer + Send + Sync + 'static,
    ) -> (String, Arc<AtomicUsize>, Arc<AtomicUsize>) {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", server.server_addr());
        let (hits, not_modified) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (h, n) = (Arc::clone(&hits), Arc::clone(&not_modified));
        let answer = Arc::new(answer);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let (h, n, answer) = (Arc::clone(&h), Arc::clone(&n), Arc::clone(&answer));
                std::thread::spawn(move || {
                    h.fetch_add(1, Ordering::SeqCst);
                    let etag = request
                        .headers()
                        .iter()
                        .find(|x| x.field.equiv("If-None-Match"))
                        .map(|x| x.value.to_string());
                    let (status, headers, body, delay) = answer(request.url(), etag.as_deref());
                    std::thread::sleep(delay);
                    if status == 304 {
                        n.fetch_add(1, Ordering::SeqCst);
                    }
                    let mut response =
                        tiny_http::Response::from_data(body).with_status_code(status);
                    for (k, v) in headers {
                        if let Ok(header) =
                            tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes())
                        {
                            response.add_header(header);
                        }
                    }
                    let _ = request.respond(response);
                });
            }
        });
        (base, hits, not_modified)
    }

    fn fetcher() -> (Fetcher, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("cache folder");
        (Fetcher::new(Some(Cache::new(dir.path().to_owned()))), dir)
    }

    const NOW: Duration = Duration::ZERO;

    #[test]
    fn an_unchanged_feed_costs_one_304_and_offline_reads_the_copy() {
        let (base, hits, not_modified) = serve(|_, etag| match etag {
            Some("\"v1\"") => (304, vec![], vec![], NOW),
            _ => (
                200,
                vec![("ETag", "\"v1\"".into())],
                b"<rss/>".to_vec(),
                NOW,
            ),
        });
        let (f, _dir) = fetcher();
        let url = format!("{base}/feed");
        let options = FetchOptions::default();
        let first = f.get(&url, &options, 1 << 20).expect("fetched");
        assert_eq!(first.bytes, b"<rss/>");
        let again = f.get(&url, &options, 1 << 20).expect("revalidated");
        assert_eq!(again.bytes, b"<rss/>");
        assert!(again.stale.is_none());
        assert_eq!(hits.load(Ordering::SeqCst), 2);
        assert_eq!(not_modified.load(Ordering::SeqCst), 1);
        let offline = FetchOptions {
            offline: true,
            ..options
        };
        let copy = f.get(&url, &offline, 1 << 20).expect("the copy");
        assert_eq!(copy.bytes, b"<rss/>");
        assert!(
            copy.stale
                .as_deref()
                .is_some_and(|s| s.starts_with("offline; the copy from"))
        );
        assert_eq!(hits.load(Ordering::SeqCst), 2, "offline asks nobody");
        assert_eq!(
            f.get(&format!("{base}/other"), &offline, 1 << 20)
                .map(|f| f.bytes),
            Err(FetchError::NotCached)
        );
    }

    #[test]
    fn gzip_bodies_are_unpacked_and_oversize_ones_refused() {
        use std::io::Write;
        let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        packed.write_all(&[b'a'; 4000]).expect("gzip");
        let packed = packed.finish().expect("gzip");
        let (base, _, _) = serve(move |url, _| match url {
            "/gz" => (
                200,
                vec![("Content-Encoding", "gzip".into())],
                packed.clone(),
                NOW,
            ),
            _ => (200, vec![], vec![b'b'; 3000], NOW),
        });
        let (f, _dir) = fetcher();
        let options = FetchOptions::default();
        let got = f
            .get(&format!("{base}/gz"), &options, 1 << 20)
            .expect("fetched");
        assert_eq!(got.bytes, vec![b'a'; 4000]);
        assert_eq!(
            f.get(&format!("{base}/big"), &options, 1024)
                .map(|f| f.bytes),
            Err(FetchError::TooLarge(1024))
        );
    }

    #[test]
    fn redirect_loops_errors_and_slow_servers_are_named() {
        let (base, _, _) = serve(|url, _| match url {
            "/a" => (302, vec![("Location", "/b".into())], vec![], NOW),
            "/b" => (302, vec![("Location", "/a".into())], vec![], NOW),
            "/moved" => (301, vec![("Location", "/ok".into())], vec![], NOW),
            "/ok" => (200, vec![], b"ok".to_vec(), NOW),
            "/slow" => (200, vec![], b"late".to_vec(), Duration::from_secs(3)),
            _ => (500, vec![], b"oops".to_vec(), NOW),
        });
        let (f, _dir) = fetcher();
        let quick = FetchOptions {
            timeout: Duration::from_secs(1),
            ..FetchOptions::default()
        };
        let get = |path: &str| f.get(&format!("{base}{path}"), &quick, 1 << 20);
        assert_eq!(get("/a").map(|f| f.bytes), Err(FetchError::Redirects));
        let moved = get("/moved").expect("followed");
        assert_eq!(moved.bytes, b"ok");
        assert!(moved.url.ends_with("/ok"), "{}", moved.url);
        assert_eq!(
            get("/broken").map(|f| f.bytes),
            Err(FetchError::Status(500))
        );
        assert_eq!(get("/slow").map(|f| f.bytes), Err(FetchError::Timeout(1)));
    }

    #[test]
    fn a_failing_server_leaves_the_copy_and_a_damaged_copy_is_not_trusted() {
        let up = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let flag = Arc::clone(&up);
        let (base, _, _) = serve(move |_, _| {
            if flag.load(Ordering::SeqCst) {
                (200, vec![], b"fresh".to_vec(), NOW)
            } else {
                (503, vec![], vec![], NOW)
            }
        });
        let (f, dir) = fetcher();
        let url = format!("{base}/page");
        let options = FetchOptions::default();
        f.get(&url, &options, 1 << 20).expect("fetched");
        up.store(false, Ordering::SeqCst);
        let copy = f.get(&url, &options, 1 << 20).expect("the copy");
        assert_eq!(copy.bytes, b"fresh");
        assert!(
            copy.stale
                .as_deref()
                .is_some_and(|s| s.starts_with("the server answered 503; the copy from")),
            "{:?}",
            copy.stale
        );
        // Damage the copy: it is ignored.
        for entry in std::fs::read_dir(dir.path()).expect("cache") {
            let path = entry.expect("entry").path();
            let mut bytes = std::fs::read(&path).expect("read");
            if let Some(last) = bytes.last_mut() {
                *last ^= 0xff;
            }
            std::fs::write(&path, bytes).expect("write");
        }
        assert_eq!(
            f.get(&url, &options, 1 << 20).map(|f| f.bytes),
            Err(FetchError::Status(503))
        );
    }
}
