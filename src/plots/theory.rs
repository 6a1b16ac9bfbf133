//! The theory figures of the high-dimensional section, all against β on a log axis with a
//! cursor at the current β: the error after one update beside Theorem 5's bound (shaded where
//! the theorem does not apply or says nothing), the updates to converge (and, against N at
//! the current β, the error and the updates for random patterns on the sphere), and the
//! spectral norms of the update's and the softmax's Jacobians at the fixed point reached,
//! marked by its kind, under Lemma A24's bound β/2.

use plotters::coord::Shift;
use plotters::prelude::*;

use plotters::coord::types::RangedCoordf32;

use super::bifurcation::{cursor_line, log_beta_span};
use super::markers;
use super::text;
use super::{PlotError, PlotResult};
use crate::lab::landscape::theory::{SPHERE_BETAS, TheoryRow};
use crate::plots::learn::scaled;

/// The bound's colour (viridis teal: apart from the kind markers and the cursor).
pub const BOUND: RGBColor = RGBColor(33, 145, 140);
/// The softmax Jacobian's colour (viridis purple).
pub const SOFTMAX: RGBColor = RGBColor(68, 1, 84);
/// The colours of the N figure's β series (viridis, dark to light).
pub const SPHERE_COLOURS: [RGBColor; 3] = [
    RGBColor(68, 1, 84),
    RGBColor(33, 145, 140),
    RGBColor(180, 222, 44),
];
/// Values under this are drawn at it: an error of 1e-300 is a point at the floor, not a hole.
const FLOOR: f64 = 1e-40;

/// log₁₀ of `v`, floored at [`FLOOR`] (none for a value that is not finite).
fn log(v: f64) -> Option<f32> {
    v.is_finite().then(|| v.max(FLOOR).log10() as f32)
}

/// A log₁₀ y span holding every value, a little padded, at least one decade tall.
fn span(values: impl Iterator<Item = f64>) -> (f32, f32) {
    let (lo, hi) = values
        .filter_map(log)
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    if !lo.is_finite() {
        return (-1.0, 1.0);
    }
    let pad = ((hi - lo) * 0.06).max(0.5);
    (lo - pad, hi + pad)
}

fn tick(y: &f32) -> String {
    format!("{y:.0}")
}

/// The label of a log₁₀ tick: whole decades on a tall axis, tenths on a short one.
fn log_tick(span: (f32, f32)) -> impl Fn(&f32) -> String {
    let short = span.1 - span.0 < 4.0;
    move |y| {
        let text = if short {
            format!("{y:.1}")
        } else {
            format!("{y:.0}")
        };
        if text.starts_with("-0") && text.trim_start_matches(['-', '0', '.']).is_empty() {
            text[1..].to_string()
        } else {
            text
        }
    }
}

/// A chart of log₁₀ y against log₁₀ β over `x` × `y` on `area`: `under` draws what lies
/// beneath the mesh (shading), then the mesh with its labels.
fn log_log_chart<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    (x0, x1): (f32, f32),
    (y0, y1): (f32, f32),
    y_desc: &str,
    under: impl FnOnce(&mut Chart<'a, DB>) -> PlotResult,
) -> Result<Chart<'a, DB>, PlotError> {
    let mut chart = ChartBuilder::on(area)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(48.0))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    under(&mut chart)?;
    chart
        .configure_mesh()
        .x_labels(((x1 - x0).round() as usize + 1).clamp(2, 12))
        .x_label_formatter(&tick)
        .y_label_formatter(&log_tick((y0, y1)))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("log₁₀ β")
        .y_desc(y_desc)
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    Ok(chart)
}

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf32, RangedCoordf32>>;

/// The half-widths of the x intervals around each row, so a row's shading meets the next.
fn bands(xs: &[f32], (x0, x1): (f32, f32)) -> Vec<(f32, f32)> {
    (0..xs.len())
        .map(|i| {
            let left = if i == 0 {
                x0
            } else {
                0.5 * (xs[i - 1] + xs[i])
            };
            let right = if i + 1 == xs.len() {
                x1
            } else {
                0.5 * (xs[i] + xs[i + 1])
            };
            (left, right)
        })
        .collect()
}

