//! Finding the entities of one article. The world layer names what it knows (countries,
//! capitals, regions, international organisations); the learned recogniser (`ner`)
//! proposes the rest, each with a kind and a confidence; then the article decides: a
//! name seen several times takes the kind most of its mentions get and is found again
//! where the model missed it, a surname alone links to the full name, and "X, formerly
//! known as Y" makes one entity.

use regex::Regex;
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::lists::{TITLES, is_stop};
use super::words::{PARTICLES, Word, words};
use super::{world, world_names};
use crate::entities::{EntityId, Kind, Mention};
use crate::ner::{self, Kind3, Recognised, lists::is_first_name, tokens::Tokens};

/// A discovered mention.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Found {
    /// Byte range in the article's text.
    pub range: Range<usize>,
    /// What variants of one entity share: the world-layer id (`world:syria`), else the
    /// normalised full name (`bashar al assad`).
    pub key: String,
    /// The kind the model (and the article's other mentions of it) gives it.
    pub cue: Option<Kind>,
    /// The world-layer entity it names.
    pub world: Option<EntityId>,
    /// How sure the model is, from 0 to 1 (1 for the world layer's names).
    pub confidence: f32,
    /// A nationality ("Syrian", "Russians"): a mention of its country for tracking, but
    /// not of a place.
    pub nationality: bool,
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
    let mut taken: Vec<Range<usize>> = tracked.iter().map(|m| m.start..m.end).collect();
    let mut found = world_names_in(text, &words, &taken);
    let (recognised, tokens) = ner::recognise(text, paragraphs);
    from_model(text, &tokens, recognised, &mut taken, &mut found);
    datelines(text, paragraphs, &taken, &mut found);
    found.sort_by_key(|f| f.range.start);
    known_as(text, &mut found);
    link_surnames(text, &mut found);
    found_again(text, &taken, &mut found);
    majority_kinds(text, &mut found);
    found
}

/// The model's names, trimmed (a person's title, a leading "the", a possessive, stray
/// punctuation, trailing lower-case words) and laid over the world layer's: a longer
/// name holding a nationality wins ("Syrian Army"), as does an organisation's holding a
/// place ("Bank of Japan") and a place that is a compass point and a place ("South
/// Vietnam"); one crossing a world name or a tracked mention goes.
fn from_model(
    text: &str,
    tokens: &Tokens,
    recognised: Vec<Recognised>,
    tracked: &mut [Range<usize>],
    found: &mut Vec<Found>,
) {
    tracked.sort_by_key(|r| r.start);
    let recognised = whole_names(text, tokens, recognised);
    let crosses = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    for r in recognised {
        let Some(range) = trimmed(text, tokens, &r) else {
            continue;
        };
        let k = tracked.partition_point(|s| s.end <= range.start);
        if tracked.get(k).is_some_and(|s| crosses(s, &range)) {
            continue;
        }
        let holds = |f: &Found| f.range.start >= range.start && f.range.end <= range.end;
        let world_in_it: Vec<usize> = (0..found.len())
            .filter(|&i| crosses(&found[i].range, &range))
            .collect();
        // A nationality goes into a longer name ("Syrian Army"), a place or country into
        // an organisation's ("Bank of Japan"), and into a place's after a compass point
        // ("South Vietnam", "East Jerusalem"); an organisation inside one ("United
        // Nations Syria envoy") keeps its span, as a place does in a person's.
        let goes_in = |f: &Found| {
            let place = f
                .world
                .is_some_and(|id| world().get(id).kind != Kind::Organisation);
            let after_compass = || {
                f.range.end == range.end
                    && text[range.start..f.range.start]
                        .split_whitespace()
                        .all(|w| COMPASS.contains(&w))
            };
            f.nationality
                || place
                    && match r.kind {
                        Kind3::Organisation => true,
                        Kind3::Location => after_compass(),
                        Kind3::Person => false,
                    }
        };
        if world_in_it
            .iter()
            .any(|&i| !holds(&found[i]) || found[i].range == range || !goes_in(&found[i]))
        {
            continue;
        }
        for i in world_in_it.into_iter().rev() {
            found.remove(i);
        }
        found.push(Found {
            key: normalise(&text[range.clone()]),
            range,
            cue: Some(match r.kind {
                Kind3::Person => Kind::Person,
                Kind3::Organisation => Kind::Organisation,
                Kind3::Location => Kind::Place,
            }),
            world: None,
            confidence: r.confidence,
            nationality: false,
        });
    }
}

