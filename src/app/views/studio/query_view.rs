//! The query as each kind of model sees it (greyscale with masked pixels 0 for the modern
//! network, ±1 with masked pixels −1 for the binary ones); dragging on the greyscale view masks
//! a rectangle.

use leptos::prelude::*;

use super::draw::capture;
use super::state::{Derived, Settings};
use crate::app::components::pixel_image::PixelImage;
use crate::engine::corruption::PixelRect;
use crate::lab::studio::query::Edit;

/// On-screen size of each query view, in CSS pixels.
const VIEW_PX: u32 = 84;

/// The pixel under a pointer event on a VIEW_PX-sized image of side×side pixels.
fn pixel_at(ev: &leptos::ev::PointerEvent, side: usize) -> (usize, usize) {
    let scale = side as f64 / VIEW_PX as f64;
    let clamp = |v: i32| ((v.max(0) as f64 * scale) as usize).min(side.saturating_sub(1));
    (clamp(ev.offset_x()), clamp(ev.offset_y()))
}

/// The rectangle spanned by two corner pixels (inclusive).
fn span(a: (usize, usize), b: (usize, usize)) -> PixelRect {
    PixelRect {
        x: a.0.min(b.0),
        y: a.1.min(b.1),
        width: a.0.abs_diff(b.0) + 1,
        height: a.1.abs_diff(b.1) + 1,
    }
}

/// Both views of the query; drag a rectangle on the greyscale one to mask it.
#[component]
pub fn QueryView(s: Settings, d: Derived) -> impl IntoView {
    let side = Signal::derive(move || d.set.with(|set| set.as_ref().map_or(1, |set| set.side)));
    let continuous = Signal::derive(move || {
        d.query
            .with(|q| q.as_ref().map(|q| q.continuous.clone()).unwrap_or_default())
    });
    let binary = Signal::derive(move || {
        d.query
            .with(|q| q.as_ref().map(|q| q.binary.clone()).unwrap_or_default())
    });
    let anchor = RwSignal::new(None::<(usize, usize)>);
    let current = RwSignal::new(None::<PixelRect>);
    let on_down = move |ev: leptos::ev::PointerEvent| {
        capture(&ev);
        let p = pixel_at(&ev, side.get_untracked());
        anchor.set(Some(p));
        current.set(Some(span(p, p)));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some(a) = anchor.get_untracked() {
            current.set(Some(span(a, pixel_at(&ev, side.get_untracked()))));
        }
    };
    let on_up = move |_: leptos::ev::PointerEvent| {
        if let (Some(_), Some(rect)) = (anchor.get_untracked(), current.get_untracked()) {
            s.edits.update(|e| e.push(Edit::MaskRect(rect)));
        }
        anchor.set(None);
        current.set(None);
    };
    let outline = move || {
        current.get().map(|r| {
            let px = VIEW_PX as f64 / side.get().max(1) as f64;
            format!(
                "left:{}px;top:{}px;width:{}px;height:{}px",
                r.x as f64 * px,
                r.y as f64 * px,
                r.width as f64 * px,
                r.height as f64 * px
            )
        })
    };
    view! {
        <div class="query-views">
            <figure>
                <div
                    class="rect-surface"
                    data-testid="query-rect"
                    on:pointerdown=on_down
                    on:pointermove=on_move
                    on:pointerup=on_up
                    on:pointercancel=move |_| { anchor.set(None); current.set(None); }
                >
                    <PixelImage values=continuous side=side size=VIEW_PX label="the query as the modern network sees it" />
                    {move || outline().map(|style| view! { <span class="drag-rect" style=style></span> })}
                </div>
                <figcaption>"modern (drag to mask)"</figcaption>
            </figure>
            <figure>
                <PixelImage values=binary side=side size=VIEW_PX label="the query as the binary networks see it" />
                <figcaption>"classic, dense"</figcaption>
            </figure>
        </div>
    }
}
