//! `newslens eval --gold DIR`: scores what newslens finds (tracked entities and
//! discovery) against hand-made annotations, as precision, recall and F1 per kind and
//! overall, on exact spans and on overlapping ones.
//!
//! Gold comes as brat pairs (`x.txt` with `x.ann`: scored on exactly the `.txt` text,
//! one paragraph per line) or CoNLL-style BIO files (`.conll`, `.bio`, `.iob`: the last
//! column is the tag; tokens are joined by single spaces, each sentence is a paragraph
//! and `-DOCSTART-` starts a new document).
//!
//! Kinds: gold `PER`/`PERSON` is a person; `LOC`, `GPE`, `LOCATION` a place (our
//! countries and places); `ORG`/`ORGANIZATION` an organisation. Other gold labels
//! (`MISC`, `NORP`, dates…) are not scored, and neither are our entities of kind
//! `other`.

use std::fmt::Write as _;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::CommandError;
use crate::discover::{Registry, discover};
use crate::entities::{EntityId, Gazetteer, Kind, Matcher};

/// The kinds scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    Per,
    Loc,
    Org,
}

impl Label {
    pub const ALL: [Label; 3] = [Label::Per, Label::Loc, Label::Org];

    /// A gold annotation's label, if it is one of the scored kinds.
    pub fn from_gold(label: &str) -> Option<Self> {
        match label.to_ascii_uppercase().as_str() {
            "PER" | "PERSON" => Some(Self::Per),
            "LOC" | "GPE" | "LOCATION" => Some(Self::Loc),
            "ORG" | "ORGANIZATION" | "ORGANISATION" => Some(Self::Org),
            _ => None,
        }
    }

    /// The label our kinds are scored as.
    pub fn from_kind(kind: Kind) -> Option<Self> {
        match kind {
            Kind::Person => Some(Self::Per),
            Kind::Country | Kind::Place => Some(Self::Loc),
            Kind::Organisation => Some(Self::Org),
            Kind::Other => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Per => "PER",
            Self::Loc => "LOC",
            Self::Org => "ORG",
        }
    }
}

/// One labelled span: byte range and label.
pub type Span = (Range<usize>, Label);

/// A gold document: its text, paragraphs (byte ranges) and the gold spans.
#[derive(Debug, Clone)]
pub struct GoldDoc {
    pub name: String,
    pub text: String,
    pub paragraphs: Vec<Range<usize>>,
    pub gold: Vec<Span>,
}

/// Byte offsets of character offsets (brat counts characters).
fn byte_offsets(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    out.push(text.len());
    out
}

/// Each line with text is a paragraph.
fn line_paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.trim().is_empty() {
            out.push(start..start + body.len());
        }
        start += line.len();
    }
    out
}

/// A brat pair: the `.txt` text and the `.ann` text-bound annotations.
pub fn parse_brat(name: &str, text: String, ann: &str) -> Result<GoldDoc, String> {
    let offsets = byte_offsets(&text);
    let mut gold = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        if !line.starts_with('T') {
            continue;
        }
        let mut fields = line.split('\t');
        let (_, Some(middle)) = (fields.next(), fields.next()) else {
            return Err(format!(
                "line {}: a T line needs tab-separated fields",
                n + 1
            ));
        };
        let mut parts = middle.split([' ', ';']);
        let label = parts.next().unwrap_or_default();
        let numbers: Result<Vec<usize>, _> = parts.map(str::parse::<usize>).collect();
        let numbers = numbers.map_err(|_| format!("line {}: offsets must be numbers", n + 1))?;
        let (Some(&start), Some(&end)) = (numbers.first(), numbers.last()) else {
            return Err(format!("line {}: no offsets", n + 1));
        };
        let (Some(&s), Some(&e)) = (offsets.get(start), offsets.get(end)) else {
            return Err(format!(
                "line {}: offsets {start}-{end} are past the end of the text",
                n + 1
            ));
        };
        if let Some(label) = Label::from_gold(label) {
            gold.push((s..e, label));
        }
    }
    gold.sort_by_key(|(r, _)| (r.start, r.end));
    Ok(GoldDoc {
        name: name.to_owned(),
        paragraphs: line_paragraphs(&text),
        text,
        gold,
    })
}

