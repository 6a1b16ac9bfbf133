//! One retrieval panel of the studio: the model's view of the query, the state at the current
//! playback frame, step count, overlap with the target, energy over the steps, and a verdict.
//! The panel only reads the recorded run; playback is the shared frame index.

use crate::app::components::notice;
use leptos::prelude::*;

use crate::app::canvas::PlotCanvas;
use crate::app::components::pixel_image::PixelImage;
use crate::engine::fixed_points::{FixedPointKind, classify};
use crate::engine::math;
use crate::lab::studio::playback::{Frame, PanelRun};
use crate::lab::studio::set::StoredSet;
use crate::lab::studio::verdict;
use crate::plots::energy_trace::draw_energy_trace;
use crate::plots::overlap_traces::draw_overlap_traces;

/// Which network a panel shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelKind {
    /// The classical binary network.
    Classic,
    /// The dense associative memory.
    Dense,
    /// The modern continuous network.
    Modern,
}

impl PanelKind {
    /// The `data-testid` of the panel.
    pub fn testid(self) -> &'static str {
        match self {
            PanelKind::Classic => "panel-classic",
            PanelKind::Dense => "panel-dense",
            PanelKind::Modern => "panel-modern",
        }
    }

    fn title(self) -> &'static str {
        match self {
            PanelKind::Classic => "Classic (binary)",
            PanelKind::Dense => "Dense (binary)",
            PanelKind::Modern => "Modern (continuous)",
        }
    }
}

/// What the panel's text and test hooks show at the current frame.
#[derive(Debug, Clone, PartialEq)]
struct Stats {
    step: usize,
    steps: usize,
    overlap: f32,
    energy: f32,
    k90: Option<usize>,
    kind: Option<&'static str>,
    count: usize,
    verdict: String,
    retrieved: bool,
}

impl PanelKind {
    /// The stored patterns as this panel's network stores them.
    fn patterns(self, set: &StoredSet) -> &crate::engine::PatternSet {
        if self == PanelKind::Modern {
            &set.continuous
        } else {
            &set.binary
        }
    }
}

/// The verdict on the state of `frame`, and the kind and k90 of its weights (modern).
fn judge(
    kind: PanelKind,
    frame: &Frame,
    patterns: &crate::engine::PatternSet,
    target: usize,
) -> (verdict::Verdict, Option<(FixedPointKind, usize)>) {
    match &frame.weights {
        Some(weights) if kind == PanelKind::Modern => {
            let class = classify(weights);
            (
                verdict::modern(&frame.state, weights, class, patterns, target),
                Some(class),
            )
        }
        _ => (verdict::binary(&frame.state, patterns, target), None),
    }
}

fn stats(kind: PanelKind, run: &PanelRun, frame: &Frame, set: &StoredSet, target: usize) -> Stats {
    let patterns = kind.patterns(set);
    let overlap = patterns
        .get(target)
        .map_or(0.0, |x| math::overlap(&frame.state, x));
    let (judged, class) = judge(kind, frame, patterns, target);
    // The query is no retrieval yet, whatever its weights point at.
    let now = if frame.position == 0.0 {
        verdict::Verdict::Query(overlap)
    } else {
        judged
    };
    let steps = run.steps();
    let ending = (frame.position < steps as f32).then(|| {
        let last = run.frame(usize::MAX, 1);
        (steps, judge(kind, &last, patterns, target).0)
    });
    Stats {
        step: frame.step,
        steps,
        overlap,
        energy: frame.energy,
        k90: class.map(|c| c.1),
        kind: class.map(|c| c.0.name()),
        count: patterns.count(),
        retrieved: now.is_target(),
        verdict: verdict::reading(&now, ending.as_ref().map(|(n, v)| (*n, v))),
    }
}

/// An energy in at most about seven characters (dense energies reach 10¹⁰).
fn short_energy(e: f32) -> String {
    if e.abs() >= 1e5 {
        format!("{e:.1e}")
    } else {
        format!("{e:.1}")
    }
}

