//! The search prompt and the accepted search: typing with incremental highlighting,
//! accepting with Enter (hits across every listed article), cancelling with Esc, and
//! stepping through hits with `n`/`N`.

use crossterm::event::{KeyCode, KeyModifiers};

use super::navigate::{go_to, here, record_jump, show_at};
use super::{App, Prompt, Search};
use crate::document::Direction;
use crate::key::Key;
use crate::search::{Pattern, search};
use crate::wrap::{Anchor, Part};

/// Most patterns kept in the history.
const HISTORY: usize = 50;

pub(super) fn open_prompt(app: &mut App) {
    if app.current.is_none() {
        return app.info("no article to search");
    }
    app.prompt = Some(Prompt {
        origin: here(app),
        ..Prompt::default()
    });
}

/// What a key did to a one-line input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Edit {
    /// The text or the cursor changed.
    Changed,
    Cancel,
    Accept,
    /// Up or Down: the caller's history.
    Up,
    Down,
    Ignored,
}

/// The editing keys every one-line input shares, as in a shell: arrows, Home/End, Ctrl-a/e,
/// Ctrl-b/f, Backspace/Delete/Ctrl-d, Ctrl-u/k/w; Esc or Ctrl-c/g cancels, as does
/// Backspace on an empty line.
pub(super) fn edit(text: &mut String, cursor: &mut usize, key: Key) -> Edit {
    let ctrl = key.mods.contains(KeyModifiers::CONTROL);
    let at = *cursor;
    match key.code {
        KeyCode::Esc => return Edit::Cancel,
        KeyCode::Char('c' | 'g') if ctrl => return Edit::Cancel,
        KeyCode::Enter => return Edit::Accept,
        KeyCode::Backspace if text.is_empty() => return Edit::Cancel,
        KeyCode::Backspace => {
            if let Some(c) = text[..at].chars().next_back() {
                *cursor -= c.len_utf8();
                text.remove(*cursor);
            }
        }
        KeyCode::Delete | KeyCode::Char('d') if key.code == KeyCode::Delete || ctrl => {
            if at < text.len() {
                text.remove(at);
            }
        }
        KeyCode::Left | KeyCode::Char('b') if key.code == KeyCode::Left || ctrl => {
            if let Some(c) = text[..at].chars().next_back() {
                *cursor -= c.len_utf8();
            }
        }
        KeyCode::Right | KeyCode::Char('f') if key.code == KeyCode::Right || ctrl => {
            if let Some(c) = text[at..].chars().next() {
                *cursor += c.len_utf8();
            }
        }
        KeyCode::Home => *cursor = 0,
        KeyCode::Char('a') if ctrl => *cursor = 0,
        KeyCode::End => *cursor = text.len(),
        KeyCode::Char('e') if ctrl => *cursor = text.len(),
        KeyCode::Char('u') if ctrl => {
            text.replace_range(..at, "");
            *cursor = 0;
        }
        KeyCode::Char('k') if ctrl => text.truncate(at),
        KeyCode::Char('w') if ctrl => {
            let before = text[..at].trim_end();
            let start = before.rfind(char::is_whitespace).map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
            text.replace_range(start..at, "");
            *cursor = start;
        }
        KeyCode::Up => return Edit::Up,
        KeyCode::Down => return Edit::Down,
        KeyCode::Char(c) if !ctrl => {
            text.insert(at, c);
            *cursor += c.len_utf8();
        }
        _ => return Edit::Ignored,
    }
    Edit::Changed
}

/// Up or Down at a prompt: the earlier or later line of `history` in its place (past the
/// newest, an empty line). Returns whether the text changed.
pub(super) fn recall(history: &[String], prompt: &mut Prompt, dir: Edit) -> bool {
    let n = history.len();
    if n == 0 {
        return false;
    }
    let next = match (dir, prompt.history_at) {
        (Edit::Up, None) => Some(n - 1),
        (Edit::Up, Some(i)) => Some(i.saturating_sub(1)),
        (_, Some(i)) if i + 1 < n => Some(i + 1),
        _ => None,
    };
    prompt.history_at = next;
    prompt.text = next.map_or_else(String::new, |i| history[i].clone());
    prompt.cursor = prompt.text.len();
    true
}

/// Keeps an accepted line as the newest of `history` (once), the oldest going past
/// [`HISTORY`] lines.
pub(super) fn remember(history: &mut Vec<String>, line: &str) {
    history.retain(|l| l != line);
    history.push(line.to_owned());
    if history.len() > HISTORY {
        history.remove(0);
    }
}

/// Applies a key typed into the prompt.
pub(super) fn input(app: &mut App, key: Key) {
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    match prompt.kind {
        super::PromptKind::Note(_) => return super::notes::input(app, key),
        super::PromptKind::Command(_) => return super::command::input(app, key),
        super::PromptKind::Search => {}
    }
    match edit(&mut prompt.text, &mut prompt.cursor, key) {
        Edit::Cancel => return cancel(app),
        Edit::Accept => return accept(app),
        Edit::Ignored => return,
        Edit::Changed => {}
        dir @ (Edit::Up | Edit::Down) => {
            if !recall(&app.search_history, prompt, dir) {
                return;
            }
        }
    }
    incremental(app);
}

