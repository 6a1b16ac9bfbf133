//! One head's attention matrix softmax(β Q Kᵀ) as a heat map: query tokens (the states) down
//! the left, key tokens (the stored patterns) along the bottom, colour viridis of √p so that
//! the small weights of an averaging head stay visible. The chosen query row is outlined.
//!
//! As for the landscape, the cells are an image: [`matrix_pixels`] renders them at the plot
//! area's resolution and the caller's `blit` puts them on the canvas in one call; without a
//! `blit` (SVG in native tests) each cell is one rectangle.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::landscape::{Blit, PixelRect};
use super::text;
use super::tokens::{label_slots, short};
use super::{PlotError, PlotResult, colormap};

/// Space for the token labels and the axis description on the left and at the bottom.
const LABELS: u32 = 92;
/// Margin around the chart.
const MARGIN: u32 = 8;
/// Vertical pixels per token label at least (labels are thinned out to fit).
const LABEL_PITCH: i32 = 11;

/// What the heat map shows.
#[derive(Debug, Clone, Copy)]
pub struct AttentionScene<'a> {
    /// The T×T weights, row-major (row i = query token i).
    pub weights: &'a [f32],
    /// The T tokens.
    pub tokens: &'a [String],
    /// The outlined query row.
    pub row: Option<usize>,
}

/// The colour of weight `p`: viridis of √p (clamped to [0, 1]).
fn colour(p: f32) -> RGBColor {
    colormap::viridis(p.max(0.0).sqrt())
}

/// RGBA pixels (row-major, width×height) of the T×T `weights` stretched over `size`.
pub fn matrix_pixels(weights: &[f32], tokens: usize, (width, height): (usize, usize)) -> Vec<u8> {
    let mut out = Vec::with_capacity(width * height * 4);
    for y in 0..height {
        let row = y * tokens / height.max(1);
        for x in 0..width {
            let col = x * tokens / width.max(1);
            let RGBColor(r, g, b) = colour(weights.get(row * tokens + col).copied().unwrap_or(0.0));
            out.extend_from_slice(&[r, g, b, 255]);
        }
    }
    out
}

