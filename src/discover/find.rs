//! Finding the entities of one article: world-layer names, then runs of capitalised
//! words (with name particles inside, `of` after an organisation's head), typed by the
//! words around them, and variants of one name linked to one key.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use super::words::{PARTICLES, Shape, Word, words};
use super::{world, world_names};
use crate::entities::{EntityId, Kind, Mention};

/// A discovered mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the article's text.
    pub range: Range<usize>,
    /// What variants of one entity share: the world-layer id (`world:syria`), else the
    /// normalised full name (`bashar al assad`).
    pub key: String,
    /// The kind the words around it suggest, if any.
    pub cue: Option<Kind>,
    /// The world-layer entity it names.
    pub world: Option<EntityId>,
}

/// Capitalised words that are not names: function words, sentence adverbs, days and
/// months.
pub const STOP: &[&str] = &[
    "A",
    "An",
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Your",
    "There",
    "Here",
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "When",
    "Where",
    "Why",
    "How",
    "And",
    "But",
    "Or",
    "Nor",
    "So",
    "Yet",
    "If",
    "In",
    "On",
    "At",
    "By",
    "For",
    "From",
    "To",
    "Of",
    "With",
    "As",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "While",
    "Although",
    "Though",
    "Because",
    "However",
    "Meanwhile",
    "Moreover",
    "Furthermore",
    "Also",
    "Still",
    "Yes",
    "No",
    "Not",
    "All",
    "Some",
    "Many",
    "Most",
    "More",
    "Each",
    "Every",
    "Both",
    "Other",
    "Another",
    "Such",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "AM",
    "PM",
    "GMT",
    "UTC",
    "TV",
    "CEO",
    "OK",
    "Updated",
    "Published",
    "Posted",
    "Read",
    "Share",
];

/// Titles and roles: before a name they make it a person's; at the start of a run of
/// capitals they are not part of the name.
pub const TITLES: &[&str] = &[
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "mr",
    "mrs",
    "ms",
    "dr",
    "general",
    "gen",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "captain",
    "commander",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "emir",
    "sultan",
    "senator",
    "sen",
    "governor",
    "gov",
    "mayor",
    "ambassador",
    "secretary",
    "chancellor",
    "premier",
    "leader",
    "chief",
    "head",
    "director",
    "chairman",
    "chairwoman",
    "judge",
    "pope",
    "cardinal",
    "bishop",
    "imam",
    "rabbi",
    "professor",
    "prof",
    "representative",
    "negotiator",
    "diplomat",
    "official",
    "adviser",
    "advisor",
    "deputy",
    "special",
    "foreign",
    "prime",
    "vice",
    "acting",
    "assistant",
    "former",
    "senior",
    "top",
];

/// The last word of an organisation's name.
pub const ORG_HEADS: &[&str] = &[
    "Agency",
    "Ministry",
    "Council",
    "Front",
    "Nations",
    "Army",
    "Group",
    "Party",
    "Organisation",
    "Organization",
    "Committee",
    "Commission",
    "Union",
    "Movement",
    "Forces",
    "Force",
    "Brigade",
    "Brigades",
    "Institute",
    "University",
    "Bank",
    "Company",
    "Corporation",
    "Corp",
    "Inc",
    "Ltd",
    "Association",
    "Federation",
    "League",
    "Authority",
    "Office",
    "Department",
    "Court",
    "Parliament",
    "Assembly",
    "Coalition",
    "Alliance",
    "Network",
    "News",
    "Times",
    "Post",
    "Press",
    "Foundation",
    "Fund",
    "Board",
    "Service",
    "Police",
    "Guard",
    "Guards",
    "Militia",
    "Congress",
    "Senate",
    "Cabinet",
    "Government",
    "Administration",
    "Airlines",
    "Airways",
    "Television",
    "Radio",
    "Channel",
    "Society",
    "Centre",
    "Center",
    "Hospital",
    "School",
    "College",
    "Club",
    "Team",
];

