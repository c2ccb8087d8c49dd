//! Moving around the corpus: opening articles, scrolling, stepping and jumping between
//! mentions, the jump history, focus and the list's order. Called by [`super::update`]
//! and the feature modules; never calls back into update.

use super::jumps::Place;
use super::{Action, App, Focus, Scope, Tier};
use crate::document::Direction;
use crate::index::MentionRef;
use crate::wrap::Wrapped;

const FOCUS_ORDER: [Focus; 4] = [Focus::List, Focus::Reader, Focus::Panel, Focus::Mentions];

/// Opens a document: saves where the old one was left, wraps the new one and restores
/// where it was left. The selected entity stays; with none, the first of the new one's.
pub(super) fn open_document(app: &mut App, doc: usize) {
    if app.current == Some(doc) {
        return;
    }
    if let (Some(old), Some(w)) = (app.current, &app.reader.wrapped) {
        app.reader.saved.insert(old, w.anchor_at(app.reader.top));
    }
    let wrapped = Wrapped::new(&app.corpus.docs[doc], app.wrap_width());
    app.reader.top = app.reader.saved.get(&doc).map_or(0, |a| wrapped.row_of(*a));
    app.reader.wrapped = Some(wrapped);
    app.reader.left = 0;
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

pub(super) fn step_article(app: &mut App, delta: isize) {
    let Some(pos) = app.position() else { return };
    match pos.checked_add_signed(delta).and_then(|p| app.order.get(p)) {
        Some(&doc) => {
            record_jump(app);
            open_document(app, doc);
        }
        None if delta > 0 => app.info("already at the last article"),
        None => app.info("already at the first article"),
    }
}

/// The body offset a mention search starts from: the current mention when it is on
/// screen, else the top of the view (as `less` searches from the screen).
/// Whether the current mention is on the reader's screen.
fn mention_on_screen(app: &App) -> bool {
    let (top, height) = (app.reader.top, app.reader_height());
    match (app.mention, &app.reader.wrapped) {
        (Some(i), Some(w)) => w
            .mention_pos
            .get(i)
            .is_some_and(|p| (top..top + height).contains(&p.0)),
        _ => false,
    }
}

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
pub(super) fn no_entity_selected(app: &App) -> String {
    let pick = app.keymap.hint(&Action::SelectEntity(0), |k| {
        format!(": press {k} to pick one")
    });
    format!("no entity selected{pick}")
}

pub(super) fn step_mention(app: &mut App, dir: Direction) {
    let Some(doc) = app.current else { return };
    let Some(entity) = app.selected else {
        return app.warn(no_entity_selected(app));
    };
    // The current mention scrolled out of view: the step starts from the view instead,
    // and says so (it may then land before the mention that was current).
    let from_view = app.mention.is_some() && !mention_on_screen(app);
    let from = search_origin(app, dir);
    match app.corpus.step(&app.order, doc, from, entity, dir) {
        Some(found) => {
            jump(app, found.at);
            if from_view && !found.wrapped {
                let name = app.corpus.entity(entity).name.clone();
                app.info(format!(
                    "from the top of the view: the current mention of {name} was off screen"
                ));
            }
            if found.wrapped {
                let name = app.corpus.entity(entity).name.clone();
                app.info(match dir {
                    Direction::Forward => {
                        format!("wrapped: back to the first mention of {name}")
                    }
                    Direction::Backward => format!("wrapped: on to the last mention of {name}"),
                });
            }
        }
        None => {
            let message = no_mentions(app, entity);
            app.warn(message);
        }
    }
}

/// Why `n` found nothing: no mention anywhere, or the list's filter hides them (and how
/// to show them).
fn no_mentions(app: &App, entity: crate::entities::EntityId) -> String {
    let name = &app.corpus.entity(entity).name;
    let total = app.corpus.total(entity);
    match app.filter {
        Some(filter) if filter != entity && total > 0 => {
            let by = &app.corpus.entity(filter).name;
            let articles = app.corpus.doc_count(entity);
            let clear = app.keymap.hint(&Action::ToggleFilter, |k| {
                format!("; {k} shows all articles")
            });
            format!(
                "the list shows only articles naming {by}, which hides the {total} mention{} \
                 of {name} in {articles} article{}{clear}",
                if total == 1 { "" } else { "s" },
                if articles == 1 { "" } else { "s" },
            )
        }
        _ => format!("no mentions of {name}"),
    }
}

pub(super) fn step_any(app: &mut App, dir: Direction) {
    let Some(current) = app.current else { return };
    let from = search_origin(app, dir);
    let doc = &app.corpus.docs[current];
    // One rule: the mentions shown (discovered ones only while `D` shows them), when
    // stepping and when wrapping alike.
    let shown = app.settings.discovered;
    let (found, wrapped) = match doc.find_shown(from, dir, shown) {
        Some(i) => (Some(i), false),
        None => {
            let restart = match dir {
                Direction::Forward => 0,
                Direction::Backward => usize::MAX,
            };
            (doc.find_shown(restart, dir, shown), true)
        }
    };
    let Some(found) = found else {
        return app.info("no mentions in this article");
    };
    jump(
        app,
        MentionRef {
            doc: current,
            mention: found,
        },
    );
    if wrapped {
        app.info(match dir {
            Direction::Forward => "wrapped to the first mention in this article",
            Direction::Backward => "wrapped to the last mention in this article",
        });
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
    let start = app.corpus.docs[at.doc].mentions[at.mention].start;
    show_at(app, row, start);
}

/// [`show_row`], and with `:set nowrap`, scrolls sideways so byte `offset` of the body
/// (on that row) is on screen too.
pub(super) fn show_at(app: &mut App, row: usize, offset: usize) {
    show_row(app, row);
    if app.settings.wrap {
        return;
    }
    let (Some(doc), Some(w)) = (app.doc(), &app.reader.wrapped) else {
        return;
    };
    let Some(r) = w.rows.get(row) else { return };
    let body = &doc.article.body;
    let col = body
        .get(r.start..offset.clamp(r.start, r.end.max(r.start)))
        .map_or(0, unicode_width::UnicodeWidthStr::width);
    let width = (app.panes().reader_text.width as usize).max(1);
    if col < app.reader.left || col + 8 > app.reader.left + width {
        app.reader.left = col.saturating_sub(width / 4);
    }
}

/// `zl`, `zh` (a column), `zL`, `zH` (half a screen): scroll sideways, with `:set nowrap`.
fn scroll_sideways(app: &mut App, columns: isize) {
    if app.settings.wrap {
        return app.info("zl and zh scroll sideways when lines do not wrap (:set nowrap)");
    }
    let (Some(doc), Some(w)) = (app.doc(), &app.reader.wrapped) else {
        return;
    };
    let widest = w
        .rows
        .iter()
        .map(|r| unicode_width::UnicodeWidthStr::width(w.text(doc, r)))
        .max()
        .unwrap_or(0);
    let width = app.panes().reader_text.width as usize;
    let most = widest.saturating_sub(width / 2);
    app.reader.left = app.reader.left.saturating_add_signed(columns).min(most);
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
        app.info("filter cleared to go back to an article it hid");
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
        None => app.info("at the oldest jump"),
    }
}

pub(super) fn jump_forward(app: &mut App) {
    match app.jumps.forward() {
        Some(place) => go_to(app, place),
        None => app.info("at the newest jump"),
    }
}

/// The list's documents: all, in file order, less those the filter hides.
pub(super) fn rebuild_order(app: &mut App) {
    let mut order: Vec<usize> = (0..app.corpus.docs.len())
        .filter(|&d| app.passes_filter(d))
        .collect();
    if app.settings.sort != super::Sort::File {
        order.sort_by(|&a, &b| app.sort_cmp(a, b));
    }
    app.order = order;
    app.cursor = app.position().unwrap_or(0);
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
            app.info(format!("this article does not mention {name}"));
        }
    }
}

