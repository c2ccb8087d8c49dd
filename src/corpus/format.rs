//! The formats newslens reads, and which one a file is: its content when that is
//! unmistakable, else its extension, else a guess.

use std::path::Path;

/// The formats newslens reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Format {
    Text,
    Markdown,
    Html,
    /// RSS, Atom or JSON Feed: one article per item.
    Feed,
    /// A JSON array of articles, or one article object.
    Json,
    /// One JSON article object per line.
    JsonLines,
}

impl Format {
    /// The format a file's extension names, if any.
    pub fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Self::Text,
            "md" | "markdown" | "mdown" | "mkd" => Self::Markdown,
            "html" | "htm" | "xhtml" | "shtml" => Self::Html,
            "xml" | "rss" | "atom" | "rdf" => Self::Feed,
            "json" => Self::Json,
            "jsonl" | "ndjson" => Self::JsonLines,
            _ => return None,
        })
    }

    /// The format's identifier in exported data.
    pub fn id(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::Feed => "feed",
            Self::Json => "json",
            Self::JsonLines => "jsonl",
        }
    }

    /// How the format is named in messages and in the list.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Markdown => "Markdown",
            Self::Html => "HTML",
            Self::Feed => "feed",
            Self::Json => "JSON",
            Self::JsonLines => "JSON Lines",
        }
    }

    /// The format a file is read as: its content when that is unmistakable (an HTML page
    /// saved as `.txt`, a feed saved as `.html`), else its extension, else a guess.
    pub fn detect(path: &Path, text: &str) -> Self {
        let by_name = Self::from_extension(path);
        let named_json = matches!(by_name, Some(Self::Json | Self::JsonLines | Self::Feed));
        // Text can open with a bracket ("[Updated] …"): it is JSON only if it parses.
        let sniffed = sniff(text).filter(|f| *f != Self::Json || named_json || opens_json(text));
        match (by_name, sniffed) {
            (Some(Self::JsonLines), Some(Self::Json)) => Self::JsonLines,
            (Some(Self::Feed), Some(Self::Json)) => Self::Feed,
            (_, Some(found)) => found,
            (Some(named), None) => named,
            (None, None) => {
                let t = text.trim_start_matches('\u{feff}');
                if t.starts_with("---\n") || t.starts_with("+++\n") || t.starts_with("# ") {
                    Self::Markdown
                } else {
                    Self::Text
                }
            }
        }
    }
}

/// Whether `text` opens with a whole JSON value alone on its line(s): a JSON document,
/// or the first record of JSON Lines.
fn opens_json(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}');
    let mut values = serde_json::Deserializer::from_str(t).into_iter::<serde::de::IgnoredAny>();
    if !matches!(values.next(), Some(Ok(_))) {
        return false;
    }
    let rest = &t[values.byte_offset()..];
    let line = rest.split('\n').next().unwrap_or_default();
    line.trim().is_empty()
}

/// What the first characters make unmistakable.
fn sniff(text: &str) -> Option<Format> {
    let mut t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        return Some(Format::Json);
    }
    if t.starts_with("<?xml") {
        let end = t.find("?>").map_or(t.len(), |e| e + 2);
        t = t[end..].trim_start();
    }
    // Comments and doctypes before the root element.
    loop {
        if t.starts_with("<!--") {
            let end = t.find("-->").map_or(t.len(), |e| e + 3);
            t = t[end..].trim_start();
        } else if t
            .get(..9)
            .is_some_and(|d| d.eq_ignore_ascii_case("<!doctype"))
        {
            let is_html = t
                .get(10..14)
                .is_some_and(|d| d.eq_ignore_ascii_case("html"));
            if is_html {
                return Some(Format::Html);
            }
            let end = t.find('>').map_or(t.len(), |e| e + 1);
            t = t[end..].trim_start();
        } else if t.starts_with("<?") {
            let end = t.find("?>").map_or(t.len(), |e| e + 2);
            t = t[end..].trim_start();
        } else {
            break;
        }
    }
    let root: String = t
        .strip_prefix('<')?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':')
        .collect::<String>()
        .to_ascii_lowercase();
    match root.as_str() {
        "rss" | "feed" | "rdf:rdf" | "rdf" => Some(Format::Feed),
        "html" | "head" | "body" => Some(Format::Html),
        _ => None,
    }
}
