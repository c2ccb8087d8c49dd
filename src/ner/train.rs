//! Training: CoNLL/IOB files in, a model file out. An averaged structured perceptron
//! (Collins 2002): each sentence is decoded with the current weights and, where the best
//! path differs from the gold one, the gold path's features gain one and the predicted
//! path's lose one; the weights kept are the average over every step, which generalises
//! like a regularised model. The dev split picks the number of passes, the temperature
//! of the confidences and the display threshold; nothing else is tuned. Sentences are
//! visited in an order shuffled by a seeded generator and every sum is taken in a fixed
//! order, so the same data and seed give the same bytes.

use std::fmt::Write as _;
use std::ops::Range;

use super::features::{DocWords, Features, Scratch, bias_row, sentence_features};
use super::model::{LABELS, Model, Scores, Transitions, marginals, viterbi};
use super::tokens::Tokens;
use super::{Kind3, spans_of};

/// A document of a gold corpus: its tokens joined into a text, with a label each.
#[derive(Debug, Clone, Default)]
pub struct Example {
    pub text: String,
    pub tokens: Tokens,
    pub labels: Vec<u8>,
}

/// The label of a corpus tag: IOB1 and IOB2, the corpora's own type names; types that
/// are not a person, organisation or location are outside (`O`).
fn label(tag: &str, previous: u8) -> Result<u8, String> {
    let (prefix, kind) = match tag.split_once('-') {
        Some((p, k)) => (p, k),
        None if tag == "O" => return Ok(0),
        None => return Err(format!("unknown tag \"{tag}\"")),
    };
    let base = match kind.to_ascii_uppercase().as_str() {
        "PER" | "PERSON" => 1,
        "ORG" | "ORGANIZATION" | "ORGANISATION" | "GROUP" | "CORPORATION" => 3,
        "LOC" | "LOCATION" | "GPE" => 5,
        _ => return Ok(0),
    };
    match prefix {
        "B" | "S" => Ok(base),
        // IOB1: an I- that does not continue a span of its kind opens one.
        "I" | "E" if previous == base || previous == base + 1 => Ok(base + 1),
        "I" | "E" => Ok(base),
        _ => Err(format!("unknown tag \"{tag}\"")),
    }
}

/// Reads a corpus: `token<TAB>tag` or `token tag` lines, or Universal NER's CoNLL-U-like
/// columns (index, token, tag…) with `#` comment lines; a blank line ends a sentence,
/// `-DOCSTART-` or `# newdoc` a document. A file with no document marks is read as one
/// document a sentence (tweets).
pub fn read_corpus(content: &str) -> Result<Vec<Example>, String> {
    let marked = content.contains("-DOCSTART-") || content.contains("# newdoc");
    let mut docs = Vec::new();
    let mut sentences: Vec<Vec<&str>> = Vec::new();
    let mut labels: Vec<u8> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let flush = |sentences: &mut Vec<Vec<&str>>, labels: &mut Vec<u8>, docs: &mut Vec<Example>| {
        if sentences.is_empty() {
            return;
        }
        let mut text = String::new();
        let tokens = Tokens::joined(sentences, &mut text);
        docs.push(Example {
            text,
            tokens,
            labels: std::mem::take(labels),
        });
        sentences.clear();
    };
    for (n, line) in content.lines().enumerate() {
        let line = line.trim_end_matches(['\r', '\n']);
        let comment = line.starts_with("# ") && line.contains(" = ");
        if line.trim().is_empty() || line.starts_with("-DOCSTART-") || comment {
            if !current.is_empty() {
                sentences.push(std::mem::take(&mut current));
                if !marked {
                    flush(&mut sentences, &mut labels, &mut docs);
                }
            }
            if line.starts_with("-DOCSTART-") || line.starts_with("# newdoc") {
                flush(&mut sentences, &mut labels, &mut docs);
            }
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let (token, tag) = match cols.as_slice() {
            [index, token, tag, ..] if index.parse::<u32>().is_ok() => (*token, *tag),
            [token, .., tag] => (*token, *tag),
            _ => return Err(format!("line {}: a token needs a tag after it", n + 1)),
        };
        let previous = if current.is_empty() {
            0
        } else {
            labels.last().copied().unwrap_or(0)
        };
        let l = label(tag, previous).map_err(|e| format!("line {}: {e}", n + 1))?;
        current.push(token);
        labels.push(l);
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    flush(&mut sentences, &mut labels, &mut docs);
    Ok(docs)
}

/// A sentence ready to train on: its features and gold labels.
struct Sentence {
    features: Features,
    labels: Vec<u8>,
}

fn featurise(docs: &[Example], bits: u32) -> Vec<Sentence> {
    let mut scratch = Scratch::default();
    let mut out = Vec::new();
    for d in docs {
        let words = DocWords::new(&d.text, &d.tokens);
        for s in &d.tokens.sentences {
            let mut features = Features::default();
            sentence_features(
                &d.text,
                &d.tokens,
                s.clone(),
                &words,
                bits,
                &mut scratch,
                &mut features,
            );
            out.push(Sentence {
                features,
                labels: d.labels[s.clone()].to_vec(),
            });
        }
    }
    out
}

/// What training is given.
#[derive(Debug, Clone)]
pub struct Options {
    pub bits: u32,
    pub max_passes: usize,
    pub seed: u64,
    /// Precision the display threshold must reach on dev.
    pub precision: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            bits: 18,
            max_passes: 20,
            seed: 2026,
            precision: 0.85,
        }
    }
}