/// Draws `scene` on `area` (cells through `blit` when given, else cell by cell).
pub fn draw_attention_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scene: &AttentionScene,
    blit: Option<Blit>,
) -> PlotResult {
    let t = scene.tokens.len();
    if t == 0 || scene.weights.len() != t * t {
        return Err(PlotError(format!(
            "{} weights do not make a {t}×{t} attention matrix",
            scene.weights.len()
        )));
    }
    area.fill(&WHITE)?;
    let (width, height) = area.dim_in_pixel();
    let avail_w = width.saturating_sub(2 * MARGIN + LABELS) as i32;
    let avail_h = height.saturating_sub(2 * MARGIN + LABELS) as i32;
    let side = avail_w.min(avail_h).max(10);
    let mut chart = ChartBuilder::on(area)
        .margin_top(MARGIN)
        .margin_left(MARGIN)
        .margin_right(MARGIN + (avail_w - side).max(0) as u32)
        .margin_bottom(MARGIN + (avail_h - side).max(0) as u32)
        .x_label_area_size(LABELS)
        .y_label_area_size(LABELS)
        .build_cartesian_2d(0f32..t as f32, t as f32..0f32)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc("key token j (stored pattern)")
        .y_desc("query token i (state)")
        .label_style(text::font(12))
        .axis_desc_style(text::font(12))
        .draw()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    match blit {
        Some(blit) => {
            let rect = PixelRect {
                left: xr.start,
                top: yr.start,
                width: (xr.end - xr.start).max(1) as u32,
                height: (yr.end - yr.start).max(1) as u32,
            };
            let size = (rect.width as usize, rect.height as usize);
            blit(rect, &matrix_pixels(scene.weights, t, size)).map_err(PlotError)?;
        }
        None => {
            chart.draw_series(scene.weights.iter().enumerate().map(|(k, &p)| {
                let (i, j) = ((k / t) as f32, (k % t) as f32);
                Rectangle::new([(j, i), (j + 1.0, i + 1.0)], colour(p).filled())
            }))?;
        }
    }
    if let Some(row) = scene.row.filter(|&r| r < t) {
        let r = row as f32;
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, r), (t as f32, r + 1.0)],
            RGBColor(230, 40, 40).stroke_width(2),
        )))?;
    }
    // Token labels at the cell centres, thinned out to one per LABEL_PITCH pixels; the
    // outlined row's token is always among them.
    let (base_x, base_y) = area.get_base_pixel();
    let cell = (yr.end - yr.start) as f32 / t as f32;
    let chosen: Vec<bool> = (0..t).map(|i| Some(i) == scene.row).collect();
    let font = text::font(11);
    let left = font
        .clone()
        .color(&BLACK)
        .pos(Pos::new(HPos::Right, VPos::Center));
    let below = font
        .transform(FontTransform::Rotate90)
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for i in label_slots(t, cell, LABEL_PITCH as f32, &chosen) {
        let centre = (i as f32 + 0.5) * cell;
        let label = short(&scene.tokens[i]);
        let y = yr.start - base_y + centre as i32;
        area.draw(&Text::new(
            label.clone(),
            (xr.start - base_x - 4, y),
            left.clone(),
        ))?;
        let x = xr.start - base_x + centre as i32;
        area.draw(&Text::new(label, (x, yr.end - base_y + 4), below.clone()))?;
    }
    Ok(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn tokens(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("tok{i}")).collect()
    }

    #[test]
    fn draws_every_cell_and_labels_every_token_of_a_short_text() {
        let mut svg = String::new();
        let t = tokens(3);
        let weights = [1.0, 0.0, 0.0, 0.5, 0.5, 0.0, 0.2, 0.3, 0.5];
        {
            let area = SVGBackend::with_string(&mut svg, (360, 360)).into_drawing_area();
            let scene = AttentionScene {
                weights: &weights,
                tokens: &t,
                row: Some(1),
            };
            draw_attention_matrix(&area, &scene, None).unwrap();
        }
        assert!(svg.contains("key token j") && svg.contains("query token i"));
        for token in &t {
            let shown = svg.lines().filter(|l| l.trim() == token).count();
            assert_eq!(shown, 2, "{token} on both axes");
        }
        let yellow = colormap::viridis(1.0);
        let hex = format!("#{:02X}{:02X}{:02X}", yellow.0, yellow.1, yellow.2);
        assert_eq!(svg.matches(&hex).count(), 1, "one cell of weight 1");
    }

    #[test]
    fn long_texts_thin_their_labels_and_blit_once() {
        let t = tokens(140);
        let weights = vec![1.0 / 140.0; 140 * 140];
        let mut svg = String::new();
        let mut calls = Vec::new();
        {
            let area = SVGBackend::with_string(&mut svg, (480, 480)).into_drawing_area();
            let mut blit = |rect: PixelRect, px: &[u8]| {
                calls.push((rect, px.len()));
                Ok(())
            };
            let scene = AttentionScene {
                weights: &weights,
                tokens: &t,
                row: None,
            };
            draw_attention_matrix(&area, &scene, Some(&mut blit)).unwrap();
        }
        assert_eq!(calls.len(), 1);
        let (rect, len) = calls[0];
        assert_eq!(len, rect.width as usize * rect.height as usize * 4);
        let labels = svg.lines().filter(|l| l.trim().starts_with("tok")).count();
        assert!(labels > 20 && labels < 140, "{labels} labels");
        // The outlined row's token is labelled even where thinning would skip it.
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (480, 480)).into_drawing_area();
            let scene = AttentionScene {
                weights: &weights,
                tokens: &t,
                row: Some(1),
            };
            draw_attention_matrix(&area, &scene, None).unwrap();
        }
        assert_eq!(svg.lines().filter(|l| l.trim() == "tok1").count(), 2);
    }

    #[test]
    fn refuses_a_matrix_of_the_wrong_size() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (100, 100)).into_drawing_area();
        let t = tokens(2);
        let scene = AttentionScene {
            weights: &[1.0; 3],
            tokens: &t,
            row: None,
        };
        assert!(draw_attention_matrix(&area, &scene, None).is_err());
    }
}
