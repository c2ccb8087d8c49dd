//! Finding the entities of one article: world-layer names, then runs of capitalised
//! words (with name particles inside, `of` after an organisation's head), typed by the
//! words around them, and variants of one name linked to one key.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use super::lists::{
    CONNECTORS, ORG_HEADS, ORG_NOUNS, PLACE_NOUNS, PLACE_PREPOSITIONS, SAID, TITLES, is_stop,
    lower_in,
};
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

/// The entities of one article: `text` with its `paragraphs` (byte ranges), the tracked
/// mentions already found in it (discovery never overlaps them).
pub fn discover(text: &str, paragraphs: &[Range<usize>], tracked: &[Mention]) -> Vec<Found> {
    let words = words(text, paragraphs);
    let tracked: Vec<Range<usize>> = tracked.iter().map(|m| m.start..m.end).collect();
    let mut found = world_names_in(text, &words, &tracked);
    let covered = covered_words(&words, &tracked, &found);
    let mut runs = capitalised_runs(text, &words, &covered);
    join_countries_to_organisations(text, &mut found, &mut runs);
    found.extend(runs);
    found.sort_by_key(|f| f.range.start);
    coordinate_places(text, &mut found);
    known_as(text, &mut found);
    link_surnames(text, &mut found);
    found
}

/// Phase one: the world layer names what it knows, whatever the capitals say, where no
/// tracked mention is (`tracked`: sorted, disjoint).
fn world_names_in(text: &str, words: &[Word], tracked: &[Range<usize>]) -> Vec<Found> {
    // The first tracked span ending after `r` starts is the only one that can overlap it.
    let overlaps = |r: &Range<usize>| {
        let k = tracked.partition_point(|s| s.end <= r.start);
        tracked.get(k).is_some_and(|s| s.start < r.end)
    };
    let names = world_names();
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if words[i].is_namelike()
            && let Some((range, last, id)) = names.longest_at(text, words, i)
            && !overlaps(&range)
        {
            found.push(world_found(range, id));
            i = last + 1;
        } else {
            i += 1;
        }
    }
    found
}

/// Which words a tracked or world mention covers: one sweep over both sorted lists.
fn covered_words(words: &[Word], tracked: &[Range<usize>], found: &[Found]) -> Vec<bool> {
    let mut spans: Vec<Range<usize>> = tracked.to_vec();
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
    covered
}

/// Phase two: runs of capitalised words no mention covers (name particles inside, `of`
/// after an organisation's head), each typed by the words around it.
fn capitalised_runs(text: &str, words: &[Word], covered: &[bool]) -> Vec<Found> {
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
        let j = extend_run(text, words, covered, &mut run, i + 1);
        if let Some(f) = candidate(text, words, &run, &confirmed) {
            runs.push(f);
        }
        i = j.max(i + 1);
    }
    runs
}

/// Grows the run of capitalised words in `run` from word `j` on: more capitalised words,
/// particles before one ("von der"), a connector after an organisation's head or a title
/// ("Ministry of the Interior"). Returns the first word after the run.
fn extend_run(
    text: &str,
    words: &[Word],
    covered: &[bool],
    run: &mut Vec<usize>,
    mut j: usize,
) -> usize {
    let next_namelike = |k: usize| {
        words
            .get(k)
            .is_some_and(|x| x.joined && x.is_namelike() && !covered[k])
    };
    while let Some(n) = words.get(j) {
        if !n.joined || covered[j] {
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
        let last = run.last().map_or("", |&l| words[l].text(text));
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
    j
}

/// Phase three: a country's name or demonym before an organisation's makes one
/// organisation ("Syrian Army", "Kazakhstan Foreign Ministry"); a name before the
/// country joins too ("Free Syrian Army").
fn join_countries_to_organisations(text: &str, found: &mut Vec<Found>, runs: &mut Vec<Found>) {
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
