//! Speed where hostile or huge inputs once made newslens wait: building the matcher for
//! 10,000 entities (and for an alias at the length limit), and opening the notes list
//! with 200,000 notes. Each must grow linearly with its input.

/// The allocator the newslens binary uses, so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use newslens::app::{Action, App, update};
use newslens::corpus::Input;
use newslens::entities::{Gazetteer, Layer, Matcher};
use newslens::loader::load_all;
use newslens::state::{ArticleRef, Note};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// An entity file of `n` entities, each with a name and two aliases.
fn entity_file(n: usize) -> tempfile::NamedTempFile {
    let entities: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": format!("e{i}"),
                "name": format!("Person Number{i} Surname{i}"),
                "kind": "person",
                "aliases": [format!("Surname{i}"), format!("P. N{i}")],
            })
        })
        .collect();
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(
        file.path(),
        serde_json::to_vec(&serde_json::json!({ "entities": entities })).expect("json"),
    )
    .expect("write");
    file
}

fn matcher_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("matcher_build");
    group.sample_size(10);
    let file = entity_file(10_000);
    let layers = [Layer::File(file.path().to_owned())];
    group.bench_function("read_10000_entities", |b| {
        b.iter(|| {
            Gazetteer::from_layers(black_box(&layers))
                .expect("valid")
                .len()
        })
    });
    let g = Gazetteer::from_layers(&layers).expect("valid");
    group.bench_function("matcher_10000_entities", |b| {
        b.iter(|| Matcher::new(black_box(&g)))
    });
    let long = tempfile::NamedTempFile::new().expect("temp file");
    let alias = "Lorem ipsum ".repeat(16);
    let alias = alias.trim();
    std::fs::write(
        long.path(),
        format!(
            r#"{{"entities": [{{"id": "x", "name": "X Y", "kind": "person", "aliases": ["{alias}"]}}]}}"#
        ),
    )
    .expect("write");
    let g = Gazetteer::from_layers(&[Layer::File(long.path().to_owned())]).expect("valid");
    group.bench_function("matcher_200_character_alias", |b| {
        b.iter(|| Matcher::new(black_box(&g)))
    });
    group.finish();
}

/// The seeds with `n` notes on their first article.
fn app_with_notes(n: usize) -> App {
    let g = Arc::new(Gazetteer::builtin());
    let m = Arc::new(Matcher::new(&g));
    let (docs, warnings) = load_all(&Input::Builtin, &m);
    let mut app = App::with_documents(g, m, docs, warnings, Rect::new(0, 0, 120, 40));
    let doc = &app.corpus.docs[0];
    let article = ArticleRef {
        hash: doc.hash.clone(),
        path: doc.article.path.display().to_string(),
    };
    let paragraphs = doc.article.paragraphs.clone();
    let body = doc.article.body.clone();
    for i in 0..n {
        let range = paragraphs[i % paragraphs.len()].clone();
        app.memory.notes.insert(
            format!("note-{i:07}"),
            Note {
                article: article.clone(),
                start: range.start,
                end: range.end,
                quote: body[range].to_owned(),
                text: format!("note number {i}"),
                entity: None,
                created: 1,
            },
        );
    }
    app
}

fn notes_list(c: &mut Criterion) {
    let mut group = c.benchmark_group("notes_list");
    group.sample_size(10);
    let app = app_with_notes(200_000);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    group.bench_function("open_and_draw_200000_notes", |b| {
        b.iter_batched(
            || app.clone(),
            |mut app| {
                update(&mut app, Action::ListNotes);
                update(&mut app, Action::Down);
                terminal
                    .draw(|f| f.render_widget(&app, f.area()))
                    .expect("draw");
                app
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, matcher_build, notes_list);
criterion_main!(benches);
