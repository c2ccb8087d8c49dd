//! Colour for terminal output: the reader's entity colours as ANSI escapes, or nothing
//! when colour is off (`--no-color`, `NO_COLOR`, or output that is not a terminal). Text
//! given to be painted comes from outside (names, paths), so it is made visible first:
//! only the painter's own escapes reach the terminal.

use std::borrow::Cow;

use ratatui::style::Color;

use crate::entities::EntityId;
use crate::text::visible;
use crate::theme::Theme;

/// Paints text for a terminal, or leaves it alone.
#[derive(Debug, Clone)]
pub struct Painter {
    theme: Option<Theme>,
}

impl Painter {
    /// Paints with `theme` (its entity colours assigned), or not at all with `None`.
    pub fn new(theme: Option<Theme>) -> Self {
        Self { theme }
    }

    /// `text` in the entity's colour, bold.
    pub fn entity<'t>(&self, text: &'t str, entity: EntityId) -> Cow<'t, str> {
        let text = visible(text);
        match &self.theme {
            Some(theme) => Cow::Owned(format!(
                "\x1b[1;{}m{text}\x1b[0m",
                sgr(theme.entity_color(entity))
            )),
            None => text,
        }
    }

    /// `text` as a problem label: bold red.
    pub fn problem<'t>(&self, text: &'t str) -> Cow<'t, str> {
        self.sgr_wrap(text, "1;31")
    }

    /// `text` as a note label: cyan.
    pub fn note<'t>(&self, text: &'t str) -> Cow<'t, str> {
        self.sgr_wrap(text, "36")
    }

    fn sgr_wrap<'t>(&self, text: &'t str, code: &str) -> Cow<'t, str> {
        let text = visible(text);
        match &self.theme {
            Some(_) => Cow::Owned(format!("\x1b[{code}m{text}\x1b[0m")),
            None => text,
        }
    }

    /// `text` dimmed, for secondary detail such as paths.
    pub fn dim<'t>(&self, text: &'t str) -> Cow<'t, str> {
        self.sgr_wrap(text, "2")
    }
}

/// The SGR foreground code of a theme colour (named colours only; others are plain).
fn sgr(color: Color) -> String {
    let code = match color {
        Color::Black => 30,
        Color::Red => 31,
        Color::Green => 32,
        Color::Yellow => 33,
        Color::Blue => 34,
        Color::Magenta => 35,
        Color::Cyan => 36,
        Color::Gray => 37,
        Color::DarkGray => 90,
        Color::LightRed => 91,
        Color::LightGreen => 92,
        Color::LightYellow => 93,
        Color::LightBlue => 94,
        Color::LightMagenta => 95,
        Color::LightCyan => 96,
        Color::White => 97,
        Color::Indexed(i) => return format!("38;5;{i}"),
        Color::Rgb(r, g, b) => return format!("38;2;{r};{g};{b}"),
        Color::Reset => 39,
    };
    code.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_off_leaves_text_alone() {
        let p = Painter::new(None);
        assert_eq!(p.entity("Russia", EntityId(0)), "Russia");
        assert_eq!(p.dim("path"), "path");
    }

    #[test]
    fn colour_on_uses_the_readers_entity_colours() {
        let mut theme = Theme::default();
        theme.assign(&crate::entities::Gazetteer::builtin());
        let p = Painter::new(Some(theme.clone()));
        for i in 0..2 {
            let code = sgr(theme.entity_color(EntityId(i)));
            assert_eq!(
                p.entity("Russia", EntityId(i)),
                format!("\x1b[1;{code}mRussia\x1b[0m")
            );
        }
        assert_ne!(
            theme.entity_color(EntityId(0)),
            theme.entity_color(EntityId(1))
        );
    }

    #[test]
    fn colour_follows_the_flags_then_the_terminal() {
        use crate::cli::{ColorChoice, Common};
        let with = |color, no_color| Common {
            color,
            no_color,
            ..Common::default()
        };
        assert!(!with(ColorChoice::Auto, true).colour(true));
        assert!(!with(ColorChoice::Auto, false).colour(false));
        assert!(with(ColorChoice::Always, false).colour(false));
        assert!(!with(ColorChoice::Never, false).colour(true));
        assert!(
            !with(ColorChoice::Always, true).colour(true),
            "--no-color wins"
        );
    }
}
