//! The user's own entity file, where `+` adds the entities it promotes and `-` the
//! names it hides. It is read as the last layer, so what is added there stays next time.
//! Every change rewrites the file atomically; a file that does not parse is never
//! overwritten.

use std::collections::HashSet;
use std::path::Path;

use serde_json::{Map, Value, json};

use super::{Entity, Gazetteer};

/// Why the file could not be changed: the path and the problem.
#[derive(Debug, thiserror::Error)]
#[error("cannot change entity file {}: {message}", path.display())]
pub struct UserFileError {
    pub path: std::path::PathBuf,
    pub message: String,
}

fn error(path: &Path, message: impl Into<String>) -> UserFileError {
    UserFileError {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// The file as JSON: `{"entities": [...]}` when it does not exist yet.
fn read(path: &Path) -> Result<Map<String, Value>, UserFileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut fresh = Map::new();
            fresh.insert("entities".into(), Value::Array(Vec::new()));
            return Ok(fresh);
        }
        Err(e) => return Err(error(path, e.to_string())),
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) if map.get("entities").is_some_and(Value::is_array) => Ok(map),
        Ok(_) => Err(error(
            path,
            "it is not an entity file (an object with an \"entities\" list); it was left \
             as it is",
        )),
        Err(e) => Err(error(
            path,
            format!("line {}: {e}; it was left as it is", e.line()),
        )),
    }
}

fn write(path: &Path, map: Map<String, Value>) -> Result<(), UserFileError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| error(path, e.to_string()))?;
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(map))
        .map_err(|e| error(path, e.to_string()))?;
    text.push('\n');
    crate::atomic::write(path, text.as_bytes()).map_err(|e| error(path, e.to_string()))
}

/// Appends `entity` to the file at `path` (created if missing). Its id is made unique
/// among the tracked entities and the file's; aliases another entity already has are
/// left out, so the file stays valid. Returns the entity as written.
pub fn promote(path: &Path, entity: &Entity, tracked: &Gazetteer) -> Result<Entity, UserFileError> {
    let mut map = read(path)?;
    let Some(Value::Array(list)) = map.get_mut("entities") else {
        return Err(error(path, "it has no \"entities\" list"));
    };
    let mut ids: HashSet<String> = tracked.iter().map(|(_, e)| e.id.clone()).collect();
    let mut taken: HashSet<String> = tracked
        .iter()
        .flat_map(|(_, e)| e.surface_forms().map(str::to_owned))
        .collect();
    for item in list.iter() {
        if let Some(id) = item.get("id").and_then(Value::as_str) {
            ids.insert(id.to_owned());
        }
        for key in ["name", "aliases"] {
            match item.get(key) {
                Some(Value::String(s)) => {
                    taken.insert(s.clone());
                }
                Some(Value::Array(a)) => {
                    taken.extend(a.iter().filter_map(Value::as_str).map(str::to_owned));
                }
                _ => {}
            }
        }
    }
    if taken.contains(&entity.name) {
        return Err(error(
            path,
            format!(
                "\"{}\" is already the name of a tracked entity",
                entity.name
            ),
        ));
    }
    let base = if entity.id.is_empty() {
        "entity".to_owned()
    } else {
        entity.id.clone()
    };
    let mut id = base.clone();
    let mut n = 2;
    while ids.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    let mut aliases: Vec<String> = Vec::new();
    for a in &entity.aliases {
        if a != &entity.name && !taken.contains(a) && !aliases.contains(a) {
            aliases.push(a.clone());
        }
    }
    let written = Entity {
        id,
        name: entity.name.clone(),
        kind: entity.kind,
        aliases,
        note: entity.note.clone(),
        affiliation: None,
        anywhere: Vec::new(),
    };
    list.push(json!({
        "id": written.id,
        "name": written.name,
        "kind": written.kind,
        "aliases": written.aliases,
    }));
    write(path, map)?;
    Ok(written)
}

/// Adds `name` to the file's `hidden` list (created if missing).
pub fn hide(path: &Path, name: &str) -> Result<(), UserFileError> {
    let mut map = read(path)?;
    let hidden = map
        .entry("hidden")
        .or_insert_with(|| Value::Array(Vec::new()));
    let Value::Array(list) = hidden else {
        return Err(error(
            path,
            "its \"hidden\" is not a list; it was left as it is",
        ));
    };
    if !list.iter().any(|v| v.as_str() == Some(name)) {
        list.push(Value::String(name.to_owned()));
    }
    write(path, map)
}

/// Takes `name` off the file's `hidden` list again (undoing [`hide`]).
pub fn unhide(path: &Path, name: &str) -> Result<(), UserFileError> {
    let mut map = read(path)?;
    if let Some(Value::Array(list)) = map.get_mut("hidden") {
        list.retain(|v| v.as_str() != Some(name));
    }
    write(path, map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{Kind, Layer};

    fn syria() -> Entity {
        Entity {
            id: "syria".into(),
            name: "Syria".into(),
            kind: Kind::Country,
            aliases: vec!["Syrian".into(), "Russian".into()],
            note: None,
            affiliation: None,
            anywhere: Vec::new(),
        }
    }

    #[test]
    fn promoting_creates_the_file_and_the_next_start_tracks_the_entity() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("sub").join("mine.json");
        let builtin = Gazetteer::builtin();
        let written = promote(&path, &syria(), &builtin).expect("promoted");
        // "Russian" belongs to the built-in Russia: left out, so the file stays valid.
        assert_eq!(written.aliases, ["Syrian"]);
        let g = Gazetteer::from_layers(&[Layer::Builtin, Layer::File(path.clone())])
            .expect("valid layers");
        let id = g.id_of("syria").expect("tracked");
        assert_eq!(g.get(id).kind, Kind::Country);
        // A second entity of the same id gets its own.
        let again = promote(&path, &syria(), &builtin);
        assert!(again.is_err(), "the name is taken now");
    }

    #[test]
    fn hiding_is_remembered_and_a_broken_file_is_never_overwritten() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("mine.json");
        hide(&path, "Contact Us").expect("hidden");
        hide(&path, "Contact Us").expect("hidden again");
        let g = Gazetteer::from_layers(&[Layer::File(path.clone())]).expect("valid");
        assert_eq!(g.hidden(), ["Contact Us"]);

        std::fs::write(&path, "{ not json").expect("write");
        let err = hide(&path, "Reuters").expect_err("broken file");
        assert!(err.to_string().contains("mine.json"), "{err}");
        assert!(err.to_string().contains("line 1"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "{ not json");
    }
}
