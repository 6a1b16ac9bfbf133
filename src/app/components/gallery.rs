//! The gallery of stored patterns: one thumbnail per pattern, click to choose the target,
//! × to remove it. `data-count` is the number of stored patterns. It is also where image files
//! are dropped: `dropping` lights it up while files are dragged over the view.

use leptos::prelude::*;

use crate::app::components::pixel_image::PixelImage;
use crate::studio::set::StoredSet;
use crate::studio::verdict::x_sub;

/// The gallery over `set`; `target` is the chosen pattern, `on_remove` drops pattern μ;
/// `dropping` says that files are being dragged over the view.
#[component]
pub fn Gallery(
    set: Memo<Result<StoredSet, String>>,
    target: RwSignal<usize>,
    on_remove: Callback<usize>,
    #[prop(into)] dropping: Signal<bool>,
) -> impl IntoView {
    let count = Memo::new(move |_| set.with(|s| s.as_ref().map_or(0, StoredSet::count)));
    let labels =
        Memo::new(move |_| set.with(|s| s.as_ref().map(|s| s.labels.clone()).unwrap_or_default()));
    let side = Signal::derive(move || set.with(|s| s.as_ref().map_or(1, |s| s.side)));
    let thumb = move |(mu, label): (usize, String)| {
        let values = Signal::derive(move || {
            set.with(|s| {
                s.as_ref()
                    .ok()
                    .and_then(|s| s.continuous.get(mu).ok().map(<[f32]>::to_vec))
                    .unwrap_or_default()
            })
        });
        let name = format!("{} {label}", x_sub(mu));
        view! {
            <li class:selected=move || target.get() == mu>
                <button
                    class="thumb"
                    data-testid="pattern-thumb"
                    aria-pressed=move || (target.get() == mu).to_string()
                    title=format!("use {name} as the target")
                    on:click=move |_| target.set(mu)
                >
                    <PixelImage values=values side=side size=40 label=format!("stored pattern {name}") />
                    <span class="thumb-name">{name.clone()}</span>
                </button>
                <button
                    class="remove"
                    title=format!("remove {name}")
                    aria-label=format!("remove {name}")
                    on:click=move |_| on_remove.run(mu)
                >"×"</button>
            </li>
        }
    };
    view! {
        <div
            class="gallery"
            class:dropping=move || dropping.get()
            data-testid="pattern-gallery"
            data-count=move || count.get()
            data-dropping=move || dropping.get().to_string()
        >
            <h2>{move || format!("Stored patterns (N = {}): click one to make it the target", count.get())}</h2>

            <ul>{move || labels.get().into_iter().enumerate().map(thumb).collect_view()}</ul>
        </div>
    }
}
