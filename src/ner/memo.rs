//! A sentence's label scores with each word's own features summed once per word rather
//! than once per token. A token's scores are the sums of its features' weight rows, and
//! most of those features read one word alone: the token's own word, or the word one or
//! two places before or after it. Those rows' sums are kept for each word the first
//! time it is met (per thread, across articles); only the features that read pairs of
//! words, the sentence and the name lists are looked up for each token. The weights are
//! integers until the end, so the scores are exactly those of [`super::Model::scores`]
//! over [`super::features::sentence_features`].

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::features::{Around, DocWords, END, Hashes, Out, Role, START, lower_into, shapes_into};
use super::lists::lists;
use super::model::{LABELS, Model, Scores, TransitionFactors};
use super::tokens::Tokens;

/// Words kept before the memory is cleared and filled again.
const MOST_WORDS: usize = 50_000;

/// What a word contributes, worked out once.
#[derive(Debug)]
struct Word {
    lower: Box<str>,
    hashes: Hashes,
    /// Its shape has a letter or digit (a quotation mark before the first word does not
    /// open the sentence).
    wordish: bool,
    capital: bool,
    letters: u32,
    capitals: u32,
    /// The sums of its features' rows from each place ([`Role`] order).
    sums: [[i32; LABELS]; 5],
}

/// The words met so far and their sums, for one model.
#[derive(Debug)]
pub struct WordScores<'m> {
    model: &'m Model<'m>,
    index: FxHashMap<Box<str>, u32>,
    words: Vec<Word>,
    /// A sentence's start as the word before and two before; its end as the word after
    /// and two after.
    edges: [[i32; LABELS]; 4],
    at: Vec<u32>,
    marks: Vec<u32>,
    ids: Vec<u32>,
    lower: String,
    short: String,
    long: String,
    /// The model's transitions as the confidences' pass uses them.
    factors: TransitionFactors,
}

fn add(sums: &mut [i32; LABELS], more: &[i32; LABELS]) {
    for (s, m) in sums.iter_mut().zip(more) {
        *s += m;
    }
}

impl<'m> WordScores<'m> {
    pub fn new(model: &'m Model<'m>) -> Self {
        let mut ids = Vec::new();
        let edges = [
            (Role::Prev, START),
            (Role::Prev2, START),
            (Role::Next, END),
            (Role::Next2, END),
        ]
        .map(|(role, h)| sum_of(model, &mut ids, role, &h));
        Self {
            model,
            index: FxHashMap::default(),
            words: Vec::new(),
            edges,
            at: Vec::new(),
            marks: Vec::new(),
            ids,
            lower: String::new(),
            short: String::new(),
            long: String::new(),
            factors: TransitionFactors::new(&model.transitions, model.temperature),
        }
    }

    /// The model's transition factors, worked out once.
    pub fn factors(&self) -> &TransitionFactors {
        &self.factors
    }

    /// The model whose weights these are.
    pub fn model(&self) -> &'m Model<'m> {
        self.model
    }

