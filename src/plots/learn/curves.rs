//! The learning curves: the probe batch's cross-entropy on the left axis and the held-out
//! accuracy on the right, against the training step, with the loss's big drops dashed. Two
//! axes because the two quantities have different units (nats against a fraction) and the
//! view wants to show that accuracy jumps where loss drops.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{Entry, draw_drops, draw_note, legend_strip, lines, number, round_up, runs, scaled};
use super::{step_labels, visible_drops, x_span};
use crate::plots::PlotResult;
use crate::plots::capacity::PALETTE;
use crate::plots::text;

/// The loss's colour (Okabe–Ito blue).
const LOSS: RGBColor = PALETTE[0];
/// The accuracy's colour (Okabe–Ito vermillion).
const ACCURACY: RGBColor = PALETTE[1];

/// Draws the loss (nats, left axis from 0 to a round number a little above its largest
/// value) and the held-out accuracy (0 to 1, right axis) against `steps`, each series as far
/// as it goes, with `drops` as dashed verticals; values that are not finite (or a negative
/// loss, an accuracy outside 0…1) are left out.
pub fn draw_learning_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    steps: &[usize],
    loss: &[f32],
    accuracy: &[f32],
    drops: &[usize],
) -> PlotResult {
    area.fill(&WHITE)?;
    let (x0, x1) = x_span(steps);
    let drawn = visible_drops(drops, (x0, x1));
    let loss_runs = runs(steps, loss, |v| v >= 0.0, f64::from);
    let accuracy_runs = runs(steps, accuracy, |v| (0.0..=1.0).contains(&v), f64::from);
    let largest = loss_runs.iter().flatten().map(|p| p.1).fold(0.0, f64::max);
    let top = round_up(1.05 * largest);
    let entries: Vec<Entry> = [
        Some(Entry::solid("loss", LOSS)),
        Some(Entry::solid("held-out accuracy", ACCURACY)),
        Entry::drop(&drawn),
    ]
    .into_iter()
    .flatten()
    .collect();
    let plot = legend_strip(area, &entries)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(8)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(52.0))
        .right_y_label_area_size(scaled(52.0))
        .build_cartesian_2d(x0..x1, 0.0..top)?
        .set_secondary_coord(x0..x1, 0.0..1.0);
    chart
        .configure_mesh()
        .x_labels(step_labels((x0, x1)))
        .y_labels(6)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_label_formatter(&|y| number(*y))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("training step")
        .y_desc("loss (nats)")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    chart
        .configure_secondary_axes()
        .y_labels(6)
        .y_label_formatter(&|y| number(*y))
        .y_desc("held-out accuracy")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    draw_drops(&mut chart, &drawn, (0.0, top))?;
    for line in lines(loss_runs, LOSS) {
        chart.draw_series(line)?;
    }
    for line in lines(accuracy_runs, ACCURACY) {
        chart.draw_secondary_series(line)?;
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
    use crate::plots::text::scaled as at_scale;

    fn render(steps: &[usize], loss: &[f32], accuracy: &[f32], drops: &[usize]) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
            draw_learning_curves(&area, steps, loss, accuracy, drops).unwrap();
        }
        svg
    }

    #[test]
    fn axes_legend_series_and_drops() {
        let steps = [0, 50, 100, 150, 200];
        let svg = render(
            &steps,
            &[3.2, 2.1, 2.0, 0.4, 0.1],
            &[0.1, 0.3, 0.3, 0.9, 1.0],
            &[75, 125, 10_000],
        );
        for needle in [
            "training step",
            "loss (nats)",
            "held-out accuracy",
            &label("loss"),
            &label("loss drop"),
            &hex(LOSS),
            &hex(ACCURACY),
        ] {
            assert!(svg.contains(needle), "{needle} missing");
        }
        assert!(!svg.contains("no steps yet"));
        // Two drops inside the axis, each many dashes; the one far outside is left out. The
        // legend's sample adds a few more.
        let dashes = polylines(&svg, DROP);
        assert!(dashes > 2 * 10, "{dashes} dashes");
        let alone = polylines(&render(&steps, &[1.0; 5], &[0.5; 5], &[125]), DROP);
        assert!(alone < dashes && alone > 10, "{alone} dashes for one drop");
        assert_eq!(
            polylines(&render(&steps, &[1.0; 5], &[0.5; 5], &[]), DROP),
            0
        );
    }

    #[test]
    fn empty_single_short_and_non_finite_input() {
        let svg = render(&[], &[], &[], &[]);
        assert!(svg.contains("no steps yet") && svg.contains("training step"));
        assert!(!svg.contains("loss drop"), "no drop, no legend entry");
        // One step: a dot for each series.
        let svg = render(&[40], &[2.0], &[0.25], &[]);
        assert_eq!(svg.matches("<circle").count(), 2, "{svg}");
        // Its axis runs one step, labelled at whole steps only, each once.
        assert_eq!(svg.matches(&label("40")).count(), 1, "{svg}");
        assert_eq!(svg.matches(&label("41")).count(), 1, "{svg}");
        // Accuracy shorter than the steps, NaN and infinite values: no NaN reaches the SVG.
        let svg = render(
            &[0, 10, 20, 30],
            &[3.0, f32::NAN, 2.0, f32::INFINITY],
            &[0.2, f32::NAN],
            &[15],
        );
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        assert!(svg.contains(&hex(LOSS)));
    }

    /// The value of attribute `name` in the start of `element`.
    fn attribute<'a>(element: &'a str, name: &str) -> &'a str {
        let start = element.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        let len = element[start..].find('"').unwrap();
        &element[start..start + len]
    }

    #[test]
    fn label_areas_grow_with_the_text() {
        let mut small = String::new();
        let mut large = String::new();
        {
            let area = SVGBackend::with_string(&mut small, (640, 360)).into_drawing_area();
            draw_learning_curves(&area, &[0, 10], &[2.0, 1.0], &[0.1, 0.5], &[]).unwrap();
            let area = SVGBackend::with_string(&mut large, (640, 360)).into_drawing_area();
            at_scale(2.0, || {
                draw_learning_curves(&area, &[0, 10], &[2.0, 1.0], &[0.1, 0.5], &[])
            })
            .unwrap();
        }
        // The plot starts further right of the axis description as the tick labels grow.
        let gap = |svg: &str| {
            let at = svg.find("loss (nats)").unwrap();
            let element = &svg[svg[..at].rfind("<text").unwrap()..at];
            let desc = attribute(element, "x").parse::<f64>().unwrap();
            let line = svg
                .split("<polyline")
                .filter(|p| p.contains(&hex(LOSS)))
                .last();
            let points = attribute(line.unwrap(), "points");
            let first = points.split([',', ' ']).next().unwrap();
            first.parse::<f64>().unwrap() - desc
        };
        let (a, b) = (gap(&small), gap(&large));
        assert!(b > a + 20.0, "gap {a} at scale 1, {b} at scale 2");
    }
}
