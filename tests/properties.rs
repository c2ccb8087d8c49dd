//! Property tests: whatever bytes each reader is given, it returns articles or an error
//! (never a panic), and every article and mention keeps its promises
//! (`newslens::invariants`).

use std::path::Path;

use newslens::invariants::{match_and_check, read_and_check};
use proptest::prelude::*;

const EXTENSIONS: [&str; 7] = ["txt", "md", "html", "xml", "json", "jsonl", "unknown"];

/// Pieces of every format, so random inputs reach past the first syntax error.
fn fragments() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<rss version=\"2.0\"><channel><item><title>".to_owned()),
        Just("</title><description>".to_owned()),
        Just("</description></item></channel></rss>".to_owned()),
        Just(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"html\">".to_owned()
        ),
        Just("<html><body><article><p>".to_owned()),
        Just("</p><nav>Home</nav><script>x</script>".to_owned()),
        Just("&lt;p&gt;&amp;&#x1b;".to_owned()),
        Just("[{\"title\":\"".to_owned()),
        Just("\",\"body\":\"".to_owned()),
        Just("\"}]\n{\"text\": 1}\n".to_owned()),
        Just("---\ntitle: ".to_owned()),
        Just("\n---\n# ".to_owned()),
        Just("\n\n- item\n1. one\n| a | b |\n|---|---|\n".to_owned()),
        Just("Russia, Turkey and Iran met in Astana. de Mistura's ".to_owned()),
        Just("\u{1b}[2J\u{7}\t\r\n\u{202e}\u{0301}日本😀 عربى".to_owned()),
        "[\\PC]{0,12}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_to_any_reader(bytes in prop::collection::vec(any::<u8>(), 0..2048), ext in 0..EXTENSIONS.len()) {
        read_and_check(Path::new(&format!("x.{}", EXTENSIONS[ext])), &bytes);
    }

    #[test]
    fn format_fragments_to_any_reader(text in fragments(), ext in 0..EXTENSIONS.len()) {
        read_and_check(Path::new(&format!("x.{}", EXTENSIONS[ext])), text.as_bytes());
    }

    #[test]
    fn fragments_in_legacy_and_utf16_encodings(text in fragments(), which in 0..3usize) {
        let bytes: Vec<u8> = match which {
            0 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
            1 => [0xfe, 0xff].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect(),
            _ => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        };
        read_and_check(Path::new("x.xml"), &bytes);
        read_and_check(Path::new("x.html"), &bytes);
    }

    #[test]
    fn any_text_to_the_matcher(text in "[\\PC\n]{0,400}") {
        match_and_check(&text);
    }

    #[test]
    fn name_heavy_text_to_the_matcher(text in fragments()) {
        match_and_check(&text);
    }
}

/// Names a generated corpus is made of: tracked names, world names in every case, names
/// whose id a tracked entity holds ("Russians" is the world's Russia), and plain
/// capitalised runs.
fn corpus_texts() -> impl Strategy<Value = Vec<String>> {
    let word = prop_oneof![
        Just("Russia"),
        Just("Russians"),
        Just("RUSSIA"),
        Just("Vatican City"),
        Just("VATICAN CITY"),
        Just("vatican city"),
        Just("Stuart Jones"),
        Just("Jones"),
        Just("Iran"),
        Just("Tehran"),
        Just("the"),
        Just("said"),
        Just("Maria Jones"),
        Just("Acme Group"),
        Just("ACME GROUP"),
        Just("President Omar Bashir"),
        Just("."),
        Just(","),
    ];
    let sentence = prop::collection::vec(word, 1..14).prop_map(|w| w.join(" "));
    let article = prop::collection::vec(sentence, 1..6).prop_map(|s| s.join(". "));
    prop::collection::vec(article, 1..5)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every entity of a corpus, tracked or discovered, has an id of its own.
    #[test]
    fn no_two_entities_share_an_id(texts in corpus_texts()) {
        use std::sync::Arc;
        let g = Arc::new(newslens::entities::Gazetteer::builtin());
        let m = Arc::new(newslens::entities::Matcher::new(&g));
        let mut corpus = newslens::index::Corpus::new(Arc::clone(&g), Arc::clone(&m));
        for (i, text) in texts.iter().enumerate() {
            let article = newslens::corpus::Article::from_plain_text(
                Path::new(&format!("{i}.txt")),
                &format!("Story {i}\n\n{text}"),
            );
            let mut doc = newslens::document::Document::new(article, &m);
            doc.discover(0.0);
            corpus.push(doc);
        }
        let mut seen = std::collections::HashSet::new();
        for (_, e) in g.iter() {
            prop_assert!(seen.insert(e.id.clone()));
        }
        for (_, d) in corpus.discovered.iter() {
            prop_assert!(seen.insert(d.entity.id.clone()), "{} twice", d.entity.id);
        }
    }
}

/// Words and pieces of words names are made of, with wide characters, so random text
/// reaches the recogniser's and discovery's every path.
fn name_texts() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("MOSCOW (AP) _ ".to_owned()),
        Just("Daniel arap Moi ".to_owned()),
        Just("von der ".to_owned()),
        Just("Okonjo-Iweala".to_owned()),
        Just("\u{201c}".to_owned()),
        Just("\u{201d} ".to_owned()),
        Just("Mr. ".to_owned()),
        Just("U.S. ".to_owned()),
        Just("Syrian ".to_owned()),
        Just("’s ".to_owned()),
        Just(". ".to_owned()),
        Just("\n\n".to_owned()),
        Just("Zu\u{0308}rich ".to_owned()),
        "[A-Za-z\u{e9}\u{4e2d}]{1,8} ",
        "\\PC{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the text, recognition and discovery give spans inside it, on character
    /// boundaries, with a confidence from 0 to 1, and never panic.
    #[test]
    fn discovery_never_panics_and_keeps_to_the_text(text in name_texts()) {
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for part in text.split("\n\n") {
            paragraphs.push(start..start + part.len());
            start += part.len() + 2;
        }
        for f in newslens::discover::discover(&text, &paragraphs, &[]) {
            prop_assert!(f.range.start < f.range.end && f.range.end <= text.len());
            prop_assert!(text.is_char_boundary(f.range.start) && text.is_char_boundary(f.range.end));
            prop_assert!((0.0..=1.0).contains(&f.confidence), "{}", f.confidence);
        }
    }
}
