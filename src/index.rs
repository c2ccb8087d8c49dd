//! The loaded corpus: documents in load order and a corpus-wide index from each entity to
//! every one of its mentions, for jumps, counts and the "3/9" position, and how often
//! each pair of entities share a sentence.

use std::collections::HashMap;
use std::sync::Arc;

use crate::discover::Registry;
use crate::document::{Direction, Document};
use crate::entities::{Entity, EntityId, Gazetteer, Matcher, Mention};

/// One mention in the corpus: the document and the mention's index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MentionRef {
    pub doc: usize,
    pub mention: usize,
}

/// All loaded documents and the entity index over them.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub gazetteer: Arc<Gazetteer>,
    pub matcher: Arc<Matcher>,
    pub docs: Vec<Document>,
    /// The entities discovery found in the documents.
    pub discovered: Registry,
    /// Per entity (tracked, then discovered: see [`Corpus::slot`]), every mention in
    /// corpus order.
    by_entity: Vec<Vec<MentionRef>>,
    /// Per entity, how many documents mention it.
    doc_counts: Vec<usize>,
    /// Per tracked entity, the tracked entities it shares sentences with and in how
    /// many sentences.
    with: Vec<HashMap<EntityId, u32>>,
}

/// Where a mention search landed, and whether it went round the end of the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Landing {
    pub at: MentionRef,
    pub wrapped: bool,
}

impl Corpus {
    pub fn new(gazetteer: Arc<Gazetteer>, matcher: Arc<Matcher>) -> Self {
        let n = gazetteer.len();
        Self {
            discovered: Registry::beside(
                gazetteer.hidden(),
                gazetteer.iter().map(|(_, e)| e.id.as_str()),
            ),
            gazetteer,
            matcher,
            docs: Vec::new(),
            by_entity: vec![Vec::new(); n],
            doc_counts: vec![0; n],
            with: vec![HashMap::new(); n],
        }
    }

    /// Appends a document and indexes its mentions, after turning what discovery found
    /// in it into mentions of discovered entities.
    pub fn push(&mut self, mut doc: Document) {
        let found = std::mem::take(&mut doc.discovered);
        let more = self.intern(&doc.article.body, &found);
        doc.add_mentions(more);
        let d = self.docs.len();
        for (i, m) in doc.mentions.iter().enumerate() {
            let slot = self.slot(m.entity);
            self.by_entity[slot].push(MentionRef { doc: d, mention: i });
        }
        for (e, _) in &doc.entities {
            let slot = self.slot(*e);
            self.doc_counts[slot] += 1;
        }
        count_pairs(&mut self.with, &doc, true);
        self.docs.push(doc);
    }

    /// What discovery found in a text, as mentions of the discovered entities (the
    /// registry names them, and leaves out the hidden); room is made in the index for
    /// entities new to it.
    fn intern(&mut self, body: &str, found: &[crate::discover::Found]) -> Vec<Mention> {
        let mut more = Vec::with_capacity(found.len());
        for f in found {
            if let Some(entity) = self.discovered.intern(body, f) {
                more.push(Mention {
                    confidence: (f.confidence * 100.0).round().clamp(0.0, 100.0) as u8,
                    nationality: f.nationality,
                    ..Mention::new(f.range.start, f.range.end, entity)
                });
            }
        }
        let slots = self.gazetteer.len() + self.discovered.len();
        if self.by_entity.len() < slots {
            self.by_entity.resize_with(slots, Vec::new);
            self.doc_counts.resize(slots, 0);
        }
        more
    }

    /// Takes in what discovery found in document `d` after it was pushed (the reader
    /// discovers in the background): its mentions are merged in and the document's
    /// entries in the index rewritten, as the positions of its mentions move. Returns
    /// whether anything was added.
    pub fn add_found(&mut self, d: usize, found: &[crate::discover::Found]) -> bool {
        let Some(doc) = self.docs.get_mut(d) else {
            return false;
        };
        // The text is lent to the registry while the index is changed.
        let body = std::mem::take(&mut doc.article.body);
        let more = self.intern(&body, found);
        self.docs[d].article.body = body;
        if more.is_empty() {
            return false;
        }
        self.docs[d].add_mentions(more);
        self.index(d);
        true
    }

