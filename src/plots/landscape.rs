//! The energy landscape E(ξ) over the plane of a 2-D pattern set: a viridis heat map with
//! contour lines, optional basin boundaries, the stored patterns, the fixed points by kind and
//! the trajectory of a query, with a colour bar for E.
//!
//! The heat map is an image, not thousands of rectangles: [`heat_pixels`] turns the energy
//! grid into RGBA pixels at the plot area's resolution, and the caller's `blit` puts them on
//! the backend in one call (an `ImageData` on a browser canvas). Without a `blit` (SVG in the
//! native tests) the grid is drawn as one rectangle per cell.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::markers::{self, TRAJECTORY};
use super::text;
use super::{PlotError, colormap};
use crate::engine::fixed_points::FixedPointKind;

/// Number of contour bands over the colour scale.
pub const CONTOURS: usize = 10;
/// Width of the colour bar's column, including its labels.
const BAR_WIDTH: u32 = 74;
/// Margin around the chart.
const MARGIN: u32 = 8;
/// Height of the x label area.
const X_LABELS: u32 = 38;
/// Width of the y label area.
const Y_LABELS: u32 = 46;

/// Everything the landscape shows, in the plane's coordinates (ξ₁, ξ₂).
#[derive(Debug, Clone, Copy)]
pub struct LandscapeScene<'a> {
    /// (ξ₁ min, ξ₁ max) of the view.
    pub x_range: (f32, f32),
    /// (ξ₂ min, ξ₂ max) of the view.
    pub y_range: (f32, f32),
    /// E at the cell centres of a grid_width×grid_height grid, row-major, row 0 on top.
    pub energy: &'a [f32],
    /// Columns of the grid.
    pub grid_width: usize,
    /// Rows of the grid.
    pub grid_height: usize,
    /// Basin labels on a (labels, width, height) grid over the same view (row-major, row 0
    /// on top), drawn as white boundaries, if shown.
    pub basins: Option<Basins<'a>>,
    /// The stored patterns.
    pub patterns: &'a [[f32; 2]],
    /// The fixed points with their kind.
    pub fixed_points: &'a [([f32; 2], FixedPointKind)],
    /// The states of a query's trajectory (first = the query), empty when there is none.
    pub trajectory: &'a [[f32; 2]],
    /// The names of the horizontal and vertical coordinates ("ξ₁", "ξ₂" for the 2-D set;
    /// "u", "v" on a plane through a high-dimensional set).
    pub axis_labels: (&'a str, &'a str),
}

/// Basin labels (index of the fixed point reached, or none) on a width×height grid.
pub type Basins<'a> = (&'a [Option<usize>], usize, usize);

/// A rectangle of backend pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    /// Left edge.
    pub left: i32,
    /// Top edge.
    pub top: i32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl PixelRect {
    fn from_ranges((x, y): (Range<i32>, Range<i32>)) -> Self {
        Self {
            left: x.start,
            top: y.start,
            width: (x.end - x.start).max(1) as u32,
            height: (y.end - y.start).max(1) as u32,
        }
    }
}

/// Where the landscape's plot area ended up: the click handler maps pixels back to ξ with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LandscapeFrame {
    /// The plot area in backend pixels.
    pub plot: PixelRect,
    /// ξ₁ range across the plot area.
    pub x_range: (f32, f32),
    /// ξ₂ range across the plot area (bottom to top).
    pub y_range: (f32, f32),
}

impl LandscapeFrame {
    /// The point (ξ₁, ξ₂) under the backend pixel (px, py), or `None` outside the plot area.
    pub fn to_plane(&self, px: f64, py: f64) -> Option<(f32, f32)> {
        let fx = (px - self.plot.left as f64) / self.plot.width as f64;
        let fy = (py - self.plot.top as f64) / self.plot.height as f64;
        if !(0.0..=1.0).contains(&fx) || !(0.0..=1.0).contains(&fy) {
            return None;
        }
        let (x0, x1) = self.x_range;
        let (y0, y1) = self.y_range;
        Some((x0 + fx as f32 * (x1 - x0), y1 - fy as f32 * (y1 - y0)))
    }

    /// The backend pixel of the point (ξ₁, ξ₂), the inverse of [`LandscapeFrame::to_plane`]
    /// (points outside the view map outside the plot area).
    pub fn to_pixel(&self, x: f32, y: f32) -> (f64, f64) {
        let (x0, x1) = self.x_range;
        let (y0, y1) = self.y_range;
        let fx = ((x - x0) / (x1 - x0)) as f64;
        let fy = ((y1 - y) / (y1 - y0)) as f64;
        (
            self.plot.left as f64 + fx * self.plot.width as f64,
            self.plot.top as f64 + fy * self.plot.height as f64,
        )
    }
}

