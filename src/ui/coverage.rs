//! The coverage matrix, in place of the reader: one row per entity, one column per
//! listed article, the mention count in each cell, totals on the right and at the
//! bottom, and a legend naming the numbered articles. It answers "which sources mention
//! Jones?" at a glance.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::{fit, pane_block, scroll_to_show};
use crate::app::{App, Focus};
use crate::entities::EntityId;

/// Where the matrix's parts go; shared by drawing and mouse clicks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageLayout {
    /// Entities in row order.
    pub rows: Vec<EntityId>,
    /// Each row's mentions in the listed articles.
    pub totals: Vec<usize>,
    pub inner: Rect,
    pub name_width: u16,
    pub cell_width: u16,
    /// The first entity row and article column shown.
    pub first_row: usize,
    pub first_col: usize,
    /// How many entity rows and article columns fit.
    pub shown_rows: usize,
    pub shown_cols: usize,
    /// Legend lines under the matrix.
    pub legend_rows: u16,
}

/// How many times each of `rows` is mentioned in the listed articles, from the index:
/// a frame never counts every article's mentions.
fn listed_totals(app: &App, rows: &[EntityId]) -> Vec<usize> {
    if app.order.len() == app.corpus.docs.len() {
        return rows.iter().map(|&e| app.corpus.total(e)).collect();
    }
    let mut listed = vec![false; app.corpus.docs.len()];
    for &d in &app.order {
        listed[d] = true;
    }
    let in_list = |e: EntityId| {
        let refs = app.corpus.mentions_of(e).iter();
        refs.filter(|r| listed[r.doc]).count()
    };
    rows.iter().map(|&e| in_list(e)).collect()
}

impl CoverageLayout {
    pub fn new(app: &App, area: Rect, cursor: (usize, usize)) -> Self {
        let inner = pane_block(app, Focus::Reader, "").inner(area);
        let rows: Vec<EntityId> = app.corpus_entities();
        let cols = app.order.len();
        let totals = listed_totals(app, &rows);
        // No cell is above its row's total.
        let max_count = totals.iter().copied().max().unwrap_or(0);
        let digits = |n: usize| n.max(1).to_string().len() as u16;
        let cell_width = digits(max_count).max(digits(cols)) + 2;
        let longest = rows
            .iter()
            .map(|&e| app.corpus.entity(e).name.width())
            .max()
            .unwrap_or(0)
            .max("total".len()) as u16;
        let name_width = longest.min(inner.width / 3).clamp(5, 24);
        let room = inner.width.saturating_sub(name_width + cell_width + 2 + 1);
        let shown_cols = ((room / cell_width.max(1)) as usize).min(cols);
        // Header and totals rows, one legend line at least when there is room.
        let legend_rows = if inner.height >= 8 {
            ((inner.height - 6) / 3).clamp(1, cols.max(1) as u16)
        } else {
            0
        };
        let shown_rows = inner
            .height
            .saturating_sub(2 + legend_rows + u16::from(legend_rows > 0))
            as usize;
        let shown_rows = shown_rows.min(rows.len());
        Self {
            first_row: scroll_to_show(cursor.0, shown_rows.max(1))
                .min(rows.len().saturating_sub(shown_rows)),
            first_col: scroll_to_show(cursor.1, shown_cols.max(1))
                .min(cols.saturating_sub(shown_cols)),
            rows,
            totals,
            inner,
            name_width,
            cell_width,
            shown_rows,
            shown_cols,
            legend_rows,
        }
    }

    /// The (entity row, article column) under a screen position, if it is a count cell.
    pub fn cell_at(&self, x: u16, y: u16) -> Option<(usize, usize)> {
        let top = self.inner.y + 1;
        let left = self.inner.x + self.name_width + 1;
        if y < top || x < left {
            return None;
        }
        let (r, c) = ((y - top) as usize, ((x - left) / self.cell_width) as usize);
        (r < self.shown_rows && c < self.shown_cols)
            .then_some((self.first_row + r, self.first_col + c))
    }
}

