//! The gallery of stored patterns: one thumbnail per pattern, click to choose the target,
//! × to remove it, drag (mouse, pen or touch) or Alt+←/→ to move it; a bar marks where a
//! dragged thumbnail will land and each move is announced to screen readers. `data-count` is
//! the number of stored patterns. It is also where image files are dropped: `dropping` lights
//! it up while files are dragged over the view.

use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::components::pixel_image::PixelImage;
use crate::lab::studio::order::drop_position;
use crate::lab::studio::set::StoredSet;
use crate::lab::studio::verdict::x_sub;

/// Pointer travel (CSS pixels) before a press on a thumbnail becomes a drag.
const DRAG_START_PX: i32 = 6;

/// A press on thumbnail `from`, and once it travelled, the gap it would drop into.
#[derive(Clone, Copy)]
struct Drag {
    from: usize,
    at: (i32, i32),
    slot: Option<usize>,
}

/// The gap under the pointer: before or after the thumbnail under it, by which half it is on.
fn slot_at(ev: &PointerEvent) -> Option<usize> {
    let (x, y) = (ev.client_x(), ev.client_y());
    let li = document()
        .element_from_point(x as f32, y as f32)?
        .closest(".gallery li[data-pos]")
        .ok()??;
    let pos: usize = li.get_attribute("data-pos")?.parse().ok()?;
    let rect = li.get_bounding_client_rect();
    Some(pos + usize::from(f64::from(x) > rect.left() + rect.width() / 2.0))
}

/// Marks the dragged thumbnail (`data-drag`) and the gap it would drop into (`data-drop` on
/// the thumbnail after it, or `after` on the last), straight on the DOM: the list is not
/// re-rendered while a drag lasts. `None` clears the marks.
fn mark(drag: Option<Drag>) {
    let Ok(items) = document().query_selector_all(".gallery li[data-pos]") else {
        return;
    };
    let n = items.length() as usize;
    // No bar where dropping changes nothing.
    let gap = drag.and_then(|d| d.slot.filter(|&s| s != d.from && s != d.from + 1));
    for i in 0..n {
        let Some(li) = items
            .item(i as u32)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        let dragged = drag.is_some_and(|d| d.from == i && d.slot.is_some());
        let drop = match gap {
            Some(g) if g == i => Some("before"),
            Some(g) if g == n && i + 1 == n => Some("after"),
            _ => None,
        };
        let _ = if dragged {
            li.set_attribute("data-drag", "")
        } else {
            li.remove_attribute("data-drag")
        };
        let _ = match drop {
            Some(side) => li.set_attribute("data-drop", side),
            None => li.remove_attribute("data-drop"),
        };
    }
}

/// Moves keyboard focus to the thumbnail at `pos` once the gallery has re-rendered.
fn focus_thumb(pos: usize) {
    request_animation_frame(move || {
        let thumb = document()
            .query_selector_all("[data-testid=pattern-thumb]")
            .ok()
            .and_then(|list| list.item(pos as u32))
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(thumb) = thumb {
            let _ = thumb.focus();
        }
    });
}

/// The gallery over `set`; `target` is the chosen pattern, `on_remove` drops pattern μ,
/// `on_move` moves the pattern at one position to another; `dropping` says that files are
/// being dragged over the view.
#[component]
pub fn Gallery(
    set: Memo<Result<StoredSet, String>>,
    target: RwSignal<usize>,
    on_remove: Callback<usize>,
    on_move: Callback<(usize, usize)>,
    #[prop(into)] dropping: Signal<bool>,
) -> impl IntoView {
    let count = Memo::new(move |_| set.with(|s| s.as_ref().map_or(0, StoredSet::count)));
    let labels =
        Memo::new(move |_| set.with(|s| s.as_ref().map(|s| s.labels.clone()).unwrap_or_default()));
    let side = Signal::derive(move || set.with(|s| s.as_ref().map_or(1, |s| s.side)));
    let drag = StoredValue::new(None::<Drag>);
    // A drag ends with a pointerup the browser follows with a click; that click is not a choice.
    let dragged = StoredValue::new(false);
    let announce = RwSignal::new(String::new());
    let move_to = move |from: usize, to: usize| {
        let n = count.get_untracked();
        if from == to || to >= n {
            return;
        }
        let label = labels.with_untracked(|l| l.get(from).cloned().unwrap_or_default());
        on_move.run((from, to));
        announce.set(format!(
            "{label} moved to position {} of {n}, now {}",
            to + 1,
            x_sub(to)
        ));
    };
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
        let on_down = move |ev: PointerEvent| {
            if ev.is_primary() && ev.button() == 0 {
                dragged.set_value(false);
                drag.set_value(Some(Drag {
                    from: mu,
                    at: (ev.client_x(), ev.client_y()),
                    slot: None,
                }));
                if let Some(el) = ev
                    .current_target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = el.set_pointer_capture(ev.pointer_id());
                }
            }
        };
        let on_pointer_move = move |ev: PointerEvent| {
            let Some(d) = drag.get_value().filter(|d| d.from == mu) else {
                return;
            };
            let travel = (ev.client_x() - d.at.0).abs() + (ev.client_y() - d.at.1).abs();
            if d.slot.is_some() || travel >= DRAG_START_PX {
                let slot = slot_at(&ev).or(d.slot).unwrap_or(mu);
                let d = Some(Drag {
                    slot: Some(slot),
                    ..d
                });
                drag.set_value(d);
                mark(d);
            }
        };
        let on_up = move |_: PointerEvent| {
            if let Some(Drag {
                from,
                slot: Some(slot),
                ..
            }) = drag.get_value()
            {
                dragged.set_value(true);
                move_to(from, drop_position(from, slot));
            }
            drag.set_value(None);
            mark(None);
        };
        let on_key = move |ev: KeyboardEvent| {
            let to = match (ev.alt_key(), ev.key().as_str()) {
                (true, "ArrowLeft" | "ArrowUp") => mu.checked_sub(1),
                (true, "ArrowRight" | "ArrowDown") => Some(mu + 1),
                _ => None,
            };
            if let Some(to) = to.filter(|&to| to < count.get_untracked()) {
                ev.prevent_default();
                move_to(mu, to);
                focus_thumb(to);
            }
        };
        view! {
            <li data-pos=mu class:selected=move || target.get() == mu>
                <button
                    class="thumb"
                    data-testid="pattern-thumb"
                    aria-pressed=move || (target.get() == mu).to_string()
                    aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight"
                    title=format!("use {name} as the target; drag or Alt+←/→ to move it")
                    on:click=move |_| {
                        if !dragged.get_value() {
                            target.set(mu);
                        }
                        dragged.set_value(false);
                    }
                    on:pointerdown=on_down
                    on:pointermove=on_pointer_move
                    on:pointerup=on_up
                    on:pointercancel=move |_| {
                        drag.set_value(None);
                        mark(None);
                    }
                    on:keydown=on_key
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
            <h2>{move || format!("Stored patterns (N = {}): click one to make it the target, drag or Alt+←/→ to reorder", count.get())}</h2>
            <ul>{move || labels.get().into_iter().enumerate().map(thumb).collect_view()}</ul>
            <p class="sr-only" aria-live="polite">{move || announce.get()}</p>
        </div>
    }
}
