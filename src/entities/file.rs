//! Reading entity files: JSON syntax, then each entity on its own, then the layers laid
//! over each other in order, then the rules across entities (unique ids, one owner per
//! name or alias, known affiliations).
//! Every problem is collected with the line it is on, so `newslens check` can list
//! them all and the reader can report the first.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Entity, EntityFileError, EntityId, Gazetteer, Kind};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    #[serde(borrow)]
    entities: Vec<&'a RawValue>,
    /// Names discovery must not offer.
    #[serde(default)]
    hidden: Vec<String>,
}

/// An entry of an entity file: a whole entity, or, for an id an earlier file defined,
/// what to add to it or change.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    kind: Option<Kind>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    affiliation: Option<String>,
    #[serde(default)]
    anywhere: Vec<String>,
}

impl RawEntry {
    /// The whole entity, when the entry gives a name and a kind.
    fn whole(&self) -> Option<Entity> {
        Some(Entity {
            id: self.id.clone(),
            name: self.name.clone()?,
            kind: self.kind?,
            aliases: self.aliases.clone(),
            note: self.note.clone(),
            affiliation: self.affiliation.clone(),
            anywhere: self.anywhere.clone(),
        })
    }
}

/// Where part of an entity was written: its file, its text and first line.
#[derive(Clone, Copy)]
struct Source<'a> {
    layer: usize,
    path: &'a Path,
    raw: &'a str,
    line: usize,
}

impl Source<'_> {
    /// The line of the first occurrence of `needle` in this entry, or its first line.
    fn line_of(&self, needle: &str) -> usize {
        self.raw.find(needle).map_or(self.line, |at| {
            self.line + self.raw[..at].matches('\n').count()
        })
    }
}

/// An entity being built up from the layers, with the entries it came from.
struct Slot<'a> {
    entity: Entity,
    sources: Vec<Source<'a>>,
}

impl<'a> Slot<'a> {
    /// The entry that mentions `needle` last (later files win), else the latest entry.
    fn source_of(&self, needle: &str) -> Source<'a> {
        let last = *self
            .sources
            .last()
            .unwrap_or_else(|| unreachable!("a slot has a source"));
        self.sources
            .iter()
            .rev()
            .find(|s| s.raw.contains(needle))
            .copied()
            .unwrap_or(last)
    }
}

/// A problem, and the file (by layer number) it is in, for ordering.
type LayerProblem = (usize, EntityFileError);

/// Parses and validates entity-file text (`path` is for messages): the gazetteer, or
/// every problem found, in file order.
pub fn check_text(text: &str, path: &Path) -> Result<Gazetteer, Vec<EntityFileError>> {
    check_layers(&[(text, path)])
}

