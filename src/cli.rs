//! The command line: the reader by default, and headless subcommands for scripts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Read several news articles about one story, with the people, countries and
/// organisations in them highlighted and every mention one key away.
#[derive(Debug, Parser)]
#[command(name = "newslens", version, about, long_about = None)]
#[command(args_conflicts_with_subcommands = true)]
#[command(after_help = "\
With no PATH, newslens opens ./seeds if it exists, else its two built-in seed articles.
In the reader, press ? for the keys. For scripts, use the subcommands (newslens help <COMMAND>).
A folder named like a subcommand is opened as ./entities, ./check and so on.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Article files (text, Markdown, HTML, RSS/Atom/JSON feeds, JSON, JSON Lines; `-` reads
    /// standard input), or folders to search for them (recursively).
    pub paths: Vec<PathBuf>,

    /// Leave the mouse to the terminal (so text can be selected); no clicks or wheel.
    #[arg(long)]
    pub no_mouse: bool,

    #[command(flatten)]
    pub common: Common,
}

/// Options every command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct Common {
    /// Add an entity file after those the configuration lists (repeatable); with none
    /// listed there, it replaces the built-in one (see README for the format).
    #[arg(long, value_name = "FILE", global = true)]
    pub entities: Vec<PathBuf>,

    /// Read the configuration from this file instead of config.toml in the user's config
    /// folder (`newslens config` says where that is).
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,

    /// When to colour: auto (on a terminal, unless NO_COLOR is set), always (also into
    /// pipes: `newslens mentions --color=always | less -R`), never.
    #[arg(long, value_name = "WHEN", global = true, default_value = "auto")]
    pub color: ColorChoice,

    /// The same as --color=never.
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Keep reading positions, marks and notes here instead of the user's state folder
    /// ($XDG_STATE_HOME/newslens, usually ~/.local/state/newslens).
    #[arg(long, value_name = "DIR", global = true)]
    pub state_dir: Option<PathBuf>,

    /// Skip files larger than this (bytes, or with a unit: 500K, 32M, 1G).
    #[arg(long, value_name = "SIZE", global = true, default_value = "32M", value_parser = parse_size)]
    pub max_file_size: u64,
    /// The confidence (0 to 1, or a percentage) from which a discovered name is kept.
    /// By default the reader, `entities` and `mentions` keep what the recogniser is sure
    /// enough of to reach 85% precision on its dev data; `export` keeps every name.
    #[arg(long, value_name = "P", global = true, value_parser = parse_confidence)]
    pub min_confidence: Option<u8>,

    /// Also read the feeds and pages of this sources file (newsboat's urls format: a URL
    /// a line, tags after it). With no PATH and no --sources, `sources` in the config
    /// folder is read when it exists.
    #[arg(long, value_name = "FILE", global = true)]
    pub sources: Option<PathBuf>,

    /// Only the sources with this tag (repeatable: any of them).
    #[arg(long, value_name = "TAG", global = true)]
    pub tag: Vec<String>,

    /// Read URLs from the cache alone, saying how old each copy is.
    #[arg(long, global = true)]
    pub offline: bool,

    /// Keep a feed item's summary instead of fetching the full text of its page.
    #[arg(long, global = true)]
    pub summary_only: bool,

    /// Neither read nor write the caches (of pages fetched, articles read and names
    /// discovered).
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// How long one HTTP request may take, in seconds.
    #[arg(long, value_name = "SECS", global = true, default_value_t = 20)]
    pub timeout: u64,
}

/// A confidence: `0.6`, or `60%`; in percent.
pub fn parse_confidence(text: &str) -> Result<u8, String> {
    let t = text.trim();
    let (number, scale) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), 1.0),
        None => (t, 100.0),
    };
    let value: f64 = number.parse().map_err(|_| {
        format!("\"{text}\" is not a confidence: give a number from 0 to 1, or a percentage")
    })?;
    let percent = value * scale;
    if !(0.0..=100.0).contains(&percent) {
        return Err(format!(
            "{text} is out of range: a confidence is from 0 to 1 (or 0% to 100%)"
        ));
    }
    Ok(percent.round() as u8)
}

