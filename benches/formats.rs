//! Speed of reading the formats users bring: 1,000 saved news pages (HTML, main text
//! extracted) and one feed of 10,000 items, each read, annotated and indexed as the reader
//! loads them.
//!
//! The pages are Readability's real test pages (`tests/fixtures/pages`), copied round-robin
//! into a temporary folder; the feed is generated from the seed articles' sentences.

/// The allocator the newslens binary uses, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newslens::corpus::{Article, BUILTIN_SEEDS, Input};
use newslens::entities::{Gazetteer, Matcher};
use newslens::loader::load_all;

const PAGES: usize = 1_000;
const ITEMS: usize = 10_000;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The real pages, copied round-robin into `PAGES` files once per machine.
fn page_files() -> Vec<PathBuf> {
    let dir = std::env::temp_dir().join(format!("newslens-bench-pages-{PAGES}"));
    let mut sources: Vec<PathBuf> = std::fs::read_dir(fixtures().join("pages"))
        .expect("fixture pages")
        .map(|e| e.expect("entry").path().join("source.html"))
        .collect();
    sources.sort();
    let files: Vec<PathBuf> = (0..PAGES)
        .map(|i| dir.join(format!("{i:04}.html")))
        .collect();
    if !files.last().is_some_and(|f| f.exists()) {
        std::fs::create_dir_all(&dir).expect("bench folder");
        for (i, f) in files.iter().enumerate() {
            std::fs::copy(&sources[i % sources.len()], f).expect("copy page");
        }
    }
    files
}

/// An RSS 2.0 feed of `ITEMS` items, each a few seed sentences as escaped HTML.
fn feed_file() -> PathBuf {
    let path = std::env::temp_dir().join(format!("newslens-bench-feed-{ITEMS}.rss"));
    if path.exists() {
        return path;
    }
    let mut sentences = Vec::new();
    for (name, text) in BUILTIN_SEEDS {
        let a = Article::from_plain_text(Path::new(name), text);
        sentences.extend(a.body.split(". ").map(|s| s.trim().to_owned()));
    }
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Bench wire</title><link>https://wire.example.org/</link>\
         <description>generated</description>\n",
    );
    for i in 0..ITEMS {
        let mut body = String::new();
        for k in 0..6 {
            let s = &sentences[(i * 7 + k * 13) % sentences.len()];
            let _ = write!(body, "<p>{}.</p>", escape(s));
        }
        let _ = writeln!(
            xml,
            "<item><title>Story {i}: talks in Astana</title>\
             <link>https://wire.example.org/{i}</link>\
             <pubDate>Tue, 04 Jul 2017 08:{:02}:00 GMT</pubDate>\
             <description>{}</description></item>",
            i % 60,
            escape(&body)
        );
    }
    xml.push_str("</channel></rss>\n");
    std::fs::write(&path, xml).expect("write feed");
    path
}

fn size(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum()
}

fn html_pages(c: &mut Criterion) {
    let files = page_files();
    let matcher = Matcher::new(&Gazetteer::builtin());
    let mut group = c.benchmark_group("load_html");
    group.throughput(Throughput::Bytes(size(&files)));
    group.sample_size(10);
    let input = Input::Files(files.into());
    group.bench_function("1000_real_pages", |b| {
        b.iter(|| {
            let (docs, warnings) = load_all(black_box(&input), &matcher);
            assert_eq!((docs.len(), warnings.len()), (PAGES, 0));
        })
    });
    group.finish();
}

fn feed_items(c: &mut Criterion) {
    let file = feed_file();
    let matcher = Matcher::new(&Gazetteer::builtin());
    let mut group = c.benchmark_group("load_feed");
    group.throughput(Throughput::Bytes(size(std::slice::from_ref(&file))));
    group.sample_size(10);
    let input = Input::Files(vec![file].into());
    group.bench_function("10000_items", |b| {
        b.iter(|| {
            let (docs, _) = load_all(black_box(&input), &matcher);
            assert_eq!(docs.len(), ITEMS);
        })
    });
    group.finish();
}

criterion_group!(benches, feed_items, html_pages);
criterion_main!(benches);
