//! The features of each token: the word, its lower case, its shape, prefixes and
//! suffixes, its neighbours and theirs, its place in the sentence, whether the article
//! writes it capitalised or in lower case elsewhere, and the name lists it is in. Each
//! token's strings are hashed once (xxh3) and each feature mixes its template with the
//! hashes it reads into one of 2^`bits` rows of weights, so the model needs no
//! vocabulary.

use std::ops::Range;

use rustc_hash::FxHashSet;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::lists::{cluster, lists};
use super::tokens::Tokens;

/// Words the article writes with a capital (not opening a sentence) and in lower case.
#[derive(Debug, Default)]
pub struct DocWords {
    capitalised: FxHashSet<String>,
    lowered: FxHashSet<String>,
}

impl DocWords {
    pub fn new(text: &str, tokens: &Tokens) -> Self {
        let mut doc = Self::default();
        for s in &tokens.sentences {
            for i in s.start + 1..s.end {
                let w = tokens.text(text, i);
                let Some(c) = w.chars().next() else { continue };
                if c.is_uppercase() && w.chars().any(char::is_lowercase) {
                    if !doc.capitalised.contains(w) {
                        doc.capitalised.insert(w.to_lowercase());
                    }
                } else if c.is_lowercase() && !doc.lowered.contains(w) {
                    doc.lowered.insert(w.to_owned());
                }
            }
        }
        doc
    }
}

/// Buffers reused from sentence to sentence.
#[derive(Debug, Default)]
pub struct Scratch {
    lower: Vec<String>,
    short: Vec<String>,
    long: Vec<String>,
    marks: Vec<u32>,
    hashes: Vec<Hashes>,
}

/// The feature rows of each token of a sentence: `ids[offsets[k]..offsets[k + 1]]`.
#[derive(Debug, Default, Clone)]
pub struct Features {
    pub ids: Vec<u32>,
    pub offsets: Vec<u32>,
}

