//! Held-out AUC against the training step for Hopfield, mean and max pooling on one plot, with
//! Hopfield's share of attention on the witnesses dashed on the same 0…1 axis: the point of
//! the figure is whether the attention turns selective when the AUC climbs.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{METHOD, REFERENCE, WITNESS, method_label};
use crate::engine::pooling::Method;
use crate::lab::pooling::experiment::CurvePoint;
use crate::plots::learn::{Entry, draw_note, legend_strip, lines, number, runs, scaled};
use crate::plots::{PlotResult, text};

/// Draws the curves of `points` (in step order) over `steps`, the run's length.
pub fn draw_pool_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[CurvePoint],
    steps: usize,
) -> PlotResult {
    area.fill(&WHITE)?;
    let x1 = steps.max(1) as f64;
    let mut entries: Vec<Entry> = Method::ALL
        .iter()
        .zip(METHOD)
        .map(|(&m, c)| Entry::solid(format!("AUC, {}", method_label(m)), c))
        .collect();
    entries.push(Entry::dashed("attention on witnesses (Hopfield)", WITNESS));
    let plot = legend_strip(area, &entries)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(52.0))
        .build_cartesian_2d(0.0..x1, 0.0..1.0)?;
    chart
        .configure_mesh()
        .x_labels(7)
        .y_labels(6)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_label_formatter(&|y| number(*y))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("training step (one bag a step)")
        .y_desc("held-out AUC · attention share")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    chart.draw_series(DashedLineSeries::new(
        [(0.0, 0.5), (x1, 0.5)],
        3,
        4,
        REFERENCE.stroke_width(1),
    ))?;
    // Each series as far as it goes, a value that is not finite breaking its line.
    let steps: Vec<usize> = points.iter().map(|p| p.step).collect();
    let keep = |v: f32| (0.0..=1.0).contains(&v);
    for (i, &colour) in METHOD.iter().enumerate() {
        let auc: Vec<f32> = points.iter().map(|p| p.auc[i]).collect();
        for line in lines(runs(&steps, &auc, keep, f64::from), colour) {
            chart.draw_series(line)?;
        }
    }
    let mass: Vec<f32> = points.iter().map(|p| p.witness_mass).collect();
    for run in runs(&steps, &mass, keep, f64::from) {
        chart.draw_series(DashedLineSeries::new(run, 6, 4, WITNESS.stroke_width(2)))?;
    }
    let style = text::font(12)
        .color(&REFERENCE)
        .pos(Pos::new(HPos::Right, VPos::Bottom));
    chart.draw_series([Text::new("chance 0.5", (x1, 0.51), style)])?;
    if points.is_empty() {
        draw_note(&mut chart, (0.5 * x1, 0.75))?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn svg(points: &[CurvePoint]) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
            draw_pool_curves(&area, points, 600).unwrap();
        }
        out
    }

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn three_auc_lines_the_witness_share_and_labels() {
        let point = |step, auc: [f32; 3], mass| CurvePoint {
            step,
            auc,
            held_out_loss: [0.7; 3],
            train_loss: [f32::NAN; 3],
            witness_mass: mass,
            beta: 3.0,
        };
        let out = svg(&[
            point(0, [0.5, 0.5, 0.5], 0.001),
            point(60, [0.9, f32::NAN, 0.6], 0.3),
            point(120, [1.0, 0.55, 0.62], 0.6),
        ]);
        for needle in [
            "training step",
            "held-out AUC",
            "AUC, Hopfield pooling",
            "AUC, mean pooling",
            "AUC, max pooling",
            "attention on witnesses",
            "chance 0.5",
        ] {
            assert!(out.contains(needle), "{needle}");
        }
        for c in METHOD.into_iter().chain([WITNESS]) {
            assert!(out.contains(&hex(c)), "{c:?}");
        }
        assert!(!out.contains("NaN") && !out.contains("no steps yet"));
        assert!(svg(&[]).contains("no steps yet"));
    }
}