    /// Takes document `d`'s mentions out of the index and the document counts.
    fn unindex(&mut self, d: usize) {
        for &(entity, _) in &self.docs[d].entities {
            let slot = self.slot(entity);
            let list = &mut self.by_entity[slot];
            let from = list.partition_point(|r| r.doc < d);
            let to = list.partition_point(|r| r.doc <= d);
            list.drain(from..to);
            self.doc_counts[slot] = self.doc_counts[slot].saturating_sub(1);
        }
    }

    /// Puts document `d`'s mentions into the index and the document counts, in their
    /// place among the other documents', over what the index had of it: an entity whose
    /// count in the document is unchanged (a tracked one when discovered names join) has
    /// its entries rewritten in place, so taking in one document's names does not move
    /// every later document's entries.
    fn index(&mut self, d: usize) {
        let mut refs: HashMap<EntityId, Vec<MentionRef>> = HashMap::new();
        for (i, m) in self.docs[d].mentions.iter().enumerate() {
            refs.entry(m.entity)
                .or_default()
                .push(MentionRef { doc: d, mention: i });
        }
        for (entity, refs) in refs {
            let slot = self.slot(entity);
            let list = &mut self.by_entity[slot];
            let from = list.partition_point(|r| r.doc < d);
            let to = list.partition_point(|r| r.doc <= d);
            if to - from == refs.len() {
                list[from..to].copy_from_slice(&refs);
                continue;
            }
            if from == to {
                self.doc_counts[slot] += 1;
            }
            list.splice(from..to, refs);
        }
    }

    /// Turns what discovery found in `doc` into mentions of discovered entities, as
    /// [`Corpus::push`] does, without keeping the document: for commands that stream.
    pub fn annotate(&mut self, doc: &mut Document) {
        let found = std::mem::take(&mut doc.discovered);
        let more = self.intern(&doc.article.body, &found);
        doc.add_mentions(more);
    }

    /// Where an entity's lists are: tracked entities first, then the discovered.
    fn slot(&self, entity: EntityId) -> usize {
        match entity.discovered_index() {
            Some(k) => self.gazetteer.len() + k,
            None => entity.index(),
        }
    }

    /// An entity, tracked or discovered.
    pub fn entity(&self, id: EntityId) -> &Entity {
        if id.is_discovered() {
            static UNKNOWN: std::sync::OnceLock<Entity> = std::sync::OnceLock::new();
            return self.discovered.get(id).map_or_else(
                || {
                    UNKNOWN.get_or_init(|| Entity {
                        id: String::new(),
                        name: "?".into(),
                        kind: crate::entities::Kind::Other,
                        aliases: Vec::new(),
                        note: None,
                        affiliation: None,
                        anywhere: Vec::new(),
                    })
                },
                |d| &d.entity,
            );
        }
        self.gazetteer.get(id)
    }

    /// Puts `doc` in the place of document `d` (its page fetched again): the old one's
    /// mentions leave the index and the counts, the new one's come in.
    pub fn replace(&mut self, d: usize, mut doc: Document) {
        if d >= self.docs.len() {
            return;
        }
        let found = std::mem::take(&mut doc.discovered);
        let more = self.intern(&doc.article.body, &found);
        doc.add_mentions(more);
        self.unindex(d);
        count_pairs(&mut self.with, &self.docs[d], false);
        self.docs[d] = doc;
        count_pairs(&mut self.with, &self.docs[d], true);
        self.index(d);
    }

    /// The entities that share a sentence with `entity`, with how many sentences: most
    /// first, ties in entity-file order.
    pub fn appears_with(&self, entity: EntityId) -> Vec<(EntityId, u32)> {
        let Some(with) = self.with.get(self.slot(entity)) else {
            return Vec::new();
        };
        let mut with: Vec<(EntityId, u32)> = with.iter().map(|(&e, &n)| (e, n)).collect();
        with.sort_by_key(|&(e, n)| (std::cmp::Reverse(n), e));
        with
    }

    /// Mentions of `entity` in the whole corpus.
    pub fn total(&self, entity: EntityId) -> usize {
        self.mentions_of(entity).len()
    }

    /// How many documents mention `entity`.
    pub fn doc_count(&self, entity: EntityId) -> usize {
        self.doc_counts.get(self.slot(entity)).copied().unwrap_or(0)
    }