impl Features {
    pub fn of(&self, k: usize) -> &[u32] {
        &self.ids[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }

    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The lower case of a word with its digits as `0`.
pub(super) fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| match b {
            b'0'..=b'9' => '0',
            b => b.to_ascii_lowercase() as char,
        }));
        return;
    }
    for c in word.chars() {
        if c.is_ascii_digit() {
            out.push('0');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

fn class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// The short shape (`Xx`, `X.X.`, `d,d`: runs of one class as one) and the long one
/// (each of the first eight characters).
pub(super) fn shapes_into(word: &str, short: &mut String, long: &mut String) {
    short.clear();
    long.clear();
    let mut last = None;
    for (n, c) in word.chars().enumerate() {
        let k = class(c);
        if n < 8 {
            long.push(k);
        }
        if last != Some(k) && short.len() < 12 {
            short.push(k);
        }
        last = Some(k);
    }
}

/// The row of the feature every token has (its weights are each label's bias).
pub fn bias_row(bits: u32) -> u32 {
    (mix(0, 0, 0) & ((1u64 << bits) - 1)) as u32
}

/// Mixes a template and one or two hashes into a feature row (the splitmix64
/// finaliser: every input bit reaches every output bit).
fn mix(template: u64, a: u64, b: u64) -> u64 {
    let mut z = a
        .wrapping_add(template.wrapping_mul(0x9e37_79b9_7f4a_7c15))
        .rotate_left(23)
        ^ b;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn hash(s: &[u8]) -> u64 {
    xxh3_64_with_seed(s, 0)
}

/// The hashes of one token's strings, each taken once.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Hashes {
    lower: u64,
    word: u64,
    short: u64,
    long: u64,
    /// Prefixes of one to three characters, suffixes of one to four (0: too short).
    affixes: [u64; 7],
    /// Its word cluster's path (0: none).
    cluster: u32,
}

impl Hashes {
    /// The hashes of a word given its lower case and shapes.
    pub(super) fn of(word: &str, lower: &str, short: &str, long: &str) -> Self {
        let l = lower;
        let mut affixes = [0u64; 7];
        if l.is_ascii() {
            let b = l.as_bytes();
            for (slot, m) in [(0, 1), (1, 2), (2, 3)] {
                if b.len() > m {
                    affixes[slot] = hash(&b[..m]);
                }
            }
            for (slot, m) in [(3, 1), (4, 2), (5, 3), (6, 4)] {
                if b.len() > m {
                    affixes[slot] = hash(&b[b.len() - m..]);
                }
            }
        } else {
            let chars = l.chars().count();
            for (slot, m) in [(0, 1), (1, 2), (2, 3)] {
                if let Some((e, _)) = l.char_indices().nth(m) {
                    affixes[slot] = hash(&l.as_bytes()[..e]);
                }
            }
            for (slot, m) in [(3, 1), (4, 2), (5, 3), (6, 4)] {
                if chars > m
                    && let Some((b, _)) = l.char_indices().nth(chars - m)
                {
                    affixes[slot] = hash(&l.as_bytes()[b..]);
                }
            }
        }
        Self {
            lower: hash(l.as_bytes()),
            word: hash(word.as_bytes()),
            short: hash(short.as_bytes()),
            long: hash(long.as_bytes()),
            affixes,
            cluster: cluster(word, lower),
        }
    }
}

/// A sentence's edge as a neighbour: every string hashes to `mark`, with no affixes.
const fn edge(mark: u64) -> Hashes {
    Hashes {
        lower: mark,
        word: mark,
        short: mark,
        long: mark,
        affixes: [0; 7],
        cluster: 0,
    }
}

pub(super) const START: Hashes = edge(1);
pub(super) const END: Hashes = edge(2);

/// Where a word stands to the token whose features it gives: the token itself, or the
/// word before it, after it, two before, two after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Own,
    Prev,
    Next,
    Prev2,
    Next2,
}

impl Role {
    pub(super) const ALL: [Role; 5] = [Self::Own, Self::Prev, Self::Next, Self::Prev2, Self::Next2];
}

/// What a token's features read beyond the words around it.
pub(super) struct Around {
    /// It opens its sentence (perhaps after a quotation mark or dash).
    pub opens: bool,
    /// It is capitalised: what the article does with its word elsewhere.
    pub capital: Option<u64>,
    /// Its sentence is written in capitals.
    pub shouting: bool,
    /// The name lists of the token, the one before and the one after.
    pub marks: [u32; 3],
}

impl Around {
    /// The name lists of token `k`, the one before and the one after, of `marks`.
    pub fn marks(marks: &[u32], k: usize) -> [u32; 3] {
        let at = |i: Option<usize>| i.and_then(|i| marks.get(i)).copied().unwrap_or(0);
        [at(Some(k)), at(k.checked_sub(1)), at(Some(k + 1))]
    }
}

impl DocWords {
    /// Whether the article writes `lower` capitalised or in lower case elsewhere, and
    /// whether this token opens its sentence.
    pub(super) fn code(&self, lower: &str, opens: bool) -> u64 {
        u64::from(self.capitalised.contains(lower))
            | u64::from(self.lowered.contains(lower)) << 1
            | u64::from(opens) << 2
    }
}

pub(super) struct Out<'a> {
    pub ids: &'a mut Vec<u32>,
    pub mask: u64,
}

