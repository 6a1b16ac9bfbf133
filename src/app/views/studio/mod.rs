//! The retrieval studio: stored patterns from built-in photos, glyphs, random sets or uploads;
//! a damaged query; and three networks (classic, dense, modern) retrieving side by side over
//! recorded trajectories that play in lock-step.

mod controls;
mod draw;
mod models;
mod my_data;
mod query_view;
mod state;
mod upload;
mod worker_run;

use crate::app::components::notice;
use leptos::prelude::*;

use crate::app::components::gallery::Gallery;
use crate::app::components::retrieval_panel::{PanelKind, RetrievalPanel};
use crate::app::components::timeline::Timeline;
use crate::lab::studio::playback::Pace;
use controls::{QueryTools, SourceControls, add_files};
use draw::DrawGrid;
use models::{ClassicControls, DenseControls, ModernControls, ModernWeights};
use query_view::QueryView;
use state::{Derived, Settings};

use crate::app::link;
use crate::lab::studio::link::StudioLink;
use crate::lab::studio::order;
use crate::url_state::route::View;

/// The studio view.
#[component]
pub fn Studio() -> impl IntoView {
    // The link the page was opened with sets the studio; the studio rewrites the link as the
    // user works (uploaded and drawn patterns stay out of it: too big for a URL).
    let query = link::page_query();
    let (initial, link_notes) = StudioLink::from_query(&query);
    let s = Settings::from_link(&initial);
    if !link_notes.0.is_empty() {
        s.notice.set(Some(link_notes.0.join(" ")));
    }
    Effect::new(move |_| link::replace(View::Studio, s.to_link().to_query()));
    let d = Derived::new(s);
    my_data::keep_saved(s, query.get("order").is_some());
    let shown = move || {
        d.set
            .with_untracked(|set| set.as_ref().map_or(0, |set| set.count()))
    };
    // A new query or a reordered set (target, damage, patterns) restarts playback from the
    // query. (Not on the first run: a link's frame stands.)
    Effect::new(move |first_done: Option<()>| {
        d.query.track();
        d.set.track();
        if first_done.is_some() {
            s.playing.set(false);
            s.frame.set(0);
        }
    });
    // β moved while paused: playback goes at least to where the modern run ends, so its
    // result follows the slider (one update is cheap) instead of waiting for another play.
    Effect::new(move |first_done: Option<()>| {
        s.beta.track();
        if first_done.is_some() && !s.playing.get_untracked() {
            let per_step = d.per_step.get_untracked();
            let end = d
                .modern
                .with_untracked(|r| r.as_ref().map_or(0, |r| r.frames(per_step)));
            s.frame.update(|f| *f = (*f).max(end));
        }
    });
    let on_move = Callback::new(move |(from, to): (usize, usize)| {
        s.order.update(|o| *o = order::moved(o, shown(), from, to));
        s.target.update(|t| *t = order::follow_move(*t, from, to));
        my_data::save_order(s);
    });
    let on_remove = Callback::new(move |pos: usize| {
        let shown = shown();
        let Some((mu, rest)) = order::remove(&s.order.get_untracked(), shown, pos) else {
            return;
        };
        s.order.set(rest);
        let base = shown.saturating_sub(s.extras.with_untracked(Vec::len));
        if mu < base {
            // The μ-th shown base pattern, counting past the ones already removed.
            let removed = s.removed.get_untracked();
            if let Some(i) = (0..).filter(|i| !removed.contains(i)).nth(mu) {
                s.removed.update(|r| r.push(i));
            }
        } else {
            s.extras.update(|x| {
                if mu - base < x.len() {
                    x.remove(mu - base);
                }
            });
        }
        s.target
            .update(|t| *t = t.saturating_sub(usize::from(*t >= pos && *t > 0)));
        my_data::save_order(s);
    });
    // Files dragged over the studio light up the gallery; `depth` counts dragenter minus
    // dragleave over the studio's elements, so moving between children does not flicker.
    let depth = StoredValue::new(0i32);
    let dropping = RwSignal::new(false);
    // Only drags that carry files are taken (text dragged within the page is left alone).
    let on_enter = move |ev: leptos::ev::DragEvent| {
        if upload::carries_files(&ev) {
            ev.prevent_default();
            depth.update_value(|d| *d += 1);
            dropping.set(true);
        }
    };
    let on_leave = move |_: leptos::ev::DragEvent| {
        depth.update_value(|d| *d = (*d - 1).max(0));
        if depth.get_value() == 0 {
            dropping.set(false);
        }
    };
    let on_over = move |ev: leptos::ev::DragEvent| {
        if upload::carries_files(&ev) {
            ev.prevent_default();
            if let Some(dt) = ev.data_transfer() {
                dt.set_drop_effect("copy");
            }
            dropping.set(true);
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        depth.set_value(0);
        dropping.set(false);
        let files = ev.data_transfer().and_then(|dt| dt.files());
        add_files(s, upload::files_of(files));
    };
    let neuron_pace = Signal::derive(move || s.pace.get() == Pace::Neuron);
    let target = Signal::derive(move || {
        let n = d.set.with(|set| set.as_ref().map_or(1, |set| set.count()));
        s.target.get().min(n.saturating_sub(1))
    });
    let failure = move || {
        d.set
            .with(|r| r.as_ref().err().cloned())
            .or_else(|| d.query.with(|r| r.as_ref().err().cloned()))
            .or_else(|| s.notice.get())
    };
    view! {
        <section
            class="studio"
            aria-label="Retrieval studio"
            on:dragenter=on_enter
            on:dragover=on_over
            on:dragleave=on_leave
            on:drop=on_drop
        >
            <aside class="studio-side">
                <SourceControls s=s />
                {move || failure().map(notice::notice)}
                <Gallery set=d.set target=s.target on_remove=on_remove on_move=on_move dropping=dropping />
                <QueryTools s=s>
                    <QueryView s=s d=d />
                </QueryTools>
                <DrawGrid s=s />
                <my_data::MyData s=s />
            </aside>
            <div class="studio-main" data-panel="retrieval">
                <Timeline frame=s.frame playing=s.playing speed=s.speed pace=s.pace dim=d.dim total=d.total />
                <div class="panels3">
                    <RetrievalPanel kind=PanelKind::Classic run=d.classic.run pending=d.classic.pending set=d.set frame=s.frame per_step=d.per_step target=target mark_visits=neuron_pace>
                        <ClassicControls rule=s.rule dim=d.dim />
                    </RetrievalPanel>
                    <RetrievalPanel kind=PanelKind::Dense run=d.dense.run pending=d.dense.pending set=d.set frame=s.frame per_step=d.per_step target=target mark_visits=neuron_pace>
                        <DenseControls kind=s.dense_kind degree=s.degree beta=s.dense_beta />
                    </RetrievalPanel>
                    <RetrievalPanel kind=PanelKind::Modern run=d.modern set=d.set frame=s.frame per_step=d.per_step target=target mark_visits=neuron_pace>
                        <ModernWeights run=d.modern frame=s.frame per_step=d.per_step target=target beta=s.beta />
                        <ModernControls beta=s.beta set=d.set band=d.band />
                    </RetrievalPanel>
                </div>
            </div>
        </section>
    }
}
