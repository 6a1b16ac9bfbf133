//! Every head of a model as a point: its median k90 (log axis, 1 to T, with the class
//! boundaries T/32, T/8, T/2 as ticks) against one quantity of the head — the softmax
//! Jacobian's norm ([P] Fig. A.5b, with Lemma A24's bound β/2 dashed) or the damage done to the
//! sentence embedding when the head alone is replaced by averaging. Points take their class's
//! colour; the chosen head is ringed.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::head_classes::class_colour;
use super::learn::timeline::ticks;
use super::learn::{Entry, legend_strip, number, round_up, scaled};
use super::theory::BOUND;
use super::{PlotResult, text};
use crate::lab::heads::analysis::HeadClass;

/// One head.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadPoint {
    /// Median k90 over the query rows (tokens).
    pub k90: f32,
    /// The plotted quantity.
    pub value: f32,
    pub class: HeadClass,
}

/// A scatter of heads of a text of `tokens` tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadScatter {
    pub points: Vec<HeadPoint>,
    pub tokens: usize,
    /// The y axis' description, with units.
    pub y_desc: &'static str,
    /// A horizontal bound drawn dashed, with its legend text.
    pub bound: Option<(f32, String)>,
    /// The point ringed (its index in `points`).
    pub chosen: Option<usize>,
}

/// Draws `s`; points whose values are not finite are left out.
pub fn draw_head_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &HeadScatter,
) -> PlotResult {
    area.fill(&WHITE)?;
    let top_x = s.tokens.max(2) as f64;
    let shown: Vec<(usize, &HeadPoint)> = s
        .points
        .iter()
        .enumerate()
        .filter(|(_, p)| p.value.is_finite() && p.k90.is_finite())
        .collect();
    let highest = shown
        .iter()
        .map(|(_, p)| f64::from(p.value))
        .chain(s.bound.as_ref().map(|b| f64::from(b.0)))
        .fold(0.0, f64::max);
    let top_y = round_up(highest * 1.05);
    // The legend in a strip of its own above the chart, clear of the points and of the page's
    // export buttons at the top right.
    let mut entries: Vec<Entry> = s
        .bound
        .iter()
        .map(|(_, label)| Entry::dashed(label.as_str(), BOUND))
        .collect();
    entries.extend(
        HeadClass::ALL
            .into_iter()
            .filter(|c| shown.iter().any(|(_, p)| p.class == *c))
            .map(|c| Entry::solid(format!("class {}", c.numeral()), class_colour(c))),
    );
    let plot = legend_strip(area, &entries)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(56.0))
        .build_cartesian_2d(
            (1.0..top_x).log_scale().with_key_points(ticks(s.tokens)),
            0.0..top_y,
        )?;
    chart
        .configure_mesh()
        .x_label_formatter(&|x| number(*x))
        .y_label_formatter(&|y| number(*y))
        .y_labels(6)
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc(format!(
            "median k90 of the head (tokens of T = {}, log scale)",
            s.tokens
        ))
        .y_desc(s.y_desc)
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    if let Some((bound, _)) = &s.bound {
        let y = f64::from(*bound);
        chart.draw_series(DashedLineSeries::new(
            [(1.0, y), (top_x, y)],
            6,
            3,
            BOUND.stroke_width(2),
        ))?;
    }
    let radius = scaled(4.0).max(3) as i32;
    for class in HeadClass::ALL {
        let of: Vec<(f64, f64)> = shown
            .iter()
            .filter(|(_, p)| p.class == class)
            .map(|(_, p)| (f64::from(p.k90).clamp(1.0, top_x), f64::from(p.value)))
            .collect();
        if of.is_empty() {
            continue;
        }
        let colour = class_colour(class);
        chart.draw_series(
            of.iter()
                .map(|&at| Circle::new(at, radius, colour.filled())),
        )?;
        chart.draw_series(
            of.iter()
                .map(|&at| Circle::new(at, radius, BLACK.stroke_width(1))),
        )?;
    }
    if let Some((_, p)) = shown.iter().find(|(i, _)| Some(*i) == s.chosen) {
        let at = (f64::from(p.k90).clamp(1.0, top_x), f64::from(p.value));
        chart.draw_series([Circle::new(at, 3 * radius, BLACK.stroke_width(2))])?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::plots::head_classes::class_css;

    fn svg(s: &HeadScatter) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (480, 320)).into_drawing_area();
            draw_head_scatter(&area, s).unwrap();
        }
        out
    }

    #[test]
    fn points_in_class_colours_the_bound_and_the_chosen_ring() {
        let at = |k90, value, class| HeadPoint { k90, value, class };
        let s = HeadScatter {
            points: vec![
                at(20.0, 0.02, HeadClass::I),
                at(3.0, 0.09, HeadClass::III),
                at(1.0, 0.0, HeadClass::IV),
                at(2.0, f32::NAN, HeadClass::IV),
            ],
            tokens: 32,
            y_desc: "‖J‖_F",
            bound: Some((0.088, "β/2 = 0.088 (Lemma A24)".into())),
            chosen: Some(1),
        };
        let out = svg(&s);
        assert!(
            out.contains("median k90 of the head (tokens of T = 32"),
            "x label"
        );
        assert!(
            out.contains("β/2 = 0.088") && out.contains("class III"),
            "legend"
        );
        assert!(
            !out.contains("class II<"),
            "no entry for a class without heads"
        );
        for class in [HeadClass::I, HeadClass::III, HeadClass::IV] {
            assert!(out.contains(&class_css(class).to_uppercase()), "{class:?}");
        }
        assert!(!out.contains("NaN"), "the non-finite point is left out");
        // 3 fills + 3 outlines + 1 ring.
        assert_eq!(out.matches("<circle").count(), 7, "{out}");
    }

    #[test]
    fn an_empty_scatter_still_draws_its_axes() {
        let out = svg(&HeadScatter {
            points: Vec::new(),
            tokens: 1,
            y_desc: "damage",
            bound: None,
            chosen: None,
        });
        assert!(out.contains("damage") && out.contains("median k90"));
    }
}