    /// Every mention of `entity`, in corpus order.
    pub fn mentions_of(&self, entity: EntityId) -> &[MentionRef] {
        self.by_entity
            .get(self.slot(entity))
            .map_or(&[], Vec::as_slice)
    }

    /// The next (previous) mention of `entity` from byte `from` of document `doc`,
    /// continuing through the other documents in `order` and round the end.
    ///
    /// Forward finds a mention starting at or after `from`; backward, one starting
    /// strictly before it (as [`Document::find_mention`]).
    pub fn step(
        &self,
        order: &[usize],
        doc: usize,
        from: usize,
        entity: EntityId,
        dir: Direction,
    ) -> Option<Landing> {
        let here = order.iter().position(|&d| d == doc)?;
        if let Some(i) = self.docs[doc].find_mention(Some(entity), from, dir) {
            return Some(Landing {
                at: MentionRef { doc, mention: i },
                wrapped: false,
            });
        }
        let n = order.len();
        for k in 1..=n {
            let (pos, wrapped) = match dir {
                Direction::Forward => ((here + k) % n, here + k >= n),
                Direction::Backward => ((here + n - k) % n, k > here),
            };
            let d = order[pos];
            let target = &self.docs[d];
            if target.count_of(entity) == 0 {
                continue;
            }
            let start = match dir {
                Direction::Forward => 0,
                Direction::Backward => usize::MAX,
            };
            if let Some(i) = target.find_mention(Some(entity), start, dir) {
                return Some(Landing {
                    at: MentionRef { doc: d, mention: i },
                    wrapped,
                });
            }
        }
        None
    }
}

