//! The learning view's figures, all against the training step: the loss and held-out accuracy
//! ([`curves`]), and each head's median k90 and softmax-Jacobian norm ([`timeline`]), with the
//! loss's big drops ([`crate::lab::learn::drops`]) as dashed verticals in every one, so a class
//! switch of a head can be read off against the drop it goes with, as in [P] §4.
//!
//! The snapshots arrive while the model trains, so every figure draws whatever it has: no
//! steps yet (empty axes and a note), one step (a dot), series still shorter than the steps
//! (drawn as far as they go), and values that are not finite (left out, the line broken there).

pub mod curves;
pub mod timeline;

pub use curves::draw_learning_curves;
pub use timeline::{HeadSeries, draw_head_timeline, draw_jacobian_timeline};

use plotters::coord::CoordTranslate;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::text;
use super::{PlotError, PlotResult};

/// The drops' colour: a dark grey, apart from every series colour.
const DROP: RGBColor = RGBColor(64, 64, 64);
/// What an empty figure says.
const NO_STEPS: &str = "no steps yet";
/// Width kept free at the right of the legend: the page lays its export buttons over the
/// canvas's top right corner.
const TOOLS: i32 = 100;

/// The x axis from the first to the last step, at least one step wide (0 to 1 with none).
fn x_span(steps: &[usize]) -> (f64, f64) {
    let lo = steps.iter().min().map_or(0.0, |&s| s as f64);
    let hi = steps.iter().max().map_or(1.0, |&s| s as f64);
    (lo, hi.max(lo + 1.0))
}

/// How many step ticks the x axis `span` asks for: up to 8, but no more than it has whole
/// steps, as a fractional tick would read as a repeated integer.
fn step_labels((x0, x1): (f64, f64)) -> usize {
    ((x1 - x0).round() as usize + 1).clamp(2, 8)
}

/// The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `v` (1 when there is no
/// positive finite value): a y axis ending on a round number.
pub(crate) fn round_up(v: f64) -> f64 {
    if !(v.is_finite() && v > 0.0) {
        return 1.0;
    }
    let decade = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * decade)
        .find(|&top| top >= v * (1.0 - 1e-9))
        .unwrap_or(10.0 * decade)
}

/// A tick label: an integer, or up to two decimals with trailing zeros dropped.
pub(crate) fn number(v: f64) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let text = if text == "-0" { "0" } else { text };
    text.to_string()
}

/// The (step, value) points of `values` against `steps` (as far as the shorter goes) that
/// `keep` accepts, mapped by `at`, split into runs where a rejected value breaks the line.
pub(crate) fn runs(
    steps: &[usize],
    values: &[f32],
    keep: impl Fn(f32) -> bool,
    at: impl Fn(f32) -> f64,
) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (&s, &v) in steps.iter().zip(values) {
        if v.is_finite() && keep(v) {
            if let Some(run) = out.last_mut() {
                run.push((s as f64, at(v)));
            }
        } else if out.last().is_some_and(|run| !run.is_empty()) {
            out.push(Vec::new());
        }
    }
    out.retain(|run| !run.is_empty());
    out
}

/// One line per run in `colour`; a run of a single point is a dot, else it would not show.
pub(crate) fn lines<DB: DrawingBackend>(
    runs: Vec<Vec<(f64, f64)>>,
    colour: RGBColor,
) -> impl Iterator<Item = LineSeries<DB, (f64, f64)>> {
    runs.into_iter().map(move |run| {
        let dot = if run.len() == 1 { 3 } else { 0 };
        LineSeries::new(run, colour.stroke_width(2)).point_size(dot)
    })
}

/// The drops inside the x axis `x`, as the step values they are drawn at.
fn visible_drops(drops: &[usize], (x0, x1): (f64, f64)) -> Vec<f64> {
    drops
        .iter()
        .map(|&d| d as f64)
        .filter(|d| (x0..=x1).contains(d))
        .collect()
}

/// The drops as dashed verticals from `y0` to `y1`.
fn draw_drops<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    drops: &[f64],
    (y0, y1): (f64, f64),
) -> PlotResult {
    for &x in drops {
        chart.draw_series(DashedLineSeries::new(
            [(x, y0), (x, y1)],
            5,
            4,
            DROP.stroke_width(1),
        ))?;
    }
    Ok(())
}

/// The note of an empty figure, centred at `at`.
pub(crate) fn draw_note<DB: DrawingBackend, CT: CoordTranslate<From = (f64, f64)>>(
    chart: &mut ChartContext<'_, DB, CT>,
    at: (f64, f64),
) -> PlotResult {
    let style = text::font(14)
        .color(&RGBColor(90, 98, 117))
        .pos(Pos::new(HPos::Center, VPos::Center));
    chart.draw_series(std::iter::once(Text::new(NO_STEPS, at, style)))?;
    Ok(())
}

/// A legend entry: its text, colour, and its sample's kind.
pub(crate) struct Entry {
    text: String,
    colour: RGBColor,
    sample: Sample,
}

/// How an entry's sample is drawn: a line, a dashed line (a bound, the drops) or a dot (a
/// marker drawn on the points).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sample {
    Line,
    Dashed,
    Dot,
}

