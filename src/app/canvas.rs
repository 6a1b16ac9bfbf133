//! The thin adapter between a `<canvas>` and the plot functions: a component that re-draws
//! whenever a signal read by its `draw` closure changes.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::plots::PlotResult;

/// A plotters drawing area on a browser canvas.
pub type CanvasArea = DrawingArea<CanvasBackend, Shift>;

/// A canvas of `width`×`height` pixels, drawn by `draw` inside an effect so that it re-draws
/// when the signals it reads change. `label` is the text alternative for screen readers; a
/// drawing failure is shown as text under the canvas, never as a panic.
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
    let node = NodeRef::<Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = node.get() else { return };
        let outcome = match CanvasBackend::with_canvas_object(canvas) {
            Some(backend) => draw(&backend.into_drawing_area()).map_err(|e| e.to_string()),
            None => Err("this browser gave no 2-D canvas context".to_string()),
        };
        failure.set(outcome.err());
    });
    view! {
        <canvas node_ref=node width=width height=height role="img" aria-label=move || label.get()></canvas>
        {move || failure.get().map(|msg| view! { <p class="plot-error" data-testid="notice">{msg}</p> })}
    }
}
