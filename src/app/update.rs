//! The one place the state changes: [`update`] applies an [`Action`] to the [`App`].

use super::jumps::Place;
use super::{Action, App, Focus, Level, Loading, Message, Popup, PopupKind, Scope};
use crate::document::Direction;
use crate::index::MentionRef;
use crate::loader::LoadEvent;
use crate::wrap::Wrapped;

/// Applies one action.
pub fn update(app: &mut App, action: Action) {
    let before = app.current;
    apply(app, action);
    super::memory::after_update(app, before);
}

fn apply(app: &mut App, action: Action) {
    match action {
        Action::Resize(w, h) => return resize(app, w, h),
        Action::Load(event) => return loaded(app, event),
        Action::Saved(result) => return super::memory::saved(app, result),
        // Wherever the user is (a popup, a prompt), the terminal goes back to the shell.
        Action::Suspend => return app.suspended = true,
        Action::Resumed => return app.suspended = false,
        _ => {
            app.message = None;
            app.reader.resize_anchor = None;
            app.navigated = true;
        }
    }
    // `m` or `'` waiting for a letter takes the next key; anything else cancels it.
    if let Some(pending) = app.pending.take()
        && let Action::Input(key) = action
    {
        return super::memory::pending_key(app, pending, key);
    }
    if app.popup.is_some() {
        return popup_key(app, action);
    }
    let action = match app.coverage {
        Some(_) if action.is_pointer() => action,
        Some(cell) => match coverage_key(app, cell, action) {
            Some(rest) => rest,
            None => return,
        },
        None => action,
    };
    match action {
        Action::Down => move_by(app, 1),
        Action::Up => move_by(app, -1),
        Action::HalfPageDown => move_by(app, half_page(app)),
        Action::HalfPageUp => move_by(app, -half_page(app)),
        Action::PageDown => move_by(app, page(app)),
        Action::PageUp => move_by(app, -page(app)),
        Action::Top => move_by(app, isize::MIN),
        Action::Bottom => move_by(app, isize::MAX),
        Action::FocusNext => cycle_focus(app, 1),
        Action::FocusPrev => cycle_focus(app, -1),
        Action::FocusLeft => side_focus(app, -1),
        Action::FocusRight => side_focus(app, 1),
        Action::Open => open(app),
        Action::NextArticle => step_article(app, 1),
        Action::PrevArticle => step_article(app, -1),
        Action::NextMention if app.search.is_some() => {
            super::searching::step(app, Direction::Forward);
        }
        Action::PrevMention if app.search.is_some() => {
            super::searching::step(app, Direction::Backward);
        }
        Action::NextMention => step_mention(app, Direction::Forward),
        Action::PrevMention => step_mention(app, Direction::Backward),
        Action::NextAnyMention => step_any(app, Direction::Forward),
        Action::PrevAnyMention => step_any(app, Direction::Backward),
        Action::SelectEntity(n) => select_nth(app, n),
        Action::ToggleScope => toggle_scope(app),
        Action::ToggleDiscovered => super::discovered::toggle(app),
        Action::Promote => super::discovered::promote(app),
        Action::HideDiscovered => super::discovered::hide(app),
        Action::ToggleCoverage => {
            let row = app
                .selected
                .and_then(|e| app.corpus_entities().iter().position(|&x| x == e));
            app.coverage = Some((row.unwrap_or(0), app.position().unwrap_or(0)));
        }
        Action::Search => super::searching::open_prompt(app),
        Action::FocusPane(pane) => super::pointer::focus(app, pane),
        Action::SelectArticle(item) => super::pointer::select_article(app, item),
        Action::SelectPanelRow(row) => super::pointer::select_panel_row(app, row),
        Action::OpenSnippet(k) => super::pointer::open_snippet(app, k),
        Action::JumpTo(at) => super::pointer::jump_to(app, at),
        Action::OpenCell(row, col) => super::pointer::open_coverage_cell(app, row, col),
        Action::Scroll(pane, delta) => super::pointer::scroll(app, pane, delta),
        Action::Input(key) => super::searching::input(app, key),
        Action::ToggleFilter => toggle_filter(app),
        Action::JumpBack => jump_back(app),
        Action::JumpForward => jump_forward(app),
        Action::ToggleHelp => {
            app.popup = Some(Popup {
                kind: PopupKind::Help,
                scroll: 0,
                selected: 0,
            })
        }
        Action::ToggleProblems => {
            app.popup = Some(Popup {
                kind: PopupKind::Problems,
                scroll: 0,
                selected: 0,
            })
        }
        Action::CycleSort => cycle_sort(app),
        Action::SetMark => app.pending = Some(super::Pending::SetMark),
        Action::JumpMark => app.pending = Some(super::Pending::JumpMark),
        Action::ListMarks => super::memory::list_marks(app),
        Action::AddNote => super::notes::open(app),
        Action::ListNotes => super::notes::list(app),
        Action::Cancel if app.search.is_some() => {
            app.search = None;
            info(
                app,
                "search cleared: n and N follow the selected entity again",
            );
        }
        Action::Cancel => app.mention = None,
        Action::Quit => app.should_quit = true,
        // Handled before any routing, above.
        Action::Suspend | Action::Resumed | Action::Saved(_) => {}
        Action::Unbound(key) => {
            let help = app
                .keymap
                .hint(&Action::ToggleHelp, |k| format!(" ({k} shows the keys)"));
            info(app, format!("{key} is not bound to anything{help}"));
        }
        Action::Resize(..) | Action::Load(_) => {}
    }
}

