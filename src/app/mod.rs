//! The application state: the corpus, what is open and selected, the reader's scroll and
//! wrap cache, and the overlays. No terminal code lives here; [`update`] changes it.

pub mod command;
pub mod counts;
mod discovered;
mod input;
pub mod jumps;
pub mod memory;
mod navigate;
pub mod notes;
mod outside;
mod pointer;
mod queries;
mod searching;
mod update;

pub use crate::action::{Action, Focus};
pub use input::{key_action, type_keys};
pub use update::update;

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::layout::Rect;

use crate::corpus::Warning;
use crate::document::Document;
use crate::entities::{EntityId, Gazetteer, Matcher};
use crate::index::Corpus;
use crate::keymap::Keymap;
use crate::layout::Panes;
use crate::theme::Theme;
use crate::wrap::{Anchor, Wrapped};

/// How an entity is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// Named by an entity file, or promoted with `+`: coloured, listed first.
    Tracked,
    /// Found by discovery: listed under its own heading, underlined in the text.
    Discovered,
    /// Hidden with `-`.
    Hidden,
}

/// A row of the panel's entity list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelRow {
    /// The heading over the discovered entities, with how many there are.
    Heading(usize),
    Entity(EntityId, u32),
}

/// Which entities the panel lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The open article's, with counts here and in all articles.
    Article,
    /// Every entity mentioned anywhere, with its kind and total.
    Corpus,
}

/// How a message in the status bar should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
}

/// A one-off message for the status bar, cleared by the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

/// A popup over the panes, with its scroll offset and, in lists, the selected entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Popup {
    pub kind: PopupKind,
    pub scroll: usize,
    pub selected: usize,
}

impl Popup {
    /// A popup just opened: at its top, its first entry selected.
    pub fn open(kind: PopupKind) -> Self {
        Self {
            kind,
            scroll: 0,
            selected: 0,
        }
    }
}

/// A key waiting for the letter that completes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// `m`: set the mark named by the next letter.
    SetMark,
    /// `'`: go to the mark named by the next letter.
    JumpMark,
    /// `z`: place the current mention by the next key, as vim's `zz`, `zt`, `zb`.
    Place,
}

/// What a popup shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PopupKind {
    /// The keys, generated from the key map.
    Help,
    /// Every warning of the load: files skipped and parts of files that could not be read.
    Problems,
    /// The marks, one per line; Enter goes to the selected one.
    Marks,
    /// The notes, one per line; Enter goes to the selected one.
    Notes,
}

/// The order of the article list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// As the files were named and walked (a feed's items in feed order).
    #[default]
    File,
    /// Oldest first; undated articles last.
    Date,
    /// By headline, ignoring case.
    Title,
    /// Most tracked mentions first.
    Mentions,
}

impl Sort {
    /// The next order in the `s` cycle.
    pub fn next(self) -> Self {
        match self {
            Self::File => Self::Date,
            Self::Date => Self::Title,
            Self::Title => Self::Mentions,
            Self::Mentions => Self::File,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::File => "file order",
            Self::Date => "date",
            Self::Title => "title",
            Self::Mentions => "mentions",
        }
    }
}

/// Progress of the background load.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Loading {
    /// How many inputs there are.
    pub total: usize,
    /// How many have been read or have failed.
    pub done: usize,
    /// The inputs taking long to read (the others are shown meanwhile).
    pub waiting: Vec<std::path::PathBuf>,
    /// How many loaders are still reading (the first, and one per `:e`).
    pub running: usize,
}

/// The reader's view of the open article.
#[derive(Debug, Clone, Default)]
pub struct ReaderView {
    /// The open article wrapped to the reader's width.
    pub wrapped: Option<Wrapped>,
    /// The first visible row.
    pub top: usize,
    /// Where each article was left, so coming back resumes there.
    pub saved: HashMap<usize, Anchor>,
    /// The reading position as of the user's last move; successive resizes re-wrap to it
    /// so the position does not drift.
    pub resize_anchor: Option<Anchor>,
    /// Columns scrolled sideways, with `:set nowrap`.
    pub left: usize,
}

