//! The user's configuration: `config.toml` in the user's config folder, or the file
//! `--config` names. It lays key bindings over the default map, sets the theme's
//! colours, and lists the entity files. Every setting is optional; a mistake is an
//! error naming the file, the line and what is allowed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::entities::{Kind, Layer};
use crate::keymap::{DEFAULT_KEYMAP, Keymap, KeymapError, RawBinding, line_at};
use crate::theme::{self, PARTS, Theme};

/// The configuration file's name in the user's config folder.
pub const FILE_NAME: &str = "config.toml";

/// The configuration in effect.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from; `None` when there is none and defaults apply.
    pub path: Option<PathBuf>,
    pub keymap: Keymap,
    /// The colour theme (a theme without colour replaces it under `NO_COLOR`).
    pub theme: Theme,
    /// The entity files listed, in order; empty when the file lists none.
    pub entities: Vec<Layer>,
    /// The user's entity file: `+` adds entities to it, `-` hidden names, and it is
    /// read after the other entity files when it exists.
    pub user_entities: Option<PathBuf>,
    /// The reader's options, `[reader]` (see [`crate::settings`]).
    pub settings: crate::settings::Settings,
    /// The article cache's size limit in bytes, when the file sets one.
    pub cache_size: Option<u64>,
}

impl Config {
    /// The article cache's size limit.
    pub fn cache_size(&self) -> u64 {
        self.cache_size.unwrap_or(crate::cache::DEFAULT_MAX_BYTES)
    }
}

/// A configuration that cannot be used: its file, the line where known, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration {}{}: {message}", crate::corpus::display_path(path), line.map_or(String::new(), |l| format!(", line {l}")))]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl From<KeymapError> for ConfigError {
    fn from(e: KeymapError) -> Self {
        Self {
            path: PathBuf::from(e.source_name),
            line: e.line,
            message: e.message,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    entities: Vec<Spanned<String>>,
    #[serde(default)]
    user_entities: Option<Spanned<String>>,
    #[serde(default)]
    bind: Vec<RawBinding>,
    #[serde(default)]
    theme: RawTheme,
    #[serde(default)]
    reader: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    cache_size: Option<Spanned<String>>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    #[serde(default)]
    palette: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    ui: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    kinds: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    entities: BTreeMap<String, Spanned<String>>,
}

/// Where the configuration lives when `--config` is not given.
pub fn default_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "newslens")?;
    Some(dirs.config_dir().join(FILE_NAME))
}

/// The user's entity file when the configuration names none: `entities.json` in the
/// config folder.
pub fn default_user_entities() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "newslens")?;
    Some(dirs.config_dir().join(USER_ENTITIES))
}

/// The user's entity file's name in the config folder.
pub const USER_ENTITIES: &str = "entities.json";

