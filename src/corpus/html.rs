//! Saved web pages: the main article text the way reader modes find it (dom_smoothie, a
//! port of Firefox's Readability), with the page's title, byline, date and site name.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};

use super::draft::{Draft, metadata_date};

/// Elements that are never article text.
const CHROME: &str = "script, style, noscript, template, nav, header, footer, aside, form, \
                      button, select, iframe, svg";

/// How deep elements may nest for a page to be parsed into a tree; real pages stay
/// under a hundred levels, and beyond a few hundred the parser's work explodes.
pub const MAX_DEPTH: usize = 512;

/// Extracts the article from a page. Pages the extractor gives up on (too short or too
/// odd) fall back to all the text of the page outside navigation and scripts; pages
/// nested too deep to parse fall back to their text, and the problem says so.
pub fn parse(html: &str) -> (Draft, Option<String>) {
    if super::tags::deeper_than(html, MAX_DEPTH) {
        let (title, body) = super::tags::text(html);
        let draft = Draft {
            title,
            body,
            ..Draft::default()
        };
        return (draft, Some(too_deep()));
    }
    (extract(html), None)
}

fn too_deep() -> String {
    format!(
        "its elements nest more than {MAX_DEPTH} deep: read as plain text, without finding \
         the article in the page"
    )
}

fn extract(html: &str) -> Draft {
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let extracted = Readability::new(html, None, Some(config)).and_then(|mut r| r.parse());
    match extracted {
        Ok(a) => {
            let body = a.text_content.to_string();
            // The excerpt is a standfirst only when it is not just the opening words.
            let subtitle = a.excerpt.filter(|e| {
                let start: String = body
                    .split_whitespace()
                    .take(8)
                    .collect::<Vec<_>>()
                    .join(" ");
                let lead: String = e.split_whitespace().take(8).collect::<Vec<_>>().join(" ");
                lead != start && e.chars().count() <= 300
            });
            Draft {
                title: Some(a.title).filter(|t| !t.trim().is_empty()),
                subtitle,
                date: a.published_time.as_deref().and_then(metadata_date),
                source: a.site_name,
                byline: a.byline,
                url: None,
                body,
            }
        }
        Err(_) => whole_page(html),
    }
}

/// All the text of a page outside navigation, scripts and forms.
fn whole_page(html: &str) -> Draft {
    let doc = Document::from(html);
    let title = doc.select("title").text().to_string();
    doc.select(CHROME).remove();
    let body = doc.select("body").formatted_text().to_string();
    let body = if body.trim().is_empty() {
        doc.formatted_text().to_string()
    } else {
        body
    };
    Draft {
        title: Some(title).filter(|t| !t.trim().is_empty()),
        body,
        ..Draft::default()
    }
}

/// Text of an HTML fragment (a feed item's content), paragraphs kept.
pub fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.to_owned();
    }
    if super::tags::deeper_than(html, MAX_DEPTH) {
        return super::tags::text(html).1;
    }
    let doc = Document::fragment(html);
    doc.select("script, style, noscript, template").remove();
    doc.formatted_text().to_string()
}

/// Whether a string looks like HTML rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let lower = text
        .get(..text.len().min(4096))
        .unwrap_or(text)
        .to_ascii_lowercase();
    [
        "<p", "<br", "<div", "<a ", "<em>", "<strong>", "<ul", "<li", "<h2", "<img", "</",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_the_article_and_drops_the_chrome() {
        let page = r#"<!doctype html><html><head><title>Talks resume | Example News</title>
            <meta property="og:site_name" content="Example News">
            <meta property="article:published_time" content="2017-07-04T09:00:00Z">
            <meta name="author" content="Jo Reporter"></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <article><h1>Talks resume</h1>
            <p>Russia, Turkey and Iran met in Astana on Tuesday for a fifth round of talks on the
            war, with the delegations discussing the boundaries of the zones in some detail.</p>
            <p>The United Nations envoy said the meeting had been useful and that a further round
            would follow in August, after technical teams had met in Ankara and Tehran.</p>
            <p>Opposition delegates said little had changed on the ground since the last meeting,
            and that the ceasefire had been broken many times in the south of the country.</p>
            </article><footer>Contact us · Privacy policy</footer></body></html>"#;
        let (d, problem) = parse(page);
        assert_eq!(problem, None);
        assert_eq!(d.source.as_deref(), Some("Example News"));
        assert_eq!(d.byline.as_deref(), Some("Jo Reporter"));
        assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2017-07-04"));
        assert!(d.body.contains("Russia, Turkey and Iran met"), "{}", d.body);
        assert!(
            d.body.contains("\n\nThe United Nations envoy"),
            "{}",
            d.body
        );
        assert!(!d.body.contains("Privacy policy") && !d.body.contains("Home"));
    }

    #[test]
    fn a_page_too_small_for_extraction_still_gives_its_text() {
        let page = "<html><head><title>Note</title><script>var x;</script></head>\
                    <body><nav>Menu</nav><p>Short note.</p></body></html>";
        let (d, _) = parse(page);
        assert_eq!(d.title.as_deref(), Some("Note"));
        assert!(d.body.contains("Short note."));
        let d = whole_page(page);
        assert_eq!(d.body.trim(), "Short note.");
    }

    #[test]
    fn fragments_keep_paragraphs_and_decode_entities() {
        assert_eq!(
            fragment_text("<p>One &amp; two</p><p>Three<br>four</p>").trim(),
            "One & two\n\nThree\nfour"
        );
        assert_eq!(fragment_text("plain"), "plain");
        assert!(looks_like_html("<p>x</p>") && !looks_like_html("a < b"));
    }

    #[test]
    fn a_page_nested_too_deep_is_read_as_text_and_named() {
        let depth = 100_000;
        let page = format!(
            "<html><head><title>Deep</title></head><body>{}<p>Russia and Iran met.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let (d, problem) = parse(&page);
        assert_eq!(d.title.as_deref(), Some("Deep"));
        assert!(d.body.contains("Russia and Iran met."));
        assert_eq!(
            problem.as_deref(),
            Some(
                "its elements nest more than 512 deep: read as plain text, without finding the \
                 article in the page"
            )
        );
        assert!(fragment_text(&page).contains("Russia and Iran met."));
    }
}