/// Float weights during training.
struct Weights {
    emissions: Vec<f32>,
    transitions: Transitions,
}

impl Weights {
    fn new(bits: u32) -> Self {
        Self {
            emissions: vec![0.0; (1 << bits) * LABELS],
            transitions: [[0.0; LABELS]; LABELS + 1],
        }
    }

    fn scores(&self, f: &Features, out: &mut Scores) {
        out.clear();
        for k in 0..f.len() {
            let mut row = [0f32; LABELS];
            for &id in f.of(k) {
                let w = &self.emissions[id as usize * LABELS..][..LABELS];
                for (r, x) in row.iter_mut().zip(w) {
                    *r += x;
                }
            }
            out.push(row);
        }
    }
}

/// Adds `by` to every weight a label path uses (at the positions where it differs from
/// `other`), and `by × step` to the running sums for the average.
fn update(
    w: &mut Weights,
    sums: &mut Weights,
    f: &Features,
    path: &[u8],
    other: &[u8],
    by: f32,
    step: f32,
) {
    for k in 0..path.len() {
        let prev = if k == 0 { LABELS } else { path[k - 1] as usize };
        let other_prev = if k == 0 {
            LABELS
        } else {
            other[k - 1] as usize
        };
        let y = path[k] as usize;
        if y != other[k] as usize {
            for &id in f.of(k) {
                let at = id as usize * LABELS + y;
                w.emissions[at] += by;
                sums.emissions[at] += by * step;
            }
        }
        if y != other[k] as usize || prev != other_prev {
            w.transitions[prev][y] += by;
            sums.transitions[prev][y] += by * step;
        }
    }
}

/// A small seeded generator (xorshift64*), so the shuffles are the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Exact-span counts per kind (person, organisation, location): true positives,
/// predicted, gold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SpanCounts(pub [[usize; 3]; 3]);

impl SpanCounts {
    pub fn add(&mut self, gold: &[u8], predicted: &[u8]) {
        let g = spans_of(gold);
        let p = spans_of(predicted);
        for (_, k) in &g {
            self.0[*k as usize][2] += 1;
        }
        for s in &p {
            self.0[s.1 as usize][1] += 1;
            if g.contains(s) {
                self.0[s.1 as usize][0] += 1;
            }
        }
    }

    /// Precision, recall and F1 of one kind, or of all with `None`.
    pub fn prf(&self, kind: Option<Kind3>) -> (f64, f64, f64) {
        let [tp, p, g] = match kind {
            Some(k) => self.0[k as usize],
            None => self
                .0
                .iter()
                .fold([0; 3], |a, r| [a[0] + r[0], a[1] + r[1], a[2] + r[2]]),
        };
        let precision = if p == 0 { 0.0 } else { tp as f64 / p as f64 };
        let recall = if g == 0 { 0.0 } else { tp as f64 / g as f64 };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        (precision, recall, f1)
    }
}

/// Scores `model` on `sentences`.
fn evaluate(model: &Model, sentences: &[Sentence]) -> SpanCounts {
    let mut counts = SpanCounts::default();
    let mut scores = Scores::new();
    let mut path = Vec::new();
    for s in sentences {
        model.scores(&s.features, &mut scores);
        viterbi(&scores, &model.transitions, &mut path);
        counts.add(&s.labels, &path);
    }
    counts
}