/// The colour scale of a heat map: E from `low` to `high`, coloured by viridis of
/// √((E − low)/(high − low)), so that the wells (where the interest is) get most colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EnergyScale {
    /// Smallest finite E.
    pub low: f32,
    /// Largest finite E.
    pub high: f32,
}

impl EnergyScale {
    /// The scale spanning the finite values of `energy` (0…1 when there are none).
    pub fn of(energy: &[f32]) -> Self {
        let (low, high) = energy
            .iter()
            .filter(|v| v.is_finite())
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
        if low.is_finite() && high > low {
            Self { low, high }
        } else if low.is_finite() {
            Self {
                low,
                high: low + 1.0,
            }
        } else {
            Self {
                low: 0.0,
                high: 1.0,
            }
        }
    }

    /// Position t ∈ [0, 1] of `e` on the colour axis.
    pub fn t(&self, e: f32) -> f32 {
        if !e.is_finite() {
            return 1.0;
        }
        ((e - self.low) / (self.high - self.low))
            .clamp(0.0, 1.0)
            .sqrt()
    }

    /// The energy at colour position t (inverse of [`EnergyScale::t`]).
    pub fn energy_at(&self, t: f32) -> f32 {
        self.low + t * t * (self.high - self.low)
    }
}

/// Bilinear sample of a row-major grid at fractional cell coordinates (gx, gy) (cell centres
/// at integers), clamped at the edges.
fn sample(values: &[f32], width: usize, height: usize, gx: f32, gy: f32) -> f32 {
    let gx = gx.clamp(0.0, (width - 1) as f32);
    let gy = gy.clamp(0.0, (height - 1) as f32);
    let (c0, r0) = (gx.floor() as usize, gy.floor() as usize);
    let (c1, r1) = ((c0 + 1).min(width - 1), (r0 + 1).min(height - 1));
    let (fx, fy) = (gx - c0 as f32, gy - r0 as f32);
    let at = |r: usize, c: usize| values[r * width + c];
    let top = at(r0, c0) + (at(r0, c1) - at(r0, c0)) * fx;
    let bottom = at(r1, c0) + (at(r1, c1) - at(r1, c0)) * fx;
    top + (bottom - top) * fy
}

/// RGBA pixels (row-major, 4 bytes each) of an out_width×out_height image of the grid
/// `energy` (grid_width×grid_height, row 0 on top), sampled bilinearly: viridis on `scale`,
/// darker lines where the contour band changes, white lines where the basin label changes
/// (basins on their own grid over the same view). A grid of the wrong size gives a
/// transparent image; basins of the wrong size are left out.
pub fn heat_pixels(
    energy: &[f32],
    (grid_width, grid_height): (usize, usize),
    (out_width, out_height): (usize, usize),
    scale: &EnergyScale,
    basins: Option<Basins>,
) -> Vec<u8> {
    let mut out = vec![0u8; out_width * out_height * 4];
    if grid_width == 0 || grid_height == 0 || energy.len() != grid_width * grid_height {
        return out;
    }
    let basins = basins.filter(|(b, w, h)| *w > 0 && *h > 0 && b.len() == w * h);
    let to_grid =
        |i: usize, n: usize, cells: usize| (i as f32 + 0.5) / n as f32 * cells as f32 - 0.5;
    let band_of = |t: f32| ((t * CONTOURS as f32) as usize).min(CONTOURS - 1);
    let mut above_bands = vec![usize::MAX; out_width];
    let mut above_basins = vec![None; out_width];
    for row in 0..out_height {
        let gy = to_grid(row, out_height, grid_height);
        let mut left_band = usize::MAX;
        let mut left_basin = None;
        for col in 0..out_width {
            let gx = to_grid(col, out_width, grid_width);
            let t = scale.t(sample(energy, grid_width, grid_height, gx, gy));
            let band = band_of(t);
            let RGBColor(mut r, mut g, mut b) = colormap::viridis(t);
            let contour = (left_band != usize::MAX && band != left_band)
                || (above_bands[col] != usize::MAX && band != above_bands[col]);
            if contour {
                let dim = |c: u8| (c as f32 * 0.55) as u8;
                (r, g, b) = (dim(r), dim(g), dim(b));
            }
            if let Some((labels, bw, bh)) = basins {
                let basin_row = (row * bh / out_height).min(bh - 1);
                let basin_col = (col * bw / out_width).min(bw - 1);
                let label = Some(labels[basin_row * bw + basin_col]);
                let edge =
                    (col > 0 && label != left_basin) || (row > 0 && label != above_basins[col]);
                if edge {
                    (r, g, b) = (255, 255, 255);
                }
                left_basin = label;
                above_basins[col] = label;
            }
            left_band = band;
            above_bands[col] = band;
            let at = (row * out_width + col) * 4;
            out[at..at + 4].copy_from_slice(&[r, g, b, 255]);
        }
    }
    out
}

