//! One bag's attention weights sorted from the heaviest, on log–log axes (rank 1…N against
//! weight), with the witnesses (sequences carrying the motif) marked where they rank, the
//! uniform weight 1/N dashed (mean pooling) and k90 as a vertical. Log axes because the point
//! is the contrast: a few of 300 000 sequences holding most of the mass.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{REFERENCE, WITNESS, decades, log_label};
use crate::lab::pooling::reading::{SortedCurve, count};
use crate::plots::capacity::PALETTE;
use crate::plots::learn::{Entry, legend_strip, scaled};
use crate::plots::{PlotResult, text};

/// The sorted weights' colour.
const WEIGHTS: RGBColor = PALETTE[0];

/// Draws `c` with its k90.
pub fn draw_bag_attention<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &SortedCurve,
    k90: usize,
) -> PlotResult {
    area.fill(&WHITE)?;
    let n = c.sequences.max(2) as f64;
    let uniform = 1.0 / n;
    let top = c
        .line
        .iter()
        .map(|p| p.1)
        .fold(uniform, f64::max)
        .max(c.floor * 10.0);
    let (y0, y1) = (c.floor.min(uniform) / 2.0, top * 2.0);
    let entries = [
        Entry::solid("weights, heaviest first", WEIGHTS),
        Entry::dot("witness (carries the motif)", WITNESS),
        Entry::dashed("uniform 1/N (mean pooling)", REFERENCE),
        Entry::dashed(format!("k90 = {}", count(k90)), BLACK),
    ];
    let plot = legend_strip(area, &entries)?;
    let mut chart = ChartBuilder::on(&plot)
        .margin(8)
        .margin_right(16)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(56.0))
        .build_cartesian_2d(
            (1.0..n).log_scale().with_key_points(decades(1.0, n, 7)),
            (y0..y1).log_scale().with_key_points(decades(y0, y1, 6)),
        )?;
    chart
        .configure_mesh()
        .x_label_formatter(&|x| log_label(*x))
        .y_label_formatter(&|y| log_label(*y))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc(format!(
            "rank of the sequence's weight (1 … N = {}, log scale)",
            count(c.sequences)
        ))
        .y_desc("attention weight p (log scale)")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    chart.draw_series(DashedLineSeries::new(
        [(1.0, uniform), (n, uniform)],
        6,
        4,
        REFERENCE.stroke_width(2),
    ))?;
    let k = (k90.max(1) as f64).min(n);
    chart.draw_series(DashedLineSeries::new(
        [(k, y0), (k, y1)],
        5,
        4,
        BLACK.stroke_width(1),
    ))?;
    let line = c.line.iter().map(|&(x, y)| (x.clamp(1.0, n), y));
    chart.draw_series(LineSeries::new(line, WEIGHTS.stroke_width(2)))?;
    let radius = scaled(4.0).max(3) as i32;
    chart.draw_series(
        c.witnesses
            .iter()
            .map(|&at| Circle::new(at, radius, WITNESS.filled())),
    )?;
    chart.draw_series(
        c.witnesses
            .iter()
            .map(|&at| Circle::new(at, radius, BLACK.stroke_width(1))),
    )?;
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn weights_witnesses_uniform_and_k90() {
        let c = SortedCurve {
            line: vec![(1.0, 0.5), (2.0, 0.3), (3.0, 0.1), (300_000.0, 1e-9)],
            witnesses: vec![(1.0, 0.5), (3.0, 0.1)],
            floor: 1e-9,
            sequences: 300_000,
        };
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (640, 320)).into_drawing_area();
            draw_bag_attention(&area, &c, 3).unwrap();
        }
        for needle in [
            "N = 300\u{202f}000",
            "attention weight p",
            "uniform 1/N",
            "k90 = 3",
            "witness (carries the motif)",
            "1e5",
        ] {
            assert!(out.contains(needle), "{needle}");
        }
        // Two witnesses and the legend's sample, each a fill and an outline.
        assert_eq!(out.matches("<circle").count(), 6);
    }
}
