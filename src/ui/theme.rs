//! Colours and text styles, all in one place.

use ratatui::style::{Color, Modifier, Style};

use crate::entities::EntityId;

/// The styles of every part of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
    pub subtitle: Style,
    pub meta: Style,
    pub dim: Style,
    /// The cursor row of the focused list.
    pub cursor: Style,
    /// The open article or selected entity when its pane is not focused.
    pub chosen: Style,
    pub status: Style,
    pub status_info: Style,
    pub status_warning: Style,
    pub key: Style,
    /// Search hits in the text, and the one last jumped to.
    pub search: Style,
    pub search_current: Style,
    /// One colour per entity, in entity-file order (cycling past the end). Empty for
    /// a theme without colour, where entities are told apart by [`MONO_MENTIONS`].
    pub palette: Vec<Color>,
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
        Self {
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
                Color::Blue,
                Color::Magenta,
                Color::Cyan,
            ],
        }
    }
}

impl Theme {
    /// A theme without colour (for `NO_COLOR` and `--no-color`): emphasis only.
    pub fn monochrome() -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
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
            palette: Vec::new(),
        }
    }

    /// The colour of an entity: the same in the text, the panel and the legend.
    pub fn entity_color(&self, entity: EntityId) -> Color {
        self.palette
            .get(entity.index() % self.palette.len().max(1))
            .copied()
            .unwrap_or(Color::Reset)
    }

    /// How a mention of an entity looks in the text.
    pub fn mention(&self, entity: EntityId) -> Style {
        if self.palette.is_empty() {
            return Style::new().add_modifier(MONO_MENTIONS[entity.index() % MONO_MENTIONS.len()]);
        }
        Style::new()
            .fg(self.entity_color(entity))
            .add_modifier(Modifier::BOLD)
    }

    /// The entity's marker in the panel: its colour, or without colour its text style.
    pub fn marker(&self, entity: EntityId) -> Style {
        if self.palette.is_empty() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_six_seed_entities_get_distinct_colours() {
        let t = Theme::default();
        let colours: std::collections::HashSet<Color> =
            (0..6).map(|i| t.entity_color(EntityId(i))).collect();
        assert_eq!(colours.len(), 6);
        assert_eq!(t.entity_color(EntityId(12)), t.entity_color(EntityId(0)));
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
}
