//! The features of each token: the word, its lower case, its shape, prefixes and
//! suffixes, its neighbours and theirs, its place in the sentence, whether the article
//! writes it capitalised or in lower case elsewhere, and the name lists it is in. Each
//! feature is hashed (xxh3, seeded by its template) into one of 2^`bits` rows of weights,
//! so the model needs no vocabulary.

use std::ops::Range;

use rustc_hash::FxHashSet;
use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::lists::lists;
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
fn lower_into(word: &str, out: &mut String) {
    out.clear();
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
fn shapes_into(word: &str, short: &mut String, long: &mut String) {
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
    xxh3_64_with_seed(b"", 0) as u32 & ((1u32 << bits) - 1)
}

struct Out<'a> {
    ids: &'a mut Vec<u32>,
    mask: u32,
}

impl Out<'_> {
    fn one(&mut self, template: u64, s: &[u8]) {
        self.ids
            .push(xxh3_64_with_seed(s, template) as u32 & self.mask);
    }

    fn two(&mut self, template: u64, a: &[u8], b: &[u8]) {
        let h = xxh3_64_with_seed(a, template ^ 0x9e37_79b9_7f4a_7c15);
        self.ids.push(xxh3_64_with_seed(b, h) as u32 & self.mask);
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
    let mut o = Out {
        ids: &mut out.ids,
        mask: (1u32 << bits) - 1,
    };
    let lower = |k: isize| -> &[u8] {
        match k {
            k if k < 0 => b"<s>",
            k if k as usize >= n => b"</s>",
            k => s.lower[k as usize].as_bytes(),
        }
    };
    let short = |k: isize| -> &[u8] {
        match k {
            k if k < 0 => b"<s>",
            k if k as usize >= n => b"</s>",
            k => s.short[k as usize].as_bytes(),
        }
    };
    for (k, i) in sentence.enumerate() {
        let w = tokens.text(text, i);
        let kk = k as isize;
        let (lw, sh) = (lower(kk), short(kk));
        o.one(0, b"");
        o.one(1, lw);
        o.one(2, w.as_bytes());
        o.one(3, sh);
        o.one(4, s.long[k].as_bytes());
        let l = &s.lower[k];
        for (t, m) in [(5, 1), (6, 2), (7, 3)] {
            if let Some((e, _)) = l.char_indices().nth(m) {
                o.one(t, &l.as_bytes()[..e]);
            }
        }
        let chars = l.chars().count();
        for (t, m) in [(8, 1), (9, 2), (10, 3), (11, 4)] {
            if chars > m
                && let Some((b, _)) = l.char_indices().nth(chars - m)
            {
                o.one(t, &l.as_bytes()[b..]);
            }
        }
        o.one(12, lower(kk - 1));
        o.one(13, lower(kk + 1));
        o.one(14, lower(kk - 2));
        o.one(15, lower(kk + 2));
        o.one(16, short(kk - 1));
        o.one(17, short(kk + 1));
        o.two(18, short(kk - 1), sh);
        o.two(19, sh, short(kk + 1));
        o.two(20, lower(kk - 1), sh);
        o.two(21, sh, lower(kk + 1));
        o.two(28, lower(kk - 1), lw);
        o.two(29, lw, lower(kk + 1));
        let opens = k == 0 || (k == 1 && !s.short[0].contains(['x', 'X', 'd']));
        if opens {
            o.one(22, sh);
        }
        let first = w.chars().next();
        if first.is_some_and(char::is_uppercase) {
            let code = [
                doc.capitalised.contains(l.as_str()) as u8,
                doc.lowered.contains(l.as_str()) as u8,
                opens as u8,
            ];
            o.one(23, &code);
        }
        if shouting {
            o.one(27, sh);
        }
        for (t, at) in [(24u64, kk), (25, kk - 1), (26, kk + 1)] {
            if at < 0 || at as usize >= n {
                continue;
            }
            let marks = s.marks[at as usize];
            for b in 0..32u8 {
                if marks & (1 << b) != 0 {
                    o.one(t, &[b]);
                    if t == 24 {
                        // Each list with the token's shape.
                        o.two(30, &[b], sh);
                    }
                }
            }
        }
        out.offsets.push(o.ids.len() as u32);
    }
}