/// Error after one update against β, with Theorem 5's bound and 2M.
pub fn draw_theory_error<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[TheoryRow],
    beta_range: (f32, f32),
    cursor: Option<f32>,
) -> PlotResult {
    let (x0, x1) = log_beta_span(beta_range)?;
    area.fill(&WHITE)?;
    let two_m = rows.first().map(|r| 2.0 * r.report.theorem5.max_norm);
    let (y0, y1) = span(
        rows.iter()
            .flat_map(|r| {
                [
                    Some(r.report.error_after_one_update),
                    r.report.theorem5.bound,
                ]
            })
            .flatten()
            .chain(two_m),
    );
    let xs: Vec<f32> = rows.iter().map(|r| r.beta.log10()).collect();
    let shade = |chart: &mut Chart<'_, DB>| -> PlotResult {
        for (r, (a, b)) in rows.iter().zip(bands(&xs, (x0, x1))) {
            let t = &r.report.theorem5;
            let colour = if t.bound.is_none() {
                BLACK.mix(0.12)
            } else if t.vacuous() {
                BLACK.mix(0.05)
            } else {
                continue;
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, y0), (b, y1)],
                colour.filled(),
            )))?;
        }
        Ok(())
    };
    let mut chart = log_log_chart(area, (x0, x1), (y0, y1), "log₁₀ ‖f(ξ) − xᵢ‖", shade)?;
    if let Some(y) = two_m.and_then(log) {
        chart.draw_series(DashedLineSeries::new(
            [(x0, y), (x1, y)],
            3,
            3,
            BLACK.mix(0.5).stroke_width(1),
        ))?;
        chart.draw_series(std::iter::once(Text::new(
            "2M",
            (x0 + 0.02 * (x1 - x0), y),
            text::font(12).color(&BLACK.mix(0.7)),
        )))?;
    }
    // The bound where it applies, in the runs of consecutive rows where it does.
    for run in rows.split(|r| r.report.theorem5.bound.is_none()) {
        let line: Vec<(f32, f32)> = run
            .iter()
            .filter_map(|r| Some((r.beta.log10(), log(r.report.theorem5.bound?)?)))
            .collect();
        chart.draw_series(DashedLineSeries::new(line, 6, 3, BOUND.stroke_width(2)))?;
    }
    let measured: Vec<(f32, f32)> = rows
        .iter()
        .filter_map(|r| Some((r.beta.log10(), log(r.report.error_after_one_update)?)))
        .collect();
    chart.draw_series(LineSeries::new(
        measured.iter().copied(),
        BLACK.mix(0.7).stroke_width(1),
    ))?;
    chart.draw_series(
        rows.iter()
            .zip(&measured)
            .map(|(r, &at)| markers::kind_marker(r.kind, at, 3)),
    )?;
    if let Some(line) = cursor_line(cursor, (x0, x1), (y0, y1)) {
        chart.draw_series(std::iter::once(line))?;
    }
    Ok(())
}

