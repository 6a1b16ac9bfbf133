//! Real transformer heads as Hopfield networks (`?view=heads`): the 72 heads of
//! all-MiniLM-L6-v2 on a shipped text or on the user's own (the model runs in a compute
//! worker), each classified by the median k90 of its attention rows ([P] §4), per-layer class
//! histograms as in the paper's figure, one head's attention matrix and one query row as a
//! retrieval, a β multiplier that re-classifies every head live, the gradient per head, and
//! heads replaced by averaging. The shipped queries and keys are fetched lazily, the model's
//! weights only when first needed; all head numbers are computed here from queries and keys.

mod classify;
mod detail;
mod gradient;
mod grid;
mod live;
mod load;
mod own;
mod replace;

use crate::app::components::notice;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::{BetaSlider, format_beta};
use crate::app::link;
use crate::lab::heads::analysis::{HeadClass, HeadSummary, class_histogram, model_beta};
use crate::lab::heads::asset::HeadsText;
use crate::lab::heads::link::{HeadsLink, MULTIPLIER};
use crate::lab::heads::own::{cut, detokenize, precheck_text};
use crate::lab::heads::reading::{interpretation, legend_note};
use crate::plots::head_classes::{class_css, draw_class_histogram};
use crate::url_state::route::View;
use classify::Driver;
use detail::{Detail, HeadDetail};
use gradient::GradientPanels;
use grid::{Colouring, GridColours, HeadsGrid, MARK};
use live::Live;
use load::{HEAD_DIM, HEADS, LAYERS, Load, load};
use own::OwnText;
use replace::ReplacePanel;

/// The classifier's key of the first own text (later passes count up from it): apart from the
/// shipped texts' indices, so a new pass is never taken for a text already classified.
const OWN_KEY: usize = 1 << 20;
/// The update and k90 as MathML: static markup, so it is one string rather than a tree of
/// typed view nodes (the bundle-size budget is tight).
const FORMULAS: &str = concat!(
    r#"<math display="block" aria-label="p equals softmax of beta K q, beta equals m over root d k">"#,
    "<mi>p</mi><mo>=</mo><mi>softmax</mi><mo>(</mo><mi>β</mi><mi>K</mi><mi>q</mi><mo>)</mo>",
    r#"<mo>,</mo><mspace width="0.6em"></mspace><mi>β</mi><mo>=</mo><mi>m</mi><mo>·</mo>"#,
    "<mfrac><mn>1</mn><msqrt><msub><mi>d</mi><mi>k</mi></msub></msqrt></mfrac></math>",
    r#"<math display="block" aria-label="k90 is the smallest k whose k largest weights sum to at least 0.9">"#,
    "<msub><mi>k</mi><mn>90</mn></msub><mo>=</mo><mi>min</mi><mrow><mo>{</mo><mi>k</mi><mo>:</mo>",
    "<munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>k</mi></munderover>",
    "<msub><mi>p</mi><mrow><mo>(</mo><mi>i</mi><mo>)</mo></mrow></msub><mo>≥</mo><mn>0.9</mn>",
    "<mo>}</mo></mrow></math>",
);
/// Histogram canvas size (pixels).
const HISTOGRAM_SIZE: (u32, u32) = (420, 240);

/// Every head's summary for one text at one β.
#[derive(Debug, Clone, PartialEq)]
pub struct Classified {
    /// The classifier's key of the text (a shipped text's index, or an own text's key).
    pub text: usize,
    /// The raw β of the summaries.
    pub beta: f32,
    /// Layer-major summaries.
    pub summaries: Vec<HeadSummary>,
}