/// When output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    /// Always, also into pipes and files.
    Always,
    /// Never.
    Never,
}

impl Common {
    /// Whether to colour output going to a terminal (`is_terminal`) or not: `--color`
    /// and `--no-color` first, then NO_COLOR for `auto`.
    pub fn colour(&self, is_terminal: bool) -> bool {
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        match (self.no_color, self.color) {
            (true, _) | (false, ColorChoice::Never) => false,
            (false, ColorChoice::Always) => true,
            (false, ColorChoice::Auto) => is_terminal && !no_color_env,
        }
    }

    /// How article files are read.
    pub fn read_options(&self) -> crate::corpus::ReadOptions {
        crate::corpus::ReadOptions {
            max_file_size: self.max_file_size,
            min_confidence: self.min_confidence,
            fetch: crate::fetch::FetchOptions {
                offline: self.offline,
                summary_only: self.summary_only,
                cache: !self.no_cache,
                timeout: std::time::Duration::from_secs(self.timeout.max(1)),
            },
            ..crate::corpus::ReadOptions::default()
        }
    }
}

/// A size in bytes: a number with an optional unit K, M or G (powers of 1024; "KB",
/// "KiB", "MB", "MiB" and the like are accepted too).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("expected a size such as 500K, 32M or 1G, found \"{text}\""))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        other => return Err(format!("unknown size unit \"{other}\" (use K, M or G)")),
    };
    number
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("size \"{text}\" is too large"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the tracked entities with their mention counts.
    #[command(after_help = "\
Rows are sorted by total mentions, then in entity-file order. json and csv add the \
count in every article; json carries \"schema\": \"newslens/1\".")]
    Entities {
        /// Article files or folders (default: as for the reader).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = EntitiesFormat::Table)]
        format: EntitiesFormat,
        /// Also list the entities discovery finds, after the tracked ones and marked as
        /// discovered; the names your entity file hides are left out.
        #[arg(long)]
        discovered: bool,
    },

    /// List every mention: article, entity, character offsets, line and column, context.
    #[command(after_help = "\
Offsets are UTF-8 character offsets into the article's body text, as `newslens export` \
writes it; line and column (1-based, column in characters) are in that text too. \
text output is grep-like: PATH:LINE:COL: [Entity] …context…, LINE and COL in the file on \
disk for text and Markdown files; for other formats PATH (body LINE:COL): with the place \
in the body.")]
    Mentions {
        /// Article files or folders (default: as for the reader).
        paths: Vec<PathBuf>,
        /// Only mentions of this entity id (repeatable).
        #[arg(long = "entity", id = "entity", value_name = "ID")]
        only: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = MentionsFormat::Text)]
        format: MentionsFormat,
        /// Also list the mentions of the entities discovery finds (their ids are the
        /// discovered entities' ids, as `entities --discovered` lists them).
        #[arg(long)]
        discovered: bool,
    },

    /// Write the annotated corpus for other tools (spaCy, doccano, brat, scripts).
    #[command(after_help = "\
Every span is a character offset pair into exactly the text written beside it, so it \
slices back to the mention. With --out DIR the file is DIR/corpus.json, corpus.jsonl, \
displacy.json or doccano.jsonl; brat writes ID.txt and ID.ann per article and \
annotation.conf, and needs a folder.")]
    Export {
        /// Article files or folders (default: as for the reader).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// A folder to write into (created if missing), or - for standard output.
        #[arg(long, value_name = "DIR|-", default_value = "-")]
        out: PathBuf,
        /// Include the entities discovery finds (their kind as the label), not only the
        /// tracked ones; the names your entity file hides are left out.
        #[arg(long)]
        discovered: bool,
    },

    /// Score what newslens finds against hand-made annotations.
    #[command(after_help = "\
