//! Reloading: 50 feeds of 10 summary-only items each, every item's page fetched for its
//! full text, from a web server on the loopback address, everything in the cache — so
//! every request is answered `304 Not Modified`. After the timing it prints how many
//! requests and bytes one reload costs. (A cold load is not timed: against this test
//! server each response with a body stalls about 40 ms on TCP acknowledgements, which
//! says nothing of newslens.)

/// The allocator the newslens binary uses, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use criterion::{Criterion, criterion_group, criterion_main};
use newslens::corpus::{Input, ReadOptions};
use newslens::entities::{Gazetteer, Matcher};
use newslens::fetch::FetchOptions;
use newslens::loader::load_all_with;

#[path = "../tests/common/server.rs"]
#[allow(dead_code)]
mod server;

use server::{Route, Server, rss};

const SOURCES: usize = 50;
const ITEMS: usize = 10;

/// The sources, served: each feed's items link to pages of a few paragraphs.
fn serve() -> (Server, Vec<PathBuf>) {
    let s = Server::start();
    let paragraph = "Russia, Turkey and Iran met in Astana on Tuesday to discuss the \
        de-escalation zones in Syria, a spokesman for the Kazakh foreign ministry said. ";
    let mut urls = Vec::new();
    for f in 0..SOURCES {
        let mut items = Vec::new();
        for i in 0..ITEMS {
            let path = format!("/pages/{f}/{i}");
            let body = format!(
                "<html><head><title>Story {f}-{i}</title></head><body><article><h1>Story {f}-{i}</h1>{}</article></body></html>",
                (0..12)
                    .map(|p| format!("<p>{p}: {paragraph}</p>"))
                    .collect::<String>()
            );
            s.route(&path, Route::ok(body));
            items.push((format!("Story {f}-{i}"), s.url(&path)));
        }
        let items: Vec<(&str, &str, &str)> = items
            .iter()
            .map(|(t, u)| (t.as_str(), u.as_str(), "Talks went on in Astana…"))
            .collect();
        let feed = format!("/feeds/{f}");
        s.route(&feed, Route::ok(rss(&format!("Feed {f}"), &items)));
        urls.push(PathBuf::from(s.url(&feed)));
    }
    (s, urls)
}

fn fetching(c: &mut Criterion) {
    let cache = tempfile::tempdir().expect("cache folder");
    assert!(newslens::fetch::Fetcher::cache_in(cache.path().to_owned()));
    let (server, urls) = serve();
    let matcher = Matcher::new(&Gazetteer::builtin());
    let input = Input::Files(urls.into());
    let options = |cache: bool| ReadOptions {
        fetch: FetchOptions {
            cache,
            ..FetchOptions::default()
        },
        ..ReadOptions::default()
    };
    let mut group = c.benchmark_group("fetch");
    group.sample_size(10);
    // Fill the cache once; then every reload revalidates.
    let (docs, _) = load_all_with(&input, &matcher, &options(true));
    assert_eq!(docs.len(), SOURCES * ITEMS);
    group.bench_function("reload_50_sources", |b| {
        b.iter(|| load_all_with(&input, &matcher, &options(true)).0.len())
    });
    group.finish();
    let (hits, not_modified, bytes) = (
        server.hits.load(Ordering::SeqCst),
        server.not_modified.load(Ordering::SeqCst),
        server.bytes.load(Ordering::SeqCst),
    );
    load_all_with(&input, &matcher, &options(true));
    println!(
        "one reload of {SOURCES} sources ({} articles): {} requests, {} answered 304, {} body bytes",
        docs.len(),
        server.hits.load(Ordering::SeqCst) - hits,
        server.not_modified.load(Ordering::SeqCst) - not_modified,
        server.bytes.load(Ordering::SeqCst) - bytes
    );
}

criterion_group!(benches, fetching);
criterion_main!(benches);
