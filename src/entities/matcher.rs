//! Finds mentions of tracked entities: whole words, leftmost-longest, case-sensitive,
//! every alias mapped to its entity, built on aho-corasick.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use super::{EntityId, Gazetteer};

/// Up to this many bytes of patterns in all, the matcher is a DFA (see [`Matcher::new`]).
const DFA_PATTERN_BYTES: usize = 8 * 1024;

/// One mention: a byte range of the text and the entity it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub entity: EntityId,
    /// How sure discovery is of it, in percent (100 for a tracked mention).
    pub confidence: u8,
    /// A nationality ("Syrian"): it names its country's entity, but not as a place.
    pub nationality: bool,
}

impl Mention {
    /// A mention discovery is sure of, or a tracked one.
    pub fn new(start: usize, end: usize, entity: EntityId) -> Self {
        Self {
            start,
            end,
            entity,
            confidence: 100,
            nationality: false,
        }
    }
}

/// A compiled matcher for one gazetteer.
///
/// Two automata over the same patterns: a leftmost-longest one for the fast path and an
/// overlapping one used only where a candidate fails the word-boundary check, so that a
/// shorter valid mention starting inside a rejected one is still found.
#[derive(Debug, Clone)]
pub struct Matcher {
    fast: Option<AhoCorasick>,
    overlapping: Option<AhoCorasick>,
    pattern_entity: Vec<EntityId>,
    /// Whether each pattern is a part name of its entity (see [`Entity::is_part_name`]),
    /// which counts only in a text that names the entity otherwise too.
    pattern_part: Vec<bool>,
    max_pattern_len: usize,
    /// A hash of the patterns and what they find: matchers with the same one annotate
    /// alike (the article cache keys on it).
    pub fingerprint: u64,
}

impl Matcher {
    pub fn new(gazetteer: &Gazetteer) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_entity = Vec::new();
        let mut pattern_part = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        for (id, entity) in gazetteer.iter() {
            for form in entity.surface_forms() {
                let part = entity.is_part_name(form);
                let form = super::normal::pattern(form);
                // Scraped text uses typographic apostrophes as often as straight ones.
                let variants = [form.clone(), form.replace('\'', "\u{2019}")];
                for variant in variants {
                    if !variant.is_empty() && seen.insert(variant.clone()) {
                        patterns.push(variant);
                        pattern_entity.push(id);
                        pattern_part.push(part);
                    }
                }
            }
        }
        let max_pattern_len = patterns.iter().map(String::len).max().unwrap_or(0);
        let total: usize = patterns.iter().map(String::len).sum();
        // PERF: a DFA searches news text about 10% faster than a contiguous NFA, but its
        // build grows with the patterns' length times the alphabet (minutes for one
        // absurd alias); above a few thousand pattern bytes the NFA, linear to build.
        let automaton = if total <= DFA_PATTERN_BYTES {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        let build = |kind| {
            if patterns.is_empty() {
                return None;
            }
            AhoCorasickBuilder::new()
                .kind(Some(automaton))
                .match_kind(kind)
                .build(&patterns)
                .ok()
        };
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for ((p, e), part) in patterns.iter().zip(&pattern_entity).zip(&pattern_part) {
            hasher.update(p.as_bytes());
            hasher.update(&[0, u8::from(*part)]);
            hasher.update(&e.0.to_le_bytes());
        }
        Self {
            fingerprint: hasher.digest(),
            fast: build(MatchKind::LeftmostLongest),
            overlapping: build(MatchKind::Standard),
            pattern_entity,
            pattern_part,
            max_pattern_len,
        }
    }