Gold is a folder of brat pairs (x.txt with x.ann, scored on exactly the .txt text) or \
CoNLL-style BIO files (.conll, .bio, .iob, .iob2: the tag in the last column, or \
Universal NER's index, token, tag columns; tokens joined by \
single spaces). PER is scored as person; LOC and GPE as place or country; ORG as \
organisation; other labels are not scored. Prints precision, recall and F1 per kind and \
overall, for exact spans and for overlapping ones.")]
    Eval {
        /// The folder of gold annotations, or one gold file.
        #[arg(long, value_name = "DIR|FILE")]
        gold: PathBuf,
    },

    /// Train the entity recogniser on gold corpora and write the model.
    #[command(after_help = "\
Reads the corpora under --data as assets/ner/README.md lays them out (train files, and \
the dev split that picks the number of passes, the confidence temperature and the \
display threshold), and writes the model. The same data and seed give the same bytes. \
Rebuild newslens afterwards to compile the new model in.")]
    Train {
        /// The folder of training data.
        #[arg(long, value_name = "DIR", default_value = "assets/ner/data")]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, value_name = "FILE", default_value = "assets/ner/model.bin")]
        out: PathBuf,
        /// The seed of the order sentences are visited in.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },

    /// Turn an OPML subscription list into a sources file (printed: redirect it into
    /// ~/.config/newslens/sources, or give it to --sources).
    #[command(
        name = "import-opml",
        after_help = "\
Each feed becomes a line of newsboat's urls format, tagged with the folders it is in, so \
--tag can pick a folder: newslens import-opml subs.opml >> ~/.config/newslens/sources"
    )]
    ImportOpml {
        /// The OPML file.
        file: PathBuf,
    },

    /// Show where the configuration is read from and check it, or print the default.
    #[command(after_help = "\
The configuration sets key bindings (laid over the default map), the theme's colours and \
the entity files. Without --print-default, this prints the file in use and checks it and \
the entity files it lists; exit 0 when they are sound, 2 when not.")]
    Config {
        /// Write the full default configuration, with comments, to standard output.
        #[arg(long)]
        print_default: bool,
    },

    /// Print a shell's completion script for newslens (bash, zsh, fish, elvish,
    /// powershell).
    #[command(after_help = "\
Install, for example: newslens completions bash > ~/.local/share/bash-completion/completions/newslens; \
newslens completions zsh > ~/.zfunc/_newslens (with ~/.zfunc in fpath); \
newslens completions fish > ~/.config/fish/completions/newslens.fish.")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },

    /// Print the manual page (roff), generated from these options.
    #[command(after_help = "\
Install, for example: newslens man > ~/.local/share/man/man1/newslens.1, then man newslens.")]
    Man,

    /// Check articles and the entity file; exit 0 when clean, 1 on problems.
    #[command(after_help = "\
Problems: files that cannot be read, are empty or are not UTF-8; entity-file syntax \
errors, duplicate ids, names or aliases claimed by two entities, unknown affiliations. \
Notes (not problems): names and aliases that match no article.")]
    Check {
        /// Article files or folders (default: as for the reader).
        paths: Vec<PathBuf>,
    },
}

impl Command {
    /// Whether the command looks for the names no entity file lists (`--discovered`).
    pub fn discovers(&self) -> bool {
        matches!(
            self,
            Self::Entities {
                discovered: true,
                ..
            } | Self::Mentions {
                discovered: true,
                ..
            } | Self::Export {
                discovered: true,
                ..
            }
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EntitiesFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MentionsFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One JSON document: entities and articles with their mentions.
    Json,
    /// One article (with its mentions) per line.
    Jsonl,
    /// What spaCy's displacy.render(..., style="ent", manual=True) takes.
    Displacy,
    /// doccano's sequence-labelling JSONL.
    Doccano,
    /// brat standoff: ID.txt + ID.ann per article.
    Brat,
    /// One row per mention: article, entity, kind, text, character offsets, line.
    Csv,
    /// CoNLL: one token per line with its BIO tag, -DOCSTART- between articles.
    Conll,
}
