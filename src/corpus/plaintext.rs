//! Plain text as scraped from news sites: finds the headline under masthead lines, the
//! standfirst, a labelled date, and drops trailing site furniture ("Contact Us").

use super::date::{self, Date, find_date};

/// What the plain-text rules make of a scraped page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub title: Option<String>,
    /// The title was made from the lead's first sentence (the text had no headline).
    pub title_derived: bool,
    pub subtitle: Option<String>,
    pub date: Option<Date>,
    /// Body paragraphs, each one line of text.
    pub paragraphs: Vec<String>,
}

/// Longest line still taken as a headline.
const MAX_TITLE_CHARS: usize = 200;
/// Longest standfirst taken without a dateline to confirm it.
const MAX_SHORT_STANDFIRST_CHARS: usize = 100;
/// Longest standfirst when the next paragraph opens with a dateline.
const MAX_STANDFIRST_CHARS: usize = 300;
/// Longest line that can be a masthead, a date line or furniture.
const MAX_CHROME_CHARS: usize = 80;

/// Words that make up the link lines sites put around an article.
const FURNITURE_WORDS: &[&str] = &[
    "about",
    "advertise",
    "advertisement",
    "advertising",
    "all",
    "and",
    "article",
    "back",
    "careers",
    "comment",
    "comments",
    "conditions",
    "contact",
    "content",
    "cookie",
    "cookies",
    "copyright",
    "email",
    "facebook",
    "faq",
    "feed",
    "follow",
    "help",
    "home",
    "in",
    "instagram",
    "linkedin",
    "log",
    "login",
    "main",
    "menu",
    "more",
    "newsletter",
    "newsletters",
    "next",
    "of",
    "on",
    "our",
    "policy",
    "previous",
    "print",
    "privacy",
    "read",
    "related",
    "reserved",
    "rights",
    "rss",
    "service",
    "share",
    "sign",
    "sitemap",
    "skip",
    "stories",
    "subscribe",
    "terms",
    "the",
    "this",
    "to",
    "top",
    "twitter",
    "up",
    "us",
    "use",
    "whatsapp",
];

/// Words of `FURNITURE_WORDS` that cannot make a furniture line on their own.
const FUNCTION_WORDS: &[&str] = &[
    "about", "all", "and", "back", "in", "more", "next", "of", "on", "our", "previous", "the",
    "this", "to", "top", "up", "us",
];

/// Labels that introduce an article's own date.
const DATE_LABELS: &[&str] = &[
    "updated",
    "last",
    "published",
    "first",
    "posted",
    "date",
    "dated",
    "on",
    "modified",
];

/// Applies the plain-text rules to the text of one file.
pub fn parse(text: &str) -> Parsed {
    let mut blocks = blocks(text);
    let mut date = None;
    blocks.retain(|b| match date_line(b) {
        Some(d) => {
            date.get_or_insert(d);
            false
        }
        None => true,
    });
    while blocks.last().is_some_and(|b| is_furniture(b)) {
        blocks.pop();
    }
    let mut rest = blocks.as_slice();
    while let Some((first, tail)) = rest.split_first()
        && (is_masthead(first) || is_furniture(first))
    {
        rest = tail;
    }
    let mut title = None;
    let mut title_derived = false;
    if let Some((first, tail)) = rest.split_first() {
        if is_lead(first) {
            // No headline: the story starts at once. Its first sentence names it, and
            // the body keeps everything.
            title = Some(derived_title(first));
            title_derived = true;
        } else if first.chars().count() <= MAX_TITLE_CHARS && tail.iter().any(|b| !b.is_empty()) {
            title = Some(first.clone());
            rest = tail;
        }
    }
    let mut subtitle = None;
    if title.is_some()
        && !title_derived
        && let [candidate, next, ..] = rest
        && is_standfirst(candidate, next)
    {
        subtitle = Some(candidate.clone());
        rest = &rest[1..];
    }
    // The paragraphs are moved out, not copied.
    let skipped = blocks.len() - rest.len();
    blocks.drain(..skipped);
    Parsed {
        title,
        title_derived,
        subtitle,
        date,
        paragraphs: blocks,
    }
}