/// A function that puts RGBA pixels (row-major, `rect.width`×`rect.height`) on the backend at
/// `rect` in one call.
pub type Blit<'b> = &'b mut dyn FnMut(PixelRect, &[u8]) -> Result<(), String>;

/// Draws the landscape on `area`: heat map with contour lines (through `blit` when given,
/// else cell by cell), the colour bar, basin boundaries, the patterns (crosses), the fixed
/// points (by kind) and the trajectory. Returns where the plot area is.
pub fn draw_landscape<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &LandscapeScene,
    blit: Option<Blit>,
) -> Result<LandscapeFrame, PlotError> {
    let (x0, x1) = scene.x_range;
    let (y0, y1) = scene.y_range;
    if !(x1 > x0 && y1 > y0) {
        return Err(PlotError("the landscape's view is empty".into()));
    }
    area.fill(&WHITE)?;
    let (width, height) = area.dim_in_pixel();
    let (main, bar) = area.split_horizontally(width.saturating_sub(BAR_WIDTH));
    // Keep the plot area square: the view is square in ξ.
    let avail_w = (width.saturating_sub(BAR_WIDTH + 2 * MARGIN + Y_LABELS)) as i32;
    let avail_h = (height.saturating_sub(2 * MARGIN + X_LABELS)) as i32;
    let side = avail_w.min(avail_h).max(10);
    let mut chart = ChartBuilder::on(&main)
        .margin_top(MARGIN)
        .margin_left(MARGIN)
        .margin_bottom(MARGIN + (avail_h - side) as u32)
        .margin_right(MARGIN + (avail_w - side) as u32)
        .x_label_area_size(X_LABELS)
        .y_label_area_size(Y_LABELS)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(7)
        .y_labels(7)
        .x_desc(scene.axis_labels.0)
        .y_desc(scene.axis_labels.1)
        .label_style(text::font(12))
        .axis_desc_style(text::font(15))
        .draw()?;
    let plot = PixelRect::from_ranges(chart.plotting_area().get_pixel_range());
    let scale = EnergyScale::of(scene.energy);
    let grid = (scene.grid_width, scene.grid_height);
    match blit {
        Some(blit) => {
            let size = (plot.width as usize, plot.height as usize);
            let pixels = heat_pixels(scene.energy, grid, size, &scale, scene.basins);
            blit(plot, &pixels).map_err(PlotError)?;
        }
        None => {
            let pixels = heat_pixels(scene.energy, grid, grid, &scale, scene.basins);
            let (dx, dy) = (
                (x1 - x0) / scene.grid_width as f32,
                (y1 - y0) / scene.grid_height as f32,
            );
            chart.draw_series(pixels.chunks_exact(4).enumerate().map(|(i, p)| {
                let (row, col) = (i / scene.grid_width, i % scene.grid_width);
                let left = x0 + col as f32 * dx;
                let top = y1 - row as f32 * dy;
                Rectangle::new(
                    [(left, top), (left + dx, top - dy)],
                    RGBColor(p[0], p[1], p[2]).filled(),
                )
            }))?;
        }
    }

    if scene.trajectory.len() > 1 {
        chart.draw_series(std::iter::once(PathElement::new(
            scene
                .trajectory
                .iter()
                .map(|p| (p[0], p[1]))
                .collect::<Vec<_>>(),
            TRAJECTORY.stroke_width(2),
        )))?;
    }
    if let Some(first) = scene.trajectory.first() {
        chart.draw_series(
            scene
                .trajectory
                .iter()
                .skip(1)
                .map(|p| Circle::new((p[0], p[1]), 2, TRAJECTORY.filled())),
        )?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((first[0], first[1]))
                + Rectangle::new([(-5, -5), (5, 5)], WHITE.filled())
                + Rectangle::new([(-5, -5), (5, 5)], TRAJECTORY.stroke_width(2)),
        ))?;
    }
    // The legend is the page's (HTML, beside the canvas), so that it never hides a well.
    chart.draw_series(
        scene
            .fixed_points
            .iter()
            .map(|(p, kind)| markers::kind_marker(*kind, (p[0], p[1]), 6)),
    )?;
    chart.draw_series(
        scene
            .patterns
            .iter()
            .map(|p| markers::pattern_marker((p[0], p[1]), 4)),
    )?;

    draw_colour_bar(&bar, &scale, plot)?;
    Ok(LandscapeFrame {
        plot,
        x_range: scene.x_range,
        y_range: scene.y_range,
    })
}

