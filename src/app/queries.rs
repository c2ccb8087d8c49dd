//! What the views and the app ask of the state: the panes, the open document and
//! mention, the panel's rows and tiers, an entity's mentions and ranks, the list's order.

use std::borrow::Cow;

use super::{App, PanelRow, Scope, Sort, Tier};
use crate::discover::Status;
use crate::document::Document;
use crate::entities::EntityId;
use crate::index::MentionRef;
use crate::layout::Panes;

/// The width text is laid out to with `:set nowrap`: wider than any paragraph.
pub const NO_WRAP: usize = 1 << 24;

impl App {
    /// The screen layout for the current terminal size.
    pub fn panes(&self) -> Panes {
        self.layout
    }

    /// The open document.
    pub fn doc(&self) -> Option<&Document> {
        self.current.map(|d| &self.corpus.docs[d])
    }

    /// The current mention as a corpus reference.
    pub fn current_mention(&self) -> Option<MentionRef> {
        Some(MentionRef {
            doc: self.current?,
            mention: self.mention?,
        })
    }

    /// The entities the panel lists, with the count it shows: in the open article (most
    /// mentioned first), or in the whole corpus (by total, ties in entity-file order).
    /// Tracked entities (and those promoted with `+`) come first, then the discovered
    /// ones not hidden.
    pub fn panel_entities(&self) -> Vec<(EntityId, u32)> {
        let mut all: Vec<(EntityId, u32)> = match self.settings.scope {
            Scope::Article => self.doc().map(|d| d.entities.clone()).unwrap_or_default(),
            Scope::Corpus => self
                .entities_by_total(|tier| tier != Tier::Hidden)
                .into_iter()
                .map(|e| (e, self.corpus.total(e) as u32))
                .collect(),
        };
        all.retain(|&(e, _)| match self.tier(e) {
            Tier::Tracked => true,
            Tier::Discovered => self.settings.discovered,
            Tier::Hidden => false,
        });
        // A stable sort keeps each tier's order.
        all.sort_by_key(|&(e, _)| self.tier(e) == Tier::Discovered);
        all
    }

    /// The panel's rows: the tracked entities, then under a heading the discovered.
    pub fn panel_rows(&self) -> Vec<PanelRow> {
        let entities = self.panel_entities();
        let tracked = entities
            .iter()
            .take_while(|&&(e, _)| self.tier(e) == Tier::Tracked)
            .count();
        let mut rows: Vec<PanelRow> = Vec::with_capacity(entities.len() + 1);
        for (i, &(e, n)) in entities.iter().enumerate() {
            if i == tracked {
                rows.push(PanelRow::Heading(entities.len() - tracked));
            }
            rows.push(PanelRow::Entity(e, n));
        }
        rows
    }

    /// How an entity is shown: tracked (from a file or promoted), discovered, or hidden.
    /// The width the open article is wrapped to: the reader's, or `:set width`'s when
    /// narrower.
    pub fn wrap_width(&self) -> usize {
        if !self.settings.wrap {
            // One line a paragraph: as wide as any paragraph is.
            return NO_WRAP;
        }
        let pane = self.panes().reader_text.width as usize;
        match self.settings.width {
            0 => pane,
            w => pane.min(w as usize),
        }
        .max(1)
    }

    pub fn tier(&self, entity: EntityId) -> Tier {
        match self.corpus.discovered.get(entity).map(|d| d.status) {
            None | Some(Status::Promoted) => Tier::Tracked,
            Some(Status::Shown) => Tier::Discovered,
            Some(Status::Hidden) => Tier::Hidden,
        }
    }

    /// Every tracked entity mentioned anywhere (including those promoted with `+`), most
    /// mentioned first, ties in entity-file order.
    pub fn corpus_entities(&self) -> Vec<EntityId> {
        self.entities_by_total(|tier| tier == Tier::Tracked)
    }

    /// The entities of the tiers `keep` takes that are mentioned anywhere, most
    /// mentioned first, ties in entity-file order, then in the order found.
    pub(super) fn entities_by_total(&self, keep: impl Fn(Tier) -> bool) -> Vec<EntityId> {
        let mut all: Vec<EntityId> = self
            .corpus
            .gazetteer
            .iter()
            .map(|(e, _)| e)
            .chain(self.corpus.discovered.iter().map(|(e, _)| e))
            .filter(|&e| keep(self.tier(e)) && self.corpus.total(e) > 0)
            .collect();
        all.sort_by_key(|&e| std::cmp::Reverse(self.corpus.total(e)));
        all
    }

