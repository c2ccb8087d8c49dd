//! The README stays true: its key table is generated from the key map, and its
//! configuration example is read as a configuration.

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

#[test]
fn readme_configuration_example_is_a_valid_configuration() {
    let readme = include_str!("../README.md");
    let start = readme.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let example = &readme[start..];
    let example = &example[..example.find("```").expect("closed")];
    let config = newslens::config::Config::parse(example, std::path::Path::new("README.md"))
        .unwrap_or_else(|e| panic!("README's example: {e}"));
    assert_eq!(config.entities.len(), 2);
    assert!(config.keymap.key_for("coverage").is_none());
    assert_eq!(
        config.keymap.key_for("next_mention").as_deref(),
        Some("Ctrl-n")
    );
}