impl Config {
    /// Reads the configuration: `explicit` (which must exist), else the file in the
    /// user's config folder if there is one, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let path = match explicit {
            Some(path) => path.to_owned(),
            None => match default_path() {
                Some(path) if path.exists() => path,
                _ => {
                    return Ok(Self {
                        user_entities: default_user_entities(),
                        ..Self::default()
                    });
                }
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
            path: path.clone(),
            line: None,
            message: format!("cannot read it: {e}"),
        })?;
        Self::parse(&text, &path)
    }

    /// Parses configuration text; `path` names it in messages and anchors relative
    /// entity-file paths.
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let source_name = crate::corpus::display_path(path);
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| KeymapError::toml(&source_name, text, &e))?;
        let at = |offset: usize, message: String| ConfigError {
            path: path.to_owned(),
            line: Some(line_at(text, offset)),
            message,
        };
        let mut keymap = Keymap::default();
        keymap.layer(raw.bind, text, &source_name)?;

        let mut theme = Theme::default();
        if let Some(palette) = raw.theme.palette {
            if palette.get_ref().is_empty() {
                return Err(at(
                    palette.span().start,
                    "the palette is empty; give entities at least one colour".into(),
                ));
            }
            theme.palette = colours(palette.get_ref(), &at)?;
        }
        for (name, style) in &raw.theme.ui {
            let part = theme.part_mut(name).ok_or_else(|| {
                let names: Vec<&str> = PARTS.iter().map(|(n, _)| *n).collect();
                at(
                    style.span().start,
                    format!(
                        "[theme.ui] has no part \"{name}\"; the parts are: {}",
                        names.join(", ")
                    ),
                )
            })?;
            *part = theme::parse_style(style.get_ref())
                .map_err(|m| at(style.span().start, format!("{name}: {m}")))?;
        }
        for (name, list) in &raw.theme.kinds {
            let kind = Kind::from_name(name).ok_or_else(|| {
                at(
                    list.span().start,
                    format!(
                        "[theme.kinds] has no kind \"{name}\"; the kinds are: {}",
                        Kind::ALL.map(Kind::as_str).join(", ")
                    ),
                )
            })?;
            theme
                .kind_palettes
                .insert(kind, colours(list.get_ref(), &at)?);
        }
        for (id, colour) in &raw.theme.entities {
            let c = theme::parse_color(colour.get_ref())
                .map_err(|m| at(colour.span().start, format!("{id}: {m}")))?;
            theme.pinned.insert(id.clone(), c);
        }

        let base = path.parent().unwrap_or(Path::new(""));
        let mut entities = Vec::with_capacity(raw.entities.len());
        for entry in &raw.entities {
            entities
                .push(entity_layer(entry.get_ref(), base).map_err(|m| at(entry.span().start, m))?);
        }
        let user_entities = match &raw.user_entities {
            Some(entry) => match entity_layer(entry.get_ref(), base) {
                Ok(Layer::File(path)) => Some(path),
                Ok(Layer::Builtin) => {
                    return Err(at(
                        entry.span().start,
                        "user_entities must be a file newslens can write, not the built-in \
                         file"
                            .into(),
                    ));
                }
                Err(m) => return Err(at(entry.span().start, m)),
            },
            None => default_user_entities(),
        };
        let mut settings = crate::settings::Settings::default();
        for (name, value) in &raw.reader {
            let text = match value.get_ref() {
                toml::Value::String(s) => s.clone(),
                toml::Value::Boolean(b) => b.to_string(),
                toml::Value::Integer(n) => n.to_string(),
                _ => {
                    return Err(at(
                        value.span().start,
                        format!("[reader] {name} is a word, a number or true/false"),
                    ));
                }
            };
            settings
                .set(name, &text)
                .map_err(|m| at(value.span().start, format!("[reader] {m}")))?;
        }
        let cache_size = match &raw.cache_size {
            Some(size) => Some(
                crate::cli::parse_size(size.get_ref())
                    .map_err(|m| at(size.span().start, format!("cache_size: {m}")))?,
            ),
            None => None,
        };
        Ok(Self {
            path: Some(path.to_owned()),
            keymap,
            theme,
            entities,
            user_entities,
            settings,
            cache_size,
        })
    }

    /// The entity layers to read: the configuration's, then `extra` (from the command
    /// line); the built-in file alone when neither names any. The user's entity file
    /// comes last when it exists, so what `+` and `-` wrote there holds.
    pub fn entity_layers(&self, extra: &[PathBuf]) -> Vec<Layer> {
        let mut layers = self.entities.clone();
        layers.extend(extra.iter().cloned().map(Layer::File));
        if layers.is_empty() {
            layers.push(Layer::Builtin);
        }
        if let Some(user) = &self.user_entities
            && user.exists()
            && !layers
                .iter()
                .any(|l| matches!(l, Layer::File(p) if p == user))
        {
            layers.push(Layer::File(user.clone()));
        }
        layers
    }
}

/// Parses a list of colours, each error on its own line.
fn colours(
    list: &[Spanned<String>],
    at: &dyn Fn(usize, String) -> ConfigError,
) -> Result<Vec<ratatui::style::Color>, ConfigError> {
    list.iter()
        .map(|c| theme::parse_color(c.get_ref()).map_err(|m| at(c.span().start, m)))
        .collect()
}

/// An entry of `entities`: `builtin`, `~/…`, an absolute path, or one relative to the
/// configuration file's folder.
fn entity_layer(entry: &str, base: &Path) -> Result<Layer, String> {
    let entry = entry.trim();
    if entry.is_empty() {
        return Err("an entry of entities is empty; write a path or \"builtin\"".into());
    }
    if entry == Layer::BUILTIN_NAME {
        return Ok(Layer::Builtin);
    }
    if let Some(rest) = entry.strip_prefix("~/") {
        let home = directories::BaseDirs::new()
            .map(|d| d.home_dir().to_owned())
            .ok_or_else(|| {
                format!("cannot tell where ~ is for \"{entry}\"; write the full path")
            })?;
        return Ok(Layer::File(home.join(rest)));
    }
    Ok(Layer::File(base.join(entry)))
}

