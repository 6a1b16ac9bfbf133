//! The capacity curve: success rate of retrieval against the number of stored patterns N (or
//! the load N/d), one colour per model from a colour-blind-safe palette, optionally the mean
//! overlap dashed, and the theory's capacities as vertical lines labelled above the chart
//! ([`super::theory_marks`]). Linear or log x.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::text;
use super::theory_marks::{self, Label, Slot};
use super::{PlotError, PlotResult};
use crate::engine::capacity::CapacityPoint;
use crate::plots::learn::scaled;

/// The Okabe–Ito palette (without its yellow, which vanishes on white): distinguishable under
/// every common colour-vision deficiency.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// The colour of series `index` (the palette repeats after seven models).
pub fn series_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// One model's finished points.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacitySeries {
    /// Legend text.
    pub label: String,
    /// The points finished so far, in increasing N.
    pub points: Vec<CapacityPoint>,
}

/// A theory capacity drawn as a vertical line at N = `n` in the colour of `series`.
#[derive(Debug, Clone, PartialEq)]
pub struct TheoryMark {
    /// The formula, e.g. `0.138·d`.
    pub label: String,
    /// Its value as a number of patterns N.
    pub n: f64,
    /// The series whose colour it takes.
    pub series: usize,
}

/// Everything one capacity plot shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CapacityChart {
    /// Dimension d (for the N/d axis).
    pub dim: usize,
    /// One curve per model.
    pub series: Vec<CapacitySeries>,
    /// Theory lines; those outside the axis are left out.
    pub marks: Vec<TheoryMark>,
    /// The N range of the experiment (the axis spans it even before points arrive).
    pub n_range: (f64, f64),
    /// Plot against N/d instead of N.
    pub per_dim: bool,
    /// Logarithmic x axis.
    pub log_x: bool,
    /// Also draw the mean overlap with the target, dashed.
    pub show_overlap: bool,
}

/// Where a measured point landed on the canvas, so a pointer hovering near it can be told
/// its numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointHit {
    /// Pixel position in the drawing area's backend coordinates.
    pub x: i32,
    pub y: i32,
    /// The series (model) and the index of the point in it.
    pub series: usize,
    pub index: usize,
}

/// The hit nearest to (`x`, `y`) within `radius` pixels.
pub fn nearest_hit(hits: &[PointHit], x: f64, y: f64, radius: f64) -> Option<PointHit> {
    hits.iter()
        .map(|h| (h, (h.x as f64 - x).hypot(h.y as f64 - y)))
        .filter(|(_, dist)| *dist <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(h, _)| *h)
}

/// Draws `chart` on `area`; returns where each measured point was drawn.
pub fn draw_capacity<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &CapacityChart,
) -> Result<Vec<PointHit>, PlotError> {
    area.fill(&WHITE)?;
    let scale = if chart.per_dim {
        1.0 / chart.dim.max(1) as f64
    } else {
        1.0
    };
    let (a, b) = chart.n_range;
    if !(a.is_finite() && b.is_finite() && a > 0.0 && b >= a) {
        return Err(PlotError(format!("no valid range of N: {a} to {b}")));
    }
    let (lo, hi) = (a * scale, b * scale);
    // The legend gets its own strip above the chart, so it never hides a curve.
    let entries = legend_entries(chart);
    let rows = legend_rows(area, &entries);
    let strip = if rows.is_empty() {
        0
    } else {
        LEGEND_ROW * rows.len() as u32 + 6
    };
    let (legend, plot) = area.split_vertically(strip);
    draw_legend(&legend, &entries, &rows)?;
    let x_axis = || {
        if chart.log_x {
            let (lo, hi) = (lo / 1.2, hi * 1.2);
            XAxis::Log((lo..hi).log_scale().into())
        } else {
            let pad = ((hi - lo) * 0.03).max(scale * 0.5);
            XAxis::Linear(((lo - pad).max(0.0)..hi + pad).into())
        }
    };
    // The theory marks' labels get a band of their own above the plotting area, as high as
    // their rows need; a frame built first (nothing drawn) tells where their lines fall.
    let labels = mark_labels(&plot, &frame(&plot, x_axis(), 0)?, chart, scale);
    let width = plot.dim_in_pixel().0 as i32;
    let slots = theory_marks::place(&labels, 8, width - 4);
    let ctx = frame(&plot, x_axis(), theory_marks::band_height(&slots))?;
    draw_on(&plot, ctx, chart, scale, (&labels, &slots))
}

