//! The β sweep: a play button that raises β smoothly (log scale) from its low end to its high
//! end at animation speed, stepping slowly instead under reduced motion. The loop is one
//! requestAnimationFrame at a time and is cancelled on pause and on cleanup.

use leptos::prelude::*;

/// Play speed in decades of β per second, and the slower stepping under reduced motion.
const DECADES_PER_SECOND: f64 = 0.6;
const REDUCED_STEP_DECADES: f64 = 0.25;
const REDUCED_STEP_MS: f64 = 800.0;

/// Whether the user asked the system for reduced motion.
fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// The play loop's state; every field is a cheap handle.
#[derive(Clone, Copy)]
pub struct Player {
    beta: RwSignal<f32>,
    range: (f32, f32),
    pub playing: RwSignal<bool>,
    handle: StoredValue<Option<AnimationFrameRequestHandle>>,
    reduced: bool,
}

impl Player {
    /// A stopped player driving `beta` over `range`; stops itself when its owner is cleaned up.
    pub fn new(beta: RwSignal<f32>, range: (f32, f32)) -> Self {
        let player = Self {
            beta,
            range,
            playing: RwSignal::new(false),
            handle: StoredValue::new(None),
            reduced: prefers_reduced_motion(),
        };
        on_cleanup(move || player.stop());
        player
    }

    /// Starts (from the low end when β is already at the top) or stops the sweep.
    pub fn toggle(self) {
        if self.playing.get_untracked() {
            self.stop();
            return;
        }
        if self.beta.get_untracked() >= self.range.1 * 0.999 {
            self.beta.set(self.range.0);
        }
        self.playing.set(true);
        let now = js_sys::Date::now();
        self.schedule(now, now);
    }

    /// Stops the sweep.
    pub fn stop(self) {
        if let Some(Some(handle)) = self.handle.try_get_value() {
            handle.cancel();
        }
        self.handle.try_update_value(|h| *h = None);
        self.playing.try_set(false);
    }

    fn schedule(self, last: f64, last_step: f64) {
        let handle = request_animation_frame_with_handle(move || self.frame(last, last_step)).ok();
        self.handle.try_update_value(|h| *h = handle);
    }

    fn frame(self, last: f64, last_step: f64) {
        if self.playing.try_get_untracked() != Some(true) {
            return;
        }
        let Some(beta) = self.beta.try_get_untracked() else {
            return;
        };
        let now = js_sys::Date::now();
        let top = (self.range.1 as f64).log10();
        let mut exponent = (beta as f64).log10();
        let mut stepped = last_step;
        if self.reduced {
            if now - last_step >= REDUCED_STEP_MS {
                exponent += REDUCED_STEP_DECADES;
                stepped = now;
            }
        } else {
            exponent += (now - last).clamp(0.0, 100.0) / 1000.0 * DECADES_PER_SECOND;
        }
        let done = exponent >= top;
        self.beta.try_set(10f64.powf(exponent.min(top)) as f32);
        if done {
            self.stop();
        } else {
            self.schedule(now, stepped);
        }
    }
}

/// The play/pause button of `player` (`testid` is its test hook).
#[component]
pub fn PlayButton(player: Player, testid: &'static str) -> impl IntoView {
    let playing = player.playing;
    view! {
        <button
            type="button"
            class="play"
            data-testid=testid
            aria-pressed=move || playing.get().to_string()
            on:click=move |_| player.toggle()
        >
            {move || if playing.get() { "❚❚ pause" } else { "▶ sweep β" }}
        </button>
    }
}
