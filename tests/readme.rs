//! The README's key table is generated from the key map; this keeps the two in step.

#[test]
fn readme_key_table_matches_the_key_map() {
    let readme = include_str!("../README.md");
    let table = newslens::keymap::Keymap::default().markdown_table();
    assert!(
        readme.contains(&table),
        "README.md's key table is out of date; replace it with:\n\n{table}"
    );
}

#[test]
fn readme_names_the_two_commands() {
    let readme = include_str!("../README.md");
    assert!(readme.contains("cargo run --release"));
    assert!(readme.contains("cargo test"));
}