/// The `[reader]` table of the default configuration: each option with its description
/// as a comment, from the table that defines them.
fn reader_text() -> String {
    let defaults = crate::settings::Settings::default();
    let mut out = String::from(
        "# The reader's options; `:set` in the reader changes them for the session.\n[reader]\n",
    );
    for (name, desc) in crate::settings::OPTIONS {
        let value = match *name {
            "discovered" => defaults.discovered.to_string(),
            "wrap" => defaults.wrap.to_string(),
            "width" => defaults.width.to_string(),
            "sort" => format!("\"{}\"", defaults.sort.name()),
            "scope" => format!("\"{}\"", defaults.scope.name()),
            "browser" => format!("{:?}", defaults.browser),
            _ => format!("{:?}", defaults.copy),
        };
        out.push_str(&format!("# {}\n{name} = {value}\n", desc));
    }
    out
}

/// The full default configuration, with comments: what `newslens config
/// --print-default` writes. Reading it back gives exactly the defaults.
pub fn default_text() -> String {
    let theme = Theme::default();
    let mut out = String::from(
        "\
# newslens configuration: the defaults, as `newslens config --print-default` writes them.
# newslens reads config.toml in your config folder (`newslens config` says where), or the
# file given with --config. Every setting is optional: keep only what you change.

# Entity files, laid over each other in order. A later file adds entities, adds aliases
# to an id an earlier file defined (an entry with just \"id\" and \"aliases\"), or replaces
# that entity (an entry with the id, a name and a kind). \"builtin\" is the built-in file;
# a path may start with ~/ and is otherwise relative to this file. --entities FILE adds
# a file after these. With none listed, the built-in file is used.
entities = []

# Your own entity file: + (track a discovered entity) adds entities to it and - (hide
# one) adds to its \"hidden\" list. It is read after the files above when it exists.
# The default is entities.json in the config folder (`newslens config` says where).
# user_entities = \"~/newslens-entities.json\"

# The article cache in your cache folder, which makes opening the same files again
# instant, keeps at most this much (K, M or G); the articles of the files least
# recently opened go first. --no-cache skips it (and the cache of pages fetched).
cache_size = \"1G\"

",
    );
    out.push_str(&reader_text());
    out.push_str(
        "
# Key bindings. A binding here replaces the keys of its action (keys = [] unbinds it) and
# takes its keys from any other action; section, desc and hint may be left out.
# Keys: a single character (\"j\", \"G\", \"]\"), or a name in angle brackets: <Down> <Up>
# <Left> <Right> <PageDown> <PageUp> <Home> <End> <Enter> <Esc> <Tab> <S-Tab> <Space>
# <Backspace> <F1>…<F12> <lt>, with modifiers written <C-d> (Ctrl) or <A-x> (Alt).
# The default key map follows.

",
    );
    let bindings = DEFAULT_KEYMAP
        .find("[[bind]]")
        .map_or(DEFAULT_KEYMAP, |at| &DEFAULT_KEYMAP[at..]);
    out.push_str(bindings.trim_end());
    out.push_str("\n\n[theme]\n");
    out.push_str(
        "\
# The colours entities take. An entity's colour follows from its id, so it keeps its
# colour whatever else is loaded; when an entity earlier in the files has it, the next
# free one is taken. Colours: default black red green yellow blue magenta cyan gray
# darkgray lightred lightgreen lightyellow lightblue lightmagenta lightcyan white,
# #rrggbb, or a number 0-255.
",
    );
    let palette: Vec<String> = theme
        .palette
        .iter()
        .map(|c| format!("\"{}\"", theme::color_name(*c)))
        .collect();
    out.push_str("palette = [\n");
    for row in palette.chunks(6) {
        out.push_str(&format!("    {},\n", row.join(", ")));
    }
    out.push_str("]\n\n");
    out.push_str(
        "\
# The parts of the screen. A style is text styles (bold dim italic underline blink
# reverse crossed), a colour for the text, and \"on COLOUR\" for the background, or
# \"plain\" for none. With NO_COLOR set or --no-color, a theme without colour is used.
[theme.ui]
",
    );
    let mut defaults = theme.clone();
    let rows: Vec<(&str, String, &str)> = PARTS
        .iter()
        .map(|&(name, what)| {
            let style = defaults.part_mut(name).map(|s| *s).unwrap_or_default();
            (name, format!("\"{}\"", theme::style_string(style)), what)
        })
        .collect();
    let name_width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let value_width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    for (name, value, what) in rows {
        out.push_str(&format!(
            "{name:<name_width$} = {value:<value_width$}  # {what}\n"
        ));
    }
    out.push_str(
        "
# Colours for the entities of one kind, in place of the palette. Kinds: person, country,
# organisation, place, other.
[theme.kinds]
# person = [\"lightred\", \"lightmagenta\", \"red\"]

# Colours for single entities, by id.
[theme.entities]
# russia = \"red\"
",
    );
    out
}

#[cfg(test)]
mod tests;