/// Lower-case nouns that, just before a name, make it an organisation's.
pub const ORG_NOUNS: &[&str] = &[
    "agency",
    "group",
    "party",
    "militia",
    "newspaper",
    "broadcaster",
    "channel",
    "company",
    "firm",
    "organisation",
    "organization",
    "movement",
    "network",
    "outlet",
    "daily",
    "website",
    "bank",
    "faction",
    "alliance",
    "coalition",
];

/// Lower-case nouns that, just after a name, make it a place.
pub const PLACE_NOUNS: &[&str] = &[
    "province",
    "provinces",
    "city",
    "town",
    "village",
    "region",
    "district",
    "county",
    "governorate",
    "governorates",
    "area",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "valley",
    "river",
    "mountains",
    "island",
    "islands",
    "border",
    "crossing",
    "camp",
    "enclave",
    "suburbs",
    "outskirts",
    "countryside",
    "state",
];

/// Lower-case words that, just before a name, suggest a place.
pub const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "near", "outside", "across", "into", "toward", "towards",
];

/// Verbs of saying: a name of two or more words before one is a person's.
pub const SAID: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "stated",
    "noted",
    "announced",
    "declared",
];

/// Words that join an organisation's head to the rest of its name.
const CONNECTORS: &[&str] = &["of", "for", "on"];

/// The key variants of a name share: lower case, hyphens and apostrophes as spaces.
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '\u{2010}' | '\u{2011}'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == '\u{2019}' { '\'' } else { c }),
        );
    }
    out
}

/// Whether `word` (any case, without a full stop) is in `list` (lower case).
fn lower_in(word: &str, list: &[&str]) -> bool {
    let word = word.trim_end_matches('.');
    // No listed word is longer than 16 letters or starts with a digit: many words are
    // ruled out before any comparison.
    word.len() <= 16
        && word.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && list.iter().any(|l| l.eq_ignore_ascii_case(word))
}

/// Whether a capitalised word is on the stop list.
fn is_stop(word: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(word)
}