/// Counts (or, `add` false, takes back) the sentences each pair of distinct tracked
/// entities shares in `doc`, in `with` (per tracked entity).
fn count_pairs(with: &mut [HashMap<EntityId, u32>], doc: &Document, add: bool) {
    for &(a, b) in &doc.shared {
        for (x, y) in [(a, b), (b, a)] {
            let n = with[x.index()].entry(y).or_default();
            if add {
                *n += 1;
            } else {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    with[x.index()].remove(&y);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Input, load_nth};

    pub(crate) fn seeds() -> Corpus {
        let g = Arc::new(Gazetteer::builtin());
        let m = Arc::new(Matcher::new(&g));
        let mut c = Corpus::new(g, m.clone());
        for i in 0..2 {
            c.push(Document::new(
                load_nth(&Input::Builtin, i).expect("seed"),
                &m,
            ));
        }
        c
    }

    #[test]
    fn totals_and_document_counts() {
        let c = seeds();
        let g = c.gazetteer.clone();
        let totals: Vec<usize> = g.iter().map(|(e, _)| c.total(e)).collect();
        assert_eq!(totals, [9, 6, 7, 2, 2, 3]);
        assert!(g.iter().all(|(e, _)| c.doc_count(e) == 2));
    }

    #[test]
    fn cooccurrence_counts_shared_sentences_across_the_corpus() {
        let c = seeds();
        let g = c.gazetteer.clone();
        let id = |s: &str| g.id_of(s).expect(s);
        let names = |e: &str| -> Vec<(String, u32)> {
            c.appears_with(id(e))
                .into_iter()
                .map(|(e, n)| (g.get(e).id.clone(), n))
                .collect()
        };
        // Jones shares no sentence with another tracked entity but Russia (000: "Jones
        // told opposition groups it had been agreed with Russia").
        assert_eq!(names("jones"), [("russia".to_owned(), 1)]);
        // Symmetric.
        let ri = c.appears_with(id("russia"));
        let ir = c.appears_with(id("iran"));
        let n_ri = ri.iter().find(|(e, _)| *e == id("iran")).map(|x| x.1);
        let n_ir = ir.iter().find(|(e, _)| *e == id("russia")).map(|x| x.1);
        assert_eq!(n_ri, n_ir);
        assert!(n_ri.is_some_and(|n| n >= 4), "{n_ri:?}");
        assert!(names("russia").windows(2).all(|w| w[0].1 >= w[1].1));
    }

    #[test]
    fn cooccurrence_counts_a_sentence_once_per_pair() {
        let g = Arc::new(Gazetteer::builtin());
        let m = Arc::new(Matcher::new(&g));
        let mut c = Corpus::new(g.clone(), m.clone());
        let body = "Russia, Russia and Iran met. Turkey stayed away.\n\nIran and Turkey.";
        let article = crate::corpus::Article {
            path: "x.txt".into(),
            source: "x".into(),
            title: "Title".into(),
            subtitle: None,
            title_derived: false,
            date: None,
            byline: None,
            url: None,
            format: crate::corpus::Format::Text,
            body: body.into(),
            paragraphs: vec![0..48, 50..body.len()],
            file_text: None,
        };
        c.push(Document::new(article, &m));
        let id = |s: &str| g.id_of(s).expect(s);
        assert_eq!(c.appears_with(id("russia")), [(id("iran"), 1)]);
        assert_eq!(
            c.appears_with(id("iran")),
            [(id("russia"), 1), (id("turkey"), 1)]
        );
    }

    #[test]
    fn step_continues_into_the_next_document_and_wraps() {
        let c = seeds();
        let jones = c.gazetteer.id_of("jones").expect("jones");
        let order = [0, 1];
        let mut at = (0, 0);
        let mut seen = Vec::new();
        for _ in 0..4 {
            let f = c
                .step(&order, at.0, at.1, jones, Direction::Forward)
                .expect("found");
            seen.push((f.at.doc, f.wrapped));
            at = (f.at.doc, c.docs[f.at.doc].mentions[f.at.mention].start + 1);
        }
        assert_eq!(seen, [(0, false), (0, false), (1, false), (0, true)]);

        let back = c
            .step(&order, 0, 0, jones, Direction::Backward)
            .expect("found");
        assert_eq!((back.at.doc, back.wrapped), (1, true));
    }

    #[test]
    fn what_is_found_after_loading_indexes_as_what_was_found_with_it() {
        let g = Arc::new(Gazetteer::builtin());
        let m = Arc::new(Matcher::new(&g));
        let docs: Vec<Document> = (0..2)
            .map(|i| Document::new(load_nth(&Input::Builtin, i).expect("seed"), &m))
            .collect();
        let mut inline = Corpus::new(g.clone(), m.clone());
        let mut later = Corpus::new(g.clone(), m.clone());
        for doc in &docs {
            let mut with = doc.clone();
            with.discover(0.0);
            inline.push(with);
            later.push(doc.clone());
        }
        for (d, doc) in docs.iter().enumerate() {
            let mut with = doc.clone();
            with.discover(0.0);
            assert!(later.add_found(d, &with.discovered));
        }
        assert_eq!(inline.discovered.len(), later.discovered.len());
        for d in 0..2 {
            assert_eq!(inline.docs[d].mentions, later.docs[d].mentions);
            assert_eq!(inline.docs[d].entities, later.docs[d].entities);
        }
        for slot in 0..inline.by_entity.len() {
            assert_eq!(inline.by_entity[slot], later.by_entity[slot], "slot {slot}");
            assert_eq!(
                inline.doc_counts[slot], later.doc_counts[slot],
                "slot {slot}"
            );
        }
    }

    #[test]
    fn a_document_replaced_indexes_as_if_it_had_been_read_so() {
        let g = Arc::new(Gazetteer::builtin());
        let m = Arc::new(Matcher::new(&g));
        let seed = |i| Document::new(load_nth(&Input::Builtin, i).expect("seed"), &m);
        let mut replaced = seeds();
        replaced.replace(0, seed(1));
        let mut expected = Corpus::new(g.clone(), m.clone());
        expected.push(seed(1));
        expected.push(seed(1));
        assert_eq!(replaced.by_entity, expected.by_entity);
        assert_eq!(replaced.doc_counts, expected.doc_counts);
        assert_eq!(replaced.with, expected.with);
        assert_eq!(replaced.docs[0].mentions, expected.docs[0].mentions);
    }

    #[test]
    fn step_respects_the_order_given() {
        let c = seeds();
        let iran = c.gazetteer.id_of("iran").expect("iran");
        let f = c
            .step(&[1, 0], 1, usize::MAX, iran, Direction::Forward)
            .expect("found");
        assert_eq!((f.at.doc, f.wrapped), (0, false));
        assert_eq!(c.step(&[1], 0, 0, iran, Direction::Forward), None);
    }
}
