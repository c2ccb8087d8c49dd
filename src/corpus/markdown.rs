//! Markdown notes: YAML (`---`) or TOML (`+++`) front matter for the metadata, the first
//! `#` heading as the title otherwise, and the body rendered to readable text — emphasis
//! dropped, links as their text, list items and table rows kept as lines.

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::draft::{Draft, metadata_date};
use super::html::fragment_text;

/// Reads a Markdown document; problems with its front matter are returned beside it.
pub fn parse(text: &str) -> (Draft, Vec<String>) {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let mut draft = Draft::default();
    let mut problems = Vec::new();
    let mut out = Renderer::default();
    let mut meta: Option<(MetadataBlockKind, String)> = None;
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut image_depth = 0usize;
    for event in Parser::new_ext(text, options) {
        if let Some((_, buf)) = meta.as_mut()
            && let Event::Text(t) = &event
        {
            buf.push_str(t);
            continue;
        }
        if let Some((_, buf)) = heading.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => {
                    buf.push_str(t);
                    continue;
                }
                Event::SoftBreak | Event::HardBreak => {
                    buf.push(' ');
                    continue;
                }
                Event::End(TagEnd::Heading(_)) => {}
                _ => continue,
            }
        }
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => meta = Some((kind, String::new())),
            Event::End(TagEnd::MetadataBlock(_)) => {
                if let Some((kind, buf)) = meta.take() {
                    front_matter(kind, &buf, &mut draft, &mut problems);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    if level == HeadingLevel::H1 && draft.title.is_none() && out.is_empty() {
                        draft.title = Some(text);
                    } else {
                        out.block(&text);
                    }
                }
            }
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ if image_depth > 0 => {}
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => out.break_block(),
            Event::Start(Tag::BlockQuote(_)) | Event::End(TagEnd::BlockQuote(_)) => {
                out.break_block()
            }
            Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) => out.break_block(),
            Event::Start(Tag::List(first)) => {
                if out.lists.is_empty() {
                    out.break_block();
                }
                out.lists.push(first);
            }
            Event::End(TagEnd::List(_)) => {
                out.lists.pop();
                if out.lists.is_empty() {
                    out.break_block();
                }
            }
            Event::Start(Tag::Item) => out.item(),
            Event::Start(Tag::Table(_)) | Event::End(TagEnd::Table) => out.break_block(),
            Event::Start(Tag::TableRow | Tag::TableHead) => out.line(),
            Event::Start(Tag::TableCell) => out.cell(),
            Event::Text(t) | Event::Code(t) => out.text(&t),
            Event::Html(h) | Event::InlineHtml(h) => out.text(&fragment_text(&h)),
            Event::SoftBreak => out.text(" "),
            Event::HardBreak => out.line(),
            Event::Rule => out.break_block(),
            Event::TaskListMarker(done) => out.text(if done { "[x] " } else { "[ ] " }),
            _ => {}
        }
    }
    draft.body = out.text;
    (draft, problems)
}

/// Builds the body: blocks separated by blank lines, lines by single breaks.
#[derive(Default)]
struct Renderer {
    text: String,
    /// Open lists: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    /// The row has a cell already (for " | " between cells).
    cells: bool,
}

impl Renderer {
    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn break_block(&mut self) {
        if self.lists.is_empty() {
            self.text.push_str("\n\n");
        } else {
            self.line();
        }
    }

    fn line(&mut self) {
        self.text.push('\n');
        self.cells = false;
    }

    fn block(&mut self, text: &str) {
        self.break_block();
        self.text.push_str(text);
        self.break_block();
    }

    fn item(&mut self) {
        self.line();
        // Lines are not indented (spaces are collapsed); nested bullets differ instead.
        let nested = self.lists.len() > 1;
        match self.lists.last_mut() {
            Some(Some(n)) => {
                self.text.push_str(&format!("{n}. "));
                *n += 1;
            }
            _ => self.text.push_str(if nested { "◦ " } else { "• " }),
        }
    }

    fn cell(&mut self) {
        if self.cells {
            self.text.push_str(" | ");
        }
        self.cells = true;
    }