/// The entities of one article: `text` with its `paragraphs` (byte ranges), the tracked
/// mentions already found in it (discovery never overlaps them).
pub fn discover(text: &str, paragraphs: &[Range<usize>], tracked: &[Mention]) -> Vec<Found> {
    let words = words(text, paragraphs);
    let tracked_spans: Vec<Range<usize>> = tracked.iter().map(|m| m.start..m.end).collect();
    // Tracked mentions are sorted and disjoint: the first ending after `r` starts is
    // the only one that can overlap it.
    let overlaps = |r: &Range<usize>, spans: &[Range<usize>]| {
        let k = spans.partition_point(|s| s.end <= r.start);
        spans.get(k).is_some_and(|s| s.start < r.end)
    };

    // The world layer first: it names what it knows, whatever the capitals say.
    let names = world_names();
    let mut found: Vec<Found> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i].is_namelike()
            && let Some((range, last, id)) = names.longest_at(text, &words, i)
            && !overlaps(&range, &tracked_spans)
        {
            found.push(world_found(range, id));
            i = last + 1;
        } else {
            i += 1;
        }
    }
    // Which words a tracked or world mention covers: one sweep over both sorted lists.
    let mut spans: Vec<Range<usize>> = tracked_spans.clone();
    spans.extend(found.iter().map(|f| f.range.clone()));
    spans.sort_by_key(|r| r.start);
    let mut covered = vec![false; words.len()];
    let mut s = 0;
    for (k, w) in words.iter().enumerate() {
        while s < spans.len() && spans[s].end <= w.range.start {
            s += 1;
        }
        covered[k] = spans[s..]
            .iter()
            .take_while(|r| r.start < w.range.end)
            .any(|r| r.end > w.range.start);
    }
    let is_taken = |k: usize| covered[k];

    // Words whose capital is their own: seen capitalised inside a sentence.
    let confirmed: HashSet<&str> = words
        .iter()
        .filter(|w| w.is_namelike() && !w.capital_is_doubtful())
        .map(|w| w.text(text))
        .collect();

    let mut runs: Vec<Found> = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if !w.is_namelike() || is_taken(i) || is_stop(w.text(text)) {
            i += 1;
            continue;
        }
        run.clear();
        run.push(i);
        let mut j = i + 1;
        while let Some(n) = words.get(j) {
            if !n.joined || is_taken(j) {
                break;
            }
            let t = n.text(text);
            if n.is_namelike() {
                if is_stop(t) {
                    break;
                }
                run.push(j);
                j += 1;
                continue;
            }
            let next_namelike = |k: usize| {
                words
                    .get(k)
                    .is_some_and(|x| x.joined && x.is_namelike() && !is_taken(k))
            };
            // Particles, one or more ("von der"), then a capitalised word.
            let mut k = j;
            while words.get(k).is_some_and(|x| {
                x.joined && x.shape == Shape::Lower && PARTICLES.contains(&x.text(text))
            }) {
                k += 1;
            }
            if k > j && next_namelike(k) {
                run.extend(j..=k);
                j = k + 1;
                continue;
            }
            let last = words[*run.last().unwrap_or(&i)].text(text);
            if n.shape == Shape::Lower
                && CONNECTORS.contains(&t)
                && (ORG_HEADS.contains(&last) || lower_in(last, TITLES))
            {
                let mut k = j + 1;
                if words
                    .get(k)
                    .is_some_and(|x| x.joined && x.text(text) == "the")
                {
                    k += 1;
                }
                if next_namelike(k) {
                    run.extend(j..=k);
                    j = k + 1;
                    continue;
                }
            }
            break;
        }
        if let Some(f) = candidate(text, &words, &run, &confirmed) {
            runs.push(f);
        }
        i = j.max(i + 1);
    }

    // A country's name or demonym before an organisation's: one organisation
    // ("Syrian Army", "Kazakhstan Foreign Ministry").
    // A name before the country joins too ("Free Syrian Army").
    let joined_before = |a: &Range<usize>, b: &Range<usize>| {
        a.end < b.start && text[a.end..b.start].chars().all(|c| c == ' ')
    };
    for r in 0..runs.len() {
        if runs[r].cue != Some(Kind::Organisation) {
            continue;
        }
        let before = found.iter().position(|f| {
            f.world
                .is_some_and(|id| world().get(id).kind == Kind::Country)
                && joined_before(&f.range, &runs[r].range)
        });
        let Some(k) = before else {
            continue;
        };
        let mut start = found.remove(k).range.start;
        if let Some(p) = runs[..r]
            .iter()
            .position(|p| p.cue.is_none() && joined_before(&p.range, &(start..start)))
        {
            start = runs[p].range.start;
            runs[p].range = 0..0;
        }
        runs[r].range.start = start;
        runs[r].key = normalise(&text[runs[r].range.clone()]);
    }
    runs.retain(|r| !r.range.is_empty());
    found.extend(runs);
    found.sort_by_key(|f| f.range.start);
    coordinate_places(text, &mut found);
    known_as(text, &mut found);
    link_surnames(text, &mut found);
    found
}

fn world_found(range: Range<usize>, id: EntityId) -> Found {
    Found {
        range,
        key: format!("world:{}", world().get(id).id),
        cue: None,
        world: Some(id),
    }
}

