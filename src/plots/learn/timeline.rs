//! The heads against the training step: each head's median k90 on a log axis from 1 to the
//! sequence length N, banded by [P]'s classes I…IV (boundaries N/2, N/8, N/32), and each
//! head's softmax-Jacobian norm ‖β(diag p − ppᵀ)‖_F, both with the loss's drops dashed. The
//! log axis because the classes are ratios of N: every band gets room, down to class IV's
//! single tokens.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Entry, draw_drops, draw_note, legend_strip, lines, number, round_up, runs, scaled};
use super::{step_labels, visible_drops, x_span};
use crate::plots::capacity::series_colour;
use crate::plots::{PlotResult, text};

/// One head's values, one per step (as many as have arrived).
#[derive(Debug, Clone, PartialEq)]
pub struct HeadSeries<'a> {
    /// Legend text, e.g. "L1 H2".
    pub label: String,
    pub values: &'a [f32],
}

/// The class boundaries' colour: quiet, as they are a scale, not data.
const BOUNDARY: RGBColor = RGBColor(150, 155, 168);
/// The class numerals' colour: darker than the boundaries, as small text must stay legible.
const NUMERAL: RGBColor = RGBColor(100, 106, 120);

/// The legend: the heads in their palette colours, then the drops if any is drawn.
fn entries(heads: &[HeadSeries], drawn: &[f64]) -> Vec<Entry> {
    heads
        .iter()
        .enumerate()
        .map(|(k, h)| Entry::solid(h.label.clone(), series_colour(k)))
        .chain(Entry::drop(drawn))
        .collect()
}

/// The k90 axis's ticks: its ends and the class boundaries between them, so each band's
/// limits can be read; a tick closer than a factor 1.5 to the one below is left out, else
/// the labels would overlap (N = 33 puts N/32 at 1.03).
pub(crate) fn ticks(n: usize) -> Vec<f64> {
    let top = n.max(2) as f64;
    let t = n as f64;
    let mut ticks = vec![1.0];
    for tick in [t / 32.0, t / 8.0, t / 2.0] {
        if tick >= 1.5 * ticks[ticks.len() - 1] && tick * 1.5 <= top {
            ticks.push(tick);
        }
    }
    ticks.push(top);
    ticks
}

/// Draws each head's median k90 against `steps` on a log axis from 1 to `n` (at least 2),
/// with the class boundaries N/2, N/8 and N/32 that fall inside it and the numeral of every
/// class band that shows; `drops` dashed. Values that are not finite or not positive are
/// left out; the others are drawn within 1…N, where k90 lies by definition.
pub fn draw_head_timeline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    steps: &[usize],
    heads: &[HeadSeries],
    n: usize,
    drops: &[usize],
) -> PlotResult {
    area.fill(&WHITE)?;
    let (x0, x1) = x_span(steps);
    let top = n.max(2) as f64;
    let drawn = visible_drops(drops, (x0, x1));
    let plot = legend_strip(area, &entries(heads, &drawn))?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(52.0))
        .build_cartesian_2d(x0..x1, (1.0..top).log_scale().with_key_points(ticks(n)))?;
    chart
        .configure_mesh()
        .x_labels(step_labels((x0, x1)))
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_label_formatter(&|y| number(*y))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("training step")
        .y_desc("median k90 (tokens, log scale)")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    let t = n as f64;
    for bound in [t / 2.0, t / 8.0, t / 32.0] {
        if bound > 1.0 && bound < top {
            chart.draw_series(LineSeries::new(
                [(x0, bound), (x1, bound)],
                BOUNDARY.stroke_width(1),
            ))?;
        }
    }
    // Each class's band, clipped to the axis; its numeral at the band's middle (geometric,
    // as the axis is logarithmic), at the right where the heads have settled.
    let bands = [
        (t / 2.0, top),
        (t / 8.0, t / 2.0),
        (t / 32.0, t / 8.0),
        (1.0, t / 32.0),
    ];
    let numeral_style = text::font(13)
        .color(&NUMERAL)
        .pos(Pos::new(HPos::Right, VPos::Center));
    for ((lo, hi), numeral) in bands.into_iter().zip(["I", "II", "III", "IV"]) {
        let (lo, hi) = (lo.max(1.0), hi.min(top));
        if hi > lo * 1.05 {
            let at = (x1 - 0.01 * (x1 - x0), (lo * hi).sqrt());
            chart.draw_series(std::iter::once(Text::new(
                numeral,
                at,
                numeral_style.clone(),
            )))?;
        }
    }
    draw_drops(&mut chart, &drawn, (1.0, top))?;
    for (k, head) in heads.iter().enumerate() {
        let at = |v: f32| f64::from(v).clamp(1.0, top);
        let head_runs = runs(steps, head.values, |v| v > 0.0, at);
        for line in lines(head_runs, series_colour(k)) {
            chart.draw_series(line)?;
        }
    }
    if steps.is_empty() {
        draw_note(&mut chart, (0.5 * (x0 + x1), top.sqrt()))?;
    }
    Ok(())
}