/// The panes shown at this size, left to right.
pub(super) fn visible_panes(app: &App) -> Vec<Focus> {
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
                crate::layout::PanelLayout::new(p, rows.len(), selected, None, 0, usize::MAX)
                    .mentions
                    .height
                    > 0
            }),
        })
        .collect()
}

pub(super) fn cycle_focus(app: &mut App, delta: isize) {
    let panes = visible_panes(app);
    let at = panes.iter().position(|&f| f == app.focus).unwrap_or(0);
    let n = panes.len() as isize;
    app.focus = panes[((at as isize + delta).rem_euclid(n)) as usize];
}

pub(super) fn side_focus(app: &mut App, delta: isize) {
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

/// Numbers the entities for `1`–`9`: tracked ones by their total in the corpus (ties in
/// entity-file order), then the discovered ones shown, by theirs.
pub(super) fn number_entities(app: &mut App) {
    let mut tracked: Vec<crate::entities::EntityId> =
        app.corpus.gazetteer.iter().map(|(e, _)| e).collect();
    tracked.sort_by_key(|&e| std::cmp::Reverse(app.corpus.total(e)));
    let mut discovered: Vec<crate::entities::EntityId> = app
        .corpus
        .discovered
        .iter()
        .filter(|(e, d)| d.status == crate::discover::Status::Shown && app.corpus.total(*e) > 0)
        .map(|(e, _)| e)
        .collect();
    discovered.sort_by_key(|&e| std::cmp::Reverse(app.corpus.total(e)));
    app.numbering = tracked;
    app.numbering.extend(discovered);
}

/// `1`–`9`: the entity with that number, the same in every article.
pub(super) fn select_nth(app: &mut App, n: usize) {
    if app.loading.is_some() || app.discovering.is_some() {
        number_entities(app);
    }
    let Some(&entity) = n.checked_sub(1).and_then(|i| app.numbering.get(i)) else {
        let count = app.numbering.len();
        return app.info(format!(
            "{count} entit{} numbered",
            if count == 1 { "y is" } else { "ies are" }
        ));
    };
    if app.tier(entity) == Tier::Discovered && !app.settings.discovered {
        let show = app
            .keymap
            .hint(&Action::ToggleDiscovered, |k| format!(" ({k} shows them)"));
        let name = app.corpus.entity(entity).name.clone();
        return app.info(format!(
            "{n} is {name}, a discovered name, hidden now{show}"
        ));
    }
    select(app, entity);
}

pub(super) fn toggle_scope(app: &mut App) {
    app.settings.scope = match app.settings.scope {
        Scope::Article => Scope::Corpus,
        Scope::Corpus => Scope::Article,
    };
    app.info(match app.settings.scope {
        Scope::Article => "entities in this article",
        Scope::Corpus => "entities in all articles",
    });
}

pub(super) fn half_page(app: &App) -> isize {
    (app.reader_height() / 2).max(1) as isize
}

pub(super) fn page(app: &App) -> isize {
    match app.focus {
        Focus::List => (app.panes().list_items() as isize).max(1),
        _ => (app.reader_height().saturating_sub(2)).max(1) as isize,
    }
}

/// After `z`: puts the current mention's line (else the top line) at the middle (`z`),
/// top (`t`) or bottom (`b`) of the screen, as vim does.
pub(super) fn place_line(app: &mut App, key: crate::key::Key) {
    use crossterm::event::KeyCode;
    let height = app.reader_height();
    let row = match (app.mention, &app.reader.wrapped) {
        (Some(i), Some(w)) => w.mention_pos.get(i).map_or(app.reader.top, |p| p.0),
        _ => app.reader.top,
    };
    let top = match key.code {
        KeyCode::Char('z') | KeyCode::Char('.') => row.saturating_sub(height / 2),
        KeyCode::Char('t') | KeyCode::Enter => row,
        KeyCode::Char('b') | KeyCode::Char('-') => row.saturating_sub(height.saturating_sub(1)),
        KeyCode::Esc => return,
        KeyCode::Char(c @ ('l' | 'h' | 'L' | 'H')) => {
            let half = (app.panes().reader_text.width as isize / 2).max(1);
            let step = match c {
                'l' => 1,
                'h' => -1,
                'L' => half,
                _ => -half,
            };
            return scroll_sideways(app, step);
        }
        _ => {
            return app.warn(
                "after z: z puts the line in the middle, t at the top, b at the bottom; \
                 l h L H scroll sideways (:set nowrap)",
            );
        }
    };
    app.reader.top = top.min(app.max_top());
}
