//! Key bindings as data: the default map is `assets/keymap.toml`, compiled in. Each
//! binding has a description; the help overlay and the status-bar hints come from here.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use crate::action::Action;
pub use crate::key::Key;

/// The key map compiled into the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBinding {
    #[serde(default)]
    section: Option<String>,
    keys: Vec<Spanned<String>>,
    action: Spanned<String>,
    #[serde(default)]
    desc: Option<String>,
    #[serde(default)]
    hint: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeymap {
    bind: Vec<RawBinding>,
}

/// One binding: keys, the action they run, and what it does in words.
#[derive(Debug, Clone)]
pub struct Binding {
    pub section: String,
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: String,
    /// A short label for the status bar, for the few actions worth a hint there.
    pub hint: Option<String>,
}

/// A problem in a key-map file or in a configuration's bindings: the file, the line
/// where known, and what is wrong, with the values allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}{}: {message}", line.map_or(String::new(), |l| format!(", line {l}")))]
pub struct KeymapError {
    pub source_name: String,
    pub line: Option<usize>,
    pub message: String,
}

impl KeymapError {
    /// A TOML syntax or shape error in `text`, placed on its line.
    pub fn toml(source_name: &str, text: &str, e: &toml::de::Error) -> Self {
        Self {
            source_name: source_name.to_owned(),
            line: e.span().map(|span| line_at(text, span.start)),
            message: e.message().trim_end().to_owned(),
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The live key bindings.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    lookup: HashMap<Key, (usize, usize)>,
}

impl Default for Keymap {
    fn default() -> Self {
        // The compiled-in map is checked by a unit test.
        Self::parse(DEFAULT_KEYMAP, "assets/keymap.toml")
            .unwrap_or_else(|e| panic!("built-in key map is invalid: {e}"))
    }
}

/// A binding read from a file, its action and keys checked.
struct Checked {
    raw: RawBinding,
    action: Action,
    keys: Vec<Key>,
    line: usize,
}

/// Checks each binding's action and keys, and that no key is bound twice in one file.
fn check(raw: Vec<RawBinding>, text: &str, source_name: &str) -> Result<Vec<Checked>, KeymapError> {
    let err = |line: usize, message: String| KeymapError {
        source_name: source_name.to_owned(),
        line: Some(line),
        message,
    };
    let mut first_line: HashMap<Key, usize> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for b in raw {
        let line = line_at(text, b.action.span().start);
        let name = b.action.get_ref();
        let action = Action::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = crate::action::BINDABLE.iter().map(|(n, _)| *n).collect();
            err(
                line,
                format!(
                    "unknown action \"{name}\"; the actions are: {}",
                    names.join(", ")
                ),
            )
        })?;
        let mut keys = Vec::with_capacity(b.keys.len());
        for text_key in &b.keys {
            let key_line = line_at(text, text_key.span().start);
            let key = Key::parse(text_key.get_ref())
                .map_err(|m| err(key_line, format!("in the keys of \"{name}\": {m}")))?;
            if let Some(earlier) = first_line.insert(key, key_line) {
                return Err(err(
                    key_line,
                    format!("{key} is bound twice in this file (also on line {earlier}); keep one"),
                ));
            }
            keys.push(key);
        }
        out.push(Checked {
            raw: b,
            action,
            keys,
            line,
        });
    }
    Ok(out)
}

/// Whether two actions are the same binding (`select_entity` stands for all its n).
fn same_action(a: &Action, b: &Action) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

impl Keymap {
    /// Parses a complete key-map file; `source_name` names it in messages.
    pub fn parse(text: &str, source_name: &str) -> Result<Self, KeymapError> {
        let raw: RawKeymap =
            toml::from_str(text).map_err(|e| KeymapError::toml(source_name, text, &e))?;
        let mut bindings = Vec::new();
        for c in check(raw.bind, text, source_name)? {
            let missing = |field: &str| KeymapError {
                source_name: source_name.to_owned(),
                line: Some(c.line),
                message: format!(
                    "the binding of \"{}\" has no {field}",
                    c.raw.action.get_ref()
                ),
            };
            bindings.push(Binding {
                section: c.raw.section.clone().ok_or_else(|| missing("section"))?,
                desc: c.raw.desc.clone().ok_or_else(|| missing("desc"))?,
                keys: c.keys,
                action: c.action,
                hint: c.raw.hint,
            });
        }
        let mut map = Self {
            bindings,
            lookup: HashMap::new(),
        };
        map.reindex();
        Ok(map)
    }

