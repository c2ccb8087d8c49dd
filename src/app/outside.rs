//! Keys that reach outside the reader, and the screen-position keys: `o` opens the
//! article's URL (or its file) in the browser, `y` copies the current mention's sentence,
//! `Y` the article's URL, `H`/`L` make the first or last mention on the screen current.
//! What the terminal must do is asked for in [`App::effects`](super::App::effects).

use super::navigate::sync_snippet;
use super::{App, Loading};
use crate::action::Effect;
use crate::document::Direction;
use crate::text::visible;

/// What `o` and `Y` give of the open article: its URL, else its file's full path.
fn address(app: &App) -> Result<String, &'static str> {
    let Some(doc) = app.current else {
        return Err("no article open");
    };
    let article = &app.corpus.docs[doc].article;
    if let Some(url) = article.url.as_deref().filter(|u| !u.trim().is_empty()) {
        return Ok(url.trim().to_owned());
    }
    let path = &article.path;
    if path.is_file() {
        let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        return Ok(full.display().to_string());
    }
    Err("this article has no URL and no file of its own")
}

pub(super) fn open_in_browser(app: &mut App) {
    let target = match address(app) {
        Ok(t) => t,
        Err(why) => return app.info(why),
    };
    app.info(format!("opening {}", visible(&target)));
    app.effects.push(Effect::Open {
        command: app.settings.browser.clone(),
        target,
    });
}

pub(super) fn copy_url(app: &mut App) {
    let text = match address(app) {
        Ok(t) => t,
        Err(why) => return app.info(why),
    };
    let what = if text.contains("://") {
        "the URL"
    } else {
        "the file's path"
    };
    copy(app, text, what);
}

/// The sentence around the current mention, else around the top line of the text.
pub(super) fn copy_sentence(app: &mut App) {
    let Some(doc) = app.current else {
        return app.info("no article open");
    };
    let d = &app.corpus.docs[doc];
    let (at, what) = match app.mention.and_then(|m| d.mentions.get(m)) {
        Some(m) => (m.start, "the mention's sentence"),
        None => {
            let top = app
                .reader
                .wrapped
                .as_ref()
                .map_or(0, |w| w.body_offset(app.reader.top));
            (top.min(d.article.body.len()), "the sentence at the top")
        }
    };
    let body = &d.article.body;
    // The paragraph holding the offset, then its sentence.
    let para = d
        .article
        .paragraphs
        .iter()
        .find(|p| p.start <= at && at <= p.end)
        .cloned()
        .unwrap_or(0..body.len());
    let text = &body[para.clone()];
    let sentence = crate::text::sentences(text)
        .into_iter()
        .find(|s| at - para.start < s.end.max(s.start + 1))
        .map_or(text, |s| &text[s]);
    if sentence.trim().is_empty() {
        return app.info("nothing to copy here");
    }
    let sentence = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    copy(app, sentence, what);
}

fn copy(app: &mut App, text: String, what: &str) {
    app.effects.push(Effect::Copy {
        command: app.settings.copy.clone(),
        text,
        what: what.to_owned(),
    });
}

/// `H` and `L`: the first (forward) or last (backward) mention shown on the screen
/// becomes the current one, its entity selected.
pub(super) fn screen_mention(app: &mut App, dir: Direction) {
    let (Some(doc), Some(w)) = (app.current, &app.reader.wrapped) else {
        return app.info("no article open");
    };
    let rows = app.reader.top..app.reader.top + app.reader_height();
    let shown = app.settings.discovered;
    let d = &app.corpus.docs[doc];
    let on_screen = |&i: &usize| {
        rows.contains(&w.mention_pos[i].0) && (shown || !d.mentions[i].entity.is_discovered())
    };
    let mut all = 0..d.mentions.len();
    let found = match dir {
        Direction::Forward => all.find(on_screen),
        Direction::Backward => all.rev().find(on_screen),
    };
    let Some(i) = found else {
        return app.info("no mention on the screen");
    };
    app.mention = Some(i);
    app.selected = Some(d.mentions[i].entity);
    sync_snippet(app);
}