pub(super) fn info(app: &mut App, text: impl Into<String>) {
    app.message = Some(Message {
        level: Level::Info,
        text: text.into(),
    });
}

pub(super) fn warn(app: &mut App, text: impl Into<String>) {
    app.message = Some(Message {
        level: Level::Warning,
        text: text.into(),
    });
}

fn half_page(app: &App) -> isize {
    (app.reader_height() / 2).max(1) as isize
}

fn page(app: &App) -> isize {
    match app.focus {
        Focus::List => (app.panes().list_items() as isize).max(1),
        _ => (app.reader_height().saturating_sub(2)).max(1) as isize,
    }
}

/// Keys while a popup is open: scroll it, or close it (its own key, Esc or q). Another
/// popup's key switches to that popup.
fn popup_key(app: &mut App, action: Action) {
    let Some(Popup {
        kind,
        scroll,
        selected,
    }) = app.popup
    else {
        return;
    };
    if matches!(kind, PopupKind::Marks | PopupKind::Notes) {
        return list_key(app, kind, action, selected);
    }
    let scroll = match action {
        Action::ToggleHelp if kind == PopupKind::Help => return app.popup = None,
        Action::ToggleProblems if kind == PopupKind::Problems => return app.popup = None,
        Action::ToggleHelp | Action::ToggleProblems => {
            app.popup = None;
            return apply(app, action);
        }
        Action::Cancel | Action::Quit => return app.popup = None,
        Action::Down => scroll + 1,
        Action::Up => scroll.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => scroll + 10,
        Action::PageUp | Action::HalfPageUp => scroll.saturating_sub(10),
        Action::Top => 0,
        Action::Bottom => usize::MAX / 2,
        _ => scroll,
    };
    app.popup = Some(Popup {
        kind,
        scroll,
        selected,
    });
}