    /// Lays a configuration's bindings over this map. A binding replaces the keys of
    /// the same action (an empty list unbinds it) and takes its keys from any other
    /// action; `section`, `desc` and `hint`, when given, replace the old ones.
    pub(crate) fn layer(
        &mut self,
        raw: Vec<RawBinding>,
        text: &str,
        source_name: &str,
    ) -> Result<(), KeymapError> {
        for c in check(raw, text, source_name)? {
            for b in &mut self.bindings {
                b.keys.retain(|k| !c.keys.contains(k));
            }
            match self
                .bindings
                .iter_mut()
                .find(|b| same_action(&b.action, &c.action))
            {
                Some(b) => {
                    b.keys = c.keys;
                    if let Some(section) = c.raw.section {
                        b.section = section;
                    }
                    if let Some(desc) = c.raw.desc {
                        b.desc = desc;
                    }
                    if c.raw.hint.is_some() {
                        b.hint = c.raw.hint;
                    }
                }
                None => self.bindings.push(Binding {
                    section: c.raw.section.unwrap_or_else(|| "Other".into()),
                    desc: c
                        .raw
                        .desc
                        .unwrap_or_else(|| c.raw.action.get_ref().replace('_', " ")),
                    keys: c.keys,
                    action: c.action,
                    hint: c.raw.hint,
                }),
            }
            if self.key_for("quit").is_none() {
                return Err(KeymapError {
                    source_name: source_name.to_owned(),
                    line: Some(c.line),
                    message: "this leaves \"quit\" without a key; keep at least one".into(),
                });
            }
        }
        self.reindex();
        Ok(())
    }

    fn reindex(&mut self) {
        self.lookup.clear();
        for (i, b) in self.bindings.iter().enumerate() {
            for (k, key) in b.keys.iter().enumerate() {
                self.lookup.insert(*key, (i, k));
            }
        }
    }

