//! Everything that can change the state: one enum, handled by [`crate::app::update`].
//! Key bindings name its bindable variants; the terminal, the loader and the state file
//! send the others.

use crate::index::MentionRef;
use crate::key::Key;
use crate::loader::LoadEvent;

/// The pane that receives movement keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    List,
    Reader,
    /// The entity list at the top of the panel.
    Panel,
    /// The selected entity's mentions (snippets) at the bottom of the panel.
    Mentions,
}

/// An action: from a key binding, the terminal, or the loader.
#[derive(Debug, Clone)]
pub enum Action {
    /// Scroll the reader down a line, or move to the next item of the focused list.
    Down,
    /// Scroll the reader up a line, or move to the previous item of the focused list.
    Up,
    /// Scroll down half a page.
    HalfPageDown,
    /// Scroll up half a page.
    HalfPageUp,
    /// Scroll down a page.
    PageDown,
    /// Scroll up a page.
    PageUp,
    /// Go to the top of the focused pane.
    Top,
    /// Go to the bottom of the focused pane.
    Bottom,
    /// Scroll the reader's text down a line, whichever pane has the focus (vim's Ctrl-e).
    ViewDown,
    /// Scroll the reader's text up a line, whichever pane has the focus (vim's Ctrl-y).
    ViewUp,
    /// Say where the reader is, as less's `=` and vim's Ctrl-g do: the file, the article
    /// of how many, the lines shown of how many, how far through.
    WhereAmI,
    /// No key followed a digit for a while: it selected its entity and is no count.
    Settle,
    /// Wait for `z`, `t` or `b`: the current mention (else the top line) to the middle,
    /// top or bottom of the screen, as vim's `zz`, `zt`, `zb`.
    PlaceLine,
    /// Focus the next pane: list, reader, panel.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Focus the pane to the left of the focused one.
    FocusLeft,
    /// Focus the pane to the right of the focused one.
    FocusRight,
    /// Open the article under the list cursor, or the first mention of the panel's entity.
    Open,
    /// Open the next article of the list.
    NextArticle,
    /// Open the previous article of the list.
    PrevArticle,
    /// Jump to the next mention of the selected entity, into the next article if need be.
    NextMention,
    /// Jump to the previous mention of the selected entity.
    PrevMention,
    /// Jump to the next mention of any entity in this article.
    NextAnyMention,
    /// Jump to the previous mention of any entity in this article.
    PrevAnyMention,
    /// Select the entity numbered n (1-based): the same entity in every article.
    SelectEntity(usize),
    /// Switch the panel between this article's entities and all articles'.
    ToggleScope,
    /// Show or hide the discovered entities: underlined in the text, listed in the panel.
    ToggleDiscovered,
    /// Promote the selected discovered entity to tracked, in the user's entity file.
    Promote,
    /// Hide the selected discovered entity for good.
    HideDiscovered,
    /// Undo the last hide: the name leaves the file's hidden list and is offered again.
    UndoHide,
    /// Show only the articles that mention the selected entity, or all again.
    ToggleFilter,
    /// Go back to where the last jump came from.
    JumpBack,
    /// Go forward again through the jump history.
    JumpForward,
    /// Show or hide the coverage matrix (entities × articles) in place of the reader.
    ToggleCoverage,
    /// Open the search prompt.
    Search,
    /// Show or hide the problems of the load (files skipped, parts unread).
    ToggleProblems,
    /// Sort the list by the next key: file order, date, title, mentions.
    CycleSort,
    /// Set a mark: the next letter names it.
    SetMark,
    /// Go to a mark: the next letter names it (`'` again: back where the last jump left).
    JumpMark,
    /// List the marks.
    ListMarks,
    /// Write (or edit) a note on the current mention, else on the paragraph at the top.
    AddNote,
    /// List the notes.
    ListNotes,
    /// A key typed into the prompt.
    Input(Key),
    /// Show or hide the help overlay.
    ToggleHelp,
    /// Close the overlay, or clear the current mention.
    Cancel,
    /// Leave newslens.
    Quit,
    /// Hand the terminal back to the shell and stop, as Ctrl-z does in less and vim.
    Suspend,
    /// The terminal is back after a suspension.
    Resumed,
    /// Focus this pane (a click on it where nothing else is).
    FocusPane(Focus),
    /// Open the article at this position of the list (a click on it).
    SelectArticle(usize),
    /// Select the entity on this row of the panel's list (a click on it; a heading
    /// selects nothing).
    SelectPanelRow(usize),
    /// Go to the selected entity's mention at this index of the mention list (a click on
    /// its snippet).
    OpenSnippet(usize),
    /// Go to this mention (a click on it in the text).
    JumpTo(MentionRef),
    /// Open the coverage cell at this row and column (a click on it).
    OpenCell(usize, usize),
    /// Scroll this pane by this many steps, down (positive) or up, leaving the keyboard
    /// focus where it is (the wheel over the pane).
    Scroll(Focus, isize),
    /// A key with no binding was pressed.
    Unbound(Key),
    /// The terminal is now this many columns and rows.
    Resize(u16, u16),
    /// The background loader has news.
    Load(LoadEvent),
    /// Work asked of the terminal loop came to this (a browser that would not start, text
    /// copied): said in the status bar, a warning unless `ok`.
    Done { ok: bool, text: String },
    /// The terminal loop starts reading more inputs (`:e`): how many, the problems with
    /// the paths given, and how many files were left out as open already.
    Loading {
        inputs: usize,
        warnings: Vec<crate::corpus::Warning>,
        already: usize,
    },
    /// What discovery found in one article, in the background.
    Discovered(crate::discover::background::Outcome),
    /// Draw every cell of the screen anew (Ctrl-l).
    Redraw,
    /// Fetch the feeds and pages given by URL again: new articles join the list.
    Reload,
    /// Fetch the open article's page again, its text replacing the one shown.
    ReloadArticle,
    /// The page of this article, fetched again: its new text as a document, `None` when
    /// it has not changed, or why it could not be had.
    PageReloaded {
        doc: usize,
        result: Result<Option<Box<crate::document::Document>>, String>,
    },
    /// Open the command line (`:`).
    Command,
    /// Open the article's URL, else its file, in the browser.
    OpenInBrowser,
    /// Copy the current mention's sentence (else the top line's) to the clipboard.
    CopySentence,
    /// Copy the article's URL (else its file's path) to the clipboard.
    CopyUrl,
    /// The current mention: the first one on the screen (the list: its top row).
    ScreenTop,
    /// The current mention: the last one on the screen (the list: its bottom row).
    ScreenBottom,
    /// Mark the open article read, or unread again.
    ToggleRead,
    /// The reading state was written (the merged state), could not be (why, and what is
    /// kept only in memory), or there is nowhere to write it (`None`).
    Saved(Option<Result<crate::state::CorpusState, crate::state::SaveFailure>>),
}