/// The terminal loop started reading `n` more inputs (`:e`); `warnings` are the paths
/// it could not use, `already` the files left out as open already.
pub(super) fn loading_more(
    app: &mut App,
    n: usize,
    warnings: Vec<crate::corpus::Warning>,
    already: usize,
) {
    let problems = warnings.len();
    app.warnings.extend(warnings);
    let mut said = if app.reload.is_some() {
        format!("reloading {n} source{}…", if n == 1 { "" } else { "s" })
    } else {
        format!("reading {n} more file{}", if n == 1 { "" } else { "s" })
    };
    if already > 0 {
        said.push_str(&format!("; {already} open already"));
    }
    if problems > 0 {
        let list = app
            .keymap
            .hint(&crate::action::Action::ToggleProblems, |k| {
                format!(" ({k} lists them)")
            });
        said.push_str(&format!("; {problems} could not be read{list}"));
        app.warn(said);
    } else {
        app.info(said);
    }
    if n == 0 {
        return;
    }
    match &mut app.loading {
        Some(loading) => {
            loading.total += n;
            loading.running += 1;
        }
        None => {
            app.loading = Some(Loading {
                total: n,
                running: 1,
                ..Loading::default()
            });
        }
    }
}

/// `r`: fetches the feeds and pages given by URL again; what is new joins the list.
pub(super) fn reload(app: &mut App) {
    if !app.reloadable {
        return app.info("nothing to reload: r fetches again the feeds and pages given by URL");
    }
    if app.loading.is_some() {
        return app.info("still loading; r reloads once it is done");
    }
    let urls = app
        .corpus
        .docs
        .iter()
        .filter_map(|d| d.article.url.clone())
        .collect();
    app.reload = Some(super::Reload { urls, new: 0 });
    app.effects.push(Effect::Reload);
    app.info("reloading…");
}

/// `R`: fetches the open article's page again.
pub(super) fn reload_article(app: &mut App) {
    let Some(doc) = app.current else {
        return app.info("no article open");
    };
    let article = &app.corpus.docs[doc].article;
    if !article
        .url
        .as_deref()
        .is_some_and(|u| crate::fetch::is_url(std::path::Path::new(u)))
    {
        return app.info("this article has no page to fetch again");
    }
    app.effects.push(Effect::ReloadPage {
        doc,
        article: Box::new(article.clone()),
    });
    app.info("fetching the page again…");
}

/// The open article's page came back: its new text takes the old one's place.
pub(super) fn page_reloaded(
    app: &mut App,
    doc: usize,
    result: Result<Option<Box<crate::document::Document>>, String>,
) {
    let fresh = match result {
        Err(why) => return app.warn(why),
        Ok(None) => return app.info("the page has not changed"),
        Ok(Some(fresh)) => fresh,
    };
    let Some(old) = app.corpus.docs.get(doc) else {
        return;
    };
    let old_hash = old.hash.clone();
    let hash = fresh.hash.clone();
    app.corpus.replace(doc, *fresh);
    if app.by_hash.get(&old_hash) == Some(&doc) {
        app.by_hash.remove(&old_hash);
    }
    app.by_hash.entry(hash).or_insert(doc);
    // The mentions are new: none is current, and the jumps keep their places only.
    app.jumps.remap(doc, |_| None);
    if app.current == Some(doc) {
        app.mention = None;
        let top = app.reader.top;
        app.reader.wrapped = Some(crate::wrap::Wrapped::new(
            &app.corpus.docs[doc],
            app.wrap_width(),
        ));
        app.reader.top = top.min(app.max_top());
    }
    super::searching::refresh(app);
    sync_snippet(app);
    if app.loading.is_none() {
        super::navigate::number_entities(app);
    }
    let n = app.corpus.docs[doc].tracked_count();
    app.info(format!(
        "page reloaded: the text is new; {n} tracked mention{}",
        if n == 1 { "" } else { "s" }
    ));
}