/// A CoNLL-style BIO file: one or more documents.
pub fn parse_conll(name: &str, content: &str) -> Result<Vec<GoldDoc>, String> {
    struct Building {
        text: String,
        paragraphs: Vec<Range<usize>>,
        gold: Vec<Span>,
        open: Option<(usize, usize, Option<Label>)>,
        sentence_start: Option<usize>,
    }
    impl Building {
        fn new() -> Self {
            Self {
                text: String::new(),
                paragraphs: Vec::new(),
                gold: Vec::new(),
                open: None,
                sentence_start: None,
            }
        }
        fn close_span(&mut self) {
            if let Some((s, e, Some(label))) = self.open.take() {
                self.gold.push((s..e, label));
            }
        }
        fn end_sentence(&mut self) {
            self.close_span();
            if let Some(start) = self.sentence_start.take() {
                self.paragraphs.push(start..self.text.len());
                self.text.push('\n');
            }
        }
    }
    let mut docs = Vec::new();
    let mut doc = Building::new();
    let finish = |doc: Building, docs: &mut Vec<GoldDoc>| {
        if !doc.text.is_empty() {
            let n = docs.len() + 1;
            docs.push(GoldDoc {
                name: format!("{name}#{n}"),
                text: doc.text,
                paragraphs: doc.paragraphs,
                gold: doc.gold,
            });
        }
    };
    for (n, line) in content.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() {
            doc.end_sentence();
            continue;
        }
        // Universal NER's CoNLL-U-like files: `#` comments, `# newdoc` between documents.
        if line.starts_with("# ") && line.contains(" = ") {
            if line.starts_with("# newdoc") {
                doc.end_sentence();
                finish(std::mem::replace(&mut doc, Building::new()), &mut docs);
            }
            continue;
        }
        let cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        if cols[0] == "-DOCSTART-" {
            doc.end_sentence();
            finish(std::mem::replace(&mut doc, Building::new()), &mut docs);
            continue;
        }
        let (token, tag) = match cols.as_slice() {
            // index, token, tag, … (Universal NER)
            [index, token, tag, ..] if index.parse::<u32>().is_ok() => (*token, *tag),
            [token, .., tag] => (*token, *tag),
            _ => {
                return Err(format!(
                    "line {}: a token needs a tag in the last column",
                    n + 1
                ));
            }
        };
        if doc.sentence_start.is_none() {
            doc.sentence_start = Some(doc.text.len());
        } else {
            doc.text.push(' ');
        }
        let start = doc.text.len();
        doc.text.push_str(token);
        let end = doc.text.len();
        // Universal NER marks a document's start with `B-O`.
        let tag = if tag == "B-O" { "O" } else { tag };
        let (prefix, label) = match tag.split_once('-') {
            Some((p, l)) => (p, Some(l)),
            None => (tag, None),
        };
        let label_kind = label.and_then(Label::from_gold);
        match prefix {
            "O" => doc.close_span(),
            "I" if doc
                .open
                .as_ref()
                .is_some_and(|o| o.2 == label_kind && label.is_some()) =>
            {
                if let Some(o) = doc.open.as_mut() {
                    o.1 = end;
                }
            }
            "B" | "I" | "S" | "E" => {
                doc.close_span();
                doc.open = Some((start, end, label_kind));
            }
            _ => return Err(format!("line {}: unknown tag \"{tag}\"", n + 1)),
        }
    }
    doc.end_sentence();
    finish(doc, &mut docs);
    Ok(docs)
}

/// Every gold document under `dir` (sorted by file name), or a problem naming the file.
pub fn read_gold(dir: &Path) -> Result<Vec<GoldDoc>, CommandError> {
    let mut files: Vec<PathBuf> = if dir.is_file() {
        vec![dir.to_owned()]
    } else {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            CommandError::Usage(format!("cannot read gold folder {}: {e}", dir.display()))
        })?;
        entries.filter_map(|e| Some(e.ok()?.path())).collect()
    };
    files.sort();
    let mut docs = Vec::new();
    let read = |p: &Path| {
        std::fs::read_to_string(p)
            .map_err(|e| CommandError::Usage(format!("cannot read {}: {e}", p.display())))
    };
    for path in &files {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let name = path.display().to_string();
        let bad = |m: String| CommandError::Usage(format!("{name}: {m}"));
        match ext {
            "txt" => {
                let ann_path = path.with_extension("ann");
                if !ann_path.exists() {
                    return Err(CommandError::Usage(format!(
                        "{name} has no {} beside it",
                        ann_path.display()
                    )));
                }
                let ann = read(&ann_path)?;
                let ann_name = ann_path.display().to_string();
                docs.push(
                    parse_brat(&name, read(path)?, &ann)
                        .map_err(|m| CommandError::Usage(format!("{ann_name}: {m}")))?,
                );
            }
            "conll" | "bio" | "iob" | "iob2" => {
                docs.extend(parse_conll(&name, &read(path)?).map_err(bad)?)
            }
            _ => {}
        }
    }
    if docs.is_empty() {
        return Err(CommandError::Usage(format!(
            "{} holds no gold: brat pairs (x.txt + x.ann) or .conll/.bio/.iob files",
            dir.display()
        )));
    }
    Ok(docs)
}