/// The search prompt at the bottom of the screen.
#[derive(Debug, Clone, Default)]
pub struct Prompt {
    pub text: String,
    /// The cursor, a byte offset into `text`.
    pub cursor: usize,
    /// Where the reader was when the prompt opened; `Esc` returns there.
    pub origin: Option<jumps::Place>,
    /// Why the pattern does not compile, while it does not.
    pub error: Option<String>,
    /// The pattern's hits in the open article, highlighted as it is typed.
    pub hits: Vec<std::ops::Range<usize>>,
    /// Which entry of the history Up/Down is showing.
    pub history_at: Option<usize>,
    /// What the prompt is for.
    pub kind: PromptKind,
}

/// What the prompt at the bottom of the screen is for.
#[derive(Debug, Clone, Default)]
pub enum PromptKind {
    /// A search (`/`).
    #[default]
    Search,
    /// A note on this place (`a`).
    Note(notes::Target),
    /// A command line (`:`), with Tab's candidates while it cycles through them.
    Command(Option<command::Completion>),
}

/// An accepted search: its pattern and every hit, in list order.
#[derive(Debug, Clone)]
pub struct Search {
    pub pattern: crate::search::Pattern,
    pub hits: Vec<crate::search::Hit>,
    /// The hit last jumped to.
    pub current: Option<usize>,
    /// Per document, its hits as a range of indices into `hits` (a document's hits are
    /// contiguous, as hits come in list order).
    by_doc: HashMap<usize, std::ops::Range<usize>>,
}

impl Search {
    pub fn new(pattern: crate::search::Pattern, hits: Vec<crate::search::Hit>) -> Self {
        let mut by_doc: HashMap<usize, std::ops::Range<usize>> = HashMap::new();
        for (i, h) in hits.iter().enumerate() {
            by_doc.entry(h.doc).or_insert(i..i).end = i + 1;
        }
        Self {
            pattern,
            hits,
            current: None,
            by_doc,
        }
    }

    /// The hits in document `doc`, as a range of indices into `hits`.
    pub fn hits_in(&self, doc: usize) -> std::ops::Range<usize> {
        self.by_doc.get(&doc).cloned().unwrap_or(0..0)
    }
}

/// What the reader starts with besides the corpus: the user's configuration and what was
/// remembered. Given to [`App::new`], so nothing outside `update` writes into an `App`.
#[derive(Debug, Clone, Default)]
pub struct Setup {
    pub keymap: Keymap,
    /// The theme; its entity colours are given out by `App::new`.
    pub theme: Theme,
    /// Where `+` and `-` write.
    pub user_entities: Option<std::path::PathBuf>,
    /// Problems found before loading (paths, entity files, the state file).
    pub warnings: Vec<Warning>,
    /// The reading state remembered for this corpus.
    pub memory: crate::state::CorpusState,
    /// The reader's options, as the configuration sets them.
    pub settings: crate::settings::Settings,
    /// Whether some inputs are URLs, which `r` fetches again.
    pub reloadable: bool,
    /// Whether the terminal loop looks for untracked names in each article after
    /// loading, in the background (the articles then arrive without them).
    pub discover_in_background: bool,
}

/// A reload under way: the articles already listed are known by their text and their
/// URL, and are not added again.
#[derive(Debug, Clone, Default)]
pub struct Reload {
    pub urls: std::collections::HashSet<String>,
    pub new: usize,
}

/// Progress of the background discovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Discovering {
    /// Articles looked through.
    pub done: usize,
    /// Articles to look through.
    pub total: usize,
}

