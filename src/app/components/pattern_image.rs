//! A pattern shown as a small greyscale image on a canvas.

use leptos::prelude::*;

use crate::app::canvas::PlotCanvas;
use crate::plots::pattern_image::draw_pattern_image;

/// Draws `values` (side² entries, −1 black … +1 white) as a `size`-pixel square image.
#[component]
pub fn PatternImage(
    #[prop(into)] values: Signal<Vec<f32>>,
    side: usize,
    size: u32,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    view! {
        <PlotCanvas
            width=size
            height=size
            label=label
            draw=move |area| draw_pattern_image(area, &values.get(), side)
        />
    }
}
