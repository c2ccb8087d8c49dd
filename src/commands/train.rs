//! `newslens train`: trains the entity recogniser on the corpora under a data folder
//! (laid out as `assets/ner/data` is) and writes the model file.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use super::CommandError;
use crate::ner::train::{Example, Options, read_corpus, report, score, train};

/// The training files, relative to the data folder. The test splits (`uner-ewt` test,
/// `uner-pud`) are never read here.
pub const TRAIN: &[&str] = &[
    "uner-ewt/en_ewt-ud-train.iob2",
    "btc/a.conll",
    "btc/b.conll",
    "btc/e.conll",
    "btc/f.conll",
    "btc/g.conll",
    "btc/h.conll",
    "wikigold/wikigold.conll.txt",
    "wnut17/wnut17train.conll",
    "wnut17/emerging.dev.conll",
    "wnut17/emerging.test.annotated",
];

/// The dev split: it picks the number of passes, the temperature and the threshold.
pub const DEV: &[&str] = &["uner-ewt/en_ewt-ud-dev.iob2"];

fn read_all(data: &Path, files: &[&str]) -> Result<Vec<Example>, CommandError> {
    let mut out = Vec::new();
    for f in files {
        let path = data.join(f);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| CommandError::Usage(format!("cannot read {}: {e}", path.display())))?;
        out.extend(
            read_corpus(&text)
                .map_err(|e| CommandError::Usage(format!("{}: {e}", path.display())))?,
        );
    }
    Ok(out)
}

/// Trains on `data`, writes the model to `model`, and reports on `out`.
pub fn run(data: &Path, model: &Path, seed: u64, out: &mut dyn Write) -> Result<(), CommandError> {
    let started = Instant::now();
    let train_docs = read_all(data, TRAIN)?;
    let dev_docs = read_all(data, DEV)?;
    let options = Options {
        seed,
        ..Options::default()
    };
    let mut log = String::new();
    let trained = train(&train_docs, &dev_docs, &options, &mut log);
    let bytes = trained.to_bytes();
    crate::atomic::write(model, &bytes).map_err(|cause| CommandError::Write {
        path: model.to_owned(),
        cause,
    })?;
    log.push_str("dev, exact spans:\n");
    log.push_str(&report(&score(&trained, &dev_docs)));
    log.push_str(&format!(
        "wrote {} ({:.1} MB) in {:.0} s\n",
        model.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    ));
    out.write_all(log.as_bytes()).map_err(CommandError::Output)
}
