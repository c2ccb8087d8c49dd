//! Scraper dumps: a JSON array of articles (or one article, or `{"articles": [...]}`), and
//! JSON Lines with one article per line. Each article is an object with `title` and `body`
//! (or `text` / `content`), and optionally `source`, `date` and `url`. A bad line or item
//! is a problem naming it; the others load.

use serde_json::{Map, Value};

use super::draft::{Draft, metadata_date};
use super::html::{fragment_text, looks_like_html};

const BODY_KEYS: &[&str] = &["body", "text", "content", "article", "content_text"];
const TITLE_KEYS: &[&str] = &["title", "headline", "name"];
const DATE_KEYS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "publishedAt",
    "datePublished",
    "pubDate",
    "date_published",
    "time",
];
const SOURCE_KEYS: &[&str] = &["source", "site", "site_name", "publisher", "outlet"];
const URL_KEYS: &[&str] = &["url", "link", "href"];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline"];

/// Articles from a whole JSON document.
pub fn parse_document(value: Value) -> Result<(Vec<Draft>, Vec<String>), String> {
    let items: Vec<Value> = match value {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("articles") {
            Some(Value::Array(items)) => items,
            Some(other) => {
                map.insert("articles".into(), other);
                vec![Value::Object(map)]
            }
            None => vec![Value::Object(map)],
        },
        _ => return Err("expected an array of article objects or one object".into()),
    };
    if items.is_empty() {
        return Err("the JSON array is empty".into());
    }
    collect(
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("item {}", i + 1), Ok(v))),
    )
}

/// Articles from JSON Lines: one object per non-blank line.
pub fn parse_lines(text: &str) -> Result<(Vec<Draft>, Vec<String>), String> {
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            let parsed = serde_json::from_str::<Value>(l)
                .map_err(|e| format!("not valid JSON ({})", strip_position(&e.to_string())));
            (format!("line {}", i + 1), parsed)
        });
    collect(lines)
}

fn collect(
    items: impl Iterator<Item = (String, Result<Value, String>)>,
) -> Result<(Vec<Draft>, Vec<String>), String> {
    let mut drafts = Vec::new();
    let mut problems = Vec::new();
    let mut seen = 0;
    for (label, value) in items {
        seen += 1;
        match value.and_then(|v| article(&v)) {
            Ok((d, date_problem)) => {
                if let Some(p) = date_problem {
                    problems.push(format!("{label}: {p}"));
                }
                drafts.push(d);
            }
            Err(e) => problems.push(format!("{label}: {e}; skipped")),
        }
    }
    if drafts.is_empty() {
        return Err(match problems.first() {
            Some(first) if seen == 1 => {
                let reason = first.trim_end_matches("; skipped");
                // One object is the whole file: no need to number it.
                reason.strip_prefix("item 1: ").unwrap_or(reason).to_owned()
            }
            Some(first) => format!("none of the {seen} entries is an article (first: {first})"),
            None => "no articles in the file".into(),
        });
    }
    Ok((drafts, problems))
}

/// An article object, and a problem with its date field when it has one that could not
/// be read.
fn article(value: &Value) -> Result<(Draft, Option<String>), String> {
    let Value::Object(map) = value else {
        return Err(format!("expected an object, found {}", kind(value)));
    };
    let body = string_field(map, BODY_KEYS).ok_or_else(|| {
        format!(
            "not an article: it has none of the fields {}",
            quoted(BODY_KEYS)
        )
    })?;
    let body = if looks_like_html(&body) {
        fragment_text(&body)
    } else {
        body
    };
    if body.trim().is_empty() {
        return Err("the text is empty".into());
    }
    let written = string_field(map, DATE_KEYS);
    let date = written.as_deref().and_then(metadata_date);
    let date_problem = match (&written, date) {
        (Some(text), None) => {
            let key = DATE_KEYS
                .iter()
                .find(|k| map.contains_key(**k))
                .unwrap_or(&"date");
            Some(format!(
                "the date field \"{key}\" ({}) could not be read as a date; the article has \
                 no date",
                crate::text::visible(&text.chars().take(40).collect::<String>())
            ))
        }
        _ => None,
    };
    let draft = Draft {
        title: string_field(map, TITLE_KEYS),
        subtitle: string_field(map, &["subtitle", "description", "summary", "standfirst"]),
        date,
        source: string_field(map, SOURCE_KEYS),
        byline: string_field(map, AUTHOR_KEYS),
        url: string_field(map, URL_KEYS),
        body,
    };
    Ok((draft, date_problem))
}

/// The first of `keys` holding text: a string, a number, a list of strings, or an object
/// with a `name`.
fn string_field(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match map.get(*k)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<&str> = items
                .iter()
                .filter_map(|v| v.as_str().or_else(|| v.get("name")?.as_str()))
                .collect();
            (!parts.is_empty()).then(|| parts.join(if *k == "body" { "\n\n" } else { ", " }))
        }
        Value::Object(o) => o.get("name")?.as_str().map(str::to_owned),
        _ => None,
    })
}

/// `"a", "b" or "c"`.
fn quoted(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("\"{k}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json's " at line 1 column 5" is noise on a line of its own.
fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_array_of_articles_with_synonyms() {
        let v: Value = serde_json::from_str(
            r#"[{"title":"A","body":"Russia met.","source":{"name":"Wire"},"date":"2017-07-04","url":"u"},
                {"headline":"B","text":"<p>Iran.</p><p>Turkey.</p>","authors":["X","Y"]},
                {"title":"C"}, 5]"#,
        )
        .expect("json");
        let (drafts, problems) = parse_document(v).expect("articles");
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].source.as_deref(), Some("Wire"));
        assert_eq!(
            drafts[0].date.map(|d| d.to_string()).as_deref(),
            Some("2017-07-04")
        );
        assert_eq!(drafts[1].body.trim(), "Iran.\n\nTurkey.");
        assert_eq!(drafts[1].byline.as_deref(), Some("X, Y"));
        assert_eq!(
            problems,
            [
                "item 3: not an article: it has none of the fields \"body\", \"text\", \"content\", \"article\" or \"content_text\"; skipped",
                "item 4: expected an object, found a number; skipped"
            ]
        );
    }

    #[test]
    fn json_lines_skip_bad_lines_and_name_them() {
        let (drafts, problems) = parse_lines(
            "{\"title\":\"A\",\"body\":\"One.\"}\n\n{\"title\": oops}\n{\"title\":\"C\",\"content\":\"Three.\"}\n",
        )
        .expect("lines");
        assert_eq!(drafts.len(), 2);
        assert_eq!(
            problems,
            ["line 3: not valid JSON (expected value); skipped"]
        );
    }

    #[test]
    fn nothing_usable_is_an_error() {
        assert_eq!(
            parse_lines("{\"title\":\"A\"}").expect_err("no body"),
            "line 1: not an article: it has none of the fields \"body\", \"text\", \"content\", \"article\" or \"content_text\""
        );
        assert_eq!(
            parse_document(serde_json::json!({"title": "A"})).expect_err("no body"),
            "not an article: it has none of the fields \"body\", \"text\", \"content\", \"article\" or \"content_text\""
        );
        assert!(parse_document(Value::Array(vec![])).is_err());
        assert!(parse_document(Value::Bool(true)).is_err());
    }
}
