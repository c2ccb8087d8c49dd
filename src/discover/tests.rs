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

/// What discovery finds in `text` (paragraphs split at blank lines), as
/// (surface, key, cue) triples.
fn found(text: &str) -> Vec<(String, String, Option<Kind>)> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        paragraphs.push(start..start + part.len());
        start += part.len() + 2;
    }
    discover(text, &paragraphs, &[])
        .into_iter()
        .map(|f| (text[f.range.clone()].to_owned(), f.key, f.cue))
        .collect()
}

fn surfaces(text: &str) -> Vec<String> {
    found(text).into_iter().map(|(s, _, _)| s).collect()
}

fn cue_of(text: &str, name: &str) -> Option<Kind> {
    found(text)
        .into_iter()
        .find(|(s, _, _)| s == name)
        .unwrap_or_else(|| panic!("{name} not found in {text:?}: {:?}", found(text)))
        .2
}

#[test]
fn runs_of_capitals_keep_name_particles_inside() {
    let text = "The talks with Ursula von der Leyen and Pedro da Silva ended.";
    assert_eq!(surfaces(text), ["Ursula von der Leyen", "Pedro da Silva"]);
}

#[test]
fn hyphenated_particles_and_their_spaced_spelling_share_a_key() {
    let a = found("Officials loyal to Abdel Fattah el-Sisi met.");
    let b = found("Officials loyal to Abdel Fattah El Sisi met.");
    assert_eq!(a[0].0, "Abdel Fattah el-Sisi");
    assert_eq!(a[0].1, b[0].1);
    assert_eq!(normalise("Bashar al-Assad"), normalise("Bashar Al Assad"));
}

#[test]
fn acronyms_of_organisations_are_found_and_times_of_day_are_not() {
    let text = "Clashes went on in the north, the FBI said on Wednesday.";
    assert_eq!(surfaces(text), ["FBI"]);
    assert_eq!(cue_of(text, "FBI"), Some(Kind::Organisation));
    assert!(surfaces("The vote closed at 9 PM on the day.").is_empty());
}