/// Points of the compass, which make a place of a place: "South Vietnam".
const COMPASS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
];

/// Words that join the parts of a person's name: "Daniel arap Moi", "Osama bin Laden",
/// "Ursula von der Leyen".
fn is_particle(word: &str) -> bool {
    let w = word.to_lowercase();
    PARTICLES.contains(&w.as_str()) || matches!(w.as_str(), "arap" | "bin" | "ibn" | "ter" | "op")
}

/// A person's name the model cut in two is one: parts joined by a hyphen
/// ("Okonjo-Iweala") or by name particles ("von der Leyen"), and a hyphenated part
/// right after it.
fn whole_names(text: &str, tokens: &Tokens, recognised: Vec<Recognised>) -> Vec<Recognised> {
    let mut out: Vec<Recognised> = Vec::with_capacity(recognised.len());
    for r in recognised {
        if let Some(last) = out.last_mut()
            && (last.kind == Kind3::Person || r.kind == Kind3::Person)
            && joins_parts(text, last, &r)
        {
            last.range.end = r.range.end;
            last.tokens.end = r.tokens.end;
            last.kind = Kind3::Person;
            last.confidence = last.confidence.min(r.confidence);
            continue;
        }
        out.push(r);
    }
    let sentence_of = |k: usize| tokens.sentences.partition_point(|s| s.end <= k);
    for r in out.iter_mut().filter(|r| r.kind == Kind3::Person) {
        let sentence = sentence_of(r.tokens.start);
        let same = |k: usize| k < tokens.ranges.len() && sentence_of(k) == sentence;
        let capital = |k: usize| {
            let w = tokens.text(text, k);
            w.starts_with(char::is_uppercase) && w.chars().count() > 1 && !is_stop(w)
        };
        let word = |k: usize| tokens.text(text, k);
        loop {
            let k = r.tokens.end;
            let gap = |k: usize| &text[tokens.ranges[k - 1].end..tokens.ranges[k].start];
            let spaced = |k: usize| same(k) && gap(k) == " ";
            let particles = (k..k + 3)
                .take_while(|&j| spaced(j) && is_particle(word(j)))
                .count();
            let next = k + particles;
            let hyphenated = same(k + 1)
                && gap(k).is_empty()
                && matches!(word(k), "-" | "\u{2010}" | "\u{2011}")
                && gap(k + 1).is_empty()
                && capital(k + 1);
            if hyphenated {
                // "Okonjo" + "-Iweala"
                r.tokens.end = k + 2;
            } else if (particles > 0 || is_particle(word(k - 1))) && spaced(next) && capital(next) {
                // "Daniel" + " arap Moi", "Rafael van" + " der Vaart"
                r.tokens.end = next + 1;
            } else if particles > 0
                && same(next + 1)
                && gap(next).is_empty()
                && matches!(word(next), "-" | "\u{2010}" | "\u{2011}")
                && gap(next + 1).is_empty()
                && capital(next + 1)
            {
                // "Abdel Fattah" + " el-Sisi"
                r.tokens.end = next + 2;
            } else if r.tokens.len() == 1 && spaced(k) && capital(k) && is_first_name(word(k - 1)) {
                // A first name alone: "Fatima" + " Haddad"
                r.tokens.end = k + 1;
            } else {
                break;
            }
        }
        r.range.end = tokens.ranges[r.tokens.end - 1].end;
    }
    out.dedup_by(|b, a| b.range.start < a.range.end);
    out
}

/// Whether only a hyphen or name particles stand between two names.
fn joins_parts(text: &str, a: &Recognised, b: &Recognised) -> bool {
    if b.range.start < a.range.end {
        return false;
    }
    let gap = &text[a.range.end..b.range.start];
    if matches!(gap, "-" | "\u{2010}" | "\u{2011}") {
        return true;
    }
    let spaced = gap.starts_with(' ') && gap.ends_with(' ');
    let words: Vec<&str> = gap.split_whitespace().collect();
    let ends_in_particle = text[a.range.clone()]
        .rsplit(' ')
        .next()
        .is_some_and(is_particle);
    spaced
        && !gap.contains('\n')
        && if words.is_empty() {
            ends_in_particle
        } else {
            words.iter().all(|w| is_particle(w))
        }
}