/// A run of words as a candidate: titles and doubtful capitals trimmed from its front,
/// particles from its end; typed by the words around it.
fn candidate(
    text: &str,
    words: &[Word],
    run: &[usize],
    confirmed: &HashSet<&str>,
) -> Option<Found> {
    let mut first = 0;
    let mut titled = false;
    // An organisation's head ends the name or comes before its "of" ("Ministry of
    // Foreign Affairs").
    let org_name = run.iter().enumerate().any(|(n, &k)| {
        ORG_HEADS.contains(&words[k].text(text))
            && run
                .get(n + 1)
                .is_none_or(|&next| CONNECTORS.contains(&words[next].text(text)))
    });
    // Titles before the name ("President", "Special Representative"); in an
    // organisation's name they are its own ("Foreign Ministry").
    while !org_name && first < run.len() && lower_in(words[run[first]].text(text), TITLES) {
        first += 1;
        titled = true;
    }
    // A title's complement ("Secretary of State") is not a name.
    if titled
        && run
            .get(first)
            .is_some_and(|&k| CONNECTORS.contains(&words[k].text(text)))
    {
        return None;
    }
    // A capital that may be only the sentence's or the heading's counts when the word
    // is also capitalised inside a sentence.
    while first < run.len() {
        let w = &words[run[first]];
        let t = w.text(text);
        let doubtful = (w.capital_is_doubtful() && !confirmed.contains(t)) || is_stop(t);
        let dangling = w.shape == Shape::Lower;
        if !(doubtful || dangling) {
            break;
        }
        first += 1;
    }
    let mut last = run.len();
    // In a heading, only the words also capitalised inside a sentence.
    if first < last && words[run[first]].heading {
        last = first
            + run[first..]
                .iter()
                .take_while(|&&k| {
                    let w = &words[k];
                    w.shape == Shape::Lower || confirmed.contains(w.text(text))
                })
                .count();
    }
    while last > first && words[run[last - 1]].shape == Shape::Lower {
        last -= 1;
    }
    if first >= last {
        return None;
    }
    let kept = &run[first..last];
    let (a, b) = (&words[kept[0]], &words[kept[kept.len() - 1]]);
    let range = a.range.start..b.range.end;
    let name = &text[range.clone()];
    if kept.len() == 1 && a.shape == Shape::Acronym && a.range.len() < 2 {
        return None;
    }
    // The n-th word before the run, when only spaces lie between.
    let before = |n: usize| -> Option<&str> {
        let k = run[0].checked_sub(n)?;
        (0..n)
            .all(|m| words[run[0] - m].joined)
            .then(|| words[k].text(text))
    };
    let after = words
        .get(run[last - 1] + 1)
        .filter(|w| w.joined)
        .map(|w| w.text(text));
    let cue = if titled || before(1).is_some_and(|t| lower_in(t, TITLES)) {
        Some(Kind::Person)
    } else if org_name {
        Some(Kind::Organisation)
    } else if title_in_apposition(text, words, kept[0], kept[kept.len() - 1]) {
        Some(Kind::Person)
    } else if after.is_some_and(|t| PLACE_NOUNS.contains(&t) || t == "near")
        || (before(1) == Some("of") && before(2).is_some_and(|t| PLACE_NOUNS.contains(&t)))
    {
        Some(Kind::Place)
    } else if before(1).is_some_and(|t| ORG_NOUNS.contains(&t))
        || (kept.len() == 1 && a.shape == Shape::Acronym && a.range.len() >= 3)
    {
        Some(Kind::Organisation)
    } else if kept.len() >= 2 && after.is_some_and(|t| SAID.contains(&t)) {
        Some(Kind::Person)
    } else if before(1).is_some_and(|t| PLACE_PREPOSITIONS.contains(&t)) {
        Some(Kind::Place)
    } else {
        None
    };
    Some(Found {
        range,
        key: normalise(name),
        cue,
        world: None,
    })
}