/// Keys in the marks and notes popups: move the selection, Enter goes there, the popup's
/// own key, Esc or q closes it.
fn list_key(app: &mut App, kind: PopupKind, action: Action, selected: usize) {
    let marks = kind == PopupKind::Marks;
    let len = if marks {
        super::memory::marks(app).len()
    } else {
        // Every note is listed, placed or not.
        app.memory.notes.len()
    };
    let last = len.saturating_sub(1);
    let selected = match action {
        Action::Open if marks => return super::memory::open_selected_mark(app, selected),
        Action::Open => return super::notes::open_selected(app, selected),
        Action::ListMarks if marks => return app.popup = None,
        Action::ListNotes if !marks => return app.popup = None,
        Action::Cancel | Action::Quit => return app.popup = None,
        Action::ToggleHelp | Action::ToggleProblems | Action::ListMarks | Action::ListNotes => {
            app.popup = None;
            return apply(app, action);
        }
        Action::Down => selected + 1,
        Action::Up => selected.saturating_sub(1),
        Action::PageDown | Action::HalfPageDown => selected + 10,
        Action::PageUp | Action::HalfPageUp => selected.saturating_sub(10),
        Action::Top => 0,
        Action::Bottom => last,
        _ => selected,
    };
    app.popup = Some(Popup {
        kind,
        scroll: 0,
        selected: selected.min(last),
    });
}

/// Moves the list to the next order of the `s` cycle; the open article stays open.
fn cycle_sort(app: &mut App) {
    app.sort = app.sort.next();
    rebuild_order(app);
    super::searching::refresh(app);
    sync_snippet(app);
    let next = |then: &str| {
        app.keymap
            .hint(&Action::CycleSort, |k| format!(" ({k}: {then})"))
    };
    let text = match app.sort {
        super::Sort::File => format!("articles in file order{}", next("by date")),
        super::Sort::Date => format!("articles by date, oldest first{}", next("by title")),
        super::Sort::Title => format!("articles by title{}", next("by mentions")),
        super::Sort::Mentions => {
            format!("articles by mentions, most first{}", next("file order"))
        }
    };
    info(app, text);
}

fn resize(app: &mut App, w: u16, h: u16) {
    app.area = ratatui::layout::Rect::new(0, 0, w, h);
    let width = app.panes().reader_text.width as usize;
    if let (Some(doc), Some(old)) = (app.current, &app.reader.wrapped)
        && old.width != width.max(1)
    {
        let anchor = *app
            .reader
            .resize_anchor
            .get_or_insert(old.anchor_at(app.reader.top));
        let wrapped = Wrapped::new(&app.corpus.docs[doc], width);
        app.reader.top = wrapped.row_of(anchor);
        app.reader.wrapped = Some(wrapped);
    }
    app.reader.top = app.reader.top.min(app.max_top());
}

fn loaded(app: &mut App, event: LoadEvent) {
    match event {
        LoadEvent::Read { docs, warnings } => {
            for doc in docs {
                app.add_document(doc);
            }
            app.warnings.extend(warnings);
            progress(app);
        }
        LoadEvent::Waiting(paths) => {
            if let Some(loading) = &mut app.loading {
                loading.waiting = paths;
            }
        }
        LoadEvent::Finished => {
            app.loading = None;
            if app.corpus.docs.is_empty() {
                warn(app, "no articles could be read");
            }
        }
    }
}

fn progress(app: &mut App) {
    if let Some(Loading { done, .. }) = &mut app.loading {
        *done += 1;
    }
}

/// Opens a document: saves where the old one was left, wraps the new one and restores
/// where it was left. The selected entity stays; with none, the first of the new one's.
pub(super) fn open_document(app: &mut App, doc: usize) {
    if app.current == Some(doc) {
        return;
    }
    if let (Some(old), Some(w)) = (app.current, &app.reader.wrapped) {
        app.reader.saved.insert(old, w.anchor_at(app.reader.top));
    }
    let width = app.panes().reader_text.width as usize;
    let wrapped = Wrapped::new(&app.corpus.docs[doc], width);
    app.reader.top = app.reader.saved.get(&doc).map_or(0, |a| wrapped.row_of(*a));
    app.reader.wrapped = Some(wrapped);
    app.current = Some(doc);
    app.mention = None;
    if let Some(pos) = app.order.iter().position(|&d| d == doc) {
        app.cursor = pos;
    }
    if app.selected.is_none() {
        // The article's most mentioned tracked entity (a discovered one when none is).
        let entities = &app.corpus.docs[doc].entities;
        app.selected = entities
            .iter()
            .find(|(e, _)| !e.is_discovered())
            .or_else(|| entities.first())
            .map(|(e, _)| *e);
        sync_snippet(app);
    }
    app.reader.top = app.reader.top.min(app.max_top());
}

