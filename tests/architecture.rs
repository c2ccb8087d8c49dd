//! The shape of the code, read from the sources: the app never reaches into the views,
//! the key map knows nothing of the app, and no file grows past what one reader holds.

use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The lines of `path` that are code, not comments.
fn code_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .expect("a source file")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_app_never_imports_the_views() {
    for path in sources(&src().join("app")) {
        for line in code_lines(&path) {
            assert!(
                !line.contains("crate::ui") && !line.contains("newslens::ui"),
                "{} reaches into the views: {line}",
                path.display()
            );
        }
    }
}

#[test]
fn the_key_map_and_keys_know_nothing_of_the_app() {
    for file in ["keymap.rs", "key.rs", "action.rs"] {
        for line in code_lines(&src().join(file)) {
            assert!(
                !line.contains("crate::app") && !line.contains("crate::ui"),
                "{file} imports the app or the views: {line}"
            );
        }
    }
}

#[test]
fn no_source_file_is_longer_than_600_lines_tests_aside() {
    for path in sources(&src()) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("tests") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        let code = text.split("\n#[cfg(test)]\nmod tests").next().unwrap_or("");
        let lines = code.lines().count();
        assert!(lines <= 600, "{}: {lines} lines", path.display());
    }
}
