//! The trained Hopfield pooling read at other β: held-out AUC and the attention share on the
//! witnesses against β on a log axis, from mean pooling (β → 0: uniform weights) to max-like
//! pooling (large β: the top score takes everything), with the learned β and the slider's β
//! marked. The sweep shows what the learned β buys over the two baselines' limits.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{METHOD, REFERENCE, WITNESS, decades, log_label};
use crate::engine::pooling::BetaPoint;
use crate::lab::pooling::reading::SWEEP_RANGE;
use crate::plots::learn::{Entry, legend_strip, number, scaled};
use crate::plots::{PlotResult, text};

/// Draws `points` with the learned β `trained` and the shown β `current` (either left out
/// when outside the axis or not finite).
pub fn draw_beta_sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[BetaPoint],
    trained: Option<f32>,
    current: Option<f32>,
) -> PlotResult {
    area.fill(&WHITE)?;
    let entries = [
        Entry::solid("held-out AUC", METHOD[0]),
        Entry::solid("attention on witnesses", WITNESS),
        Entry::dashed("learned β", BLACK),
        Entry::solid("β shown", REFERENCE),
    ];
    let plot = legend_strip(area, &entries)?;
    // The β axis: the sweep's range.
    let (x0, x1) = SWEEP_RANGE;
    let mut chart = ChartBuilder::on(&plot)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(52.0))
        .build_cartesian_2d(
            (x0..x1).log_scale().with_key_points(decades(x0, x1, 7)),
            0.0..1.0,
        )?;
    chart
        .configure_mesh()
        .x_label_formatter(&|x| log_label(*x))
        .y_label_formatter(&|y| number(*y))
        .y_labels(6)
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("β (log scale): mean pooling ← → max pooling")
        .y_desc("AUC · attention share")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    let inside = |b: f32| {
        let b = f64::from(b);
        (b.is_finite() && (x0..=x1).contains(&b)).then_some(b)
    };
    if let Some(b) = trained.and_then(inside) {
        chart.draw_series(DashedLineSeries::new(
            [(b, 0.0), (b, 1.0)],
            5,
            4,
            BLACK.stroke_width(1),
        ))?;
    }
    if let Some(b) = current.and_then(inside) {
        chart.draw_series(LineSeries::new(
            [(b, 0.0), (b, 1.0)],
            REFERENCE.stroke_width(2),
        ))?;
    }
    let series = |of: fn(&BetaPoint) -> f32| -> Vec<(f64, f64)> {
        points
            .iter()
            .filter_map(|p| Some((inside(p.beta)?, f64::from(of(p)))))
            .filter(|(_, y)| y.is_finite())
            .collect()
    };
    let size = if points.len() == 1 { 3 } else { 2 };
    chart.draw_series(
        LineSeries::new(series(|p| p.auc), METHOD[0].stroke_width(2)).point_size(size),
    )?;
    chart.draw_series(
        LineSeries::new(series(|p| p.witness_mass), WITNESS.stroke_width(2)).point_size(size),
    )?;
    if points.is_empty() {
        let note = text::font(14)
            .color(&REFERENCE)
            .pos(Pos::new(HPos::Center, VPos::Center));
        chart.draw_series([Text::new("train, then sweep β", (1.0, 0.5), note)])?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn svg(points: &[BetaPoint], trained: Option<f32>) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
            draw_beta_sweep(&area, points, trained, Some(1.0)).unwrap();
        }
        out
    }

    #[test]
    fn the_sweep_its_marks_and_an_empty_one() {
        let at = |beta, auc, witness_mass| BetaPoint {
            beta,
            auc,
            witness_mass,
        };
        let out = svg(
            &[
                at(1e-3, 0.6, 0.001),
                at(1.0, 0.9, 0.3),
                at(1e3, f32::NAN, 0.9),
            ],
            Some(12.0),
        );
        for needle in [
            "mean pooling",
            "max pooling",
            "learned β",
            "held-out AUC",
            "1e-3",
        ] {
            assert!(out.contains(needle), "{needle}");
        }
        assert!(!out.contains("NaN") && !out.contains("train, then sweep"));
        assert!(svg(&[], None).contains("train, then sweep β"));
    }
}
