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

/// Below this inner height the panel has no room for the mention list.
const MENTIONS_FROM: u16 = 10;

/// The first row to show so that row `selected` is visible in `height` rows.
pub fn scroll_to_show(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

/// Where the entity panel's parts go: worked out from sizes and counts alone (never from
/// styled text), and shared by drawing, mouse clicks and focus keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PanelLayout {
    /// The column header above the list.
    pub header: Rect,
    /// The entity rows.
    pub list: Rect,
    /// The index of the first entity shown.
    pub list_first: usize,
    pub details: Rect,
    /// The title row of the mention list ("Mentions 3/9").
    pub mentions_title: Rect,
    /// The snippet rows.
    pub mentions: Rect,
}

/// One row of the mention list: an article's title, or a mention under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnippetRow {
    Article(usize),
    /// The index into the selected entity's mentions.
    Mention(usize),
}

/// The rows of the mention list near its cursor: a list of 700,000 mentions is not laid
/// out whole for a frame that shows thirty of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetRows {
    pub rows: Vec<SnippetRow>,
    /// The list-wide index of `rows[0]`.
    pub offset: usize,
    /// The whole list's length in rows.
    pub total: usize,
}

impl SnippetRows {
    /// List-wide row `i`, if it is among the rows laid out.
    pub fn get(&self, i: usize) -> Option<&SnippetRow> {
        self.rows.get(i.checked_sub(self.offset)?)
    }
}

impl PanelLayout {
    /// The layout of a panel drawn in `area` (border included) listing `rows` rows, the
    /// selected one at `selected_at` (`None`: none selected, or not listed), with
    /// `details` lines about the selected entity, and `mention_rows` rows in its mention
    /// list: the room the mention list does not need goes to the entity list. Whether
    /// there is a mention list does not depend on `details` nor `mention_rows`.
    pub fn new(
        area: Rect,
        rows: usize,
        selected: bool,
        selected_at: Option<usize>,
        details: usize,
        mention_rows: usize,
    ) -> Self {
        let first = Self::with_list(area, rows, selected, selected_at, details, None);
        // The details are shown whole first, then the entity list takes the rest.
        let details_short = details.saturating_sub(first.details.height as usize);
        let spare = (first.mentions.height as usize)
            .saturating_sub(mention_rows)
            .saturating_sub(details_short);
        if spare == 0 || first.list.height as usize >= rows {
            return first;
        }
        let list_rows = (first.list.height as usize + spare).min(rows);
        let fit = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        Self::with_list(
            area,
            rows,
            selected,
            selected_at,
            details,
            Some((fit(list_rows), fit(mention_rows))),
        )
    }

    /// The layout with the entity list its share of the height, or (`sized`) this many
    /// rows high, the details taking what this many mention rows leave.
    fn with_list(
        area: Rect,
        rows: usize,
        selected: bool,
        selected_at: Option<usize>,
        details: usize,
        sized: Option<(u16, u16)>,
    ) -> Self {
        let inner = Rect::new(
            area.x.saturating_add(1),
            area.y.saturating_add(1),
            area.width.saturating_sub(2),
            area.height.saturating_sub(2),
        );
        let empty = Rect::new(inner.x, inner.y, inner.width, 0);
        let mut layout = Self {
            header: empty,
            list: empty,
            list_first: 0,
            details: empty,
            mentions_title: empty,
            mentions: empty,
        };
        if inner.width < 4 || inner.height == 0 {
            return layout;
        }
        let h = inner.height;
        let row = |y: u16, height: u16| Rect::new(inner.x, y, inner.width, height);
        let n = u16::try_from(rows).unwrap_or(u16::MAX);
        let with_mentions = h >= MENTIONS_FROM && selected;
        let list_rows = match sized {
            Some((wanted, _)) => wanted.clamp(1, n.max(1)),
            None if with_mentions => n.clamp(1, (h / 4).max(3)),
            None => n.clamp(1, h.div_ceil(2)),
        };
        layout.header = row(inner.y, 1);
        let list_rows = list_rows.min(h - 1);
        layout.list = row(inner.y + 1, list_rows);
        layout.list_first = scroll_to_show(selected_at.unwrap_or(0), list_rows as usize);
        // A rule under the list, then the details.
        let details_y = inner.y + 1 + list_rows + 1;
        let bottom = inner.y + h;
        if details_y >= bottom {
            return layout;
        }
        let rest = bottom - details_y;
        if !with_mentions {
            layout.details = row(details_y, rest);
            return layout;
        }
        let wanted = u16::try_from(details).unwrap_or(u16::MAX);
        let share = match sized {
            Some((_, mention_rows)) => rest.saturating_sub(mention_rows.saturating_add(1)),
            None => rest / 2,
        };
        let details_rows = wanted.min(share).min(rest.saturating_sub(3));
        layout.details = row(details_y, details_rows);
        let title_y = details_y + details_rows;
        if title_y + 1 < bottom {
            layout.mentions_title = row(title_y, 1);
            layout.mentions = row(title_y + 1, bottom - title_y - 1);
        }
        layout
    }

    /// The first snippet row shown (list-wide), so the cursor's row is visible (with its
    /// article's title when it fits).
    pub fn snippet_first(&self, rows: &SnippetRows, cursor: usize) -> usize {
        let height = self.mentions.height as usize;
        let local = rows
            .rows
            .iter()
            .position(|r| *r == SnippetRow::Mention(cursor))
            .unwrap_or(0);
        let at = rows.offset + local;
        let with_title = if local > 0 && matches!(rows.rows[local - 1], SnippetRow::Article(_)) {
            at - 1
        } else {
            at
        };
        if height == 0 {
            return 0;
        }
        // Keep the cursor a third of the way down when the list is longer than the room.
        let mut first = with_title
            .saturating_sub(height / 3)
            .min(rows.total.saturating_sub(height));
        if at >= first + height {
            first = at + 1 - height;
        }
        first
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
