//! The command line.

use std::path::PathBuf;

use clap::Parser;

/// Read several news articles about one story, with the people, countries and
/// organisations in them highlighted and every mention one key away.
#[derive(Debug, Parser)]
#[command(name = "newslens", version, about, long_about = None)]
#[command(
    after_help = "With no PATH, newslens opens ./seeds if it exists, else its two built-in seed articles.\nIn the reader, press ? for the keys."
)]
pub struct Cli {
    /// Article files, or folders to search for .txt articles (recursively).
    pub paths: Vec<PathBuf>,

    /// Use this entity file instead of the built-in one (see README for the format).
    #[arg(long, value_name = "FILE")]
    pub entities: Option<PathBuf>,
}