/// Updates to converge against β, the one-update regime shaded (top), and the error after one
/// update against N for random patterns on the sphere at the [`SPHERE_BETAS`], filled where
/// one update converged (bottom).
pub fn draw_convergence<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[TheoryRow],
    by_count: &[TheoryRow],
    beta_range: (f32, f32),
    cursor: Option<f32>,
) -> PlotResult {
    let (x0, x1) = log_beta_span(beta_range)?;
    area.fill(&WHITE)?;
    let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 / 2);
    let updates = |r: &TheoryRow| r.report.updates_to_converge;
    let most = rows.iter().filter_map(updates).max().unwrap_or(1).max(2) as f32;
    let (u0, u1) = (0.0f32, (most + 1.0).log2() + 0.3);
    let mut chart = ChartBuilder::on(&top)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(scaled(30.0))
        .y_label_area_size(scaled(48.0))
        .build_cartesian_2d(x0..x1, u0..u1)?;
    let xs: Vec<f32> = rows.iter().map(|r| r.beta.log10()).collect();
    for (r, (a, b)) in rows.iter().zip(bands(&xs, (x0, x1))) {
        if updates(r) == Some(1) {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a, u0), (b, u1)],
                BOUND.mix(0.15).filled(),
            )))?;
        }
    }
    chart
        .configure_mesh()
        .x_labels(((x1 - x0).round() as usize + 1).clamp(2, 12))
        .x_label_formatter(&tick)
        .y_labels(6)
        .y_label_formatter(&|y| format!("{:.0}", 2f32.powf(*y) - 1.0))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .x_desc("log₁₀ β")
        .y_desc("updates to converge")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    // log₂(1 + updates): one update and four hundred both readable.
    let at = |r: &TheoryRow| updates(r).map(|u| (r.beta.log10(), (u as f32 + 1.0).log2()));
    chart.draw_series(LineSeries::new(
        rows.iter().filter_map(at),
        BLACK.mix(0.7).stroke_width(1),
    ))?;
    chart.draw_series(
        rows.iter()
            .filter_map(|r| Some(markers::kind_marker(r.kind, at(r)?, 3))),
    )?;
    if let Some(line) = cursor_line(cursor, (x0, x1), (u0, u1)) {
        chart.draw_series(std::iter::once(line))?;
    }

    let n_max = by_count.iter().map(|r| r.count).max().unwrap_or(2).max(2) as f32;
    // Whole powers of two at the ticks: the axis starts and ends on one.
    let (n0, n1) = (1.0f32, n_max.log2().ceil().max(2.0));
    let (y0, y1) = span(by_count.iter().map(|r| r.report.error_after_one_update));
    let mut chart = ChartBuilder::on(&bottom)
        .margin(8)
        .margin_right(20)
        .x_label_area_size(scaled(36.0))
        .y_label_area_size(scaled(48.0))
        .build_cartesian_2d(n0..n1, y0..y1)?;
    chart
        .configure_mesh()
        .x_labels(((n1 - n0).floor() as usize + 1).clamp(2, 12))
        .x_label_formatter(&|x| format!("{:.0}", 2f32.powf(*x)))
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .y_label_formatter(&log_tick((y0, y1)))
        .x_desc("N random patterns on the sphere, d = 64")
        .y_desc("log₁₀ error, 1 update")
        .label_style(text::font(12))
        .axis_desc_style(text::font(13))
        .draw()?;
    for (k, &b) in SPHERE_BETAS.iter().enumerate() {
        let colour = SPHERE_COLOURS[k % SPHERE_COLOURS.len()];
        let series: Vec<(f32, f32, bool)> = by_count
            .iter()
            .filter(|r| r.beta == b)
            .filter_map(|r| {
                let y = log(r.report.error_after_one_update)?;
                Some(((r.count as f32).log2(), y, updates(r) == Some(1)))
            })
            .collect();
        chart.draw_series(LineSeries::new(
            series.iter().map(|p| (p.0, p.1)),
            colour.stroke_width(2),
        ))?;
        // Filled: converged in one update; hollow: it took more.
        chart.draw_series(series.iter().map(|&(x, y, one)| {
            let style = if one {
                colour.filled()
            } else {
                colour.stroke_width(2)
            };
            Circle::new((x, y), 4, style)
        }))?;
    }
    Ok(())
}

