//! The model's weights and its decoding: an emission weight per hashed feature and
//! label, a transition weight per pair of labels, Viterbi under the BIO constraints (an
//! `I-X` only after `B-X` or `I-X`), and per-token confidences from forward–backward over
//! the same scores, softened by a temperature fitted on the dev split.
//!
//! The file (`assets/ner/model.bin`) is little-endian: the magic `NLNER\x01\0\0`; `bits`,
//! `labels` (u32); `scale`, `temperature`, `threshold` (f32); the 8 × 7 transition
//! weights (f32, row 7 is the sentence start); 2^bits × 7 emission weights as i8, to be
//! multiplied by `scale`; an xxh3 checksum (u64) of all that comes before it.

use std::borrow::Cow;

use thiserror::Error;
use xxhash_rust::xxh3::xxh3_64;

use super::features::Features;

/// O, B-PER, I-PER, B-ORG, I-ORG, B-LOC, I-LOC.
pub const LABELS: usize = 7;
/// Tag names in label order.
pub const TAGS: [&str; LABELS] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];
const MAGIC: &[u8; 8] = b"NLNER\x01\0\0";
const START: usize = LABELS;

/// Whether label `cur` may follow `prev` (`None`: the sentence's start).
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    let inside = cur != 0 && cur.is_multiple_of(2);
    !inside || prev.is_some_and(|p| p == cur || p + 1 == cur)
}

/// Label scores of each token of a sentence.
pub type Scores = Vec<[f32; LABELS]>;

/// Transition weights: `[previous][current]`, previous `START` at a sentence's start.
pub type Transitions = [[f32; LABELS]; LABELS + 1];

/// The best label sequence for `scores` under the BIO constraints.
pub fn viterbi(scores: &[[f32; LABELS]], trans: &Transitions, out: &mut Vec<u8>) {
    out.clear();
    let n = scores.len();
    if n == 0 {
        return;
    }
    let mut best = vec![[f32::NEG_INFINITY; LABELS]; n];
    let mut back = vec![[0u8; LABELS]; n];
    for y in 0..LABELS {
        if allowed(None, y) {
            best[0][y] = trans[START][y] + scores[0][y];
        }
    }
    for t in 1..n {
        for y in 0..LABELS {
            let mut top = f32::NEG_INFINITY;
            let mut arg = 0;
            for p in 0..LABELS {
                if !allowed(Some(p), y) {
                    continue;
                }
                let v = best[t - 1][p] + trans[p][y];
                if v > top {
                    top = v;
                    arg = p;
                }
            }
            best[t][y] = top + scores[t][y];
            back[t][y] = arg as u8;
        }
    }
    let mut y = (0..LABELS)
        .max_by(|&a, &b| best[n - 1][a].total_cmp(&best[n - 1][b]))
        .unwrap_or(0);
    out.resize(n, 0);
    for t in (0..n).rev() {
        out[t] = y as u8;
        y = back[t][y] as usize;
    }
}

/// Each token's probability of each label, from forward–backward over `scores` and
/// `trans` divided by `temperature`, under the BIO constraints. Computed with
/// probabilities rescaled at every step rather than logarithms: seven exponentials a
/// token instead of a hundred.
pub fn marginals(scores: &[[f32; LABELS]], trans: &Transitions, temperature: f32) -> Scores {
    marginals_with(scores, &TransitionFactors::new(trans, temperature))
}

/// The transition scores divided by the temperature, as factors (exponentials), under
/// the BIO constraints: worked out once for many sentences.
#[derive(Debug)]
pub struct TransitionFactors {
    factors: [[f32; LABELS]; LABELS + 1],
    temperature: f32,
}

