//! Key bindings as data: the default map is `assets/keymap.toml`, compiled in. Each
//! binding has a description; the help overlay and the status-bar hints come from here.

use std::collections::HashMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::app::Action;

/// The key map compiled into the binary.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");

/// A key with its modifiers, normalised so a terminal's report and a key-map entry
/// compare equal (Shift is part of the character: `J`, not Shift-j).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Self {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Self { code, mods }
    }

    pub fn from_event(event: KeyEvent) -> Self {
        Self::new(event.code, event.modifiers)
    }

    /// Parses `j`, `G`, `<Down>`, `<C-d>`, `<S-Tab>`, `<Space>`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Ok(Self::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        let inner = text
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
            .ok_or_else(|| {
                format!(
                    "\"{text}\" is not a key: write one character, or a name like <Down> or <C-d>"
                )
            })?;
        let mut mods = KeyModifiers::NONE;
        let mut name = inner;
        while let Some((prefix, rest)) = name.split_once('-').filter(|(_, r)| !r.is_empty()) {
            match prefix {
                "C" => mods |= KeyModifiers::CONTROL,
                "A" | "M" => mods |= KeyModifiers::ALT,
                "S" => mods |= KeyModifiers::SHIFT,
                _ => break,
            }
            name = rest;
        }
        let code = match name {
            "Down" => KeyCode::Down,
            "Up" => KeyCode::Up,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageDown" => KeyCode::PageDown,
            "PageUp" => KeyCode::PageUp,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" if mods.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Space" => KeyCode::Char(' '),
            "Backspace" => KeyCode::Backspace,
            "lt" => KeyCode::Char('<'),
            one if one.chars().count() == 1 => KeyCode::Char(one.chars().next().unwrap_or(' ')),
            f if f.starts_with('F')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                return Err(format!(
                    "unknown key name \"{text}\"; use one of <Down> <Up> <Left> <Right> <PageDown> <PageUp> <Home> <End> <Enter> <Esc> <Tab> <S-Tab> <Space> <Backspace> <F1>…<F12>, with C- or A- for Ctrl or Alt"
                ));
            }
        };
        Ok(Self::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    section: String,
    keys: Vec<String>,
    action: String,
    desc: String,
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

/// A problem in a key-map file.
#[derive(Debug, thiserror::Error)]
#[error("key map {source_name}: {message}")]
pub struct KeymapError {
    pub source_name: String,
    pub message: String,
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

impl Keymap {
    /// Parses a key-map file; `source_name` names it in messages.
    pub fn parse(text: &str, source_name: &str) -> Result<Self, KeymapError> {
        let err = |message: String| KeymapError {
            source_name: source_name.to_owned(),
            message,
        };
        let raw: RawKeymap = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut bindings = Vec::new();
        let mut lookup = HashMap::new();
        for (i, b) in raw.bind.into_iter().enumerate() {
            let action = Action::from_name(&b.action).ok_or_else(|| {
                let names: Vec<&str> = crate::app::action::BINDABLE
                    .iter()
                    .map(|(n, _)| *n)
                    .collect();
                err(format!(
                    "binding {} has unknown action \"{}\"; the actions are: {}",
                    i + 1,
                    b.action,
                    names.join(", ")
                ))
            })?;
            let mut keys = Vec::new();
            for (k, text) in b.keys.iter().enumerate() {
                let key = Key::parse(text)
                    .map_err(|m| err(format!("binding {} (\"{}\"): {m}", i + 1, b.action)))?;
                lookup.insert(key, (i, k));
                keys.push(key);
            }
            bindings.push(Binding {
                section: b.section,
                keys,
                action,
                desc: b.desc,
                hint: b.hint,
            });
        }
        Ok(Self { bindings, lookup })
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
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
        self.bindings
            .iter()
            .filter_map(|b| Some((b.keys.first()?.to_string(), b.hint.as_deref()?)))
            .collect()
    }

    /// The bindings as a Markdown table, for the README.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from("| keys | action |\n| --- | --- |\n");
        for b in &self.bindings {
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

    /// The first key bound to an action with this name, for messages ("press n").
    pub fn key_for(&self, name: &str) -> Option<String> {
        let action = Action::from_name(name)?;
        self.bindings
            .iter()
            .find(|b| std::mem::discriminant(&b.action) == std::mem::discriminant(&action))
            .and_then(|b| b.keys.first())
            .map(Key::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        Keymap::default().action_for(Key::from_event(KeyEvent::new(code, mods)))
    }

    #[test]
    fn default_map_parses_and_every_binding_has_a_description() {
        let map = Keymap::default();
        assert!(map.bindings().len() >= 20);
        assert!(
            map.bindings()
                .iter()
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
            err.starts_with("key map my.toml: binding 1 has unknown action \"explode\""),
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
            .iter()
            .find(|b| matches!(b.action, Action::SelectEntity(_)))
            .expect("select binding");
        assert_eq!(Keymap::keys_label(select), "1–9");
        let hints = map.hints();
        assert!(hints.contains(&("n".to_string(), "next")));
        assert!(hints.contains(&("q".to_string(), "quit")));
        assert_eq!(map.key_for("help").as_deref(), Some("?"));
    }
}
