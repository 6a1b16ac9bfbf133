//! The plane through three points of the high-dimensional set: E over it (drawn at once), and
//! the basin map with the fixed points reached from its cells (computed on the compute
//! workers, a row of cells per job, with progress), projected onto the plane, plus the query's
//! way down projected too.

use crate::app::components::notice;
use leptos::html::Canvas;
use leptos::prelude::*;

use super::super::heat_canvas::draw_on_canvas;
use crate::app::components::beta_slider::format_beta;
use crate::app::compute::{Event, RunSlot};
use crate::compute::landscape::basin_plan;
use crate::engine::fixed_points::FixedPointKind;
use crate::engine::{ModernHopfield, Trajectory};
use crate::lab::landscape::high_dim::{HighDimSet, HighDimSettings, Reached};
use crate::lab::landscape::markup::{escape, kinds_html, legend_html};
use crate::lab::landscape::plane_job::{BasinMap, PlaneSetup};
use crate::plots::landscape::LandscapeScene;

/// Cells per side of the energy grid.
const GRID: usize = 160;
/// Cells per side of the basin map (each a relaxation in d dimensions).
const BASIN_SIDE: usize = 36;
/// Canvas size (pixels).
const SIZE: (u32, u32) = (480, 400);

/// What the basin job found: labels per cell and the fixed points as (u, v, kind, name).
#[derive(Debug, Clone, PartialEq, Default)]
struct Basins {
    labels: Vec<Option<usize>>,
    fixed: Vec<([f32; 2], FixedPointKind, String)>,
}

