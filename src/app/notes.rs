//! Notes: `a` attaches one to the current mention (with none, to the paragraph at the top
//! of the reader), typed in a one-line input; `A` lists them and Enter goes to one. A note
//! lives in [`App::memory`], refers to its article by body hash and path, and quotes the
//! text it is about, so it is found again after a rename or an edit.

use std::ops::Range;

use super::jumps::Place;
use super::memory::Unsaved;
use super::navigate::{go_to, record_jump};
use super::searching::{Edit, edit};
use super::{Action, App, PopupKind, Prompt, PromptKind};
use crate::entities::EntityId;
use crate::key::Key;
use crate::state::Note;
use crate::wrap::{Anchor, Part};

/// What a note being typed is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub doc: usize,
    pub range: Range<usize>,
    pub entity: Option<EntityId>,
    /// The note already there, which the input edits.
    pub existing: Option<String>,
}

/// A note found in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub id: String,
    pub doc: usize,
    pub range: Range<usize>,
}

/// Where `note` is now: in the article with its hash at its range, else (an edited or
/// moved article) wherever its quote is nearest its old place.
pub fn resolve(app: &App, note: &Note) -> Option<(usize, Range<usize>)> {
    crate::state::place_note(
        note,
        |article| super::memory::find_article(app, article),
        |doc| {
            let d = &app.corpus.docs[doc];
            (&d.article.body, &d.hash)
        },
    )
}

/// Every note that can be placed, in corpus order.
pub fn placed(app: &App) -> Vec<Placed> {
    let mut out: Vec<Placed> = app
        .memory
        .notes
        .iter()
        .filter_map(|(id, n)| {
            let (doc, range) = resolve(app, n)?;
            Some(Placed {
                id: id.clone(),
                doc,
                range,
            })
        })
        .collect();
    out.sort_by_key(|p| (p.doc, p.range.start));
    out
}

/// Every note for the list: placed ones in corpus order, then those whose text is gone.
/// As many as [`App::memory`] has notes.
pub fn listed(app: &App) -> Vec<(String, Option<Placed>)> {
    listed_from(app, &placed(app))
}

/// [`listed`], from the notes already placed this frame.
pub fn listed_from(app: &App, placed: &[Placed]) -> Vec<(String, Option<Placed>)> {
    let found: std::collections::HashSet<&str> = placed.iter().map(|p| p.id.as_str()).collect();
    let gone: Vec<String> = app
        .memory
        .notes
        .keys()
        .filter(|id| !found.contains(id.as_str()))
        .cloned()
        .collect();
    drop(found);
    placed
        .iter()
        .map(|p| (p.id.clone(), Some(p.clone())))
        .chain(gone.into_iter().map(|id| (id, None)))
        .collect()
}

/// The notes of `placed` (in corpus order, as [`placed`] gives them) that start in
/// `doc` at a byte in `starts`: found by binary search, so drawing a frame costs the same
/// with a hundred notes or a million.
pub fn starting_in(
    placed: &[Placed],
    doc: usize,
    starts: Range<usize>,
) -> impl Iterator<Item = &Placed> {
    let first = placed.partition_point(|p| (p.doc, p.range.start) < (doc, starts.start));
    placed[first..]
        .iter()
        .take_while(move |p| p.doc == doc && p.range.start < starts.end)
}

/// The note on exactly `range` of `doc`, among the `placed` notes.
pub fn on_range<'a>(placed: &'a [Placed], doc: usize, range: &Range<usize>) -> Option<&'a Placed> {
    starting_in(placed, doc, range.start..range.start + 1).find(|p| p.range == *range)
}

/// The note on the current mention, if there is one, among the `placed` notes.
pub fn on_current_mention<'a>(app: &'a App, placed: &[Placed]) -> Option<&'a Note> {
    let doc = app.current?;
    let m = app.corpus.docs[doc].mentions.get(app.mention?)?;
    let p = on_range(placed, doc, &(m.start..m.end))?;
    app.memory.notes.get(&p.id)
}

