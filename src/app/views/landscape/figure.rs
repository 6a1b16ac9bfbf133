//! The 2-D landscape's canvas and what the pointer does on it: a press on a stored pattern
//! drags it (the landscape, fixed points, slice and bifurcation diagram follow); elsewhere a
//! click drops a query, adds a point or removes the one under it, as the mode says
//! (shift-click always adds).

use crate::app::components::notice;
use leptos::html::Canvas;
use leptos::prelude::*;

use super::analysis::{GRID, point2};
use super::heat_canvas::draw_on_canvas;
use super::points_view::Points;
use crate::app::canvas::event_pixel;
use crate::app::components::beta_slider::format_beta;
use crate::engine::fixed_points::FixedPointKind;
use crate::lab::landscape::markup::{kinds_html, legend_html};
use crate::lab::landscape::settings::{PointerMode, grab};
use crate::plots::landscape::{LandscapeFrame, LandscapeScene};

/// Canvas size (pixels).
const SIZE: (u32, u32) = (480, 400);
/// Cells per side of the basin map (each cell is a full relaxation).
pub const BASIN_GRID: usize = 100;
/// Cells per side of the basin map while β sweeps (a quarter of the relaxations: the workers
/// then keep up with the frames on most sets).
pub const BASIN_GRID_PLAYING: usize = 50;

/// The landscape figure of the 2-D section.
#[component]
pub fn LandscapeFigure(p: Points) -> impl IntoView {
    let settings = p.state.settings;
    let node = NodeRef::<Canvas>::new();
    let frame = RwSignal::new(None::<LandscapeFrame>);
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = node.get() else { return };
        let traj: Vec<[f32; 2]> = p.descent.with(|d| match d {
            Some(Ok(d)) => d.states.clone(),
            _ => Vec::new(),
        });
        let outcome = p.basins.with(|basin_map| {
            p.analysis.with(|a| {
                let a = a.as_ref().map_err(|e| e.clone())?;
                let patterns: Vec<[f32; 2]> = a.patterns.iter().map(point2).collect();
                let fixed: Vec<([f32; 2], FixedPointKind)> =
                    a.fixed.iter().map(|f| (point2(&f.state), f.kind)).collect();
                let scene = LandscapeScene {
                    x_range: a.x_range,
                    y_range: a.y_range,
                    energy: &a.energy,
                    grid_width: GRID,
                    grid_height: GRID,
                    basins: basin_map
                        .as_ref()
                        .map(|(b, side)| (b.as_slice(), *side, *side)),
                    patterns: &patterns,
                    fixed_points: &fixed,
                    trajectory: &traj,
                    axis_labels: ("ξ₁", "ξ₂"),
                };
                draw_on_canvas(&canvas, &scene)
            })
        });
        match outcome {
            Ok(f) => {
                frame.set(Some(f));
                failure.set(None);
            }
            Err(msg) => failure.set(Some(msg)),
        }
    });

    // Where the pointer is, in the plane, clamped to the plot area while dragging.
    let locate = move |ev: &web_sys::MouseEvent, clamp: bool| {
        let canvas = node.get_untracked()?;
        let f = frame.get_untracked()?;
        let (mut px, mut py) = event_pixel(&canvas, ev)?;
        if clamp {
            let r = f.plot;
            px = px.clamp(r.left as f64, (r.left + r.width as i32) as f64);
            py = py.clamp(r.top as f64, (r.top + r.height as i32) as f64);
        }
        let (x, y) = f.to_plane(px, py)?;
        let grabbed = settings.with_untracked(|s| {
            let pixels: Vec<(f64, f64)> = s.points.iter().map(|q| f.to_pixel(q[0], q[1])).collect();
            grab(&pixels, (px, py))
        });
        Some(([x, y], grabbed))
    };
    let on_down = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        let Some((at, grabbed)) = locate(&ev, false) else {
            return;
        };
        let mode = settings.with_untracked(|s| s.mode);
        let outcome = match (grabbed, mode) {
            _ if ev.shift_key() => settings.try_update(|s| s.add_point(at)),
            (Some(i), PointerMode::Remove) => settings.try_update(|s| s.remove_point(i)),
            (Some(i), _) => {
                ev.prevent_default();
                if let Some(canvas) = node.get_untracked() {
                    let _ = canvas.set_pointer_capture(ev.pointer_id());
                }
                p.dragging.set(Some(i));
                None
            }
            (None, PointerMode::Query) => {
                settings.update(|s| s.query = Some(at));
                None
            }
            (None, PointerMode::Add) => settings.try_update(|s| s.add_point(at)),
            (None, PointerMode::Remove) => Some(Err("no point under the pointer to remove".into())),
        };
        p.edit_error.set(outcome.and_then(|r| r.err()));
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(i) = p.dragging.get_untracked() else {
            return;
        };
        if let Some((at, _)) = locate(&ev, true) {
            settings.update(|s| {
                s.drag_point(i, at);
            });
        }
    };
    let on_up = move |_: web_sys::PointerEvent| {
        if p.dragging.get_untracked().is_some() {
            p.dragging.set(None);
            settings.update(|s| s.refit_if_needed());
        }
    };

    // The points' canvas pixels, for tests that drag them with a real pointer.
    let points_px = move || {
        frame.with(|f| {
            let Some(f) = f else { return String::new() };
            settings.with(|s| {
                s.points
                    .iter()
                    .map(|q| {
                        let (x, y) = f.to_pixel(q[0], q[1]);
                        format!("{x:.1},{y:.1}")
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            })
        })
    };
    let counts = p.counts;
    let label = move || {
        let [g, m, s] = counts.get();
        format!(
            "Energy landscape of {} points with {g} global, {m} metastable, {s} single fixed points at β = {}",
            settings.with(|s| s.points.len()),
            format_beta(p.state.beta.get())
        )
    };
    view! {
        <figure
            class="panel landscape-figure"
            data-testid="landscape"
            data-panel="landscape"
            data-global=move || counts.get()[0]
            data-metastable=move || counts.get()[1]
            data-single=move || counts.get()[2]
            data-points=move || settings.with(|s| s.points.len())
            data-fixed=move || p.fixed_summary.get()
            data-beta=move || format_beta(p.state.beta.get())
            data-basins=move || p.basins_at.get().map(format_beta).unwrap_or_default()
        >
            <canvas
                node_ref=node
                width=SIZE.0
                height=SIZE.1
                role="img"
                class:dragging=move || p.dragging.get().is_some()
                aria-label=label
                data-points-px=points_px
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointercancel=on_up
            ></canvas>
            {move || failure.get().map(notice::plot_error)}
            <figcaption>
                <ul class="legend" aria-label="legend" inner_html=move || {
                    kinds_html(Some(counts.get()))
                        + &legend_html(&[
                            ("pattern", "stored pattern x<sub>μ</sub>"),
                            ("query", "query ξ and its updates"),
                        ])
                }></ul>
                "E(ξ) over the plane (contours, viridis: dark = low). Drag a pattern to move it; a click "
                {move || match settings.with(|s| s.mode) {
                    PointerMode::Query => "drops a query",
                    PointerMode::Add => "adds a pattern",
                    PointerMode::Remove => "on a pattern removes it",
                }}
                " (shift-click adds)."
            </figcaption>
        </figure>
    }
}
