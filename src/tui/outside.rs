//! The work the terminal loop does for the app outside the screen: starting the browser,
//! copying (OSC 52 goes through the terminal), and starting more loaders for `:e` and
//! `r`. Each outcome comes back to the app as an action.

use std::io;
use std::sync::Arc;

use ratatui::DefaultTerminal;

use super::Loop;
use crate::app::{Action, App, update};

impl Loop<'_> {
    /// Waits for a command on a thread of its own; a failure comes back as a message.
    pub(super) fn watch(&self, child: std::process::Child, name: String) {
        let told = self.told.clone();
        let _ = std::thread::Builder::new()
            .name("newslens-command".into())
            .spawn(move || {
                if let Err(text) = crate::effects::outcome(child, &name) {
                    let _ = told.send(Action::Done { ok: false, text });
                }
            });
    }

    pub(super) fn open(&self, app: &mut App, setting: &str, target: &str) {
        let env = std::env::var("BROWSER").ok();
        let Some(command) = crate::effects::browser(setting, env.as_deref()) else {
            return update(
                app,
                Action::Done {
                    ok: false,
                    text: "no browser to open it with: set $BROWSER, or browser in [reader] of                            the configuration (:set browser=COMMAND for now)"
                        .into(),
                },
            );
        };
        match crate::effects::open(&command, target) {
            Ok(child) => self.watch(child, command),
            Err(e) => update(
                app,
                Action::Done {
                    ok: false,
                    text: format!("cannot start a shell for {command}: {e}"),
                },
            ),
        }
    }

    pub(super) fn copy(
        &self,
        terminal: &mut DefaultTerminal,
        app: &mut App,
        command: &str,
        text: &str,
        what: &str,
    ) -> io::Result<()> {
        let chars = text.chars().count();
        let quote: String = text.chars().take(40).collect();
        let more = if chars > 40 { "…" } else { "" };
        let said = format!(
            "copied {what} ({chars} characters): “{}{more}”",
            crate::text::visible(&quote)
        );
        if command.trim().is_empty() {
            use std::io::Write;
            let tmux = std::env::var_os("TMUX").is_some();
            let backend = terminal.backend_mut();
            backend.write_all(crate::effects::osc52(text, tmux).as_bytes())?;
            backend.flush()?;
        } else {
            match crate::effects::pipe(command, text) {
                Ok(child) => self.watch(child, command.to_owned()),
                Err(e) => {
                    update(
                        app,
                        Action::Done {
                            ok: false,
                            text: format!("cannot copy with {command}: {e}"),
                        },
                    );
                    return Ok(());
                }
            }
        }
        update(
            app,
            Action::Done {
                ok: true,
                text: said,
            },
        );
        Ok(())
    }

    /// `r`: reads the inputs given by URL again; the app keeps what is new.
    pub(super) fn reload(&mut self, app: &mut App) {
        let Some(opener) = &self.opener else { return };
        if opener.urls.is_empty() {
            return;
        }
        let urls = opener.urls.clone();
        self.start_loader(app, urls, Vec::new(), 0);
    }

    /// Reads `files` into the corpus on a loader of its own, and tells the app how many
    /// (with the problems of the paths given and how many were open already).
    fn start_loader(
        &mut self,
        app: &mut App,
        files: Vec<std::path::PathBuf>,
        warnings: Vec<crate::corpus::Warning>,
        already: usize,
    ) {
        let Some(opener) = &self.opener else { return };
        let inputs = files.len();
        let receiver = crate::loader::spawn(
            crate::corpus::Input::Files(files.into()),
            Arc::clone(&opener.matcher),
            opener.options,
        );
        self.loads.push(receiver);
        update(
            app,
            Action::Loading {
                inputs,
                warnings,
                already,
            },
        );
    }

    /// `:e`: reads more inputs into the corpus on loaders of their own, leaving out the
    /// files already read.
    pub(super) fn load(&mut self, app: &mut App, paths: &[std::path::PathBuf]) {
        if self.opener.is_none() {
            return update(
                app,
                Action::Done {
                    ok: false,
                    text: "this reader cannot read more files".into(),
                },
            );
        }
        let (input, warnings) = match crate::corpus::resolve(paths) {
            Ok(found) => found,
            Err(e) => {
                return update(
                    app,
                    Action::Done {
                        ok: false,
                        text: e.to_string(),
                    },
                );
            }
        };
        let crate::corpus::Input::Files(files) = input else {
            return;
        };
        let open: std::collections::HashSet<std::path::PathBuf> = app
            .corpus
            .docs
            .iter()
            .filter_map(|d| std::fs::canonicalize(&d.article.path).ok())
            .collect();
        let before = files.len();
        let files: Vec<_> = files
            .into_paths()
            .into_iter()
            .filter(|f| std::fs::canonicalize(f).map_or(true, |c| !open.contains(&c)))
            .collect();
        let already = before - files.len();
        if files.is_empty() && warnings.is_empty() {
            let text = if already == 1 {
                "that file is open already".to_owned()
            } else {
                format!("those {already} files are open already")
            };
            return update(app, Action::Done { ok: true, text });
        }
        self.start_loader(app, files, warnings, already);
    }

    /// `R`: fetches an article's page again on a thread of its own; the new text comes
    /// back as an action.
    pub(super) fn reload_page(&self, doc: usize, article: crate::corpus::Article) {
        let Some(opener) = &self.opener else { return };
        let (matcher, options, discover) =
            (Arc::clone(&opener.matcher), opener.options, self.discover);
        let told = self.told.clone();
        let _ = std::thread::Builder::new()
            .name(crate::loader::THREAD_NAME.into())
            .spawn(move || {
                let result = crate::corpus::web::refetch(&article, &options).map(|fresh| {
                    fresh.map(|a| {
                        let mut fresh = crate::document::Document::new(a, &matcher);
                        if let Some(confidence) = discover {
                            fresh.discover(confidence);
                        }
                        Box::new(fresh)
                    })
                });
                let _ = told.send(Action::PageReloaded { doc, result });
            });
    }
}
