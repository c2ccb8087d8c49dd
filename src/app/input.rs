//! Which layer a key press goes to: the prompt (search, note) takes every key while it is
//! open, and a pending `m` or `'` the next one; otherwise the key map says what the key
//! does. Ctrl-z (or whatever suspends) works everywhere. Tests type key strings through
//! this same path.

use super::{Action, App, update};
use crate::key::Key;

/// The action a key press is, given what is open.
pub fn key_action(app: &App, key: Key) -> Action {
    let bound = app.keymap.action_for(key);
    if let Some(Action::Suspend) = bound {
        return Action::Suspend;
    }
    if app.prompt.is_some() || app.pending.is_some() {
        return Action::Input(key);
    }
    bound.unwrap_or(Action::Unbound(key))
}

/// Types `keys`, written as key maps write them (`jn<C-d>J`, `/Astana<Enter>`), through
/// the real input path, one key at a time. Unknown key names are typed as their
/// characters.
pub fn type_keys(app: &mut App, keys: &str) {
    for key in Key::sequence(keys) {
        let action = key_action(app, key);
        update(app, action);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Focus;

    #[test]
    fn keys_go_to_the_prompt_while_it_is_open_and_to_the_key_map_otherwise() {
        let mut app = super::super::tests::seeds_at(120, 40);
        type_keys(&mut app, "1nn");
        let russia = app.corpus.gazetteer.id_of("russia");
        assert_eq!(app.selected, russia);
        assert!(app.message.is_none() || app.mention.is_some());
        // "n" typed into the search prompt is text, not a jump.
        type_keys(&mut app, "/Astana<Enter>");
        assert_eq!(
            app.search.as_ref().map(|s| s.pattern.text.as_str()),
            Some("Astana")
        );
        type_keys(&mut app, "<Esc><Tab>");
        assert_eq!(app.focus, Focus::Panel);
        // A pending mark takes the next key, whatever it is bound to.
        type_keys(&mut app, "mq");
        assert!(!app.should_quit);
        assert!(app.memory.marks.contains_key("q"));
    }
}
