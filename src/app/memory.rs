//! What the reader remembers between sessions, kept in [`App::memory`]: where each article
//! was left and whether its end has been seen, the article open at quit, and marks (`m`
//! and a letter sets one, `'` and the letter returns to it, across articles).
//!
//! Saving is not done here: changes raise [`App::unsaved`], and the terminal loop writes
//! the state out (see [`crate::state::Store`]).

use super::jumps::Place;
use super::navigate::{go_to, open_document, record_jump};
use super::{Action, App, Pending, Popup, PopupKind};
use crate::key::Key;
use crate::state::{ArticleRef, Mark, SavedPart};
use crate::wrap::{Anchor, Part};

/// How urgently the remembered state needs writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Unsaved {
    #[default]
    Nothing,
    /// A scroll position: written at the next save, or on quit.
    Later,
    /// A mark, a note, a read article, another article opened: written now.
    Now,
}

/// A save's outcome: the merged state becomes the memory; a failure keeps the memory as
/// it is and is told when it is news (the first, or more notes or marks at stake).
pub(super) fn saved(
    app: &mut App,
    result: Option<Result<crate::state::CorpusState, crate::state::SaveFailure>>,
) {
    app.unsaved = Unsaved::Nothing;
    match result {
        None => {}
        Some(Ok(merged)) => {
            app.memory = merged;
            app.save_failure = None;
        }
        Some(Err(failure)) => {
            let news = failure.first
                || app
                    .save_failure
                    .as_ref()
                    .is_none_or(|old| (old.notes, old.marks) != (failure.notes, failure.marks));
            if news {
                let problems = app
                    .keymap
                    .hint(&Action::ToggleProblems, |k| format!(" ({k} shows why)"));
                app.warn(format!("{}{problems}", failure.summary()));
                app.warnings.push(crate::corpus::Warning {
                    path: failure.path.clone(),
                    message: format!(
                        "cannot be written ({}): {}",
                        failure.reason,
                        failure.summary().trim_start_matches("not saved: ")
                    ),
                });
            }
            app.save_failure = Some(failure);
        }
    }
}

/// A reader position as saved state keeps it.
pub(super) fn saved_part(part: Part) -> SavedPart {
    match part {
        Part::Title => SavedPart::Title,
        Part::Subtitle => SavedPart::Subtitle,
        Part::Meta => SavedPart::Meta,
        Part::Blank => SavedPart::Blank,
        Part::Body => SavedPart::Body,
    }
}

/// A saved position as the reader lays it out.
pub(super) fn reader_part(part: SavedPart) -> Part {
    match part {
        SavedPart::Title => Part::Title,
        SavedPart::Subtitle => Part::Subtitle,
        SavedPart::Meta => Part::Meta,
        SavedPart::Blank => Part::Blank,
        SavedPart::Body => Part::Body,
    }
}

/// How saved state names document `doc`.
pub(super) fn article_ref(app: &App, doc: usize) -> ArticleRef {
    let d = &app.corpus.docs[doc];
    ArticleRef {
        hash: d.hash.clone(),
        path: d.article.path.display().to_string(),
    }
}

/// A document that has just arrived: it resumes where it was left.
pub(super) fn on_document(app: &mut App, doc: usize) {
    let hash = app.corpus.docs[doc].hash.clone();
    if let Some(a) = app.memory.articles.get(&hash) {
        let at = Anchor {
            part: reader_part(a.part),
            offset: a.offset,
        };
        app.reader.saved.entry(doc).or_insert(at);
    }
    app.by_hash.entry(hash).or_insert(doc);
}

/// Reopens a document that has just arrived if it was the article open at the last quit
/// and the user has not moved yet.
pub(super) fn reopen_if_last(app: &mut App, doc: usize) {
    let hash = &app.corpus.docs[doc].hash;
    let was_last = app.memory.last.as_ref().is_some_and(|l| &l.hash == hash);
    // A copy of the article already open (the same text in another file) is not it: the
    // reader would follow each copy as it loads and open at the last.
    let open_already = app
        .current
        .is_some_and(|c| &app.corpus.docs[c].hash == hash);
    if was_last && !app.navigated && !open_already {
        open_document(app, doc);
    }
}

