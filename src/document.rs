//! An article with its mentions: sorted, non-overlapping byte ranges of the body, and
//! the entities it names, most mentioned first.

use rustc_hash::FxHashMap;

use crate::corpus::Article;
use crate::discover::{Found, discover_keeping};
use crate::entities::{EntityId, Matcher, Mention};

/// Which way a search through mentions goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// An annotated article.
#[derive(Debug, Clone)]
pub struct Document {
    pub article: Article,
    /// Mentions in the body, sorted by position, non-overlapping: the tracked entities',
    /// and once the corpus has taken the document in, the discovered ones'.
    pub mentions: Vec<Mention>,
    /// The entities named here with their counts: most mentioned first, ties in order of
    /// first appearance.
    pub entities: Vec<(EntityId, u32)>,
    /// `entities` sorted by id.
    counts_by_id: Vec<(EntityId, u32)>,
    /// How many of the mentions are of tracked entities.
    pub tracked: usize,
    /// What discovery found, until the corpus turns it into mentions.
    pub discovered: Vec<Found>,
    /// The body's hash, by which saved state (positions, marks, notes) finds the article
    /// again after a rename.
    pub hash: String,
    /// Each pair of distinct tracked entities named in one sentence, once for every
    /// sentence they share: worked out where the article is read (on a loading thread),
    /// for the corpus to add up.
    pub shared: Vec<(EntityId, EntityId)>,
}

impl Document {
    pub fn new(article: Article, matcher: &Matcher) -> Self {
        let mentions = matcher.find(&article.body);
        Self::with_mentions(article, mentions)
    }

    /// An article with its tracked entities' mentions, found before (the article cache
    /// keeps them).
    pub fn with_mentions(article: Article, mentions: Vec<Mention>) -> Self {
        let mut doc = Self::from_parts(article, mentions, Vec::new());
        if doc.entities.len() > 1 {
            doc.shared = shared_sentences(&doc.article.body, &doc.mentions);
            doc.shared.shrink_to_fit();
        }
        doc
    }

    /// An article with its tracked entities' mentions and the pairs of them sharing a
    /// sentence, all worked out before (the article cache keeps them).
    pub fn from_parts(
        mut article: Article,
        mut mentions: Vec<Mention>,
        mut shared: Vec<(EntityId, EntityId)>,
    ) -> Self {
        // A corpus keeps its documents: the room their text and lists grew into while
        // they were built is given back (bodies built a paragraph at a time held a third
        // more than their text).
        article.body.shrink_to_fit();
        article.paragraphs.shrink_to_fit();
        mentions.shrink_to_fit();
        shared.shrink_to_fit();
        let mut doc = Self {
            hash: article.body_hash(),
            tracked: mentions.len(),
            article,
            mentions,
            entities: Vec::new(),
            counts_by_id: Vec::new(),
            discovered: Vec::new(),
            shared,
        };
        doc.count_entities();
        doc
    }

    /// Finds the entities nobody listed (see [`crate::discover`]) that discovery is at
    /// least `min_confidence` sure of (0 to 1), for the corpus to take in: from the
    /// article cache when this process has one and it holds what was found in this text
    /// before, else found now (and kept there).
    pub fn discover(&mut self, min_confidence: f32) {
        let (key, before) = crate::cache::found_before(self);
        self.discovered = match before {
            Some(found) => found,
            None => discover_keeping(
                key,
                &self.article.body,
                &self.article.paragraphs,
                &self.mentions,
            ),
        };
        self.discovered.retain(|f| f.confidence >= min_confidence);
    }

    /// Adds mentions (sorted, overlapping none of the present ones) and counts again.
    pub fn add_mentions(&mut self, more: Vec<Mention>) {
        if more.is_empty() {
            return;
        }
        // Two sorted runs: the standard stable sort merges them in linear time.
        self.mentions.extend(more);
        self.mentions.sort_by_key(|m| m.start);
        self.count_entities();
    }

    /// The entities named here with their counts, most mentioned first, ties in order
    /// of first appearance; and the same counts by id, for [`Document::count_of`].
    fn count_entities(&mut self) {
        // Fx, not SipHash: the keys are small numbers of our own, and this runs for
        // every article read.
        let mut at: FxHashMap<EntityId, usize> = FxHashMap::default();
        let mut entities: Vec<(EntityId, u32)> = Vec::new();
        for m in &self.mentions {
            let k = *at.entry(m.entity).or_insert_with(|| {
                entities.push((m.entity, 0));
                entities.len() - 1
            });
            entities[k].1 += 1;
        }
        // A stable sort keeps first-appearance order among equal counts.
        entities.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
        entities.shrink_to_fit();
        self.counts_by_id = entities.clone();
        self.counts_by_id.sort_unstable_by_key(|&(e, _)| e);
        self.entities = entities;
    }

