//! The studio's left-hand controls: where the patterns come from (source, resolution, N,
//! threshold, seed, upload) and how the query is damaged.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::state::Settings;
use super::upload::{self, MAX_EXTRAS, MAX_FILES_AT_ONCE};
use crate::lab::studio::library::{MAX_RANDOM_COUNT, SIDES, Source};
use crate::lab::studio::presets;
use crate::lab::studio::query::{self, Edit};
use crate::url_state::decimal::Decimal;

/// Reads every file (picker or drop) one after the other and adds the decoded images as stored
/// patterns; the notice names each file that could not be added and why (those leave the
/// patterns as they were). More files than [`MAX_FILES_AT_ONCE`], or than there is room for
/// under [`MAX_EXTRAS`], are refused as a whole with the limit named.
pub fn add_files(s: Settings, files: Vec<web_sys::File>) {
    if files.is_empty() {
        s.notice.set(Some(upload::NO_FILES.into()));
        return;
    }
    let room = MAX_EXTRAS.saturating_sub(s.extras.with_untracked(Vec::len));
    if files.len() > MAX_FILES_AT_ONCE || files.len() > room {
        s.notice.set(Some(format!(
            "{} files: add at most {MAX_FILES_AT_ONCE} at a time, and at most {MAX_EXTRAS} in all \
             (room for {room} more); nothing was added",
            files.len()
        )));
        return;
    }
    s.notice.set(None);
    spawn_local(async move {
        let mut problems = Vec::new();
        for file in files {
            match upload::decode(&file).await {
                Ok(image) => s.extras.update(|x| x.push((file.name(), image))),
                Err(msg) => problems.push(msg),
            }
        }
        if !problems.is_empty() {
            s.notice.set(Some(problems.join("; ")));
        }
    });
}

fn parse<T: Decimal>(ev: &leptos::ev::Event) -> Option<T> {
    T::parse_decimal(&event_target_value(ev))
}

/// A finite number from the control (Rust parses "NaN" and "inf", which must never reach
/// the state or the screen).
fn parse_finite(ev: &leptos::ev::Event) -> Option<f32> {
    parse::<f32>(ev).filter(|v| v.is_finite())
}

/// Source, resolution, N, threshold, seed and the upload picker.
#[component]
pub fn SourceControls(s: Settings) -> impl IntoView {
    let reset_source = move || {
        s.removed.set(Vec::new());
        s.order.set(Vec::new());
        s.target.set(0);
    };
    let on_upload = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            add_files(s, upload::files_of(input.files()));
            input.set_value("");
        }
    };
    let chosen = Memo::new(move |_| presets::slug_of(&s.to_link()).unwrap_or(""));
    view! {
        <div class="source-controls">
            <label class="control">
                <span class="control-label">"preset"</span>
                <select data-testid="studio-preset" on:change=move |ev| {
                    if let Some(p) = presets::preset(&event_target_value(&ev)) {
                        s.apply(&p);
                    }
                }>
                    <option value="" selected=move || chosen.get().is_empty()>"— your own settings —"</option>
                    {presets::PRESETS.into_iter().map(|(slug, title)| view! {
                        <option value=slug selected=move || chosen.get() == slug>{title}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="control">
                <span class="control-label">"patterns"</span>
                <select data-testid="source-select" on:change=move |ev| {
                    if let Some(src) = Source::from_slug(&event_target_value(&ev)) {
                        s.source.set(src);
                        s.count.set(src.default_count());
                        reset_source();
                    }
                }>
                    {Source::ALL.into_iter().map(|src| view! {
                        <option value=src.slug() selected=move || s.source.get() == src>{src.title()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="control">
                <span class="control-label">"resolution"</span>
                <select data-testid="resolution" on:change=move |ev| {
                    if let Some(side) = parse::<usize>(&ev).filter(|v| SIDES.contains(v)) {
                        s.side.set(side);
                    }
                }>
                    {SIDES.into_iter().map(|side| view! {
                        <option value=side selected=move || s.side.get() == side>{format!("{side}×{side}")}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="control">
                <span class="control-label">"N"</span>
                <input type="number" data-testid="count" min="1"
                    max=move || s.source.get().size().unwrap_or(MAX_RANDOM_COUNT)
                    prop:value=move || s.count.get().to_string()
                    on:change=move |ev| { if let Some(n) = parse::<usize>(&ev) {
                        let max = s.source.get_untracked().size().unwrap_or(MAX_RANDOM_COUNT);
                        s.count.set(n.clamp(1, max));
                        reset_source();
                    } }
                />
            </label>
            <label class="control">
                <span class="control-label">"seed"</span>
                <input type="number" data-testid="seed" min="0"
                    prop:value=move || s.seed.get().to_string()
                    on:change=move |ev| { if let Some(v) = parse::<u64>(&ev) { s.seed.set(v) } }
                />
            </label>
            <label class="control">
                <span class="control-label" title="binary models see +1 above the threshold, −1 below">
                    "binarise at"
                </span>
                <input type="range" data-testid="threshold" min="-1" max="255" step="1"
                    prop:value=move || s.threshold.get().map_or(-1.0, |t| t).to_string()
                    on:input=move |ev| { if let Some(t) = parse_finite(&ev) {
                        s.threshold.set((t >= 0.0).then_some(t));
                    } }
                />
                <output>{move || s.threshold.get().map_or("image mean".to_string(), |t| format!("grey {t:.0}"))}</output>
            </label>
            <label class="control upload">
                <span class="control-label">"add images (or drop them on the patterns)"</span>
                <input type="file" data-testid="upload" accept="image/*" multiple on:change=on_upload />
            </label>
        </div>
    }
}

/// Buttons that damage the query, and the list of damages applied so far.
#[component]
pub fn QueryTools(s: Settings, children: Children) -> impl IntoView {
    let fraction = RwSignal::new(0.2f32);
    let add = move |edit: Edit| s.edits.update(|e| query::add_edit(e, edit));
    view! {
        <div class="query-tools" role="group" aria-label="Damage the query">
            <h2>"Query: damage the target"</h2>
            {children()}
            <div class="buttons">
                <button data-testid="mask-lower-half" on:click=move |_| add(Edit::MaskLowerHalf)>"mask lower half"</button>
                <button data-testid="mask-random" on:click=move |_| add(Edit::MaskRandom(fraction.get_untracked()))>"mask pixels"</button>
                <button data-testid="flip" on:click=move |_| add(Edit::Flip(fraction.get_untracked()))>"flip signs"</button>
                <button data-testid="noise" on:click=move |_| add(Edit::Noise(fraction.get_untracked() * 2.0))>"add noise"</button>
                <button data-testid="clear-query" on:click=move |_| s.edits.set(Vec::new())>"clean"</button>
            </div>
            <label class="control">
                <span class="control-label">"amount"</span>
                <input type="range" data-testid="amount" min="0.05" max="0.5" step="0.05"
                    prop:value=move || fraction.get().to_string()
                    on:input=move |ev| { if let Some(v) = parse_finite(&ev) { fraction.set(v.clamp(0.0, 0.5)) } }
                />
                <output>{move || format!("{:.0} % · σ {:.1}", fraction.get() * 100.0, fraction.get() * 2.0)}</output>
            </label>
            <p class="edits" data-testid="edits">
                {move || {
                    let e = s.edits.get();
                    if e.is_empty() { "the clean target".to_string() } else {
                        e.iter().map(|x| x.describe()).collect::<Vec<_>>().join(", then ")
                    }
                }}
            </p>
        </div>
    }
}
