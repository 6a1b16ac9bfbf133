//! The attention view: softmax weights p_μ over the stored patterns as a bar chart, the
//! target pattern (or the k90 heaviest weights) highlighted, the bars numbered or named.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf32;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::PlotResult;
use super::colormap;
use super::text;
use super::tokens::{label_slots, short};

/// Draws `weights` (one bar per stored pattern, numbered from 1) on `area`; the bar of
/// `target` is drawn in a contrasting colour. The y axis is fixed to [0, 1] so that a change
/// of β reads as a change of bar height, not of scale.
pub fn draw_weights_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    weights: &[f32],
    target: Option<usize>,
) -> PlotResult {
    let marked: Vec<bool> = (0..weights.len()).map(|i| Some(i) == target).collect();
    let axis = BarAxis {
        desc: "stored pattern μ",
        names: &[],
    };
    draw_marked_weights(area, weights, &marked, axis, 1.0)
}

/// Vertical pixels per bar label at least (token labels are thinned out to fit).
const LABEL_PITCH: f32 = 11.0;

/// What the bars stand for: the x axis's description and, when not empty, one name per bar
/// (an attention row's key tokens) written under it instead of its number.
#[derive(Debug, Clone, Copy)]
pub struct BarAxis<'a> {
    /// The x axis's description.
    pub desc: &'a str,
    /// The bars' names, or none for numbers from 1.
    pub names: &'a [String],
}

/// Draws `weights` as bars numbered from 1 (or named, see [`BarAxis`]) along `axis`, with the
/// y axis from 0 to `y_max`; the bars where `marked` is true are drawn in a contrasting colour
/// (the target pattern, or the k90 heaviest weights of an attention row, whose names are
/// always written).
pub fn draw_marked_weights<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    weights: &[f32],
    marked: &[bool],
    axis: BarAxis,
    y_max: f32,
) -> PlotResult {
    area.fill(&WHITE)?;
    let count = weights.len().max(1);
    let top = if y_max.is_finite() && y_max > 0.0 {
        y_max.min(1.0)
    } else {
        1.0
    };
    let named = !axis.names.is_empty();
    let mut chart = ChartBuilder::on(area)
        .margin(6)
        .x_label_area_size(if named { 84 } else { 30 })
        .y_label_area_size(40)
        .build_cartesian_2d(0.5f32..count as f32 + 0.5, 0f32..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(if named { 0 } else { count.min(12) })
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_labels(3)
        .y_max_light_lines(1)
        .x_desc(axis.desc)
        .y_desc("p_μ")
        // Fixed pixel sizes: plotters' default fonts scale with the area and vanish on the
        // small charts of the studio's panels.
        .label_style(text::font(11))
        .axis_desc_style(text::font(11))
        .draw()?;
    let base = colormap::viridis(0.3);
    let highlight = colormap::viridis(0.85);
    chart.draw_series(weights.iter().enumerate().map(|(i, &w)| {
        let x = (i + 1) as f32;
        let height = if w.is_finite() {
            w.clamp(0.0, top)
        } else {
            0.0
        };
        let colour = if marked.get(i).copied().unwrap_or(false) {
            highlight
        } else {
            base
        };
        Rectangle::new([(x - 0.4, 0.0), (x + 0.4, height)], colour.filled())
    }))?;
    if named {
        draw_names(area, &chart, axis.names, marked)?;
    }
    Ok(())
}

/// The bars' names, turned to read upwards, under the bars (thinned out to fit).
fn draw_names<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &ChartContext<DB, Cartesian2d<RangedCoordf32, RangedCoordf32>>,
    names: &[String],
    marked: &[bool],
) -> PlotResult {
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (base_x, base_y) = area.get_base_pixel();
    let cell = (xr.end - xr.start) as f32 / names.len() as f32;
    let font = text::font(11)
        .transform(FontTransform::Rotate90)
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for i in label_slots(names.len(), cell, LABEL_PITCH, marked) {
        let x = xr.start - base_x + ((i as f32 + 0.5) * cell) as i32;
        let label = short(&names[i]);
        area.draw(&Text::new(label, (x, yr.end - base_y + 4), font.clone()))?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_weight_with_labelled_axes() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (400, 240)).into_drawing_area();
            draw_weights_bar(&area, &[0.7, 0.2, 0.1], Some(0)).unwrap();
        }
        assert!(svg.contains("p_μ"), "y axis label missing");
        assert!(svg.contains("stored pattern"), "x axis label missing");
        let highlight = colormap::viridis(0.85);
        let hex = format!("#{:02X}{:02X}{:02X}", highlight.0, highlight.1, highlight.2);
        assert_eq!(
            svg.matches(&hex).count(),
            1,
            "exactly the target bar is highlighted"
        );
    }

    #[test]
    fn marked_bars_and_a_lower_axis_top() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (400, 240)).into_drawing_area();
            let marked = [true, true, false, false];
            let names: Vec<String> = ["the", "cat", "sat", "[SEP]"].map(String::from).into();
            let axis = BarAxis {
                desc: "key token j",
                names: &names,
            };
            draw_marked_weights(&area, &[0.3, 0.2, 0.1, 0.05], &marked, axis, 0.4).unwrap();
        }
        assert!(svg.contains("key token j"));
        // The bars carry their tokens, not numbers.
        for name in ["the", "cat", "sat", "[SEP]"] {
            assert_eq!(
                svg.lines().filter(|l| l.trim() == name).count(),
                1,
                "{name}"
            );
        }
        assert!(!svg.lines().any(|l| l.trim() == "2"), "no bar numbers");
        let highlight = colormap::viridis(0.85);
        let hex = format!("#{:02X}{:02X}{:02X}", highlight.0, highlight.1, highlight.2);
        assert_eq!(svg.matches(&hex).count(), 2);
    }

    #[test]
    fn nan_weights_draw_as_empty_bars() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (200, 120)).into_drawing_area();
        assert!(draw_weights_bar(&area, &[f32::NAN, 1.0], None).is_ok());
    }
}
