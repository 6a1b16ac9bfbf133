//! The high-dimensional section: a set of images or random vectors (d = 1024), E on the plane
//! through three chosen points (stored patterns or the corrupted query) with the fixed points
//! and basins reachable from it, and the set and query scanned over β: k90, the number of fixed
//! points of each kind and the retrieved image along the β axis — or, in the theory tab, the
//! theory figures (Theorem 5's bound, convergence, the Jacobians) for the same set and query.

mod plane;
mod scan;
mod theory;

use crate::app::components::notice;
use leptos::prelude::*;

use crate::app::fetch::download;
use crate::lab::studio::library::{PHOTOS_URL, photo_bytes_for};

use super::LandscapeState;
use super::formula::{Formula, formula};
use super::player::{PlayButton, Player};
use crate::app::components::beta_slider::{BetaSlider, format_beta};
use crate::app::components::pixel_image::PixelImage;
use crate::engine::ModernHopfield;
use crate::engine::modern::DEFAULT_TOL;
use crate::lab::landscape::high_dim::{
    Anchor, BETA_RANGE, HighDimSet, MAX_COUNT, QueryMask, Reached, SIDE,
};
use crate::lab::landscape::markup::options_html;
use crate::lab::studio::library::Source;

/// Most updates of the query's way down.
const QUERY_STEPS: usize = 200;
/// Size of the query's thumbnail (CSS pixels).
const THUMB: u32 = 64;