/// What `a` attaches a note to: the current mention, else the paragraph line at the top
/// of the reader.
fn target(app: &App) -> Option<Target> {
    let doc = app.current?;
    let d = &app.corpus.docs[doc];
    let (range, entity) = match app.mention.and_then(|i| d.mentions.get(i)) {
        Some(m) => (m.start..m.end, Some(m.entity)),
        None => {
            let w = app.reader.wrapped.as_ref()?;
            let offset = match w.anchor_at(app.reader.top) {
                Anchor {
                    part: Part::Body | Part::Blank,
                    offset,
                } => offset,
                _ => 0,
            };
            let line = d
                .article
                .paragraphs
                .iter()
                .find(|p| p.end >= offset)
                .or(d.article.paragraphs.last())?;
            (line.clone(), None)
        }
    };
    let existing = on_range(&placed(app), doc, &range).map(|p| p.id.clone());
    Some(Target {
        doc,
        range,
        entity,
        existing,
    })
}

/// `a`: opens the note input, holding the note already there to edit.
pub(super) fn open(app: &mut App) {
    let Some(target) = target(app) else {
        return app.info("no article open to note");
    };
    let text = target
        .existing
        .as_ref()
        .and_then(|id| app.memory.notes.get(id))
        .map_or_else(String::new, |n| n.text.clone());
    app.prompt = Some(Prompt {
        cursor: text.len(),
        text,
        kind: PromptKind::Note(target),
        ..Prompt::default()
    });
}

/// A key typed into the note input.
pub(super) fn input(app: &mut App, key: Key) {
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    // Backspace on an empty note does not close it: the text may be being retyped.
    if prompt.text.is_empty() && key.code == crossterm::event::KeyCode::Backspace {
        return;
    }
    match edit(&mut prompt.text, &mut prompt.cursor, key) {
        Edit::Cancel => app.prompt = None,
        Edit::Accept => accept(app),
        _ => {}
    }
}

fn accept(app: &mut App) {
    let Some(Prompt {
        text,
        kind: PromptKind::Note(target),
        ..
    }) = app.prompt.take()
    else {
        return;
    };
    let text = text.trim().to_owned();
    let list = app
        .keymap
        .hint(&Action::ListNotes, |k| format!(" ({k} lists notes)"));
    match (text.is_empty(), target.existing) {
        (true, None) => return app.info("no note written"),
        (true, Some(id)) => {
            app.memory.notes.remove(&id);
            app.info("note deleted");
        }
        (false, Some(id)) => {
            if let Some(n) = app.memory.notes.get_mut(&id) {
                n.text = text;
            }
            app.info(format!("note changed{list}"));
        }
        (false, None) => {
            let d = &app.corpus.docs[target.doc];
            let note = Note {
                article: super::memory::article_ref(app, target.doc),
                start: target.range.start,
                end: target.range.end,
                quote: d.article.body[target.range.clone()].to_owned(),
                text,
                entity: target.entity.map(|e| app.corpus.entity(e).id.clone()),
                created: crate::state::now(),
            };
            app.memory.notes.insert(crate::state::new_note_id(), note);
            app.info(format!("note saved{list}"));
        }
    }
    app.unsaved = Unsaved::Now;
}

/// `A`: the notes popup.
pub(super) fn list(app: &mut App) {
    let empty = app.memory.notes.is_empty();
    super::memory::open_list(
        app,
        PopupKind::Notes,
        empty,
        "no notes yet",
        &Action::AddNote,
        |k| format!(" ({k} notes the current mention or paragraph)"),
    );
}

/// Enter in the notes popup: go to the selected note.
pub(super) fn open_selected(app: &mut App, selected: usize) {
    let Some((id, placed)) = listed(app).into_iter().nth(selected) else {
        return;
    };
    let Some(p) = placed else {
        let path = app
            .memory
            .notes
            .get(&id)
            .map(|n| n.article.path.clone())
            .unwrap_or_default();
        return app.warn(format!(
            "the text of this note is no longer in {path}; the note is kept"
        ));
    };
    app.popup = None;
    let mention = app.corpus.docs[p.doc]
        .mentions
        .iter()
        .position(|m| m.start == p.range.start && m.end == p.range.end);
    record_jump(app);
    go_to(
        app,
        Place {
            doc: p.doc,
            top: Anchor {
                part: Part::Body,
                offset: p.range.start,
            },
            mention,
        },
    );
}