/// What newslens finds in each document: tracked mentions, then discovery, typed as the
/// reader types them (discovered kinds by the votes of the whole set).
pub fn predict(docs: &[GoldDoc], gazetteer: &Gazetteer, matcher: &Matcher) -> Vec<Vec<Span>> {
    predict_with_confidence(docs, gazetteer, matcher)
        .into_iter()
        .map(|spans| spans.into_iter().map(|(s, _)| s).collect())
        .collect()
}

/// [`predict`], with each span's confidence (1 for tracked mentions).
pub fn predict_with_confidence(
    docs: &[GoldDoc],
    gazetteer: &Gazetteer,
    matcher: &Matcher,
) -> Vec<Vec<(Span, f32)>> {
    let mut registry = Registry::new(gazetteer.hidden());
    let mut found: Vec<Vec<(Range<usize>, EntityId, f32)>> = Vec::with_capacity(docs.len());
    for d in docs {
        let tracked = matcher.find(&d.text);
        let mut spans: Vec<(Range<usize>, EntityId, f32)> = tracked
            .iter()
            .map(|m| (m.start..m.end, m.entity, 1.0))
            .collect();
        for f in discover(&d.text, &d.paragraphs, &tracked) {
            // A nationality ("Syrian") names its country for tracking, not a place.
            if let Some(id) = registry.intern(&d.text, &f)
                && !f.nationality
            {
                spans.push((f.range, id, f.confidence));
            }
        }
        found.push(spans);
    }
    found
        .into_iter()
        .map(|spans| {
            let mut out: Vec<(Span, f32)> = spans
                .into_iter()
                .filter_map(|(r, id, confidence)| {
                    let kind = match registry.get(id) {
                        Some(d) => d.entity.kind,
                        None => gazetteer.get(id).kind,
                    };
                    Some(((r, Label::from_kind(kind)?), confidence))
                })
                .collect();
            out.sort_by_key(|((r, _), _)| (r.start, r.end));
            out
        })
        .collect()
}

/// Counts for precision and recall.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The scores: per label, exact and partial, and overall.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub exact: [Counts; 3],
    pub partial: [Counts; 3],
}

impl Scores {
    pub fn overall(counts: &[Counts; 3]) -> Counts {
        let mut all = Counts::default();
        for c in counts {
            all.add(*c);
        }
        all
    }
}

/// Scores predictions against gold. Exact: same span and label. Partial: overlapping
/// spans of the same label, each gold span matched at most once.
pub fn score(gold: &[Vec<Span>], predicted: &[Vec<Span>]) -> Scores {
    let mut scores = Scores::default();
    for (g, p) in gold.iter().zip(predicted) {
        for (k, label) in Label::ALL.iter().enumerate() {
            let gs: Vec<&Range<usize>> = g
                .iter()
                .filter(|(_, l)| l == label)
                .map(|(r, _)| r)
                .collect();
            let ps: Vec<&Range<usize>> = p
                .iter()
                .filter(|(_, l)| l == label)
                .map(|(r, _)| r)
                .collect();
            let exact = ps.iter().filter(|r| gs.contains(r)).count();
            let mut used = vec![false; gs.len()];
            let mut partial = 0;
            for r in &ps {
                if let Some(i) =
                    (0..gs.len()).find(|&i| !used[i] && gs[i].start < r.end && r.start < gs[i].end)
                {
                    used[i] = true;
                    partial += 1;
                }
            }
            for (counts, tp) in [
                (&mut scores.exact[k], exact),
                (&mut scores.partial[k], partial),
            ] {
                counts.add(Counts {
                    true_positives: tp,
                    predicted: ps.len(),
                    gold: gs.len(),
                });
            }
        }
    }
    scores
}