/// The plane's figure.
#[component]
pub fn PlaneFigure(
    set: Memo<Result<HighDimSet, String>>,
    config: Memo<HighDimSettings>,
    beta: RwSignal<f32>,
    retrieval: Memo<Option<Trajectory>>,
) -> impl IntoView {
    let setup = Memo::new(move |_| -> Result<PlaneSetup, String> {
        let anchors = config
            .with(|c| c.distinct_anchors())
            .map_err(|e| e.to_string())?;
        set.with(|s| {
            let s = s.as_ref().map_err(|e| e.clone())?;
            let mut points = [&[][..]; 3];
            for (slot, a) in points.iter_mut().zip(anchors) {
                *slot = s.anchor(a).map_err(|e| e.to_string())?;
            }
            PlaneSetup::through(&s.patterns, points).map_err(|e| e.to_string())
        })
    });
    let net = Signal::derive(move || -> Result<ModernHopfield, String> {
        let b = beta.get();
        set.with(|s| {
            let s = s.as_ref().map_err(|e| e.clone())?;
            ModernHopfield::new(s.patterns.clone(), b).map_err(|e| e.to_string())
        })
    });
    let energy = Memo::new(move |_| -> Result<Vec<f32>, String> {
        let net = net.get()?;
        setup.with(|p| {
            p.as_ref()
                .map_err(|e| e.clone())?
                .energy(&net, GRID)
                .map_err(|e| e.to_string())
        })
    });
    let query_path = Memo::new(move |_| -> Vec<[f32; 2]> {
        let Ok(p) = setup.get() else {
            return Vec::new();
        };
        retrieval.with(|t| {
            t.iter()
                .flat_map(|t| t.states.iter())
                .filter_map(|x| p.plane.coords(x).ok())
                .map(|(u, v)| [u, v])
                .collect()
        })
    });

    let basins = RwSignal::new(None::<Basins>);
    let progress = RwSignal::new(0.0f32);
    let job_error = RwSignal::new(None::<String>);
    let loading = RwSignal::new(true);
    let runs = RunSlot::new();
    on_cleanup(move || runs.cancel());
    Effect::new(move |_| {
        basins.set(None);
        progress.set(0.0);
        job_error.set(None);
        let (Ok(net), Ok(p)) = (net.get(), setup.get()) else {
            runs.cancel();
            return;
        };
        let labels =
            set.with_untracked(|s| s.as_ref().map(|s| s.labels.clone()).unwrap_or_default());
        let grid = match p.grid(BASIN_SIDE) {
            Ok(grid) => grid,
            Err(e) => {
                job_error.set(Some(e.to_string()));
                return;
            }
        };
        let plan = basin_plan(net.patterns(), net.beta(), &p.plane, grid);
        let map = std::rc::Rc::new(std::cell::RefCell::new(BasinMap::new(net.patterns())));
        runs.start(plan, move |event| match event {
            Event::Ready => loading.set(false),
            Event::Progress(f) => progress.set(f as f32),
            Event::Items(rows) => rows.into_iter().for_each(|r| map.borrow_mut().add(r)),
            Event::Done => {
                progress.set(1.0);
                basins.set(Some(found(&map.borrow(), &p, &labels)));
            }
            Event::Failed(msg) => {
                loading.set(false);
                job_error.set(Some(msg));
            }
        });
    });
    let counts = Memo::new(move |_| {
        basins.with(|b| {
            b.as_ref().map(|b| {
                let mut c = [0usize; 3];
                for f in &b.fixed {
                    c[f.1 as usize] += 1;
                }
                c
            })
        })
    });

    let node = NodeRef::<Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = node.get() else { return };
        let outcome = energy.with(|e| {
            setup.with(|p| {
                basins.with(|b| {
                    query_path.with(|path| {
                        let e = e.as_ref().map_err(|e| e.clone())?;
                        let p = p.as_ref().map_err(|e| e.clone())?;
                        let inside = |uv: &[f32; 2]| p.shows((uv[0], uv[1]));
                        let patterns: Vec<[f32; 2]> = p
                            .patterns
                            .iter()
                            .map(|&(u, v)| [u, v])
                            .filter(inside)
                            .collect();
                        let fixed: Vec<([f32; 2], FixedPointKind)> = b
                            .iter()
                            .flat_map(|b| b.fixed.iter())
                            .filter(|f| inside(&f.0))
                            .map(|f| (f.0, f.1))
                            .collect();
                        let path: Vec<[f32; 2]> = path.iter().copied().filter(inside).collect();
                        let scene = LandscapeScene {
                            x_range: p.u_range,
                            y_range: p.v_range,
                            energy: e,
                            grid_width: GRID,
                            grid_height: GRID,
                            basins: b
                                .as_ref()
                                .map(|b| (b.labels.as_slice(), BASIN_SIDE, BASIN_SIDE)),
                            patterns: &patterns,
                            fixed_points: &fixed,
                            trajectory: &path,
                            axis_labels: ("u (plane coordinate)", "v (plane coordinate)"),
                        };
                        draw_on_canvas(&canvas, &scene)
                    })
                })
            })
        });
        failure.set(outcome.err());
    });

    let names = move || {
        config.with(|c| {
            set.with(|s| {
                let Ok(s) = s.as_ref() else {
                    return String::new();
                };
                c.anchors
                    .iter()
                    .map(|a| match a {
                        crate::lab::landscape::high_dim::Anchor::Pattern(mu) => {
                            s.labels.get(*mu).cloned().unwrap_or_default()
                        }
                        crate::lab::landscape::high_dim::Anchor::Query => "the query".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
    };
    view! {
        <figure
            class="panel landscape-figure"
            data-testid="hd-plane"
            data-progress=move || format!("{:.3}", progress.get())
            data-fixed=move || basins.with(|b| b.as_ref().map(|b| b.fixed.len()).unwrap_or(0))
            data-global=move || counts.get().map(|c| c[0]).unwrap_or(0)
            data-metastable=move || counts.get().map(|c| c[1]).unwrap_or(0)
            data-single=move || counts.get().map(|c| c[2]).unwrap_or(0)
        >
            <canvas
                node_ref=node
                width=SIZE.0
                height=SIZE.1
                role="img"
                aria-label=move || format!(
                    "Energy on the plane through {} at β = {}",
                    names(),
                    format_beta(beta.get())
                )
            ></canvas>
            {move || failure.get().or_else(|| job_error.get()).map(notice::plot_error)}
            <figcaption>
                <ul class="legend" aria-label="legend" inner_html=move || {
                    kinds_html(counts.get())
                        + &legend_html(&[
                            ("pattern", "stored pattern (projected)"),
                            ("query", "query and its updates (projected)"),
                        ])
                }></ul>
                {move || format!("E(ξ) on the plane through {} (the first at the origin, the second on the u axis). ", names())}
                {move || {
                    let done = progress.get();
                    if loading.get() && done < 1.0 {
                        "Basins: loading the compute module…".to_string()
                    } else if done < 1.0 {
                        format!("Basins: relaxing {BASIN_SIDE}×{BASIN_SIDE} starts on the plane… {:.0} %", done * 100.0)
                    } else {
                        "White lines: borders between the basins of the fixed points reached from the plane.".to_string()
                    }
                }}
                // Gone once done: a full bar left on screen reads as work still under way.
                <progress max="1" value=move || progress.get() aria-label="basin map progress" class:hidden=move || { progress.get() >= 1.0 }></progress>
                <ul class="fixed-list" aria-label="fixed points reached from the plane" inner_html=move || {
                    basins.with(|b| {
                        let items: Vec<(&str, &str)> = b
                            .iter()
                            .flat_map(|b| b.fixed.iter())
                            .map(|f| (f.1.name(), f.2.as_str()))
                            .collect();
                        legend_html(&items)
                    })
                }></ul>
            </figcaption>
        </figure>
    }
}

/// The finished map as the figure shows it: the labels, and each fixed point projected with
/// its kind and name.
fn found(map: &BasinMap, p: &PlaneSetup, labels: &[String]) -> Basins {
    Basins {
        labels: map.labels().to_vec(),
        fixed: map
            .fixed_points()
            .iter()
            .filter_map(|f| {
                let (u, v) = p.plane.coords(&f.state).ok()?;
                // The search's kind: no "global" beside another point.
                let reached = Reached {
                    kind: f.kind,
                    ..Reached::of(&f.weights)?
                };
                Some(([u, v], f.kind, escape(&reached.name(labels))))
            })
            .collect(),
    }
}
