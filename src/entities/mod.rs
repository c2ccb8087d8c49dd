//! The gazetteer: the tracked entities (id, name, kind, aliases, note, affiliation),
//! read from `assets/entities.json` (compiled in) or a user's file, and validated.

mod file;
mod matcher;
mod normal;
pub mod user_file;

pub use file::{check_layers, check_text};
pub use matcher::{Matcher, Mention};

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The entity file compiled into the binary.
pub const BUILTIN_ENTITIES: &str = include_str!("../../assets/entities.json");

/// Index of an entity in its [`Gazetteer`]; stable for the life of the program.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct EntityId(pub u32);

impl EntityId {
    /// The bit that marks an entity found by discovery rather than read from a file.
    const DISCOVERED: u32 = 1 << 31;

    pub fn index(self) -> usize {
        self.0 as usize
    }

    /// The `k`-th entity discovery found.
    pub fn discovered(k: usize) -> Self {
        Self(Self::DISCOVERED | k as u32)
    }

    /// Whether discovery found it (else an entity file names it).
    pub fn is_discovered(self) -> bool {
        self.0 & Self::DISCOVERED != 0
    }

    /// Its place among the discovered entities, if it is one.
    pub fn discovered_index(self) -> Option<usize> {
        self.is_discovered()
            .then_some((self.0 & !Self::DISCOVERED) as usize)
    }
}

/// What sort of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Country,
    #[serde(alias = "organization")]
    Organisation,
    Place,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Person,
        Kind::Country,
        Kind::Organisation,
        Kind::Place,
        Kind::Other,
    ];

    /// The kind with this name, as entity files write it (`organization` too).
    pub fn from_name(name: &str) -> Option<Kind> {
        match name {
            "organization" => Some(Kind::Organisation),
            _ => Kind::ALL.into_iter().find(|k| k.as_str() == name),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Country => "country",
            Kind::Organisation => "organisation",
            Kind::Place => "place",
            Kind::Other => "other",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One tracked entity, as written in an entity file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// The id of another entity this one belongs to (a negotiator's country).
    #[serde(default)]
    pub affiliation: Option<String>,
    /// Aliases that are part of the name ("Lavrentiev" of "Alexander Lavrentiev") yet
    /// count in any article; other part names count only where the article also names
    /// the entity in full (see [`Entity::is_part_name`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub anywhere: Vec<String>,
}

impl Entity {
    /// Whether `form` (a name or alias of this entity) is a part of its full name — its
    /// words all words of the name, as a surname is ("Jones" of "Stuart Jones") — that
    /// is not listed in `anywhere`. A part name can mean someone else ("Mrs. Jones"), so
    /// it counts only in articles that also name the entity otherwise, the way a reader
    /// resolves it.
    pub fn is_part_name(&self, form: &str) -> bool {
        if form == self.name || self.anywhere.iter().any(|a| a == form) {
            return false;
        }
        let words: Vec<&str> = self.name.split_whitespace().collect();
        let mut parts = form.split_whitespace().peekable();
        parts.peek().is_some() && parts.all(|w| words.contains(&w))
    }

    /// The name followed by every alias: each string that counts as a mention.
    pub fn surface_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A problem with an entity file. Messages name the file, the line and column where
/// known, what is wrong, and how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum EntityFileError {
    #[error("cannot read entity file {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("entity file {path}, line {line}, column {column}: {message}\n  fix: {hint}")]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
        hint: String,
    },
    #[error("entity file {path}, line {line}: {message}\n  fix: {hint}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
        hint: String,
    },
}

impl EntityFileError {
    /// The file the problem is in.
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. } | Self::Syntax { path, .. } | Self::Invalid { path, .. } => path,
        }
    }

    /// The 1-based line of the problem (0 when the file could not be read).
    pub fn line(&self) -> usize {
        match self {
            Self::Io { .. } => 0,
            Self::Syntax { line, .. } | Self::Invalid { line, .. } => *line,
        }
    }
}

/// One layer of tracked entities: the built-in file or a user's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    Builtin,
    File(PathBuf),
}

impl Layer {
    /// The name of the built-in layer in configuration files.
    pub const BUILTIN_NAME: &str = "builtin";

