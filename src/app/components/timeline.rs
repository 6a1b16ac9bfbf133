//! Play, step (both ways), reset, a scrubber, the speed and the pace over the recorded
//! retrievals. Playback is only an index (`frame`) moved by one interval timer — from the time
//! elapsed since play was pressed, so the speed holds however slow a tick is — and the timer is
//! cleared on pause, on a change of speed or pace, and on cleanup.

use std::time::Duration;

use leptos::prelude::*;

use crate::lab::studio::playback::{
    Pace, format_speed, next_move_frame, previous_move_frame, speed_index,
};

/// Milliseconds between playback ticks.
const TICK_MS: u64 = 30;

/// The timeline over `total` frames of patterns of dimension `dim`; `frame`, `playing`,
/// `speed` (moves per second) and `pace` are shared with the panels.
#[component]
pub fn Timeline(
    frame: RwSignal<usize>,
    playing: RwSignal<bool>,
    speed: RwSignal<f32>,
    pace: RwSignal<Pace>,
    #[prop(into)] dim: Signal<usize>,
    #[prop(into)] total: Signal<usize>,
) -> impl IntoView {
    let per_step = Signal::derive(move || pace.get().frames_per_step(dim.get()));
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop_timer = move || {
        if let Some(Some(handle)) = timer.try_get_value() {
            handle.clear();
        }
        let _ = timer.try_set_value(None);
    };
    Effect::new(move |_| {
        stop_timer();
        let (rate, pace) = (speed.get(), pace.get());
        if !playing.get() {
            return;
        }
        let (start, t0) = (frame.get_untracked(), js_sys::Date::now());
        let tick = move || {
            let end = total.get_untracked();
            let next = pace.frame_after(start, js_sys::Date::now() - t0, rate);
            if next >= end {
                frame.set(end);
                playing.set(false);
            } else if next != frame.get_untracked() {
                frame.set(next);
            }
        };
        let handle = set_interval_with_handle(tick, Duration::from_millis(TICK_MS)).ok();
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
    let per_move = move || pace.get_untracked().frames_per_move();
    let on_step = move |_| {
        playing.set(false);
        let f = frame.get_untracked().min(total.get_untracked());
        frame.set(next_move_frame(f, per_move(), total.get_untracked()));
    };
    let on_back = move |_| {
        playing.set(false);
        let f = frame.get_untracked().min(total.get_untracked());
        frame.set(previous_move_frame(f, per_move()));
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
    let on_speed = move |ev| {
        if let Some(&v) = event_target_value(&ev)
            .parse::<usize>()
            .ok()
            .and_then(|i| pace.get_untracked().speeds().get(i))
        {
            speed.set(v);
        }
    };
    // Switching the pace keeps the playback position on the step axis and starts at that
    // pace's own default speed.
    let on_pace = move |ev| {
        let new = if event_target_checked(&ev) {
            Pace::Neuron
        } else {
            Pace::Sweep
        };
        let d = dim.get_untracked();
        let (old_per, new_per) = (
            pace.get_untracked().frames_per_step(d),
            new.frames_per_step(d),
        );
        let f = frame.get_untracked() as f64 * new_per as f64 / old_per as f64;
        pace.set(new);
        speed.set(new.default_speed(d));
        frame.set(f.round() as usize);
    };
    let shown = move || frame.get().min(total.get());
    let unit = move || match pace.get() {
        Pace::Sweep => "steps/s",
        Pace::Neuron => "neurons/s",
    };
    let position = move || {
        let (f, per) = (shown(), per_step.get());
        let steps = total.get().div_ceil(per);
        match pace.get() {
            Pace::Sweep => format!("step {} of {steps}", f / per),
            Pace::Neuron => format!("step {}/{steps} · neuron {}/{per}", f / per, f % per),
        }
    };
    view! {
        <div class="timeline" role="group" aria-label="Playback of the three retrievals">
            <div class="buttons">
                <button data-testid="play" on:click=on_play aria-pressed=move || playing.get().to_string()>
                    {move || if playing.get() { "❚❚ pause" } else { "▶ play" }}
                </button>
                <button data-testid="step-back" on:click=on_back aria-label="step back">"‹"</button>
                <button data-testid="step" on:click=on_step>"step ›"</button>
                <button data-testid="reset" on:click=on_reset>"« reset"</button>
            </div>
            <input
                type="range"
                class="scrubber"
                data-testid="timeline"
                aria-label="playback position"
                min="0"
                max=move || total.get().to_string()
                step="1"
                data-frame=shown
                data-frames=move || total.get()
                data-playing=move || playing.get().to_string()
                prop:value=move || shown().to_string()
                aria-valuetext=position
                on:input=on_scrub
            />
            <output class="position" data-testid="position">{position}</output>
            <label class="control speed">
                <span class="control-label">"speed"</span>
                <input
                    type="range"
                    data-testid="speed"
                    min="0"
                    max=move || pace.get().speeds().len() - 1
                    step="1"
                    data-speed=move || speed.get().to_string()
                    prop:value=move || speed_index(pace.get().speeds(), speed.get()).to_string()
                    aria-valuetext=move || format!("{} {}", format_speed(speed.get()), unit())
                    on:input=on_speed
                />
                <output>{move || format!("{} {}", format_speed(speed.get()), unit())}</output>
            </label>
            <label class="control pace" title="classic and dense: replay each sweep one neuron visit at a time">
                <input
                    type="checkbox"
                    data-testid="neuron-pace"
                    prop:checked=move || pace.get() == Pace::Neuron
                    on:change=on_pace
                />
                <span class="control-label">"neuron by neuron"</span>
            </label>
        </div>
    }
}
