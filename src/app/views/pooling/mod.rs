//! Hopfield pooling at immune-repertoire scale (`?view=pooling`): bags of up to 300 000
//! receptor sequences, a few of which carry a motif, classified by attention pooling with a
//! learned query — one modern-Hopfield update with the sequences as stored patterns (DeepRC,
//! Widrich et al. 2020). Hopfield, mean and max pooling train side by side in a worker of the
//! view's own; the page shows their held-out AUC, where one bag's attention goes, and the
//! trained model at other β.

mod bag;
mod figures;
mod form;
mod run;

use crate::app::components::notice;
use leptos::prelude::*;

use crate::app::link;
use crate::engine::pooling::PoolConfig;
use crate::url_state::route::View;
use bag::BagAttention;
use figures::{BetaSweep, PoolCurves};
use form::{RunControls, SettingsForm};
use run::Run;

/// The pooling update and the read-out, as MathML (static markup: one string).
const FORMULAS: &str = concat!(
    r#"<math display="block" aria-label="p equals softmax of beta K transpose xi; z equals V p">"#,
    "<mi>p</mi><mo>=</mo><mi>softmax</mi><mo>(</mo><mi>β</mi><msup><mi>K</mi><mi>T</mi></msup>",
    "<mi>ξ</mi><mo>)</mo><mo>,</mo><mspace width=\"1em\"></mspace><mi>z</mi><mo>=</mo><mi>V</mi>",
    "<mi>p</mi></math>",
    r#"<math display="block" aria-label="the probability of a positive bag is the sigmoid of w transpose z plus c">"#,
    "<mi>P</mi><mo>(</mo><mtext>positive</mtext><mo>)</mo><mo>=</mo><mi>σ</mi><mo>(</mo>",
    "<msup><mi>w</mi><mi>T</mi></msup><mi>z</mi><mo>+</mo><mi>c</mi><mo>)</mo></math>",
);

/// The pooling view.
#[component]
pub fn Pooling() -> impl IntoView {
    let (initial, link_notes) = PoolConfig::from_query(&link::page_query());
    let run = Run::new(initial);
    on_cleanup(move || run.close());
    Effect::new(move |_| link::replace(View::Pooling, run.settings.get().to_query()));
    view! {
        <section class="pool-view" aria-label="Hopfield pooling">
            {notice::link_notices(link_notes)}
            <p class="hint pool-intro">
                "Each bag is one person's immune repertoire: N receptor sequences, of which a share w in a positive bag "
                "carry the motif (with substitutions), among decoys that carry part of it. Hopfield pooling stores the N "
                "sequences as patterns and retrieves with one learned query ξ; mean pooling is its β → 0 limit, max "
                "pooling the other extreme. All three train on the same bags, one bag a step."
            </p>
            <div class="controls learn-controls">
                <SettingsForm run=run />
                <RunControls run=run />
            </div>
            {move || run.failure.get().map(notice::run_stopped)}
            {move || run.refused.get().map(|m| notice::notice(format!("Not read: {m}.")))}
            <div class="panels learn-panels">
                <PoolCurves run=run />
                <BagAttention run=run />
                <BetaSweep run=run />
                <div class="panel formula" inner_html=FORMULAS></div>
            </div>
        </section>
    }
}
