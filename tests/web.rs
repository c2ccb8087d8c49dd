//! Feeds and pages by URL, through the real binary, against a web server on the loopback
//! address (no outside network): full text for summary-only items, failing and slow
//! sources, redirect loops, oversize bodies, revalidation with ETags, the offline cache,
//! sources files with tags, and OPML.

mod common;

use std::path::Path;
use std::process::Output;
use std::sync::atomic::Ordering;
use std::time::Duration;

use common::server::{Route, Server, rss};

/// `newslens ARGS` with its own HTTP cache.
fn run(args: &[&str], cache: &Path) -> Output {
    common::newslens_command(args)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("run newslens")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn page(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/pages")
            .join(name)
            .join("source.html"),
    )
    .expect("fixture page")
}

/// A feed whose two items carry a line of summary each, linking to saved news pages.
fn news_server() -> Server {
    let s = Server::start();
    s.route("/pages/bbc", Route::ok(page("bbc-1")));
    s.route("/pages/guardian", Route::ok(page("guardian-1")));
    let feed = rss(
        "Wire",
        &[
            (
                "Obama on gun laws",
                &s.url("/pages/bbc"),
                "The president spoke to the BBC…",
            ),
            (
                "Whale strandings",
                &s.url("/pages/guardian"),
                "Māori tribes are fearful…",
            ),
        ],
    );
    s.route("/feed", Route::ok(feed));
    s
}

#[test]
fn a_feed_url_gives_its_items_with_the_full_text_of_their_pages() {
    let s = news_server();
    let cache = tempfile::tempdir().expect("cache");
    let feed = s.url("/feed");
    let out = run(&["export", "--format", "jsonl", &feed], cache.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("North America editor Jon Sopel"), "{text}");
    assert!(text.contains("leading Māori whale expert"), "{text}");
    assert!(
        text.contains(&s.url("/pages/bbc")),
        "the item keeps its link"
    );

    // --summary-only keeps the summaries and fetches no page.
    let before = s.hits.load(Ordering::SeqCst);
    let out = run(
        &[
            "export",
            "--format",
            "jsonl",
            "--summary-only",
            "--no-cache",
            &feed,
        ],
        cache.path(),
    );
    let text = stdout(&out);
    assert!(text.contains("The president spoke to the BBC…"), "{text}");
    assert!(!text.contains("Jon Sopel"), "{text}");
    assert_eq!(s.hits.load(Ordering::SeqCst), before + 1);
}

#[test]
fn an_unchanged_feed_costs_304s_and_offline_reads_the_cache() {
    let s = news_server();
    let cache = tempfile::tempdir().expect("cache");
    let feed = s.url("/feed");
    let first = run(&["entities", &feed], cache.path());
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(s.hits.load(Ordering::SeqCst), 3, "the feed and two pages");
    let again = run(&["entities", &feed], cache.path());
    assert_eq!(stdout(&again), stdout(&first));
    assert_eq!(s.hits.load(Ordering::SeqCst), 6);
    assert_eq!(
        s.not_modified.load(Ordering::SeqCst),
        3,
        "every one answered 304"
    );
    s.stop();
    // Nothing answers: the copies are read, and said to be copies.
    let offline = run(&["entities", "--offline", &feed], cache.path());
    assert!(offline.status.success(), "{}", stderr(&offline));
    assert_eq!(stdout(&offline), stdout(&first));
    assert!(
        stderr(&offline).contains("offline; the copy from"),
        "{}",
        stderr(&offline)
    );
    let gone = run(&["entities", &feed], cache.path());
    assert_eq!(stdout(&gone), stdout(&first), "{}", stderr(&gone));
    assert!(stderr(&gone).contains("the copy from"), "{}", stderr(&gone));
}

#[test]
fn a_failing_source_is_named_and_the_others_load() {
    let s = news_server();
    s.route("/broken", Route::status(500));
    s.route("/loop-a", Route::redirect("/loop-b"));
    s.route("/loop-b", Route::redirect("/loop-a"));
    s.route("/huge", Route::ok(vec![b'x'; 300 * 1024]));
    s.route(
        "/slow",
        Route {
            delay: Duration::from_secs(4),
            ..Route::ok("late")
        },
    );
    let cache = tempfile::tempdir().expect("cache");
    let urls = [
        s.url("/broken"),
        s.url("/loop-a"),
        s.url("/huge"),
        s.url("/slow"),
        s.url("/feed"),
    ];
    let mut args = vec![
        "export",
        "--format",
        "jsonl",
        "--timeout",
        "1",
        "--max-file-size",
        "100K",
    ];
    args.extend(urls.iter().map(String::as_str));
    let out = run(&args, cache.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("/broken: cannot fetch it: the server answered 500"),
        "{err}"
    );
    assert!(
        err.contains("/loop-a: cannot fetch it: more than 5 redirects"),
        "{err}"
    );
    assert!(
        err.contains("/huge: cannot fetch it: the response is larger than 100 KiB"),
        "{err}"
    );
    assert!(
        err.contains("/slow: cannot fetch it: no answer within 1 s"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("Obama"),
        "the feed loads: {}",
        stdout(&out)
    );
}

#[test]
fn a_sources_file_is_read_with_its_tags_and_opml_becomes_one() {
    let s = news_server();
    let other = rss(
        "Other",
        &[(
            "Astana talks",
            "http://127.0.0.1:9/none",
            "Russia, Turkey and Iran met in Astana. "
                .repeat(20)
                .as_str(),
        )],
    );
    s.route("/other", Route::ok(other));
    let dir = tempfile::tempdir().expect("dir");
    let opml = format!(
        r#"<?xml version="1.0"?><opml version="2.0"><body>
<outline text="world"><outline text="Wire" xmlUrl="{}"/></outline>
<outline text="syria"><outline text="Other" xmlUrl="{}"/></outline>
</body></opml>"#,
        s.url("/feed"),
        s.url("/other")
    );
    std::fs::write(dir.path().join("subs.opml"), opml).expect("opml");
    let opml_path = dir.path().join("subs.opml");
    let imported = run(&["import-opml", &opml_path.to_string_lossy()], dir.path());
    assert!(imported.status.success(), "{}", stderr(&imported));
    let file = dir.path().join("sources");
    std::fs::write(&file, stdout(&imported)).expect("sources");
    assert!(stdout(&imported).contains(&format!("{} syria", s.url("/other"))));

    let file = file.to_string_lossy().into_owned();
    let out = run(
        &["entities", "--sources", &file, "--tag", "syria"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("Russia"), "{text}");
    assert!(!text.contains("Obama"), "{text}");
    let none = run(
        &["entities", "--sources", &file, "--tag", "sport"],
        dir.path(),
    );
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("lists no source tagged sport"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn a_source_tagged_summary_only_keeps_its_summaries() {
    let s = news_server();
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("sources");
    std::fs::write(
        &file,
        format!(
            "# wire, summaries only\n{} wire summary-only\n",
            s.url("/feed")
        ),
    )
    .expect("sources");
    let file = file.to_string_lossy().into_owned();
    let out = run(
        &["export", "--format", "jsonl", "--sources", &file],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("The president spoke to the BBC…"),
        "{}",
        stdout(&out)
    );
    assert_eq!(s.hits.load(Ordering::SeqCst), 1, "the feed alone");
}