/// Records the reader's position in the open article, and whether its end is in view.
/// Runs after every action, so it allocates only when something changed.
pub(super) fn after_update(app: &mut App, before: Option<usize>) {
    let Some(doc) = app.current else { return };
    let height = app.reader_height();
    let Some(w) = &app.reader.wrapped else { return };
    let at = w.anchor_at(app.reader.top);
    let end_seen = app.reader.top + height >= w.rows.len();
    let d = &app.corpus.docs[doc];
    let is_here = |path: &str| std::path::Path::new(path) == d.article.path;
    if !app.memory.articles.contains_key(&d.hash) {
        app.memory
            .articles
            .insert(d.hash.clone(), Default::default());
    }
    let Some(entry) = app.memory.articles.get_mut(&d.hash) else {
        return;
    };
    let mut level = Unsaved::Nothing;
    let part = saved_part(at.part);
    if entry.offset != at.offset || entry.part != part || !is_here(&entry.path) {
        entry.offset = at.offset;
        entry.part = part;
        entry.path = d.article.path.display().to_string();
        level = Unsaved::Later;
    }
    if before != Some(doc) {
        app.kept_unread = None;
    }
    if end_seen && !entry.read && app.kept_unread != Some(doc) {
        entry.read = true;
        level = Unsaved::Now;
    }
    // Until the user moves, the article open is the one the start chose, and the last
    // article of the previous session may still be on its way.
    let moved = app.navigated || app.memory.last.is_none();
    let is_last = app
        .memory
        .last
        .as_ref()
        .is_some_and(|l| l.hash == d.hash && is_here(&l.path));
    if moved && (before != Some(doc) || !is_last) {
        app.memory.last = Some(article_ref(app, doc));
        level = Unsaved::Now;
    }
    app.unsaved = app.unsaved.max(level);
}

/// Marks the open article read, or unread again; one marked unread stays so while it is
/// open, though its end is on the screen.
pub(super) fn toggle_read(app: &mut App) {
    let Some(doc) = app.current else {
        return app.info("no article open");
    };
    let read = !is_read(app, doc);
    let d = &app.corpus.docs[doc];
    let entry = app.memory.articles.entry(d.hash.clone()).or_default();
    entry.read = read;
    if entry.path.is_empty() {
        entry.path = d.article.path.display().to_string();
    }
    app.kept_unread = (!read).then_some(doc);
    app.unsaved = Unsaved::Now;
    app.info(if read {
        "marked read"
    } else {
        "marked unread (until you open another article)"
    });
}

/// Whether the article has been read to its end (in this session or an earlier one).
pub fn is_read(app: &App, doc: usize) -> bool {
    app.memory
        .articles
        .get(&app.corpus.docs[doc].hash)
        .is_some_and(|a| a.read)
}

/// The letter after `m` or `'`.
pub(super) fn pending_key(app: &mut App, pending: Pending, key: Key) {
    use crossterm::event::KeyCode;
    if pending == Pending::Place {
        return super::navigate::place_line(app, key);
    }
    let letter = match key.code {
        KeyCode::Char(c) if c.is_ascii_alphabetic() => c,
        KeyCode::Char('\'' | '`') if pending == Pending::JumpMark => {
            return super::navigate::jump_back(app);
        }
        KeyCode::Esc => return,
        _ => {
            return app.warn("a mark is a letter, a–z or A–Z");
        }
    };
    match pending {
        Pending::SetMark => set_mark(app, letter),
        Pending::JumpMark => jump_to_mark(app, letter),
        Pending::Place => {}
    }
}