/// The legend's name of a kind of fixed point.
pub fn kind_label(kind: FixedPointKind) -> &'static str {
    match kind {
        FixedPointKind::Global => "global fixed point",
        FixedPointKind::Metastable => "metastable state",
        FixedPointKind::Single => "single-pattern fixed point",
    }
}

/// The colour bar for `scale` beside the plot area `plot` (backend pixels): a strip from low
/// (bottom) to high E, the contour levels as ticks, E values on its right and "E(ξ)" on top.
fn draw_colour_bar<DB: DrawingBackend>(
    bar: &DrawingArea<DB, Shift>,
    scale: &EnergyScale,
    plot: PixelRect,
) -> Result<(), PlotError> {
    const TITLE: i32 = 20;
    const STRIP: i32 = 16;
    const STEPS: i32 = 120;
    let (base_x, base_y) = bar.get_base_pixel();
    let top = plot.top - base_y + TITLE;
    let height = plot.height as i32 - TITLE;
    if height < 20 {
        return Ok(());
    }
    let left = plot.left + plot.width as i32 - base_x + 10;
    let left = left.max(4);
    // Pixel row of energy e (linear in E; the colours follow the √ scale).
    let row = |e: f32| {
        let f = ((e - scale.low) / (scale.high - scale.low)).clamp(0.0, 1.0);
        top + height - (f * height as f32).round() as i32
    };
    for k in 0..STEPS {
        let (a, b) = (k as f32 / STEPS as f32, (k + 1) as f32 / STEPS as f32);
        let (ya, yb) = (row(scale.energy_at(a)), row(scale.energy_at(b)));
        bar.draw(&Rectangle::new(
            [(left, yb), (left + STRIP, ya)],
            colormap::viridis(0.5 * (a + b)).filled(),
        ))?;
    }
    for k in 1..CONTOURS {
        let y = row(scale.energy_at(k as f32 / CONTOURS as f32));
        bar.draw(&PathElement::new(
            vec![(left, y), (left + STRIP, y)],
            BLACK.mix(0.45),
        ))?;
    }
    bar.draw(&Rectangle::new(
        [(left, top), (left + STRIP, top + height)],
        BLACK.mix(0.6),
    ))?;
    let font = text::font(12).color(&BLACK);
    const TICKS: usize = 5;
    for k in 0..TICKS {
        let e = scale.low + (scale.high - scale.low) * k as f32 / (TICKS - 1) as f32;
        let y = row(e);
        bar.draw(&PathElement::new(
            vec![(left + STRIP, y), (left + STRIP + 4, y)],
            BLACK,
        ))?;
        bar.draw(&Text::new(
            format_energy(e),
            (left + STRIP + 6, y - 6),
            font.clone(),
        ))?;
    }
    bar.draw(&Text::new(
        "E(ξ)",
        (left - 2, top - TITLE + 2),
        text::font(14).color(&BLACK),
    ))?;
    Ok(())
}