/// The averaged weights, quantised.
fn averaged(w: &Weights, sums: &Weights, steps: f32, bits: u32) -> Model<'static> {
    let emissions: Vec<f32> = w
        .emissions
        .iter()
        .zip(&sums.emissions)
        .map(|(w, s)| w - s / steps)
        .collect();
    let mut transitions = w.transitions;
    for (row, srow) in transitions.iter_mut().zip(&sums.transitions) {
        for (t, s) in row.iter_mut().zip(srow) {
            *t -= s / steps;
        }
    }
    Model::quantise(bits, &emissions, transitions)
}

/// Trains on `train`, choosing passes, temperature and threshold on `dev`; writes what
/// it does to `log`. Returns the model.
pub fn train(
    train: &[Example],
    dev: &[Example],
    options: &Options,
    log: &mut String,
) -> Model<'static> {
    let bits = options.bits;
    let mut sentences = featurise(train, bits);
    let dev = featurise(dev, bits);
    let tokens: usize = sentences.iter().map(|s| s.labels.len()).sum();
    let _ = writeln!(
        log,
        "training on {} sentences ({tokens} tokens), dev {} sentences",
        sentences.len(),
        dev.len()
    );
    let mut w = Weights::new(bits);
    let mut sums = Weights::new(bits);
    let mut rng = Rng(options.seed.max(1));
    let mut step = 1f32;
    let mut scores = Scores::new();
    let mut path = Vec::new();
    let mut best: Option<(f64, usize, Model<'static>)> = None;
    for pass in 1..=options.max_passes {
        rng.shuffle(&mut sentences);
        let mut wrong = 0usize;
        for s in &sentences {
            w.scores(&s.features, &mut scores);
            viterbi(&scores, &w.transitions, &mut path);
            if path != s.labels {
                wrong += 1;
                update(&mut w, &mut sums, &s.features, &s.labels, &path, 1.0, step);
                update(&mut w, &mut sums, &s.features, &path, &s.labels, -1.0, step);
            }
            step += 1.0;
        }
        let model = averaged(&w, &sums, step, bits);
        let (p, r, f1) = evaluate(&model, &dev).prf(None);
        let _ = writeln!(
            log,
            "pass {pass:>2}: {wrong} sentences wrong; dev P {p:.3} R {r:.3} F1 {f1:.3}"
        );
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, pass, model));
        } else if best.as_ref().is_some_and(|b| pass >= b.1 + 3) {
            break;
        }
    }
    let (f1, pass, mut model) = best.unwrap_or_else(|| (0.0, 0, averaged(&w, &sums, step, bits)));
    let _ = writeln!(log, "kept pass {pass} (dev F1 {f1:.3})");
    let (lowered, f1) = lower_outside_bias(&mut model, &dev);
    let _ = writeln!(
        log,
        "outside label's bias lowered by {lowered} steps (dev F1 {f1:.3})"
    );
    model.temperature = fit_temperature(&model, &dev);
    model.threshold = choose_threshold(&model, &dev, options.precision);
    let _ = writeln!(
        log,
        "temperature {:.3}, display threshold {:.2} (dev precision ≥ {:.2})",
        model.temperature, model.threshold, options.precision
    );
    model
}

/// A perceptron finds fewer names than it should (its precision runs ahead of its
/// recall): lowers the outside label's bias, a step of the quantised scale at a time,
/// as far as dev F1 rises. Returns the steps taken and the F1.
fn lower_outside_bias(model: &mut Model<'static>, dev: &[Sentence]) -> (i32, f64) {
    let at = bias_row(model.bits) as usize * LABELS;
    let original = model.emissions[at] as i8;
    let mut best = (0, evaluate(model, dev).prf(None).2);
    for steps in 1..=24 {
        let w = (original as i32 - steps).clamp(-127, 127) as i8;
        model.emissions.to_mut()[at] = w as u8;
        let f1 = evaluate(model, dev).prf(None).2;
        if f1 > best.1 {
            best = (steps, f1);
        }
    }
    model.emissions.to_mut()[at] = (original as i32 - best.0).clamp(-127, 127) as i8 as u8;
    best
}

/// The temperature under which the dev labels are likeliest, from a fixed grid.
fn fit_temperature(model: &Model, dev: &[Sentence]) -> f32 {
    let mut scores = Scores::new();
    let mut best = (f64::NEG_INFINITY, 1.0f32);
    for step in 0..24 {
        let t = 0.05f32 * 1.4f32.powi(step);
        let mut ll = 0f64;
        for s in dev {
            model.scores(&s.features, &mut scores);
            let m = marginals(&scores, &model.transitions, t);
            for (row, &y) in m.iter().zip(&s.labels) {
                ll += (row[y as usize].max(1e-9) as f64).ln();
            }
        }
        if ll > best.0 {
            best = (ll, t);
        }
    }
    best.1
}