/// A title in apposition to the name: before it, across a comma or a "for <Place>"
/// ("envoy for Syria, Alexander Lavrentiev", "Representative for Libya Ghassan
/// Salame"); or after it, across a comma ("Stuart Jones, the top US diplomat"). A name
/// that said something after a comma counts too ("Alexander Lavrentiev, told").
fn title_in_apposition(text: &str, words: &[Word], first: usize, last: usize) -> bool {
    let gap = |a: usize, b: usize| &text[words[a].range.end..words[b].range.start];
    // Backwards: through capitalised words and connectors, to a title.
    // A capitalised title counts only across a connector: "General Motors, Ford" is no
    // person, "Representative for Libya Ghassan Salame" is.
    let mut i = first;
    let mut connected = false;
    for step in 0..4 {
        if i == 0 || words[i].sentence_start {
            break;
        }
        let g = gap(i - 1, i);
        if !(g == " " || (step == 0 && g == ", ")) {
            break;
        }
        let w = &words[i - 1];
        let t = w.text(text);
        if lower_in(t, TITLES) && (w.shape == Shape::Lower || connected) {
            return true;
        }
        if CONNECTORS.contains(&t) {
            connected = true;
        } else if !w.is_namelike() {
            break;
        }
        i -= 1;
    }
    // Forwards: a comma, then within three words a title or a verb of saying.
    let Some(next) = words.get(last + 1) else {
        return false;
    };
    if gap(last, last + 1) != ", " || next.sentence_start {
        return false;
    }
    if SAID.contains(&next.text(text)) {
        return last > first;
    }
    (last + 1..words.len().min(last + 4))
        .take_while(|&k| k == last + 1 || words[k].joined)
        .any(|k| lower_in(words[k].text(text), TITLES))
}

/// Names listed together before a place noun are all places: "Daraa, Quneitra and
/// Sweida provinces".
fn coordinate_places(text: &str, found: &mut [Found]) {
    for k in (1..found.len()).rev() {
        if found[k].cue != Some(Kind::Place) || found[k - 1].world.is_some() {
            continue;
        }
        let gap = &text[found[k - 1].range.end..found[k].range.start];
        if matches!(gap, ", " | " and " | ", and " | " or " | ", or ") && found[k - 1].cue.is_none()
        {
            found[k - 1].cue = Some(Kind::Place);
        }
    }
}

/// "X, previously known as (the) Y": Y is another name of X.
fn known_as(text: &str, found: &mut [Found]) {
    for k in 1..found.len() {
        let gap = &text[found[k - 1].range.end..found[k].range.start];
        if !(12..40).contains(&gap.len()) {
            continue;
        }
        let gap = gap.to_lowercase();
        let gap = gap.trim_start_matches(',').trim();
        let gap = gap.strip_suffix(" the").unwrap_or(gap);
        if matches!(
            gap,
            "previously known as"
                | "formerly known as"
                | "also known as"
                | "better known as"
                | "now known as"
        ) && found[k - 1].world.is_none()
            && found[k].world.is_none()
        {
            found[k].key = found[k - 1].key.clone();
            let cue = found[k].cue.or(found[k - 1].cue);
            found[k].cue = cue;
            found[k - 1].cue = cue;
        }
    }
}

/// Within an article, a name of one word that is the last word of a longer name seen
/// there ("Zhainakov" after "Anuar Zhainakov", "Assad" after "Bashar al-Assad") is that
/// name, when only one name ends so.
fn link_surnames(text: &str, found: &mut [Found]) {
    let mut by_surname: HashMap<String, Option<String>> = HashMap::default();
    for f in found.iter().filter(|f| f.world.is_none()) {
        let name = &text[f.range.clone()];
        let Some((_, last)) = name.rsplit_once(' ') else {
            continue;
        };
        let last = last
            .split_once('-')
            .filter(|(p, _)| PARTICLES.contains(&p.to_lowercase().as_str()))
            .map_or(last, |(_, rest)| rest);
        by_surname
            .entry(normalise(last))
            .and_modify(|k| {
                if k.as_deref() != Some(f.key.as_str()) {
                    *k = None;
                }
            })
            .or_insert_with(|| Some(f.key.clone()));
    }
    for f in found.iter_mut().filter(|f| f.world.is_none()) {
        if text[f.range.clone()].contains(' ') {
            continue;
        }
        if let Some(Some(full)) = by_surname.get(&f.key) {
            f.key = full.clone();
        }
    }
}
