//! The one place the state changes: [`update`] applies an [`Action`] to the [`App`],
//! routing it by what is open (a pending mark, a popup, the coverage matrix) to the
//! modules that do the work.

use super::navigate::{
    cycle_focus, half_page, jump_back, jump_forward, move_by, no_entity_selected, number_entities,
    open, open_cell, open_document, page, rebuild_order, record_jump, select_nth, side_focus,
    step_any, step_article, step_mention, sync_snippet, toggle_scope,
};

use super::{Action, App, Loading, Popup, PopupKind};
use crate::document::Direction;
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
        Action::Settle => return app.count = None,
        Action::Discovered(outcome) => return super::discovered::arrived(app, outcome),
        Action::PageReloaded { doc, result } => {
            return super::outside::page_reloaded(app, doc, result);
        }
        Action::Done { ok, text } => {
            return if ok { app.info(text) } else { app.warn(text) };
        }
        Action::Loading {
            inputs,
            warnings,
            already,
        } => return super::outside::loading_more(app, inputs, warnings, already),
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
    let Some(action) = super::counts::route(app, action, apply) else {
        return;
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
        Action::ViewDown => super::pointer::scroll_text(app, 1),
        Action::ViewUp => super::pointer::scroll_text(app, -1),
        Action::WhereAmI => super::queries::where_am_i(app),
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
        Action::UndoHide => super::discovered::undo_hide(app),
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
        Action::ToggleHelp => app.popup = Some(Popup::open(PopupKind::Help)),
        Action::ToggleProblems => app.popup = Some(Popup::open(PopupKind::Problems)),
        Action::CycleSort => cycle_sort(app),
        Action::SetMark => app.pending = Some(super::Pending::SetMark),
        Action::JumpMark => app.pending = Some(super::Pending::JumpMark),
        Action::PlaceLine => app.pending = Some(super::Pending::Place),
        Action::ListMarks => super::memory::list_marks(app),
        Action::AddNote => super::notes::open(app),
        Action::ListNotes => super::notes::list(app),
        Action::Cancel if app.search.is_some() => {
            app.search = None;
            app.info("search cleared: n and N follow the selected entity again");
        }
        Action::Cancel => app.mention = None,
        Action::Quit => app.should_quit = true,
        Action::Command => super::command::open(app),
        Action::OpenInBrowser => super::outside::open_in_browser(app),
        Action::CopySentence => super::outside::copy_sentence(app),
        Action::CopyUrl => super::outside::copy_url(app),
        Action::ScreenTop => super::outside::screen_mention(app, Direction::Forward),
        Action::ScreenBottom => super::outside::screen_mention(app, Direction::Backward),
        Action::ToggleRead => super::memory::toggle_read(app),
        Action::Redraw => app.effects.push(crate::action::Effect::Redraw),
        Action::Reload => super::outside::reload(app),
        Action::ReloadArticle => super::outside::reload_article(app),
        // Handled before any routing, above.
        Action::Suspend
        | Action::Resumed
        | Action::Saved(_)
        | Action::Settle
        | Action::Done { .. }
        | Action::Discovered(_)
        | Action::PageReloaded { .. }
        | Action::Loading { .. } => {}
        Action::Unbound(key) => {
            let help = app
                .keymap
                .hint(&Action::ToggleHelp, |k| format!(" ({k} shows the keys)"));
            app.info(format!("{key} is not bound to anything{help}"));
        }
        Action::Resize(..) | Action::Load(_) => {}
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
    app.settings.sort = app.settings.sort.next();
    after_sort(app);
    let next = |then: &str| {
        app.keymap
            .hint(&Action::CycleSort, |k| format!(" ({k}: {then})"))
    };
    let text = match app.settings.sort {
        super::Sort::File => format!("articles in file order{}", next("by date")),
        super::Sort::Date => format!("articles by date, oldest first{}", next("by title")),
        super::Sort::Title => format!("articles by title{}", next("by mentions")),
        super::Sort::Mentions => {
            format!("articles by mentions, most first{}", next("file order"))
        }
    };
    app.info(text);
}

/// The list takes its new order: searches and the mention list follow it.
pub(super) fn after_sort(app: &mut App) {
    rebuild_order(app);
    super::searching::refresh(app);
    sync_snippet(app);
}

fn resize(app: &mut App, w: u16, h: u16) {
    app.area = ratatui::layout::Rect::new(0, 0, w, h);
    app.layout = crate::layout::Panes::new(app.area);
    rewrap(app);
}

/// Wraps the open article anew when the width it is wrapped to has changed (a resize,
/// `:set width`), keeping the reading position.
pub(super) fn rewrap(app: &mut App) {
    let width = app.wrap_width();
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
                if let Some(reload) = &mut app.reload {
                    let known_url = doc
                        .article
                        .url
                        .as_ref()
                        .is_some_and(|u| reload.urls.contains(u));
                    if known_url || app.by_hash.contains_key(&doc.hash) {
                        continue;
                    }
                    reload.new += 1;
                }
                app.add_document(doc);
            }
            if app.reload.is_some() {
                // A source that fails again is the same problem, listed once.
                for w in warnings {
                    if !app.warnings.contains(&w) {
                        app.warnings.push(w);
                    }
                }
            } else {
                app.warnings.extend(warnings);
            }
            progress(app);
            // PERF: numbered as articles arrive while the corpus is small; a large one is
            // numbered when a number key asks, and for good when loading ends.
            if app.corpus.docs.len() <= 1_000 {
                number_entities(app);
            }
        }
        LoadEvent::Waiting(paths) => {
            if let Some(loading) = &mut app.loading {
                loading.waiting = paths;
            }
        }
        LoadEvent::Finished => {
            if let Some(loading) = &mut app.loading
                && loading.running > 1
            {
                loading.running -= 1;
                return;
            }
            app.loading = None;
            // The numbers are fixed from here on.
            number_entities(app);
            if let Some(reload) = app.reload.take() {
                let n = reload.new;
                app.info(match n {
                    0 => "reloaded: nothing new".to_owned(),
                    1 => "reloaded: 1 new article".to_owned(),
                    n => format!("reloaded: {n} new articles"),
                });
            }
            if app.corpus.docs.is_empty() {
                app.warn("no articles could be read");
            }
        }
    }
}

fn progress(app: &mut App) {
    if let Some(Loading { done, .. }) = &mut app.loading {
        *done += 1;
    }
}

fn toggle_filter(app: &mut App) {
    if app.filter.take().is_some() {
        rebuild_order(app);
        super::searching::refresh(app);
        return app.info("showing all articles");
    }
    let Some(entity) = app.selected else {
        return app.warn(no_entity_selected(app));
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
    app.info(format!(
        "{n} article{} mention{} {name}",
        if n == 1 { "" } else { "s" },
        if n == 1 { "s" } else { "" }
    ));
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
        // One rule for every overlay: q and Esc close it; q quits from the main screen.
        Action::Cancel | Action::ToggleCoverage | Action::Quit => {
            app.coverage = None;
            return None;
        }
        Action::ToggleHelp => return Some(action),
        other => {
            app.coverage = None;
            return Some(other);
        }
    };
    app.coverage = Some(cell);
    None
}