pub(super) fn move_by(app: &mut App, delta: isize) {
    match app.focus {
        Focus::Reader => {
            let top = app.reader.top.saturating_add_signed(delta);
            app.reader.top = top.min(app.max_top());
        }
        Focus::List => {
            let last = app.order.len().saturating_sub(1);
            app.cursor = app.cursor.saturating_add_signed(delta).min(last);
        }
        Focus::Mentions => {
            let Some(entity) = app.selected else { return };
            let last = app.entity_mentions(entity).len().saturating_sub(1);
            app.snippet = app.snippet.saturating_add_signed(delta).min(last);
        }
        Focus::Panel => {
            let entities: Vec<_> = app.panel_entities().iter().map(|(e, _)| *e).collect();
            if entities.is_empty() {
                return;
            }
            let at = app
                .selected
                .and_then(|s| entities.iter().position(|&e| e == s));
            let next = match at {
                Some(i) => i.saturating_add_signed(delta).min(entities.len() - 1),
                None if delta < 0 => entities.len() - 1,
                None => 0,
            };
            select(app, entities[next]);
        }
    }
}

/// Selects an entity; the mention list's cursor goes to the current mention when it is
/// one of this entity's, else to its first mention.
pub(super) fn select(app: &mut App, entity: crate::entities::EntityId) {
    app.selected = Some(entity);
    sync_snippet(app);
}

/// Puts the mention list's cursor on the current mention, if it is of the selected entity.
pub(super) fn sync_snippet(app: &mut App) {
    let Some(entity) = app.selected else { return };
    let current = app.current_mention();
    let list = app.entity_mentions(entity);
    // PERF: in file order the list is sorted, so the current mention is found by bisection.
    let sorted = app.order.is_sorted();
    app.snippet = current
        .and_then(|c| {
            if sorted {
                list.binary_search(&c).ok()
            } else {
                list.iter().position(|&m| m == c)
            }
        })
        .unwrap_or(0);
}

const FOCUS_ORDER: [Focus; 4] = [Focus::List, Focus::Reader, Focus::Panel, Focus::Mentions];

/// The panes shown at this size, left to right.
fn visible_panes(app: &App) -> Vec<Focus> {
    let panes = app.panes();
    FOCUS_ORDER
        .into_iter()
        .filter(|f| match f {
            Focus::List => panes.list.is_some(),
            Focus::Reader => true,
            Focus::Panel => panes.panel.is_some(),
            // Whether the panel has room for the mention list depends on sizes and
            // counts, not on the text drawn in it.
            Focus::Mentions => panes.panel.is_some_and(|p| {
                let rows = app.panel_rows();
                let selected = app.selected.is_some();
                crate::layout::PanelLayout::new(p, rows.len(), selected, None, 0)
                    .mentions
                    .height
                    > 0
            }),
        })
        .collect()
}

fn cycle_focus(app: &mut App, delta: isize) {
    let panes = visible_panes(app);
    let at = panes.iter().position(|&f| f == app.focus).unwrap_or(0);
    let n = panes.len() as isize;
    app.focus = panes[((at as isize + delta).rem_euclid(n)) as usize];
}