/// The lowest confidence from which the spans shown reach `precision` on dev.
fn choose_threshold(model: &Model, dev: &[Sentence], precision: f64) -> f32 {
    let mut scores = Scores::new();
    let mut path = Vec::new();
    // (confidence, correct) of every predicted span.
    let mut spans: Vec<(f32, bool)> = Vec::new();
    for s in dev {
        model.scores(&s.features, &mut scores);
        viterbi(&scores, &model.transitions, &mut path);
        let m = marginals(&scores, &model.transitions, model.temperature);
        let gold = spans_of(&s.labels);
        for span in spans_of(&path) {
            spans.push((confidence(&m, &path, span.0.clone()), gold.contains(&span)));
        }
    }
    spans.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut right = 0usize;
    let mut threshold = 1.0f32;
    for (n, (c, ok)) in spans.iter().enumerate() {
        right += *ok as usize;
        if right as f64 / (n + 1) as f64 >= precision {
            threshold = *c;
        }
    }
    (threshold * 100.0).floor() / 100.0
}

/// A span's confidence: the least probability of its labels among its tokens.
pub fn confidence(marginals: &[[f32; LABELS]], path: &[u8], span: Range<usize>) -> f32 {
    span.map(|k| marginals[k][path[k] as usize])
        .fold(1.0, f32::min)
}

/// A table of exact-span precision, recall and F1 per kind.
pub fn report(counts: &SpanCounts) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<8} {:>6} {:>6} {:>6} {:>6}",
        "kind", "P", "R", "F1", "gold"
    );
    for (name, kind) in [
        ("PER", Some(Kind3::Person)),
        ("ORG", Some(Kind3::Organisation)),
        ("LOC", Some(Kind3::Location)),
        ("overall", None),
    ] {
        let (p, r, f) = counts.prf(kind);
        let gold = match kind {
            Some(k) => counts.0[k as usize][2],
            None => counts.0.iter().map(|r| r[2]).sum(),
        };
        let _ = writeln!(out, "{name:<8} {p:>6.3} {r:>6.3} {f:>6.3} {gold:>6}");
    }
    out
}

/// Scores a model on gold documents, as training does.
pub fn score(model: &Model, docs: &[Example]) -> SpanCounts {
    evaluate(model, &featurise(docs, model.bits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::model::TAGS;

    #[test]
    fn reads_every_corpus_format_into_one_labelling() {
        let uner = "# newdoc id = a\n# text = Al Zaman\n1\tAl\tB-ORG\t-\n2\tZaman\tI-ORG\t-\n3\tsaid\tO\n4\tAmerican\tB-OTH\n\n# newdoc id = b\n1\tBob\tB-PER\n";
        let docs = read_corpus(uner).expect("a value");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].labels, [3, 4, 0, 0]);
        assert_eq!(docs[0].text, "Al Zaman said American");
        let iob1 = "-DOCSTART- O\n\nJohn I-PER\nSmith I-PER\nof O\nAcme I-ORG\nParis I-LOC\n";
        let docs = read_corpus(iob1).expect("a value");
        assert_eq!(docs[0].labels, [1, 2, 0, 3, 5]);
        let tweets = "Hi\tO\nMoscow\tB-location\n\n#wow\tO\nApple\tB-corporation\nTV\tB-product\n";
        let docs = read_corpus(tweets).expect("a value");
        assert_eq!(docs.len(), 2, "a sentence is a document without marks");
        assert_eq!(docs[1].labels, [0, 3, 0]);
        assert!(
            read_corpus("word\tX-PER\n")
                .expect_err("an error")
                .contains("line 1")
        );
        assert_eq!(TAGS[3], "B-ORG");
    }

    #[test]
    fn training_is_deterministic_and_learns() {
        let text = "-DOCSTART- O\n\nJohn B-PER\nSmith I-PER\nvisited O\nParis B-LOC\n.\tO\n\nMary B-PER\nJones I-PER\nleft O\nLondon B-LOC\n.\tO\n";
        let docs = read_corpus(text).expect("a value");
        let options = Options {
            bits: 12,
            max_passes: 5,
            ..Options::default()
        };
        let (mut a, mut b) = (String::new(), String::new());
        let m1 = train(&docs, &docs, &options, &mut a).to_bytes();
        let m2 = train(&docs, &docs, &options, &mut b).to_bytes();
        assert_eq!(m1, m2);
        let model = Model::from_bytes(&m1).expect("a value");
        assert_eq!(score(&model, &docs).prf(None).2, 1.0, "{a}");
    }
}
