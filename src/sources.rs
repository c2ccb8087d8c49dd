//! The sources file: the feeds and pages an analyst follows, one URL a line, in
//! newsboat's `urls` format so a newsboat user's file works as it is — tags after the URL
//! (`"quoted"` when they hold spaces), `#` comments; newsboat's `~title` and `!` (hidden)
//! are read and left aside, its `query:`, `exec:` and `filter:` lines skipped with a
//! note. `newslens import-opml` turns an OPML subscription list into such a file.

use std::path::{Path, PathBuf};

/// The tag that keeps a source's summaries: no full text is fetched for its items.
pub const SUMMARY_ONLY: &str = "summary-only";

/// The sources file's name in the config folder.
pub const FILE_NAME: &str = "sources";

/// One source: its URL and tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub url: String,
    pub tags: Vec<String>,
}

/// The sources file in the user's config folder.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "newslens")?;
    Some(dirs.config_dir().join(FILE_NAME))
}

/// The words of a line: bare, or in double quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c == '"' {
                quoted = !quoted;
                chars.next();
            } else if c.is_whitespace() && !quoted {
                break;
            } else {
                word.push(c);
                chars.next();
            }
        }
        out.push(word);
    }
    out
}

/// Reads a sources file's text: the sources, and a note per line left aside (with its
/// line number).
pub fn parse(text: &str) -> (Vec<Source>, Vec<String>) {
    let mut sources = Vec::new();
    let mut notes = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words = words(line);
        let Some(url) = words.first() else { continue };
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            notes.push(format!(
                "line {}: \"{}\" is not an http(s) URL; skipped",
                i + 1,
                crate::text::visible(url)
            ));
            continue;
        }
        let tags = words[1..]
            .iter()
            .filter(|t| !t.starts_with('~') && *t != "!" && !t.is_empty())
            .cloned()
            .collect();
        sources.push(Source {
            url: url.clone(),
            tags,
        });
    }
    (sources, notes)
}

/// Reads a sources file.
pub fn read(path: &Path) -> Result<(Vec<Source>, Vec<String>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the sources file {} ({e})",
            crate::corpus::display_path(path)
        )
    })?;
    Ok(parse(&text))
}

/// The sources with any of `tags` (all of them when none are given).
pub fn tagged(sources: Vec<Source>, tags: &[String]) -> Vec<Source> {
    if tags.is_empty() {
        return sources;
    }
    sources
        .into_iter()
        .filter(|s| {
            s.tags
                .iter()
                .any(|t| tags.iter().any(|w| w.eq_ignore_ascii_case(t)))
        })
        .collect()
}

/// A source as a line of the file.
pub fn line(source: &Source) -> String {
    let mut out = source.url.clone();
    for tag in &source.tags {
        if tag.contains(char::is_whitespace) || tag.contains('"') {
            out.push_str(&format!(" \"{}\"", tag.replace('"', "")));
        } else {
            out.push_str(&format!(" {tag}"));
        }
    }
    out
}

/// The feeds of an OPML subscription list, each tagged with the folders it is in.
pub fn from_opml(xml: &str) -> Result<Vec<Source>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut folders: Vec<Option<String>> = Vec::new();
    let mut out = Vec::new();
    let mut seen_opml = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not OPML: {e} (at byte {})", reader.buffer_position()))?;
        let (e, opens) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) => {
                if AsRef::<str>::as_ref(&e.local_name()) == "outline" {
                    folders.pop();
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.local_name();
        match AsRef::<str>::as_ref(&name) {
            "opml" => seen_opml = true,
            "outline" => {
                let mut url = None;
                let mut title = None;
                for attr in e.attributes().flatten() {
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.trim().to_owned())
                        .unwrap_or_default();
                    let key = attr.key.local_name();
                    match AsRef::<str>::as_ref(&key) {
                        "xmlUrl" | "xmlurl" => url = Some(value),
                        "title" => title = Some(value),
                        "text" if title.is_none() => title = Some(value),
                        _ => {}
                    }
                }
                if let Some(url) = url.filter(|u| u.starts_with("http")) {
                    out.push(Source {
                        url,
                        tags: folders.iter().flatten().cloned().collect(),
                    });
                    if opens {
                        folders.push(None);
                    }
                } else if opens {
                    folders.push(title.filter(|t| !t.is_empty()));
                }
            }
            _ => {}
        }
    }
    if !seen_opml {
        return Err("not OPML: no <opml> element".into());
    }
    Ok(out)
}