fn side_focus(app: &mut App, delta: isize) {
    // The panel's two parts are one column: sideways moves treat them as one pane.
    let panes: Vec<Focus> = visible_panes(app)
        .into_iter()
        .filter(|&f| f != Focus::Mentions)
        .collect();
    let here = match app.focus {
        Focus::Mentions => Focus::Panel,
        f => f,
    };
    let at = panes.iter().position(|&f| f == here).unwrap_or(0);
    if let Some(&f) = at.checked_add_signed(delta).and_then(|i| panes.get(i)) {
        app.focus = f;
    }
}

pub(super) fn open(app: &mut App) {
    match app.focus {
        Focus::List => {
            if let Some(&doc) = app.order.get(app.cursor) {
                if app.current != Some(doc) {
                    record_jump(app);
                }
                open_document(app, doc);
                app.focus = Focus::Reader;
            }
        }
        Focus::Panel => {
            let (Some(doc), Some(entity)) = (app.current, app.selected) else {
                return;
            };
            if let Some(i) = app.corpus.docs[doc].find_mention(Some(entity), 0, Direction::Forward)
            {
                jump(app, MentionRef { doc, mention: i });
            }
        }
        Focus::Mentions => {
            let Some(entity) = app.selected else { return };
            if let Some(&at) = app.entity_mentions(entity).get(app.snippet) {
                jump_near_top(app, at);
            }
        }
        Focus::Reader => {}
    }
}

fn step_article(app: &mut App, delta: isize) {
    let Some(pos) = app.position() else { return };
    match pos.checked_add_signed(delta).and_then(|p| app.order.get(p)) {
        Some(&doc) => {
            record_jump(app);
            open_document(app, doc);
        }
        None if delta > 0 => info(app, "already at the last article"),
        None => info(app, "already at the first article"),
    }
}

/// The body offset a mention search starts from: the current mention when it is on
/// screen, else the top of the view (as `less` searches from the screen).
pub(super) fn search_origin(app: &App, dir: Direction) -> usize {
    let (top, height) = (app.reader.top, app.reader_height());
    if let (Some(doc), Some(i), Some(w)) = (app.doc(), app.mention, &app.reader.wrapped) {
        let row = w.mention_pos[i].0;
        if (top..top + height).contains(&row) {
            let start = doc.mentions[i].start;
            return match dir {
                Direction::Forward => start + 1,
                Direction::Backward => start,
            };
        }
    }
    app.reader
        .wrapped
        .as_ref()
        .map_or(0, |w| w.body_offset(top))
}

/// Says how to pick an entity, with the keys that do.
fn no_entity_selected(app: &App) -> String {
    let pick = app.keymap.hint(&Action::SelectEntity(0), |k| {
        format!(": press {k} to pick one")
    });
    format!("no entity selected{pick}")
}

fn step_mention(app: &mut App, dir: Direction) {
    let Some(doc) = app.current else { return };
    let Some(entity) = app.selected else {
        return warn(app, no_entity_selected(app));
    };
    let from = search_origin(app, dir);
    match app.corpus.step(&app.order, doc, from, entity, dir) {
        Some(found) => {
            jump(app, found.at);
            if found.wrapped {
                let name = app.corpus.entity(entity).name.clone();
                info(
                    app,
                    match dir {
                        Direction::Forward => {
                            format!("wrapped: back to the first mention of {name}")
                        }
                        Direction::Backward => format!("wrapped: on to the last mention of {name}"),
                    },
                );
            }
        }
        None => {
            let name = app.corpus.entity(entity).name.clone();
            warn(app, format!("no mentions of {name}"));
        }
    }
}

fn step_any(app: &mut App, dir: Direction) {
    let Some(current) = app.current else { return };
    let from = search_origin(app, dir);
    let doc = &app.corpus.docs[current];
    if doc.mentions.is_empty() {
        return info(app, "no mentions in this article");
    }
    let (found, wrapped) = match doc.find_mention(None, from, dir) {
        Some(i) => (i, false),
        None => match dir {
            Direction::Forward => (0, true),
            Direction::Backward => (doc.mentions.len() - 1, true),
        },
    };
    jump(
        app,
        MentionRef {
            doc: current,
            mention: found,
        },
    );
    if wrapped {
        info(
            app,
            match dir {
                Direction::Forward => "wrapped to the first mention in this article",
                Direction::Backward => "wrapped to the last mention in this article",
            },
        );
    }
}

