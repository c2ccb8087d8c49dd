//! The discovered tier: `D` shows or hides it, `+` promotes an entity to tracked (in
//! the user's entity file) and `-` hides one for good (remembered in the same file).

use std::path::PathBuf;

use super::{Action, App, Tier};
use crate::discover::Status;
use crate::entities::user_file;
use crate::entities::{Entity, EntityId};

pub(super) fn toggle(app: &mut App) {
    app.settings.discovered = !app.settings.discovered;
    after_toggle(app);
}

/// Discovered names were shown or hidden (`D`, `:set discovered`): a hidden one is no
/// longer selected nor current, and a message says how many there are.
pub(super) fn after_toggle(app: &mut App) {
    if !app.settings.discovered
        && app
            .selected
            .is_some_and(|e| app.tier(e) == Tier::Discovered)
    {
        app.selected = None;
    }
    // Nor is a hidden mention current.
    if !app.settings.discovered
        && let Some(m) = app.current_mention()
        && app.corpus.docs[m.doc].mentions[m.mention]
            .entity
            .is_discovered()
    {
        app.mention = None;
    }
    let shown = app
        .corpus
        .discovered
        .iter()
        .filter(|(_, d)| d.status == Status::Shown);
    let n = shown.count();
    app.info(if app.settings.discovered {
        format!("discovered entities shown ({n})")
    } else {
        "discovered entities hidden".to_owned()
    });
}

/// The discovered entity `+` and `-` act on: the selected one, else the current
/// mention's.
fn target(app: &App) -> Option<EntityId> {
    let current = app
        .current_mention()
        .and_then(|m| app.corpus.docs.get(m.doc)?.mentions.get(m.mention))
        .map(|m| m.entity);
    app.selected
        .into_iter()
        .chain(current)
        .find(|&e| app.tier(e) == Tier::Discovered)
}

fn no_target(app: &mut App, verb: &str) {
    let show = app.keymap.hint(&super::Action::ToggleDiscovered, |k| {
        format!(" ({k} shows them)")
    });
    let text = format!("nothing to {verb}: select a discovered entity in the panel{show}");
    app.warn(text);
}

/// The discovered entity to act on and the file to write, or a warning saying why
/// there is none.
fn target_and_file(app: &mut App, verb: &str) -> Option<(EntityId, Entity, PathBuf)> {
    let Some(entity) = target(app) else {
        no_target(app, verb);
        return None;
    };
    let Some(path) = app.user_entities.clone() else {
        app.warn(format!(
            "cannot {verb} it: there is no config folder to keep your entity file in"
        ));
        return None;
    };
    let found = app.corpus.discovered.get(entity)?.entity.clone();
    Some((entity, found, path))
}

pub(super) fn promote(app: &mut App) {
    let Some((entity, found, path)) = target_and_file(app, "track") else {
        return;
    };
    match user_file::promote(&path, &found, &app.corpus.gazetteer) {
        Ok(written) => {
            if let Some(d) = app.corpus.discovered.get_mut(entity) {
                d.status = Status::Promoted;
            }
            app.theme.assign_promoted(entity, &written.id, written.kind);
            app.selected = Some(entity);
            app.info(format!(
                "{} is tracked now ({}, {} alias{}), in {}",
                written.name,
                written.kind,
                written.aliases.len(),
                if written.aliases.len() == 1 { "" } else { "es" },
                path.display()
            ));
        }
        Err(e) => app.warn(e.to_string()),
    }
}

pub(super) fn hide(app: &mut App) {
    let Some((entity, Entity { name, .. }, path)) = target_and_file(app, "hide") else {
        return;
    };
    match user_file::hide(&path, &name) {
        Ok(()) => {
            if let Some(d) = app.corpus.discovered.get_mut(entity) {
                d.status = Status::Hidden;
            }
            if app.selected == Some(entity) {
                app.selected = None;
            }
            if app.current_mention().is_some_and(|m| {
                app.corpus.docs[m.doc]
                    .mentions
                    .get(m.mention)
                    .map(|x| x.entity)
                    == Some(entity)
            }) {
                app.mention = None;
            }
            let undo = app
                .keymap
                .hint(&Action::UndoHide, |k| format!(" — {k} undoes it"));
            app.info(format!("{name} is hidden, in {}{undo}", path.display()));
            app.last_hidden = Some((entity, name, path));
        }
        Err(e) => app.warn(e.to_string()),
    }
}

/// Undoes the last hide: the name leaves the file's hidden list and is offered again.
pub(super) fn undo_hide(app: &mut App) {
    let Some((entity, name, path)) = app.last_hidden.take() else {
        return app.info("nothing to undo: no name was hidden since newslens started");
    };
    match user_file::unhide(&path, &name) {
        Ok(()) => {
            if let Some(d) = app.corpus.discovered.get_mut(entity) {
                d.status = Status::Shown;
            }
            app.info(format!(
                "{name} is offered again, and off the hidden list in {}",
                path.display()
            ));
        }
        Err(e) => {
            app.last_hidden = Some((entity, name, path));
            app.warn(e.to_string());
        }
    }
}

/// What background discovery found in one article: merged into the corpus, with the
/// current mention, the jump list and the open article's layout following their mentions
/// to their new places.
pub(super) fn arrived(app: &mut App, outcome: crate::discover::background::Outcome) {
    let d = outcome.doc;
    let Some(doc) = app.corpus.docs.get(d) else {
        return;
    };
    if let Some(problem) = outcome.problem {
        app.warnings.push(crate::corpus::Warning {
            path: doc.article.path.clone(),
            message: problem,
        });
    }
    // The article's text changed meanwhile (`R`): what was found was in the old one.
    let found = if doc.hash == outcome.hash {
        outcome.found
    } else {
        Vec::new()
    };
    let old_starts: Vec<usize> = doc.mentions.iter().map(|m| m.start).collect();
    // The mention the mention list's cursor is on, to keep it there. A tracked entity's
    // list keeps its order (only the indices inside this article move), so only a
    // discovered one's needs looking through again.
    let on_snippet = app
        .selected
        .filter(|e| e.is_discovered())
        .and_then(|e| app.entity_mentions(e).get(app.snippet).copied());
    if app.corpus.add_found(d, &found) {
        let mentions = &app.corpus.docs[d].mentions;
        let new_index = |i: usize| {
            let start = *old_starts.get(i)?;
            mentions.binary_search_by_key(&start, |m| m.start).ok()
        };
        app.jumps.remap(d, new_index);
        if app.current == Some(d) {
            app.mention = app.mention.and_then(new_index);
            let top = app.reader.top;
            app.reader.wrapped = Some(crate::wrap::Wrapped::new(
                &app.corpus.docs[d],
                app.wrap_width(),
            ));
            app.reader.top = top.min(app.max_top());
        }
        if let (Some(e), Some(mut at)) = (app.selected, on_snippet) {
            if at.doc == d {
                at.mention = new_index(at.mention).unwrap_or(at.mention);
            }
            if let Some(k) = app.entity_mentions(e).iter().position(|&m| m == at) {
                app.snippet = k;
            }
        }
    }
    let progress = app.discovering.get_or_insert_default();
    progress.done += 1;
    if progress.done >= progress.total {
        app.discovering = None;
        super::navigate::number_entities(app);
    } else if app.corpus.docs.len() <= 1_000 {
        super::navigate::number_entities(app);
    }
}
