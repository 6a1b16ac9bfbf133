//! One bag's attention: a held-out bag chosen by number, or a fresh bag of up to 300 000
//! sequences read by the trained model; its sorted weights with the witnesses marked, the
//! reading in words (retrieval among N stored patterns), the time of one pooling pass, and the
//! most attended sequences as text with the motif highlighted.

use crate::app::components::notice;
use leptos::prelude::*;

use super::run::{Run, Shown};
use crate::app::canvas::PlotCanvas;
use crate::engine::pooling::config::SEQUENCES;
use crate::engine::pooling::metrics::TopSequence;
use crate::lab::pooling::memory::show_bytes;
use crate::lab::pooling::reading::{count, describe, ms_text, sorted_curve, whole_in};
use crate::plots::pooling::draw_bag_attention;

/// The attention plot's size (pixels).
const PLOT: (u32, u32) = (560, 320);

/// A sequence with its motif residues in `<mark>`.
fn sequence_view(t: &TopSequence) -> AnyView {
    match t.motif.clone().filter(|r| r.end <= t.sequence.len()) {
        Some(r) => view! {
            <code>
                {t.sequence[..r.start].to_string()}
                <mark>{t.sequence[r.clone()].to_string()}</mark>
                {t.sequence[r.end..].to_string()}
            </code>
        }
        .into_any(),
        None => view! { <code>{t.sequence.clone()}</code> }.into_any(),
    }
}

/// The chooser of the bag and of a fresh evaluation.
#[component]
fn BagChooser(run: Run) -> impl IntoView {
    let problem = RwSignal::new(None::<String>);
    let sequences = RwSignal::new(SEQUENCES.1);
    let held_out = move || run.settings.with(|s| s.bags_held_out);
    view! {
        <div class="pool-bag-controls">
            <label class="cap-field">
                <span class="control-label">"held-out bag (even numbers are positive)"</span>
                <input
                    type="number"
                    data-testid="pool-bag"
                    min="0"
                    max=move || held_out() - 1
                    step="1"
                    prop:value=move || run.bag.get().to_string()
                    on:change=move |ev| {
                        let range = (0, held_out() - 1);
                        match whole_in("bag", &event_target_value(&ev), range, run.bag.get_untracked()) {
                            Ok(b) => {
                                problem.set(None);
                                run.bag.set(b);
                                run.inspect();
                            }
                            Err(m) => {
                                problem.set(Some(m));
                                run.bag.update(|_| {});
                            }
                        }
                    }
                />
            </label>
            <label class="cap-field">
                <span class="control-label">"fresh bag of N sequences"</span>
                <input
                    type="number"
                    data-testid="pool-eval-sequences"
                    min=SEQUENCES.0
                    max=SEQUENCES.1
                    step="1000"
                    prop:value=move || sequences.get().to_string()
                    on:change=move |ev| {
                        let raw = event_target_value(&ev);
                        match whole_in("fresh bag", &raw, SEQUENCES, sequences.get_untracked()) {
                            Ok(n) => {
                                problem.set(None);
                                sequences.set(n);
                            }
                            Err(m) => {
                                problem.set(Some(m));
                                sequences.update(|_| {});
                            }
                        }
                    }
                />
            </label>
            <button
                type="button"
                data-testid="pool-evaluate"
                prop:disabled=move || run.evaluating.get() || run.last.with(Option::is_none)
                on:click=move |_| run.evaluate(sequences.get_untracked())
            >
                {move || if run.evaluating.get() { "Reading the fresh bags…" } else { "Read a fresh positive and negative bag" }}
            </button>
            {move || problem.get().map(notice::notice)}
        </div>
    }
}