impl TransitionFactors {
    pub fn new(trans: &Transitions, temperature: f32) -> Self {
        let t = temperature.max(1e-6);
        let mut factors = [[0f32; LABELS]; LABELS + 1];
        for (p, row) in factors.iter_mut().enumerate() {
            let prev = (p < LABELS).then_some(p);
            for (y, f) in row.iter_mut().enumerate() {
                if allowed(prev, y) {
                    *f = (trans[p][y] / t).clamp(-60.0, 60.0).exp();
                }
            }
        }
        Self {
            factors,
            temperature: t,
        }
    }
}

/// [`marginals`], with the transitions' factors worked out before.
pub fn marginals_with(scores: &[[f32; LABELS]], factors: &TransitionFactors) -> Scores {
    let n = scores.len();
    let (tf, t) = (&factors.factors, factors.temperature);
    let emissions: Scores = scores
        .iter()
        .map(|row| {
            let top = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            row.map(|s| ((s - top) / t).exp())
        })
        .collect();
    let normalised = |row: &mut [f32; LABELS]| {
        let sum: f32 = row.iter().sum();
        if sum > 0.0 {
            row.iter_mut().for_each(|x| *x /= sum);
        }
    };
    let mut alpha = vec![[0f32; LABELS]; n];
    let mut beta = vec![[1f32; LABELS]; n];
    for k in 0..n {
        for y in 0..LABELS {
            let into = if k == 0 {
                tf[START][y]
            } else {
                (0..LABELS).map(|p| alpha[k - 1][p] * tf[p][y]).sum()
            };
            alpha[k][y] = into * emissions[k][y];
        }
        normalised(&mut alpha[k]);
    }
    for k in (0..n.saturating_sub(1)).rev() {
        for p in 0..LABELS {
            beta[k][p] = (0..LABELS)
                .map(|y| tf[p][y] * emissions[k + 1][y] * beta[k + 1][y])
                .sum();
        }
        normalised(&mut beta[k]);
    }
    (0..n)
        .map(|k| {
            let mut row = [0f32; LABELS];
            for y in 0..LABELS {
                row[y] = alpha[k][y] * beta[k][y];
            }
            normalised(&mut row);
            row
        })
        .collect()
}

/// A model file that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a newslens model (its first bytes are not the model's mark)")]
    Magic,
    #[error("the model is cut short or damaged (checksum or size does not match)")]
    Damaged,
    #[error("the model has {0} labels; this newslens reads 7")]
    Labels(u32),
}

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model<'a> {
    pub bits: u32,
    pub scale: f32,
    pub temperature: f32,
    /// The confidence from which the reader shows a discovered mention.
    pub threshold: f32,
    pub transitions: Transitions,
    pub emissions: Cow<'a, [u8]>,
}

