//! Real transformer heads as Hopfield networks (`?view=heads`): the 72 heads of
//! all-MiniLM-L6-v2 on a shipped text, each classified by the median k90 of its attention rows
//! ([P] §4), per-layer class histograms as in the paper's figure, one head's attention matrix
//! and one query row as a retrieval, and a β multiplier that re-classifies every head live.
//! The queries and keys are fetched lazily; all numbers are computed here from them.

mod detail;
mod grid;
mod load;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::{BetaSlider, format_beta};
use crate::app::link;
use crate::lab::heads::analysis::{HeadClass, HeadSummary, class_histogram, model_beta};
use crate::lab::heads::asset::HeadsAsset;
use crate::lab::heads::link::{HeadsLink, MULTIPLIER};
use crate::lab::heads::reading::{interpretation, legend_note};
use crate::lab::heads::run::Classifier;
use crate::plots::head_classes::{class_css, draw_class_histogram};
use crate::url_state::route::View;
use detail::{Detail, HeadDetail};
use grid::{HeadsGrid, MARK};
use load::{HEAD_DIM, HEADS, LAYERS, Load, load};

/// Longest slice of classification work between yields to the browser (ms).
const SLICE_MS: f64 = 8.0;
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
    /// Index of the text.
    pub text: usize,
    /// The raw β of the summaries.
    pub beta: f32,
    /// Layer-major summaries.
    pub summaries: Vec<HeadSummary>,
}

/// The classification loop's handles (all cheap to copy).
#[derive(Clone, Copy)]
struct Driver {
    classifier: StoredValue<Option<(usize, Classifier)>>,
    generation: StoredValue<u64>,
    progress: RwSignal<usize>,
    result: RwSignal<Option<Classified>>,
}

impl Driver {
    /// Starts classifying `text` at `beta`, stopping any older run (a text's scores are kept
    /// when only β changed).
    fn start(self, asset: Arc<HeadsAsset>, text: usize, beta: f32) {
        let Some(data) = asset.texts.get(text) else {
            return;
        };
        let next = self.generation.get_value() + 1;
        self.generation.set_value(next);
        self.classifier.update_value(|slot| match slot {
            Some((t, c)) if *t == text => c.set_beta(beta),
            _ => *slot = Some((text, Classifier::new(data, asset.head_dim, beta))),
        });
        set_timeout(move || self.slice(asset, text, next), Duration::ZERO);
    }

    /// One slice of at most [`SLICE_MS`]; schedules the next or publishes the result.
    fn slice(self, asset: Arc<HeadsAsset>, text: usize, generation: u64) {
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        let Some(data) = asset.texts.get(text) else {
            return;
        };
        let start = js_sys::Date::now();
        let outcome = self.classifier.try_update_value(|slot| {
            let (_, c) = slot.as_mut()?;
            let finished = c.step(data, || js_sys::Date::now() - start < SLICE_MS);
            Some((
                c.done(),
                c.beta(),
                finished.then(|| c.summaries().map(<[_]>::to_vec)).flatten(),
            ))
        });
        match outcome.flatten() {
            Some((_, beta, Some(summaries))) => {
                self.result.try_set(Some(Classified {
                    text,
                    beta,
                    summaries,
                }));
            }
            Some((done, _, None)) => {
                self.progress.try_set(done);
                set_timeout(move || self.slice(asset, text, generation), Duration::ZERO);
            }
            None => {}
        }
    }
}

