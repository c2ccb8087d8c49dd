//! The reader's options: `[reader]` in the configuration file sets them at start, `:set`
//! changes them for the session, as vim's `:set` does. One table names and describes
//! them, and one parser reads their values for both.

use crate::app::{Scope, Sort};

/// The reader's options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Whether discovered entities are underlined in the text and listed (`D`).
    pub discovered: bool,
    /// Whether long lines wrap; off, each paragraph is one line, cut at the reader's
    /// edge and scrolled sideways (`zl`, `zh`), as `less -S` shows text.
    pub wrap: bool,
    /// The widest the text is wrapped to, in columns; 0: the reader's width.
    pub width: u16,
    /// The article list's order (`s`).
    pub sort: Sort,
    /// Which entities the panel lists (`t`).
    pub scope: Scope,
    /// The command `o` opens a URL or file with; empty: `$BROWSER`, else the platform's
    /// opener.
    pub browser: String,
    /// The command `y` and `Y` give the text to on its standard input; empty: the
    /// terminal's clipboard, through OSC 52 (which works over ssh and inside tmux).
    pub copy: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            discovered: true,
            wrap: true,
            width: 0,
            sort: Sort::File,
            scope: Scope::Article,
            browser: String::new(),
            copy: String::new(),
        }
    }
}

/// Every option: its name, and what it does with the values it takes.
pub const OPTIONS: &[(&str, &str)] = &[
    (
        "discovered",
        "underline and list the discovered entities (on/off; D toggles)",
    ),
    (
        "wrap",
        "wrap long lines (off: one line a paragraph, cut at the edge; zl zh scroll sideways)",
    ),
    (
        "width",
        "wrap the text at most this many columns wide (0: the reader's width)",
    ),
    (
        "sort",
        "the list's order: file, date, title or mentions (s cycles)",
    ),
    ("scope", "the panel's entities: article or all (t toggles)"),
    (
        "browser",
        "the command o opens with (empty: $BROWSER, else xdg-open or open)",
    ),
    (
        "copy",
        "the command y and Y pipe text to (empty: the terminal's clipboard, OSC 52)",
    ),
];

/// The options that are on or off: `:set name`, `:set noname`, `:set invname`.
pub const SWITCHES: &[&str] = &["discovered", "wrap"];

/// The option names, for messages and completion.
pub fn names() -> impl Iterator<Item = &'static str> {
    OPTIONS.iter().map(|(n, _)| *n)
}

fn unknown(name: &str) -> String {
    format!(
        "no option \"{name}\"; the options are: {}",
        names().collect::<Vec<_>>().join(", ")
    )
}

fn boolean(name: &str, value: &str) -> Result<bool, String> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "on" | "yes" | "1" => Ok(true),
        "false" | "off" | "no" | "0" => Ok(false),
        _ => Err(format!("{name} is on or off, not \"{value}\"")),
    }
}

impl Sort {
    /// The name `:set sort=` and the configuration use.
    pub fn name(self) -> &'static str {
        match self {
            Sort::File => "file",
            Sort::Date => "date",
            Sort::Title => "title",
            Sort::Mentions => "mentions",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Sort::File, Sort::Date, Sort::Title, Sort::Mentions]
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }
}

impl Scope {
    /// The name `:set scope=` and the configuration use.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Article => "article",
            Scope::Corpus => "all",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [Scope::Article, Scope::Corpus]
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name))
    }
}

/// What a `:set` argument asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The option's value was asked for (`name?`, or a bare `name` of a non-switch).
    Shown(String),
    /// The option now has a new value; its name.
    Set(&'static str),
}

impl Settings {
    /// The value of option `name`, as `:set` shows it (`width=72`, `nodiscovered`).
    pub fn show(&self, name: &str) -> Result<String, String> {
        Ok(match name {
            "discovered" if self.discovered => "discovered".to_owned(),
            "discovered" => "nodiscovered".to_owned(),
            "wrap" if self.wrap => "wrap".to_owned(),
            "wrap" => "nowrap".to_owned(),
            "width" => format!("width={}", self.width),
            "sort" => format!("sort={}", self.sort.name()),
            "scope" => format!("scope={}", self.scope.name()),
            "browser" => format!("browser={}", self.browser),
            "copy" => format!("copy={}", self.copy),
            _ => return Err(unknown(name)),
        })
    }

    /// Every option's value, as `:set` alone shows them.
    pub fn summary(&self) -> String {
        names()
            .filter_map(|n| self.show(n).ok())
            .collect::<Vec<_>>()
            .join("  ")
    }

