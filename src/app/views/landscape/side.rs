//! The side column of the 2-D section: the energy formula with live values, the fixed points
//! at this β and the dropped query's energies.

use leptos::prelude::*;

use super::analysis::point2;
use super::formula::{Formula, formula};
use super::legend::marker_icon;
use super::points_view::Points;
use crate::app::components::beta_slider::format_beta;

/// Energies listed for a query before "…".
const LISTED: usize = 12;

/// The side column.
#[component]
pub fn SidePanel(p: Points) -> impl IntoView {
    let (analysis, beta, descent) = (p.analysis, p.state.beta, p.descent);
    view! {
        <aside class="panel landscape-side" aria-label="Formula and fixed points">
            <h2>"Energy"</h2>
            {formula(Formula::Energy)}
            <p class="live">
                {move || analysis.with(|a| a.as_ref().ok().map(|a| {
                    let n = a.patterns.count();
                    let b = beta.get();
                    format!(
                        "N = {n}, d = 2, M = {:.2}, β = {}: β⁻¹ ln N = {:.3}, ½M² = {:.3}",
                        a.max_norm,
                        format_beta(b),
                        (n as f32).ln() / b,
                        0.5 * a.max_norm * a.max_norm
                    )
                }))}
            </p>
            <h2>"Fixed points at this β"</h2>
            <table class="fixed-points">
                <thead><tr><th scope="col">"kind"</th><th scope="col">"ξ*"</th><th scope="col">"E(ξ*)"</th><th scope="col">"k₉₀ / N"</th></tr></thead>
                <tbody>
                    {move || analysis.with(|a| a.as_ref().ok().map(|a| {
                        let n = a.patterns.count();
                        a.fixed.iter().map(|f| {
                            let p = point2(&f.state);
                            view! {
                                <tr class=format!("kind-{}", f.kind.name())>
                                    <td>{marker_icon(f.kind.name())}" "{f.kind.name()}</td>
                                    <td>{format!("({:.2}, {:.2})", p[0], p[1])}</td>
                                    <td>{format!("{:.3}", f.energy)}</td>
                                    <td>{format!("{} / {n}", f.k90)}</td>
                                </tr>
                            }
                        }).collect_view()
                    }))}
                </tbody>
            </table>
            <h2>"Query"</h2>
            {move || match descent.get() {
                None => view! { <p class="hint">"Choose “drop a query” and click the landscape."</p> }.into_any(),
                Some(Err(msg)) => view! { <p class="plot-error">{msg}</p> }.into_any(),
                Some(Ok(d)) => {
                    let start = d.states.first().copied().unwrap_or([0.0, 0.0]);
                    let end = d.states.last().copied().unwrap_or([0.0, 0.0]);
                    let steps = d.states.len().saturating_sub(1);
                    view! {
                        <p data-testid="landscape-query" data-steps=steps>
                            {format!(
                                "ξ = ({:.2}, {:.2}) → ({:.2}, {:.2}) in {steps} update{}{}",
                                start[0], start[1], end[0], end[1],
                                if steps == 1 { "" } else { "s" },
                                if d.converged { "" } else { " (not converged)" }
                            )}
                        </p>
                        <ol class="energies" start="0" aria-label="energy after each update">
                            {d.energies.iter().take(LISTED).enumerate().map(|(t, e)| view! {
                                <li>{format!("t = {t}: E = {e:.4}")}</li>
                            }).collect_view()}
                            {(d.energies.len() > LISTED).then(|| view! { <li class="more">"…"</li> })}
                        </ol>
                    }.into_any()
                }
            }}
        </aside>
    }
}