/// The heads view.
#[component]
pub fn Heads() -> impl IntoView {
    let asset = RwSignal::new(Load::Loading);
    spawn_local(async move {
        asset.try_set(load().await);
    });
    let ready = move || match asset.get() {
        Load::Ready(a) => Some(a),
        _ => None,
    };
    // The link the page was opened with sets the view; the view rewrites the link.
    let (initial, link_notes) = HeadsLink::from_query(&link::page_query(), LAYERS, HEADS);
    // Kept in the link the view rewrites, so a shared own text is not lost.
    let own = initial.own.clone();
    let text = RwSignal::new(initial.text);
    let base_beta = model_beta(HEAD_DIM);
    let beta = RwSignal::new(base_beta * initial.multiplier);
    let selected = RwSignal::new(initial.head.map(|(l, h)| (l - 1) * HEADS + h - 1));
    let query_row = RwSignal::new(initial.row);
    Effect::new(move |_| {
        let state = HeadsLink {
            text: text.get(),
            own: own.clone(),
            multiplier: beta.get() / base_beta,
            head: selected.get().map(|i| (i / HEADS + 1, i % HEADS + 1)),
            row: query_row.get(),
        };
        link::replace(View::Heads, state.to_query());
    });
    let driver = Driver {
        classifier: StoredValue::new(None),
        generation: StoredValue::new(0),
        progress: RwSignal::new(0),
        result: RwSignal::new(None),
    };
    on_cleanup(move || {
        driver
            .generation
            .try_update_value(|g| *g += 1)
            .unwrap_or(())
    });
    Effect::new(move |_| {
        if let Some(a) = ready() {
            driver.start(a, text.get(), beta.get());
        }
    });

    let tokens = Memo::new(move |_| {
        let t = text.get();
        ready()
            .and_then(|a| a.texts.get(t).map(|x| x.tokens.clone()))
            .unwrap_or_default()
    });
    // The classes of the chosen text (none while a new text is being classified).
    let classified = Signal::derive(move || driver.result.get().filter(|c| c.text == text.get()));
    let histogram = Memo::new(move |_| {
        classified.with(|c| c.as_ref().map(|c| class_histogram(&c.summaries, HEADS)))
    });
    let detail = Memo::new(move |_| {
        let index = selected.get()?;
        let (b, t, row) = (beta.get(), text.get(), query_row.get());
        driver.result.track();
        let matrix = driver.classifier.with_value(|slot| {
            slot.as_ref()
                .filter(|(st, _)| *st == t)
                .and_then(|(_, c)| c.scores(index))
                .map(|s| s.matrix(b))
        })?;
        let tokens = tokens.get();
        Some(Detail {
            layer: index / HEADS + 1,
            head: index % HEADS + 1,
            row: row.min(tokens.len().saturating_sub(1)),
            tokens,
            matrix,
        })
    });

    view! {
        <section class="heads-view" aria-label="Transformer heads as Hopfield networks">
            <div class="controls">
                <label class="control">
                    <span class="control-label">"text (all-MiniLM-L6-v2)"</span>
                    <select
                        data-testid="heads-text"
                        on:change=move |ev| {
                            if let Ok(i) = event_target_value(&ev).parse() {
                                query_row.set(0);
                                text.set(i);
                            }
                        }
                        prop:value=move || text.get().to_string()
                    >
                        {move || ready().map(|a| a.texts.iter().enumerate().map(|(i, x)| view! {
                            // `selected` too: the options arrive after the select's value was set.
                            <option value=i.to_string() selected=text.get_untracked() == i>
                                {format!("{} ({} tokens)", x.title, x.tokens.len())}
                            </option>
                        }).collect_view())}
                    </select>
                </label>
                <BetaSlider beta=beta min=base_beta * MULTIPLIER.0 max=base_beta * MULTIPLIER.1 />
                <p class="control-value multiplier">
                    {move || format!("= {:.2} × 1/√{HEAD_DIM}", beta.get() / base_beta)}
                </p>
            </div>
            {link_notes.0.into_iter().map(|msg| view! {
                <p class="notice" data-testid="notice" role="status">{msg}</p>
            }).collect_view()}
            {move || match asset.get() {
                Load::Failed(msg) => Some(view! { <p class="notice" data-testid="notice" role="status">{msg}</p> }),
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
                    />
                    <p class="hint" role="status">{move || match asset.get() {
                        Load::Loading => "Loading the heads of all-MiniLM-L6-v2…".to_string(),
                        _ if classified.with(Option::is_none) => format!("classifying heads… {} of {}", driver.progress.get(), LAYERS * HEADS),
                        _ => String::new(),
                    }}</p>
                    <figcaption>
                        <ul class="legend" aria-label="legend">
                            {HeadClass::ALL.map(|c| view! {
                                <li>
                                    <span class="swatch" style=format!("background:{}", class_css(c)) aria-hidden="true"></span>
                                    {format!("{}: {}", c.numeral(), c.meaning())}
                                </li>
                            }).into_iter().collect_view()}
                            <li>{format!("{MARK} single token: median k90 = 1")}</li>
                        </ul>
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
        </section>
    }
}
