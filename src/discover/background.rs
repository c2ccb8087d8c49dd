//! Discovery on threads of its own, for the reader: articles are listed and their tracked
//! entities shown at the speed of reading, and the names discovery finds follow, article
//! by article, in the order the articles were listed. The terminal loop queues each
//! document, sends the queue out once loading is done (so discovery does not slow the
//! list), and hands back what was found in order.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread;

use super::{Found, discover_keeping};
use crate::document::Document;
use crate::entities::Mention;

/// The most articles on their way to the threads at once, and the most text.
const MOST_JOBS: usize = 512;
const MOST_BYTES: usize = 16 << 20;

/// One document to look through: a copy of what discovery reads.
struct Job {
    seq: u64,
    doc: usize,
    hash: String,
    body: String,
    paragraphs: Vec<Range<usize>>,
    mentions: Vec<Mention>,
    /// Where the article cache keeps what is found, when there is one.
    key: Option<u64>,
}

/// What discovery found in a document, or why it found nothing.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub doc: usize,
    /// The hash of the text looked through: what was found belongs to that text only.
    pub hash: String,
    pub found: Vec<Found>,
    /// A bug met in this document (it costs the document its discovered names only).
    pub problem: Option<String>,
}

/// The discovery threads and the documents on their way through them.
pub struct Background {
    jobs: Option<Sender<Job>>,
    results: Receiver<(u64, Outcome)>,
    /// Documents queued, not yet sent.
    queue: VecDeque<usize>,
    /// Documents sent (by number sent), in the order their outcomes are handed back.
    sent: VecDeque<u64>,
    /// Outcomes that came back before those sent ahead of them, by number sent.
    ready: HashMap<u64, Outcome>,
    /// How many jobs have been sent.
    seq: u64,
    /// How many jobs to keep on their way at least: enough to keep every thread busy
    /// between two sends.
    window: usize,
    /// The text on its way to the threads, in bytes.
    in_flight: usize,
    /// Each job on its way's text, by number sent.
    sizes: HashMap<u64, usize>,
    min_confidence: f32,
}

impl Background {
    /// Starts the threads; they keep the names they are at least `min_confidence` sure of.
    pub fn new(min_confidence: f32) -> Self {
        let (jobs, taken) = channel::<Job>();
        let (told, results) = channel();
        let taken = Arc::new(Mutex::new(taken));
        let workers = crate::loader::workers();
        let mut started = 0;
        for _ in 0..workers {
            let (taken, told) = (Arc::clone(&taken), told.clone());
            let spawned = thread::Builder::new()
                // Named as the loaders are: a panic here is reported, not fatal.
                .name(crate::loader::THREAD_NAME.into())
                .spawn(move || work(&taken, &told, min_confidence));
            started += usize::from(spawned.is_ok());
        }
        Self {
            jobs: (started > 0).then_some(jobs),
            results,
            queue: VecDeque::new(),
            sent: VecDeque::new(),
            ready: HashMap::new(),
            seq: 0,
            window: 4 * started.max(1),
            in_flight: 0,
            sizes: HashMap::new(),
            min_confidence,
        }
    }

    /// Queues document `doc` to be looked through.
    pub fn queue(&mut self, doc: usize) {
        self.queue.push_back(doc);
    }

    /// Whether every queued document has been handed back.
    pub fn is_idle(&self) -> bool {
        self.queue.is_empty() && self.sent.is_empty()
    }

    /// Takes an outcome known without a thread as if one had sent it back, in its turn.
    fn answered(&mut self, outcome: Outcome) {
        self.seq += 1;
        self.sent.push_back(self.seq);
        self.ready.insert(self.seq, outcome);
    }

    /// Sends queued documents to the threads, keeping a few on their way.
    pub fn send(&mut self, docs: &[Document]) {
        if self.jobs.is_none() {
            // No thread could start: every document comes back with nothing found.
            while let Some(doc) = self.queue.pop_front() {
                self.answered(Outcome {
                    doc,
                    hash: docs.get(doc).map(|d| d.hash.clone()).unwrap_or_default(),
                    found: Vec::new(),
                    problem: Some("cannot start looking for names".into()),
                });
            }
            return;
        }
        // The terminal loop sends once a frame: as many articles as the threads can get
        // through meanwhile are sent at once (up to MOST_JOBS, and MOST_BYTES of text),
        // or the threads would wait on the frames.
        while self.sent.len() < self.window
            || (self.sent.len() < MOST_JOBS && self.in_flight < MOST_BYTES)
        {
            let Some(doc) = self.queue.pop_front() else {
                break;
            };
            let Some(d) = docs.get(doc) else { continue };
            // What was found in this text before comes back without a thread.
            let (key, before) = crate::cache::found_before(d);
            if let Some(mut found) = before {
                found.retain(|f| f.confidence >= self.min_confidence);
                self.answered(Outcome {
                    doc,
                    hash: d.hash.clone(),
                    found,
                    problem: None,
                });
                continue;
            }
            let job = Job {
                seq: self.seq + 1,
                doc,
                hash: d.hash.clone(),
                body: d.article.body.clone(),
                paragraphs: d.article.paragraphs.clone(),
                mentions: d.mentions.clone(),
                key,
            };
            let size = job.body.len();
            if self
                .jobs
                .as_ref()
                .is_none_or(|jobs| jobs.send(job).is_err())
            {
                self.jobs = None;
                self.queue.push_front(doc);
                return self.send(docs);
            }
            self.seq += 1;
            self.sent.push_back(self.seq);
            self.sizes.insert(self.seq, size);
            self.in_flight += size;
        }
    }

