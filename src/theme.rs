//! Colours and text styles, all in one place: the default theme, the theme without
//! colour, the style strings a configuration writes ("bold cyan on black"), and the
//! colour of each entity, which follows its id.

use std::collections::BTreeMap;

use ratatui::style::{Color, Modifier, Style};

use crate::entities::{EntityId, Gazetteer, Kind};

/// Declares the parts of the screen once: their styles ([`Parts`], one field each), their
/// names and descriptions for configuration files ([`PARTS`]), and the lookup by name.
macro_rules! screen_parts {
    ($($(#[$doc:meta])* $field:ident: $what:literal,)*) => {
        /// The style of each part of the screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Parts {
            $($(#[$doc])* pub $field: Style,)*
        }

        /// The parts of the screen a theme styles: configuration name and what it is.
        pub const PARTS: &[(&str, &str)] = &[$((stringify!($field), $what),)*];

        impl Parts {
            /// The style of a part, by its name in [`PARTS`].
            pub fn get_mut(&mut self, name: &str) -> Option<&mut Style> {
                match name {
                    $(stringify!($field) => Some(&mut self.$field),)*
                    _ => None,
                }
            }
        }
    };
}

screen_parts! {
    border: "pane borders",
    border_focused: "the border of the focused pane",
    title: "titles: the headline, pane titles, help sections",
    subtitle: "the standfirst under a headline",
    meta: "the line of source, date and byline",
    dim: "secondary text: counts, paths, hints",
    /// The cursor row of the focused list.
    cursor: "the cursor row of the focused list",
    /// The open article or selected entity when its pane is not focused.
    chosen: "the open article or selected entity, pane not focused",
    status: "the status bar",
    status_info: "messages in the status bar",
    status_warning: "warnings in the status bar",
    key: "keys in the help and the status bar",
    /// Search hits in the text.
    search: "search hits",
    /// The search hit last jumped to.
    search_current: "the search hit last jumped to",
    /// Entities discovery found: their mentions in the text and their panel marker.
    discovered: "entities found in the text, not tracked (D toggles)",
}

/// The styles of every part of the screen, and the entities' colours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// The parts' styles; a theme reads as its parts (`theme.title`).
    pub parts: Parts,
    /// The colours entities take. Empty for a theme without colour, where entities are
    /// told apart by [`MONO_MENTIONS`].
    pub palette: Vec<Color>,
    /// Colours for the entities of one kind, in place of `palette`.
    pub kind_palettes: BTreeMap<Kind, Vec<Color>>,
    /// Colours given to entities by id.
    pub pinned: BTreeMap<String, Color>,
    /// Each entity's colour and text style, by [`EntityId`], from [`Theme::assign`].
    assigned: Vec<(Color, Modifier)>,
    /// The same for discovered entities promoted to tracked while running.
    promoted: BTreeMap<EntityId, (Color, Modifier)>,
}

impl std::ops::Deref for Theme {
    type Target = Parts;
    fn deref(&self) -> &Parts {
        &self.parts
    }
}

impl std::ops::DerefMut for Theme {
    fn deref_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }
}

/// Text styles that tell entities apart without colour, in entity-file order.
pub const MONO_MENTIONS: [Modifier; 6] = [
    Modifier::BOLD,
    Modifier::UNDERLINED,
    Modifier::ITALIC,
    Modifier::BOLD.union(Modifier::UNDERLINED),
    Modifier::BOLD.union(Modifier::ITALIC),
    Modifier::UNDERLINED.union(Modifier::ITALIC),
];

impl Default for Theme {
    fn default() -> Self {
        let parts = Parts {
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            title: Style::new().add_modifier(Modifier::BOLD),
            subtitle: Style::new().add_modifier(Modifier::ITALIC),
            meta: Style::new().fg(Color::DarkGray),
            dim: Style::new().fg(Color::DarkGray),
            cursor: Style::new()
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            chosen: Style::new().add_modifier(Modifier::BOLD),
            status: Style::new().bg(Color::Black).fg(Color::Gray),
            status_info: Style::new().fg(Color::Cyan),
            status_warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            search: Style::new().fg(Color::Black).bg(Color::Yellow),
            search_current: Style::new()
                .fg(Color::Black)
                .bg(Color::LightYellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            discovered: Style::new().add_modifier(Modifier::UNDERLINED),
        };
        Self {
            parts,
            // Dark blue is left out: it is hard to read on a dark background.
            palette: vec![
                Color::LightRed,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightBlue,
                Color::LightMagenta,
                Color::LightCyan,
                Color::Red,
                Color::Green,
                Color::Yellow,
                Color::Magenta,
                Color::Cyan,
            ],
            kind_palettes: BTreeMap::new(),
            pinned: BTreeMap::new(),
            assigned: Vec::new(),
            promoted: BTreeMap::new(),
        }
    }
}

/// How many colours a terminal shows, as its environment says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The sixteen named colours.
    Sixteen,
    /// The 256-colour palette, or more (`COLORTERM=truecolor`).
    Wide,
}

impl Depth {
    /// From `COLORTERM` and `TERM`, as terminals announce themselves.
    pub fn from_env() -> Self {
        let colorterm = std::env::var("COLORTERM").unwrap_or_default();
        let term = std::env::var("TERM").unwrap_or_default();
        if matches!(colorterm.as_str(), "truecolor" | "24bit") || term.contains("256color") {
            Depth::Wide
        } else {
            Depth::Sixteen
        }
    }
}

/// Twelve colours of the 256-colour cube as unlike one another as the cube allows, all
/// light and saturated enough to read on a dark background: each taken in turn as the one
/// farthest (in CIELAB) from those already taken, from a clear red.
pub fn wide_palette() -> Vec<Color> {
    let candidates: Vec<Color> = (16..232)
        .map(Color::Indexed)
        .filter(|&c| {
            let [l, a, b] = crate::colour::lab(c);
            (58.0..=88.0).contains(&l) && (a * a + b * b).sqrt() >= 35.0
        })
        .collect();
    let mut chosen = vec![Color::Indexed(203)];
    while chosen.len() < 12 {
        let next = candidates
            .iter()
            .filter(|c| !chosen.contains(c))
            .map(|&c| {
                let nearest = chosen
                    .iter()
                    .map(|&t| colour_distance(t, c))
                    .fold(f32::INFINITY, f32::min);
                (nearest, c)
            })
            .max_by(|x, y| x.0.total_cmp(&y.0));
        match next {
            Some((_, c)) => chosen.push(c),
            None => break,
        }
    }
    chosen
}

impl Theme {
    /// This theme for a terminal of `depth`: on a wide terminal, a palette left as the
    /// default becomes [`wide_palette`]; a palette the configuration gives is kept.
    pub fn for_depth(mut self, depth: Depth) -> Self {
        if depth == Depth::Wide && self.palette == Theme::default().palette {
            self.palette = wide_palette();
        }
        self
    }

    /// A theme without colour (for `NO_COLOR` and `--no-color`): emphasis only.
    pub fn monochrome() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let parts = Parts {
            border: Style::new(),
            border_focused: bold,
            title: bold,
            subtitle: Style::new().add_modifier(Modifier::ITALIC),
            meta: Style::new(),
            dim: Style::new(),
            cursor: Style::new().add_modifier(Modifier::REVERSED),
            chosen: bold,
            status: Style::new().add_modifier(Modifier::REVERSED),
            status_info: bold,
            status_warning: bold,
            key: bold,
            search: Style::new().add_modifier(Modifier::REVERSED),
            search_current: Style::new()
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            discovered: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::DIM),
        };
        Self {
            parts,
            palette: Vec::new(),
            kind_palettes: BTreeMap::new(),
            pinned: BTreeMap::new(),
            assigned: Vec::new(),
            promoted: BTreeMap::new(),
        }
    }

    /// The style of a part of the screen, by its name in [`PARTS`].
    pub fn part_mut(&mut self, name: &str) -> Option<&mut Style> {
        self.parts.get_mut(name)
    }

    /// Whether entities are told apart by colour (else by text style).
    pub fn has_colour(&self) -> bool {
        !self.palette.is_empty()
    }

    /// Gives every entity of `gazetteer` its colour (or, without colour, its text
    /// style). An entity's first choice follows from its id alone, so it keeps its
    /// colour whatever else is loaded; when that colour is taken by an entity earlier
    /// in the files, it takes the next free one, so the first entities all differ.
    /// Colours pinned by id come first.
    pub fn assign(&mut self, gazetteer: &Gazetteer) {
        let pinned: Vec<Color> = gazetteer
            .iter()
            .filter_map(|(_, e)| self.pinned.get(&e.id).copied())
            .collect();
        // Before any entity of a group is seen, only the pinned colours are taken.
        let fresh = |group: Option<Kind>| -> Vec<bool> {
            if self.has_colour() {
                let palette = self.palette_of(group);
                palette.iter().map(|c| pinned.contains(c)).collect()
            } else {
                vec![false; MONO_MENTIONS.len()]
            }
        };
        let mut taken = BTreeMap::new();
        let assigned = gazetteer
            .iter()
            .map(|(_, e)| self.pick(&e.id, e.kind, &mut taken, &fresh))
            .collect();
        self.assigned = assigned;
    }

    /// Gives a discovered entity promoted to tracked its colour, as [`Theme::assign`]
    /// would: the one its id picks, else the next no entity has.
    pub fn assign_promoted(&mut self, entity: EntityId, id: &str, kind: Kind) {
        let looks: Vec<(Color, Modifier)> = self
            .assigned
            .iter()
            .chain(self.promoted.values())
            .copied()
            .collect();
        let fresh = |group: Option<Kind>| -> Vec<bool> {
            if self.has_colour() {
                let palette = self.palette_of(group);
                palette
                    .iter()
                    .map(|c| looks.iter().any(|l| l.0 == *c))
                    .collect()
            } else {
                MONO_MENTIONS
                    .iter()
                    .map(|m| looks.iter().any(|l| l.1 == *m))
                    .collect()
            }
        };
        let look = self.pick(id, kind, &mut BTreeMap::new(), &fresh);
        self.promoted.insert(entity, look);
    }

    /// The colours of a group: a kind's own palette, or (`None`) the palette.
    fn palette_of(&self, group: Option<Kind>) -> &[Color] {
        group
            .and_then(|k| self.kind_palettes.get(&k))
            .map_or(&self.palette, |p| p)
    }

    /// The look of the entity `id` of `kind`. Without colour, the text style its id
    /// picks; else its pinned colour, or the colour its id picks in its kind's palette
    /// (or the palette); when that one is taken, the next free. `taken` holds each
    /// group's taken slots, started by `fresh`.
    fn pick(
        &self,
        id: &str,
        kind: Kind,
        taken: &mut BTreeMap<Option<Kind>, Vec<bool>>,
        fresh: &dyn Fn(Option<Kind>) -> Vec<bool>,
    ) -> (Color, Modifier) {
        let seed = xxhash_rust::xxh3::xxh3_64(id.as_bytes());
        if !self.has_colour() {
            let used = taken.entry(None).or_insert_with(|| fresh(None));
            return (Color::Reset, MONO_MENTIONS[free_slot(used, seed)]);
        }
        if let Some(&colour) = self.pinned.get(id) {
            return (colour, Modifier::BOLD);
        }
        let group = self
            .kind_palettes
            .get(&kind)
            .is_some_and(|p| !p.is_empty())
            .then_some(kind);
        let used = taken.entry(group).or_insert_with(|| fresh(group));
        let palette = self.palette_of(group);
        (palette[distinct_slot(palette, used, seed)], Modifier::BOLD)
    }

    /// An entity's colour and text style: as assigned, or (for an entity the theme
    /// has not seen) by its place in the files.
    fn look(&self, entity: EntityId) -> (Color, Modifier) {
        if let Some(&look) = self.promoted.get(&entity) {
            return look;
        }
        if let Some(&look) = self.assigned.get(entity.index()) {
            return look;
        }
        if !self.has_colour() {
            return (
                Color::Reset,
                MONO_MENTIONS[entity.index() % MONO_MENTIONS.len()],
            );
        }
        (
            self.palette[entity.index() % self.palette.len()],
            Modifier::BOLD,
        )
    }

    /// The colour of an entity: the same in the text, the panel and the legend.
    pub fn entity_color(&self, entity: EntityId) -> Color {
        self.look(entity).0
    }

    /// How a mention of an entity looks in the text.
    pub fn mention(&self, entity: EntityId) -> Style {
        let (colour, modifier) = self.look(entity);
        if !self.has_colour() {
            return Style::new().add_modifier(modifier);
        }
        Style::new().fg(colour).add_modifier(modifier)
    }

    /// The entity's marker in the panel: its colour, or without colour its text style.
    pub fn marker(&self, entity: EntityId) -> Style {
        if !self.has_colour() {
            self.mention(entity)
        } else {
            Style::new().fg(self.entity_color(entity))
        }
    }

    /// How the current mention looks: its entity's style in reverse video.
    pub fn current_mention(&self, entity: EntityId) -> Style {
        self.mention(entity).add_modifier(Modifier::REVERSED)
    }
}