/// Draws each head's softmax-Jacobian norm against `steps` on a linear axis from 0 to a round
/// number a little above the largest value (so no line runs along the frame), `drops`
/// dashed. Values that are not finite or negative (a norm cannot be) are left out.
pub fn draw_jacobian_timeline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    steps: &[usize],
    heads: &[HeadSeries],
    drops: &[usize],
) -> PlotResult {
    area.fill(&WHITE)?;
    let (x0, x1) = x_span(steps);
    let drawn = visible_drops(drops, (x0, x1));
    let head_runs: Vec<_> = heads
        .iter()
        .map(|h| runs(steps, h.values, |v| v >= 0.0, f64::from))
        .collect();
    let largest = head_runs.iter().flatten().flatten().map(|p| p.1);
    let top = round_up(1.05 * largest.fold(0.0, f64::max));
    let plot = legend_strip(area, &entries(heads, &drawn))?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(52.0))
        .build_cartesian_2d(x0..x1, 0.0..top)?;
    chart
        .configure_mesh()
        .x_labels(step_labels((x0, x1)))
        .y_labels(6)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_label_formatter(&|y| number(*y))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("training step")
        .y_desc("‖β(diag p − ppᵀ)‖_F")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    draw_drops(&mut chart, &drawn, (0.0, top))?;
    for (k, head_runs) in head_runs.into_iter().enumerate() {
        for line in lines(head_runs, series_colour(k)) {
            chart.draw_series(line)?;
        }
    }
    if steps.is_empty() {
        draw_note(&mut chart, (0.5 * (x0 + x1), 0.5 * top))?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::plots::learn::DROP;
    use crate::plots::learn::tests::{hex, label, polylines};

    fn render(draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> PlotResult) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
            draw(&area).unwrap();
        }
        svg
    }

    const STEPS: [usize; 5] = [0, 100, 200, 300, 400];
    const K90: [[f32; 5]; 2] = [[60.0, 50.0, 20.0, 3.0, 1.5], [64.0, 64.0, 40.0, 30.0, 20.0]];

    fn heads<'a>(values: &'a [[f32; 5]; 2]) -> Vec<HeadSeries<'a>> {
        ["L1 H1", "L1 H2"]
            .iter()
            .zip(values)
            .map(|(l, v)| HeadSeries {
                label: l.to_string(),
                values: v,
            })
            .collect()
    }

    #[test]
    fn head_timeline_has_bands_legend_and_drops() {
        let svg = render(|a| draw_head_timeline(a, &STEPS, &heads(&K90), 64, &[250]));
        for needle in [
            "training step",
            "median k90 (tokens, log scale)",
            &label("L1 H1"),
            &label("L1 H2"),
            &label("loss drop"),
            &label("I"),
            &label("II"),
            &label("III"),
            &label("IV"),
            &hex(series_colour(0)),
            &hex(series_colour(1)),
        ] {
            assert!(svg.contains(needle), "{needle:?} missing");
        }
        // The boundaries at 32, 8 and 2 tokens, each one line across.
        assert_eq!(polylines(&svg, BOUNDARY), 3);
        assert!(polylines(&svg, DROP) > 10, "the drop is not dashed");
        // N = 16: N/32 < 1, so there is no class IV band, and two boundaries.
        let svg = render(|a| draw_head_timeline(a, &STEPS, &heads(&K90), 16, &[]));
        assert!(svg.contains(&label("III")) && !svg.contains(&label("IV")));
        assert_eq!(polylines(&svg, BOUNDARY), 2);
        assert!(!svg.contains("loss drop"));
    }

    #[test]
    fn head_timeline_survives_odd_input() {
        let svg = render(|a| draw_head_timeline(a, &[], &[], 64, &[3]));
        assert!(svg.contains("no steps yet") && svg.contains(&label("I")));
        let mut odd = K90;
        odd[0][2] = f32::NAN;
        odd[0][3] = f32::NEG_INFINITY;
        odd[1][1] = 0.0;
        let mut series = heads(&odd);
        series[1].values = &odd[1][..2];
        let svg = render(|a| draw_head_timeline(a, &STEPS, &series, 64, &[]));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        // Head 1's first point stands alone (its 0 is left out), and so does head 0's last.
        assert_eq!(svg.matches("<circle").count(), 2);
        let svg = render(|a| draw_head_timeline(a, &[7], &heads(&K90), 0, &[7]));
        assert!(svg.contains(&label("L1 H2")) && svg.contains("<circle"));
    }

    #[test]
    fn k90_ticks_are_the_class_boundaries() {
        assert_eq!(ticks(64), [1.0, 2.0, 8.0, 32.0, 64.0]);
        assert_eq!(ticks(33), [1.0, 4.125, 16.5, 33.0]);
        assert_eq!(ticks(2), [1.0, 2.0]);
        assert_eq!(ticks(0), [1.0, 2.0]);
    }

    #[test]
    fn jacobian_timeline() {
        let jac = [[0.1, 0.4, 1.3, 2.2, 2.1], [0.0, 0.1, 0.2, f32::NAN, 0.3]];
        let svg = render(|a| draw_jacobian_timeline(a, &STEPS, &heads(&jac), &[150]));
        for needle in [
            "‖β(diag p − ppᵀ)‖_F",
            "training step",
            &label("L1 H1"),
            &label("loss drop"),
            &label("2.5"),
        ] {
            assert!(svg.contains(needle), "{needle:?} missing");
        }
        assert!(!svg.contains("NaN"));
        assert!(polylines(&svg, DROP) > 10);
        let svg = render(|a| draw_jacobian_timeline(a, &[], &heads(&jac), &[]));
        assert!(svg.contains("no steps yet"));
    }
}
