use super::*;
use crate::entities::Kind;

/// The entity a form names in the world layer: its id and kind.
fn named(form: &str) -> Option<(String, Kind)> {
    let w = world();
    w.iter()
        .find(|(_, e)| e.surface_forms().any(|f| f == form))
        .map(|(_, e)| (e.id.clone(), e.kind))
}

#[test]
fn the_world_layer_is_a_valid_entity_file() {
    let w = Gazetteer::parse(WORLD, Path::new("assets/world.json")).expect("valid");
    let countries = w.iter().filter(|(_, e)| e.kind == Kind::Country).count();
    assert!(countries >= 245, "{countries} countries");
    assert!(w.iter().any(|(_, e)| e.kind == Kind::Organisation));
}

#[test]
fn countries_come_with_their_names_demonyms_and_capitals() {
    for (form, id, kind) in [
        ("Syria", "syria", Kind::Country),
        ("Syrian", "syria", Kind::Country),
        ("Kazakhstan", "kazakhstan", Kind::Country),
        ("Kazakh", "kazakhstan", Kind::Country),
        ("United States", "united-states", Kind::Country),
        ("U.S.", "united-states", Kind::Country),
        ("US", "united-states", Kind::Country),
        ("American", "united-states", Kind::Country),
        ("Jordan", "jordan", Kind::Country),
        ("Turkey", "turkiye", Kind::Country),
        ("Damascus", "damascus", Kind::Place),
        ("Astana", "astana", Kind::Place),
        ("Amman", "amman", Kind::Place),
        ("Washington", "washington-d-c", Kind::Place),
        ("South America", "south-america", Kind::Place),
        ("UN", "united-nations", Kind::Organisation),
        ("United Nations", "united-nations", Kind::Organisation),
        ("NATO", "nato", Kind::Organisation),
        ("OPEC", "opec", Kind::Organisation),
        ("EU", "european-union", Kind::Organisation),
    ] {
        assert_eq!(named(form), Some((id.to_owned(), kind)), "{form}");
    }
    let damascus = world().get(world().id_of("damascus").expect("damascus"));
    assert_eq!(damascus.affiliation.as_deref(), Some("syria"));
}

#[test]
fn a_demonym_shared_with_territories_stays_with_the_country_and_ambiguous_ones_go() {
    assert_eq!(named("French").map(|(id, _)| id).as_deref(), Some("france"));
    // Both Congos are "Congolese": it names neither.
    assert_eq!(named("Congolese"), None);
    // Country codes are not names in running text.
    assert_eq!(named("SY"), None);
}