    /// Sets option `name` to `value`, written as the configuration writes it.
    pub fn set(&mut self, name: &str, value: &str) -> Result<&'static str, String> {
        let value = value.trim();
        let key = names().find(|n| *n == name).ok_or_else(|| unknown(name))?;
        match key {
            "discovered" => self.discovered = boolean(name, value)?,
            "wrap" => self.wrap = boolean(name, value)?,
            "width" => {
                self.width = value.parse().map_err(|_| {
                    format!("width is a number of columns (0: the reader's width), not \"{value}\"")
                })?;
            }
            "sort" => {
                self.sort = Sort::from_name(value).ok_or_else(|| {
                    format!("sort is file, date, title or mentions, not \"{value}\"")
                })?;
            }
            "scope" => {
                self.scope = Scope::from_name(value)
                    .ok_or_else(|| format!("scope is article or all, not \"{value}\""))?;
            }
            "browser" => value.clone_into(&mut self.browser),
            "copy" => value.clone_into(&mut self.copy),
            _ => return Err(unknown(name)),
        }
        Ok(key)
    }

    /// Applies one `:set` argument as vim reads it: `name=value` (or `name:value`), `name`
    /// (a switch on; another option shows its value), `noname` and `invname`/`name!`
    /// (a switch off, toggled), `name?` (the value shown).
    pub fn apply(&mut self, arg: &str) -> Result<Change, String> {
        if let Some(at) = arg.find(['=', ':']) {
            let (name, value) = (&arg[..at], &arg[at + 1..]);
            return self.set(name.trim(), value).map(Change::Set);
        }
        if let Some(name) = arg.strip_suffix('?') {
            return self.show(name).map(Change::Shown);
        }
        let switch = |name: &str| SWITCHES.contains(&name);
        let toggle = arg
            .strip_suffix('!')
            .or_else(|| arg.strip_prefix("inv"))
            .filter(|n| switch(n));
        if let Some(name) = toggle {
            let on = match name {
                "wrap" => !self.wrap,
                _ => !self.discovered,
            };
            return self
                .set(name, if on { "on" } else { "off" })
                .map(Change::Set);
        }
        if switch(arg) {
            return self.set(arg, "on").map(Change::Set);
        }
        if let Some(name) = arg.strip_prefix("no")
            && switch(name)
        {
            return self.set(name, "off").map(Change::Set);
        }
        self.show(arg).map(Change::Shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_reads_vim_forms_and_names_the_options_when_one_is_unknown() {
        let mut s = Settings::default();
        assert_eq!(s.apply("nodiscovered"), Ok(Change::Set("discovered")));
        assert!(!s.discovered);
        assert_eq!(s.apply("discovered!"), Ok(Change::Set("discovered")));
        assert!(s.discovered);
        assert_eq!(s.apply("invdiscovered"), Ok(Change::Set("discovered")));
        assert!(!s.discovered);
        assert_eq!(s.apply("width=72"), Ok(Change::Set("width")));
        assert_eq!(s.width, 72);
        assert_eq!(s.apply("width?"), Ok(Change::Shown("width=72".into())));
        assert_eq!(s.apply("sort"), Ok(Change::Shown("sort=file".into())));
        assert_eq!(s.apply("sort=DATE"), Ok(Change::Set("sort")));
        assert_eq!(s.sort, Sort::Date);
        assert_eq!(s.apply("scope=all"), Ok(Change::Set("scope")));
        assert_eq!(s.scope, Scope::Corpus);
        assert_eq!(
            s.apply("browser=firefox --new-tab"),
            Ok(Change::Set("browser"))
        );
        assert_eq!(s.browser, "firefox --new-tab");
        let e = s.apply("colour=red").expect_err("unknown");
        assert!(
            e.contains("no option \"colour\"") && e.contains("discovered, wrap, width"),
            "{e}"
        );
        let e = s.apply("width=wide").expect_err("not a number");
        assert!(e.contains("not \"wide\""), "{e}");
        assert_eq!(s.apply("nowrap"), Ok(Change::Set("wrap")));
        assert!(!s.wrap);
        assert_eq!(s.apply("wrap!"), Ok(Change::Set("wrap")));
        assert!(s.wrap);
        assert_eq!(
            s.summary(),
            "nodiscovered  wrap  width=72  sort=date  scope=all  browser=firefox --new-tab  copy="
        );
    }
}