    fn text(&mut self, t: &str) {
        self.text.push_str(t);
    }
}

/// Fills the draft's metadata from YAML or TOML front matter.
fn front_matter(
    kind: MetadataBlockKind,
    text: &str,
    draft: &mut Draft,
    problems: &mut Vec<String>,
) {
    let fields: Vec<(String, String)> = match kind {
        MetadataBlockKind::YamlStyle => match yaml_rust2::YamlLoader::load_from_str(text) {
            Ok(docs) => docs
                .first()
                .and_then(|d| d.as_hash())
                .map(|h| {
                    h.iter()
                        .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), yaml_scalar(v)?)))
                        .collect()
                })
                .unwrap_or_default(),
            Err(e) => {
                problems.push(format!(
                    "front matter is not valid YAML ({e}); metadata ignored"
                ));
                return;
            }
        },
        MetadataBlockKind::PlusesStyle => match text.parse::<toml::Table>() {
            Ok(t) => t
                .into_iter()
                .filter_map(|(k, v)| {
                    let s = match v {
                        toml::Value::String(s) => s,
                        toml::Value::Datetime(d) => d.to_string(),
                        toml::Value::Integer(i) => i.to_string(),
                        _ => return None,
                    };
                    Some((k, s))
                })
                .collect(),
            Err(e) => {
                let msg = e.message().to_owned();
                problems.push(format!(
                    "front matter is not valid TOML ({msg}); metadata ignored"
                ));
                return;
            }
        },
    };
    for (key, value) in fields {
        match key.to_ascii_lowercase().as_str() {
            "title" => draft.title = Some(value),
            "subtitle" | "description" | "summary" => draft.subtitle = Some(value),
            "date" | "published" | "pubdate" => draft.date = metadata_date(&value),
            "source" | "publisher" | "site" => draft.source = Some(value),
            "author" | "byline" => draft.byline = Some(value),
            "url" | "link" => draft.url = Some(value),
            _ => {}
        }
    }
}

fn yaml_scalar(v: &yaml_rust2::Yaml) -> Option<String> {
    use yaml_rust2::Yaml;
    match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(yaml_scalar).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_gives_the_metadata() {
        let (d, problems) = parse(
            "---\ntitle: Talks in Astana\ndate: 2017-07-04\nsource: Notes\nurl: https://example.org/a\nauthor: [A. One, B. Two]\n---\n\n# Heading kept\n\nRussia *and* [Turkey](https://x) met.\n",
        );
        assert!(problems.is_empty());
        assert_eq!(d.title.as_deref(), Some("Talks in Astana"));
        assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2017-07-04"));
        assert_eq!(d.source.as_deref(), Some("Notes"));
        assert_eq!(d.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(d.byline.as_deref(), Some("A. One, B. Two"));
        assert!(d.body.contains("Heading kept"));
        assert!(d.body.contains("Russia and Turkey met."), "{:?}", d.body);
    }

    #[test]
    fn toml_front_matter_and_first_heading_title() {
        let (d, _) = parse("+++\ndate = 2019-07-21\n+++\n# The title\n\nBody text.");
        assert_eq!(d.title.as_deref(), Some("The title"));
        assert_eq!(d.date.map(|d| d.to_string()).as_deref(), Some("2019-07-21"));
        assert_eq!(d.body.trim(), "Body text.");
    }

    #[test]
    fn lists_and_tables_stay_as_lines() {
        let (d, _) =
            parse("Intro:\n\n- one\n- two\n  1. sub\n\n| a | b |\n|---|---|\n| c | d |\n\nEnd.");
        let body: Vec<&str> = d
            .body
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(
            body,
            [
                "Intro:", "• one", "• two", "1. sub", "a | b", "c | d", "End."
            ]
        );
    }

    #[test]
    fn bad_front_matter_is_a_problem_not_a_failure() {
        let (d, problems) = parse("---\ntitle: [unclosed\n---\n\nBody.");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("front matter is not valid YAML"));
        assert_eq!(d.body.trim(), "Body.");
    }
}
