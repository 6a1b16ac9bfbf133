//! The energy landscape and β explorer (`?view=landscape`). Two parts: patterns as points in
//! the plane (E as a heat map with its fixed points by kind, points dragged, added and removed
//! with the pointer or the keyboard, a query's way down, the 1-D slice between two patterns and
//! the bifurcation diagram against log β), high-dimensional sets (E on the plane through
//! three of their points, and the set and query scanned over β), and the same sets' theory
//! figures (Theorem 5's bound, convergence, the Jacobians). All state is one plain
//! [`Settings`] value plus the two β signals the sliders drive.
//!
//! The code of the 2-D tab and that of the two high-dimensional tabs are two page modules
//! ([`Landscape`] and [`LandscapeHighDim`], `src/pages/`), so that each stays within the
//! download budget; a tab of the other module is opened as a page load of its link
//! (`www/start.js` picks the module by the link's `tab`), with all state in the link.

mod analysis;
mod bifurcation;
mod editor;
mod figure;
mod formula;
mod heat_canvas;
mod high_dim;
mod legend;
mod player;
mod points_view;
mod side;
mod slice;
mod slices;

use crate::app::components::notice;
use leptos::prelude::*;

use crate::app::link;
use crate::url_state::route::View;

use crate::lab::landscape::settings::{Settings, SubView};

/// The view's state: the settings, and β of each part (the sliders' signals).
#[derive(Clone, Copy)]
pub struct LandscapeState {
    /// Everything but β.
    pub settings: RwSignal<Settings>,
    /// β of the 2-D part.
    pub beta: RwSignal<f32>,
    /// β of the high-dimensional part.
    pub hd_beta: RwSignal<f32>,
}

impl LandscapeState {
    /// State from `settings` (β from its fields).
    pub fn new(settings: Settings) -> Self {
        Self {
            beta: RwSignal::new(settings.beta),
            hd_beta: RwSignal::new(settings.high_dim.beta),
            settings: RwSignal::new(settings),
        }
    }

    /// The whole state as plain data (tracked: an effect that reads it re-runs on any change).
    pub fn snapshot(&self) -> Settings {
        let mut s = self.settings.get();
        s.beta = self.beta.get();
        s.high_dim.beta = self.hd_beta.get();
        s
    }
}

/// The landscape view's 2-D tab (its page module holds no high-dimensional code).
#[component]
pub fn Landscape() -> impl IntoView {
    shell(&[SubView::Points], |state, _| {
        view! { <points_view::PointsSection state=state /> }.into_any()
    })
}

/// The landscape view's high-dimensional and theory tabs (its page module holds no 2-D code).
#[component]
pub fn LandscapeHighDim() -> impl IntoView {
    shell(&[SubView::HighDim, SubView::Theory], |state, tab| {
        let theory = tab == SubView::Theory;
        view! { <high_dim::HighDimSection state=state theory=theory /> }.into_any()
    })
}

/// The view around its tabs: `section` draws the tabs this module `holds`; a click on another
/// tab opens its link as a page (the other module).
fn shell(
    holds: &'static [SubView],
    section: fn(LandscapeState, SubView) -> AnyView,
) -> impl IntoView {
    let (initial, link_notes) = Settings::from_query(&link::page_query());
    let state = LandscapeState::new(initial);
    Effect::new(move |_| link::replace(View::Landscape, state.snapshot().to_query()));
    let settings = state.settings;
    let sub_view = Memo::new(move |_| settings.with(|s| s.sub_view));
    let choose = move |which: SubView| {
        if holds.contains(&which) {
            settings.update(|s| s.sub_view = which);
        } else {
            let mut next = state.snapshot();
            next.sub_view = which;
            link::open(View::Landscape, next.to_query());
        }
    };
    let tab = move |which: SubView, testid: &'static str, title: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                data-testid=testid
                aria-selected=move || (sub_view.get() == which).to_string()
                on:click=move |_| choose(which)
            >{title}</button>
        }
    };
    view! {
        <section class="landscape-view" aria-label="Energy landscape and β explorer">
            {notice::link_notices(link_notes)}
            <div class="tabs" role="tablist" aria-label="Pattern sets">
                {tab(SubView::Points, "landscape-tab-points", "points in the plane (d = 2)")}
                {tab(SubView::HighDim, "landscape-tab-high-dim", "images and random vectors (high d)")}
                {tab(SubView::Theory, "landscape-tab-theory", "theory: error, convergence, gradients")}
            </div>
            {move || {
                let tab = sub_view.get();
                if holds.contains(&tab) {
                    section(state, tab)
                } else {
                    notice::notice("This tab opens as its own page: choose it above.").into_any()
                }
            }}
        </section>
    }
}