#[test]
fn heading_lines_and_page_furniture_offer_nothing_of_their_own() {
    let text = "Contact Us About Careers\n\nUpdated: July 4, 2017 09:11 PM\n\nThe talks ended.";
    assert!(surfaces(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_name_is_never_glued_to_the_chinese_text_after_it() {
    assert!(surfaces("据报道Syria政府同意。").contains(&"Syria".to_owned()));
    assert!(surfaces("在Astana举行").contains(&"Astana".to_owned()));
}

#[test]
fn days_months_and_function_words_are_never_names() {
    assert!(surfaces("It rained on Wednesday in May, however the march went on.").is_empty());
    assert_eq!(
        surfaces("The vote was on Monday Anna Kowalczyk said nothing."),
        ["Anna Kowalczyk"]
    );
}

#[test]
fn a_surname_alone_links_to_the_full_name_in_the_same_article() {
    let text = "Talks were led by Jacinda Ardern on Monday. Ardern said little.";
    let f = found(text);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].1, "jacinda ardern");
    assert_eq!(f[1].1, "jacinda ardern");
    // Two full names ending alike: the surname stays its own.
    let text = "Both Anna Kowalska and Ewa Kowalska came. Kowalska spoke.";
    let keys: Vec<String> = found(text).into_iter().map(|(_, k, _)| k).collect();
    assert_eq!(keys, ["anna kowalska", "ewa kowalska", "kowalska"]);
}

#[test]
fn another_name_for_the_same_group_is_merged() {
    let text = "Strikes hit Hayat Tahrir Al Sham, formerly known as the Nusra Front, again.";
    let f = found(text);
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(f[0].1, f[1].1);
    assert_eq!(f[0].2, f[1].2, "one entity, one kind");
}

#[test]
fn the_world_layer_names_what_it_knows_even_when_shouted() {
    let f = found("MOSCOW, RUSSIA // Officials in Washington and the EU met.");
    let keys: Vec<&str> = f.iter().map(|(_, k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "world:moscow",
            "world:russia",
            "world:washington-d-c",
            "world:european-union"
        ]
    );
    // The longest name wins: South America is not America.
    let f = found("Trade with South America grew.");
    assert_eq!(f[0].1, "world:south-america");
}

#[test]
fn tracked_mentions_are_never_split_or_overlapped() {
    let text = "The envoy Staffan de Mistura met Kofi Annan.";
    let start = text.find("Staffan").expect("name");
    let tracked = [crate::entities::Mention::new(
        start,
        start + "Staffan de Mistura".len(),
        crate::entities::EntityId(0),
    )];
    let paragraph = 0..text.len();
    let f: Vec<&str> = discover(text, std::slice::from_ref(&paragraph), &tracked)
        .iter()
        .map(|f| &text[f.range.clone()])
        .collect();
    assert_eq!(f, ["Kofi Annan"]);
}

#[test]
fn on_the_seeds_discovery_finds_the_story_and_not_the_furniture() {
    use crate::corpus::Input;
    let g = std::sync::Arc::new(Gazetteer::builtin());
    let m = std::sync::Arc::new(crate::entities::Matcher::new(&g));
    let (docs, _) = crate::loader::load_all(&Input::Builtin, &m);
    let mut seen: Vec<(String, String, Option<Kind>)> = Vec::new();
    for d in &docs {
        let body = &d.article.body;
        for f in discover(body, &d.article.paragraphs, &d.mentions) {
            seen.push((body[f.range.clone()].to_owned(), f.key, f.cue));
        }
    }
    let has = |surface: &str| seen.iter().any(|(s, _, _)| s == surface);
    for name in [
        "Syria",
        "Kazakhstan",
        "Jordan",
        "U.S.",
        "American",
        "Damascus",
        "Douma",
        "Astana",
        "Idlib",
        "Homs",
        "Daraa",
        "Quneitra",
        "Sweida",
        "Eastern Ghouta",
        "Geneva",
        "Amman",
        "Bashar al-Assad",
        "Anuar Zhainakov",
        "UN",
        "Anadolu Agency",
        "Fateh Al Sham",
        "Al Nusra Front",
        "ISIL",
    ] {
        assert!(has(name), "{name} not found: {seen:#?}");
    }
    for word in ["However", "Wednesday", "Contact", "Us", "Updated", "UsAbu"] {
        assert!(
            !seen.iter().any(|(s, _, _)| s.split(' ').any(|w| w == word)),
            "{word}: {:#?}",
            seen.iter()
                .filter(|(s, _, _)| s.split(' ').any(|w| w == word))
                .collect::<Vec<_>>()
        );
    }
    let key = |surface: &str| &seen.iter().find(|(s, _, _)| s == surface).expect(surface).1;
    assert_eq!(key("Bashar al-Assad"), key("Bashar Al Assad"));
    assert_eq!(key("Zhainakov"), key("Anuar Zhainakov"));
    assert_eq!(key("Fateh Al Sham"), key("Al Nusra Front"));
    assert_eq!(key("U.S."), key("American"));
}

/// The registry gathers one key's mentions: variants as aliases, the fullest as the
/// name, the kind by the cues' votes; a hidden name is never offered.
#[test]
fn the_registry_merges_variants_votes_kinds_and_hides() {
    use crate::discover::{Registry, Status};
    let text = "Minister Karel Novak spoke. Novak, said little. Later Novak left.\n\n\
                The Acme Group grew.";
    let paragraphs = [
        0..text.find("\n\n").unwrap_or(0),
        text.len() - 20..text.len(),
    ];
    let found = discover(text, &paragraphs, &[]);
    let mut registry = Registry::new(&["Acme Group".to_owned()]);
    let ids: Vec<_> = found.iter().map(|f| registry.intern(text, f)).collect();
    let novak = ids[0].expect("Karel Novak");
    assert!(
        ids.iter().filter(|i| **i == Some(novak)).count() >= 2,
        "{found:?}"
    );
    let d = registry.get(novak).expect("registered");
    assert_eq!(d.entity.name, "Karel Novak");
    assert_eq!(d.entity.kind, Kind::Person);
    assert_eq!(d.entity.aliases, ["Novak"]);
    assert_eq!(d.status, Status::Shown);
    assert_eq!(ids.last(), Some(&None), "Acme Group is hidden: {found:?}");
}

/// Kinds on sentences written for this test: titles stripped from persons, name
/// particles kept inside ("arap", "bin", "van der"), a dateline's place and agency,
/// nationalities linked to their country but not places, a surname alone linked to the
/// full name, a company's legal form with its full stop, a compass point with its place.
#[test]
fn the_model_types_names_as_a_reader_would() {
    type Expected<'a> = &'a [(&'a str, Option<Kind>)];
    let cases: &[(&str, Expected)] = &[
        (
            "MOSCOW (AP) _ Russian troops moved on Tuesday, the Defence Ministry said.",
            &[
                ("MOSCOW", None),
                ("AP", Some(Kind::Organisation)),
                ("Russian", None),
                ("Defence Ministry", Some(Kind::Organisation)),
            ],
        ),
        (
            "Secretary-General Kofi Annan met President Daniel arap Moi in Nairobi on Monday.",
            &[
                ("Kofi Annan", Some(Kind::Person)),
                ("Daniel arap Moi", Some(Kind::Person)),
                ("Nairobi", None),
            ],
        ),
        (
            "Maj. Gen. Peter Okafor and Sgt. Anna Kowalczyk spoke.",
            &[
                ("Peter Okafor", Some(Kind::Person)),
                ("Anna Kowalczyk", Some(Kind::Person)),
            ],
        ),
        (
            "Osama bin Laden was killed in Pakistan, U.S. officials said.",
            &[
                ("Osama bin Laden", Some(Kind::Person)),
                ("Pakistan", None),
                ("U.S.", None),
            ],
        ),
        (
            "Ursula von der Leyen and Rafael van der Vaart met Dutch and Syrian officials.",
            &[
                ("Ursula von der Leyen", Some(Kind::Person)),
                ("Rafael van der Vaart", Some(Kind::Person)),
                ("Dutch", None),
                ("Syrian", None),
            ],
        ),
        (
            "Independent counsel Kenneth Starr questioned the aides. Starr said little.",
            &[
                ("Kenneth Starr", Some(Kind::Person)),
                ("Starr", Some(Kind::Person)),
            ],
        ),
        (
            "Troops crossed into South Vietnam, and North Korea stayed calm.",
            &[("South Vietnam", Some(Kind::Place)), ("North Korea", None)],
        ),
        (
            "Shares of General Motors Corp. rose, and Ford Motor Co. gained.",
            &[
                ("General Motors Corp.", Some(Kind::Organisation)),
                ("Ford Motor Co.", Some(Kind::Organisation)),
            ],
        ),
    ];
    for (text, expected) in cases {
        let paragraph = 0..text.len();
        let f = discover(text, std::slice::from_ref(&paragraph), &[]);
        let got: Vec<(&str, Option<Kind>)> =
            f.iter().map(|f| (&text[f.range.clone()], f.cue)).collect();
        assert_eq!(&got, expected, "{text}");
        for f in &f {
            let surface = &text[f.range.clone()];
            assert_eq!(
                f.nationality,
                matches!(surface, "Russian" | "Dutch" | "Syrian"),
                "{surface}"
            );
            assert!(f.confidence > 0.0 && f.confidence <= 1.0);
        }
    }
    let text = "Independent counsel Kenneth Starr questioned the aides. Starr said little.";
    let paragraph = 0..text.len();
    let f = discover(text, std::slice::from_ref(&paragraph), &[]);
    assert_eq!(f[0].key, f[1].key, "the surname is the person");
    assert!(surfaces("However, the talks ended on Wednesday.").is_empty());
}

/// A dateline is looked for in a paragraph's first 120 bytes, whatever character
/// straddles the 120th.
#[test]
fn datelines_are_read_and_a_wide_character_at_the_cut_is_no_trouble() {
    let text = "ABUJA, Nigeria (Reuters) - Talks went on.";
    let f = found(text);
    assert!(
        f.iter()
            .any(|(s, _, k)| s == "ABUJA" && matches!(k, None | Some(Kind::Place))),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|(s, _, k)| s == "Reuters" && *k == Some(Kind::Organisation)),
        "{f:?}"
    );
    for pad in 110..125 {
        let text = format!(
            "{}\u{201c}We left,\u{201d} Saqib said.",
            "a ".repeat(pad / 2)
        );
        let _ = found(&text);
    }
}

#[test]
fn an_organisation_named_after_a_place_is_one_organisation() {
    for (text, name) in [
        ("Analysts at the Bank of Japan disagreed.", "Bank of Japan"),
        ("He flew with Kenya Airways on Monday.", "Kenya Airways"),
    ] {
        assert_eq!(surfaces(text), [name]);
        assert_eq!(cue_of(text, name), Some(Kind::Organisation));
    }
    // A world organisation inside a longer name keeps its own span.
    let seeds = "The United Nations Syria envoy, Staffan de Mistura, arrived.";
    assert!(surfaces(seeds).contains(&"United Nations".to_owned()));
}

#[test]
fn a_full_name_outvotes_a_surname_alone_for_the_kind() {
    // The model is less sure of the full name than of the surname alone, and types
    // them apart; the full name's three words weigh more than the one.
    let text = "President Daniel arap Moi spoke.\n\nMoi, speaking in Nakuru, left.";
    let at = |s: &str, kind, confidence| {
        let start = text.find(s).expect("in the text");
        Found {
            range: start..start + s.len(),
            key: "daniel arap moi".to_owned(),
            cue: Some(kind),
            world: None,
            confidence,
            nationality: false,
        }
    };
    let mut found = vec![
        at("Daniel arap Moi", Kind::Person, 0.44),
        at("Moi,", Kind::Place, 0.52),
    ];
    found[1].range.end -= 1;
    find::majority_kinds(text, &mut found);
    assert!(
        found.iter().all(|f| f.cue == Some(Kind::Person)),
        "{found:?}"
    );
}