/// A retrieval panel over the recorded `run`, shown at `frame` (of `per_step` per step),
/// with the neuron visited last marked when `mark_visits`; `children` are the model's
/// own controls and formulas (learning rule, interaction, β), shown under the energy curve.
/// While `pending`, a newer record is being made (`data-pending`, which the end-to-end tests
/// wait out before they read the panel).
#[component]
pub fn RetrievalPanel(
    kind: PanelKind,
    run: Memo<Result<PanelRun, String>>,
    set: Memo<Result<StoredSet, String>>,
    #[prop(into)] frame: Signal<usize>,
    #[prop(into)] per_step: Signal<usize>,
    #[prop(into)] target: Signal<usize>,
    #[prop(into)] mark_visits: Signal<bool>,
    #[prop(optional)] pending: Option<ReadSignal<bool>>,
    children: Children,
) -> impl IntoView {
    let shown = Memo::new(move |_| {
        run.with(|r| {
            r.as_ref()
                .ok()
                .map(|r| r.frame(frame.get(), per_step.get()))
        })
    });
    let info = Memo::new(move |_| {
        let t = target.get();
        run.with(|r| {
            shown.with(|f| {
                set.with(|s| match (r, f, s) {
                    (Ok(r), Some(f), Ok(s)) => Some(stats(kind, r, f, s, t)),
                    _ => None,
                })
            })
        })
    });
    let side = Signal::derive(move || set.with(|s| s.as_ref().map_or(1, |s| s.side)));
    let query = Signal::derive(move || {
        run.with(|r| {
            r.as_ref()
                .ok()
                .and_then(|r| r.retrieval.trajectory.states.first().cloned())
                .unwrap_or_default()
        })
    });
    let state = Signal::derive(move || {
        shown.with(|f| f.as_ref().map(|f| f.state.clone()).unwrap_or_default())
    });
    let points =
        Memo::new(move |_| run.with(|r| r.as_ref().map(|r| r.energy_points()).unwrap_or_default()));
    let traces = Memo::new(move |_| {
        run.with(|r| {
            set.with(|s| match (r, s) {
                (Ok(r), Ok(s)) => r.overlap_traces(kind.patterns(s)),
                _ => Vec::new(),
            })
        })
    });
    // Neuron by neuron, the neuron visited last is marked on the state.
    let visited = Signal::derive(move || {
        shown
            .with(|f| f.as_ref().and_then(|f| f.visited))
            .filter(|_| mark_visits.get())
    });
    let cursor = Signal::derive(move || shown.with(|f| f.as_ref().map_or(0.0, |f| f.position)));
    let read = move |f: fn(&Stats) -> String| info.with(|i| i.as_ref().map(f).unwrap_or_default());
    // Empty while a record is first being made.
    let error = move || run.with(|r| r.as_ref().err().filter(|m| !m.is_empty()).cloned());
    let title = kind.title();
    let busy = move || pending.is_some_and(|p| p.get()).then_some("true");
    view! {
        <section
            class="retrieval-panel"
            data-testid=kind.testid()
            data-step=move || read(|s| s.step.to_string())
            data-steps=move || read(|s| s.steps.to_string())
            data-overlap=move || read(|s| format!("{:.4}", s.overlap))
            data-energy=move || read(|s| format!("{:.4}", s.energy))
            data-k90=move || info.with(|i| i.as_ref().and_then(|s| s.k90).map(|k| k.to_string()))
            data-kind=move || info.with(|i| i.as_ref().and_then(|s| s.kind))
            data-retrieved=move || read(|s| s.retrieved.to_string())
            data-visited=move || visited.get()
            data-pending=busy
            aria-busy=busy
            aria-label=title
        >
            <header class="panel-head">
                <h2>{title}</h2>
            </header>
            {move || error().map(notice::notice)}
            <div class="panel-images">
                <figure>
                    <PixelImage values=query side=side size=56 label=format!("the query as the {title} network sees it") />
                    <figcaption>"its query"</figcaption>
                </figure>
                <figure>
                    <PixelImage values=state side=side size=112 label=format!("the state of the {title} network") mark=visited />
                    <figcaption>{move || read(|s| format!("step {} of {}", s.step, s.steps))}</figcaption>
                </figure>
                <dl class="panel-stats">
                    <dt>"overlap"</dt>
                    <dd class:good=move || info.with(|i| i.as_ref().is_some_and(|s| s.overlap >= 0.95))>
                        {move || read(|s| format!("{:.3}", s.overlap))}
                    </dd>
                    <dt>"energy"</dt>
                    <dd>{move || read(|s| short_energy(s.energy))}</dd>
                    {(kind == PanelKind::Modern).then(|| view! {
                        <dt>"k₉₀"</dt>
                        <dd>{move || read(|s| format!("{} of {} ({})", s.k90.unwrap_or(0), s.count, s.kind.unwrap_or("")))}</dd>
                    })}
                </dl>
            </div>
            <p class="verdict" class:good=move || info.with(|i| i.as_ref().is_some_and(|s| s.retrieved))>
                {move || read(|s| s.verdict.clone())}
            </p>
            <PlotCanvas
                width=290
                height=72
                label=Signal::derive(move || format!("Energy over the steps of the {title} retrieval"))
                draw=move |area| points.with(|p| draw_energy_trace(area, p, cursor.get()))
            />
            <figure class="overlap-traces">
                <PlotCanvas
                    width=290
                    height=72
                    label=Signal::derive(move || format!(
                        "Overlap with each stored pattern over the steps of the {title} retrieval; the target's line is bold"
                    ))
                    draw=move |area| traces.with(|t| draw_overlap_traces(area, t, Some(target.get()), cursor.get()))
                />
                <figcaption>"m" <sub>"μ"</sub> "(t): overlap with each pattern, the target bold"</figcaption>
            </figure>
            <div class="panel-extra">{children()}</div>
        </section>
    }
}