/// Makes a mention current: opens its article, selects its entity, and scrolls so it is
/// on screen with a few lines of context above it.
pub(super) fn jump(app: &mut App, at: MentionRef) {
    record_jump(app);
    open_document(app, at.doc);
    app.mention = Some(at.mention);
    app.selected = Some(app.corpus.docs[at.doc].mentions[at.mention].entity);
    sync_snippet(app);
    let Some(w) = &app.reader.wrapped else { return };
    let row = w.mention_pos[at.mention].0;
    show_row(app, row);
}

/// Scrolls so `row` is on screen with a few lines of context above it; leaves the view
/// alone when it already is.
pub(super) fn show_row(app: &mut App, row: usize) {
    let height = app.reader_height();
    let context = (height.saturating_sub(1) / 3).min(3);
    let top = app.reader.top;
    if row < top + context.min(top) || row >= top + height {
        app.reader.top = row.saturating_sub(context);
    }
    app.reader.top = app.reader.top.min(app.max_top());
}

/// Makes a mention current with it a few lines from the top of the reader, as a
/// chosen snippet is shown: where it can be read with what follows.
pub(super) fn jump_near_top(app: &mut App, at: MentionRef) {
    jump(app, at);
    let Some(w) = &app.reader.wrapped else { return };
    let row = w.mention_pos[at.mention].0;
    let context = (app.reader_height().saturating_sub(1) / 3).min(3);
    app.reader.top = row.saturating_sub(context).min(app.max_top());
}

fn select_nth(app: &mut App, n: usize) {
    let entities = app.panel_entities();
    match n.checked_sub(1).and_then(|i| entities.get(i)) {
        Some(&(entity, _)) => select(app, entity),
        None => {
            let count = entities.len();
            let place = match app.scope {
                Scope::Article => "this article has",
                Scope::Corpus => "the articles have",
            };
            info(
                app,
                format!(
                    "{place} {count} entit{}",
                    if count == 1 { "y" } else { "ies" }
                ),
            );
        }
    }
}

fn toggle_scope(app: &mut App) {
    app.scope = match app.scope {
        Scope::Article => Scope::Corpus,
        Scope::Corpus => Scope::Article,
    };
    info(
        app,
        match app.scope {
            Scope::Article => "entities in this article",
            Scope::Corpus => "entities in all articles",
        },
    );
}

/// Where the reader is now, for the jump list.
pub(super) fn here(app: &App) -> Option<Place> {
    Some(Place {
        doc: app.current?,
        top: app.reader.wrapped.as_ref()?.anchor_at(app.reader.top),
        mention: app.mention,
    })
}

pub(super) fn record_jump(app: &mut App) {
    if let Some(place) = here(app) {
        app.jumps.record(place);
    }
}

/// Returns to a place from the jump list.
pub(super) fn go_to(app: &mut App, place: Place) {
    if !app.order.contains(&place.doc) {
        app.filter = None;
        rebuild_order(app);
        info(app, "filter cleared to go back to an article it hid");
    }
    open_document(app, place.doc);
    if let Some(w) = &app.reader.wrapped {
        app.reader.top = w.row_of(place.top).min(app.max_top());
    }
    app.mention = place.mention;
    if let Some(search) = app.search.as_mut()
        && search
            .current
            .is_some_and(|c| search.hits[c].doc != place.doc)
    {
        search.current = None;
    }
    if let Some(i) = place.mention {
        app.selected = Some(app.corpus.docs[place.doc].mentions[i].entity);
    }
    sync_snippet(app);
}