/// The first free slot from the one `seed` picks, marking it taken; with none free,
/// the picked one.
/// Colours closer than this (CIE76 ΔE) are too alike for two entities: yellow and light
/// yellow are 33 apart, red and light red 26.
const NEAR: f32 = 45.0;

/// The colour `seed` points at, when it is free and unlike every colour taken (so an
/// entity's colour follows from its id); else the free colour of `palette` that looks
/// most unlike every colour taken (the largest smallest CIELAB distance). Marks it taken.
/// Every colour taken: as [`free_slot`].
fn distinct_slot(palette: &[Color], used: &mut [bool], seed: u64) -> usize {
    let n = palette.len().min(used.len()).max(1);
    let first = (seed % n as u64) as usize;
    let taken: Vec<[f32; 3]> = (0..n)
        .filter(|&i| used[i])
        .map(|i| lab(palette[i]))
        .collect();
    if taken.len() == n {
        return free_slot(used, seed);
    }
    let unlike = |i: usize| {
        let here = lab(palette[i]);
        taken.iter().all(|t| distance(*t, here) >= NEAR)
    };
    if !used[first] && unlike(first) {
        used[first] = true;
        return first;
    }
    let mut best: Option<(f32, usize)> = None;
    for i in (0..n).map(|i| (first + i) % n).filter(|&i| !used[i]) {
        let here = lab(palette[i]);
        let nearest = taken
            .iter()
            .map(|t| distance(*t, here))
            .fold(f32::INFINITY, f32::min);
        if best.is_none_or(|(d, _)| nearest > d + 0.01) {
            best = Some((nearest, i));
        }
    }
    let slot = best.map_or(first, |(_, i)| i);
    used[slot] = true;
    slot
}