/// The inputs: the paths given, and the URLs of the sources file (`sources`, else, with
/// no path given, the one in the config folder if there is one) with any of `tags`;
/// and the sources file read, if any. The file's lines left aside go to `note`.
pub fn inputs(
    paths: &[PathBuf],
    sources: Option<&Path>,
    tags: &[String],
    note: &mut dyn FnMut(String),
) -> Result<(Vec<PathBuf>, Option<PathBuf>), String> {
    let file = match sources {
        Some(file) => Some(file.to_owned()),
        None if paths.is_empty() => default_path().filter(|p| p.is_file()),
        None => None,
    };
    let Some(file) = file else {
        if !tags.is_empty() {
            return Err(
                "--tag picks sources, and there is no sources file (--sources FILE)".into(),
            );
        }
        return Ok((paths.to_vec(), None));
    };
    let shown = crate::corpus::display_path(&file);
    let (sources, notes) = read(&file)?;
    for n in notes {
        note(format!("{shown}: {n}"));
    }
    let picked = tagged(sources, tags);
    crate::fetch::keep_summaries(
        picked
            .iter()
            .filter(|s| s.tags.iter().any(|t| t == SUMMARY_ONLY))
            .map(|s| s.url.clone()),
    );
    if picked.is_empty() && paths.is_empty() {
        let tagged = if tags.is_empty() {
            String::new()
        } else {
            format!(" tagged {}", tags.join(" or "))
        };
        return Err(format!("{shown} lists no source{tagged}"));
    }
    let mut out = paths.to_vec();
    out.extend(picked.into_iter().map(|s| PathBuf::from(s.url)));
    Ok((out, Some(file)))
}

/// `newslens import-opml FILE`: the feeds of an OPML list as the lines of a sources
/// file, or the message and exit status for a file that cannot be read (1) or is not
/// OPML (2).
pub fn import_opml(file: &Path) -> Result<String, (String, u8)> {
    let shown = crate::corpus::display_path(file);
    let bytes = std::fs::read(file).map_err(|e| (format!("cannot read {shown} ({e})"), 1))?;
    let sources =
        from_opml(&String::from_utf8_lossy(&bytes)).map_err(|e| (format!("{shown}: {e}"), 2))?;
    if sources.is_empty() {
        return Err((format!("{shown}: no feeds in it"), 1));
    }
    let mut out = format!("# from {shown}\n");
    for s in &sources {
        out.push_str(&line(s));
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newsboat_urls_file_reads_as_it_is() {
        let text = "# my feeds\n\
            https://a.example/rss syria \"middle east\" ~\"Renamed\"\n\
            \n\
            http://b.example/feed.xml !\n\
            query:Unread:unread = \"yes\"\n\
            exec:~/bin/feed\n";
        let (sources, notes) = parse(text);
        assert_eq!(
            sources,
            [
                Source {
                    url: "https://a.example/rss".into(),
                    tags: vec!["syria".into(), "middle east".into()],
                },
                Source {
                    url: "http://b.example/feed.xml".into(),
                    tags: vec![],
                },
            ]
        );
        assert_eq!(notes.len(), 2);
        assert!(
            notes[0].starts_with("line 5: \"query:Unread:unread"),
            "{notes:?}"
        );
        assert_eq!(tagged(sources.clone(), &["Syria".into()]).len(), 1);
        assert_eq!(
            line(&sources[0]),
            "https://a.example/rss syria \"middle east\""
        );
        assert_eq!(parse(&line(&sources[0])).0[0], sources[0]);
    }

    #[test]
    fn opml_gives_each_feed_with_its_folders_as_tags() {
        let opml = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="World">
    <outline text="Wire" type="rss" xmlUrl="https://wire.example/rss"/>
    <outline text="Middle East">
      <outline type="rss" text="Desk" xmlUrl="https://desk.example/atom?a=1&amp;b=2"/>
    </outline>
  </outline>
  <outline type="rss" text="Loose" xmlUrl="http://loose.example/feed"/>
</body></opml>"#;
        let sources = from_opml(opml).expect("OPML");
        assert_eq!(sources.len(), 3);
        assert_eq!(sources[0].tags, ["World"]);
        assert_eq!(sources[1].url, "https://desk.example/atom?a=1&b=2");
        assert_eq!(sources[1].tags, ["World", "Middle East"]);
        assert!(sources[2].tags.is_empty());
        assert!(from_opml("<html></html>").is_err());
    }
}