/// Ranks and honorifics written before a name, beside discovery's titles.
const HONORIFICS: &[&str] = &[
    "maj", "major", "sgt", "sergeant", "capt", "cmdr", "adm", "admiral", "cpl", "corporal", "pvt",
    "private", "brig", "rev", "reverend", "sir", "dame", "lord", "lady", "mx",
];

/// A recognised name without what is not part of it, or `None` if nothing is left.
fn trimmed(text: &str, tokens: &Tokens, r: &Recognised) -> Option<Range<usize>> {
    let mut first = r.tokens.start;
    let mut last = r.tokens.end;
    let word = |i: usize| tokens.text(text, i);
    let no_letters = |w: &str| !w.contains(char::is_alphanumeric);
    while first < last {
        let w = word(first);
        let lower = w.trim_end_matches('.').to_lowercase();
        let title = r.kind == Kind3::Person
            && (TITLES.contains(&lower.as_str()) || HONORIFICS.contains(&lower.as_str()));
        if no_letters(w) || title || lower == "the" {
            first += 1;
        } else {
            break;
        }
    }
    while last > first {
        let w = word(last - 1);
        // Names end in a capitalised word: "Idlib province" is Idlib.
        let lower_word = w.starts_with(char::is_lowercase);
        if no_letters(w) || lower_word || matches!(w, "'s" | "\u{2019}s" | "'" | "\u{2019}") {
            last -= 1;
        } else {
            break;
        }
    }
    (first < last).then(|| tokens.ranges[first].start..tokens.ranges[last - 1].end)
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
            found.push(world_found(text, range, id));
            i = last + 1;
        } else {
            i += 1;
        }
    }
    found
}

fn world_found(text: &str, range: Range<usize>, id: EntityId) -> Found {
    Found {
        nationality: crate::ner::lists::is_demonym(&text[range.clone()]),
        range,
        key: format!("world:{}", world().get(id).id),
        cue: None,
        world: Some(id),
        confidence: 1.0,
    }
}

/// A wire dateline opening a paragraph ("MOSCOW (AP) _", "ABUJA, Nigeria (Reuters) -")
/// names a place and the agency: each is found where nothing else was.
fn datelines(
    text: &str,
    paragraphs: &[Range<usize>],
    tracked: &[Range<usize>],
    found: &mut Vec<Found>,
) {
    static DATELINE: OnceLock<Regex> = OnceLock::new();
    let re = DATELINE.get_or_init(|| {
        Regex::new(r"^\s*([A-Z][A-Z.'\- ]*[A-Z.])(?:, [A-Z][A-Za-z. ]+)? ?\(([A-Z][A-Za-z-]{1,15})\)\s*(?:_|-|\u{2013}|\u{2014}|:)")
            .unwrap_or_else(|e| panic!("dateline pattern: {e}"))
    });
    let mut more = Vec::new();
    for p in paragraphs {
        let end = crate::text::floor_boundary(text, p.end.min(p.start + 120));
        let head = &text[p.start..end];
        let Some(c) = re.captures(head) else { continue };
        for (group, kind) in [(1, Kind::Place), (2, Kind::Organisation)] {
            let Some(m) = c.get(group) else { continue };
            let range = p.start + m.start()..p.start + m.end();
            let free = |r: &Range<usize>| r.end <= range.start || r.start >= range.end;
            if tracked.iter().all(free) && found.iter().all(|f| free(&f.range)) {
                more.push(Found {
                    key: normalise(&text[range.clone()]),
                    range,
                    cue: Some(kind),
                    world: None,
                    confidence: 0.95,
                    nationality: false,
                });
            }
        }
    }
    found.extend(more);
    found.sort_by_key(|f| f.range.start);
}