fn free_slot(used: &mut [bool], seed: u64) -> usize {
    let n = used.len().max(1);
    let first = (seed % n as u64) as usize;
    let slot = (0..n)
        .map(|i| (first + i) % n)
        .find(|&i| !used[i])
        .unwrap_or(first);
    if let Some(u) = used.get_mut(slot) {
        *u = true;
    }
    slot
}

pub use crate::colour::{
    COLOUR_NAMES, MODIFIER_NAMES, color_name, colour_distance, colour_help, parse_color,
    parse_style, style_string,
};
use crate::colour::{distance, lab};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_six_seed_entities_get_distinct_colours() {
        let mut t = Theme::default();
        t.assign(&Gazetteer::builtin());
        let colours: std::collections::HashSet<Color> =
            (0..6).map(|i| t.entity_color(EntityId(i))).collect();
        assert_eq!(colours.len(), 6);
    }

    #[test]
    fn without_colour_the_six_entities_still_look_different() {
        let t = Theme::monochrome();
        let styles: std::collections::HashSet<Style> =
            (0..6).map(|i| t.mention(EntityId(i))).collect();
        assert_eq!(styles.len(), 6);
        for i in 0..6 {
            let current = t.current_mention(EntityId(i));
            assert!(current.add_modifier.contains(Modifier::REVERSED));
            assert_eq!(current.fg, None);
        }
        assert!(t.palette.is_empty() && t.cursor.fg.is_none() && t.cursor.bg.is_none());
    }

    fn gazetteer(entries: &[(&str, &str)]) -> Gazetteer {
        let list: Vec<String> = entries
            .iter()
            .map(|(id, kind)| format!(r#"{{"id": "{id}", "name": "{id} name", "kind": "{kind}"}}"#))
            .collect();
        let text = format!(r#"{{"entities": [{}]}}"#, list.join(","));
        Gazetteer::parse(&text, std::path::Path::new("t.json")).expect("valid")
    }

    fn colours(theme: &Theme, g: &Gazetteer) -> Vec<(String, Color)> {
        g.iter()
            .map(|(i, e)| (e.id.clone(), theme.entity_color(i)))
            .collect()
    }

    #[test]
    fn an_entitys_colour_follows_its_id_not_what_else_is_loaded() {
        let mut t = Theme::default();
        let alone = gazetteer(&[("syria", "country")]);
        t.assign(&alone);
        let syria = t.entity_color(EntityId(0));
        // Other entities before it, as long as none wants its colour or one like it (nor
        // one another's), change nothing.
        let mut wanted = vec![syria];
        let mut ids: Vec<String> = (0..40).map(|i| format!("e{i}")).collect();
        ids.retain(|id| {
            let mut one = Theme::default();
            one.assign(&gazetteer(&[(id, "place")]));
            let colour = one.entity_color(EntityId(0));
            let free = wanted.iter().all(|w| colour_distance(*w, colour) >= NEAR);
            if free {
                wanted.push(colour);
            }
            free
        });
        let mut entries: Vec<(&str, &str)> = ids
            .iter()
            .take(3)
            .map(|id| (id.as_str(), "place"))
            .collect();
        entries.push(("syria", "country"));
        let g = gazetteer(&entries);
        t.assign(&g);
        assert_eq!(t.entity_color(EntityId(3)), syria);
        // Appending entities never changes the colours of those before.
        let builtin = Gazetteer::builtin();
        t.assign(&builtin);
        let before = colours(&t, &builtin);
        let mut more: Vec<(&str, &str)> = builtin
            .iter()
            .map(|(_, e)| (e.id.as_str(), e.kind.as_str()))
            .collect();
        more.extend([("extra1", "person"), ("extra2", "place")]);
        let g = gazetteer(&more);
        t.assign(&g);
        assert_eq!(colours(&t, &g)[..6], before[..]);
    }

    #[test]
    fn the_first_entities_differ_until_the_palette_runs_out() {
        let mut t = Theme::default();
        let ids: Vec<String> = (0..t.palette.len()).map(|i| format!("id{i}")).collect();
        let entries: Vec<(&str, &str)> = ids.iter().map(|id| (id.as_str(), "person")).collect();
        let g = gazetteer(&entries);
        t.assign(&g);
        let distinct: std::collections::HashSet<Color> =
            colours(&t, &g).into_iter().map(|(_, c)| c).collect();
        assert_eq!(distinct.len(), t.palette.len());
    }

    #[test]
    fn pinned_colours_and_kind_palettes_apply() {
        let mut t = Theme::default();
        t.pinned.insert("b".into(), Color::Rgb(1, 2, 3));
        t.kind_palettes.insert(Kind::Person, vec![Color::White]);
        let g = gazetteer(&[
            ("a", "place"),
            ("b", "place"),
            ("p", "person"),
            ("q", "person"),
        ]);
        t.assign(&g);
        assert_eq!(t.entity_color(EntityId(1)), Color::Rgb(1, 2, 3));
        assert_eq!(t.entity_color(EntityId(2)), Color::White);
        assert_eq!(
            t.entity_color(EntityId(3)),
            Color::White,
            "one colour for the kind"
        );
        assert!(t.palette.contains(&t.entity_color(EntityId(0))));
        assert_eq!(t.mention(EntityId(1)).fg, Some(Color::Rgb(1, 2, 3)));
    }

    #[test]
    fn without_colour_assigned_entities_keep_distinct_text_styles() {
        let mut t = Theme::monochrome();
        t.pinned.insert("russia".into(), Color::Red);
        t.assign(&Gazetteer::builtin());
        let styles: std::collections::HashSet<Style> =
            (0..6).map(|i| t.mention(EntityId(i))).collect();
        assert_eq!(styles.len(), 6);
        assert!(styles.iter().all(|s| s.fg.is_none() && s.bg.is_none()));
    }

    #[test]
    fn style_strings_round_trip() {
        for text in [
            "plain",
            "bold",
            "cyan",
            "bold underline black on lightyellow",
            "italic #ffaf00 on 236",
            "reverse default",
        ] {
            let style = parse_style(text).expect(text);
            assert_eq!(style_string(style), text);
            assert_eq!(parse_style(&style_string(style)), Ok(style));
        }
        assert_eq!(
            parse_style("Underlined Light-Red on grey"),
            Ok(Style::new()
                .fg(Color::LightRed)
                .bg(Color::Gray)
                .add_modifier(Modifier::UNDERLINED))
        );
        assert!(parse_style("red blue").is_err_and(|e| e.contains("write \"on\"")));
        assert!(parse_style("on").is_err());
        assert!(parse_style("  ").is_err());
        assert!(parse_color("#12").is_err());
    }

    /// The tracked entities' colours are told apart at a glance: no two closer than a
    /// CIELAB distance of 50 (yellow beside light yellow is 33, red beside light red 26).
    #[test]
    fn entity_colours_are_far_apart() {
        let g = Gazetteer::builtin();
        let mut theme = Theme::default();
        theme.assign(&g);
        let colours: Vec<Color> = g.iter().map(|(e, _)| theme.entity_color(e)).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                let d = colour_distance(*a, *b);
                assert!(d >= 50.0, "{a:?} and {b:?} are {d:.0} apart: {colours:?}");
            }
        }
        assert!(colour_distance(Color::Yellow, Color::LightYellow) < 40.0);
        assert!(colour_distance(Color::Red, Color::LightRed) < 40.0);
        // The 256-colour cube and truecolour are measured the same way.
        assert!(colour_distance(Color::Indexed(196), Color::Rgb(255, 0, 0)) < 1.0);
    }

    /// On a 256-colour or truecolor terminal the default palette has twelve colours, all
    /// far apart and readable on a dark background; a configured palette is kept.
    #[test]
    fn a_wide_terminal_gets_twelve_colours_far_apart() {
        let wide = wide_palette();
        assert_eq!(wide.len(), 12);
        for (i, a) in wide.iter().enumerate() {
            for b in &wide[i + 1..] {
                let d = colour_distance(*a, *b);
                assert!(d >= 35.0, "{a:?} and {b:?} are {d:.0} apart: {wide:?}");
            }
        }
        // The seeds' six entities, given colours from it, are never nearer than NEAR.
        let g = Gazetteer::builtin();
        let mut theme = Theme::default().for_depth(Depth::Wide);
        theme.assign(&g);
        let colours: Vec<Color> = g.iter().map(|(e, _)| theme.entity_color(e)).collect();
        for (i, a) in colours.iter().enumerate() {
            for b in &colours[i + 1..] {
                let d = colour_distance(*a, *b);
                assert!(d >= NEAR, "{a:?} and {b:?} are {d:.0} apart: {colours:?}");
            }
        }
        assert_eq!(Theme::default().for_depth(Depth::Wide).palette, wide);
        assert_eq!(
            Theme::default().for_depth(Depth::Sixteen).palette,
            Theme::default().palette
        );
        let mine = Theme {
            palette: vec![Color::Red, Color::Blue],
            ..Theme::default()
        };
        assert_eq!(mine.clone().for_depth(Depth::Wide).palette, mine.palette);
    }
}