/// The names key-map files use for the bindable actions.
pub const BINDABLE: &[(&str, Action)] = &[
    ("down", Action::Down),
    ("up", Action::Up),
    ("view_down", Action::ViewDown),
    ("view_up", Action::ViewUp),
    ("where_am_i", Action::WhereAmI),
    ("place_line", Action::PlaceLine),
    ("half_page_down", Action::HalfPageDown),
    ("half_page_up", Action::HalfPageUp),
    ("page_down", Action::PageDown),
    ("page_up", Action::PageUp),
    ("top", Action::Top),
    ("bottom", Action::Bottom),
    ("focus_next", Action::FocusNext),
    ("focus_prev", Action::FocusPrev),
    ("focus_left", Action::FocusLeft),
    ("focus_right", Action::FocusRight),
    ("open", Action::Open),
    ("next_article", Action::NextArticle),
    ("prev_article", Action::PrevArticle),
    ("next_mention", Action::NextMention),
    ("prev_mention", Action::PrevMention),
    ("next_any_mention", Action::NextAnyMention),
    ("prev_any_mention", Action::PrevAnyMention),
    ("select_entity", Action::SelectEntity(0)),
    ("toggle_scope", Action::ToggleScope),
    ("discovered", Action::ToggleDiscovered),
    ("promote", Action::Promote),
    ("hide", Action::HideDiscovered),
    ("undo_hide", Action::UndoHide),
    ("toggle_filter", Action::ToggleFilter),
    ("jump_back", Action::JumpBack),
    ("jump_forward", Action::JumpForward),
    ("coverage", Action::ToggleCoverage),
    ("search", Action::Search),
    ("problems", Action::ToggleProblems),
    ("sort", Action::CycleSort),
    ("set_mark", Action::SetMark),
    ("jump_mark", Action::JumpMark),
    ("marks", Action::ListMarks),
    ("note", Action::AddNote),
    ("notes", Action::ListNotes),
    ("command", Action::Command),
    ("open_in_browser", Action::OpenInBrowser),
    ("copy_sentence", Action::CopySentence),
    ("copy_url", Action::CopyUrl),
    ("screen_top", Action::ScreenTop),
    ("screen_bottom", Action::ScreenBottom),
    ("toggle_read", Action::ToggleRead),
    ("redraw", Action::Redraw),
    ("reload", Action::Reload),
    ("reload_article", Action::ReloadArticle),
    ("help", Action::ToggleHelp),
    ("cancel", Action::Cancel),
    ("suspend", Action::Suspend),
    ("quit", Action::Quit),
];

/// Work the state cannot do itself: [`crate::app::update`] asks for it in
/// [`crate::app::App::effects`], the terminal loop does it and tells the outcome back
/// with [`Action::Done`]. Tests read the requests without a terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Open a URL or a file in the browser: the command (empty: `$BROWSER`, else the
    /// platform's opener) and what to open.
    Open { command: String, target: String },
    /// Put text on the clipboard: the command to pipe it to (empty: OSC 52), the text,
    /// and what it is, for the message.
    Copy {
        command: String,
        text: String,
        what: String,
    },
    /// Read more files or folders into the corpus.
    Load(Vec<std::path::PathBuf>),
    /// Look for untracked names in this document, in the background.
    Discover(usize),
    /// Read the inputs given by URL again.
    Reload,
    /// Fetch the page of this document's article again.
    ReloadPage {
        doc: usize,
        article: Box<crate::corpus::Article>,
    },
    /// Draw every cell anew.
    Redraw,
}

impl Action {
    /// Whether the action comes from the pointer (see `ui::hit`): it acts where it
    /// points, whatever pane has the focus or view is open.
    pub fn is_pointer(&self) -> bool {
        matches!(
            self,
            Action::FocusPane(_)
                | Action::SelectArticle(_)
                | Action::SelectPanelRow(_)
                | Action::OpenSnippet(_)
                | Action::JumpTo(_)
                | Action::OpenCell(..)
                | Action::Scroll(..)
        )
    }

    /// The bindable action with this name.
    pub fn from_name(name: &str) -> Option<Action> {
        BINDABLE
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a.clone())
    }
}