/// A name the model found with some confidence, written the same way elsewhere in the
/// article where nothing was found, is found there too ("Starr" at the start of a
/// sentence after "Starr" inside one). Only names of three letters or more that are not
/// function words, as whole words.
fn found_again(text: &str, tracked: &[Range<usize>], found: &mut Vec<Found>) {
    let mut seen: HashMap<&str, (String, Option<Kind>, f32)> = HashMap::default();
    for f in found
        .iter()
        .filter(|f| f.world.is_none() && f.confidence >= 0.5)
    {
        let surface = &text[f.range.clone()];
        if surface.chars().count() >= 3 && !is_stop(surface) {
            let entry = seen.entry(surface).or_insert((f.key.clone(), f.cue, 0.0));
            entry.2 = entry.2.max(f.confidence);
        }
    }
    // A person's surname alone is the person, when only one person here ends so.
    let mut surnames: HashMap<&str, Option<(String, f32)>> = HashMap::default();
    for f in found
        .iter()
        .filter(|f| f.cue == Some(Kind::Person) && f.confidence >= 0.5)
    {
        let Some((_, last)) = text[f.range.clone()].rsplit_once(' ') else {
            continue;
        };
        let last = last
            .split_once('-')
            .filter(|(p, _)| PARTICLES.contains(&p.to_lowercase().as_str()))
            .map_or(last, |(_, rest)| rest);
        if last.chars().count() < 3 || !last.starts_with(char::is_uppercase) || is_stop(last) {
            continue;
        }
        surnames
            .entry(last)
            .and_modify(|s| {
                if s.as_ref().is_some_and(|(k, _)| *k != f.key) {
                    *s = None;
                }
            })
            .or_insert_with(|| Some((f.key.clone(), f.confidence)));
    }
    for (last, s) in surnames {
        if let Some((key, confidence)) = s {
            seen.entry(last)
                .or_insert((key, Some(Kind::Person), confidence));
        }
    }
    if seen.is_empty() {
        return;
    }
    let mut taken: Vec<Range<usize>> = tracked.to_vec();
    taken.extend(found.iter().map(|f| f.range.clone()));
    taken.sort_by_key(|r| r.start);
    let mut more = Vec::new();
    for (surface, (key, cue, confidence)) in seen {
        // PERF: memchr's vectorised search, not the standard library's two-way one (a
        // tenth of discovery's own time went there).
        for start in memchr::memmem::find_iter(text.as_bytes(), surface.as_bytes()) {
            let end = start + surface.len();
            let bounded = !text[..start].ends_with(char::is_alphanumeric)
                && !text[end..].starts_with(char::is_alphanumeric);
            let k = taken.partition_point(|r| r.end <= start);
            let free = taken.get(k).is_none_or(|r| r.start >= end);
            if bounded && free {
                more.push(Found {
                    range: start..end,
                    key: key.clone(),
                    cue,
                    world: None,
                    confidence: confidence * 0.9,
                    nationality: false,
                });
            }
        }
    }
    if more.is_empty() {
        return;
    }
    found.extend(more);
    found.sort_by(|a, b| (a.range.start, &a.key).cmp(&(b.range.start, &b.key)));
    // Two surfaces may have claimed the same words: keep the first.
    let mut end = 0;
    found.retain(|f| {
        let keep = f.range.start >= end;
        if keep {
            end = f.range.end;
        }
        keep
    });
}

/// Within the article, every mention of one name takes the kind most of its mentions
/// get, each weighed by its confidence and its number of words: a full name says more
/// of what it names than a surname alone.
pub(super) fn majority_kinds(text: &str, found: &mut [Found]) {
    let mut votes: HashMap<&str, [f32; 3]> = HashMap::default();
    let slot = |k: Option<Kind>| match k {
        Some(Kind::Person) => Some(0),
        Some(Kind::Organisation) => Some(1),
        Some(Kind::Place | Kind::Country) => Some(2),
        _ => None,
    };
    for f in found.iter().filter(|f| f.world.is_none()) {
        if let Some(s) = slot(f.cue) {
            let words = text[f.range.clone()].split_whitespace().count() as f32;
            votes.entry(f.key.as_str()).or_default()[s] += f.confidence * words;
        }
    }
    let kinds: HashMap<String, Kind> = votes
        .into_iter()
        .map(|(key, v)| {
            let kind = if v[0] >= v[1] && v[0] >= v[2] {
                Kind::Person
            } else if v[1] >= v[2] {
                Kind::Organisation
            } else {
                Kind::Place
            };
            (key.to_owned(), kind)
        })
        .collect();
    for f in found.iter_mut().filter(|f| f.world.is_none()) {
        if let Some(&k) = kinds.get(&f.key) {
            f.cue = Some(k);
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
