//! The thin adapter between a `<canvas>` and the plot functions: a component that re-draws
//! whenever a signal read by its `draw` closure changes.

use crate::app::components::notice;
use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{Clamped, JsCast};

use crate::app::shell::export::{Draw, plot_tools};
use crate::app::shell::present::plot_text_scale;
use crate::plots::landscape::{Blit, PixelRect};
use crate::plots::{PlotError, PlotResult, text};

/// A plotters drawing area on a browser canvas.
pub type CanvasArea = DrawingArea<CanvasBackend, Shift>;

/// A canvas of `width`×`height` pixels, drawn by `draw` inside an effect so that it re-draws
/// when the signals it reads change. `label` is the text alternative for screen readers; a
/// drawing failure is shown as text under the canvas, never as a panic. Its text scales with
/// presentation mode (see `plots::text`). Plots wide enough get
/// the export buttons (PNG at 2×, WebM recording), which re-use `draw`.
#[component]
pub fn PlotCanvas<F>(
    width: u32,
    height: u32,
    #[prop(into)] label: Signal<String>,
    draw: F,
) -> impl IntoView
where
    F: Fn(&CanvasArea) -> PlotResult + 'static,
{
    plot_canvas(width, height, label, Rc::new(draw))
}

/// The body of [`PlotCanvas`], not generic, so that its code exists once in the bundle rather
/// than once per plot.
fn plot_canvas(width: u32, height: u32, label: Signal<String>, draw: Draw) -> AnyView {
    let node = NodeRef::<Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    let on_screen = draw.clone();
    Effect::new(move |_| {
        let Some(canvas) = node.get() else { return };
        let scale = text_scale(&canvas);
        let outcome = match CanvasBackend::with_canvas_object(canvas) {
            Some(backend) => text::scaled(scale, || on_screen(&backend.into_drawing_area()))
                .map_err(|e| e.to_string()),
            None => Err("this browser gave no 2-D canvas context".to_string()),
        };
        failure.set(outcome.err());
    });
    view! {
        <div class="plot-canvas">
            <canvas node_ref=node width=width height=height role="img" aria-label=move || label.get()></canvas>
            {plot_tools(node, width, label, draw, failure)}
        </div>
        {move || failure.get().map(notice::plot_error)}
    }
    .into_any()
}

/// Runs `draw` on `canvas` with a plotters area and a [`Blit`] that puts RGBA pixels into the
/// canvas as one `ImageData` (heat maps: one call instead of a rectangle per cell).
/// (Not generic over what `draw` returns: one copy of this code in the bundle.)
pub fn draw_with_blit(
    canvas: &web_sys::HtmlCanvasElement,
    draw: &mut dyn FnMut(&CanvasArea, Blit) -> Result<(), PlotError>,
) -> Result<(), String> {
    let no_context = || "this browser gave no 2-D canvas context".to_string();
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        .ok_or_else(no_context)?;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or_else(no_context)?;
    let area = backend.into_drawing_area();
    let mut blit = |rect: PixelRect, pixels: &[u8]| -> Result<(), String> {
        let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            Clamped(pixels),
            rect.width,
            rect.height,
        )
        .map_err(|_| "could not make the heat map's image".to_string())?;
        context
            .put_image_data(&image, rect.left as f64, rect.top as f64)
            .map_err(|_| "could not draw the heat map".to_string())
    };
    text::scaled(text_scale(canvas), || draw(&area, &mut blit)).map_err(|e| e.to_string())
}

/// The scale of the plot text on `canvas` (see [`plot_text_scale`]); read inside a drawing
/// effect, it re-draws the plot when presentation mode changes.
fn text_scale(canvas: &web_sys::HtmlCanvasElement) -> f64 {
    let shown = canvas.get_bounding_client_rect().width();
    plot_text_scale(f64::from(canvas.width()), shown)
}

/// The backend pixel under a pointer event on `canvas` (the canvas may be scaled by CSS).
pub fn event_pixel(
    canvas: &web_sys::HtmlCanvasElement,
    ev: &web_sys::MouseEvent,
) -> Option<(f64, f64)> {
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let sx = canvas.width() as f64 / rect.width();
    let sy = canvas.height() as f64 / rect.height();
    Some((
        (ev.client_x() as f64 - rect.left()) * sx,
        (ev.client_y() as f64 - rect.top()) * sy,
    ))
}
