//! The name lists the recogniser reads as features: first names, the world's towns and
//! cities, demonyms and company legal forms (generated into `assets/ner/` by
//! `assets/generate_gazetteers.py`), WordNet's organisations, the world layer's countries, places and
//! organisations, and discovery's lists of titles and head words. A list says what a
//! word could be; the model learns how far to trust it. Beside them, Brown clusters of
//! words learned from unlabelled text say which words are used alike.

use std::cmp::Ordering;
use std::io::Read;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::tokens::Tokens;
use crate::discover::{self, lists as words};
use crate::entities::Kind;

const FIRST_NAMES: &str = include_str!("../../assets/ner/first-names.txt");
/// The city list, gzipped: a third of the bytes in the binary.
const CITIES_GZ: &[u8] = include_bytes!("../../assets/ner/cities.txt.gz");
const DEMONYMS: &str = include_str!("../../assets/ner/demonyms.txt");
const COMPANY_SUFFIXES: &str = include_str!("../../assets/ner/company-suffixes.txt");
const ORGANISATIONS: &str = include_str!("../../assets/ner/organisations.txt");
/// Brown clusters of English words: a line per word, sorted, with a tab and its cluster's
/// path in the cluster tree as an integer (bit k is the k-th branch). Not compressed,
/// so that it is looked up where it lies in the binary, with nothing read at start.
const CLUSTERS: &str = include_str!("../../assets/ner/clusters.txt");

/// The lists a span of tokens can be found in; each has a bit for a span's first token
/// and one for the tokens after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum List {
    FirstName,
    City,
    Country,
    Demonym,
    WorldPlace,
    WorldOrganisation,
    Organisation,
}

impl List {
    pub const ALL: [List; 7] = [
        List::FirstName,
        List::City,
        List::Country,
        List::Demonym,
        List::WorldPlace,
        List::WorldOrganisation,
        List::Organisation,
    ];

    /// The bit for a span's first token (`inside` false) or a later one.
    pub const fn bit(self, inside: bool) -> u32 {
        1 << (self as u32 * 2 + inside as u32)
    }
}

/// Lists of single lower-case words, each one bit above the span lists'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Word {
    Title,
    OrgHead,
    OrgNoun,
    PlaceNoun,
    Said,
    CompanySuffix,
}

impl Word {
    pub const ALL: [Word; 6] = [
        Word::Title,
        Word::OrgHead,
        Word::OrgNoun,
        Word::PlaceNoun,
        Word::Said,
        Word::CompanySuffix,
    ];

    pub const fn bit(self) -> u32 {
        1 << (List::ALL.len() as u32 * 2 + self as u32)
    }
}

/// The longest span, in tokens, looked up in the span lists.
const LONGEST: usize = 5;

/// Every list, read once.
pub struct Lists {
    spans: FxHashMap<&'static str, u8>,
    words: FxHashMap<&'static str, u8>,
}

fn lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty())
}

impl Lists {
    /// Reads every list (the first use of [`lists`] does this once).
    pub fn new() -> Self {
        let mut spans: FxHashMap<&'static str, u8> = FxHashMap::default();
        spans.reserve(170_000);
        let mut add = |s: &'static str, list: List| *spans.entry(s).or_default() |= 1 << list as u8;
        for l in lines(FIRST_NAMES) {
            add(l, List::FirstName);
        }
        for l in lines(cities()) {
            add(l, List::City);
        }
        for l in lines(DEMONYMS) {
            add(l, List::Demonym);
        }
        for l in lines(ORGANISATIONS) {
            add(l, List::Organisation);
        }
        let demonyms: FxHashSet<&str> = lines(DEMONYMS).collect();
        for (_, e) in discover::world().iter() {
            let list = match e.kind {
                Kind::Country => List::Country,
                Kind::Organisation => List::WorldOrganisation,
                _ => List::WorldPlace,
            };
            for form in std::iter::once(&e.name).chain(&e.aliases) {
                if !demonyms.contains(form.as_str()) {
                    add(form.as_str(), list);
                }
            }
        }
        let mut words: FxHashMap<&'static str, u8> = FxHashMap::default();
        let mut add = |s: &'static str, w: Word| *words.entry(s).or_default() |= 1 << w as u8;
        for (list, w) in [
            (words::TITLES, Word::Title),
            (words::ORG_HEADS, Word::OrgHead),
            (words::ORG_NOUNS, Word::OrgNoun),
            (words::PLACE_NOUNS, Word::PlaceNoun),
            (words::SAID, Word::Said),
        ] {
            for s in list {
                add(s, w);
            }
        }
        for l in lines(COMPANY_SUFFIXES) {
            add(l, Word::CompanySuffix);
        }
        Self { spans, words }
    }