/// Everything newslens shows.
#[derive(Debug, Clone)]
pub struct App {
    pub corpus: Corpus,
    /// The list's order of documents (indices into `corpus.docs`).
    pub order: Vec<usize>,
    /// Inputs that could not be read.
    pub warnings: Vec<Warning>,
    /// `Some` while the background load is running.
    pub loading: Option<Loading>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub focus: Focus,
    /// The open document.
    pub current: Option<usize>,
    /// The list cursor: a position in `order`.
    pub cursor: usize,
    /// The selected entity: its mentions are what `n`/`N` visit.
    pub selected: Option<EntityId>,
    /// The current mention (an index into the open document's mentions).
    pub mention: Option<usize>,
    /// When set, the list shows only the articles that mention this entity.
    pub filter: Option<EntityId>,
    /// Where jumps came from, for `Ctrl-o` and `Ctrl-i`.
    pub jumps: jumps::JumpList,
    /// The coverage matrix's cursor (entity row, article column), while it is shown.
    pub coverage: Option<(usize, usize)>,
    /// The search prompt, while it is open.
    pub prompt: Option<Prompt>,
    /// The accepted search, while `n`/`N` step through its hits.
    pub search: Option<Search>,
    /// Accepted patterns, oldest first, for Up and Down in the prompt.
    pub search_history: Vec<String>,
    /// The cursor in the selected entity's mention list (an index into
    /// [`App::entity_mentions`]).
    pub snippet: usize,
    pub reader: ReaderView,
    /// The terminal's size.
    pub area: Rect,
    /// Where the panes go at that size: laid out once per resize, for the views, the
    /// pointer and the focus keys alike.
    pub layout: Panes,
    /// The entities in the order `1`–`9` number them, the same in every article: tracked
    /// ones by their total, then discovered ones by theirs. Worked out as articles load
    /// and fixed once they have; an entity promoted or hidden keeps its number.
    pub numbering: Vec<EntityId>,
    /// The popup shown over the panes (help, problems), if any.
    pub popup: Option<Popup>,
    pub message: Option<Message>,
    pub should_quit: bool,
    /// The user asked to suspend (Ctrl-z): the terminal loop hands the terminal back to
    /// the shell, stops, and reports [`Action::Resumed`] when continued.
    pub suspended: bool,
    /// The last save failed: what is kept only in memory, and where it would go.
    pub save_failure: Option<crate::state::SaveFailure>,
    /// What is remembered between sessions: positions, read articles, marks.
    pub memory: crate::state::CorpusState,
    /// Whether `memory` has changes to write, and how soon.
    pub unsaved: memory::Unsaved,
    /// Documents by body hash, for remembered state that names articles so.
    pub by_hash: HashMap<String, usize>,
    /// `m` or `'` waiting for its letter.
    pub pending: Option<Pending>,
    /// The last discovered entity hidden with `-`, its name and the file, for `u`.
    pub last_hidden: Option<(crate::entities::EntityId, String, std::path::PathBuf)>,
    /// `Some` while `r` fetches the URLs again: what is known already, and how many new
    /// articles came.
    pub reload: Option<Reload>,
    /// Whether some inputs are URLs, which `r` fetches again.
    pub reloadable: bool,
    /// `Some` while discovery looks through articles in the background.
    pub discovering: Option<Discovering>,
    /// Whether each article loaded is queued for background discovery.
    pub discover_in_background: bool,
    /// The article marked unread by hand: left unread though its end is on the screen,
    /// until another article opens.
    pub kept_unread: Option<usize>,
    /// A count being typed (`5` of `5j`).
    pub count: Option<counts::Count>,
    /// The reader's options (`:set`): discovered names shown, text width, the list's
    /// order, the panel's scope, the browser and clipboard commands.
    pub settings: crate::settings::Settings,
    /// What the terminal loop is asked to do (open a browser, copy, read more files,
    /// redraw), taken by it after each update.
    pub effects: Vec<crate::action::Effect>,
    /// Accepted command lines, oldest first, for Up and Down at the `:` prompt.
    pub command_history: Vec<String>,
    /// The user's entity file, where `+` and `-` write.
    pub user_entities: Option<std::path::PathBuf>,
    /// Whether the user has pressed anything yet (then the article open at the last quit
    /// is no longer reopened when it loads).
    pub navigated: bool,
}

