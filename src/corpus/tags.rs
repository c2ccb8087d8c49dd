//! A linear scan over HTML tags, for pages a tree builder should not be given: how deep
//! the elements nest (html5ever's work grows with the square of the depth: 8,000 nested
//! `<div>`s took 17 s), and the page's text without building a tree.

/// Elements with no end tag, or whose end tag may be left out: they add no depth.
const NO_DEPTH: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rt", "rp", "!doctype",
];

/// Elements whose content is not markup (and not article text).
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "noscript", "template",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "blockquote",
    "ul",
    "ol",
    "table",
    "header",
    "footer",
    "main",
    "figure",
    "figcaption",
    "pre",
    "dd",
    "dt",
    "aside",
    "nav",
];

/// One piece of a page.
enum Piece<'a> {
    Text(&'a str),
    Open(String),
    Close(String),
    /// An element that closes itself (`<x/>`, a void element) or a comment.
    Other(String),
    /// The content of a raw-text element such as `<title>`.
    Raw(String, &'a str),
}

/// Splits `html` into text, tags and raw content, in one pass.
fn pieces(html: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = html;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(lt) = rest.find('<') else {
            let text = rest;
            rest = "";
            return Some(Piece::Text(text));
        };
        if lt > 0 {
            let text = &rest[..lt];
            rest = &rest[lt..];
            return Some(Piece::Text(text));
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            return Some(Piece::Other(String::new()));
        }
        let (tag, after) = match rest.find('>') {
            Some(e) => (&rest[1..e], &rest[e + 1..]),
            None => (&rest[1..], ""),
        };
        rest = after;
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-' || *c == ':')
            .collect::<String>()
            .to_ascii_lowercase();
        if closing {
            return Some(Piece::Close(name));
        }
        if RAW.contains(&name.as_str()) && !tag.ends_with('/') {
            let stop = find_close(rest, &name).unwrap_or(rest.len());
            let content = &rest[..stop];
            let after = &rest[stop..];
            rest = after.find('>').map_or("", |e| &after[e + 1..]);
            return Some(Piece::Raw(name, content));
        }
        if tag.ends_with('/') || NO_DEPTH.contains(&name.as_str()) || name.is_empty() {
            return Some(Piece::Other(name));
        }
        Some(Piece::Open(name))
    })
}

/// Where `</name` starts in `text`, in any case.
fn find_close(text: &str, name: &str) -> Option<usize> {
    text.match_indices("</").map(|(i, _)| i).find(|&i| {
        text.as_bytes()
            .get(i + 2..i + 2 + name.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// Whether the elements of `html` nest deeper than `limit`; stops looking once they do.
pub fn deeper_than(html: &str, limit: usize) -> bool {
    let mut depth = 0usize;
    for piece in pieces(html) {
        match piece {
            Piece::Open(_) => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            Piece::Close(name) if !NO_DEPTH.contains(&name.as_str()) => {
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    false
}

/// The page's title and text: tags dropped, scripts and styles left out, a line break
/// after each block, the common character references decoded.
pub fn text(html: &str) -> (Option<String>, String) {
    let mut title = None;
    let mut body = String::with_capacity(html.len() / 2);
    for piece in pieces(html) {
        match piece {
            Piece::Text(t) => body.push_str(&decode_references(t)),
            Piece::Raw(name, content) if name == "title" && title.is_none() => {
                let t = decode_references(content).trim().to_owned();
                title = Some(t).filter(|t| !t.is_empty());
            }
            Piece::Open(name) | Piece::Close(name) | Piece::Other(name)
                if BLOCKS.contains(&name.as_str()) =>
            {
                body.push_str("\n\n");
            }
            Piece::Other(name) if name == "br" => body.push('\n'),
            _ => {}
        }
    }
    (title, body)
}

/// Character references as HTML writes them: named (`&amp;`, `&nbsp;`, `&eacute;`, any of
/// HTML5's) and numeric (`&#39;`, `&#x27;`), each ended by `;`; anything else (`AT&T`,
/// `R&D`, an unknown name) is left as it is.
pub(crate) fn decode_references(text: &str) -> std::borrow::Cow<'_, str> {
    /// The longest reference: HTML5's longest name is 31 letters.
    const LONGEST: usize = 34;
    // memchr's search, not `str::find`'s generic one: most texts hold no '&' at all.
    let ampersand = |s: &str| memchr::memchr(b'&', s.as_bytes());
    if ampersand(text).is_none() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = ampersand(rest) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.as_bytes()[..rest.len().min(LONGEST)]
            .iter()
            .position(|&b| b == b';');
        match end.filter(|&end| push_reference(&mut out, &rest[1..end])) {
            Some(end) => rest = &rest[end + 1..],
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// Pushes what the reference `&name;` stands for onto `out`, if it is one.
fn push_reference(out: &mut String, name: &str) -> bool {
    match name.strip_prefix('#') {
        Some(number) => {
            let n = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse().ok(),
            };
            n.and_then(char::from_u32).map(|c| out.push(c)).is_some()
        }
        // A no-break space reads as a space.
        None if name == "nbsp" => {
            out.push(' ');
            true
        }
        None => quick_xml::escape::resolve_html5_entity(name)
            .map(|t| out.push_str(t))
            .is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn character_references_named_and_numbered_and_nothing_else() {
        for (text, read) in [
            ("Procter &amp; Gamble", "Procter & Gamble"),
            ("AT&T, R&D; Q&A", "AT&T, R&D; Q&A"),
            ("caf&eacute; &Eacute;lys&eacute;e", "café Élysée"),
            ("it&#39;s &#x27;quoted&#X27;", "it's 'quoted'"),
            ("a&nbsp;b &#160;c", "a b \u{a0}c"),
            ("&CounterClockwiseContourIntegral;", "∳"),
            (
                "&bogus; &#xZZ; &#1114112; &amp &",
                "&bogus; &#xZZ; &#1114112; &amp &",
            ),
            ("", ""),
        ] {
            assert_eq!(decode_references(text), read, "{text:?}");
        }
    }

    fn nested(depth: usize) -> String {
        format!(
            "<html><body>{}<p>Russia &amp; Iran met.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    }

    #[test]
    fn depth_counts_elements_that_need_an_end_tag() {
        assert!(!deeper_than(&nested(10), 12));
        assert!(deeper_than(&nested(11), 12));
        // Paragraphs, list items and void elements left open add nothing.
        let loose = "<ul>".to_owned() + &"<li><p>item<br><img src=x>".repeat(1000) + "</ul>";
        assert!(!deeper_than(&loose, 3));
        // Tags inside comments and scripts are not tags.
        assert!(!deeper_than(
            "<!-- <div><div><div> --><script>'<div><div>'</script>",
            1
        ));
    }

    #[test]
    fn text_keeps_blocks_and_decodes_references() {
        let page = "<html><head><title>Talks &amp; more</title><style>p{}</style></head>\
                    <body><p>One &lt;two&gt;</p><div>Three<br>four&#233;&#x21;</div></body></html>";
        let (title, body) = text(page);
        assert_eq!(title.as_deref(), Some("Talks & more"));
        let lines: Vec<&str> = body.split('\n').filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines, ["One <two>", "Three", "fouré!"]);
    }

    #[test]
    fn a_hundred_thousand_levels_scan_at_once() {
        let page = nested(100_000);
        assert!(deeper_than(&page, 512));
        let (_, body) = text(&page);
        assert!(body.contains("Russia & Iran met."));
    }
}
