//! The `:` command line, as in vim and less: `:q`, `:42` (a line), `:e PATH` (more files
//! into the corpus), `:entity NAME`, `:set OPTION`, `:help`, `:noh`. Tab completes
//! command names, entity names, options and paths (again: the next candidate; Shift-Tab
//! the one before); Up and Down walk the history. A command may be shortened to any
//! prefix; the first command in [`COMMANDS`] order with that prefix runs, as in vim
//! (`:e` is `:edit`, `:en` `:entity`).

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;

use super::searching::{Edit, edit, recall, remember};
use super::{App, Popup, PopupKind, Prompt, PromptKind};
use crate::action::Effect;
use crate::key::Key;
use crate::settings::Change;

/// The commands, in the order a prefix picks them: the name, what it takes, what it does.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    ("quit", "", "leave newslens (:q)"),
    (
        "edit",
        " PATH…",
        "read more files or folders into the corpus (:e)",
    ),
    (
        "entity",
        " NAME",
        "select the entity so named or aliased; Tab completes (:en)",
    ),
    (
        "set",
        " OPTION…",
        "show or change an option for this session: name=value, noname, name?; alone: all",
    ),
    ("help", "", "the keys, commands and options (:h)"),
    ("nohlsearch", "", "clear the search highlighting (:noh)"),
];

/// Tab's candidates, while Tab cycles through them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completion {
    /// Where the completed word starts in the prompt's text.
    pub start: usize,
    pub candidates: Vec<String>,
    /// The candidate in the text now.
    pub at: usize,
}

/// Opens the command line.
pub(super) fn open(app: &mut App) {
    app.prompt = Some(Prompt {
        kind: PromptKind::Command(None),
        ..Prompt::default()
    });
}

/// A key typed at the command line.
pub(super) fn input(app: &mut App, key: Key) {
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    match key.code {
        KeyCode::Tab => return complete(app, true),
        KeyCode::BackTab => return complete(app, false),
        _ => {}
    }
    match edit(&mut prompt.text, &mut prompt.cursor, key) {
        Edit::Cancel => app.prompt = None,
        Edit::Accept => accept(app),
        Edit::Ignored => {}
        Edit::Changed => {
            prompt.kind = PromptKind::Command(None);
            prompt.error = None;
            prompt.history_at = None;
        }
        dir @ (Edit::Up | Edit::Down) => {
            if recall(&app.command_history, prompt, dir) {
                prompt.kind = PromptKind::Command(None);
                prompt.error = None;
            }
        }
    }
}

fn accept(app: &mut App) {
    let Some(prompt) = app.prompt.take() else {
        return;
    };
    let line = prompt.text.trim().to_owned();
    if line.is_empty() {
        return;
    }
    remember(&mut app.command_history, &line);
    run(app, &line);
}

/// The command a word names: a whole name or a prefix of one, the first in order.
fn resolve(word: &str) -> Option<&'static str> {
    if word.is_empty() {
        return None;
    }
    COMMANDS
        .iter()
        .map(|(name, ..)| *name)
        .find(|name| name.starts_with(word))
}

/// The message an unknown command gets: the commands there are.
fn known() -> String {
    let names: Vec<String> = COMMANDS
        .iter()
        .map(|(name, args, _)| format!(":{name}{args}"))
        .collect();
    format!("the commands are :NUMBER (a line), {}", names.join(", "))
}

/// Runs a command line (without its `:`).
pub fn run(app: &mut App, line: &str) {
    let line = line.trim().trim_start_matches(':').trim_start();
    if line == "$" {
        return super::counts::go_to_row(app, |rows| rows.saturating_sub(1));
    }
    if let Ok(n) = line.parse::<usize>() {
        return super::counts::go_to_row(app, |_| n.saturating_sub(1));
    }
    let (word, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(w, r)| (w, r.trim()));
    let word = word.trim_end_matches('!');
    match resolve(word) {
        Some("quit") => app.should_quit = true,
        Some("edit") => edit_files(app, rest),
        Some("entity") => select_named(app, rest),
        Some("set") => set(app, rest),
        Some("help") => app.popup = Some(Popup::open(PopupKind::Help)),
        Some("nohlsearch") => {
            app.search = None;
            app.info("search cleared");
        }
        _ => app.warn(format!("no command :{word}; {}", known())),
    }
}

/// The words of a path list: split at spaces, except spaces after a backslash.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => word.extend(chars.next()),
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `~` and `~/…` as the shell reads them.
fn expand_home(word: &str) -> PathBuf {
    let home = || std::env::var_os("HOME").map(PathBuf::from);
    match word.strip_prefix('~') {
        Some("") => home().unwrap_or_else(|| PathBuf::from(word)),
        Some(rest) if rest.starts_with('/') => home().map_or_else(
            || PathBuf::from(word),
            |h| h.join(rest.trim_start_matches('/')),
        ),
        _ => PathBuf::from(word),
    }
}