/// The heads view.
#[component]
pub fn Heads() -> impl IntoView {
    let asset = RwSignal::new(Load::Loading);
    spawn_local(async move {
        asset.try_set(load().await);
    });
    // The shipped texts, shared with the classifier without copying.
    let shipped = Memo::new(move |_| match asset.get() {
        Load::Ready(a) => a.texts.iter().cloned().map(Arc::new).collect::<Vec<_>>(),
        _ => Vec::new(),
    });
    // The link the page was opened with sets the view; the view rewrites the link.
    let (initial, link_notes) = HeadsLink::from_query(&link::page_query(), LAYERS, HEADS);
    let text = RwSignal::new(initial.text);
    let showing_own = RwSignal::new(initial.own.is_some());
    // The own text as the link carries it: the one analysed, or the link's until it is.
    let own_link = RwSignal::new(initial.own.clone());
    let own = RwSignal::new(None::<(usize, Arc<HeadsText>)>);
    let draft = RwSignal::new(initial.own.clone().unwrap_or_default());
    let own_notice = RwSignal::new(None::<String>);
    let base_beta = model_beta(HEAD_DIM);
    let beta = RwSignal::new(base_beta * initial.multiplier);
    let selected = RwSignal::new(initial.head.map(|(l, h)| (l - 1) * HEADS + h - 1));
    let query_row = RwSignal::new(initial.row);
    let colouring = RwSignal::new(Colouring::Class);
    Effect::new(move |_| {
        let state = HeadsLink {
            text: text.get(),
            own: showing_own.get().then(|| own_link.get()).flatten(),
            multiplier: beta.get() / base_beta,
            head: selected.get().map(|i| (i / HEADS + 1, i % HEADS + 1)),
            row: query_row.get(),
        };
        link::replace(View::Heads, state.to_query());
    });
    let driver = Driver::new();
    let live = Live::new();
    on_cleanup(move || {
        driver.stop();
        live.close();
    });
    // The text shown: (classifier key, its queries and keys).
    let current = Signal::derive(move || {
        if showing_own.get() {
            own.get()
        } else {
            let t = text.get();
            shipped.with(|s| s.get(t).cloned().map(|d| (t, d)))
        }
    });
    Effect::new(move |_| {
        if let Some((key, data)) = current.get() {
            driver.start(key, data, HEAD_DIM, beta.get());
        }
    });
    let key = Memo::new(move |_| current.with(|c| c.as_ref().map(|(k, _)| *k)));
    // A replacement or ablation belongs to the text it ran on.
    Effect::new(move |old: Option<Option<usize>>| {
        let now = key.get();
        if old.is_some_and(|o| o != now) {
            if live.busy.get_untracked().is_some() && live.ablation.get_untracked().is_some() {
                live.cancel();
            }
            live.replaced.set(None);
            live.ablation.set(None);
        }
        now
    });

    let run = Callback::new(move |()| {
        let raw = draft.get_untracked();
        match precheck_text(&raw) {
            Err(why) => own_notice.set(Some(format!("Your text was not run: {why}."))),
            Ok(_) => {
                own_notice.set(None);
                live.analyse(raw);
            }
        }
    });
    if let Some(own_text) = initial.own.clone() {
        live.analyse(own_text);
    }
    // A pass came back: it becomes the text shown.
    let pending = StoredValue::new(None::<(usize, f64, f64)>);
    Effect::new(move |_| {
        let Some(pass) = live.pass.get() else { return };
        let next = own.with_untracked(|o| o.as_ref().map_or(OWN_KEY, |(k, _)| k + 1));
        own_notice.set(pass.heads.truncated.then(|| {
            "Only the start of your text was analysed: the model reads at most 128 tokens, and a link carries at most 500 characters.".to_string()
        }));
        pending.set_value(Some((next, pass.sent, pass.heads.ms)));
        own_link.set(Some(cut(&pass.text).0));
        own.set(Some((
            next,
            Arc::new(pass.heads.into_text("your text".into())),
        )));
        if !showing_own.get_untracked() {
            query_row.set(0);
        }
        showing_own.set(true);
    });

    let tokens = Memo::new(move |_| {
        current.with(|c| {
            c.as_ref()
                .map(|(_, d)| d.tokens.clone())
                .unwrap_or_default()
        })
    });
    // The classes of the text shown (none while a new text is being classified).
    let classified =
        Signal::derive(move || driver.result.get().filter(|c| Some(c.text) == key.get()));
    let timing = RwSignal::new(None::<(f64, f64, usize)>);
    Effect::new(move |_| {
        let Some(c) = classified.get() else { return };
        if let Some((_, sent, worker)) = pending.get_value().filter(|(k, ..)| *k == c.text) {
            pending.set_value(None);
            timing.set(Some((
                worker,
                js_sys::Date::now() - sent,
                tokens.with_untracked(Vec::len),
            )));
        }
    });
    let histogram = Memo::new(move |_| {
        classified.with(|c| c.as_ref().map(|c| class_histogram(&c.summaries, HEADS)))
    });
    let detail = Memo::new(move |_| {
        let index = selected.get()?;
        let (b, row) = (beta.get(), query_row.get());
        let k = key.get()?;
        driver.result.track();
        let matrix = driver.matrix(k, index, b)?;
        let tokens = tokens.get();
        Some(Detail {
            layer: index / HEADS + 1,
            head: index % HEADS + 1,
            row: row.min(tokens.len().saturating_sub(1)),
            tokens,
            matrix,
            beta: b,
        })
    });
    let damage =
        Signal::derive(move || live.ablation.with(|a| a.as_ref().and_then(|a| a.damage())));
    let colours = GridColours {
        colouring: colouring.into(),
        damage,
        source: Signal::derive(move || if showing_own.get() { "own" } else { "builtin" }),
    };
    // The text the model runs on to replace heads: the own text, or a shipped text's tokens.
    let model_text = Signal::derive(move || {
        if showing_own.get() {
            own_link.get()
        } else {
            tokens.with(|t| (!t.is_empty()).then(|| detokenize(t)))
        }
    });
    let summaries =
        Signal::derive(move || classified.with(|c| c.as_ref().map(|c| c.summaries.clone())));
    let scatter = Signal::derive(move || {
        classified.with(|c| c.as_ref().map(|c| (c.beta, c.summaries.clone())))
    });

    view! {
        <section class="heads-view" aria-label="Transformer heads as Hopfield networks">
            <div class="controls">
                <label class="control">
                    <span class="control-label">"text (all-MiniLM-L6-v2)"</span>
                    <select
                        data-testid="heads-text"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            query_row.set(0);
                            if value == "own" {
                                showing_own.set(true);
                            } else if let Ok(i) = value.parse() {
                                showing_own.set(false);
                                text.set(i);
                            }
                        }
                        prop:value=move || if showing_own.get() { "own".to_string() } else { text.get().to_string() }
                    >
                        {move || shipped.with(|s| s.iter().enumerate().map(|(i, x)| view! {
                            // `selected` too: the options arrive after the select's value was set.
                            <option value=i.to_string() selected=!showing_own.get_untracked() && text.get_untracked() == i>
                                {format!("{} ({} tokens)", x.title, x.tokens.len())}
                            </option>
                        }).collect_view())}
                        {move || own.with(|o| o.as_ref().map(|(_, d)| view! {
                            <option value="own" selected=showing_own.get_untracked()>
                                {format!("your text ({} tokens)", d.tokens.len())}
                            </option>
                        }))}
                    </select>
                </label>
                <BetaSlider beta=beta min=base_beta * MULTIPLIER.0 max=base_beta * MULTIPLIER.1 />
                <p class="control-value multiplier">
                    {move || format!("= {:.2} × 1/√{HEAD_DIM}", beta.get() / base_beta)}
                </p>
                <label class="control">
                    <span class="control-label">"colour the heads by"</span>
                    <select
                        data-testid="heads-colouring"
                        on:change=move |ev| colouring.set(match event_target_value(&ev).as_str() {
                            "jacobian" => Colouring::Jacobian,
                            "damage" => Colouring::Damage,
                            _ => Colouring::Class,
                        })
                        prop:value=move || colouring.get().key()
                    >
                        <option value="class">"class (k90)"</option>
                        <option value="jacobian">"gradient ‖J_s‖_F"</option>
                        <option value="damage" disabled=move || damage.with(Option::is_none)>"damage when replaced (ablate first)"</option>
                    </select>
                </label>
            </div>
            <OwnText live=live draft=draft notice=own_notice timing=timing.into() run=run />
            {notice::link_notices(link_notes)}
            {move || match asset.get() {
                Load::Failed(msg) => Some(notice::notice(msg)),
                _ => None,
            }}
            <p class="text-shown">{move || tokens.with(|t| t.join(" "))}</p>
            <div class="heads-panels">
                <figure class="panel heads-grid-panel">
                    <h2>"Class of each head at this β"</h2>
                    <HeadsGrid
                        classified=classified
                        layers=LAYERS
                        heads=HEADS
                        tokens=Signal::derive(move || tokens.with(Vec::len))
                        selected=selected
                        colours=colours
                    />
                    <p class="hint" role="status">{move || match asset.get() {
                        Load::Loading if !showing_own.get() => "Loading the heads of all-MiniLM-L6-v2…".to_string(),
                        _ if showing_own.get() && own.with(Option::is_none) => "Your text is being analysed…".to_string(),
                        _ if current.with(Option::is_none) => String::new(),
                        _ if classified.with(Option::is_none) => format!("classifying heads… {} of {}", driver.progress.get(), LAYERS * HEADS),
                        _ => String::new(),
                    }}</p>
                    <figcaption>
                        {move || match colouring.get() {
                            Colouring::Class => view! {
                                <ul class="legend" aria-label="legend">
                                    {HeadClass::ALL.map(|c| view! {
                                        <li>
                                            <span class="swatch" style=format!("background:{}", class_css(c)) aria-hidden="true"></span>
                                            {format!("{}: {}", c.numeral(), c.meaning())}
                                        </li>
                                    }).into_iter().collect_view()}
                                    <li>{format!("{MARK} single token: median k90 = 1")}</li>
                                </ul>
                            }.into_any(),
                            Colouring::Jacobian => view! {
                                <p class="legend-note">"Colour: viridis of ‖J_s‖_F from 0 (dark) to the bound β/2 (yellow)."</p>
                            }.into_any(),
                            Colouring::Damage => view! {
                                <p class="legend-note">"Colour: viridis of the damage 1 − cosine from 0 (dark) to the largest (yellow)."</p>
                            }.into_any(),
                        }}
                        <p class="legend-note">{move || tokens.with(|t| legend_note(t.len()))}</p>
                        "Each cell: the median over the query rows of k90 against the T tokens. Press a head to see its attention."
                    </figcaption>
                </figure>
                <figure class="panel wide heads-histogram">
                    <h2>"Heads per class in each layer"</h2>
                    <PlotCanvas
                        width=HISTOGRAM_SIZE.0
                        height=HISTOGRAM_SIZE.1
                        label=Signal::derive(move || histogram.with(|h| h.as_ref().map(|h| {
                            h.iter().enumerate().map(|(l, c)| format!("layer {}: {} I, {} II, {} III, {} IV", l + 1, c[0], c[1], c[2], c[3])).collect::<Vec<_>>().join("; ")
                        }).unwrap_or_default()))
                        draw=move |area| histogram.with(|h| draw_class_histogram(area, h.as_deref().unwrap_or(&[]), HEADS))
                    />
                    <figcaption data-testid="heads-interpretation">
                        {move || histogram.with(|h| h.as_ref().map(|h| interpretation(h, HEADS)))}
                    </figcaption>
                </figure>
                <aside class="panel heads-formulas" aria-label="Formulas">
                    <h2>"One head = one Hopfield update"</h2>
                    <div inner_html=FORMULAS></div>
                    <p class="hint">
                        "The keys K (T × 32) are the stored patterns, a query q is the state, p"<sub>"(i)"</sub>
                        " are the weights sorted from the largest. d"<sub>"k"</sub>" = 32, so the model's own β = 1/√32 ≈ "
                        {format_beta(base_beta)}"; move m to see every head change regime."
                    </p>
                </aside>
            </div>
            <HeadDetail detail=detail tokens=tokens query_row=query_row />
            <ReplacePanel live=live summaries=summaries selected=selected text=model_text layers=LAYERS heads=HEADS />
            <GradientPanels summaries=scatter tokens=Signal::derive(move || tokens.with(Vec::len)) selected=selected damage=damage heads=HEADS />
        </section>
    }
}