/// Reads entity files laid over each other in order: a later file adds entities, adds
/// aliases to an id an earlier file defined (an entry with the id and no name), or
/// replaces that entity (an entry with the id, a name and a kind). The result, or
/// every problem, ordered by file and line.
pub fn check_layers(layers: &[(&str, &Path)]) -> Result<Gazetteer, Vec<EntityFileError>> {
    let mut problems: Vec<LayerProblem> = Vec::new();
    let mut slots: Vec<Slot> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut hidden: Vec<String> = Vec::new();
    for (layer, &(text, path)) in layers.iter().enumerate() {
        let file: RawFile = match serde_json::from_str(text) {
            Ok(file) => file,
            Err(e) => {
                problems.push((layer, syntax_error(&e, path, 1, 1)));
                continue;
            }
        };
        hidden.extend(file.hidden.iter().cloned());
        let mut ids_here: HashSet<&str> = HashSet::new();
        let mut entries = Vec::with_capacity(file.entities.len());
        // Entries come in file order, so their positions are counted in one pass.
        let mut at = Position::default();
        for raw in &file.entities {
            let raw = raw.get();
            // The raw value borrows from `text`, so its address tells where it starts.
            let offset = (raw.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
            let line = at.advance(text, offset);
            match serde_json::from_str::<RawEntry>(raw) {
                Ok(entry) => entries.push((
                    entry,
                    Source {
                        layer,
                        path,
                        raw,
                        line,
                    },
                )),
                Err(e) => problems.push((layer, syntax_error(&e, path, line, at.column(text)))),
            }
        }
        for (i, (entry, src)) in entries.iter().enumerate() {
            let invalid = |needle: &str, message: String, hint: &str| {
                (layer, invalid(src.path, src.line_of(needle), message, hint))
            };
            if entry.id.trim().is_empty() {
                problems.push(invalid(
                    "\"id\"",
                    format!("entity {} has an empty id", i + 1),
                    "give every entity a short unique id such as \"russia\"",
                ));
                continue;
            }
            if !ids_here.insert(&entry.id) {
                problems.push(invalid(
                    &format!("\"{}\"", entry.id),
                    format!("the id \"{}\" is used by more than one entity", entry.id),
                    "rename one of them: ids must be unique",
                ));
                continue;
            }
            match by_id.get(&entry.id) {
                Some(&at) => lay_over(&mut slots[at], entry, *src),
                None => match (entry.whole(), &entry.name) {
                    (Some(entity), _) => {
                        by_id.insert(entry.id.clone(), slots.len());
                        slots.push(Slot {
                            entity,
                            sources: vec![*src],
                        });
                    }
                    (None, None) => problems.push(invalid(
                        "\"id\"",
                        format!("entity \"{}\" has no name", entry.id),
                        "give it a \"name\" and a \"kind\" (an entry with only an id adds to \
                         the entity of that id in an earlier entity file, and none has it)",
                    )),
                    (None, Some(_)) => problems.push(invalid(
                        "\"name\"",
                        format!("entity \"{}\" has no kind", entry.id),
                        &format!(
                            "add \"kind\": one of {}",
                            Kind::ALL.map(Kind::as_str).join(", ")
                        ),
                    )),
                },
            }
        }
    }
    check_across(&slots, &mut problems);
    if !problems.is_empty() {
        problems.sort_by_key(|(layer, p)| (*layer, p.line()));
        return Err(problems.into_iter().map(|(_, p)| p).collect());
    }
    let by_id = slots
        .iter()
        .enumerate()
        .map(|(i, s)| (s.entity.id.clone(), EntityId(i as u32)))
        .collect();
    Ok(Gazetteer {
        entities: slots.into_iter().map(|s| s.entity).collect(),
        by_id,
        hidden,
    })
}

/// A later file's entry for an id already defined: a name and a kind replace the
/// entity; otherwise its aliases are added and any field it gives replaces the old one.
fn lay_over<'a>(slot: &mut Slot<'a>, entry: &RawEntry, src: Source<'a>) {
    if let Some(entity) = entry.whole() {
        slot.entity = entity;
        slot.sources = vec![src];
        return;
    }
    let e = &mut slot.entity;
    if let Some(name) = &entry.name {
        e.name.clone_from(name);
    }
    if let Some(kind) = entry.kind {
        e.kind = kind;
    }
    for alias in &entry.aliases {
        if !e.aliases.contains(alias) && *alias != e.name {
            e.aliases.push(alias.clone());
        }
    }
    if entry.note.is_some() {
        e.note.clone_from(&entry.note);
    }
    if entry.affiliation.is_some() {
        e.affiliation.clone_from(&entry.affiliation);
    }
    slot.sources.push(src);
}

