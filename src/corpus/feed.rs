//! RSS 0.9x/1.0/2.0, Atom and JSON Feed through feed-rs: one article per item. The text
//! arrives here already decoded; the XML declaration is made to agree, a version-less
//! `<rss>` gets one, and a panic inside the parser is a bad file, not a crash.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::draft::{Draft, collapse, metadata_date};
use super::html::{fragment_text, looks_like_html};

/// Words of a body used as a title for an item without one.
const TITLE_WORDS: usize = 12;

/// Why a text without a feed root is not a feed: an `<rss>` with no channel is an
/// empty feed, anything else is not a feed at all.
fn no_feed_root(text: &str) -> String {
    let head = text.get(..text.len().min(4096)).unwrap_or(text);
    if head.contains("<rss") && !text.contains("<channel") {
        "an empty feed: an <rss> without a <channel> has no items to read".into()
    } else {
        "not a feed: no RSS channel, Atom feed or JSON Feed inside".into()
    }
}

/// One article per item, with a problem for each item that has no text.
pub fn parse(text: &str) -> Result<(Vec<Draft>, Vec<String>), String> {
    let prepared = prepare(text);
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        feed_rs::parser::Builder::new()
            .sanitize_content(false)
            .build()
            .parse(prepared.as_bytes())
    }));
    let feed = match parsed {
        Ok(Ok(feed)) => feed,
        Ok(Err(feed_rs::parser::ParseFeedError::ParseError(
            feed_rs::parser::ParseErrorKind::NoFeedRoot,
        ))) => return Err(no_feed_root(text)),
        Ok(Err(feed_rs::parser::ParseFeedError::XmlReader(e))) => {
            let e = e.to_string();
            let e = e.strip_prefix("Parser error: ").unwrap_or(&e);
            return Err(format!("malformed XML ({e})"));
        }
        Ok(Err(e)) => return Err(format!("not a feed that can be read ({e})")),
        Err(_) => return Err("the feed parser failed on this file (malformed XML)".into()),
    };
    let source = feed
        .title
        .map(|t| text_of(&t.content, t.content_type.as_ref()));
    if feed.entries.is_empty() {
        return Err("the feed has no items".into());
    }
    let mut drafts = Vec::new();
    let mut problems = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let body = entry
            .content
            .as_ref()
            .and_then(|c| {
                c.body
                    .as_deref()
                    .map(|b| text_of(b, c.content_type.as_ref()))
            })
            .filter(|b| !b.trim().is_empty())
            .or_else(|| {
                entry
                    .summary
                    .as_ref()
                    .map(|s| text_of(&s.content, s.content_type.as_ref()))
                    .filter(|b| !b.trim().is_empty())
            })
            // Media feeds (podcasts, video) describe items in media:description.
            .or_else(|| {
                entry.media.iter().find_map(|m| {
                    let d = m.description.as_ref()?;
                    Some(text_of(&d.content, d.content_type.as_ref()))
                })
            })
            .unwrap_or_default();
        let title = entry
            .title
            .as_ref()
            .map(|t| collapse(&text_of(&t.content, t.content_type.as_ref())))
            .filter(|t| !t.is_empty());
        if body.trim().is_empty() {
            let named = title
                .as_deref()
                .map(|t| format!(" (“{t}”)"))
                .unwrap_or_default();
            problems.push(format!("item {}{named} has no text; skipped", i + 1));
            continue;
        }
        let title = title.or_else(|| {
            let words: Vec<&str> = body.split_whitespace().take(TITLE_WORDS + 1).collect();
            let more = words.len() > TITLE_WORDS;
            let mut t = words[..words.len().min(TITLE_WORDS)].join(" ");
            if more {
                t.push('…');
            }
            Some(t)
        });
        let authors: Vec<String> = entry
            .authors
            .iter()
            .filter_map(|a| a.name.clone())
            .collect();
        drafts.push(Draft {
            title,
            subtitle: None,
            date: entry
                .published
                .or(entry.updated)
                .and_then(|d| metadata_date(&d.to_rfc3339())),
            source: source.clone(),
            byline: (!authors.is_empty()).then(|| authors.join(", ")),
            url: entry.links.first().map(|l| l.href.clone()),
            body,
        });
    }
    if drafts.is_empty() {
        return Err("no item of the feed has any text".into());
    }
    Ok((drafts, problems))
}

