//! Speed of the parts a reader waits on: finding mentions, loading and annotating a
//! 10,000-article corpus, building its index, searching it, wrapping, drawing a frame,
//! and one `n` jump.
//!
//! The corpus is generated from the seed articles' sentences (about 40 MB) into a
//! temporary folder, so loading is measured from real files.

/// The allocator the newslens binary uses, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "common/corpus.rs"]
mod corpus;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use newslens::app::{Action, App, update};
use newslens::corpus::{Article, BUILTIN_SEEDS, Input, ReadOptions};
use newslens::discover::discover;
use newslens::document::Document;
use newslens::entities::{Gazetteer, Matcher};
use newslens::index::Corpus;
use newslens::loader::load_all;
use newslens::search::{Pattern, search};
use newslens::wrap::Wrapped;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const ARTICLES: usize = 10_000;

/// The 10,000-article corpus.
fn corpus_files() -> Vec<PathBuf> {
    corpus::corpus_files(ARTICLES)
}

fn matching(c: &mut Criterion) {
    let g = Gazetteer::builtin();
    let matcher = Matcher::new(&g);
    let sentences = corpus::seed_sentences();
    let text: String = (0..ARTICLES)
        .map(|i| corpus::article_text(i, corpus::ARTICLE_BYTES, &sentences))
        .collect();
    let patterns: Vec<&str> = g.iter().flat_map(|(_, e)| e.surface_forms()).collect();
    let raw = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&patterns)
        .expect("automaton");

    let mut group = c.benchmark_group("find_mentions");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("newslens_matcher", |b| {
        b.iter(|| black_box(matcher.find(black_box(&text))).len())
    });
    group.bench_function("aho_corasick_baseline", |b| {
        b.iter(|| raw.find_iter(black_box(&text)).count())
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let files = corpus_files();
    let bytes: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let matcher = Matcher::new(&Gazetteer::builtin());
    let input = Input::Files(files.into());
    let mut group = c.benchmark_group("load_and_annotate");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("articles", ARTICLES), |b| {
        b.iter(|| load_all(black_box(&input), &matcher).0.len())
    });
    // Discovery may at most double loading: it is measured on the same articles, alone
    // and with the load.
    let docs = load_all(&input, &matcher).0;
    group.bench_function(BenchmarkId::new("discovery_only", ARTICLES), |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    discover(
                        black_box(&d.article.body),
                        &d.article.paragraphs,
                        &d.mentions,
                    )
                    .len()
                })
                .sum::<usize>()
        })
    });
    // The recogniser alone (tokens, features, Viterbi, confidences), the part of
    // discovery the goal of 5 MB of text per second per core is about.
    group.bench_function(BenchmarkId::new("recognition_only", ARTICLES), |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    newslens::ner::recognise(black_box(&d.article.body), &d.article.paragraphs)
                        .0
                        .len()
                })
                .sum::<usize>()
        })
    });
    // As the reader loads: the loading threads read and annotate, the corpus takes each
    // document in on this thread, and the list is complete; then, in the background,
    // discovery looks through every article and the corpus takes in what it finds.
    let gazetteer = Arc::new(Gazetteer::builtin());
    let shared = Arc::new(Matcher::new(&gazetteer));
    let options = ReadOptions::default();
    let reader_load = |discover: bool| {
        let corpus = corpus::reader_load(&input, &gazetteer, &shared, options, discover);
        corpus.docs.len() + corpus.discovered.len()
    };
    // Every article listed: what the reader waits for, with discovery or without.
    group.bench_function(BenchmarkId::new("reader_load", ARTICLES), |b| {
        b.iter(|| reader_load(false))
    });
    // Until every discovered name is in, in the background after the list.
    group.bench_function(
        BenchmarkId::new("reader_load_and_background_discovery", ARTICLES),
        |b| b.iter(|| reader_load(true)),
    );
    group.finish();
    // Reading the model and its name lists, once per run of newslens (at most 50 ms).
    let mut group = c.benchmark_group("recogniser");
    group.bench_function("model_and_lists_load", |b| {
        b.iter(|| {
            let model = newslens::ner::model::Model::from_bytes(black_box(newslens::ner::MODEL))
                .expect("model");
            (model.bits, newslens::ner::lists::Lists::new().len())
        })
    });
    group.finish();
}