    /// How many times `entity` is mentioned here. With discovery an article names many
    /// entities, and jumps, filters and the coverage matrix ask this of every article.
    pub fn count_of(&self, entity: EntityId) -> u32 {
        self.counts_by_id
            .binary_search_by_key(&entity, |&(e, _)| e)
            .map_or(0, |k| self.counts_by_id[k].1)
    }

    /// How many mentions of tracked entities the article has: the count lists and totals
    /// show (discovered names are counted only where they are shown, as such).
    pub fn tracked_count(&self) -> usize {
        self.mentions
            .iter()
            .filter(|m| !m.entity.is_discovered())
            .count()
    }

    /// The nearest mention (of `entity`, or of any tracked entity when `None`) starting at or after
    /// byte `from` (forward), or strictly before it (backward).
    pub fn find_mention(
        &self,
        entity: Option<EntityId>,
        from: usize,
        dir: Direction,
    ) -> Option<usize> {
        self.find_where(from, dir, |at| {
            entity.map_or(!at.is_discovered(), |e| at == e)
        })
    }

    /// The nearest mention of any entity that is shown (tracked ones always; discovered
    /// ones when `discovered`), from byte `from` as [`Document::find_mention`] looks.
    pub fn find_shown(&self, from: usize, dir: Direction, discovered: bool) -> Option<usize> {
        self.find_where(from, dir, |at| discovered || !at.is_discovered())
    }

    fn find_where(
        &self,
        from: usize,
        dir: Direction,
        keep: impl Fn(EntityId) -> bool,
    ) -> Option<usize> {
        let split = self.mentions.partition_point(|m| m.start < from);
        let matches = |i: &usize| keep(self.mentions[*i].entity);
        match dir {
            Direction::Forward => (split..self.mentions.len()).find(matches),
            Direction::Backward => (0..split).rev().find(matches),
        }
    }
}

/// The pairs of distinct tracked entities each sentence of `body` names, in sentence
/// order (see [`Document::shared`]).
fn shared_sentences(body: &str, mentions: &[Mention]) -> Vec<(EntityId, EntityId)> {
    let mut out = Vec::new();
    let mut mentions = mentions.iter().peekable();
    let mut here: Vec<EntityId> = Vec::new();
    for sentence in crate::text::sentences(body) {
        here.clear();
        while let Some(m) = mentions.next_if(|m| m.start < sentence.end) {
            if m.start >= sentence.start && !m.entity.is_discovered() && !here.contains(&m.entity) {
                here.push(m.entity);
            }
        }
        for (i, &a) in here.iter().enumerate() {
            out.extend(here[i + 1..].iter().map(|&b| (a, b)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Input, load_nth};
    use crate::entities::Gazetteer;

    fn seed(i: usize) -> (Gazetteer, Document) {
        let g = Gazetteer::builtin();
        let m = Matcher::new(&g);
        let doc = Document::new(load_nth(&Input::Builtin, i).expect("seed"), &m);
        (g, doc)
    }

    #[test]
    fn entities_sorted_by_count_then_first_appearance() {
        let (g, doc) = seed(0);
        let order: Vec<(&str, u32)> = doc
            .entities
            .iter()
            .map(|(e, n)| (g.get(*e).id.as_str(), *n))
            .collect();
        assert_eq!(
            order,
            [
                ("russia", 4),
                ("turkey", 2),
                ("iran", 2),
                ("jones", 2),
                ("de-mistura", 1),
                ("lavrentiev", 1)
            ]
        );
        assert_eq!(doc.mentions.len(), 12);
    }

    #[test]
    fn mention_spans_slice_back_to_names() {
        let (g, doc) = seed(1);
        for m in &doc.mentions {
            let text = &doc.article.body[m.start..m.end];
            assert!(g.get(m.entity).surface_forms().any(|f| f == text), "{text}");
        }
        assert_eq!(doc.mentions.len(), 17);
    }

    #[test]
    fn find_mention_forward_backward_and_filtered() {
        let (g, doc) = seed(0);
        let russia = g.id_of("russia");
        let first = doc
            .find_mention(russia, 0, Direction::Forward)
            .expect("first");
        let second = doc
            .find_mention(russia, doc.mentions[first].start + 1, Direction::Forward)
            .expect("second");
        assert!(second > first);
        assert_eq!(
            doc.find_mention(russia, doc.mentions[second].start, Direction::Backward),
            Some(first)
        );
        assert_eq!(
            doc.find_mention(russia, doc.mentions[first].start, Direction::Backward),
            None
        );
        assert_eq!(doc.find_mention(None, 0, Direction::Forward), Some(0));
        assert_eq!(doc.find_mention(None, usize::MAX, Direction::Forward), None);
    }
}