/// The chart's frame on `area` with `band` pixels above it for the marks' labels.
fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x_axis: XAxis,
    band: i32,
) -> Result<Chart<'_, DB>, PlotError> {
    Ok(ChartBuilder::on(area)
        .margin(12)
        .margin_top(12 + band.max(0) as u32)
        .margin_right(20)
        .x_label_area_size(scaled(42.0))
        .y_label_area_size(scaled(52.0))
        .build_cartesian_2d(x_axis, -0.02f64..1.06f64)?)
}

/// The capacity plot's chart context.
type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<XAxis, RangedCoordf64>>;

/// The theory marks inside the x axis of `ctx` as labels at their lines' pixels (relative to
/// `area`), one per distinct formula and value.
fn mark_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ctx: &Chart<DB>,
    chart: &CapacityChart,
    scale: f64,
) -> Vec<Label> {
    let range = ctx.x_range();
    let base = area.get_base_pixel().0;
    let labels = chart
        .marks
        .iter()
        .filter(|m| m.n.is_finite() && range.contains(&(m.n * scale)))
        .map(|mark| {
            let text = format!("{} = {}", mark.label, mark_value(mark.n));
            let width = area
                .estimate_text_size(&text, &TextStyle::from(legend_font()))
                .map(|(w, _)| w as i32)
                .unwrap_or(7 * text.chars().count() as i32);
            Label {
                x: ctx.backend_coord(&(mark.n * scale, 0.0)).0 - base,
                text,
                width,
                colour: series_colour(mark.series),
            }
        })
        .collect();
    theory_marks::merge(labels)
}

/// The x axis, linear or logarithmic, as one type: the chart code is then compiled once
/// rather than once per axis kind (the wasm bundle is what every visitor downloads).
enum XAxis {
    Linear(RangedCoordf64),
    Log(LogCoord<f64>),
}

impl Ranged for XAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        match self {
            XAxis::Linear(axis) => axis.map(value, limit),
            XAxis::Log(axis) => axis.map(value, limit),
        }
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        match self {
            XAxis::Linear(axis) => axis.key_points(hint),
            XAxis::Log(axis) => axis.key_points(hint),
        }
    }

    fn range(&self) -> Range<f64> {
        match self {
            XAxis::Linear(axis) => axis.range(),
            XAxis::Log(axis) => axis.range(),
        }
    }
}

impl ValueFormatter<f64> for XAxis {
    fn format(value: &f64) -> String {
        tick(*value)
    }
}

/// Height of one legend row in pixels.
const LEGEND_ROW: u32 = 20;
/// Left edge of the legend (lined up with the plotting area).
const LEGEND_LEFT: i32 = 64;
/// Width kept free at the right of the legend's rows: the page lays the plot's PNG and
/// recording buttons over the canvas's top right corner.
const TOOLS: i32 = 100;
/// Length of a legend's line sample.
const SAMPLE: i32 = 24;

/// One legend entry: text, colour, and whether its sample is dashed.
type Entry = (String, RGBColor, bool);

fn legend_entries(chart: &CapacityChart) -> Vec<Entry> {
    let mut entries: Vec<Entry> = chart
        .series
        .iter()
        .enumerate()
        .map(|(k, s)| (s.label.clone(), series_colour(k), false))
        .collect();
    if chart.show_overlap && !entries.is_empty() {
        entries.push((
            "mean overlap (dashed)".to_string(),
            RGBColor(90, 98, 117),
            true,
        ));
    }
    entries
}