fn set_mark(app: &mut App, letter: char) {
    let (Some(doc), Some(w)) = (app.current, &app.reader.wrapped) else {
        return app.warn("no article open to mark");
    };
    let at = w.anchor_at(app.reader.top);
    let mark = Mark {
        article: article_ref(app, doc),
        offset: at.offset,
        part: saved_part(at.part),
        set: crate::state::now(),
    };
    let replaced = app.memory.marks.insert(letter.to_string(), mark).is_some();
    app.unsaved = Unsaved::Now;
    let verb = if replaced { "moved" } else { "set" };
    let back = app.keymap.hint(&Action::JumpMark, |k| {
        format!(" ({k}{letter} returns here)")
    });
    app.info(format!("mark {letter} {verb}{back}"));
}

/// The document saved state names: by its body's hash, else (an edited article) by its
/// path.
pub fn find_article(app: &App, article: &ArticleRef) -> Option<usize> {
    let paths = app.corpus.docs.iter().map(|d| d.article.path.as_path());
    crate::state::find_article(article, &app.by_hash, paths)
}

pub(super) fn jump_to_mark(app: &mut App, letter: char) {
    let Some(mark) = app.memory.marks.get(&letter.to_string()).cloned() else {
        return app.warn(format!("mark {letter} is not set"));
    };
    let Some(doc) = find_article(app, &mark.article) else {
        return app.warn(format!(
            "mark {letter} is in {}, which is not open here",
            mark.article.path
        ));
    };
    record_jump(app);
    go_to(
        app,
        Place {
            doc,
            top: Anchor {
                part: reader_part(mark.part),
                offset: mark.offset,
            },
            mention: None,
        },
    );
    if app.corpus.docs[doc].hash != mark.article.hash {
        app.info(format!(
            "mark {letter}: the article has changed since; the place may have moved"
        ));
    }
}

/// The marks in letter order, as the marks popup lists them.
pub fn marks(app: &App) -> Vec<(char, Mark)> {
    let mut out: Vec<(char, Mark)> = app
        .memory
        .marks
        .iter()
        .filter_map(|(k, m)| Some((k.chars().next()?, m.clone())))
        .collect();
    // a–z before A–Z, as vim lists them.
    out.sort_by_key(|(c, _)| (c.is_ascii_uppercase(), *c));
    out
}

/// Where a mark is, for the list: the article's title and the text at the mark.
pub fn mark_label(app: &App, mark: &Mark) -> (String, String) {
    match find_article(app, &mark.article) {
        Some(doc) => {
            let d = &app.corpus.docs[doc];
            let body = &d.article.body;
            let at = crate::text::floor_boundary(body, mark.offset);
            let text = if !matches!(mark.part, SavedPart::Body | SavedPart::Blank) {
                String::new()
            } else {
                body[at..].lines().next().unwrap_or_default().to_owned()
            };
            (d.article.title.clone(), text)
        }
        None => (mark.article.path.clone(), "(not open here)".to_owned()),
    }
}

/// Opens the marks popup.
pub(super) fn list_marks(app: &mut App) {
    let empty = app.memory.marks.is_empty();
    open_list(
        app,
        PopupKind::Marks,
        empty,
        "no marks yet",
        &Action::SetMark,
        |k| format!(" ({k} and a letter sets one)"),
    );
}

/// Opens a list popup, or says there is nothing to list yet and which key makes some.
pub(super) fn open_list(
    app: &mut App,
    kind: PopupKind,
    empty: bool,
    none_yet: &str,
    makes_one: &Action,
    hint: impl FnOnce(&str) -> String,
) {
    if empty {
        let how = app.keymap.hint(makes_one, hint);
        return app.info(format!("{none_yet}{how}"));
    }
    app.popup = Some(Popup::open(kind));
}

/// Enter in the marks popup: go to the selected mark.
pub(super) fn open_selected_mark(app: &mut App, selected: usize) {
    if let Some((letter, _)) = marks(app).get(selected) {
        let letter = *letter;
        app.popup = None;
        jump_to_mark(app, letter);
    }
}