fn big_document(matcher: &Matcher) -> Document {
    let sentences = corpus::seed_sentences();
    let text = corpus::article_text(7, 1 << 20, &sentences);
    Document::new(
        Article::from_plain_text(Path::new("big.txt"), &text),
        matcher,
    )
}

fn wrap(c: &mut Criterion) {
    let matcher = Matcher::new(&Gazetteer::builtin());
    let seed = Document::new(
        Article::from_plain_text(Path::new("s.txt"), BUILTIN_SEEDS[1].1),
        &matcher,
    );
    let big = big_document(&matcher);
    let mut group = c.benchmark_group("wrap");
    group.bench_function("seed_article_80_cols", |b| {
        b.iter(|| Wrapped::new(black_box(&seed), 80).rows.len())
    });
    group.sample_size(10);
    group.bench_function("1mb_article_80_cols", |b| {
        b.iter(|| Wrapped::new(black_box(&big), 80).rows.len())
    });
    group.finish();
}

fn app_with(docs: Vec<Document>, area: Rect) -> App {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    App::with_documents(g, m, docs, Vec::new(), area)
}

fn render(c: &mut Criterion) {
    let area = Rect::new(0, 0, 200, 50);
    let matcher = Matcher::new(&Gazetteer::builtin());
    let (docs, _) = load_all(&Input::Builtin, &matcher);
    let mut seeds = app_with(docs, area);
    update(&mut seeds, Action::NextMention);
    let mut big = app_with(vec![big_document(&matcher)], area);
    update(&mut big, Action::Bottom);
    update(&mut big, Action::PrevMention);

    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut group = c.benchmark_group("render_frame_200x50");
    for (name, app) in [("seeds", &seeds), ("1mb_article_at_end", &big)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                terminal
                    .draw(|f| f.render_widget(black_box(app), f.area()))
                    .expect("draw");
            })
        });
    }
    group.finish();
}

fn jump(c: &mut Criterion) {
    let matcher = Matcher::new(&Gazetteer::builtin());
    let (docs, _) = load_all(&Input::Files(corpus_files().into()), &matcher);
    let mut app = app_with(docs, Rect::new(0, 0, 200, 50));
    let mut group = c.benchmark_group("jump");
    group.bench_function("n_next_mention_10k_articles", |b| {
        b.iter(|| update(&mut app, Action::NextMention))
    });
    // Jones is rarer: `n` often crosses into another article and re-wraps it.
    let last = app.doc().map_or(1, |d| d.entities.len());
    update(&mut app, Action::SelectEntity(last));
    group.bench_function("n_rarest_entity_10k_articles", |b| {
        b.iter(|| update(&mut app, Action::NextMention))
    });
    group.finish();
}

fn index_and_search(c: &mut Criterion) {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let (docs, _) = load_all(&Input::Files(corpus_files().into()), &m);
    let bytes: usize = docs.iter().map(|d| d.article.body.len()).sum();
    let mut group = c.benchmark_group("index_10k_articles");
    group.sample_size(10);
    group.bench_function("build", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| {
                let mut corpus = Corpus::new(Arc::clone(&g), Arc::clone(&m));
                for d in docs {
                    corpus.push(d);
                }
                corpus.docs.len()
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();

    let order: Vec<usize> = (0..docs.len()).collect();
    let mut group = c.benchmark_group("search_10k_articles");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    for pattern in ["Douma", "douma", "de-escalation zones?"] {
        let p = Pattern::new(pattern).expect("pattern");
        group.bench_function(pattern, |b| b.iter(|| search(&docs, &order, &p).len()));
    }
    group.finish();

    // A frame with the panel listing Russia's mentions across all 10,000 articles.
    let mut app = App::with_documents(g, m, docs, Vec::new(), Rect::new(0, 0, 200, 50));
    update(&mut app, Action::NextMention);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut group = c.benchmark_group("render_frame_200x50");
    group.bench_function("10k_articles_mention_list", |b| {
        b.iter(|| {
            terminal
                .draw(|f| f.render_widget(black_box(&app), f.area()))
                .expect("draw");
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    matching,
    load,
    index_and_search,
    wrap,
    render,
    jump
);
criterion_main!(benches);