fn incremental(app: &mut App) {
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    prompt.hits.clear();
    prompt.error = None;
    let origin = prompt.origin;
    if prompt.text.is_empty() {
        if let Some(place) = origin {
            go_to(app, place);
        }
        return;
    }
    let (Some(doc), Some(place)) = (app.current, origin) else {
        return;
    };
    match Pattern::new(&prompt.text) {
        Ok(pattern) => {
            prompt.hits = pattern.find_in(&app.corpus.docs[doc].article.body);
        }
        Err(e) => {
            prompt.error = Some(e);
            return;
        }
    }
    let from = app
        .reader
        .wrapped
        .as_ref()
        .map_or(0, |w| w.body_offset(w.row_of(place.top)));
    let target = prompt
        .hits
        .iter()
        .find(|h| h.start >= from)
        .or(prompt.hits.first())
        .map(|h| h.start);
    if let Some(w) = &app.reader.wrapped {
        let origin_top = w.row_of(place.top).min(app.max_top());
        app.reader.top = origin_top;
        if let Some(start) = target {
            let row = w.row_of(Anchor {
                part: Part::Body,
                offset: start,
            });
            show_at(app, row, start);
        }
    }
}

fn cancel(app: &mut App) {
    let origin = app.prompt.take().and_then(|p| p.origin);
    cancel_to(app, origin);
}

fn accept(app: &mut App) {
    let Some(prompt) = app.prompt.take() else {
        return;
    };
    // As in less and vim: an empty pattern repeats the last search, on to its next hit.
    let active = app
        .search
        .as_ref()
        .is_some_and(|s| app.search_history.last() == Some(&s.pattern.text));
    if prompt.text.is_empty() && active {
        cancel_to(app, prompt.origin);
        return step(app, Direction::Forward);
    }
    let text = if prompt.text.is_empty() {
        // No search is active (it was cleared): the last pattern again, from here.
        match app.search_history.last() {
            Some(last) => last.clone(),
            None => return cancel_to(app, prompt.origin),
        }
    } else {
        prompt.text.clone()
    };
    let pattern = match Pattern::new(&text) {
        Ok(p) => p,
        Err(e) => {
            cancel_to(app, prompt.origin);
            return app.warn(format!("bad pattern: {e}"));
        }
    };
    remember(&mut app.search_history, &text);
    let hits = search(&app.corpus.docs, &app.order, &pattern);
    if hits.is_empty() {
        // The search before, if any, stays active.
        cancel_to(app, prompt.origin);
        return app.warn(format!("Pattern not found: {text}"));
    }
    // Search from where the prompt opened, as if the preview had not moved the view.
    cancel_to(app, prompt.origin);
    app.search = Some(Search::new(pattern, hits));
    step(app, Direction::Forward);
}

/// Puts the reader back where the prompt opened.
fn cancel_to(app: &mut App, origin: Option<super::jumps::Place>) {
    if let Some(place) = origin {
        go_to(app, place);
    }
}

/// Recomputes the hits after the list changed (a filter), keeping the pattern.
pub(super) fn refresh(app: &mut App) {
    if let Some(s) = app.search.take() {
        let hits = search(&app.corpus.docs, &app.order, &s.pattern);
        app.search = Some(Search::new(s.pattern, hits));
    }
}

/// Moves to the next (previous) hit after the current one, or after the top of the view
/// when the current hit is not on screen; round the ends with a notice.
pub(super) fn step(app: &mut App, dir: Direction) {
    let (Some(search), Some(doc)) = (&app.search, app.current) else {
        return;
    };
    if search.hits.is_empty() {
        return app.warn(format!("Pattern not found: {}", search.pattern.text));
    }
    // Each document's place in the list, looked up once rather than per comparison.
    let mut ranks = vec![usize::MAX; app.corpus.docs.len()];
    for (i, &d) in app.order.iter().enumerate() {
        ranks[d] = i;
    }
    let rank = |d: usize| ranks[d];
    let here = rank(doc);
    let from = match search.current.map(|i| search.hits[i]) {
        Some(h) if h.doc == doc && on_screen(app, h.start) => match dir {
            Direction::Forward => h.start + 1,
            Direction::Backward => h.start,
        },
        _ => view_top_offset(app),
    };
    let key = |h: &crate::search::Hit| (rank(h.doc), h.start);
    let split = search.hits.partition_point(|h| key(h) < (here, from));
    let n = search.hits.len();
    let (index, wrapped) = match dir {
        Direction::Forward if split < n => (split, false),
        Direction::Forward => (0, true),
        Direction::Backward if split > 0 => (split - 1, false),
        Direction::Backward => (n - 1, true),
    };
    let hit = search.hits[index];
    let text = search.pattern.text.clone();
    go_to_hit(app, index, hit);
    if wrapped {
        app.info(match dir {
            Direction::Forward => format!("search hit BOTTOM, continuing at TOP: {text}"),
            Direction::Backward => format!("search hit TOP, continuing at BOTTOM: {text}"),
        });
    }
}

/// The body offset at the top of the view.
fn view_top_offset(app: &App) -> usize {
    app.reader
        .wrapped
        .as_ref()
        .map_or(0, |w| w.body_offset(app.reader.top))
}

fn on_screen(app: &App, offset: usize) -> bool {
    app.reader.wrapped.as_ref().is_some_and(|w| {
        let row = w.row_of(Anchor {
            part: Part::Body,
            offset,
        });
        (app.reader.top..app.reader.top + app.reader_height()).contains(&row)
    })
}

fn go_to_hit(app: &mut App, index: usize, hit: crate::search::Hit) {
    record_jump(app);
    super::navigate::open_document(app, hit.doc);
    app.mention = None;
    if let Some(s) = app.search.as_mut() {
        s.current = Some(index);
    }
    if let Some(w) = &app.reader.wrapped {
        let row = w.row_of(Anchor {
            part: Part::Body,
            offset: hit.start,
        });
        show_at(app, row, hit.start);
    }
}
