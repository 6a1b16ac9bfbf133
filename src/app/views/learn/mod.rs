//! Heads that learn (`?view=learn`): a small transformer trained live in a worker of its own,
//! and its heads read as modern Hopfield networks at every snapshot — the L × H grid by class,
//! each head's k̄ and softmax Jacobian against step beside the loss, one head's attention, and
//! heads replaced by averaging. [P] §A.5.1.3 saw BERT's heads start by averaging and switch to
//! metastable and single-pattern states when the loss drops; this view lets a class watch it
//! happen in a minute, on tasks chosen so that the reason for the switch is visible.

mod charts;
mod form;
mod grid;
mod replace;
mod run;

use crate::app::components::notice;
use leptos::prelude::*;

use crate::app::link;
use crate::lab::learn::drops::loss_drops;
use crate::lab::learn::settings::LearnSettings;
use crate::url_state::route::View;
use charts::{DROPS, LearnAttention, LearnCharts};
use form::{RunControls, SettingsForm};
use grid::LearnGrid;
use replace::ReplacePanel;
use run::Run;

/// k90 and the Jacobian norm the figures show, as MathML (static markup: one string).
const FORMULAS: &str = concat!(
    r#"<math display="block" aria-label="k-bar is the median over query rows of the fewest weights summing to 0.9">"#,
    "<mover><mi>k</mi><mo>¯</mo></mover><mo>=</mo><munder><mi>median</mi><mi>rows</mi></munder><mspace width=\"0.3em\"></mspace>",
    "<mi>min</mi><mrow><mo>{</mo><mi>k</mi><mo>:</mo><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo>",
    "<mn>1</mn></mrow><mi>k</mi></munderover><msub><mi>p</mi><mrow><mo>(</mo><mi>i</mi><mo>)</mo>",
    "</mrow></msub><mo>≥</mo><mn>0.9</mn><mo>}</mo></mrow></math>",
    r#"<math display="block" aria-label="J equals the Frobenius norm of beta times diag p minus p p transpose">"#,
    "<mi>J</mi><mo>=</mo><msub><mrow><mo>‖</mo><mi>β</mi><mo>(</mo><mi>diag</mi><mo>(</mo><mi>p</mi>",
    "<mo>)</mo><mo>−</mo><mi>p</mi><msup><mi>p</mi><mi>T</mi></msup><mo>)</mo><mo>‖</mo></mrow>",
    "<mi>F</mi></msub></math>",
);

/// The learning view.
#[component]
pub fn Learn() -> impl IntoView {
    let (initial, link_notes) = LearnSettings::from_query(&link::page_query());
    let run = Run::new(initial);
    on_cleanup(move || run.close());
    Effect::new(move |_| link::replace(View::Learn, run.settings.get().to_query()));
    // A head chosen in the grid shows its attention at once (and after every snapshot).
    Effect::new(move |_| {
        if run.chosen.get().is_some() {
            run.ask_attention();
        }
    });
    let last = Memo::new(move |_| {
        run.history
            .with(|h| h.last().map(|s| s.heads.clone()).unwrap_or_default())
    });
    // Computed once a snapshot, for the reading and every figure.
    let drops = Memo::new(move |_| {
        run.history
            .with(|h| loss_drops(&h.steps(), &h.loss(), DROPS))
    });
    let reading = move || drops.with(|d| run.history.with(|h| h.reading(d)));
    view! {
        <section class="learn-view" aria-label="Heads that learn">
            {notice::link_notices(link_notes)}
            <div class="controls learn-controls">
                <SettingsForm run=run />
                <RunControls run=run />
            </div>
            {move || run.failure.get().map(notice::run_stopped)}
            <div class="panels learn-panels">
                <figure class="panel learn-grid-panel">
                    <h2>"Class of each head now"</h2>
                    {move || {
                        let (layers, heads, seq) = run.settings.with(|s| (s.config.layers, s.config.heads, s.config.seq));
                        view! { <LearnGrid layers=layers heads=heads seq=seq last=last chosen=run.chosen /> }
                    }}
                    <figcaption>
                        <ul class="learn-reading" data-testid="learn-reading">
                            {move || reading().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                        </ul>
                    </figcaption>
                    <div class="formula" inner_html=FORMULAS></div>
                </figure>
                <LearnCharts run=run drops=drops />
                <LearnAttention run=run />
                <ReplacePanel run=run />
            </div>
        </section>
    }
}