pub(super) fn jump_back(app: &mut App) {
    let Some(here) = here(app) else { return };
    match app.jumps.back(here) {
        Some(place) => go_to(app, place),
        None => info(app, "at the oldest jump"),
    }
}

fn jump_forward(app: &mut App) {
    match app.jumps.forward() {
        Some(place) => go_to(app, place),
        None => info(app, "at the newest jump"),
    }
}

/// The list's documents: all, in file order, less those the filter hides.
pub(super) fn rebuild_order(app: &mut App) {
    let mut order: Vec<usize> = (0..app.corpus.docs.len())
        .filter(|&d| app.passes_filter(d))
        .collect();
    if app.sort != super::Sort::File {
        order.sort_by(|&a, &b| app.sort_cmp(a, b));
    }
    app.order = order;
    app.cursor = app.position().unwrap_or(0);
}

fn toggle_filter(app: &mut App) {
    if app.filter.take().is_some() {
        rebuild_order(app);
        super::searching::refresh(app);
        return info(app, "showing all articles");
    }
    let Some(entity) = app.selected else {
        return warn(app, no_entity_selected(app));
    };
    app.filter = Some(entity);
    rebuild_order(app);
    super::searching::refresh(app);
    let name = app.corpus.entity(entity).name.clone();
    let n = app.order.len();
    if app.position().is_none()
        && let Some(&first) = app.order.first()
    {
        record_jump(app);
        open_document(app, first);
    }
    sync_snippet(app);
    info(
        app,
        format!(
            "{n} article{} mention{} {name}",
            if n == 1 { "" } else { "s" },
            if n == 1 { "s" } else { "" }
        ),
    );
}

/// Keys while the coverage matrix is shown: movement moves the cell, Enter opens its
/// first mention, Esc or c closes. Any other action closes it and is returned to run.
fn coverage_key(app: &mut App, (row, col): (usize, usize), action: Action) -> Option<Action> {
    let rows = app.corpus_entities().len();
    let cols = app.order.len();
    let page = app.reader_height().saturating_sub(4).max(1) as isize;
    let move_to = |r: isize, c: isize| {
        (
            row.saturating_add_signed(r).min(rows.saturating_sub(1)),
            col.saturating_add_signed(c).min(cols.saturating_sub(1)),
        )
    };
    let cell = match action {
        Action::Down => move_to(1, 0),
        Action::Up => move_to(-1, 0),
        Action::HalfPageDown | Action::PageDown => move_to(page, 0),
        Action::HalfPageUp | Action::PageUp => move_to(-page, 0),
        Action::Top => (0, col),
        Action::Bottom => (rows.saturating_sub(1), col),
        Action::FocusRight | Action::NextArticle | Action::FocusNext => move_to(0, 1),
        Action::FocusLeft | Action::PrevArticle | Action::FocusPrev => move_to(0, -1),
        Action::Open => {
            app.coverage = None;
            open_cell(app, row, col);
            return None;
        }
        Action::Cancel | Action::ToggleCoverage => {
            app.coverage = None;
            return None;
        }
        Action::ToggleHelp | Action::Quit => return Some(action),
        other => {
            app.coverage = None;
            return Some(other);
        }
    };
    app.coverage = Some(cell);
    None
}

/// Opens the first mention of the cell's entity in the cell's article.
pub(super) fn open_cell(app: &mut App, row: usize, col: usize) {
    let (Some(&entity), Some(&doc)) = (app.corpus_entities().get(row), app.order.get(col)) else {
        return;
    };
    match app.corpus.docs[doc].find_mention(Some(entity), 0, Direction::Forward) {
        Some(i) => jump(app, MentionRef { doc, mention: i }),
        None => {
            let name = app.corpus.entity(entity).name.clone();
            record_jump(app);
            open_document(app, doc);
            app.selected = Some(entity);
            sync_snippet(app);
            info(app, format!("this article does not mention {name}"));
        }
    }
}
