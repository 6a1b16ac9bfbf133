//! The results table: one row per measured point, the keyboard's way to every number.

use leptos::prelude::*;

use crate::lab::capacity::{self as lab, ResultRow};
use crate::plots::capacity::series_colour;

/// The table of `rows`, with the data attributes the tests read; a row of series k is named
/// `names[k]` (short names: the engine's labels, cut to the column, made z² and z³ look
/// alike), its engine label in `data-model` and the tooltip.
#[component]
pub(super) fn Results(rows: RwSignal<Vec<ResultRow>>, names: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <div class="cap-table-wrap" tabindex="0" aria-label="results, one row per point">
            <table data-testid="capacity-results" data-rows=move || rows.with(Vec::len)>
                <thead>
                    <tr>
                        <th scope="col">"model"</th>
                        <th scope="col">"N"</th>
                        <th scope="col">"success"</th>
                        <th scope="col">"overlap"</th>
                        <th scope="col">"steps"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.get().into_iter().enumerate()
                        key=|(k, r)| (*k, r.series, r.point.n_patterns)
                        children=move |(_, row)| {
                            let c = series_colour(row.series);
                            let name = names
                                .with_untracked(|n| n.get(row.series).cloned())
                                .unwrap_or_else(|| row.model.clone());
                            let swatch = format!("background: rgb({}, {}, {})", c.0, c.1, c.2);
                            view! {
                                <tr
                                    data-model=row.model.clone()
                                    data-n=row.point.n_patterns
                                    data-d=row.dim
                                    data-success=lab::plain(row.point.success_rate)
                                    data-overlap=lab::plain(row.point.mean_overlap)
                                >
                                    <td class="cap-model" title=row.model.clone()><span class="swatch" style=swatch></span>{name}</td>
                                    <td>{row.point.n_patterns}</td>
                                    <td>{format!("{:.3}", row.point.success_rate)}</td>
                                    <td>{format!("{:.3}", row.point.mean_overlap)}</td>
                                    <td>{format!("{:.1}", row.point.mean_steps)}</td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
            {move || rows.with(Vec::is_empty).then(|| view! {
                <p class="cap-empty">"No points yet: press Run."</p>
            })}
        </div>
    }
}