/// ‖J‖₂ and ‖J_s‖₂ at the fixed point reached against β, with Lemma A24's β/2.
pub fn draw_jacobians<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    rows: &[TheoryRow],
    beta_range: (f32, f32),
    cursor: Option<f32>,
) -> PlotResult {
    let (x0, x1) = log_beta_span(beta_range)?;
    area.fill(&WHITE)?;
    let half = |b: f32| 0.5 * b as f64;
    let (y0, y1) = span(
        rows.iter()
            .flat_map(|r| [r.report.jacobian_norm, r.report.softmax_jacobian_norm])
            .chain([half(beta_range.0), half(beta_range.1)]),
    );
    let mut chart = log_log_chart(
        area,
        (x0, x1),
        (y0, y1),
        "log₁₀ spectral norm at ξ*",
        |_| Ok(()),
    )?;
    let bound: Vec<(f32, f32)> = [x0, x1]
        .iter()
        .filter_map(|&x| Some((x, log(half(10f32.powf(x)))?)))
        .collect();
    chart.draw_series(DashedLineSeries::new(bound, 6, 3, BOUND.stroke_width(2)))?;
    let series = |value: fn(&TheoryRow) -> f64| {
        rows.iter()
            .filter_map(move |r| Some((r.beta.log10(), log(value(r))?)))
    };
    chart.draw_series(LineSeries::new(
        series(|r| r.report.softmax_jacobian_norm),
        SOFTMAX.stroke_width(2),
    ))?;
    chart.draw_series(LineSeries::new(
        series(|r| r.report.jacobian_norm),
        BLACK.mix(0.7).stroke_width(1),
    ))?;
    chart.draw_series(
        rows.iter()
            .zip(series(|r| r.report.jacobian_norm))
            .map(|(r, at)| markers::kind_marker(r.kind, at, 3)),
    )?;
    if let Some(line) = cursor_line(cursor, (x0, x1), (y0, y1)) {
        chart.draw_series(std::iter::once(line))?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::engine::fixed_points::log_grid;
    use crate::engine::{PatternSet, SeededRng};
    use crate::lab::landscape::theory::{sphere_row, theory_row};
    use crate::plots::bifurcation::CURSOR;

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn the_three_figures_draw_their_series_shading_and_cursor() {
        let set = PatternSet::random_binary(64, 6, &mut SeededRng::new(1)).unwrap();
        // An eighth masked: near enough for Theorem 5 once x* nears x₀, not while it averages.
        let mut query = set.pattern(0).to_vec();
        query[56..].fill(0.0);
        let betas = log_grid(1e-3, 3.0, 12).unwrap();
        let rows: Vec<TheoryRow> = betas
            .iter()
            .map(|&b| theory_row(&set, 0, &query, b).unwrap())
            .collect();
        assert!(rows.iter().any(|r| r.report.theorem5.bound.is_none()));
        assert!(rows.iter().any(|r| r.report.theorem5.bound.is_some()));
        let by_n: Vec<TheoryRow> = [2, 16, 128]
            .iter()
            .map(|&n| sphere_row(n, SPHERE_BETAS[1], 1).unwrap())
            .collect();
        let range = (1e-3, 3.0);
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (420, 360)).into_drawing_area();
            draw_theory_error(&area, &rows, range, Some(0.1)).unwrap();
        }
        for needle in ["log₁₀ β", "‖f(ξ) − xᵢ‖", "2M", &hex(BOUND), &hex(CURSOR)] {
            assert!(
                svg.contains(needle),
                "{needle} missing from the error figure"
            );
        }
        assert!(
            svg.contains("opacity=\"0.12\""),
            "no shading where Thm 5 fails"
        );
        svg.clear();
        {
            let area = SVGBackend::with_string(&mut svg, (420, 400)).into_drawing_area();
            draw_convergence(&area, &rows, &by_n, range, Some(0.1)).unwrap();
        }
        for needle in [
            "updates to converge",
            "N random patterns",
            "128\n",
            &hex(SPHERE_COLOURS[1]),
        ] {
            assert!(
                svg.contains(needle),
                "{needle} missing from the convergence figure"
            );
        }
        svg.clear();
        {
            let area = SVGBackend::with_string(&mut svg, (420, 360)).into_drawing_area();
            draw_jacobians(&area, &rows, range, None).unwrap();
        }
        for needle in ["spectral norm", &hex(SOFTMAX), &hex(BOUND)] {
            assert!(
                svg.contains(needle),
                "{needle} missing from the Jacobian figure"
            );
        }
        let area = SVGBackend::with_string(&mut svg, (420, 360)).into_drawing_area();
        assert!(draw_theory_error(&area, &[], range, None).is_ok());
        assert!(draw_convergence(&area, &[], &[], range, None).is_ok());
        assert!(draw_jacobians(&area, &[], (1.0, 0.1), None).is_err());
    }
}
