//! The theory capacities on the capacity plot: one dashed vertical line per distinct value, its
//! label in a band above the plotting area, so that it never sits on a measured curve. The
//! labels are stacked in rows so that no two overlap and none is crossed by another mark's
//! line where that can be avoided (the classical 0.138·d and d/(2 ln d) lie close together).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotResult;
use crate::engine::short_sort;

/// Height of one row of labels in pixels.
pub const ROW: i32 = 17;
/// Space between a line and its label, and the least space between two labels.
const GAP: i32 = 4;
const APART: i32 = 10;
/// The colour of a mark shared by models of different colours.
pub const SHARED: RGBColor = RGBColor(90, 98, 117);

/// One mark to place: its line's x (pixels, relative to the area drawn on), its label's text,
/// width in pixels and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: i32,
    pub text: String,
    pub width: i32,
    pub colour: RGBColor,
}

/// Where a label went: the left edge of its text and its row (0 at the top).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub left: i32,
    pub row: usize,
}

/// Merges labels with the same text whose lines are within two pixels (the same formula from
/// two models, e.g. d/(2 ln d) of z² and of the Hebbian network); a merged mark takes the
/// shared colour. The result is sorted by x.
pub fn merge(mut labels: Vec<Label>) -> Vec<Label> {
    short_sort::sort_by(&mut labels, |a, b| a.x.cmp(&b.x));
    let mut out: Vec<Label> = Vec::with_capacity(labels.len());
    for label in labels {
        match out
            .iter_mut()
            .find(|o| o.text == label.text && (o.x - label.x).abs() <= 2)
        {
            Some(same) if same.colour != label.colour => same.colour = SHARED,
            Some(_) => {}
            None => out.push(label),
        }
    }
    out
}

/// Places `labels` (sorted by x) between the pixels `lo` and `hi`: right of its line when it
/// fits, else left of it, in the first row where it overlaps no label and crosses no line of
/// a label above it, and where its own line crosses no label below.
pub fn place(labels: &[Label], lo: i32, hi: i32) -> Vec<Slot> {
    let mut slots: Vec<Slot> = Vec::with_capacity(labels.len());
    for label in labels {
        let right = label.x + GAP;
        let left = label.x - GAP - label.width;
        let sides = if right + label.width <= hi || left < lo {
            [right, left.max(lo)]
        } else {
            [left, right]
        };
        let fits = |row: usize, start: i32| {
            let end = start + label.width;
            labels.iter().zip(&slots).all(|(other, slot)| {
                let (o_start, o_end) = (slot.left, slot.left + other.width);
                let apart = end + APART <= o_start || o_end + APART <= start;
                let crossed = slot.row < row && (start..=end).contains(&other.x);
                let crosses = slot.row > row && (o_start..=o_end).contains(&label.x);
                (slot.row != row || apart) && !crossed && !crosses
            })
        };
        let rows = slots.iter().map(|s| s.row + 1).max().unwrap_or(0) + 1;
        let found = (0..rows).find_map(|row| {
            sides
                .iter()
                .find(|&&start| fits(row, start))
                .map(|&left| Slot { left, row })
        });
        slots.push(found.unwrap_or(Slot {
            left: sides[0],
            row: rows,
        }));
    }
    slots
}

/// The band's height for `slots` (none without marks).
pub fn band_height(slots: &[Slot]) -> i32 {
    slots
        .iter()
        .map(|s| (s.row as i32 + 1) * ROW + 4)
        .max()
        .unwrap_or(0)
}

/// Draws the labels in their slots on `area` (the band is its top) in `font`, each with its
/// dashed line from under the text down to `bottom`.
pub fn draw_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[Label],
    slots: &[Slot],
    bottom: i32,
    font: &FontDesc,
) -> PlotResult {
    let font = TextStyle::from(font.clone());
    for (label, slot) in labels.iter().zip(slots) {
        let centre = 2 + slot.row as i32 * ROW + ROW / 2;
        let style = font
            .color(&label.colour)
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(label.text.clone(), (slot.left, centre), style))?;
        let stroke = label.colour.mix(0.8).stroke_width(1);
        let mut y = centre + ROW / 2 - 2;
        while y < bottom {
            let end = (y + 6).min(bottom);
            area.draw(&PathElement::new(
                vec![(label.x, y), (label.x, end)],
                stroke,
            ))?;
            y += 10;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(x: i32, text: &str, width: i32) -> Label {
        Label {
            x,
            text: text.into(),
            width,
            colour: RGBColor(0, 114, 178),
        }
    }

    /// Whether two placed labels overlap (or come closer than APART in one row).
    fn overlaps(labels: &[Label], slots: &[Slot]) -> bool {
        let boxes: Vec<(i32, i32, usize)> = labels
            .iter()
            .zip(slots)
            .map(|(l, s)| (s.left, s.left + l.width, s.row))
            .collect();
        boxes.iter().enumerate().any(|(i, a)| {
            boxes[i + 1..]
                .iter()
                .any(|b| a.2 == b.2 && a.0 < b.1 + APART && b.0 < a.1 + APART)
        })
    }

    #[test]
    fn close_marks_go_to_separate_rows_and_lines_cross_no_label() {
        // The classic-breaks preset: d/(2 ln d) = 18.9 and 0.138·d = 27.6, 80 px apart, with
        // labels over 100 px wide.
        let labels = [
            label(180, "d/(2 ln d) = 18.9", 110),
            label(260, "0.138·d = 27.6", 100),
        ];
        let slots = place(&labels, 64, 620);
        assert!(!overlaps(&labels, &slots), "{slots:?}");
        assert_ne!(slots[0].row, slots[1].row);
        // The line of the label in the upper row does not run through the lower one.
        let (upper, lower) = if slots[0].row < slots[1].row {
            (0, 1)
        } else {
            (1, 0)
        };
        let lower_box = slots[lower].left..=slots[lower].left + labels[lower].width;
        assert!(!lower_box.contains(&labels[upper].x), "{slots:?}");
        assert_eq!(band_height(&slots), 2 * ROW + 4);
    }

    #[test]
    fn far_marks_share_a_row_and_the_right_edge_turns_a_label_left() {
        let labels = [
            label(100, "a", 60),
            label(400, "b", 60),
            label(610, "c", 60),
        ];
        let slots = place(&labels, 64, 620);
        assert!(slots.iter().all(|s| s.row == 0), "{slots:?}");
        assert_eq!(slots[2].left, 610 - GAP - 60, "left of its line");
        assert!(!overlaps(&labels, &slots));
    }

    #[test]
    fn many_close_marks_never_overlap() {
        let labels: Vec<Label> = (0..6)
            .map(|k| label(200 + 15 * k, "mark = 1", 70))
            .collect();
        let slots = place(&labels, 64, 620);
        assert!(!overlaps(&labels, &slots), "{slots:?}");
    }

    #[test]
    fn one_formula_of_two_models_is_one_mark() {
        let mut other = label(181, "d/(2 ln d) = 18.9", 110);
        other.colour = RGBColor(213, 94, 0);
        let merged = merge(vec![
            label(260, "0.138·d = 27.6", 100),
            label(180, "d/(2 ln d) = 18.9", 110),
            other,
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!((merged[0].x, merged[0].colour), (180, SHARED));
        assert_eq!(band_height(&[]), 0);
    }
}
