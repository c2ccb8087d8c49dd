//! The newslens binary: parse the command line, check the inputs, run the reader.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use newslens::app::App;
use newslens::cli::Cli;
use newslens::corpus;
use newslens::entities::{Gazetteer, Matcher};
use newslens::{loader, tui};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newslens: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let gazetteer = match &cli.entities {
        Some(path) => match Gazetteer::from_file(path) {
            Ok(g) => g,
            Err(e) => return Ok(usage_error(&e.to_string())),
        },
        None => Gazetteer::builtin(),
    };
    let (input, warnings) = match corpus::resolve(&cli.paths) {
        Ok(found) => found,
        Err(e) => return Ok(usage_error(&e.to_string())),
    };
    if !std::io::stdout().is_terminal() {
        return Ok(usage_error(
            "standard output is not a terminal; the reader needs one",
        ));
    }
    let gazetteer = Arc::new(gazetteer);
    let matcher = Arc::new(Matcher::new(&gazetteer));
    let mut app = App::new(gazetteer, Arc::clone(&matcher), input.len());
    app.warnings = warnings;
    let loads = loader::spawn(input, matcher);
    tui::run(&mut app, loads).context("terminal error")?;
    Ok(ExitCode::SUCCESS)
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("newslens: {message}");
    ExitCode::from(2)
}