/// Text of a feed field: HTML converted, plain text as is.
fn text_of(content: &str, media_type: &str) -> String {
    if media_type.contains("html") || looks_like_html(content) {
        fragment_text(content)
    } else {
        content.to_owned()
    }
}

/// The document as the parser needs it: one declaration, at the start, saying UTF-8 (the
/// text has been decoded already), and `<rss>` with a version. A declaration anywhere
/// else is not XML and makes quick-xml panic (it would switch encodings mid-stream), so
/// it goes.
fn prepare(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    // feed-rs reads a document starting with '{' as JSON Feed and anything else as XML.
    if text.starts_with('{') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 48);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let mut rest = text;
    while let Some(at) = find_declaration(rest) {
        out.push_str(&rest[..at]);
        rest = rest[at..]
            .find("?>")
            .map_or("", |end| &rest[at + end + 2..]);
    }
    out.push_str(rest);
    let mut out = pad_people(&out);
    if let Some(at) = find_rss_tag(&out) {
        let tag_end = out[at..].find('>').map_or(out.len(), |e| at + e);
        if !out[at..tag_end].contains("version") {
            out.insert_str(at + 4, " version=\"2.0\"");
        }
    }
    out
}

/// RSS elements whose text feed-rs reads as "name and e-mail".
const PERSON_TAGS: [&str; 4] = ["author", "managingEditor", "webMaster", "dc:creator"];

/// Spaces out the text of RSS person elements around non-ASCII punctuation and character
/// references. feed-rs slices one byte either side of an e-mail address it finds there,
/// and panics when that byte is inside a multi-byte character (found by fuzzing:
/// `a@b.org—Name`); a space there is one byte, and whitespace is collapsed later anyway.
fn pad_people(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((at, tag)) = PERSON_TAGS
        .iter()
        .filter_map(|t| Some((rest.find(&format!("<{t}>"))?, *t)))
        .min()
    {
        let open_end = at + tag.len() + 2;
        let close = format!("</{tag}>");
        let Some(len) = rest[open_end..].find(&close) else {
            break;
        };
        out.push_str(&rest[..open_end]);
        let inner = &rest[open_end..open_end + len];
        let mut chars = inner.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '&' {
                let end = inner[i..].find(';').map_or(i + 1, |e| i + e + 1);
                out.push(' ');
                out.push_str(&inner[i..end]);
                out.push(' ');
                while chars.peek().is_some_and(|&(j, _)| j < end) {
                    chars.next();
                }
            } else if !c.is_ascii() && !c.is_alphanumeric() {
                out.push(' ');
                out.push(c);
                out.push(' ');
            } else {
                out.push(c);
            }
        }
        rest = &rest[open_end + len..];
    }
    out.push_str(rest);
    out
}

/// Where the next XML declaration (`<?xml` then a space or `?`) starts; not
/// `<?xml-stylesheet`.
fn find_declaration(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("<?xml") {
        let at = from + i;
        let next = text[at + 5..].chars().next();
        if next.is_none_or(|c| c.is_whitespace() || c == '?') {
            return Some(at);
        }
        from = at + 5;
    }
    None
}