    /// Every mention of `entity` in the articles of the list, in list order.
    pub fn entity_mentions(&self, entity: EntityId) -> Cow<'_, [MentionRef]> {
        let all = self.corpus.mentions_of(entity);
        // PERF: in file order with nothing filtered out, the index already is the answer.
        if self.order.len() == self.corpus.docs.len() && self.order.is_sorted() {
            return Cow::Borrowed(all);
        }
        let mut out = Vec::new();
        for &d in &self.order {
            out.extend_from_slice(in_doc(all, d));
        }
        Cow::Owned(out)
    }

    /// How many mentions of `entity` the listed articles hold (all of them unless a
    /// filter hides some articles).
    pub fn listed_total(&self, entity: EntityId) -> usize {
        let all = self.corpus.mentions_of(entity);
        if self.order.len() == self.corpus.docs.len() {
            return all.len();
        }
        self.order.iter().map(|&d| in_doc(all, d).len()).sum()
    }

    /// Mention `m`'s place among its entity's mentions in list order (sorted, filtered),
    /// 1-based: the 3 of the status bar's "Russia 3/9", which `n` counts up.
    pub fn mention_rank(&self, m: MentionRef) -> Option<usize> {
        let entity = self.corpus.docs.get(m.doc)?.mentions.get(m.mention)?.entity;
        let all = self.corpus.mentions_of(entity);
        let k = all.binary_search(&m).ok()?;
        if self.order.len() == self.corpus.docs.len() && self.order.is_sorted() {
            return Some(k + 1);
        }
        let within = k - all.partition_point(|x| x.doc < m.doc);
        let mut before = 0;
        for &d in &self.order {
            if d == m.doc {
                return Some(before + within + 1);
            }
            before += in_doc(all, d).len();
        }
        None
    }

    /// The open document's position in the list.
    pub fn position(&self) -> Option<usize> {
        let current = self.current?;
        self.order.iter().position(|&d| d == current)
    }

    /// How many rows of text the reader shows.
    pub fn reader_height(&self) -> usize {
        self.panes().reader_text.height as usize
    }

    /// The highest first row: the last row of text at the bottom of the reader.
    pub fn max_top(&self) -> usize {
        let rows = self.reader.wrapped.as_ref().map_or(0, |w| w.rows.len());
        rows.saturating_sub(self.reader_height())
    }

    /// How documents `a` and `b` compare in the list's sort; ties in file order.
    pub fn sort_cmp(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let (da, db) = (&self.corpus.docs[a], &self.corpus.docs[b]);
        let by_key = match self.settings.sort {
            Sort::File => std::cmp::Ordering::Equal,
            // `None` sorts first as an Option; undated articles go last instead.
            Sort::Date => match (da.article.date, db.article.date) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
            Sort::Title => da
                .article
                .title
                .to_lowercase()
                .cmp(&db.article.title.to_lowercase()),
            Sort::Mentions => db.tracked.cmp(&da.tracked),
        };
        by_key.then(a.cmp(&b))
    }

    /// Whether the list (as filtered) shows document `doc`.
    pub fn passes_filter(&self, doc: usize) -> bool {
        self.filter
            .is_none_or(|e| self.corpus.docs[doc].count_of(e) > 0)
    }
}

/// The part of `mentions` (sorted by document) in document `doc`.
fn in_doc(mentions: &[MentionRef], doc: usize) -> &[MentionRef] {
    let from = mentions.partition_point(|m| m.doc < doc);
    let to = mentions.partition_point(|m| m.doc <= doc);
    &mentions[from..to]
}

/// Says where the reader is, as less's `=` does: the file, the article of how many, the
/// lines shown of how many and how far through.
pub(super) fn where_am_i(app: &mut App) {
    let (Some(doc), Some(at)) = (app.current, app.position()) else {
        return app.info("no article is open");
    };
    let path = crate::corpus::display_path(&app.corpus.docs[doc].article.path);
    let total = app.reader.wrapped.as_ref().map_or(0, |w| w.rows.len());
    let first = app.reader.top.min(total.saturating_sub(1)) + 1;
    let last = (app.reader.top + app.reader_height()).min(total);
    let percent = (last * 100).checked_div(total).unwrap_or(100);
    app.info(format!(
        "{path} · article {} of {} · lines {first}–{last} of {total} · {percent}%",
        at + 1,
        app.order.len()
    ));
}