    /// Every mention in `text`, sorted by position and non-overlapping. A part name
    /// ("Jones") counts only where the text also names its entity otherwise ("Stuart
    /// Jones", or an alias that is not a part name), the way a reader resolves it.
    ///
    /// The text is matched in its normal form (composed, spaces and line breaks inside a
    /// paragraph as one space, Unicode hyphens as `-`: see `normal.rs`), and the mentions
    /// are byte ranges of `text` as given.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        match super::normal::normalise(text) {
            None => self.find_normal(text),
            Some(n) => self
                .find_normal(&n.text)
                .into_iter()
                .map(|m| Mention::new(n.origin(m.start), n.origin(m.end), m.entity))
                .collect(),
        }
    }

    /// [`Matcher::find`] in text already in the matcher's form.
    fn find_normal(&self, text: &str) -> Vec<Mention> {
        let (mut out, parts) = self.find_all(text);
        if !parts.iter().any(|&p| p) {
            return out;
        }
        let named: rustc_hash::FxHashSet<EntityId> = out
            .iter()
            .zip(&parts)
            .filter(|(_, part)| !**part)
            .map(|(m, _)| m.entity)
            .collect();
        let mut k = 0;
        out.retain(|m| {
            let keep = !parts[k] || named.contains(&m.entity);
            k += 1;
            keep
        });
        out
    }

    /// Every candidate mention, with whether it is a part name.
    fn find_all(&self, text: &str) -> (Vec<Mention>, Vec<bool>) {
        let mut out = Vec::new();
        let mut parts = Vec::new();
        let Some(fast) = &self.fast else {
            return (out, parts);
        };
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = fast.find(Input::new(text).span(pos..text.len())) else {
                break;
            };
            if is_whole_word(text, m.start(), m.end()) {
                out.push(self.mention(m.start(), m.end(), m.pattern().as_usize()));
                parts.push(self.pattern_part[m.pattern().as_usize()]);
                pos = m.end();
            } else if let Some((found, part)) = self.fallback(text, m.start(), m.end()) {
                pos = found.end;
                out.push(found);
                parts.push(part);
            } else {
                pos = m.end();
            }
        }
        (out, parts)
    }

    /// The leftmost-longest whole-word candidate starting inside `start..end`, a span
    /// whose longest candidate failed the boundary check.
    fn fallback(&self, text: &str, start: usize, end: usize) -> Option<(Mention, bool)> {
        let overlapping = self.overlapping.as_ref()?;
        let window_end = text.len().min(end + self.max_pattern_len);
        let input = Input::new(text).span(start..window_end);
        let mut best: Option<(Mention, bool)> = None;
        for m in overlapping.find_overlapping_iter(input) {
            if m.start() >= end || !is_whole_word(text, m.start(), m.end()) {
                continue;
            }
            let better = best.is_none_or(|(b, _)| {
                m.start() < b.start || (m.start() == b.start && m.end() > b.end)
            });
            if better {
                let pattern = m.pattern().as_usize();
                best = Some((
                    self.mention(m.start(), m.end(), pattern),
                    self.pattern_part[pattern],
                ));
            }
        }
        best
    }

    fn mention(&self, start: usize, end: usize, pattern: usize) -> Mention {
        Mention::new(start, end, self.pattern_entity[pattern])
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether `text[start..end]` stands as a whole word: where the match begins (ends) with
/// a letter or digit, the character before (after) it must not be one. Checked by hand:
/// Unicode `\b` is much slower on text full of typographic quotes.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let found = &text[start..end];
    let starts_word = found.chars().next().is_some_and(is_word_char);
    let ends_word = found.chars().next_back().is_some_and(is_word_char);
    let before_ok = !starts_word || !text[..start].chars().next_back().is_some_and(is_word_char);
    let after_ok = !ends_word || !text[end..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn gazetteer(json: &str) -> Gazetteer {
        Gazetteer::parse(json, Path::new("test.json")).expect("valid test gazetteer")
    }

    fn found<'t>(m: &Matcher, g: &Gazetteer, text: &'t str) -> Vec<(&'t str, String)> {
        m.find(text)
            .into_iter()
            .map(|x| (&text[x.start..x.end], g.get(x.entity).id.clone()))
            .collect()
    }

    fn builtin() -> (Gazetteer, Matcher) {
        let g = Gazetteer::builtin();
        let m = Matcher::new(&g);
        (g, m)
    }

    #[test]
    fn aliases_map_to_their_entity() {
        let (g, m) = builtin();
        let got = found(&m, &g, "Moscow and Tehran, and rebel supporter Ankara.");
        assert_eq!(
            got,
            [
                ("Moscow", "russia".into()),
                ("Tehran", "iran".into()),
                ("Ankara", "turkey".into())
            ]
        );
    }

    #[test]
    fn longest_form_wins_and_is_one_mention() {
        let (g, m) = builtin();
        let got = found(
            &m,
            &g,
            "envoy Staffan de Mistura said; later de Mistura left",
        );
        assert_eq!(
            got,
            [
                ("Staffan de Mistura", "de-mistura".into()),
                ("de Mistura", "de-mistura".into())
            ]
        );
    }

    #[test]
    fn possessives_with_straight_and_typographic_apostrophes() {
        let (g, m) = builtin();
        let got = found(&m, &g, "Russia's envoy and Iran\u{2019}s too");
        assert_eq!(got, [("Russia", "russia".into()), ("Iran", "iran".into())]);
    }

    #[test]
    fn partial_words_do_not_match() {
        let (_, m) = builtin();
        assert!(
            m.find("Russias Irant XJones Jonesy Moscowite 2Iran Iran2")
                .is_empty()
        );
    }

    #[test]
    fn matching_is_case_sensitive() {
        let (_, m) = builtin();
        assert!(m.find("russia IRAN jones").is_empty());
    }

    #[test]
    fn rejected_long_candidate_does_not_hide_a_shorter_one_inside() {
        let g = gazetteer(
            r#"{"entities": [
                {"id": "dm", "name": "de Mistura", "kind": "person"},
                {"id": "m", "name": "Mistura", "kind": "other"}]}"#,
        );
        let m = Matcher::new(&g);
        assert_eq!(found(&m, &g, "he made Mistura"), [("Mistura", "m".into())]);
    }

    #[test]
    fn rejected_long_candidate_does_not_hide_a_shorter_one_at_the_same_start() {
        let g = gazetteer(
            r#"{"entities": [
                {"id": "jd", "name": "Jones Day", "kind": "organisation"},
                {"id": "j", "name": "Jones", "kind": "person"}]}"#,
        );
        let m = Matcher::new(&g);
        assert_eq!(found(&m, &g, "Jones Days later"), [("Jones", "j".into())]);
        assert_eq!(found(&m, &g, "at Jones Day."), [("Jones Day", "jd".into())]);
    }

    #[test]
    fn aliases_ending_in_punctuation_match() {
        let g = gazetteer(
            r#"{"entities": [{"id": "us", "name": "United States", "kind": "country", "aliases": ["U.S."]}]}"#,
        );
        let m = Matcher::new(&g);
        assert_eq!(
            found(&m, &g, "the U.S. wants; U.S.-led; the U.S."),
            [
                ("U.S.", "us".into()),
                ("U.S.", "us".into()),
                ("U.S.", "us".into())
            ]
        );
    }

    #[test]
    fn apostrophes_in_aliases_match_both_forms() {
        let g = gazetteer(r#"{"entities": [{"id": "o", "name": "O'Brien", "kind": "person"}]}"#);
        let m = Matcher::new(&g);
        assert_eq!(m.find("O'Brien met O\u{2019}Brien").len(), 2);
    }

    #[test]
    fn non_ascii_text_and_boundaries() {
        let g = gazetteer(
            r#"{"entities": [{"id": "t", "name": "Türkiye", "kind": "country", "aliases": ["Анкара", "東京"]}]}"#,
        );
        let m = Matcher::new(&g);
        let got = found(&m, &g, "«Türkiye» — Анкара; Türkiyeli; 東京へ 😀東京😀");
        assert_eq!(
            got,
            [
                ("Türkiye", "t".into()),
                ("Анкара", "t".into()),
                ("東京", "t".into())
            ]
        );
        // Letters glued to a match in any script reject it: é, ы.
        assert!(m.find("éTürkiye Анкарыы").is_empty());
    }

    #[test]
    fn seed_counts_match_the_reference() {
        let (g, m) = builtin();
        for (file, expected) in [
            (
                include_str!("../../seeds/000_0b9f368ee42c4f04.txt"),
                [4, 2, 2, 1, 1, 2],
            ),
            (
                include_str!("../../seeds/003_4a03aefaf02d152e.txt"),
                [5, 4, 5, 1, 1, 1],
            ),
        ] {
            let mentions = m.find(file);
            let counts: Vec<usize> = g
                .iter()
                .map(|(id, _)| mentions.iter().filter(|x| x.entity == id).count())
                .collect();
            assert_eq!(counts, expected);
            assert!(mentions.windows(2).all(|w| w[0].end <= w[1].start));
        }
    }

    #[test]
    fn empty_gazetteer_finds_nothing() {
        let m = Matcher::new(&Gazetteer::default());
        assert!(m.find("Russia").is_empty());
    }

    /// A surname alias counts only where the article names the person in full: another
    /// Jones is not Stuart Jones. An entity file can let an alias count anywhere.
    #[test]
    fn a_part_name_counts_only_beside_the_full_name() {
        let g = gazetteer(
            r#"{"entities": [
                {"id": "jones", "name": "Stuart Jones", "kind": "person", "aliases": ["Jones"]},
                {"id": "lav", "name": "Alexander Lavrentiev", "kind": "person",
                 "aliases": ["Lavrentiev"], "anywhere": ["Lavrentiev"]},
                {"id": "un", "name": "United Nations", "kind": "organisation", "aliases": ["UN", "Nations"]}
            ]}"#,
        );
        let m = Matcher::new(&g);
        let ids = |text: &str| -> Vec<String> {
            found(&m, &g, text)
                .into_iter()
                .map(|(t, id)| format!("{t}={id}"))
                .collect()
        };
        assert_eq!(
            ids("Mrs. Jones said Jones would stay."),
            Vec::<String>::new()
        );
        assert_eq!(
            ids("Stuart Jones arrived. Jones said little."),
            ["Stuart Jones=jones", "Jones=jones"]
        );
        // Lavrentiev may stand alone: the entity file says so.
        assert_eq!(ids("Lavrentiev spoke."), ["Lavrentiev=lav"]);
        // An alias that is not a part name ("UN") names the entity as well as its name.
        assert_eq!(ids("The UN and the Nations."), ["UN=un", "Nations=un"]);
        assert!(
            g.get(g.id_of("jones").expect("jones"))
                .is_part_name("Jones")
        );
        assert!(!g.get(g.id_of("un").expect("un")).is_part_name("UN"));
    }

    /// Names are matched in their normal form and found at their place in the text as
    /// written: decomposed accents, no-break and double spaces, a line break, a Unicode
    /// hyphen.
    #[test]
    fn names_match_whatever_their_spaces_accents_and_hyphens() {
        let g = gazetteer(
            r#"{"entities": [
                {"id": "zurich", "name": "Zürich", "kind": "place"},
                {"id": "jones", "name": "Stuart Jones", "kind": "person"},
                {"id": "lav", "name": "Jean-Marc Lav", "kind": "person"}
            ]}"#,
        );
        let m = Matcher::new(&g);
        let text = "In Zu\u{308}rich, Stuart\u{a0}Jones met Stuart  Jones and Stuart\nJones; \
                    Jean\u{2011}Marc Lav came.\n\nStuart\n\nJones did not.";
        let got: Vec<(&str, String)> = found(&m, &g, text);
        assert_eq!(
            got,
            [
                ("Zu\u{308}rich", "zurich".to_owned()),
                ("Stuart\u{a0}Jones", "jones".to_owned()),
                ("Stuart  Jones", "jones".to_owned()),
                ("Stuart\nJones", "jones".to_owned()),
                ("Jean\u{2011}Marc Lav", "lav".to_owned()),
            ]
        );
    }
}