    /// The outcomes ready, in the order their documents were sent.
    pub fn take(&mut self) -> Vec<Outcome> {
        while let Ok((seq, outcome)) = self.results.try_recv() {
            self.ready.insert(seq, outcome);
        }
        let mut out = Vec::new();
        while let Some(&seq) = self.sent.front() {
            let Some(outcome) = self.ready.remove(&seq) else {
                break;
            };
            self.sent.pop_front();
            if let Some(size) = self.sizes.remove(&seq) {
                self.in_flight -= size;
            }
            out.push(outcome);
        }
        out
    }
}

fn work(taken: &Mutex<Receiver<Job>>, told: &Sender<(u64, Outcome)>, min_confidence: f32) {
    loop {
        let job = match taken.lock() {
            Ok(jobs) => jobs.recv(),
            Err(_) => return,
        };
        let Ok(job) = job else { return };
        let found = catch_unwind(AssertUnwindSafe(|| {
            let mut found = discover_keeping(job.key, &job.body, &job.paragraphs, &job.mentions);
            found.retain(|f| f.confidence >= min_confidence);
            found
        }));
        let outcome = match found {
            Ok(found) => Outcome {
                doc: job.doc,
                hash: job.hash,
                found,
                problem: None,
            },
            Err(panic) => Outcome {
                doc: job.doc,
                hash: job.hash,
                found: Vec::new(),
                problem: Some(format!(
                    "internal error while looking for names in it ({}); please report it",
                    crate::corpus::panic_text(&*panic)
                )),
            },
        };
        if told.send((job.seq, outcome)).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Input, load_nth};
    use crate::entities::{Gazetteer, Matcher};

    /// The reader sends once a frame: one send puts every queued article on its way
    /// (up to the limits), not just enough to keep the threads busy for an instant, and
    /// what comes back frees room for more.
    #[test]
    fn one_send_puts_many_articles_on_their_way_and_takes_free_room() {
        let m = Matcher::new(&Gazetteer::builtin());
        let docs = vec![Document::new(
            load_nth(&Input::Builtin, 0).expect("seed"),
            &m,
        )];
        let mut background = Background::new(0.5);
        for _ in 0..100 {
            background.queue(0);
        }
        background.send(&docs);
        assert!(background.sent.len() == 100, "{}", background.sent.len());
        assert!(background.queue.is_empty());
        assert_eq!(background.in_flight, 100 * docs[0].article.body.len());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        let mut back = 0;
        while !background.is_idle() {
            back += background.take().len();
            assert!(std::time::Instant::now() < deadline, "never done");
            thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(back, 100);
        assert_eq!(background.in_flight, 0);
        assert!(background.sizes.is_empty());
    }

    #[test]
    fn outcomes_come_back_in_the_order_sent_with_what_discovery_finds() {
        let m = Matcher::new(&Gazetteer::builtin());
        let docs: Vec<Document> = (0..2)
            .map(|i| Document::new(load_nth(&Input::Builtin, i).expect("seed"), &m))
            .collect();
        let mut background = Background::new(0.5);
        for doc in [1, 0, 1] {
            background.queue(doc);
        }
        background.send(&docs);
        let mut got = Vec::new();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !background.is_idle() {
            got.extend(background.take());
            assert!(std::time::Instant::now() < deadline, "never done");
            thread::sleep(std::time::Duration::from_millis(5));
        }
        let order: Vec<usize> = got.iter().map(|o| o.doc).collect();
        assert_eq!(order, [1, 0, 1]);
        let mut inline = docs[0].clone();
        inline.discover(0.5);
        assert_eq!(got[1].found, inline.discovered);
        assert!(got.iter().all(|o| o.problem.is_none()));
    }
}