    /// How many names the span lists hold.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The bits of each token of `sentence` (into `out`, one per token of the sentence):
    /// which lists hold a span starting or going on there, longest first, and which word
    /// lists hold the token (`lower`: the tokens in lower case).
    pub fn mark<S: AsRef<str>>(
        &self,
        text: &str,
        tokens: &Tokens,
        sentence: Range<usize>,
        lower: &[S],
        out: &mut Vec<u32>,
    ) {
        out.clear();
        out.resize(sentence.len(), 0);
        let first = sentence.start;
        let mut upper = String::new();
        for i in sentence.clone() {
            let k = i - first;
            if let Some(&bits) = self.words.get(lower[k].as_ref()) {
                for w in Word::ALL {
                    if bits & (1 << w as u8) != 0 {
                        out[k] |= w.bit();
                    }
                }
            }
            if !tokens.text(text, i).starts_with(char::is_uppercase) {
                continue;
            }
            let mut found = 0u8;
            for n in (1..=LONGEST.min(sentence.end - i)).rev() {
                let span = &text[tokens.ranges[i].start..tokens.ranges[i + n - 1].end];
                if n > 1 && span.contains('\n') {
                    continue;
                }
                let mut bits = self.spans.get(span).copied().unwrap_or(0);
                if bits == 0 && span.len() > 3 && !span.contains(char::is_lowercase) {
                    title_case(span, &mut upper);
                    bits = self.spans.get(upper.as_str()).copied().unwrap_or(0);
                }
                let new = bits & !found;
                if new == 0 {
                    continue;
                }
                found |= new;
                for list in List::ALL {
                    if new & (1 << list as u8) != 0 {
                        out[k] |= list.bit(false);
                        for o in &mut out[k + 1..k + n] {
                            *o |= list.bit(true);
                        }
                    }
                }
            }
        }
    }
}

/// "NEW YORK" as "New York", into `out`.
fn title_case(s: &str, out: &mut String) {
    out.clear();
    let mut start = true;
    for c in s.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
}

/// Whether `word` is a first name ("Fatima").
pub fn is_first_name(word: &str) -> bool {
    lists()
        .spans
        .get(word)
        .is_some_and(|bits| bits & (1 << List::FirstName as u8) != 0)
}

/// The city list, unpacked once (the generator writes it, so it is valid UTF-8 gzip; a
/// unit test reads it).
fn cities() -> &'static str {
    static CITIES: OnceLock<String> = OnceLock::new();
    CITIES.get_or_init(|| {
        let mut text = String::with_capacity(CITIES_GZ.len() * 3);
        flate2::read::GzDecoder::new(CITIES_GZ)
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("built-in city list: {e}"));
        text
    })
}

/// The word cluster of `word` (`lower`: its lower case), as its path in the cluster
/// tree (bit k the k-th branch, 0 for none): similar words share the first branches,
/// so a word the training data never had gets the weights of words used like it. The
/// clusters list a word's lower case only where the word itself has the same.
pub fn cluster(word: &str, lower: &str) -> u32 {
    cluster_in(CLUSTERS, word)
        .or_else(|| cluster_in(CLUSTERS, lower))
        .unwrap_or(0)
}

/// The path of `word`'s cluster in `lines` (`word<TAB>path` lines sorted by word), by
/// binary search over the bytes: each step reads the line around the middle.
fn cluster_in(lines: &str, word: &str) -> Option<u32> {
    let bytes = lines.as_bytes();
    // Both ends are at the start of a line.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = bytes[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |i| lo + i + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i);
        let (w, path) = lines[start..end].split_once('\t')?;
        match w.cmp(word) {
            Ordering::Equal => return path.parse().ok(),
            Ordering::Less => lo = end + 1,
            Ordering::Greater => hi = start,
        }
    }
    None
}

