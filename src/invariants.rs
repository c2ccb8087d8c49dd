//! The promises every reader and the matcher keep whatever bytes they are given, as
//! checks that panic when one is broken. Property tests and fuzz targets run them on
//! arbitrary input.

use std::path::Path;
use std::sync::OnceLock;

use crate::corpus::{self, Article, ArticleError};
use crate::document::Document;
use crate::entities::{Gazetteer, Matcher, Mention};
use crate::wrap::Wrapped;

fn matcher() -> &'static Matcher {
    static MATCHER: OnceLock<Matcher> = OnceLock::new();
    MATCHER.get_or_init(|| Matcher::new(&Gazetteer::builtin()))
}

/// Reads `bytes` as the file `path` (its extension picks the reader) and checks the
/// result: an error is fine, a panic inside a parser is not, and every article is safe to
/// show and annotate.
pub fn read_and_check(path: &Path, bytes: &[u8]) {
    match corpus::read_bytes(path, bytes) {
        Ok((articles, _)) => {
            assert!(!articles.is_empty(), "Ok with no articles");
            for article in articles {
                check_article(&article);
                let doc = Document::new(article, matcher());
                check_mentions(&doc.article.body, &doc.mentions);
                for width in [1, 7, 80] {
                    let wrapped = Wrapped::new(&doc, width);
                    assert_eq!(wrapped.mention_pos.len(), doc.mentions.len());
                }
            }
        }
        Err(ArticleError::Internal(message)) => panic!("a parser panicked: {message}"),
        Err(_) => {}
    }
}

/// Runs the built-in matcher on `text` and checks its mentions.
pub fn match_and_check(text: &str) {
    check_mentions(text, &matcher().find(text));
}

/// Lines in bounds, on character boundaries, in order, each one line; no character a
/// terminal would act on anywhere.
pub fn check_article(a: &Article) {
    let mut last_end = 0;
    for r in &a.paragraphs {
        assert!(
            r.start >= last_end && r.start < r.end && r.end <= a.body.len(),
            "{r:?}"
        );
        assert!(a.body.is_char_boundary(r.start) && a.body.is_char_boundary(r.end));
        assert!(
            !a.body[r.clone()].contains('\n'),
            "a line with a line break"
        );
        last_end = r.end;
    }
    for field in [&a.title, &a.source, &a.body]
        .into_iter()
        .chain(a.subtitle.as_ref())
        .chain(a.byline.as_ref())
        .chain(a.url.as_ref())
    {
        assert!(
            !field.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reaches the screen: {field:?}"
        );
        assert!(
            !field.chars().any(crate::text::is_bidi_control),
            "a bidi control reaches the screen: {field:?}"
        );
    }
    assert!(!a.title.contains('\n'), "a title with a line break");
}

/// Mentions in bounds, on character boundaries, sorted and non-overlapping.
pub fn check_mentions(text: &str, mentions: &[Mention]) {
    let mut last_end = 0;
    for m in mentions {
        assert!(m.start >= last_end, "overlapping or unsorted: {m:?}");
        assert!(
            m.start < m.end && m.end <= text.len(),
            "out of bounds: {m:?}"
        );
        assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
        last_end = m.end;
    }
}