/// The attention panel.
#[component]
pub fn BagAttention(run: Run) -> impl IntoView {
    let reading = move || run.shown.with(|s| s.as_ref().map(|s| s.reading().clone()));
    let curve = Memo::new(move |_| {
        run.shown
            .with(|s| s.as_ref().map(|s| sorted_curve(&s.reading().attention)))
    });
    let source = move || {
        run.shown.with(|s| match s {
            Some(Shown::HeldOut(_)) => format!("held-out bag {}", run.bag.get()),
            Some(Shown::Fresh(e)) => format!(
                "a fresh positive bag of {} sequences",
                count(e.positive.attention.sequences)
            ),
            None => "no bag read yet".into(),
        })
    };
    let attr =
        move |f: fn(&crate::engine::pooling::Reading) -> String| move || reading().map(|r| f(&r));
    view! {
        <figure
            class="panel wide pool-attention-panel"
            data-testid="pool-attention"
            data-n=attr(|r| r.attention.sequences.to_string())
            data-k90=attr(|r| r.attention.k90.to_string())
            data-witness-mass=attr(|r| format!("{:.4}", r.attention.witness_mass))
            data-witnesses=attr(|r| r.attention.witnesses.to_string())
            data-positive=attr(|r| r.attention.positive.to_string())
            data-beta=attr(|r| format!("{:.4}", r.beta))
            data-source=move || run.shown.with(|s| match s {
                Some(Shown::HeldOut(_)) => "held-out",
                Some(Shown::Fresh(_)) => "fresh",
                None => "none",
            })
        >
            <h2>{move || format!("Attention over {}", source())}</h2>
            <BagChooser run=run />
            <PlotCanvas
                width=PLOT.0
                height=PLOT.1
                label=Signal::derive(move || reading().map_or("no bag read yet".into(), |r| describe(&r).join(" ")))
                draw=move |area| {
                    let k90 = run.shown.with_untracked(|s| s.as_ref().map_or(1, |s| s.reading().attention.k90));
                    match curve.get() {
                        Some(c) => draw_bag_attention(area, &c, k90),
                        None => area.fill(&plotters::style::WHITE).map_err(Into::into),
                    }
                }
            />
            <figcaption>
                <ul class="learn-reading" data-testid="pool-reading">
                    {move || reading().map(|r| describe(&r)).unwrap_or_default().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                </ul>
                <p
                    class="hint"
                    data-testid="pool-pass-time"
                    data-ms=attr(|r| format!("{:.3}", r.pass_ms))
                    data-keys-ms=attr(|r| format!("{:.3}", r.keys_ms))
                    data-bytes=attr(|r| r.bag_bytes.to_string())
                >
                    {move || reading().map(|r| format!(
                        "One pooling pass over the N = {} keys (d = 32: scores, softmax, weighted sum) took {} in the worker; the keys from the sequences' k-mers {}; the bag's sequences take {}.",
                        count(r.attention.sequences), ms_text(r.pass_ms), ms_text(r.keys_ms), show_bytes(r.bag_bytes)
                    ))}
                </p>
                {move || run.shown.with(|s| match s {
                    Some(Shown::Fresh(e)) => Some(view! {
                        <p class="hint" data-testid="pool-fresh-negative" data-probability=format!("{:.4}", e.negative_probability)>
                            {format!(
                                "Its negative twin of the same size: P(positive) = {:.3} (the positive one: {:.3}); its pass {}; the pair took {}.",
                                e.negative_probability, e.positive.probability, ms_text(e.negative_pass_ms), show_bytes(e.bytes)
                            )}
                        </p>
                    }),
                    _ => None,
                })}
            </figcaption>
            <h3>"The most attended sequences"</h3>
            <ol class="pool-top" data-testid="pool-top">
                {move || reading().map(|r| r.attention.top).unwrap_or_default().into_iter().map(|t| view! {
                    <li data-witness=t.motif.is_some().to_string()>
                        {sequence_view(&t)}
                        <span class="pool-weight">{format!(" p = {:.4}", t.weight)}</span>
                        {t.motif.is_some().then_some(" · witness")}
                    </li>
                }).collect_view()}
            </ol>
        </figure>
    }
}
