//! Reading an entity file: JSON syntax, then each entity on its own, then the rules
//! across entities (unique ids, one owner per name or alias, known affiliations).
//! Every problem is collected with the line it is on, so `newslens check` can list
//! them all and the reader can report the first.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{Entity, EntityFileError, EntityId, Gazetteer, Kind};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile<'a> {
    #[serde(borrow)]
    entities: Vec<&'a RawValue>,
}

/// One entity as it sits in the file: parsed, with where its text starts.
struct Placed<'a> {
    entity: Entity,
    raw: &'a str,
    line: usize,
}

impl Placed<'_> {
    /// The line of the first occurrence of `needle` inside this entity, or its first line.
    fn line_of(&self, needle: &str) -> usize {
        self.raw.find(needle).map_or(self.line, |at| {
            self.line + self.raw[..at].matches('\n').count()
        })
    }
}

/// Parses and validates entity-file text (`path` is for messages): the gazetteer, or
/// every problem found, in file order.
pub fn check_text(text: &str, path: &Path) -> Result<Gazetteer, Vec<EntityFileError>> {
    let file: RawFile =
        serde_json::from_str(text).map_err(|e| vec![syntax_error(&e, path, 1, 1)])?;
    let mut problems = Vec::new();
    let mut placed = Vec::with_capacity(file.entities.len());
    for raw in &file.entities {
        let raw = raw.get();
        // The raw value borrows from `text`, so its address tells where it starts.
        let offset = (raw.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let (line, column) = position(text, offset);
        match serde_json::from_str::<Entity>(raw) {
            Ok(entity) => placed.push(Placed { entity, raw, line }),
            Err(e) => problems.push(syntax_error(&e, path, line, column)),
        }
    }
    let invalid = |line: usize, message: String, hint: &str| EntityFileError::Invalid {
        path: path.to_owned(),
        line,
        message,
        hint: hint.to_owned(),
    };

    let mut by_id: HashMap<String, EntityId> = HashMap::new();
    let mut owner_of_form: HashMap<&str, &str> = HashMap::new();
    for (i, p) in placed.iter().enumerate() {
        let entity = &p.entity;
        let quoted_id = format!("\"{}\"", entity.id);
        if entity.id.trim().is_empty() {
            problems.push(invalid(
                p.line_of("\"id\""),
                format!("entity {} has an empty id", i + 1),
                "give every entity a short unique id such as \"russia\"",
            ));
        } else if by_id.contains_key(&entity.id) {
            problems.push(invalid(
                p.line_of(&quoted_id),
                format!("the id \"{}\" is used by more than one entity", entity.id),
                "rename one of them: ids must be unique",
            ));
        } else {
            by_id.insert(entity.id.clone(), EntityId(by_id.len() as u32));
        }
        for form in entity.surface_forms() {
            if form.trim().is_empty() {
                problems.push(invalid(
                    p.line_of("\"\""),
                    format!("entity \"{}\" has an empty name or alias", entity.id),
                    "remove the empty string",
                ));
                continue;
            }
            match owner_of_form.get(form) {
                Some(&other) if other != entity.id => problems.push(invalid(
                    p.line_of(&format!("\"{form}\"")),
                    format!(
                        "\"{form}\" is claimed by both \"{other}\" and \"{}\"",
                        entity.id
                    ),
                    "keep the name or alias on one entity only",
                )),
                Some(_) => {}
                None => {
                    owner_of_form.insert(form, &entity.id);
                }
            }
        }
    }
    for p in &placed {
        if let Some(aff) = &p.entity.affiliation
            && !by_id.contains_key(aff)
        {
            problems.push(invalid(
                p.line_of(&format!("\"{aff}\"")),
                format!(
                    "entity \"{}\" has affiliation \"{aff}\", which is not an id in this file",
                    p.entity.id
                ),
                "use the id of another entity in the file, or null",
            ));
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(EntityFileError::line);
        return Err(problems);
    }
    Ok(Gazetteer {
        entities: placed.into_iter().map(|p| p.entity).collect(),
        by_id,
    })
}

/// The 1-based line and column of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
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