fn edit_files(app: &mut App, rest: &str) {
    let paths: Vec<PathBuf> = words(rest).iter().map(|w| expand_home(w)).collect();
    if paths.is_empty() {
        return app.warn(":edit reads files or folders into the corpus: :e PATH… (Tab completes)");
    }
    let what = match paths.as_slice() {
        [one] => crate::corpus::display_path(one),
        more => format!("{} paths", more.len()),
    };
    app.effects.push(Effect::Load(paths));
    app.info(format!("reading {what}…"));
}

/// The entities the panel can list: tracked ones, and discovered ones while shown.
fn listed(app: &App) -> Vec<crate::entities::EntityId> {
    let discovered = app.settings.discovered;
    app.entities_by_total(|tier| {
        tier == super::Tier::Tracked || (discovered && tier == super::Tier::Discovered)
    })
}

fn select_named(app: &mut App, name: &str) {
    if name.is_empty() {
        return app.warn(":entity selects an entity by name: :entity NAME (Tab completes)");
    }
    let wanted = name.to_lowercase();
    let all = listed(app);
    let names = |e: crate::entities::EntityId| {
        let entity = app.corpus.entity(e);
        std::iter::once(entity.name.to_lowercase())
            .chain(entity.aliases.iter().map(|a| a.to_lowercase()))
            .collect::<Vec<_>>()
    };
    let exact = all.iter().find(|&&e| names(e).contains(&wanted));
    let prefixed: Vec<_> = all
        .iter()
        .filter(|&&e| names(e).iter().any(|n| n.starts_with(&wanted)))
        .collect();
    let found = exact.or(match prefixed.as_slice() {
        [one] => Some(*one),
        _ => None,
    });
    let Some(&entity) = found else {
        return app.warn(match prefixed.len() {
            0 => format!("no entity is named \"{name}\" (Tab completes the names there are)"),
            n => format!("{n} entities begin with \"{name}\"; Tab completes"),
        });
    };
    super::navigate::select(app, entity);
    let e = app.corpus.entity(entity);
    let total = app.listed_total(entity);
    let next = app.keymap.hint(&crate::action::Action::NextMention, |k| {
        format!(": {k} goes to them")
    });
    app.info(format!(
        "{} selected, {total} mention{}{next}",
        e.name,
        if total == 1 { "" } else { "s" }
    ));
}

fn set(app: &mut App, rest: &str) {
    if rest.is_empty() {
        return app.info(app.settings.summary());
    }
    // A command option takes the rest of the line: `:set browser=firefox --new-tab`.
    let mut args: Vec<&str> = Vec::new();
    let mut left = rest;
    while !left.is_empty() {
        let is_command = ["browser", "copy"]
            .iter()
            .any(|n| left.starts_with(&format!("{n}=")) || left.starts_with(&format!("{n}:")));
        if is_command {
            args.push(left);
            break;
        }
        let (arg, more) = left.split_once(char::is_whitespace).unwrap_or((left, ""));
        args.push(arg);
        left = more.trim_start();
    }
    let mut said = Vec::new();
    for arg in args {
        let before = app.settings.clone();
        match app.settings.apply(arg) {
            Ok(Change::Shown(value)) => said.push(value),
            Ok(Change::Set(name)) => {
                settle(app, &before, name);
                said.push(app.settings.show(name).unwrap_or_default());
            }
            Err(e) => return app.warn(e),
        }
    }
    app.info(said.join("  "));
}

/// What follows from an option's new value: the text re-wrapped, the list re-sorted, the
/// discovered names shown or hidden.
fn settle(app: &mut App, before: &crate::settings::Settings, name: &str) {
    match name {
        "discovered" if before.discovered != app.settings.discovered => {
            super::discovered::after_toggle(app);
        }
        "width" => super::update::rewrap(app),
        "wrap" => {
            app.reader.left = 0;
            super::update::rewrap(app);
        }
        "sort" if before.sort != app.settings.sort => super::update::after_sort(app),
        _ => {}
    }
}

/// Tab at the command line: the candidates for the word before the cursor, the next
/// (or, `forward` false, the previous) of them put in its place.
fn complete(app: &mut App, forward: bool) {
    let Some(prompt) = app.prompt.as_ref() else {
        return;
    };
    let state = match &prompt.kind {
        PromptKind::Command(Some(c)) if !c.candidates.is_empty() => {
            let n = c.candidates.len();
            let at = if forward {
                (c.at + 1) % n
            } else {
                (c.at + n - 1) % n
            };
            Completion { at, ..c.clone() }
        }
        _ => {
            let before = prompt.text[..prompt.cursor].to_owned();
            let (start, candidates) = candidates(app, &before);
            if candidates.is_empty() {
                if let Some(p) = app.prompt.as_mut() {
                    p.error = Some("nothing to complete".into());
                }
                return;
            }
            let at = if forward { 0 } else { candidates.len() - 1 };
            Completion {
                start,
                candidates,
                at,
            }
        }
    };
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    let word = &state.candidates[state.at];
    prompt.text.replace_range(state.start..prompt.cursor, word);
    prompt.cursor = state.start + word.len();
    prompt.error = None;
    // One candidate: done, and typing goes on after it.
    prompt.kind = PromptKind::Command((state.candidates.len() > 1).then_some(state));
}

