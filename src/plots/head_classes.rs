//! The classes of a transformer's heads per layer, as in [P]'s figure of BERT's heads: for each
//! layer, one bar per class (I global averaging … IV single token) with the number of heads.
//! The class colours are viridis samples, so they stay ordered under colour-vision deficiencies.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::text;
use super::{PlotResult, colormap};
use crate::lab::heads::analysis::HeadClass;

/// The colour of a class: viridis from light (I, global) to dark (IV, single token).
pub fn class_colour(class: HeadClass) -> RGBColor {
    colormap::viridis([0.95, 0.62, 0.33, 0.0][class.index()])
}

/// `#rrggbb` of [`class_colour`], for HTML.
pub fn class_css(class: HeadClass) -> String {
    let RGBColor(r, g, b) = class_colour(class);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Text colour readable on a class's background (viridis is light for I, II and dark for III, IV).
pub fn class_ink(class: HeadClass) -> &'static str {
    match class {
        HeadClass::I | HeadClass::II => "#1d2333",
        HeadClass::III | HeadClass::IV => "#ffffff",
    }
}

/// Draws `histogram` (per layer, heads per class in [`HeadClass::ALL`] order) with a y axis up
/// to `heads` heads.
pub fn draw_class_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    histogram: &[[usize; 4]],
    heads: usize,
) -> PlotResult {
    area.fill(&WHITE)?;
    let layers = histogram.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .x_label_area_size(36)
        .y_label_area_size(40)
        .build_cartesian_2d(0.5f32..layers as f32 + 0.5, 0f32..heads.max(1) as f32)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(layers)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_labels(heads.clamp(2, 7))
        .y_label_formatter(&|y| format!("{}", y.round() as i64))
        .x_desc("layer")
        .y_desc("heads")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    let width = 0.2f32;
    for (layer, counts) in histogram.iter().enumerate() {
        for class in HeadClass::ALL {
            let left = (layer + 1) as f32 - 2.0 * width + class.index() as f32 * width;
            let corners = [(left, 0.0), (left + width, counts[class.index()] as f32)];
            chart.draw_series([
                Rectangle::new(corners, class_colour(class).filled()),
                Rectangle::new(corners, BLACK.stroke_width(1)),
            ])?;
        }
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn one_bar_per_layer_and_class_in_class_colours() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (400, 240)).into_drawing_area();
            draw_class_histogram(&area, &[[10, 2, 0, 0], [1, 8, 2, 1]], 12).unwrap();
        }
        assert!(
            svg.contains("layer") && svg.contains("heads"),
            "axis labels"
        );
        for class in HeadClass::ALL {
            let hex = class_css(class).to_uppercase();
            assert_eq!(svg.matches(&hex).count(), 2, "{class:?}: one bar per layer");
        }
    }

    #[test]
    fn classes_have_distinct_colours() {
        let css: std::collections::HashSet<_> = HeadClass::ALL.map(class_css).into();
        assert_eq!(css.len(), 4);
    }
}