    /// The path used in messages about this layer.
    pub fn path(&self) -> &Path {
        match self {
            Layer::Builtin => Path::new("assets/entities.json"),
            Layer::File(path) => path,
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Layer::Builtin => f.write_str("the built-in entity file"),
            Layer::File(path) => write!(f, "{}", crate::corpus::display_path(path)),
        }
    }
}

/// The set of tracked entities, looked up by index or id.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entities: Vec<Entity>,
    by_id: HashMap<String, EntityId>,
    /// Names the entity files' `hidden` lists: discovery does not offer them.
    hidden: Vec<String>,
}

/// The longest name or alias an entity file may give, in characters: names in the news
/// are a few words, and the matcher's size grows with its patterns.
pub const MAX_FORM_CHARS: usize = 200;

impl Gazetteer {
    /// Names and aliases that will match more than their entity: one letter long ("A", "I"
    /// stand alone in ordinary sentences). Each is a message naming the entity and form.
    pub fn doubtful_forms(&self) -> Vec<String> {
        self.iter()
            .flat_map(|(_, e)| {
                e.surface_forms()
                    .filter(|f| f.trim().chars().count() == 1)
                    .map(|f| {
                        format!(
                            "entity \"{}\": \"{f}\" is one letter and counts every \"{f}\" \
                             that stands alone as a mention",
                            e.id
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// The entities compiled into the binary.
    pub fn builtin() -> Self {
        // The compiled-in file is checked by a unit test, so this cannot fail at run time.
        Self::parse(BUILTIN_ENTITIES, Path::new("assets/entities.json"))
            .unwrap_or_else(|e| panic!("built-in entity file is invalid: {e}"))
    }

    /// Reads and validates an entity file.
    pub fn from_file(path: &Path) -> Result<Self, EntityFileError> {
        let text = std::fs::read_to_string(path).map_err(|source| EntityFileError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Reads the layers in order, each laid over the ones before (see [`check_layers`]):
    /// the gazetteer, or every problem in every file.
    pub fn from_layers(layers: &[Layer]) -> Result<Self, Vec<EntityFileError>> {
        let mut texts = Vec::with_capacity(layers.len());
        let mut problems = Vec::new();
        for layer in layers {
            match layer {
                Layer::Builtin => texts.push((std::borrow::Cow::Borrowed(BUILTIN_ENTITIES), layer)),
                Layer::File(path) => match std::fs::read_to_string(path) {
                    Ok(text) => texts.push((std::borrow::Cow::Owned(text), layer)),
                    Err(source) => problems.push(EntityFileError::Io {
                        path: path.clone(),
                        source,
                    }),
                },
            }
        }
        let refs: Vec<(&str, &Path)> = texts.iter().map(|(t, l)| (t.as_ref(), l.path())).collect();
        match check_layers(&refs) {
            Ok(g) if problems.is_empty() => Ok(g),
            Ok(_) => Err(problems),
            Err(more) => {
                problems.extend(more);
                Err(problems)
            }
        }
    }

    /// Parses and validates entity-file text; `path` is used in messages only. The
    /// error is the first problem; [`check_text`] lists them all.
    pub fn parse(text: &str, path: &Path) -> Result<Self, EntityFileError> {
        check_text(text, path).map_err(|mut problems| problems.swap_remove(0))
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    pub fn get(&self, id: EntityId) -> &Entity {
        &self.entities[id.index()]
    }

    /// The names discovery must not offer, as the entity files list them.
    pub fn hidden(&self) -> &[String] {
        &self.hidden
    }

    pub fn id_of(&self, id: &str) -> Option<EntityId> {
        self.by_id.get(id).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = (EntityId, &Entity)> {
        self.entities
            .iter()
            .enumerate()
            .map(|(i, e)| (EntityId(i as u32), e))
    }
}

/// The entity files' names and aliases that will match more than their entity, as
/// warnings about the last entity file (where a user adds their own).
pub fn doubtful_warnings(gazetteer: &Gazetteer, layers: &[Layer]) -> Vec<crate::corpus::Warning> {
    let path = layers.last().map_or(Layer::Builtin.path(), Layer::path);
    gazetteer
        .doubtful_forms()
        .into_iter()
        .map(|message| crate::corpus::Warning {
            path: path.to_owned(),
            message,
        })
        .collect()
}

#[cfg(test)]
mod tests;