/// Where the word being completed starts, and what it may become.
fn candidates(app: &App, before: &str) -> (usize, Vec<String>) {
    let Some((word, _)) = before.split_once(char::is_whitespace) else {
        let names = COMMANDS
            .iter()
            .filter(|(name, ..)| name.starts_with(before))
            .map(|(name, args, _)| format!("{name}{}", if args.is_empty() { "" } else { " " }))
            .collect();
        return (0, names);
    };
    let arg_start =
        word.len() + (before.len() - word.len() - before[word.len()..].trim_start().len());
    let last_start = before
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + 1)
        .max(arg_start);
    match resolve(word.trim_end_matches('!')) {
        Some("entity") => {
            let typed = before[arg_start..].to_lowercase();
            let names: Vec<String> = listed(app)
                .into_iter()
                .map(|e| app.corpus.entity(e).name.clone())
                .collect();
            let mut out: Vec<String> = names
                .iter()
                .filter(|n| n.to_lowercase().starts_with(&typed))
                .cloned()
                .collect();
            out.extend(
                names
                    .iter()
                    .filter(|n| {
                        let l = n.to_lowercase();
                        !l.starts_with(&typed) && l.contains(&typed)
                    })
                    .cloned(),
            );
            out.dedup();
            (arg_start, out)
        }
        Some("set") => {
            let typed = &before[last_start..];
            (last_start, option_candidates(typed))
        }
        Some("edit") => {
            let typed = &before[last_start..];
            (last_start, path_candidates(typed))
        }
        _ => (0, Vec::new()),
    }
}

fn option_candidates(typed: &str) -> Vec<String> {
    if let Some((name, value)) = typed.split_once('=') {
        let values: &[&str] = match name {
            "sort" => &["file", "date", "title", "mentions"],
            "scope" => &["article", "all"],
            "discovered" | "wrap" => &["on", "off"],
            _ => &[],
        };
        return values
            .iter()
            .filter(|v| v.starts_with(value))
            .map(|v| format!("{name}={v}"))
            .collect();
    }
    let mut out: Vec<String> = Vec::new();
    for name in crate::settings::names() {
        if crate::settings::SWITCHES.contains(&name) {
            out.extend([name.to_owned(), format!("no{name}")]);
        } else {
            out.push(format!("{name}="));
        }
    }
    out.retain(|o| o.starts_with(typed));
    out
}

/// Files and folders whose path begins with `typed` (folders end in `/`), as a shell
/// completes them; hidden ones only when `typed` asks for them.
fn path_candidates(typed: &str) -> Vec<String> {
    let (dir, stem) = match typed.rfind('/') {
        Some(i) => (&typed[..=i], &typed[i + 1..]),
        None => ("", typed),
    };
    let look_in = if dir.is_empty() {
        PathBuf::from(".")
    } else {
        expand_home(dir)
    };
    let Ok(entries) = std::fs::read_dir(&look_in) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|name| name.starts_with(stem) && (!name.starts_with('.') || stem.starts_with('.')))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let is_dir = Path::new(&look_in.join(&name)).is_dir();
            let escaped = name.replace(' ', "\\ ");
            format!("{dir}{escaped}{}", if is_dir { "/" } else { "" })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_escaped_spaces_and_home_expands() {
        assert_eq!(words(r"a\ b  c"), ["a b", "c"]);
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(expand_home("~/x"), PathBuf::from(home).join("x"));
        }
        assert_eq!(expand_home("x/~"), PathBuf::from("x/~"));
    }

    #[test]
    fn a_prefix_names_the_first_command_it_begins() {
        assert_eq!(resolve("q"), Some("quit"));
        assert_eq!(resolve("e"), Some("edit"));
        assert_eq!(resolve("en"), Some("entity"));
        assert_eq!(resolve("se"), Some("set"));
        assert_eq!(resolve("h"), Some("help"));
        assert_eq!(resolve("noh"), Some("nohlsearch"));
        assert_eq!(resolve("x"), None);
    }

    #[test]
    fn options_complete_with_their_values() {
        assert_eq!(option_candidates("so"), ["sort="]);
        assert_eq!(option_candidates("sort=d"), ["sort=date"]);
        assert_eq!(option_candidates("nod"), ["nodiscovered"]);
    }
}
