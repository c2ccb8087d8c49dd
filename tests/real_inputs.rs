//! newslens on material nobody on the project wrote: feeds from feedparser's and
//! newsboat's test suites and saved news pages from Readability's, with the text a reader
//! mode should extract (sources in `tests/fixtures/README.md`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use newslens::corpus::{Article, ArticleError, ReadOptions, read_bytes, read_file};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn feed(name: &str) -> Result<(Vec<Article>, Vec<String>), ArticleError> {
    read_file(
        &fixtures().join("feeds").join(name),
        &ReadOptions::default(),
    )
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("fixture folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every real file, whatever its state, gives articles that are safe to show and annotate
/// or a reason; no parser panics.
#[test]
fn every_real_file_reads_or_gives_a_reason_never_a_panic() {
    let files: Vec<PathBuf> = [fixtures().join("feeds"), fixtures().join("pages")]
        .iter()
        .flat_map(|d| files_under(d))
        .collect();
    assert!(files.len() > 60, "{} files", files.len());
    for path in files {
        let bytes = std::fs::read(&path).expect("read fixture");
        newslens::invariants::read_and_check(&path, &bytes);
    }
}

/// Inputs the fuzzer found to make the feed parser panic: each now reads or gives a
/// reason without any panic, caught or not.
#[test]
fn fuzz_findings_read_without_a_panic() {
    for path in files_under(&fixtures().join("fuzz")) {
        let bytes = std::fs::read(&path).expect("read fixture");
        newslens::invariants::read_and_check(&path, &bytes);
        let outcome = read_bytes(&path, &bytes);
        // A panic inside the parser is caught and reported as the parser failing; these
        // inputs must not get that far.
        let reason = outcome.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            !reason.contains("parser failed") && !reason.contains("internal"),
            "{}: {reason}",
            path.display()
        );
    }
}

#[test]
fn newsboat_feeds_give_one_article_per_item_with_text() {
    // (file, articles, items skipped for want of text)
    let expected = [
        ("newsboat-atom10_1.xml", 3, 0),
        ("newsboat-atom10_2.xml", 4, 2),
        ("newsboat-items_without_titles.xml", 5, 0),
        ("newsboat-multiple_item_links.atom", 1, 0),
        ("newsboat-rss091_1.xml", 1, 0),
        ("newsboat-rss092_1.xml", 3, 0),
        ("newsboat-rss10_1.xml", 1, 0),
        ("newsboat-rss20_1.xml", 1, 0),
        ("newsboat-rss20_2.xml", 1, 2),
    ];
    for (name, articles, skipped) in expected {
        let (got, problems) = feed(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.len(), articles, "{name}");
        assert_eq!(problems.len(), skipped, "{name}: {problems:?}");
        for p in &problems {
            assert!(p.contains("has no text; skipped"), "{name}: {p}");
        }
    }
    assert!(matches!(
        feed("newsboat-empty.xml"),
        Err(ArticleError::Empty)
    ));
}

#[test]
fn feed_items_carry_title_date_source_and_link() {
    let (articles, _) = feed("newsboat-rss20_1.xml").expect("rss 2.0");
    let a = &articles[0];
    assert_eq!(a.title, "this is an item");
    assert_eq!(a.source, "my weblog");
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2008-12-12"));
    assert_eq!(
        a.url.as_deref(),
        Some("http://example.com/blog/this_is_an_item.html")
    );
    // content:encoded wins over the summary.
    assert_eq!(a.body, "oh well, this is the content.");

    // Items without titles get their first words as one.
    let (articles, _) = feed("newsboat-items_without_titles.xml").expect("untitled");
    assert!(articles.iter().all(|a| !a.title.is_empty()));

    // HTML-escaped markup in an RSS 0.91 description is read as markup, not shown as tags.
    let (articles, _) = feed("newsboat-rss091_1.xml").expect("rss 0.91");
    assert_eq!(articles[0].title, "1 < 2");
    assert!(
        articles[0].body.starts_with("1 < 2, 3 < 4."),
        "{}",
        articles[0].body
    );
    assert!(!articles[0].body.contains("<b>"), "{}", articles[0].body);
}

/// The feedparser files are empty `<rss>` documents in many encodings: each must decode
/// (or the reason would be "binary data" or "not a feed") and be reported as empty.
#[test]
fn feeds_in_utf16_utf32_big5_and_euc_kr_decode_to_an_empty_feed() {
    for name in [
        "feedparser-encoding-utf-8-bom.xml",
        "feedparser-encoding-utf-16be-bom.xml",
        "feedparser-encoding-utf-16be-autodetect.xml",
        "feedparser-encoding-utf-16le-bom.xml",
        "feedparser-encoding-utf-32be-bom.xml",
        "feedparser-encoding-big5.xml",
        "feedparser-encoding-encoding_attribute_crash.xml",
    ] {
        let err = feed(name).expect_err(name).to_string();
        assert!(err.contains("an empty feed"), "{name}: {err}");
    }
    // A comment and nothing else is no feed at all.
    let err = feed("feedparser-illformed-rss_empty_document.xml").expect_err("comment only");
    assert!(err.to_string().starts_with("not a feed"), "{err}");
}