fn legend_font() -> FontDesc<'static> {
    text::font(13)
}

/// Lays the entries out left to right, wrapping at the area's width: the entries' indices and
/// x offsets per row.
fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
) -> Vec<Vec<(usize, i32)>> {
    let width = area.dim_in_pixel().0 as i32 - TOOLS;
    let mut rows: Vec<Vec<(usize, i32)>> = Vec::new();
    let mut x = LEGEND_LEFT;
    for (k, (text, _, _)) in entries.iter().enumerate() {
        let text_width = area
            .estimate_text_size(text, &TextStyle::from(legend_font()))
            .map(|(w, _)| w as i32)
            .unwrap_or(7 * text.chars().count() as i32);
        let w = SAMPLE + 6 + text_width + 18;
        if rows.is_empty() || (x + w > width && x > LEGEND_LEFT) {
            rows.push(Vec::new());
            x = LEGEND_LEFT;
        }
        if let Some(row) = rows.last_mut() {
            row.push((k, x));
        }
        x += w;
    }
    rows
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    rows: &[Vec<(usize, i32)>],
) -> PlotResult {
    for (r, row) in rows.iter().enumerate() {
        let y = 6 + LEGEND_ROW as i32 * r as i32 + LEGEND_ROW as i32 / 2;
        for &(k, x) in row {
            let (text, colour, dashed) = &entries[k];
            let style = colour.stroke_width(2);
            if *dashed {
                for start in (0..SAMPLE).step_by(8) {
                    area.draw(&PathElement::new(
                        vec![(x + start, y), (x + (start + 5).min(SAMPLE), y)],
                        style,
                    ))?;
                }
            } else {
                area.draw(&PathElement::new(vec![(x, y), (x + SAMPLE, y)], style))?;
                area.draw(&Circle::new((x + SAMPLE / 2, y), 3, colour.filled()))?;
            }
            let font = legend_font().color(&RGBColor(29, 35, 51));
            area.draw(&Text::new(
                text.clone(),
                (x + SAMPLE + 6, y),
                font.pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
    }
    Ok(())
}

/// Tick labels: from 10 up as integers, below with up to three significant digits.
fn tick(v: f64) -> String {
    if v.abs() >= 10.0 {
        return format!("{}", v.round());
    }
    if v == 0.0 || !v.is_finite() {
        return "0".to_string();
    }
    let digits = (2 - v.abs().log10().floor() as i32).clamp(0, 6) as usize;
    let text = format!("{v:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// A theory value in a label: one decimal below 100 (0.138·200 = 27.6), integers above.
pub fn mark_value(n: f64) -> String {
    if n < 100.0 {
        format!("{n:.1}")
    } else {
        format!("{}", n.round())
    }
}

fn draw_on<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mut ctx: Chart<DB>,
    chart: &CapacityChart,
    scale: f64,
    (labels, slots): (&[Label], &[Slot]),
) -> Result<Vec<PointHit>, PlotError> {
    let x_desc = if chart.per_dim {
        "load N/d (stored patterns per dimension)"
    } else {
        "number of stored patterns N"
    };
    ctx.configure_mesh()
        .x_desc(x_desc)
        .y_desc("success rate")
        .x_labels(10)
        .y_labels(6)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .light_line_style(RGBColor(235, 237, 242))
        .bold_line_style(RGBColor(215, 218, 226))
        .label_style(text::font(13))
        .axis_desc_style(text::font(15))
        .draw()?;

    // Theory lines first, so the measured curves lie on top of them.
    let bottom = ctx.plotting_area().get_pixel_range().1.end - area.get_base_pixel().1;
    theory_marks::draw_labels(area, labels, slots, bottom, &legend_font())?;

    let mut hits = Vec::new();
    for (index, series) in chart.series.iter().enumerate() {
        let colour = series_colour(index);
        let xy = |p: &CapacityPoint| (p.n_patterns as f64 * scale, p.success_rate as f64);
        hits.extend(series.points.iter().enumerate().map(|(k, p)| {
            let (x, y) = ctx.backend_coord(&xy(p));
            PointHit {
                x,
                y,
                series: index,
                index: k,
            }
        }));
        ctx.draw_series(LineSeries::new(
            series.points.iter().map(xy),
            colour.stroke_width(2),
        ))?;
        ctx.draw_series(
            series
                .points
                .iter()
                .map(|p| Circle::new(xy(p), 3, colour.filled())),
        )?;
        if chart.show_overlap {
            let overlap = |p: &CapacityPoint| {
                (
                    p.n_patterns as f64 * scale,
                    (p.mean_overlap as f64).clamp(-0.02, 1.06),
                )
            };
            ctx.draw_series(DashedLineSeries::new(
                series.points.iter().map(overlap),
                4,
                3,
                colour.stroke_width(1),
            ))?;
        }
    }
    Ok(hits)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn point(n: usize, success: f32) -> CapacityPoint {
        CapacityPoint {
            n_patterns: n,
            success_rate: success,
            mean_overlap: 0.5 + success / 2.0,
            mean_steps: 2.0,
        }
    }

    fn chart() -> CapacityChart {
        CapacityChart {
            dim: 200,
            series: vec![
                CapacitySeries {
                    label: "classic Hebbian Async".into(),
                    points: vec![point(10, 1.0), point(30, 0.5), point(60, 0.0)],
                },
                CapacitySeries {
                    label: "modern β=1".into(),
                    points: vec![point(10, 1.0), point(30, 1.0)],
                },
            ],
            marks: vec![
                TheoryMark {
                    label: "0.138·d".into(),
                    n: 27.6,
                    series: 0,
                },
                TheoryMark {
                    label: "far away".into(),
                    n: 1e6,
                    series: 0,
                },
            ],
            n_range: (10.0, 60.0),
            per_dim: false,
            log_x: false,
            show_overlap: true,
        }
    }

    fn render(chart: &CapacityChart) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (720, 420)).into_drawing_area();
            draw_capacity(&area, chart).unwrap();
        }
        svg
    }

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn axes_legend_colours_and_visible_marks() {
        let svg = render(&chart());
        assert!(svg.contains("number of stored patterns N"), "x axis label");
        assert!(svg.contains("success rate"), "y axis label");
        assert!(svg.contains("classic Hebbian Async"), "legend");
        assert!(svg.contains("mean overlap (dashed)"), "overlap legend");
        assert!(svg.contains("0.138·d = 27.6"), "theory mark label");
        assert!(
            !svg.contains("far away"),
            "marks beyond the axis are left out"
        );
        assert!(svg.contains(&hex(PALETTE[0])) && svg.contains(&hex(PALETTE[1])));
        // Three points of the first series, two of the second, one in each legend sample.
        assert_eq!(svg.matches("<circle").count(), 7, "{svg}");
    }

    #[test]
    fn hits_are_where_the_points_are() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (720, 420)).into_drawing_area();
        let hits = draw_capacity(&area, &chart()).unwrap();
        assert_eq!(hits.len(), 5);
        let first = &hits[..3];
        // Same series: N grows to the right, success 1 → 0.5 → 0 goes down the screen.
        assert!(first[0].x < first[1].x && first[1].x < first[2].x);
        assert!(first[0].y < first[1].y && first[1].y < first[2].y);
        assert!(
            hits.iter()
                .all(|h| (0..720).contains(&h.x) && (0..420).contains(&h.y))
        );
        let target = hits[1];
        let found = nearest_hit(&hits, target.x as f64 + 3.0, target.y as f64 - 2.0, 10.0);
        assert_eq!(found, Some(target));
        assert_eq!(nearest_hit(&hits, -100.0, -100.0, 10.0), None);
    }

    #[test]
    fn log_axis_and_load_axis() {
        let mut c = chart();
        c.log_x = true;
        c.per_dim = true;
        c.n_range = (4.0, 4096.0);
        let svg = render(&c);
        assert!(svg.contains("load N/d"), "x axis label of the load axis");
        assert!(svg.contains("0.138·d = 27.6"));
    }

    #[test]
    fn empty_series_and_bad_ranges() {
        let mut c = chart();
        c.series.clear();
        render(&c);
        c.n_range = (0.0, 10.0);
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (200, 100)).into_drawing_area();
        assert!(draw_capacity(&area, &c).is_err());
    }

    /// The (x, y) of the SVG text element that says `text`.
    fn text_at(svg: &str, text: &str) -> (f64, f64) {
        let element = svg
            .split("<text")
            .find(|e| {
                e.split('>')
                    .nth(1)
                    .is_some_and(|t| t.trim().starts_with(text))
            })
            .unwrap_or_else(|| panic!("no text {text:?}"));
        let attr = |name: &str| -> f64 {
            let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            let len = element[start..].find('"').unwrap();
            element[start..start + len].parse().unwrap()
        };
        (attr("x"), attr("y"))
    }

    #[test]
    fn the_default_presets_marks_sit_apart_above_the_curves() {
        // classic-breaks: d/(2 ln d) = 18.9 and 0.138·d = 27.6 on an axis from 10 to 60; the
        // curve falls through the height where the labels used to be.
        let mut c = chart();
        c.marks = vec![
            TheoryMark {
                label: "0.138·d".into(),
                n: 27.6,
                series: 0,
            },
            TheoryMark {
                label: "d/(2 ln d)".into(),
                n: 18.9,
                series: 0,
            },
        ];
        let svg = render(&c);
        let top_tick = text_at(&svg, "1.0").1;
        let a = text_at(&svg, "0.138·d = 27.6");
        let b = text_at(&svg, "d/(2 ln d) = 18.9");
        for (x, y) in [a, b] {
            assert!(y < top_tick - 8.0, "label at {x},{y} not above the plot");
        }
        let (left, right) = if a.0 < b.0 { (a, b) } else { (b, a) };
        let apart = right.0 - left.0 > 7.0 * 17.0 || (a.1 - b.1).abs() >= 13.0;
        assert!(apart, "labels overlap: {a:?} {b:?}");
    }

    #[test]
    fn the_legend_keeps_clear_of_the_export_buttons() {
        // The correlated preset's three classical models: the third entry used to run under
        // the PNG and rec buttons.
        let mut c = chart();
        c.series = [
            "classic Hebbian Async",
            "classic Storkey Async",
            "classic PseudoInverse Async",
        ]
        .map(|label| CapacitySeries {
            label: label.into(),
            points: Vec::new(),
        })
        .into();
        c.show_overlap = false;
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
        let entries = legend_entries(&c);
        for row in legend_rows(&area, &entries) {
            for (k, x) in row {
                let text = &entries[k].0;
                let w = area
                    .estimate_text_size(text, &TextStyle::from(legend_font()))
                    .unwrap()
                    .0 as i32;
                assert!(
                    x + SAMPLE + 6 + w <= 640 - TOOLS,
                    "{text} under the buttons"
                );
            }
        }
    }

    #[test]
    fn ticks_read_cleanly() {
        assert_eq!(tick(20.0), "20");
        assert_eq!(tick(27.6), "28");
        assert_eq!(tick(4.0), "4");
        assert_eq!(tick(0.138), "0.138");
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(2.5), "2.5");
        assert_eq!(mark_value(27.6), "27.6");
        assert_eq!(mark_value(361.7), "362");
    }
}
