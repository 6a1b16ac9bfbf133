//! The β slider: a range input on a log₁₀ scale, because the interesting values of β span
//! several decades (global averaging at small β, single patterns at large β).

use leptos::prelude::*;

use crate::url_state::decimal::Decimal;

/// A log-scale slider for β between `min` and `max` (both > 0). Exposes the test hook
/// `testid` (by default `beta`, the view's main β) with `data-beta` = the current β in raw
/// units; `label` names what β belongs to. `band`, when given, marks a stretch (β_low, β_high)
/// under the track (hook `beta-band`, `data-band` = the two β).
#[component]
pub fn BetaSlider(
    beta: RwSignal<f32>,
    min: f32,
    max: f32,
    #[prop(default = "beta")] testid: &'static str,
    #[prop(default = "inverse temperature β")] label: &'static str,
    #[prop(optional, into)] band: Option<Signal<Option<(f32, f32)>>>,
) -> impl IntoView {
    let (lo, hi) = (min.log10(), max.log10());
    // The track runs between the thumb's centres, about 8 px in from either end.
    let at = move |b: f32| {
        format!(
            "calc(8px + (100% - 16px) * {})",
            (b.log10() - lo) / (hi - lo)
        )
    };
    let band = band.map(|band| {
        view! {
            <span class="beta-band" data-testid="beta-band"
                data-band=move || band.get().map(|(a, b)| format!("{},{}", format_beta(a), format_beta(b)))
                title=move || band.get().map(|(a, b)| format!(
                    "shaded: one update turns the blurred average into one pattern between β = {} and {}",
                    format_beta(a), format_beta(b)))>
                {move || band.get().map(|(a, b)| view! {
                    <span style=format!("left: {}; width: calc({} - {})", at(a), at(b), at(a))></span>
                })}
            </span>
        }
    });
    let on_input = move |ev| {
        if let Some(exponent) = f32::parse_decimal(&event_target_value(&ev))
            && exponent.is_finite()
        {
            beta.set(10f32.powf(exponent.clamp(lo, hi)));
        }
    };
    view! {
        <label class="control">
            <span class="control-label">{label}</span>
            <input
                type="range"
                data-testid=testid
                min=lo
                max=hi
                step="0.01"
                data-beta=move || format_beta(beta.get())
                prop:value=move || beta.get().log10().to_string()
                on:input=on_input
                aria-valuetext=move || format!("β = {}", format_beta(beta.get()))
            />
            <output class="control-value">{move || format!("β = {}", format_beta(beta.get()))}</output>
            {band}
        </label>
    }
}

/// β with three significant digits, as a plain decimal when that is readable.
pub fn format_beta(beta: f32) -> String {
    if (0.01..10_000.0).contains(&beta) {
        let digits = (2 - beta.log10().floor() as i32).max(0) as usize;
        format!("{beta:.digits$}")
    } else {
        format!("{beta:.2e}")
    }
}