impl Entry {
    pub(crate) fn solid(text: impl Into<String>, colour: RGBColor) -> Self {
        let text = text.into();
        Entry {
            text,
            colour,
            sample: Sample::Line,
        }
    }

    /// A dashed line's entry (a bound).
    pub(crate) fn dashed(text: impl Into<String>, colour: RGBColor) -> Self {
        Entry {
            sample: Sample::Dashed,
            ..Entry::solid(text, colour)
        }
    }

    /// A marker's entry: a filled dot with a black rim, as the points are drawn.
    pub(crate) fn dot(text: impl Into<String>, colour: RGBColor) -> Self {
        Entry {
            sample: Sample::Dot,
            ..Entry::solid(text, colour)
        }
    }

    /// The drops' entry, when any drop is drawn.
    fn drop(drawn: &[f64]) -> Option<Self> {
        (!drawn.is_empty()).then(|| Entry::dashed("loss drop", DROP))
    }
}

/// Draws the legend in a strip across the top of `area`, its entries wrapping into as many
/// rows as the width needs (all sizes following the text scale), and returns the rest of
/// the area for the chart: a strip of its own never hides a line.
pub(crate) fn legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
) -> Result<DrawingArea<DB, Shift>, PlotError> {
    if entries.is_empty() {
        return Ok(area.clone());
    }
    let scale = text::scale();
    let row = (18.0 * scale).round() as i32;
    let sample = (22.0 * scale).round() as i32;
    let gap = (6.0 * scale).round() as i32;
    let left = (8.0 + 52.0 * scale).round() as i32;
    let right = area.dim_in_pixel().0 as i32 - TOOLS;
    let font = text::font(12);
    let mut placed: Vec<(&Entry, i32, i32)> = Vec::with_capacity(entries.len());
    let (mut x, mut rows) = (left, 1);
    for entry in entries {
        let width = area
            .estimate_text_size(&entry.text, &TextStyle::from(font.clone()))
            .map_or(7 * entry.text.chars().count() as i32, |(w, _)| w as i32);
        let total = sample + gap + width + 3 * gap;
        if x > left && x + total > right {
            rows += 1;
            x = left;
        }
        placed.push((entry, x, row * (rows - 1) + row / 2 + gap));
        x += total;
    }
    let (legend, rest) = area.split_vertically((row * rows + gap) as u32);
    for (entry, x, y) in placed {
        let style = entry.colour.stroke_width(2);
        match entry.sample {
            Sample::Dashed => legend.draw(&DashedPathElement::new(
                [(x, y), (x + sample, y)],
                5,
                4,
                style,
            ))?,
            Sample::Line => legend.draw(&PathElement::new([(x, y), (x + sample, y)], style))?,
            Sample::Dot => {
                let (at, r) = ((x + sample / 2, y), (row / 4).max(3));
                legend.draw(&Circle::new(at, r, entry.colour.filled()))?;
                legend.draw(&Circle::new(at, r, BLACK.stroke_width(1)))?;
            }
        }
        legend.draw(&Text::new(
            entry.text.clone(),
            (x + sample + gap, y),
            font.color(&RGBColor(29, 35, 51))
                .pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(rest)
}

/// Label-area sizes in pixels at the current text scale, so larger text is not clipped.
pub(crate) fn scaled(px: f64) -> u32 {
    (px * text::scale()).round() as u32
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// `#RRGGBB` of `c`, as the SVG backend writes colours.
    pub(super) fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    /// A text element saying exactly `text`, as the SVG backend writes it.
    pub(super) fn label(text: &str) -> String {
        format!(">\n{text}\n</text>")
    }

    /// The polylines drawn in `colour` (every dash of a dashed line is one).
    pub(super) fn polylines(svg: &str, colour: RGBColor) -> usize {
        svg.split("<polyline")
            .skip(1)
            .filter(|p| {
                p.split("/>")
                    .next()
                    .is_some_and(|p| p.contains(&hex(colour)))
            })
            .count()
    }

    #[test]
    fn spans_round_numbers_and_runs() {
        assert_eq!(x_span(&[]), (0.0, 1.0));
        assert_eq!(x_span(&[40]), (40.0, 41.0));
        assert_eq!(x_span(&[0, 10, 250]), (0.0, 250.0));
        assert_eq!(round_up(3.2), 5.0);
        assert_eq!(round_up(2.0), 2.0);
        assert_eq!(round_up(0.013), 0.02);
        assert_eq!(round_up(21.0), 25.0);
        assert_eq!(round_up(f64::NAN), 1.0);
        assert_eq!(round_up(0.0), 1.0);
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(2.0), "2");
        assert_eq!(number(0.126), "0.13");
        let r = runs(
            &[0, 1, 2, 3, 4],
            &[1.0, f32::NAN, 2.0, 3.0],
            |_| true,
            f64::from,
        );
        assert_eq!(r, vec![vec![(0.0, 1.0)], vec![(2.0, 2.0), (3.0, 3.0)]]);
        assert!(runs(&[0, 1], &[f32::INFINITY, -1.0], |v| v >= 0.0, f64::from).is_empty());
    }
}