#[test]
fn malformed_feeds_are_reported_as_malformed_xml() {
    for name in [
        "feedparser-illformed-aaa_illformed.xml",
        "feedparser-illformed-rss_incomplete_cdata.xml",
    ] {
        let err = feed(name).expect_err(name).to_string();
        assert!(err.starts_with("malformed XML ("), "{name}: {err}");
    }
    // Line noise after a good declaration: read, with the bad bytes replaced and said so.
    let (articles, problems) = feed("feedparser-encoding-bozo_linenoise.xml").expect("noise");
    assert_eq!(articles.len(), 1);
    assert!(problems[0].contains("replaced with �"), "{problems:?}");
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom
        .then_some(0xFEFF_u16)
        .into_iter()
        .chain(text.encode_utf16());
    for unit in units {
        let bytes = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        out.extend_from_slice(&bytes);
    }
    out
}

/// A real feed with an item, re-encoded: every encoding reads to the same articles.
#[test]
fn a_feed_reads_the_same_in_utf16_with_or_without_bom_and_windows_1252() {
    let path = fixtures().join("feeds/newsboat-rss20_1.xml");
    let original = std::fs::read_to_string(&path).expect("fixture");
    let text = original.replace("oh well", "oh well — café “au lait”");
    let (want, _) = read_bytes(&path, text.as_bytes()).expect("utf-8");
    assert!(want[0].body.contains("café “au lait”"));
    let declared = text.replace("encoding=\"utf-8\"", "encoding=\"windows-1252\"");
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&declared);
    for (what, bytes) in [
        ("UTF-16BE with BOM", utf16(&text, true, true)),
        ("UTF-16LE with BOM", utf16(&text, false, true)),
        ("UTF-16BE without BOM", utf16(&text, true, false)),
        ("UTF-16LE without BOM", utf16(&text, false, false)),
        ("windows-1252", cp1252.into_owned()),
    ] {
        let (got, problems) = read_bytes(&path, &bytes).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(got.len(), 1, "{what}");
        assert_eq!(got[0].title, want[0].title, "{what}");
        assert_eq!(got[0].body, want[0].body, "{what}");
        assert!(problems.is_empty(), "{what}: {problems:?}");
    }
}

/// Lower-cased words; CJK text, which has no spaces, counts character by character.
fn tokens(text: &str) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let cjk = |c: char| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}');
        if word.chars().any(cjk) {
            for c in word.chars() {
                *out.entry(c.to_string()).or_insert(0) += 1;
            }
        } else {
            *out.entry(word.to_lowercase()).or_insert(0) += 1;
        }
    }
    out
}

/// Token F1 of `got` against `want`, as the extraction benchmarks score it.
fn f1(got: &HashMap<String, usize>, want: &HashMap<String, usize>) -> f64 {
    let overlap: usize = got
        .iter()
        .map(|(t, n)| (*n).min(want.get(t).copied().unwrap_or(0)))
        .sum();
    if overlap == 0 {
        return 0.0;
    }
    let precision = overlap as f64 / got.values().sum::<usize>() as f64;
    let recall = overlap as f64 / want.values().sum::<usize>() as f64;
    2.0 * precision * recall / (precision + recall)
}

/// Readability's test pages: the body newslens extracts against the text a reader mode
/// should extract. The brief asks for a token F1 of at least 0.95.
#[test]
fn html_extraction_scores_a_token_f1_of_at_least_095_on_real_news_pages() {
    let mut scores = Vec::new();
    let mut dumps = Vec::new();
    let mut titles = 0;
    let pages = fixtures().join("pages");
    let mut names: Vec<_> = std::fs::read_dir(&pages)
        .expect("pages")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    for name in &names {
        let dir = pages.join(name);
        let (articles, _) = read_file(&dir.join("source.html"), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{name:?}: {e}"));
        let expected = std::fs::read_to_string(dir.join("expected.html")).expect("expected");
        let gold = dom_query::Document::from(expected.as_str()).root().text();
        let gold = tokens(&gold);
        let score = f1(&tokens(&articles[0].body), &gold);
        // The control: the whole page's text, as a dump of it would give.
        let page = std::fs::read(dir.join("source.html")).expect("source");
        let page = dom_query::Document::from(String::from_utf8_lossy(&page).as_ref());
        page.select("script, style, noscript").remove();
        dumps.push(f1(&tokens(&page.root().text()), &gold));
        let meta: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected-metadata.json")).expect("metadata"),
        )
        .expect("metadata JSON");
        let want_title = meta["title"].as_str().unwrap_or_default().trim();
        let title_ok = articles[0].title.trim() == want_title;
        titles += usize::from(title_ok);
        println!(
            "{name:?}: F1 {score:.4}, title {}",
            if title_ok { "ok" } else { "differs" }
        );
        assert!(score >= 0.85, "{name:?}: F1 {score:.3}");
        scores.push(score);
    }
    let mean = scores.iter().sum::<f64>() / scores.len() as f64;
    let dump = dumps.iter().sum::<f64>() / dumps.len() as f64;
    println!(
        "mean token F1 over {} pages: {mean:.4} (whole-page dump: {dump:.4}); titles as expected: {titles}",
        scores.len()
    );
    // The measure tells extraction from a dump of the page, or it measures nothing.
    assert!(dump < 0.8, "a page dump scores {dump:.4}");
    assert!(mean >= 0.95, "mean F1 {mean:.4}");
    assert!(
        titles * 10 >= names.len() * 8,
        "{titles}/{} titles",
        names.len()
    );
}