/// The rules across entities: no empty names, one owner per name or alias, known
/// affiliations.
fn check_across(slots: &[Slot], problems: &mut Vec<LayerProblem>) {
    let found = |src: Source, needle: &str, message: String, hint: &str| {
        (
            src.layer,
            invalid(src.path, src.line_of(needle), message, hint),
        )
    };
    let mut owner_of_form: HashMap<&str, &str> = HashMap::new();
    for slot in slots {
        let entity = &slot.entity;
        for form in entity.surface_forms() {
            if form.trim().is_empty() {
                problems.push(found(
                    slot.source_of(&format!("\"{form}\"")),
                    &format!("\"{form}\""),
                    format!("entity \"{}\" has an empty name or alias", entity.id),
                    "remove the empty string",
                ));
                continue;
            }
            let length = form.chars().count();
            if length > super::MAX_FORM_CHARS {
                let needle = format!("\"{form}\"");
                let start: String = form.chars().take(24).collect();
                problems.push(found(
                    slot.source_of(&needle),
                    &needle,
                    format!(
                        "entity \"{}\" has a name or alias of {length} characters (\"{start}…\"); \
                         at most {} are allowed",
                        entity.id,
                        super::MAX_FORM_CHARS
                    ),
                    "shorten it to the words an article would use",
                ));
                continue;
            }
            match owner_of_form.get(form) {
                Some(&other) if other != entity.id => {
                    let needle = format!("\"{form}\"");
                    problems.push(found(
                        slot.source_of(&needle),
                        &needle,
                        format!(
                            "\"{form}\" is claimed by both \"{other}\" and \"{}\"",
                            entity.id
                        ),
                        "keep the name or alias on one entity only",
                    ));
                }
                Some(_) => {}
                None => {
                    owner_of_form.insert(form, &entity.id);
                }
            }
        }
    }
    let ids: HashSet<&str> = slots.iter().map(|s| s.entity.id.as_str()).collect();
    for slot in slots {
        if let Some(aff) = &slot.entity.affiliation
            && !ids.contains(aff.as_str())
        {
            let needle = format!("\"{aff}\"");
            problems.push(found(
                slot.source_of(&needle),
                &needle,
                format!(
                    "entity \"{}\" has affiliation \"{aff}\", which is not the id of any entity",
                    slot.entity.id
                ),
                "use the id of another entity, or null",
            ));
        }
    }
}

fn invalid(path: &Path, line: usize, message: String, hint: &str) -> EntityFileError {
    EntityFileError::Invalid {
        path: path.to_owned(),
        line,
        message,
        hint: hint.to_owned(),
    }
}

/// A place in a text reached by moving forward: its byte offset, its line (0-based) and
/// where that line starts.
#[derive(Default)]
struct Position {
    offset: usize,
    line: usize,
    line_start: usize,
}

impl Position {
    /// Moves to byte `offset` (not before the current one) and returns its 1-based line;
    /// each byte of the text is looked at once over all calls.
    fn advance(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.clamp(self.offset, text.len());
        let passed = &text[self.offset..offset];
        if let Some(last) = passed.rfind('\n') {
            self.line += passed.matches('\n').count();
            self.line_start = self.offset + last + 1;
        }
        self.offset = offset;
        self.line + 1
    }

    /// The 1-based column of the current place, in characters (counted only for
    /// messages: a file on one line would make counting it each time quadratic).
    fn column(&self, text: &str) -> usize {
        text[self.line_start..self.offset].chars().count() + 1
    }
}

/// A serde error at a position relative to text starting at `line`, `column`.
fn syntax_error(e: &serde_json::Error, path: &Path, line: usize, column: usize) -> EntityFileError {
    let hint = match e.classify() {
        serde_json::error::Category::Eof => "the file ends early: close every { [ and \"".into(),
        serde_json::error::Category::Syntax => {
            "check for a missing comma, quote or bracket near that spot".into()
        }
        _ => format!(
            "the file is {{ \"entities\": [ {{ \"id\", \"name\", \"kind\", \"aliases\", \"note\", \"affiliation\" }} ] }}; kind is one of {}",
            Kind::ALL.map(Kind::as_str).join(", ")
        ),
    };
    let message = e.to_string();
    // serde_json appends " at line L column C"; the position is reported separately.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    EntityFileError::Syntax {
        path: path.to_owned(),
        line: line + e.line().max(1) - 1,
        column: if e.line() <= 1 {
            column + e.column().max(1) - 1
        } else {
            e.column()
        },
        message,
        hint,
    }
}