/// The section: the plane and the scan, or (`theory`) the theory figures.
#[component]
pub fn HighDimSection(state: LandscapeState, theory: bool) -> impl IntoView {
    let settings = state.settings;
    let beta = state.hd_beta;
    let config = Memo::new(move |_| settings.with(|s| s.high_dim.clone()));
    let photos = download(PHOTOS_URL);
    let set = Memo::new(move |_| {
        config.with(|c| {
            photos.with(|p| {
                let bytes = photo_bytes_for(c.source, p.as_ref())?;
                c.build(bytes).map_err(|e| e.to_string())
            })
        })
    });
    let labels =
        Memo::new(move |_| set.with(|s| s.as_ref().map(|s| s.labels.clone()).unwrap_or_default()));
    // The query's way down at this β (projected on the plane; its k₉₀ is shown beside).
    let retrieval = Memo::new(move |_| {
        let b = beta.get();
        set.with(|s| {
            let s = s.as_ref().ok()?;
            let net = ModernHopfield::new(s.patterns.clone(), b).ok()?;
            net.retrieve(&s.query, QUERY_STEPS, DEFAULT_TOL).ok()
        })
    });
    let live = move || {
        let b = beta.get();
        set.with(|s| {
            let s = s.as_ref().ok()?;
            let (n, m) = (s.patterns.count(), s.patterns.max_norm());
            Some(format!(
                "N = {n}, d = {}, M = {m:.1}, β = {}: β⁻¹ ln N = {:.1}, ½M² = {:.1}",
                s.patterns.dim(),
                format_beta(b),
                (n as f32).ln() / b,
                0.5 * m * m,
            ))
        })
    };
    // Which pattern the query's way down ends at, and whether it is the one it was made from.
    let reached = Memo::new(move |_| {
        let target = config.with(|c| c.target);
        retrieval.with(|t| {
            let r = Reached::of(t.as_ref()?.weights.last()?)?;
            labels.with(|names| Some((r.sentence(names, target), r.misses(target))))
        })
    });
    let player = Player::new(beta, BETA_RANGE);

    let anchor_menu = move |k: usize| {
        view! {
            <label class="control" class:hidden=theory>
                <span class="control-label">{format!("plane point {}", k + 1)}</span>
                <select
                    data-testid=format!("hd-anchor-{}", k + 1)
                    on:change=move |ev| {
                        if let Some(a) = Anchor::from_slug(&event_target_value(&ev)) {
                            settings.update(|s| s.high_dim.anchors[k] = a);
                        }
                    }
                    inner_html=move || {
                        let chosen = config.with(|c| c.anchors[k]).slug();
                        labels.with(|names| {
                            let patterns = names.iter().enumerate().map(|(mu, name)| (mu.to_string(), name.as_str()));
                            options_html(patterns.chain([(Anchor::Query.slug(), "the query")]), &chosen)
                        })
                    }
                ></select>
            </label>
        }
    };

    view! {
        <div class="controls">
            <label class="control">
                <span class="control-label">{format!("pattern set (d = {})", SIDE * SIDE)}</span>
                <select
                    data-testid="hd-source"
                    on:change=move |ev| {
                        if let Some(source) = Source::from_slug(&event_target_value(&ev)) {
                            settings.update(|s| {
                                let h = &mut s.high_dim;
                                h.source = source;
                                h.target = 0;
                                h.anchors = [Anchor::Pattern(0), Anchor::Pattern(1), Anchor::Pattern(2)];
                            });
                        }
                    }
                    inner_html=move || {
                        let chosen = config.with(|c| c.source.slug());
                        options_html(Source::ALL.map(|s| (s.slug().to_string(), s.title())), chosen)
                    }
                ></select>
            </label>
            <label class="control" class:hidden=move || config.with(|c| c.source == Source::Photos)>
                <span class="control-label">"N"</span>
                <input
                    type="number"
                    min="3"
                    max=MAX_COUNT
                    data-testid="hd-count"
                    prop:value=move || config.with(|c| c.count).to_string()
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                            settings.update(|s| {
                                let h = &mut s.high_dim;
                                h.count = n.clamp(3, MAX_COUNT);
                                h.target = h.target.min(h.count - 1);
                                h.anchors = [Anchor::Pattern(0), Anchor::Pattern(1), Anchor::Pattern(2)];
                            });
                        }
                    }
                />
            </label>
            <label class="control">
                <span class="control-label">"query: mask the"</span>
                <select
                    data-testid="hd-mask"
                    on:change=move |ev| {
                        if let Some(m) = QueryMask::ALL.into_iter().find(|m| m.slug() == event_target_value(&ev)) {
                            settings.update(|s| s.high_dim.mask = m);
                        }
                    }
                    inner_html=move || {
                        let chosen = config.with(|c| c.mask.slug());
                        options_html(QueryMask::ALL.map(|m| (m.slug().to_string(), m.title())), chosen)
                    }
                ></select>
            </label>
            <label class="control">
                <span class="control-label">"of"</span>
                <select
                    data-testid="hd-target"
                    on:change=move |ev| {
                        if let Ok(mu) = event_target_value(&ev).parse::<usize>() {
                            settings.update(|s| s.high_dim.target = mu);
                        }
                    }
                    inner_html=move || {
                        let target = config.with(|c| c.target).to_string();
                        labels.with(|names| options_html(
                            names.iter().enumerate().map(|(mu, name)| (mu.to_string(), name.as_str())),
                            &target,
                        ))
                    }
                ></select>
            </label>
            {anchor_menu(0)}
            {anchor_menu(1)}
            {anchor_menu(2)}
            <BetaSlider beta=beta min=BETA_RANGE.0 max=BETA_RANGE.1 />
            <PlayButton player=player testid="hd-play" />
        </div>
        {move || set.with(|s| s.as_ref().err().map(|msg| notice::notice(msg.clone())))}
        <div class="landscape-panels">
            {if theory {
                view! { <theory::TheoryFigures set=set config=config beta=beta /> }.into_any()
            } else {
                view! {
                    <plane::PlaneFigure set=set config=config beta=beta retrieval=retrieval />
                    <scan::ScanFigure set=set beta=beta />
                }.into_any()
            }}
            <aside class="panel landscape-side" aria-label="The query">
                <h2>"Query"</h2>
                <PixelImage
                    values=Signal::derive(move || set.with(|s| s.as_ref().map(|s: &HighDimSet| s.query.clone()).unwrap_or_default()))
                    side=SIDE
                    size=THUMB
                    label=Signal::derive(move || format!("the query: a stored pattern with its {} set to 0", config.with(|c| c.mask.title())))
                />
                {formula(Formula::Update)}
                <p class="live" data-testid="hd-live">{live}</p>
                <p class="live" data-testid="hd-reached" class:miss=move || reached.with(|r| r.as_ref().is_some_and(|r| r.1))>
                    {move || reached.with(|r| r.as_ref().map(|r| r.0.clone()))}
                </p>
                <p class="hint">{move || format!("The chosen pattern with its {} set to 0 (neutral for the modern network). β uses raw dot products: with d = 1024 the interesting range is far below 1.", config.with(|c| c.mask.title()))}</p>
            </aside>
        </div>
    }
}
