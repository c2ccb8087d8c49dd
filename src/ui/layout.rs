//! Where each pane goes for a terminal size: three panes when there is room, fewer on
//! narrow terminals, a notice below the smallest usable size.

use ratatui::layout::Rect;

/// The smallest terminal that shows an article.
pub const MIN_WIDTH: u16 = 16;
pub const MIN_HEIGHT: u16 = 4;
/// From this width the entity panel is shown beside the reader.
const PANEL_FROM: u16 = 48;
/// From this width the article list is shown too.
const LIST_FROM: u16 = 72;

/// The panes' rectangles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Option<Rect>,
    pub reader: Rect,
    /// The reader's text area, inside its border and padding.
    pub reader_text: Rect,
    pub panel: Option<Rect>,
    pub status: Rect,
    /// The terminal is below the smallest usable size.
    pub too_small: bool,
}

impl Panes {
    pub fn new(area: Rect) -> Self {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return Self {
                list: None,
                reader: Rect::default(),
                reader_text: Rect::default(),
                panel: None,
                status: Rect::default(),
                too_small: true,
            };
        }
        let main_height = area.height - 1;
        let status = Rect::new(area.x, area.y + main_height, area.width, 1);
        let w = area.width;
        let side = |min: u16, max: u16| (w * 22 / 100).clamp(min, max);
        let list_width = if w >= LIST_FROM { side(18, 34) } else { 0 };
        let panel_width = if w >= PANEL_FROM { side(20, 36) } else { 0 };
        let reader_width = w - list_width - panel_width;
        let at = |x: u16, width: u16| Rect::new(area.x + x, area.y, width, main_height);
        let reader = at(list_width, reader_width);
        let reader_text = Rect::new(
            reader.x + 2,
            reader.y + 1,
            reader.width.saturating_sub(4),
            reader.height.saturating_sub(2),
        );
        Self {
            list: (list_width > 0).then(|| at(0, list_width)),
            reader,
            reader_text,
            panel: (panel_width > 0).then(|| at(list_width + reader_width, panel_width)),
            status,
            too_small: false,
        }
    }

    /// How many articles the list shows at once (two rows each).
    pub fn list_items(&self) -> usize {
        self.list
            .map_or(0, |r| (r.height.saturating_sub(2) / 2) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_get_three_panes_that_tile_the_width() {
        for (w, h) in [(80, 24), (160, 45), (200, 50), (72, 10)] {
            let p = Panes::new(Rect::new(0, 0, w, h));
            let (list, panel) = (p.list.expect("list"), p.panel.expect("panel"));
            assert_eq!(list.width + p.reader.width + panel.width, w);
            assert_eq!(p.status.y, h - 1);
            assert!(p.reader_text.width >= 20, "{w}: {:?}", p.reader_text);
        }
    }

    #[test]
    fn narrow_terminals_drop_the_list_then_the_panel() {
        let p = Panes::new(Rect::new(0, 0, 60, 20));
        assert!(p.list.is_none() && p.panel.is_some());
        let p = Panes::new(Rect::new(0, 0, 20, 5));
        assert!(p.list.is_none() && p.panel.is_none() && !p.too_small);
        assert_eq!(p.reader_text, Rect::new(2, 1, 16, 2));
    }

    #[test]
    fn tiny_terminals_are_too_small() {
        for (w, h) in [(1, 1), (15, 40), (200, 3), (0, 0)] {
            assert!(Panes::new(Rect::new(0, 0, w, h)).too_small);
        }
    }
}