/// Paragraphs: runs of non-blank lines, each joined into one line.
fn blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    // PERF: lines found with memchr's vectorised search, not `str::lines`'s byte loop.
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    for end in ends {
        let line = text[start..end].trim();
        start = end + 1;
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn short(line: &str) -> bool {
    // A character takes one to four bytes: most lines are settled by their length.
    line.len() <= MAX_CHROME_CHARS
        || (line.len() <= 4 * MAX_CHROME_CHARS && line.chars().count() <= MAX_CHROME_CHARS)
}

/// A line that is only a date, perhaps labelled ("Updated: July 4, 2017 09:11 PM"),
/// perhaps with a weekday and a time.
fn date_line(line: &str) -> Option<Date> {
    if !short(line) {
        return None;
    }
    let (found, range) = find_date(line)?;
    let outside = date::tokens(line)
        .into_iter()
        .filter(|t| t.end <= range.start || t.start >= range.end);
    for (i, t) in outside.enumerate() {
        let w = t.text.to_ascii_lowercase();
        let label = t.start < range.start && i < 3 && DATE_LABELS.contains(&w.as_str());
        let clock = t.text.bytes().all(|b| b.is_ascii_digit()) && t.text.len() <= 2
            || [
                "am", "pm", "gmt", "utc", "bst", "cet", "cest", "et", "est", "edt", "pt", "pst",
                "pdt", "t", "z",
            ]
            .contains(&w.as_str());
        if !(label || clock || date::is_weekday(t.text)) {
            return None;
        }
    }
    Some(found)
}

/// A masthead or dateline line: short, holding a calendar date and little else (a place),
/// not a sentence.
fn is_masthead(line: &str) -> bool {
    if !short(line) || line.ends_with(['.', '!', '?', ':', ';']) {
        return false;
    }
    let Some((_, range)) = find_date(line) else {
        return false;
    };
    let other_words = date::tokens(line)
        .into_iter()
        .filter(|t| (t.end <= range.start || t.start >= range.end) && !date::is_weekday(t.text))
        .count();
    other_words <= 4
}

/// A short line made only of the link words sites print around articles, or a
/// copyright line.
fn is_furniture(line: &str) -> bool {
    if !short(line) {
        return false;
    }
    let lower = line.to_lowercase();
    if lower.starts_with('©') || lower.starts_with("copyright") {
        return true;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.len() <= 8
        && words.iter().all(|w| FURNITURE_WORDS.contains(w))
        && words.iter().any(|w| !FUNCTION_WORDS.contains(w))
}

/// Whether `candidate`, the paragraph under the headline, is a standfirst rather than
/// the first paragraph of the story: short, or followed by a paragraph that opens
/// with a dateline ("ASTANA, KAZAKHSTAN // …").
fn is_standfirst(candidate: &str, next: &str) -> bool {
    let len = candidate.chars().count();
    len <= MAX_SHORT_STANDFIRST_CHARS || (len <= MAX_STANDFIRST_CHARS && opens_with_dateline(next))
}

/// What ends a dateline's place: "ASTANA //", "BEIRUT, Lebanon —", "LONDON (Reuters) -".
const DATELINE_SEPARATORS: [&str; 7] = ["//", " — ", " – ", " -- ", " - ", " _ ", ": "];

/// Longest title made from a lead's first sentence, in characters.
const MAX_DERIVED_TITLE_CHARS: usize = 90;

/// Whether a first paragraph is the story's lead, not a headline: it opens with a
/// dateline ("VATICAN CITY (AP) _ …"), or it is a sentence of a dozen words or more that
/// ends like one. Headlines rarely end in a full stop.
fn is_lead(paragraph: &str) -> bool {
    let p = paragraph.trim_end_matches(['"', '\'', '”', '’', ')']);
    opens_with_dateline(paragraph)
        || (p.ends_with(['.', '!', '?']) && paragraph.split_whitespace().count() >= 12)
}

/// A title from a lead: its first sentence without the dateline, cut at a word to at
/// most [`MAX_DERIVED_TITLE_CHARS`] with "…".
fn derived_title(lead: &str) -> String {
    let mut text = lead;
    if opens_with_dateline(lead)
        && let Some(at) = DATELINE_SEPARATORS
            .iter()
            .filter_map(|sep| lead.find(sep).map(|i| i + sep.len()))
            .min()
    {
        text = lead[at..].trim_start();
    }
    let sentence = text
        .find(". ")
        .map_or(text, |end| &text[..end + 1])
        .trim_end_matches('.');
    if sentence.chars().count() <= MAX_DERIVED_TITLE_CHARS {
        return sentence.to_owned();
    }
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > MAX_DERIVED_TITLE_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// A paragraph opening with a place in capitals and a separator: "ASTANA //",
/// "BEIRUT, Lebanon —", "LONDON (Reuters) -".
fn opens_with_dateline(paragraph: &str) -> bool {
    // The place's first word is a start of the paragraph's: most paragraphs ("The talks
    // …") are settled by a lower-case letter among their first three letters, before
    // the separators are looked for.
    let mut letters = 0;
    for c in paragraph
        .chars()
        .take_while(|c| ![',', ' ', '('].contains(c))
    {
        if c.is_lowercase() {
            return false;
        }
        letters += usize::from(c.is_alphabetic());
        if letters == 3 {
            return dateline_by_separators(paragraph);
        }
    }
    false
}

/// [`opens_with_dateline`] looking for the separators first.
fn dateline_by_separators(paragraph: &str) -> bool {
    let head: String = paragraph.chars().take(60).collect();
    let Some(at) = DATELINE_SEPARATORS
        .iter()
        .filter_map(|sep| head.find(sep))
        .min()
    else {
        return false;
    };
    let place = &head[..at];
    let first_word = place.split([',', ' ', '(']).next().unwrap_or("");
    first_word.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && first_word.chars().all(|c| !c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masthead_line_is_skipped_and_headline_found() {
        let p = parse(
            "Abu Dhabi, UAESunday 21 July 2019\n\nTalks resume in Geneva\n\nThe talks resumed on Monday with all parties present at the table.\n",
        );
        assert_eq!(p.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(p.paragraphs.len(), 1);
    }

    #[test]
    fn masthead_variants() {
        assert!(is_masthead("London, Monday 3 June 2019"));
        assert!(is_masthead("PARIS — 2019-06-03"));
        assert!(is_masthead("Tue 3 Dec 2019"));
        assert!(!is_masthead(
            "Ministers met on 3 June 2019 to agree a plan for the region."
        ));
        assert!(!is_masthead("Talks resume in Geneva"));
    }

    #[test]
    fn labelled_date_becomes_the_date_and_leaves_the_body() {
        for label in [
            "Updated: July 4, 2017 09:11 PM",
            "Published 4 July 2017",
            "Last updated on Tuesday, July 4, 2017, 9:11 pm GMT",
            "July 4, 2017",
        ] {
            let p = parse(&format!(
                "Headline here\n\n{label}\n\nFirst paragraph of the story, long enough to be a body paragraph and not a standfirst at all.\n\nMore."
            ));
            assert_eq!(
                p.date.map(|d| d.to_string()).as_deref(),
                Some("2017-07-04"),
                "{label}"
            );
            assert!(p.paragraphs.iter().all(|x| !x.contains("2017")), "{label}");
        }
    }

    #[test]
    fn a_sentence_with_a_date_stays_in_the_body() {
        let p = parse("Headline\n\nThe deal was signed on July 4, 2017 in Astana.\n\nMore text.");
        assert_eq!(p.date, None);
        assert!(
            p.paragraphs[0].contains("July 4, 2017")
                || p.subtitle.as_deref().is_some_and(|s| s.contains("2017"))
        );
    }

    #[test]
    fn trailing_furniture_is_dropped_but_short_endings_are_kept() {
        let p = parse(
            "Headline\n\nBody text of the story.\n\nThe end.\n\nShare this article\n\nContact Us | Privacy Policy\n\n© 2017 The Paper",
        );
        assert_eq!(p.paragraphs.last().map(String::as_str), Some("The end."));
        assert!(is_furniture("Contact Us"));
        assert!(is_furniture("Terms of Use · Cookie Policy"));
        assert!(!is_furniture("Read the full statement here"));
        assert!(!is_furniture("Contact the ministry for details"));
        assert!(!is_furniture("He left."));
    }

    #[test]
    fn short_paragraph_under_the_headline_is_the_standfirst() {
        let p =
            parse("Headline\n\nAll parties attend the meeting.\n\nFirst paragraph of the story.\n");
        assert_eq!(
            p.subtitle.as_deref(),
            Some("All parties attend the meeting.")
        );
        assert_eq!(p.paragraphs, ["First paragraph of the story."]);
    }

    #[test]
    fn long_first_paragraph_is_body_not_standfirst() {
        let lede = "A fifth round of peace talks aimed at ending the conflict entered their second day on Wednesday in the capital city.";
        let p = parse(&format!("Headline\n\n{lede}\n\nSecond paragraph."));
        assert_eq!(p.subtitle, None);
        assert_eq!(p.paragraphs[0], lede);
    }

    #[test]
    fn longer_standfirst_is_kept_when_a_dateline_follows() {
        let stand = "Ministers from all three guarantor countries arrived on Monday for a round of talks that is expected to last two days and to settle the zones.";
        for dateline in [
            "GENEVA // Ministers met.",
            "BEIRUT, Lebanon — Ministers met.",
            "LONDON (Reuters) - Ministers met.",
        ] {
            let p = parse(&format!("Headline\n\n{stand}\n\n{dateline}"));
            assert_eq!(p.subtitle.as_deref(), Some(stand), "{dateline}");
        }
        assert!(!opens_with_dateline("Ministers - who met - agreed."));
    }

    #[test]
    fn a_dateline_is_told_alike_with_and_without_the_early_answer() {
        let mut paragraphs: Vec<String> = crate::corpus::BUILTIN_SEEDS
            .iter()
            .flat_map(|(_, text)| text.split("\n\n").map(str::to_owned))
            .collect();
        let digits = "1".repeat(58);
        paragraphs.extend(
            [
                "GENEVA // Ministers met.",
                "BEIRUT, Lebanon — Ministers met.",
                "LONDON (Reuters) - Ministers met.",
                "VATICAN CITY (AP) _ The pope spoke.",
                "ABc - lower case in the first word",
                "ABC//def - a separator inside the first word",
                "AB - two letters",
                "A1B2C3: digits between letters",
                "É.U.A. — accented capitals",
                "ÉTATS-UNIS — accented capitals",
                "Mr - lower case second",
                "UN: short",
                "(AP) — a bracket first",
                ", comma first — then a separator",
                "",
                &format!("{digits}ABC - letters past the head"),
                &format!("{digits}AbC - lower case past the head"),
            ]
            .map(String::from),
        );
        for p in &paragraphs {
            assert_eq!(opens_with_dateline(p), dateline_by_separators(p), "{p:?}");
        }
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let p = parse(
            "Headline\n\nThe first line\nof a wrapped paragraph, which is long enough\nnot to be taken for a standfirst at all by the rules\n\nNext.",
        );
        assert_eq!(
            p.paragraphs[0],
            "The first line of a wrapped paragraph, which is long enough not to be taken for a standfirst at all by the rules"
        );
    }

    #[test]
    fn single_paragraph_has_no_title() {
        let p = parse("Just one line of text.");
        assert_eq!(p.title, None);
        assert_eq!(p.paragraphs, ["Just one line of text."]);
    }

    #[test]
    fn the_seed_articles() {
        let p = parse(include_str!("../../seeds/003_4a03aefaf02d152e.txt"));
        assert_eq!(
            p.title.as_deref(),
            Some("Fifth round of Syria talks in Kazakhstan focuses on safe zones")
        );
        assert_eq!(
            p.subtitle.as_deref(),
            Some(
                "All participants from both regime and opposition are attending the two-day meeting."
            )
        );
        assert_eq!(p.date.map(|d| d.to_string()).as_deref(), Some("2017-07-04"));
        assert!(p.paragraphs[0].starts_with("ASTANA, KAZAKHSTAN //"));
        assert!(
            p.paragraphs
                .last()
                .is_some_and(|l| l.ends_with("as an observer."))
        );

        let p = parse(include_str!("../../seeds/000_0b9f368ee42c4f04.txt"));
        assert_eq!(
            p.title.as_deref(),
            Some("Second day of Syria peace talks begins in Astana")
        );
        assert_eq!(p.subtitle, None);
        assert_eq!(p.date, None);
        assert!(p.paragraphs[0].starts_with("A fifth round of peace talks"));
        assert!(
            p.paragraphs
                .last()
                .is_some_and(|l| l.ends_with("according to the UN."))
        );
    }

    /// A wire story with no headline keeps its lead in the body; its title is made
    /// from the first sentence and marked as made.
    #[test]
    fn a_story_without_a_headline_keeps_its_lead() {
        let text = "VATICAN CITY (AP) _ More than 10 years after it was first promised, a major \
                    Vatican document on the Holocaust is ready.\n\nThe document will be released \
                    on Monday.\n";
        let p = parse(text);
        assert!(p.title_derived);
        assert_eq!(
            p.title.as_deref(),
            Some(
                "More than 10 years after it was first promised, a major Vatican document on \
                 the Holocaust…"
            )
        );
        assert_eq!(p.subtitle, None);
        assert_eq!(p.paragraphs.len(), 2);
        assert!(p.paragraphs[0].starts_with("VATICAN CITY (AP) _ More than 10 years"));
        // A long first sentence ending in a full stop is body text too.
        let p = parse(
            "Russia, Turkey and Iran agreed on Tuesday to set up four zones in Syria.\n\nMore.",
        );
        assert!(p.title_derived);
        assert_eq!(p.paragraphs.len(), 2);
        // A headline is still a headline.
        let p = parse("Talks resume in Geneva\n\nThe talks resumed on Monday.");
        assert!(!p.title_derived);
        assert_eq!(p.title.as_deref(), Some("Talks resume in Geneva"));
    }
}
