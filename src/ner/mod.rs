//! The learned entity recogniser: a linear-chain tagger over hashed features, trained as
//! an averaged structured perceptron and decoded with Viterbi under BIO constraints.
//!
//! Why a perceptron rather than a CRF: with the same features and decoding the two score
//! within a point of each other on named entities, and the perceptron has no learning
//! rate or regularisation to tune, needs no gradient of a partition function, and
//! trains in seconds on two cores, deterministically. Confidences, which a CRF gives
//! for free, come from forward–backward over the perceptron's scores with a temperature
//! fitted on the dev split (`model`).
//!
//! Text is cut into tokens and sentences as the training corpora are (`tokens`), each
//! token described by hashed features (`features`) including the name lists it is in
//! (`lists`), scored by the weights in `assets/ner/model.bin` (made by `newslens train`,
//! see `train`), and the labels turned back into spans of the text with a kind and a
//! confidence.

pub mod features;
pub mod lists;
pub mod memo;
pub mod model;
pub mod tokens;
pub mod train;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use features::DocWords;
use memo::WordScores;
use model::{Model, Scores, marginals_with, viterbi};
use tokens::{Tokens, tokenise};

/// The model compiled into the binary.
pub const MODEL: &[u8] = include_bytes!("../../assets/ner/model.bin");

/// The kinds the model tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind3 {
    Person = 0,
    Organisation = 1,
    Location = 2,
}

impl Kind3 {
    fn of_label(label: u8) -> Option<Self> {
        match label {
            1 | 2 => Some(Self::Person),
            3 | 4 => Some(Self::Organisation),
            5 | 6 => Some(Self::Location),
            _ => None,
        }
    }
}

/// The spans (token ranges) a label sequence marks.
pub fn spans_of(labels: &[u8]) -> Vec<(Range<usize>, Kind3)> {
    let mut out: Vec<(Range<usize>, Kind3)> = Vec::new();
    for (k, &l) in labels.iter().enumerate() {
        let Some(kind) = Kind3::of_label(l) else {
            continue;
        };
        let inside = l % 2 == 0;
        match out.last_mut() {
            Some((r, last)) if inside && r.end == k && *last == kind => r.end = k + 1,
            _ => out.push((k..k + 1, kind)),
        }
    }
    out
}

/// A name the model found.
#[derive(Debug, Clone, PartialEq)]
pub struct Recognised {
    /// Byte range in the text.
    pub range: Range<usize>,
    pub kind: Kind3,
    /// The least probability, among its tokens, of the labels that make it.
    pub confidence: f32,
    /// Its tokens (indices into [`Tokens::ranges`]).
    pub tokens: Range<usize>,
}

/// The built-in model, read once (it is checked by a unit test, so this cannot fail).
pub fn model() -> &'static Model<'static> {
    static MODEL_READ: OnceLock<Model<'static>> = OnceLock::new();
    MODEL_READ.get_or_init(|| {
        Model::from_bytes(MODEL).unwrap_or_else(|e| panic!("built-in entity model: {e}"))
    })
}

/// The names in `text` (with its paragraphs as byte ranges), with its tokens.
pub fn recognise(text: &str, paragraphs: &[Range<usize>]) -> (Vec<Recognised>, Tokens) {
    thread_local! {
        static WORDS: RefCell<WordScores<'static>> = RefCell::new(WordScores::new(model()));
    }
    let tokens = tokenise(text, paragraphs);
    let found = WORDS.with_borrow_mut(|words| recognise_with(words, text, &tokens));
    (found, tokens)
}

/// The names `model` finds in the sentences of `tokens`.
pub fn recognise_tokens(model: &Model, text: &str, tokens: &Tokens) -> Vec<Recognised> {
    recognise_with(&mut WordScores::new(model), text, tokens)
}

/// The names found in the sentences of `tokens` with the model of `words`. A sentence
/// with no capital letter is passed over: it names nothing the model could find.
fn recognise_with(words: &mut WordScores, text: &str, tokens: &Tokens) -> Vec<Recognised> {
    let model = words.model();
    let doc = DocWords::new(text, tokens);
    let mut scores = Scores::new();
    let mut path = Vec::new();
    let mut out = Vec::new();
    for s in &tokens.sentences {
        let span = tokens.ranges[s.start].start..tokens.ranges[s.end - 1].end;
        if !text[span].contains(char::is_uppercase) {
            continue;
        }
        words.scores(text, tokens, s.clone(), &doc, &mut scores);
        viterbi(&scores, &model.transitions, &mut path);
        let found = spans_of(&path);
        if found.is_empty() {
            continue;
        }
        let m = marginals_with(&scores, words.factors());
        for (r, kind) in found {
            let first = s.start + r.start;
            let last = s.start + r.end - 1;
            out.push(Recognised {
                range: tokens.ranges[first].start..tokens.ranges[last].end,
                kind,
                confidence: train::confidence(&m, &path, r.clone()),
                tokens: first..last + 1,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_bio() {
        assert_eq!(
            spans_of(&[1, 2, 0, 3, 3, 4, 5]),
            [
                (0..2, Kind3::Person),
                (3..4, Kind3::Organisation),
                (4..6, Kind3::Organisation),
                (6..7, Kind3::Location)
            ]
        );
    }

    #[test]
    fn the_built_in_model_reads() {
        let m = model();
        assert!(m.threshold > 0.0 && m.threshold < 1.0);
        assert!(m.temperature > 0.0);
    }
}