fn f32_at(b: &[u8], at: usize) -> f32 {
    f32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl<'a> Model<'a> {
    /// Reads a model without copying its weights.
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, ModelError> {
        if bytes.len() < 8 || &bytes[..8] != MAGIC {
            return Err(ModelError::Magic);
        }
        let head = 8 + 4 * 5 + 4 * LABELS * (LABELS + 1);
        if bytes.len() < head + 8 {
            return Err(ModelError::Damaged);
        }
        let u32_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let bits = u32_at(8);
        let labels = u32_at(12);
        if labels as usize != LABELS {
            return Err(ModelError::Labels(labels));
        }
        let rows = 1usize
            .checked_shl(bits)
            .filter(|_| bits <= 28)
            .ok_or(ModelError::Damaged)?;
        let end = head + rows * LABELS;
        if bytes.len() != end + 8 {
            return Err(ModelError::Damaged);
        }
        let sum = u64::from_le_bytes(bytes[end..].try_into().map_err(|_| ModelError::Damaged)?);
        if xxh3_64(&bytes[..end]) != sum {
            return Err(ModelError::Damaged);
        }
        let mut transitions = [[0f32; LABELS]; LABELS + 1];
        let mut at = 28;
        for row in &mut transitions {
            for w in row.iter_mut() {
                *w = f32_at(bytes, at);
                at += 4;
            }
        }
        Ok(Self {
            bits,
            scale: f32_at(bytes, 16),
            temperature: f32_at(bytes, 20),
            threshold: f32_at(bytes, 24),
            transitions,
            emissions: Cow::Borrowed(&bytes[head..end]),
        })
    }

    /// The model as its file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.emissions.len() + 512);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(LABELS as u32).to_le_bytes());
        for v in [self.scale, self.temperature, self.threshold] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for row in &self.transitions {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out.extend_from_slice(&self.emissions);
        let sum = xxh3_64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Quantises float weights (`2^bits × LABELS` emissions) to one byte each.
    pub fn quantise(bits: u32, emissions: &[f32], transitions: Transitions) -> Model<'static> {
        let top = emissions.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if top > 0.0 { top / 127.0 } else { 1.0 };
        let bytes = emissions
            .iter()
            .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8 as u8)
            .collect();
        Model {
            bits,
            scale,
            temperature: 1.0,
            threshold: 0.5,
            transitions,
            emissions: Cow::Owned(bytes),
        }
    }

    /// The label scores of each token.
    pub fn scores(&self, features: &Features, out: &mut Scores) {
        out.clear();
        for k in 0..features.len() {
            let mut sums = [0i32; LABELS];
            self.add_rows(features.of(k), &mut sums);
            out.push(self.scaled(sums));
        }
    }

    /// Adds the (quantised) weight rows of `features` to `sums`.
    pub fn add_rows(&self, features: &[u32], sums: &mut [i32; LABELS]) {
        for &f in features {
            let row = &self.emissions[f as usize * LABELS..f as usize * LABELS + LABELS];
            for (s, &b) in sums.iter_mut().zip(row) {
                *s += b as i8 as i32;
            }
        }
    }

    /// Quantised sums as scores.
    pub fn scaled(&self, sums: [i32; LABELS]) -> [f32; LABELS] {
        sums.map(|s| s as f32 * self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viterbi_never_opens_with_inside_or_switches_kind_inside() {
        let trans = [[0f32; LABELS]; LABELS + 1];
        // I-PER scores best at the start and I-ORG after it; neither may open a span, so
        // the best allowed path is B-ORG I-ORG (0 + 9) over B-PER I-PER (1 + 0).
        let scores = vec![
            [0.0, 1.0, 5.0, 0.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 0.0, 9.0, 0.0, 0.0],
        ];
        let mut out = Vec::new();
        viterbi(&scores, &trans, &mut out);
        assert!(allowed(None, out[0] as usize));
        assert!(allowed(Some(out[0] as usize), out[1] as usize));
        assert_eq!(out, [3, 4]);
    }

    #[test]
    fn marginals_sum_to_one_and_follow_the_scores() {
        let trans = [[0f32; LABELS]; LABELS + 1];
        let scores = vec![
            [0.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 0.0],
        ];
        let m = marginals(&scores, &trans, 1.0);
        for row in &m {
            assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-4, "{row:?}");
        }
        assert!(m[0][1] > 0.8 && m[1][2] > 0.8, "{m:?}");
    }

    #[test]
    fn a_model_reads_back_and_refuses_damage() {
        let model = Model::quantise(2, &[0.5; 4 * LABELS], [[0.25; LABELS]; LABELS + 1]);
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).expect("a value");
        assert_eq!(back.emissions, model.emissions);
        assert_eq!(back.transitions, model.transitions);
        let mut bad = bytes.clone();
        bad[40] ^= 1;
        assert_eq!(
            Model::from_bytes(&bad).expect_err("an error"),
            ModelError::Damaged
        );
        assert_eq!(
            Model::from_bytes(b"hello world").expect_err("an error"),
            ModelError::Magic
        );
        assert_eq!(
            Model::from_bytes(&bytes[..bytes.len() - 1]).expect_err("an error"),
            ModelError::Damaged
        );
    }
}
