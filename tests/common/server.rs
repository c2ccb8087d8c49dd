//! A web server on the loopback address for the tests that fetch: routes that can be
//! changed while it runs, ETags on every body (a matching If-None-Match gets a 304),
//! and counts of requests, 304s and bytes sent.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What a path answers.
#[derive(Debug, Clone)]
pub struct Route {
    pub status: u16,
    pub body: Vec<u8>,
    pub headers: Vec<(String, String)>,
    pub delay: Duration,
}

impl Route {
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Self {
            status: 200,
            body: body.into(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Self {
        Self {
            status,
            ..Self::ok("")
        }
    }

    pub fn redirect(to: &str) -> Self {
        Self {
            headers: vec![("Location".into(), to.into())],
            ..Self::status(302)
        }
    }
}

pub struct Server {
    pub base: String,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    pub hits: Arc<AtomicUsize>,
    pub not_modified: Arc<AtomicUsize>,
    pub bytes: Arc<AtomicUsize>,
    server: Arc<tiny_http::Server>,
}

fn etag(body: &[u8]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    format!("\"{:x}\"", h.finish())
}

impl Server {
    pub fn start() -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
        let base = format!("http://{}", server.server_addr());
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let (hits, not_modified, bytes) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicUsize::new(0)),
        );
        let (s, r, h, n, b) = (
            Arc::clone(&server),
            Arc::clone(&routes),
            Arc::clone(&hits),
            Arc::clone(&not_modified),
            Arc::clone(&bytes),
        );
        std::thread::spawn(move || {
            for request in s.incoming_requests() {
                let (r, h, n, b) = (
                    Arc::clone(&r),
                    Arc::clone(&h),
                    Arc::clone(&n),
                    Arc::clone(&b),
                );
                std::thread::spawn(move || {
                    h.fetch_add(1, Ordering::SeqCst);
                    let path = request.url().to_owned();
                    let route = r
                        .lock()
                        .ok()
                        .and_then(|routes| routes.get(&path).cloned())
                        .unwrap_or_else(|| Route::status(404));
                    std::thread::sleep(route.delay);
                    let tag = etag(&route.body);
                    let asked = request
                        .headers()
                        .iter()
                        .find(|x| x.field.equiv("If-None-Match"))
                        .map(|x| x.value.to_string());
                    let (status, body) =
                        if route.status == 200 && asked.as_deref() == Some(tag.as_str()) {
                            n.fetch_add(1, Ordering::SeqCst);
                            (304, Vec::new())
                        } else {
                            (route.status, route.body.clone())
                        };
                    b.fetch_add(body.len(), Ordering::SeqCst);
                    let mut response =
                        tiny_http::Response::from_data(body).with_status_code(status);
                    let mut headers = route.headers.clone();
                    if route.status == 200 {
                        headers.push(("ETag".into(), tag));
                    }
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
        Self {
            base,
            routes,
            hits,
            not_modified,
            bytes,
            server,
        }
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn route(&self, path: &str, route: Route) {
        if let Ok(mut routes) = self.routes.lock() {
            routes.insert(path.to_owned(), route);
        }
    }

    /// Stops answering: the port closes once the accepting thread lets go.
    pub fn stop(self) {
        self.server.unblock();
        drop(self);
        std::thread::sleep(Duration::from_millis(200));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

/// An RSS feed of `items`: (title, link, summary).
pub fn rss(title: &str, items: &[(&str, &str, &str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>http://example.org/</link><description>d</description>\n"
    );
    for (t, link, summary) in items {
        out.push_str(&format!(
            "<item><title>{t}</title><link>{link}</link><description>{summary}</description><pubDate>Tue, 04 Jul 2017 10:00:00 GMT</pubDate></item>\n"
        ));
    }
    out.push_str("</channel></rss>\n");
    out
}