    /// The number of the word `w`, worked out if it is new.
    fn word(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.index.get(w) {
            return id;
        }
        if self.words.len() >= MOST_WORDS {
            self.words.clear();
            self.index.clear();
        }
        lower_into(w, &mut self.lower);
        shapes_into(w, &mut self.short, &mut self.long);
        let hashes = Hashes::of(w, &self.lower, &self.short, &self.long);
        let (mut letters, mut capitals) = (0, 0);
        for c in w.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            capitals += c.is_uppercase() as u32;
        }
        let sums = Role::ALL.map(|role| sum_of(self.model, &mut self.ids, role, &hashes));
        let id = self.words.len() as u32;
        self.words.push(Word {
            lower: self.lower.as_str().into(),
            hashes,
            wordish: self.short.contains(['x', 'X', 'd']),
            capital: w.starts_with(char::is_uppercase),
            letters,
            capitals,
            sums,
        });
        self.index.insert(w.into(), id);
        id
    }

    /// The label scores of each token of `sentence`, into `out` (cleared first).
    pub fn scores(
        &mut self,
        text: &str,
        tokens: &Tokens,
        sentence: Range<usize>,
        doc: &DocWords,
        out: &mut Scores,
    ) {
        out.clear();
        let mut at = std::mem::take(&mut self.at);
        at.clear();
        for i in sentence.clone() {
            at.push(self.word(tokens.text(text, i)));
        }
        let words = &self.words;
        let lower: Vec<&str> = at.iter().map(|&a| &*words[a as usize].lower).collect();
        lists().mark(text, tokens, sentence, &lower, &mut self.marks);
        let (letters, capitals) = at.iter().fold((0, 0), |(l, c), &a| {
            let w = &words[a as usize];
            (l + w.letters as usize, c + w.capitals as usize)
        });
        let shouting = letters > 8 && capitals * 10 > letters * 8;
        let n = at.len();
        let word = |k: usize| &words[at[k] as usize];
        let hashes = |k: isize| match k {
            k if k < 0 => START,
            k if k as usize >= n => END,
            k => word(k as usize).hashes,
        };
        let mask = (1u64 << self.model.bits) - 1;
        for k in 0..n {
            let this = word(k);
            let mut sums = this.sums[Role::Own as usize];
            let before = |back: usize, role: Role, edge: usize| {
                if k >= back {
                    &word(k - back).sums[role as usize]
                } else {
                    &self.edges[edge]
                }
            };
            let after = |on: usize, role: Role, edge: usize| {
                if k + on < n {
                    &word(k + on).sums[role as usize]
                } else {
                    &self.edges[edge]
                }
            };
            add(&mut sums, before(1, Role::Prev, 0));
            add(&mut sums, before(2, Role::Prev2, 1));
            add(&mut sums, after(1, Role::Next, 2));
            add(&mut sums, after(2, Role::Next2, 3));
            let opens = k == 0 || (k == 1 && !word(0).wordish);
            let kk = k as isize;
            let around = Around {
                opens,
                capital: this.capital.then(|| doc.code(&this.lower, opens)),
                shouting,
                marks: Around::marks(&self.marks[..n], k),
            };
            self.ids.clear();
            Out {
                ids: &mut self.ids,
                mask,
            }
            .context(&hashes(kk - 1), &this.hashes, &hashes(kk + 1), &around);
            self.model.add_rows(&self.ids, &mut sums);
            out.push(self.model.scaled(sums));
        }
        self.at = at;
    }
}

/// The sum of the rows of the features `h` gives from `role`.
fn sum_of(model: &Model, ids: &mut Vec<u32>, role: Role, h: &Hashes) -> [i32; LABELS] {
    ids.clear();
    Out {
        ids,
        mask: (1u64 << model.bits) - 1,
    }
    .word(role, h);
    let mut sums = [0i32; LABELS];
    model.add_rows(ids, &mut sums);
    sums
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ner::features::{Features, Scratch, sentence_features};
    use crate::ner::tokens::tokenise;

    /// Every token's scores equal those of its features one by one, in articles met one
    /// after another by the same memory (and once it has been cleared).
    #[test]
    fn scores_equal_those_of_the_features_one_by_one() {
        let seeds = [
            include_str!("../../seeds/000_0b9f368ee42c4f04.txt"),
            include_str!("../../seeds/003_4a03aefaf02d152e.txt"),
        ];
        let texts = [
            seeds[0],
            seeds[1],
            "\"Kofi Annan\" said so. — Mr. O'Brien met AT&T in São Paulo on 3.5.2020.",
            "BREAKING NEWS FROM MOSCOW (AP) _ THE KREMLIN SAID NOTHING.\n\nIt rained.",
            "Ana said. Ana! x",
        ];
        let model = crate::ner::model();
        let mut words = WordScores::new(model);
        let (mut scratch, mut features) = (Scratch::default(), Features::default());
        let (mut fast, mut slow) = (Scores::new(), Scores::new());
        let mut sentences = 0;
        for round in 0..2 {
            for text in texts {
                let mut paragraphs = Vec::new();
                let mut start = 0;
                for part in text.split("\n\n") {
                    paragraphs.push(start..start + part.len());
                    start += part.len() + 2;
                }
                let tokens = tokenise(text, &paragraphs);
                let doc = DocWords::new(text, &tokens);
                for s in &tokens.sentences {
                    words.scores(text, &tokens, s.clone(), &doc, &mut fast);
                    sentence_features(
                        text,
                        &tokens,
                        s.clone(),
                        &doc,
                        model.bits,
                        &mut scratch,
                        &mut features,
                    );
                    model.scores(&features, &mut slow);
                    assert_eq!(
                        fast,
                        slow,
                        "{:?}",
                        &text[tokens.ranges[s.start].start..tokens.ranges[s.end - 1].end]
                    );
                    sentences += 1;
                }
            }
            if round == 0 {
                words.words.clear();
                words.index.clear();
            }
        }
        assert!(sentences > 40, "{sentences}");
    }
}
