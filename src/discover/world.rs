//! The world layer's names looked up word by word: a name starts at a capitalised word,
//! so only those words are looked at, and each costs one hash lookup unless it starts a
//! known name.

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use super::words::{Shape, Word, words};
use crate::entities::{EntityId, Gazetteer};

/// Every surface form of a gazetteer, by its first word.
#[derive(Debug, Default)]
pub struct Names {
    /// Whole forms (and their typographic-apostrophe spellings).
    forms: HashMap<String, EntityId>,
    /// First word of a form → the most words a form starting with it has.
    first: HashMap<String, usize>,
}

impl Names {
    pub fn new(gazetteer: &Gazetteer) -> Self {
        let mut names = Self::default();
        for (id, entity) in gazetteer.iter() {
            for form in entity.surface_forms() {
                for variant in [form.to_owned(), form.replace('\'', "\u{2019}")] {
                    let whole = 0..variant.len();
                    let ws = words(&variant, std::slice::from_ref(&whole));
                    let Some(head) = ws.first() else {
                        continue;
                    };
                    let most = names
                        .first
                        .entry(head.text(&variant).to_owned())
                        .or_insert(0);
                    *most = (*most).max(ws.len());
                    names.forms.entry(variant).or_insert(id);
                }
            }
        }
        names
    }

    /// The longest name starting at word `i`: its byte range, the index of its last
    /// word and the entity. A shouted word (a dateline's `ASTANA`) is read in title case.
    pub fn longest_at(
        &self,
        text: &str,
        words: &[Word],
        i: usize,
    ) -> Option<(Range<usize>, usize, EntityId)> {
        let w = &words[i];
        let head = w.text(text);
        if let Some(&most) = self.first.get(head) {
            let last = (i + most).min(words.len());
            for j in (i..last).rev() {
                let mut range = w.range.start..words[j].range.end;
                if let Some(&id) = self.forms.get(&text[range.clone()]) {
                    return Some((range, j, id));
                }
                // The word scanner leaves a possessive `'s` off; a form may end in one
                // ("St. George's").
                let rest = &text[range.end..];
                if let Some(s) = ["'s", "\u{2019}s"].iter().find(|s| rest.starts_with(**s)) {
                    range.end += s.len();
                    if let Some(&id) = self.forms.get(&text[range.clone()]) {
                        return Some((range, j, id));
                    }
                }
            }
        }
        if w.shape == Shape::Acronym && head.len() >= 4 && !head.contains('.') {
            let mut titled = String::with_capacity(head.len());
            for (n, c) in head.chars().enumerate() {
                if n == 0 {
                    titled.push(c);
                } else {
                    titled.extend(c.to_lowercase());
                }
            }
            if let Some(&id) = self.forms.get(&titled) {
                return Some((w.range.clone(), i, id));
            }
        }
        None
    }
}