pub fn render(app: &App, cursor: (usize, usize), area: Rect, buf: &mut Buffer) {
    let block = pane_block(
        app,
        Focus::Reader,
        " Coverage: mentions per entity and article (c closes) ",
    );
    block.render(area, buf);
    let layout = CoverageLayout::new(app, area, cursor);
    let inner = layout.inner;
    if inner.width < 10 || inner.height < 3 || layout.rows.is_empty() {
        if inner.height > 0 {
            let note = "No mentions to count.";
            buf.set_stringn(inner.x, inner.y, note, inner.width as usize, app.theme.dim);
        }
        return;
    }
    let theme = &app.theme;
    let cw = layout.cell_width as usize;
    let nw = layout.name_width as usize;
    let cols: Vec<usize> = (layout.first_col..layout.first_col + layout.shown_cols).collect();
    let total_x = inner.x + layout.name_width + 1 + (layout.shown_cols * cw) as u16;
    let cell_in = |buf: &mut Buffer, x: u16, y: u16, w: usize, text: &str, style: Style| {
        if x + w as u16 <= inner.x + inner.width {
            buf.set_stringn(x, y, format!("{text:>w$}"), w, style);
        }
    };
    let cell = |buf: &mut Buffer, x, y, text: &str, style| cell_in(buf, x, y, cw, text, style);
    // The totals column is wider, to stand apart.
    let total =
        |buf: &mut Buffer, y, text: &str, style| cell_in(buf, total_x, y, cw + 2, text, style);

    // Header: article numbers, then "total".
    let mut y = inner.y;
    let more_left = if layout.first_col > 0 { "◀" } else { "" };
    buf.set_stringn(inner.x, y, format!("{more_left:<nw$}"), nw, theme.dim);
    for (i, &c) in cols.iter().enumerate() {
        let x = inner.x + layout.name_width + 1 + (i * cw) as u16;
        let style = if c == cursor.1 {
            theme.cursor
        } else {
            theme.title
        };
        cell(buf, x, y, &(c + 1).to_string(), style);
    }
    let more_right = layout.first_col + layout.shown_cols < app.order.len();
    total(
        buf,
        y,
        if more_right { "▶ all" } else { "all" },
        theme.title,
    );

    // One row per entity.
    for slot in 0..layout.shown_rows {
        let row = layout.first_row + slot;
        let entity = layout.rows[row];
        y = inner.y + 1 + slot as u16;
        let name = fit(&app.corpus.entity(entity).name, nw);
        let name_style = if row == cursor.0 {
            theme.mention(entity).patch(theme.chosen)
        } else {
            theme.mention(entity)
        };
        buf.set_stringn(inner.x, y, &name, nw, name_style);
        for (i, &c) in cols.iter().enumerate() {
            let x = inner.x + layout.name_width + 1 + (i * cw) as u16;
            let n = app.corpus.docs[app.order[c]].count_of(entity);
            let text = if n == 0 {
                "·".to_owned()
            } else {
                n.to_string()
            };
            let style = if (row, c) == cursor {
                theme.cursor
            } else if n == 0 {
                theme.dim
            } else {
                Style::new()
            };
            cell(buf, x, y, &text, style);
        }
        total(buf, y, &layout.totals[row].to_string(), theme.title);
    }

    // Column totals.
    y = inner.y + 1 + layout.shown_rows as u16;
    if y < inner.y + inner.height {
        buf.set_stringn(inner.x, y, format!("{:<nw$}", "all"), nw, theme.title);
        for (i, &c) in cols.iter().enumerate() {
            let x = inner.x + layout.name_width + 1 + (i * cw) as u16;
            let doc = &app.corpus.docs[app.order[c]];
            let n: u32 = layout.rows.iter().map(|&e| doc.count_of(e)).sum();
            cell(buf, x, y, &n.to_string(), theme.title);
        }
        // The sum of the rows' totals (tracked entities in the listed articles), so the
        // columns and rows add up to it.
        let grand: usize = layout.totals.iter().sum();
        total(buf, y, &grand.to_string(), theme.title);
    }

    // Legend: the shown columns' articles, the cursor's first.
    let legend_y = y + 2;
    let width = inner.width as usize;
    let mut legend: Vec<usize> = vec![cursor.1];
    legend.extend(cols.iter().copied().filter(|&c| c != cursor.1));
    for (line, c) in legend.into_iter().enumerate() {
        let line = line as u16;
        if line >= layout.legend_rows || legend_y + line >= inner.y + inner.height {
            break;
        }
        let title = &app.corpus.docs[app.order[c]].article.title;
        let style = if c == cursor.1 {
            theme.chosen
        } else {
            theme.dim
        };
        buf.set_stringn(
            inner.x,
            legend_y + line,
            fit(&format!("{:>3} {title}", c + 1), width),
            width,
            style,
        );
    }
}
