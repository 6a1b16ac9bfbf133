//! Play, step, reset and a scrubber over the recorded retrievals. Playback is only an index
//! (`frame`) advanced by one interval timer that is cleared on pause and on cleanup.

use std::time::Duration;

use leptos::prelude::*;

use crate::studio::playback::{FRAMES_PER_STEP, next_step_frame};

/// Milliseconds between animation frames.
const FRAME_MS: u64 = 60;

/// The timeline over `total` frames; `frame` and `playing` are shared with the panels.
#[component]
pub fn Timeline(
    frame: RwSignal<usize>,
    playing: RwSignal<bool>,
    #[prop(into)] total: Signal<usize>,
) -> impl IntoView {
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop_timer = move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
        let _ = timer.try_set_value(None);
    };
    Effect::new(move |_| {
        stop_timer();
        if !playing.get() {
            return;
        }
        let tick = move || {
            let (f, end) = (frame.get_untracked(), total.get_untracked());
            if f >= end {
                playing.set(false);
            } else {
                frame.set(f + 1);
            }
        };
        let handle = set_interval_with_handle(tick, Duration::from_millis(FRAME_MS)).ok();
        let _ = timer.try_set_value(handle);
    });
    on_cleanup(stop_timer);

    let on_play = move |_| {
        if playing.get_untracked() {
            playing.set(false);
        } else {
            if frame.get_untracked() >= total.get_untracked() {
                frame.set(0);
            }
            playing.set(true);
        }
    };
    let on_step = move |_| {
        playing.set(false);
        frame.set(next_step_frame(
            frame.get_untracked(),
            total.get_untracked(),
        ));
    };
    let on_reset = move |_| {
        playing.set(false);
        frame.set(0);
    };
    let on_scrub = move |ev| {
        if let Ok(f) = event_target_value(&ev).parse::<usize>() {
            playing.set(false);
            frame.set(f.min(total.get_untracked()));
        }
    };
    let shown = move || frame.get().min(total.get());
    view! {
        <div class="timeline" role="group" aria-label="Playback of the three retrievals">
            <button data-testid="play" on:click=on_play aria-pressed=move || playing.get().to_string()>
                {move || if playing.get() { "❚❚ pause" } else { "▶ play" }}
            </button>
            <button data-testid="step" on:click=on_step>"step ›"</button>
            <button data-testid="reset" on:click=on_reset>"« reset"</button>
            <input
                type="range"
                data-testid="timeline"
                aria-label="playback position"
                min="0"
                max=move || total.get().to_string()
                step="1"
                data-frame=shown
                data-frames=move || total.get()
                data-playing=move || playing.get().to_string()
                prop:value=move || shown().to_string()
                on:input=on_scrub
            />
            <output>{move || format!("step {:.2}", shown() as f32 / FRAMES_PER_STEP as f32)}</output>
        </div>
    }
}