/// An energy for a tick label: two decimals, or one for large values.
fn format_energy(e: f32) -> String {
    if e.abs() >= 100.0 {
        format!("{e:.0}")
    } else if e.abs() >= 10.0 {
        format!("{e:.1}")
    } else {
        format!("{e:.2}")
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn bowl(width: usize, height: usize) -> Vec<f32> {
        (0..width * height)
            .map(|i| {
                let (r, c) = ((i / width) as f32, (i % width) as f32);
                (r - height as f32 / 2.0).powi(2) + (c - width as f32 / 2.0).powi(2)
            })
            .collect()
    }

    #[test]
    fn pixels_have_the_requested_size_contours_and_basin_edges() {
        let energy = bowl(20, 20);
        let scale = EnergyScale::of(&energy);
        let px = heat_pixels(&energy, (20, 20), (50, 40), &scale, None);
        assert_eq!(px.len(), 50 * 40 * 4);
        assert!(px.chunks_exact(4).all(|p| p[3] == 255));
        let darkened = px
            .chunks_exact(4)
            .filter(|p| {
                let t = colormap::viridis(0.0);
                (p[0], p[1], p[2]) != (t.0, t.1, t.2) && p[0] < 60 && p[1] < 60
            })
            .count();
        assert!(darkened > 0, "no contour pixels");
        let labels: Vec<Option<usize>> =
            (0..400).map(|i| Some(usize::from(i % 20 >= 10))).collect();
        let with = heat_pixels(&energy, (20, 20), (40, 40), &scale, Some((&labels, 20, 20)));
        let white = with
            .chunks_exact(4)
            .filter(|p| p[0] == 255 && p[1] == 255 && p[2] == 255)
            .count();
        assert!(
            (30..=80).contains(&white),
            "{white} white pixels for one boundary"
        );
        assert!(
            heat_pixels(&energy, (3, 3), (4, 4), &scale, None)
                .iter()
                .all(|&b| b == 0)
        );
    }

    #[test]
    fn scale_maps_wells_to_dark_and_back() {
        let scale = EnergyScale::of(&[1.0, 5.0, f32::NAN]);
        assert_eq!((scale.low, scale.high), (1.0, 5.0));
        assert_eq!(scale.t(1.0), 0.0);
        assert_eq!(scale.t(5.0), 1.0);
        assert!((scale.energy_at(scale.t(2.0)) - 2.0).abs() < 1e-5);
        assert_eq!(EnergyScale::of(&[]).high, 1.0);
    }

    #[test]
    fn svg_has_axes_legend_markers_and_a_square_plot() {
        let energy = bowl(16, 16);
        let patterns = [[1.4, 0.3], [1.4, -0.3], [-2.0, 0.5]];
        let fixed = [
            ([1.4, 0.0], FixedPointKind::Metastable),
            ([-2.0, 0.5], FixedPointKind::Single),
        ];
        let trajectory = [[0.0, 1.0], [1.0, 0.5], [1.4, 0.0]];
        let scene = LandscapeScene {
            x_range: (-3.0, 3.0),
            y_range: (-3.0, 3.0),
            energy: &energy,
            grid_width: 16,
            grid_height: 16,
            basins: None,
            patterns: &patterns,
            fixed_points: &fixed,
            trajectory: &trajectory,
            axis_labels: ("ξ₁", "ξ₂"),
        };
        let mut svg = String::new();
        let frame = {
            let area = SVGBackend::with_string(&mut svg, (480, 400)).into_drawing_area();
            draw_landscape(&area, &scene, None).unwrap()
        };
        for needle in ["ξ₁", "ξ₂", "E(ξ)"] {
            assert!(svg.contains(needle), "{needle} missing");
        }
        let hex = |c: RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        assert!(
            svg.contains(&hex(markers::METASTABLE)),
            "no metastable marker"
        );
        assert!(svg.contains(&hex(TRAJECTORY)), "no trajectory");
        assert!(
            !svg.contains(&hex(markers::GLOBAL)),
            "a global marker without a global fixed point"
        );
        assert!(svg.matches("<rect").count() >= 256, "the heat map cells");
        assert!(
            (frame.plot.width as i32 - frame.plot.height as i32).abs() <= 2,
            "{frame:?}"
        );
        let (x, y) = frame
            .to_plane(
                frame.plot.left as f64 + frame.plot.width as f64 / 2.0,
                frame.plot.top as f64 + frame.plot.height as f64 / 4.0,
            )
            .unwrap();
        assert!(x.abs() < 0.05 && (y - 1.5).abs() < 0.05, "{x} {y}");
        let (px, py) = frame.to_pixel(x, y);
        let back = frame.to_plane(px, py).unwrap();
        assert!((back.0 - x).abs() < 1e-4 && (back.1 - y).abs() < 1e-4);
        assert!(frame.to_plane(0.0, 0.0).is_none());
    }

    #[test]
    fn blit_receives_the_plot_area_once() {
        let energy = bowl(8, 8);
        let scene = LandscapeScene {
            x_range: (-1.0, 1.0),
            y_range: (-1.0, 1.0),
            energy: &energy,
            grid_width: 8,
            grid_height: 8,
            basins: None,
            patterns: &[],
            fixed_points: &[],
            trajectory: &[],
            axis_labels: ("u", "v"),
        };
        let mut svg = String::new();
        let mut calls = Vec::new();
        let mut blit = |rect: PixelRect, px: &[u8]| {
            calls.push((rect, px.len()));
            Ok(())
        };
        let frame = {
            let area = SVGBackend::with_string(&mut svg, (400, 320)).into_drawing_area();
            draw_landscape(&area, &scene, Some(&mut blit)).unwrap()
        };
        assert_eq!(calls.len(), 1);
        let (rect, len) = calls[0];
        assert_eq!(rect, frame.plot);
        assert_eq!(len, (rect.width * rect.height * 4) as usize);
        assert!(
            svg.matches("<rect").count() < 200,
            "the heat map was not drawn cell by cell"
        );
    }
}