/// Where the `<rss` root tag starts, if the document is RSS.
fn find_rss_tag(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("<rss") {
        let at = from + i;
        if text[at + 4..].starts_with([' ', '>', '\n', '\t', '\r', '/']) {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: feed-rs slices inside a character next to an author's e-mail.
    #[test]
    fn an_author_email_next_to_wide_punctuation_is_no_panic() {
        for author in [
            "a@b.org—Jane",
            "«a@b.org» Jane",
            "a@b.org&#8212;Jane",
            "a@b.org\u{fffd}",
        ] {
            let rss = format!(
                "<rss version=\"2.0\"><channel><title>W</title><item><title>T</title>\
                 <author>{author}</author><description>Body.</description></item>\
                 </channel></rss>"
            );
            let (drafts, _) = parse(&rss).unwrap_or_else(|e| panic!("{author}: {e}"));
            assert_eq!(drafts[0].body, "Body.", "{author}");
        }
        assert_eq!(
            pad_people("<author>x@y.org—Z</author><title>a—b</title>"),
            "<author>x@y.org — Z</author><title>a—b</title>"
        );
    }

    /// Found by fuzzing: quick-xml panics on a declaration that is not at the start.
    #[test]
    fn a_second_xml_declaration_is_dropped_not_a_panic() {
        let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title>\
                   <item><title>T</title><description>one<?xml version=\"1.0\" \
                   encoding=\"euc-kr\"?> two</description></item></channel></rss>";
        let (drafts, _) = parse(rss).expect("feed");
        assert_eq!(drafts[0].body, "one two");
        // Found by fuzzing too: text before the declaration.
        let junk = "\u{5d7}\u{5d7}<?xml version=\"1.0\" encoding=\"big5\"?>\n<!-- x --> text";
        assert!(parse(junk).is_err());
        assert!(!prepare(junk).contains("big5"));
        // And a fourth: '[' is not JSON Feed to feed-rs, which parses it as XML.
        assert!(!prepare("[[<?xml version=\"1.0\" encoding=\"utf-16\"?><rss>").contains("utf-16"));
        assert_eq!(
            prepare("<!-- c --><?xml version='1.0'?><?xml-stylesheet href='s'?><rss>"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!-- c --><?xml-stylesheet href='s'?>\
             <rss version=\"2.0\">"
        );
    }

    #[test]
    fn rss_items_become_articles_with_html_converted() {
        let rss = r#"<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Talks &amp; zones</title><link>https://e.org/1</link>
<pubDate>Tue, 04 Jul 2017 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Russia and Iran met.&lt;/p&gt;&lt;p&gt;Turkey too.&lt;/p&gt;</description></item>
<item><title>Empty</title></item>
</channel></rss>"#;
        let (drafts, problems) = parse(rss).expect("feed");
        assert_eq!(drafts.len(), 1);
        let d = &drafts[0];
        assert_eq!(d.title.as_deref(), Some("Talks & zones"));
        assert_eq!(d.source.as_deref(), Some("Wire"));
        assert_eq!(d.url.as_deref(), Some("https://e.org/1"));
        assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2017-07-04"));
        assert_eq!(d.body.trim(), "Russia and Iran met.\n\nTurkey too.");
        assert_eq!(problems, ["item 2 (“Empty”) has no text; skipped"]);
    }

    #[test]
    fn rss_without_a_version_is_read() {
        let (drafts, _) = parse("<rss><channel><title>T</title><item><title>A</title><description>Body.</description></item></channel></rss>").expect("feed");
        assert_eq!(drafts[0].body, "Body.");
    }

    #[test]
    fn atom_prefers_full_content_and_json_feed_works() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>E</title><id>1</id><updated>2019-07-21T00:00:00Z</updated>
<summary>Short.</summary><content type="html">&lt;p&gt;Full text.&lt;/p&gt;</content></entry></feed>"#;
        let (drafts, _) = parse(atom).expect("atom");
        assert_eq!(drafts[0].body.trim(), "Full text.");
        assert_eq!(
            drafts[0].date.map(|d| d.to_string()).as_deref(),
            Some("2019-07-21")
        );
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","title":"T","content_text":"Body text.","date_published":"2020-01-02T00:00:00Z"}]}"#;
        let (drafts, _) = parse(json).expect("json feed");
        assert_eq!(
            (drafts[0].body.as_str(), drafts[0].source.as_deref()),
            ("Body text.", Some("J"))
        );
    }

    #[test]
    fn items_without_titles_are_named_by_their_first_words() {
        let (drafts, _) = parse("<rss version=\"2.0\"><channel><item><description>One two three.</description></item></channel></rss>").expect("feed");
        assert_eq!(drafts[0].title.as_deref(), Some("One two three."));
    }

    #[test]
    fn broken_feeds_are_errors() {
        assert!(parse("<rss version=\"2.0\"><channel><item><title>x").is_err());
        assert!(parse("").is_err());
        assert_eq!(
            parse("<rss version=\"2.0\"><channel><title>T</title></channel></rss>")
                .expect_err("empty"),
            "the feed has no items"
        );
    }
}