    /// The bindings that have keys, in map order.
    pub fn bindings(&self) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(|b| !b.keys.is_empty())
    }

    /// The action a key press runs. For `select_entity`, the n-th key of the binding
    /// selects the n-th entity.
    pub fn action_for(&self, key: Key) -> Option<Action> {
        let &(b, k) = self.lookup.get(&key)?;
        let binding = &self.bindings[b];
        match binding.action {
            Action::SelectEntity(_) => Some(Action::SelectEntity(k + 1)),
            ref a => Some(a.clone()),
        }
    }

    /// The keys of a binding as the help shows them: "j ↓", or "1–9" for a long run.
    pub fn keys_label(binding: &Binding) -> String {
        let labels: Vec<String> = binding.keys.iter().map(Key::to_string).collect();
        match labels.as_slice() {
            [first, .., last] if labels.len() > 3 => format!("{first}–{last}"),
            _ => labels.join(" "),
        }
    }

    /// (first key, label) for each binding that has a status-bar hint, in map order.
    pub fn hints(&self) -> Vec<(String, &str)> {
        self.bindings()
            .filter_map(|b| Some((b.keys.first()?.to_string(), b.hint.as_deref()?)))
            .collect()
    }

    /// The bindings as a Markdown table, for the README.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| keys | action |\n| --- | --- |\n");
        for b in self.bindings() {
            let keys: Vec<String> = b
                .keys
                .iter()
                .map(|k| format!("`{}`", k.to_string().replace('|', "\\|")))
                .collect();
            let keys = match keys.as_slice() {
                [first, .., last] if keys.len() > 3 => format!("{first}–{last}"),
                _ => keys.join(" "),
            };
            out.push_str(&format!("| {keys} | {} |\n", b.desc));
        }
        out
    }

    /// Which key does `action`: its first key ("n"), or for the entity keys the run of
    /// them ("1–9"); `None` when the user left it unbound. The only source of key names
    /// in hints and messages, so a rebinding changes every one of them.
    pub fn label(&self, action: &Action) -> Option<String> {
        let binding = self.bindings().find(|b| same_action(&b.action, action))?;
        match binding.action {
            Action::SelectEntity(_) if !binding.keys.is_empty() => Some(Self::keys_label(binding)),
            _ => binding.keys.first().map(Key::to_string),
        }
    }

    /// `text` made from the key that does `action` ("(A lists notes)"), or nothing when
    /// no key does: a hint never names a key that would not work.
    pub fn hint(&self, action: &Action, text: impl FnOnce(&str) -> String) -> String {
        self.label(action).map_or_else(String::new, |k| text(&k))
    }

    /// The first key bound to an action with this name, for messages ("press n").
    pub fn key_for(&self, name: &str) -> Option<String> {
        let action = Action::from_name(name)?;
        self.bindings()
            .find(|b| same_action(&b.action, &action))
            .and_then(|b| b.keys.first())
            .map(Key::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn press(code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        Keymap::default().action_for(Key::from_event(KeyEvent::new(code, mods)))
    }

    #[test]
    fn default_map_parses_and_every_binding_has_a_description() {
        let map = Keymap::default();
        assert!(map.bindings().count() >= 20);
        assert!(
            map.bindings()
                .all(|b| !b.desc.is_empty() && !b.keys.is_empty())
        );
    }

    #[test]
    fn terminal_events_find_their_actions() {
        assert!(matches!(
            press(KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Action::Down)
        ));
        assert!(matches!(
            press(KeyCode::Down, KeyModifiers::NONE),
            Some(Action::Down)
        ));
        // Terminals report capitals with Shift held.
        assert!(matches!(
            press(KeyCode::Char('J'), KeyModifiers::SHIFT),
            Some(Action::NextArticle)
        ));
        assert!(matches!(
            press(KeyCode::Char('d'), KeyModifiers::CONTROL),
            Some(Action::HalfPageDown)
        ));
        assert!(matches!(
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            Some(Action::FocusPrev)
        ));
        assert!(matches!(
            press(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit)
        ));
        assert!(matches!(
            press(KeyCode::Char('3'), KeyModifiers::NONE),
            Some(Action::SelectEntity(3))
        ));
        assert!(press(KeyCode::Char('d'), KeyModifiers::ALT).is_none());
    }

    #[test]
    fn key_names_parse_and_display() {
        for (text, shown) in [
            ("j", "j"),
            ("<C-d>", "Ctrl-d"),
            ("<S-Tab>", "Shift-Tab"),
            ("<Space>", "Space"),
            ("<PageDown>", "PgDn"),
            ("<A-x>", "Alt-x"),
            ("<F5>", "F5"),
            ("<lt>", "<"),
        ] {
            assert_eq!(
                Key::parse(text).map(|k| k.to_string()).as_deref(),
                Ok(shown),
                "{text}"
            );
        }
        assert!(Key::parse("<Dwn>").is_err_and(|e| e.contains("unknown key name")));
        assert!(Key::parse("jj").is_err());
    }

    #[test]
    fn unknown_action_names_the_allowed_ones() {
        let text =
            "[[bind]]\nsection = \"x\"\nkeys = [\"z\"]\naction = \"explode\"\ndesc = \"?\"\n";
        let err = Keymap::parse(text, "my.toml")
            .expect_err("unknown action")
            .to_string();
        assert!(
            err.starts_with("my.toml, line 4: unknown action \"explode\""),
            "{err}"
        );
        assert!(err.contains("next_mention"), "{err}");
    }

    #[test]
    fn malformed_toml_reports_the_line() {
        let err = Keymap::parse("[[bind]\nkeys = 1", "bad.toml")
            .expect_err("bad")
            .to_string();
        assert!(err.contains("line 1"), "{err}");
    }

    #[test]
    fn labels_and_hints_come_from_the_map() {
        let map = Keymap::default();
        let select = map
            .bindings()
            .find(|b| matches!(b.action, Action::SelectEntity(_)))
            .expect("select binding");
        assert_eq!(Keymap::keys_label(select), "1–9");
        let map = Keymap::default();
        assert_eq!(map.label(&Action::SelectEntity(0)).as_deref(), Some("1–9"));
        assert_eq!(map.label(&Action::ListNotes).as_deref(), Some("A"));
        assert_eq!(
            map.hint(&Action::ToggleHelp, |k| format!("({k} helps)")),
            "(? helps)"
        );
        let hints = map.hints();
        assert!(hints.contains(&("n".to_string(), "next")));
        assert!(hints.contains(&("q".to_string(), "quit")));
        assert_eq!(map.key_for("help").as_deref(), Some("?"));
    }
}