/// Runs the evaluation and prints the table.
pub fn run(dir: &Path, gazetteer: &Gazetteer, out: &mut dyn Write) -> Result<Scores, CommandError> {
    let docs = read_gold(dir)?;
    let matcher = Matcher::new(gazetteer);
    // The world layer is read once per run; its reading is not what is measured.
    crate::discover::world_names();
    let started = Instant::now();
    let with_confidence = predict_with_confidence(&docs, gazetteer, &matcher);
    let elapsed = started.elapsed();
    let at_least = |min: f32| -> Vec<Vec<Span>> {
        with_confidence
            .iter()
            .map(|spans| {
                spans
                    .iter()
                    .filter(|(_, c)| *c >= min)
                    .map(|(s, _)| s.clone())
                    .collect()
            })
            .collect()
    };
    let predicted = at_least(0.0);
    let gold: Vec<Vec<Span>> = docs.iter().map(|d| d.gold.clone()).collect();
    let scores = score(&gold, &predicted);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut text = String::new();
    let _ = writeln!(
        text,
        "gold: {} — {} document{}, {} kB of text, {} gold mentions",
        dir.display(),
        docs.len(),
        if docs.len() == 1 { "" } else { "s" },
        (bytes as f64 / 1000.0).round(),
        Scores::overall(&scores.exact).gold
    );
    let _ = writeln!(
        text,
        "{:<8} {:<20}   {:<20}",
        "", " exact span", " overlapping span"
    );
    let _ = writeln!(
        text,
        "{:<8} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}   {:>5}",
        "kind", "P", "R", "F1", "P", "R", "F1", "gold"
    );
    let mut row = |name: &str, e: Counts, p: Counts| {
        let _ = writeln!(
            text,
            "{name:<8} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}   {:>5}",
            e.precision(),
            e.recall(),
            e.f1(),
            p.precision(),
            p.recall(),
            p.f1(),
            e.gold
        );
    };
    for (k, label) in Label::ALL.iter().enumerate() {
        row(label.as_str(), scores.exact[k], scores.partial[k]);
    }
    row(
        "overall",
        Scores::overall(&scores.exact),
        Scores::overall(&scores.partial),
    );
    let shown = crate::ner::model().threshold;
    let _ = writeln!(
        text,
        "by confidence (exact spans; the reader shows from {shown:.2}):"
    );
    let _ = writeln!(
        text,
        "{:<8} {:>6} {:>6} {:>6}   {:>5}",
        "from", "P", "R", "F1", "found"
    );
    let mut steps = vec![0.0f32, 0.3, 0.5, 0.7, 0.8, 0.9, shown];
    steps.sort_by(f32::total_cmp);
    steps.dedup();
    for min in steps {
        let c = Scores::overall(&score(&gold, &at_least(min)).exact);
        let _ = writeln!(
            text,
            "{:<8} {:>6.3} {:>6.3} {:>6.3}   {:>5}",
            format!("{min:.2}{}", if min == shown { "*" } else { "" }),
            c.precision(),
            c.recall(),
            c.f1(),
            c.predicted
        );
    }
    let secs = elapsed.as_secs_f64().max(1e-9);
    let _ = writeln!(
        text,
        "speed: {:.0} kB of text per second ({:.1} ms)",
        bytes as f64 / 1000.0 / secs,
        secs * 1000.0
    );
    out.write_all(text.as_bytes())
        .map_err(CommandError::Output)?;
    Ok(scores)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brat_offsets_are_characters_and_unscored_labels_are_left_out() {
        let text = "Zürich és Anne Smith.\n".to_owned();
        let ann = "T1\tLOC 0 6\tZürich\nT2\tPER 10 20\tAnne Smith\nT3\tMISC 7 9\tés\n\
                   #1\tAnnotatorNotes T1\tcity\n";
        let doc = parse_brat("x", text, ann).expect("parses");
        let spans: Vec<(&str, Label)> = doc
            .gold
            .iter()
            .map(|(r, l)| (&doc.text[r.clone()], *l))
            .collect();
        assert_eq!(spans, [("Zürich", Label::Loc), ("Anne Smith", Label::Per)]);
        assert!(parse_brat("x", "ab".into(), "T1\tPER 0 9\tab").is_err());
    }

    #[test]
    fn conll_bio_and_iob1_join_tokens_with_spaces_and_split_documents() {
        let conll = "-DOCSTART- -X- O O\n\nEU NNP B-NP I-ORG\nrejects VBZ B-VP O\n\
                     German JJ B-NP I-MISC\ncall NN I-NP O\n\nPeter B-PER\nBlackburn I-PER\n\
                     in O\nNew B-GPE\nYork I-GPE\n\n-DOCSTART- O\n\nParis B-LOC\n";
        let docs = parse_conll("f", conll).expect("parses");
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!(
            d.text,
            "EU rejects German call\nPeter Blackburn in New York\n"
        );
        let spans: Vec<(&str, Label)> = d
            .gold
            .iter()
            .map(|(r, l)| (&d.text[r.clone()], *l))
            .collect();
        assert_eq!(
            spans,
            [
                ("EU", Label::Org),
                ("Peter Blackburn", Label::Per),
                ("New York", Label::Loc)
            ]
        );
        assert_eq!(d.paragraphs.len(), 2);
        assert_eq!(&docs[1].text, "Paris\n");
    }

    #[test]
    fn exact_and_partial_scores() {
        let gold = vec![vec![
            (0..10, Label::Per),
            (20..25, Label::Loc),
            (30..35, Label::Org),
        ]];
        let predicted = vec![vec![
            (0..10, Label::Per),
            (21..25, Label::Loc),
            (30..35, Label::Per),
        ]];
        let s = score(&gold, &predicted);
        let exact = Scores::overall(&s.exact);
        assert_eq!(
            (exact.true_positives, exact.predicted, exact.gold),
            (1, 3, 3)
        );
        let partial = Scores::overall(&s.partial);
        assert_eq!(partial.true_positives, 2);
        assert!((partial.f1() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.exact[2].true_positives, 0, "a wrong kind is no match");
    }
}