/// Whether `form` is a demonym ("Syrian", "RUSSIANS").
pub fn is_demonym(form: &str) -> bool {
    let listed = |s: &str| {
        lists()
            .spans
            .get(s)
            .is_some_and(|bits| bits & (1 << List::Demonym as u8) != 0)
    };
    listed(form) || {
        let mut titled = String::new();
        title_case(form, &mut titled);
        listed(titled.as_str())
    }
}

impl Default for Lists {
    fn default() -> Self {
        Self::new()
    }
}

/// A hash of every list the recogniser reads, as compiled in: with the model's bytes it
/// says what the recogniser finds.
pub fn fingerprint() -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        FIRST_NAMES.as_bytes(),
        CITIES_GZ,
        DEMONYMS.as_bytes(),
        COMPANY_SUFFIXES.as_bytes(),
        ORGANISATIONS.as_bytes(),
        CLUSTERS.as_bytes(),
        discover::WORLD.as_bytes(),
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.digest()
}

/// The lists, read once.
pub fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(Lists::new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::tokens::tokenise;

    #[test]
    fn marks_the_longest_span_of_each_list_and_word_lists() {
        let text =
            "President John Smith flew from Los Angeles to SYRIA with Acme Inc for the World Bank";
        let t = tokenise(text, std::slice::from_ref(&(0..text.len())));
        let lower: Vec<String> = (0..t.ranges.len())
            .map(|i| t.text(text, i).to_lowercase())
            .collect();
        let mut out = Vec::new();
        lists().mark(text, &t, 0..t.ranges.len(), &lower, &mut out);
        let at = |w: &str| {
            out[(0..t.ranges.len())
                .find(|&i| t.text(text, i) == w)
                .expect("a value")]
        };
        assert_ne!(at("President") & Word::Title.bit(), 0);
        assert_ne!(at("John") & List::FirstName.bit(false), 0);
        assert_ne!(at("Los") & List::City.bit(false), 0);
        assert_ne!(at("Angeles") & List::City.bit(true), 0);
        assert_ne!(at("SYRIA") & List::Country.bit(false), 0);
        assert_ne!(at("Inc") & Word::CompanySuffix.bit(), 0);
        assert_ne!(at("World") & List::Organisation.bit(false), 0);
        assert_ne!(at("Bank") & List::Organisation.bit(true), 0);
        assert_eq!(at("Bank") & List::Organisation.bit(false), 0);
        assert_eq!(at("flew"), 0);
    }

    #[test]
    fn the_city_list_unpacks_and_demonyms_are_known_in_any_case() {
        assert!(cities().lines().count() > 100_000);
        assert!(cities().lines().any(|l| l == "Los Angeles"));
        assert!(is_demonym("Syrian") && is_demonym("RUSSIANS"));
        assert!(!is_demonym("Syria"));
    }

    #[test]
    fn a_cluster_is_found_at_either_end_and_between() {
        let lines = "Alpha\t1\nbeta\t22\ngamma\t333\n";
        for (w, path) in [("Alpha", Some(1)), ("beta", Some(22)), ("gamma", Some(333))] {
            assert_eq!(cluster_in(lines, w), path);
        }
        for w in ["", "A", "alpha", "delta", "zeta"] {
            assert_eq!(cluster_in(lines, w), None, "{w}");
        }
        assert_eq!(cluster_in("", "x"), None);
    }

    #[test]
    fn words_used_alike_share_the_first_branches_of_their_clusters() {
        let words: Vec<&str> = CLUSTERS
            .lines()
            .filter_map(|l| l.split('\t').next())
            .collect();
        assert!(words.len() > 100_000);
        assert!(words.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
        assert!(words.iter().all(|w| cluster_in(CLUSTERS, w).is_some()));
        let prefix = |w: &str| cluster(w, &w.to_lowercase()) & 0xff;
        assert_ne!(cluster("Reuters", "reuters"), 0);
        assert_eq!(cluster("Xyzzyplugh", "xyzzyplugh"), 0);
        // Two weekdays share their first eight branches; a country goes elsewhere.
        assert_eq!(prefix("Tuesday"), prefix("Wednesday"));
        assert_ne!(prefix("Tuesday"), prefix("Kenya"));
    }
}
