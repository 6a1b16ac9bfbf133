//! The stored patterns as a list the keyboard can edit: ξ₁ and ξ₂ of each point as number
//! fields, a remove button per point, an add button, and the live separation Δᵢ of each.

use leptos::prelude::*;

use super::formula::{Formula, formula};
use super::points_view::Points;
use super::slice::pattern_name;
use crate::engine::fixed_points::separation;
use crate::lab::landscape::settings::{COORD_LIMIT, MAX_POINTS};
use crate::url_state::decimal::Decimal;

/// The list of points.
#[component]
pub fn PointsEditor(p: Points) -> impl IntoView {
    let settings = p.state.settings;
    let count = Memo::new(move |_| settings.with(|s| s.points.len()));
    let set_coordinate = move |i: usize, axis: usize, raw: String| {
        let outcome = match f32::parse_decimal(raw.trim()) {
            Some(v) => settings
                .try_update(|s| s.set_coordinate(i, axis, v))
                .unwrap_or(Ok(())),
            None => Err(format!(
                "{} of {}: “{raw}” is not a number",
                if axis == 0 { "ξ₁" } else { "ξ₂" },
                pattern_name(i)
            )),
        };
        p.edit_error.set(outcome.err());
    };
    let add = move |_: web_sys::MouseEvent| {
        // A new point half-way between the view's centre and its top-right corner.
        let outcome = settings.try_update(|s| {
            let ((x0, x1), (y0, y1)) = s.view;
            s.add_point([0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1])
        });
        p.edit_error.set(outcome.and_then(|r| r.err()));
    };
    let row = move |i: usize| {
        let coord = move |axis: usize| {
            settings.with(|s| {
                s.points
                    .get(i)
                    .map(|q| format!("{:.2}", q[axis]))
                    .unwrap_or_default()
            })
        };
        let delta = move || {
            p.analysis.with(|a| {
                a.as_ref()
                    .ok()
                    .and_then(|a| separation(&a.patterns, i).ok())
                    .map(|d| {
                        if d.is_finite() {
                            format!("{d:.2}")
                        } else {
                            "∞".into()
                        }
                    })
                    .unwrap_or_default()
            })
        };
        let field = move |axis: usize| {
            let name = if axis == 0 { "ξ₁" } else { "ξ₂" };
            view! {
                <input
                    type="number"
                    step="0.1"
                    min=-COORD_LIMIT
                    max=COORD_LIMIT
                    aria-label=format!("{name} of {}", pattern_name(i))
                    data-testid=format!("point-{i}-{axis}")
                    prop:value=move || coord(axis)
                    on:change=move |ev| set_coordinate(i, axis, event_target_value(&ev))
                />
            }
        };
        view! {
            <tr>
                <th scope="row">{pattern_name(i)}</th>
                <td>{field(0)}</td>
                <td>{field(1)}</td>
                <td class="delta">{delta}</td>
                <td>
                    <button
                        type="button"
                        class="remove"
                        data-testid=format!("point-{i}-remove")
                        aria-label=format!("remove {}", pattern_name(i))
                        disabled=move || { count.get() <= 1 }
                        on:click=move |_| {
                            let outcome = settings.try_update(|s| s.remove_point(i));
                            p.edit_error.set(outcome.and_then(|r| r.err()));
                        }
                    >"×"</button>
                </td>
            </tr>
        }
    };
    view! {
        <section class="panel points-editor" aria-label="Stored patterns" data-testid="landscape-points">
            <h2>"Stored patterns"</h2>
            <table class="fixed-points">
                <thead><tr>
                    <th scope="col">"x"<sub>"μ"</sub></th><th scope="col">"ξ₁"</th><th scope="col">"ξ₂"</th>
                    <th scope="col">"Δ"<sub>"μ"</sub></th><th scope="col"><span class="sr-only">"remove"</span></th>
                </tr></thead>
                <tbody>{move || (0..count.get()).map(row).collect_view()}</tbody>
            </table>
            <button
                type="button"
                data-testid="point-add"
                disabled=move || { count.get() >= MAX_POINTS }
                on:click=add
            >"+ add a pattern"</button>
            {formula(Formula::Separation)}
            <p class="hint">"Δᵢ < 0: some xⱼ has xᵢᵀxⱼ > xᵢᵀxᵢ, so xᵢ never becomes a single-pattern fixed point."</p>
        </section>
    }
}