impl Out<'_> {
    /// The features a word gives from where it stands: each reads that one word.
    pub(super) fn word(&mut self, role: Role, h: &Hashes) {
        match role {
            Role::Own => {
                self.one(0, 0);
                self.one(1, h.lower);
                self.one(2, h.word);
                self.one(3, h.short);
                self.one(4, h.long);
                for (t, a) in (5..12).zip(h.affixes) {
                    if a != 0 {
                        self.one(t, a);
                    }
                }
                self.cluster(&[(40, 4), (41, 6), (42, 10), (43, 20)], h.cluster);
            }
            Role::Prev => {
                self.one(12, h.lower);
                self.one(16, h.short);
                self.cluster(&[(44, 6), (45, 20)], h.cluster);
            }
            Role::Next => {
                self.one(13, h.lower);
                self.one(17, h.short);
                self.cluster(&[(46, 6), (47, 20)], h.cluster);
            }
            Role::Prev2 => self.one(14, h.lower),
            Role::Next2 => self.one(15, h.lower),
        }
    }

    /// The features that read a pair of words, or more than words.
    pub(super) fn context(&mut self, prev: &Hashes, this: &Hashes, next: &Hashes, a: &Around) {
        let (lw, sh) = (this.lower, this.short);
        self.two(18, prev.short, sh);
        self.two(19, sh, next.short);
        self.two(20, prev.lower, sh);
        self.two(21, sh, next.lower);
        self.two(28, prev.lower, lw);
        self.two(29, lw, next.lower);
        if a.opens {
            self.one(22, sh);
        }
        if let Some(code) = a.capital {
            self.one(23, code);
        }
        if a.shouting {
            self.one(27, sh);
        }
        for (t, marks) in [24u64, 25, 26].into_iter().zip(a.marks) {
            for b in 0..32u64 {
                if marks & (1 << b) != 0 {
                    self.one(t, b);
                    // Each list, here or beside, with the token's shape: a first name
                    // before a capitalised word, "said" after one.
                    self.two(30 + t, b, sh);
                }
            }
        }
    }

    /// The first branches of a word's cluster path, as many as each template reads.
    fn cluster(&mut self, templates: &[(u64, u32)], path: u32) {
        if path == 0 {
            return;
        }
        for &(t, branches) in templates {
            self.one(t, u64::from(path & ((1 << branches) - 1)));
        }
    }

    fn one(&mut self, template: u64, a: u64) {
        self.ids.push((mix(template, a, 0) & self.mask) as u32);
    }

    fn two(&mut self, template: u64, a: u64, b: u64) {
        self.ids
            .push((mix(template, a, b.wrapping_add(0x5851_f42d)) & self.mask) as u32);
    }
}

/// Adds the features of each token of `sentence` to `out` (cleared first).
pub fn sentence_features(
    text: &str,
    tokens: &Tokens,
    sentence: Range<usize>,
    doc: &DocWords,
    bits: u32,
    scratch: &mut Scratch,
    out: &mut Features,
) {
    out.ids.clear();
    out.offsets.clear();
    out.offsets.push(0);
    let n = sentence.len();
    let s = scratch;
    for v in [&mut s.lower, &mut s.short, &mut s.long] {
        v.resize_with(n.max(v.len()), String::new);
    }
    let mut letters = 0usize;
    let mut capitals = 0usize;
    for (k, i) in sentence.clone().enumerate() {
        let w = tokens.text(text, i);
        lower_into(w, &mut s.lower[k]);
        shapes_into(w, &mut s.short[k], &mut s.long[k]);
        for c in w.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            capitals += c.is_uppercase() as usize;
        }
    }
    let shouting = letters > 8 && capitals * 10 > letters * 8;
    lists().mark(text, tokens, sentence.clone(), &s.lower[..n], &mut s.marks);
    s.hashes.clear();
    for (k, i) in sentence.clone().enumerate() {
        let word = tokens.text(text, i);
        s.hashes
            .push(Hashes::of(word, &s.lower[k], &s.short[k], &s.long[k]));
    }
    let mut o = Out {
        ids: &mut out.ids,
        mask: (1u64 << bits) - 1,
    };
    let h = |k: isize| -> Hashes {
        match k {
            k if k < 0 => START,
            k if k as usize >= n => END,
            k => s.hashes[k as usize],
        }
    };
    for (k, i) in sentence.enumerate() {
        let kk = k as isize;
        let (prev2, prev, this, next, next2) = (h(kk - 2), h(kk - 1), h(kk), h(kk + 1), h(kk + 2));
        o.word(Role::Own, &this);
        o.word(Role::Prev, &prev);
        o.word(Role::Next, &next);
        o.word(Role::Prev2, &prev2);
        o.word(Role::Next2, &next2);
        let opens = k == 0 || (k == 1 && !s.short[0].contains(['x', 'X', 'd']));
        let capital = tokens
            .text(text, i)
            .starts_with(char::is_uppercase)
            .then(|| doc.code(&s.lower[k], opens));
        let around = Around {
            opens,
            capital,
            shouting,
            marks: Around::marks(&s.marks[..n], k),
        };
        o.context(&prev, &this, &next, &around);
        out.offsets.push(o.ids.len() as u32);
    }
}
