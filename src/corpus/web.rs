//! Inputs that are URLs: a feed gives its items, a page its article. A feed item that
//! carries only a summary (short, or cut off with "…") gets the full text of the page it
//! links to, unless `--summary-only` says not to; a page that cannot be had leaves the
//! summary, with a warning.

use std::path::Path;

use super::{Article, Format, Outcome, ReadOptions, Warning, read_bytes};
use crate::fetch::{Fetcher, is_url};

/// A feed item's text this short is taken for a summary.
const SUMMARY: usize = 600;

/// Most pages fetched at once for one feed's items.
const PAGES_AT_ONCE: usize = 4;

/// Reads the feed or page at `input` (a URL).
pub(super) fn read_url(input: &Path, options: &ReadOptions) -> Outcome {
    let url = input.to_string_lossy().into_owned();
    let warn = |message: String| Warning {
        path: input.to_owned(),
        message,
    };
    let fetched = match Fetcher::shared().get(&url, &options.fetch, options.max_file_size) {
        Ok(f) => f,
        Err(e) => {
            return Outcome {
                articles: Vec::new(),
                warnings: vec![warn(format!("cannot fetch it: {e}"))],
            };
        }
    };
    let mut warnings: Vec<Warning> = fetched.stale.iter().map(|s| warn(s.clone())).collect();
    let (mut articles, problems) = match read_bytes(input, &fetched.bytes) {
        Ok(read) => read,
        Err(e) => {
            warnings.push(warn(e.to_string()));
            return Outcome {
                articles: Vec::new(),
                warnings,
            };
        }
    };
    warnings.extend(problems.into_iter().map(warn));
    for a in &mut articles {
        if a.format != Format::Feed && a.url.is_none() {
            a.url = Some(fetched.url.clone());
        }
    }
    if !options.fetch.summary_only && !crate::fetch::keeps_summaries(&url) {
        let problems = full_texts(&mut articles, options);
        warnings.extend(problems.into_iter().map(warn));
    }
    Outcome { articles, warnings }
}

/// Whether a feed item's text is only a summary of its page.
pub fn is_summary(article: &Article) -> bool {
    let body = article.body.trim_end();
    body.chars().count() < SUMMARY
        || ["…", "...", "[…]", "[...]", "Read more", "Continue reading"]
            .iter()
            .any(|end| body.ends_with(end))
}

/// Gives every summary-only feed item its page's full text, a few pages at a time;
/// returns what went wrong.
fn full_texts(articles: &mut [Article], options: &ReadOptions) -> Vec<String> {
    let wanted: Vec<&mut Article> = articles
        .iter_mut()
        .filter(|a| {
            a.format == Format::Feed
                && is_summary(a)
                && a.url.as_deref().is_some_and(|u| is_url(Path::new(u)))
        })
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let queue = std::sync::Mutex::new(wanted);
    let problems = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PAGES_AT_ONCE {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().ok().and_then(|mut q| q.pop());
                    let Some(article) = next else { return };
                    if let Err(e) = full_text(article, options)
                        && let Ok(mut p) = problems.lock()
                    {
                        p.push(e);
                    }
                }
            });
        }
    });
    problems.into_inner().unwrap_or_default()
}

/// Replaces a summary with the text of the page it links to.
fn full_text(article: &mut Article, options: &ReadOptions) -> Result<(), String> {
    let url = article.url.clone().unwrap_or_default();
    let said = |why: String| {
        format!(
            "the full text of “{}” ({url}): {why}; its summary is shown",
            article.title
        )
    };
    let page = Fetcher::shared()
        .get(&url, &options.fetch, options.max_file_size)
        .map_err(|e| said(e.to_string()))?;
    let (pages, _) = read_bytes(Path::new(&url), &page.bytes).map_err(|e| said(e.to_string()))?;
    let Some(page) = pages.into_iter().max_by_key(|p| p.body.len()) else {
        return Ok(());
    };
    // A page that says less than the summary (a paywall, a cookie wall) is left.
    if page.body.trim().len() <= article.body.trim().len() {
        return Ok(());
    }
    article.body = page.body;
    article.paragraphs = page.paragraphs;
    if article.byline.is_none() {
        article.byline = page.byline;
    }
    if article.date.is_none() {
        article.date = page.date;
    }
    if article.subtitle.is_none() {
        article.subtitle = page.subtitle;
    }
    Ok(())
}

/// The article's page fetched again (`R`): the article with the page's text, or `None`
/// when the text is what it was.
pub fn refetch(article: &Article, options: &ReadOptions) -> Result<Option<Article>, String> {
    let url = article
        .url
        .clone()
        .filter(|u| is_url(Path::new(u)))
        .ok_or_else(|| "this article has no page to fetch".to_owned())?;
    let page = Fetcher::shared()
        .get(&url, &options.fetch, options.max_file_size)
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    let (pages, _) = read_bytes(Path::new(&url), &page.bytes).map_err(|e| format!("{url}: {e}"))?;
    let Some(page) = pages.into_iter().max_by_key(|p| p.body.len()) else {
        return Ok(None);
    };
    if page.body == article.body {
        return Ok(None);
    }
    let mut fresh = article.clone();
    fresh.body = page.body;
    fresh.paragraphs = page.paragraphs;
    fresh.byline = page.byline.or(fresh.byline);
    fresh.date = page.date.or(fresh.date);
    fresh.subtitle = page.subtitle.or(fresh.subtitle);
    Ok(Some(fresh))
}