impl App {
    /// Says something in the status bar until the next key.
    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            level: Level::Info,
            text: text.into(),
        });
    }

    /// Warns in the status bar until the next key.
    pub(crate) fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            level: Level::Warning,
            text: text.into(),
        });
    }

    /// An empty app that expects `total` inputs from the loader.
    pub fn new(
        gazetteer: Arc<Gazetteer>,
        matcher: Arc<Matcher>,
        total: usize,
        setup: Setup,
    ) -> Self {
        let mut theme = setup.theme;
        theme.assign(&gazetteer);
        Self {
            corpus: Corpus::new(gazetteer, matcher),
            order: Vec::new(),
            warnings: setup.warnings,
            loading: Some(Loading {
                total,
                running: 1,
                ..Loading::default()
            }),
            keymap: setup.keymap,
            theme,
            focus: Focus::Reader,
            current: None,
            cursor: 0,
            selected: None,
            mention: None,
            filter: None,
            jumps: jumps::JumpList::default(),
            coverage: None,
            prompt: None,
            search: None,
            search_history: Vec::new(),
            snippet: 0,
            reader: ReaderView::default(),
            area: Rect::new(0, 0, 80, 24),
            layout: Panes::new(Rect::new(0, 0, 80, 24)),
            numbering: Vec::new(),
            popup: None,
            message: None,
            should_quit: false,
            suspended: false,
            save_failure: None,
            memory: setup.memory,
            unsaved: memory::Unsaved::Nothing,
            by_hash: HashMap::new(),
            pending: None,
            settings: setup.settings,
            effects: Vec::new(),
            command_history: Vec::new(),
            user_entities: setup.user_entities,
            last_hidden: None,
            count: None,
            kept_unread: None,
            discovering: None,
            reload: None,
            reloadable: setup.reloadable,
            discover_in_background: setup.discover_in_background,
            navigated: false,
        }
    }

    /// Uses `theme`, its entity colours given out for this corpus's entities.
    /// An app with everything already loaded, sized to `area` (for tests and benchmarks).
    pub fn with_documents(
        gazetteer: Arc<Gazetteer>,
        matcher: Arc<Matcher>,
        docs: Vec<Document>,
        warnings: Vec<Warning>,
        area: Rect,
    ) -> Self {
        Self::with_setup(gazetteer, matcher, docs, warnings, area, Setup::default())
    }

    /// [`App::with_documents`], starting from `setup`.
    pub fn with_setup(
        gazetteer: Arc<Gazetteer>,
        matcher: Arc<Matcher>,
        docs: Vec<Document>,
        warnings: Vec<Warning>,
        area: Rect,
        setup: Setup,
    ) -> Self {
        let total = docs.len() + warnings.len();
        let mut app = Self::new(gazetteer, matcher, total, setup);
        update(&mut app, Action::Resize(area.width, area.height));
        for doc in docs {
            app.add_document(doc);
        }
        for w in warnings {
            app.warnings.push(w);
        }
        app.loading = None;
        navigate::number_entities(&mut app);
        memory::after_update(&mut app, None);
        app
    }

    fn add_document(&mut self, doc: Document) {
        let index = self.corpus.docs.len();
        self.corpus.push(doc);
        if self.passes_filter(index) {
            // Loading in the middle of a sort: the new article goes where it belongs,
            // after its equals, and the cursor stays on the article it was on.
            let at = self
                .order
                .partition_point(|&d| self.sort_cmp(d, index) != std::cmp::Ordering::Greater);
            self.order.insert(at, index);
            if at <= self.cursor && self.order.len() > 1 {
                self.cursor += 1;
            }
        }
        memory::on_document(self, index);
        if self.discover_in_background {
            self.effects.push(crate::action::Effect::Discover(index));
            self.discovering.get_or_insert_default().total += 1;
        }
        // Before the user moves, the reader shows the list's first article: one read
        // late (a slow file) but listed first takes the place of the one opened for it.
        let restored = |app: &Self, d: usize| {
            let hash = &app.corpus.docs[d].hash;
            app.memory.last.as_ref().is_some_and(|l| &l.hash == hash)
        };
        let first_now = self.order.first() == Some(&index);
        if self.current.is_none()
            || (first_now
                && !self.navigated
                && self
                    .current
                    .is_some_and(|c| c != index && !restored(self, c)))
        {
            navigate::open_document(self, index);
        }
        memory::reopen_if_last(self, index);
    }
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_command;
#[cfg(test)]
pub(crate) mod tests_corpus;
#[cfg(test)]
pub(crate) mod tests_discovered;
#[cfg(test)]
mod tests_memory;
#[cfg(test)]
mod tests_notes;
#[cfg(test)]
mod tests_sort;
