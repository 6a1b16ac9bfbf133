//! The energy landscape and β explorer (`?view=landscape`): E(ξ) of a 2-D preset as a heat map
//! with its fixed points by kind, a query's trajectory on click, and the bifurcation diagram
//! of the fixed points against log β with a cursor at the current β. Playing sweeps β from
//! small (one global average) to large (one fixed point per pattern).

use std::time::Duration;

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::app::canvas::{PlotCanvas, draw_with_blit};
use crate::app::components::beta_slider::{BetaSlider, format_beta};
use crate::engine::fixed_points::{
    Axis, FixedPoint, FixedPointKind, FixedPointOptions, find_fixed_points, log_grid,
};
use crate::engine::landscape::{self, Preset};
use crate::engine::modern::DEFAULT_TOL;
use crate::engine::{ModernHopfield, PatternSet, SeededRng};
use crate::plots::bifurcation::{BifurcationColumn, draw_bifurcation};
use crate::plots::landscape::{LandscapeFrame, LandscapeScene, draw_landscape};

/// β range of the slider and of the bifurcation diagram.
const BETA_MIN: f32 = 1e-2;
const BETA_MAX: f32 = 1e3;
/// Cells per side of the energy grid.
const GRID: usize = 200;
/// Cells per side of the basin map (each cell is a full relaxation).
const BASIN_GRID: usize = 100;
/// Most updates per basin start.
const BASIN_STEPS: usize = 300;
/// β values of the bifurcation sweep.
const SWEEP_COUNT: usize = 40;
/// Seed of the fixed-point search (the engine tests use the same).
const SEED: u64 = 7;
/// Seed of the random preset.
const RANDOM_SEED: u64 = 1;
/// Most updates of a query's trajectory.
const QUERY_STEPS: usize = 200;
/// Canvas sizes (pixels).
const LANDSCAPE_SIZE: (u32, u32) = (480, 400);
const BIFURCATION_SIZE: (u32, u32) = (420, 400);
/// Play speed: decades of β per second, and the slower stepping under reduced motion.
const DECADES_PER_SECOND: f64 = 0.6;
const REDUCED_STEP_DECADES: f64 = 0.25;
const REDUCED_STEP_MS: f64 = 800.0;

/// A small inline-SVG copy of a plot marker, for legends and the table.
fn marker_icon(shape: &'static str) -> impl IntoView {
    let body = match shape {
        "global" => view! { <polygon points="6,0 12,6 6,12 0,6" fill="#ff7f0e" stroke="#000" /> }.into_any(),
        "metastable" => view! { <polygon points="6,0.5 11.5,11 0.5,11" fill="#e754b2" stroke="#000" /> }.into_any(),
        "single" => view! { <circle cx="6" cy="6" r="5" fill="#fff" stroke="#000" /> }.into_any(),
        "pattern" => view! { <path d="M2,2 L10,10 M2,10 L10,2" stroke="#000" stroke-width="2" /> }.into_any(),
        "query" => view! { <g><rect x="1.5" y="1.5" width="9" height="9" fill="#fff" stroke="#e62828" stroke-width="2" /></g> }.into_any(),
        _ => view! { <path d="M6,0 L6,12" stroke="#3b528b" stroke-width="2.5" /> }.into_any(),
    };
    view! {
        <svg class="marker" viewBox="-1 -1 14 14" width="13" height="13" aria-hidden="true">{body}</svg>
    }
}

/// The presets in menu order (the value of each option is its engine name).
fn presets() -> [Preset; 5] {
    [
        Preset::TwoCloseOneFar,
        Preset::ThreeSeparated,
        Preset::TwoClusters,
        Preset::Ring,
        Preset::Random { seed: RANDOM_SEED },
    ]
}

fn preset_title(preset: Preset) -> &'static str {
    match preset {
        Preset::TwoCloseOneFar => "two close, one far",
        Preset::ThreeSeparated => "three separated",
        Preset::TwoClusters => "two clusters",
        Preset::Ring => "ring of eight",
        Preset::Random { .. } => "random (eight points)",
    }
}

/// The landscape at one β: the energy grid and the fixed points.
#[derive(Debug, Clone, PartialEq)]
struct Analysis {
    patterns: PatternSet,
    x_range: (f32, f32),
    y_range: (f32, f32),
    energy: Vec<f32>,
    fixed: Vec<FixedPoint>,
    max_norm: f32,
}

impl Analysis {
    fn count(&self, kind: FixedPointKind) -> usize {
        self.fixed.iter().filter(|f| f.kind == kind).count()
    }
}

fn analyse(preset: Preset, beta: f32) -> Result<Analysis, String> {
    let err = |e: crate::engine::EngineError| e.to_string();
    let patterns = preset.patterns().map_err(err)?;
    let (x_range, y_range) = landscape::view_ranges(&patterns).map_err(err)?;
    let net = ModernHopfield::new(patterns.clone(), beta).map_err(err)?;
    let energy = landscape::energy_grid(&net, x_range, y_range, GRID, GRID).map_err(err)?;
    let fixed = find_fixed_points(
        &net,
        &FixedPointOptions::default(),
        &mut SeededRng::new(SEED),
    )
    .map_err(err)?;
    Ok(Analysis {
        max_norm: patterns.max_norm(),
        patterns,
        x_range,
        y_range,
        energy,
        fixed,
    })
}

/// A query's way down: the states and E at each.
#[derive(Debug, Clone, PartialEq)]
struct Descent {
    states: Vec<[f32; 2]>,
    energies: Vec<f32>,
    converged: bool,
}

fn descend(a: &Analysis, beta: f32, query: [f32; 2]) -> Result<Descent, String> {
    let err = |e: crate::engine::EngineError| e.to_string();
    let net = ModernHopfield::new(a.patterns.clone(), beta).map_err(err)?;
    let traj = net
        .retrieve(&query, QUERY_STEPS, DEFAULT_TOL)
        .map_err(err)?;
    Ok(Descent {
        states: traj
            .states
            .iter()
            .map(|s| {
                [
                    s.first().copied().unwrap_or(0.0),
                    s.get(1).copied().unwrap_or(0.0),
                ]
            })
            .collect(),
        energies: traj.energies.clone(),
        converged: traj.converged,
    })
}

fn point2(state: &[f32]) -> [f32; 2] {
    [
        state.first().copied().unwrap_or(0.0),
        state.get(1).copied().unwrap_or(0.0),
    ]
}

/// Computes the bifurcation sweep one β per macrotask (a few ms each), so that the page stays
/// responsive; a newer `generation` (another preset) stops an older run.
fn sweep_step(
    patterns: PatternSet,
    axis: std::sync::Arc<Axis>,
    betas: std::sync::Arc<Vec<f32>>,
    k: usize,
    generation: u64,
    current: StoredValue<u64>,
    out: RwSignal<Vec<BifurcationColumn>>,
) {
    if current.try_get_value() != Some(generation) || k >= betas.len() {
        return;
    }
    let beta = betas[k];
    let column = ModernHopfield::new(patterns.clone(), beta)
        .and_then(|net| {
            find_fixed_points(
                &net,
                &FixedPointOptions::default(),
                &mut SeededRng::new(SEED),
            )
        })
        .map(|points| BifurcationColumn {
            beta,
            points: points
                .iter()
                .map(|p| (axis.coordinate(&p.state), p.kind))
                .collect(),
        });
    if let Ok(column) = column {
        out.try_update(|cols| cols.push(column));
    }
    set_timeout(
        move || sweep_step(patterns, axis, betas, k + 1, generation, current, out),
        Duration::ZERO,
    );
}

/// Whether the user asked the system for reduced motion.
fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .map(|m| m.matches())
        .unwrap_or(false)
}

/// The play loop's state; every field is a cheap handle.
#[derive(Clone, Copy)]
struct Player {
    beta: RwSignal<f32>,
    playing: RwSignal<bool>,
    handle: StoredValue<Option<AnimationFrameRequestHandle>>,
    reduced: bool,
}

impl Player {
    /// Starts (from the low end when β is already at the top) or stops the sweep.
    fn toggle(self) {
        if self.playing.get_untracked() {
            self.stop();
            return;
        }
        if self.beta.get_untracked() >= BETA_MAX * 0.999 {
            self.beta.set(BETA_MIN);
        }
        self.playing.set(true);
        let now = js_sys::Date::now();
        self.schedule(now, now);
    }

    fn stop(self) {
        if let Some(Some(handle)) = self.handle.try_get_value() {
            handle.cancel();
        }
        self.handle.try_update_value(|h| *h = None);
        self.playing.try_set(false);
    }

    fn schedule(self, last: f64, last_step: f64) {
        let handle = request_animation_frame_with_handle(move || self.frame(last, last_step)).ok();
        self.handle.try_update_value(|h| *h = handle);
    }

    fn frame(self, last: f64, last_step: f64) {
        if self.playing.try_get_untracked() != Some(true) {
            return;
        }
        let Some(beta) = self.beta.try_get_untracked() else {
            return;
        };
        let now = js_sys::Date::now();
        let top = (BETA_MAX as f64).log10();
        let mut exponent = (beta as f64).log10();
        let mut stepped = last_step;
        if self.reduced {
            if now - last_step >= REDUCED_STEP_MS {
                exponent += REDUCED_STEP_DECADES;
                stepped = now;
            }
        } else {
            exponent += (now - last).clamp(0.0, 100.0) / 1000.0 * DECADES_PER_SECOND;
        }
        let done = exponent >= top;
        self.beta.try_set(10f64.powf(exponent.min(top)) as f32);
        if done {
            self.stop();
        } else {
            self.schedule(now, stepped);
        }
    }
}

/// The landscape view.
#[component]
pub fn Landscape() -> impl IntoView {
    let preset = RwSignal::new(Preset::TwoCloseOneFar);
    let beta = RwSignal::new(1.0f32);
    let query = RwSignal::new(None::<[f32; 2]>);
    let show_basins = RwSignal::new(false);
    let playing = RwSignal::new(false);

    let analysis = Memo::new(move |_| analyse(preset.get(), beta.get()));
    let descent = Memo::new(move |_| {
        let q = query.get()?;
        let b = beta.get();
        analysis.with(|a| a.as_ref().ok().map(|a| descend(a, b, q)))
    });
    let basins = Memo::new(move |_| {
        if !show_basins.get() {
            return None;
        }
        let b = beta.get();
        analysis.with(|a| {
            let a = a.as_ref().ok()?;
            let net = ModernHopfield::new(a.patterns.clone(), b).ok()?;
            landscape::basins(
                &net,
                &a.fixed,
                a.x_range,
                a.y_range,
                BASIN_GRID,
                BASIN_GRID,
                BASIN_STEPS,
            )
            .ok()
        })
    });
    let counts = move |kind: FixedPointKind| {
        analysis.with(|a| a.as_ref().map(|a| a.count(kind)).unwrap_or(0))
    };

    // The bifurcation sweep, recomputed (in slices) when the preset changes.
    let sweep = RwSignal::new(Vec::<BifurcationColumn>::new());
    let generation = StoredValue::new(0u64);
    let pattern_coords = Memo::new(move |_| {
        preset
            .get()
            .patterns()
            .map(|p| {
                let axis = Axis::of(&p);
                p.iter().map(|x| axis.coordinate(x)).collect::<Vec<f32>>()
            })
            .unwrap_or_default()
    });
    Effect::new(move |_| {
        let chosen = preset.get();
        let next = generation.try_get_value().unwrap_or(0) + 1;
        generation.try_update_value(|g| *g = next);
        sweep.set(Vec::new());
        let (Ok(patterns), Ok(betas)) =
            (chosen.patterns(), log_grid(BETA_MIN, BETA_MAX, SWEEP_COUNT))
        else {
            return;
        };
        let axis = std::sync::Arc::new(Axis::of(&patterns));
        let betas = std::sync::Arc::new(betas);
        set_timeout(
            move || sweep_step(patterns, axis, betas, 0, next, generation, sweep),
            Duration::ZERO,
        );
    });

    let player = Player {
        beta,
        playing,
        handle: StoredValue::new(None),
        reduced: prefers_reduced_motion(),
    };
    on_cleanup(move || player.stop());

    // The landscape canvas: plotters for the frame and markers, one ImageData for the heat map.
    let node = NodeRef::<Canvas>::new();
    let frame = StoredValue::new(None::<LandscapeFrame>);
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = node.get() else { return };
        let traj: Vec<[f32; 2]> = descent.with(|d| match d {
            Some(Ok(d)) => d.states.clone(),
            _ => Vec::new(),
        });
        let outcome = basins.with(|basin_map| {
            analysis.with(|a| {
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
                        .map(|b| (b.as_slice(), BASIN_GRID, BASIN_GRID)),
                    patterns: &patterns,
                    fixed_points: &fixed,
                    trajectory: &traj,
                };
                draw_on_canvas(&canvas, &scene)
            })
        });
        match outcome {
            Ok(f) => {
                frame.try_update_value(|slot| *slot = Some(f));
                failure.set(None);
            }
            Err(msg) => failure.set(Some(msg)),
        }
    });
    let on_canvas_click = move |ev: web_sys::MouseEvent| {
        let Some(canvas) = node.get_untracked() else {
            return;
        };
        let Some(Some(f)) = frame.try_get_value() else {
            return;
        };
        let rect = canvas.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return;
        }
        let sx = canvas.width() as f64 / rect.width();
        let sy = canvas.height() as f64 / rect.height();
        let px = (ev.client_x() as f64 - rect.left()) * sx;
        let py = (ev.client_y() as f64 - rect.top()) * sy;
        if let Some((x, y)) = f.to_plane(px, py) {
            query.set(Some([x, y]));
        }
    };

    let landscape_label = move || {
        format!(
            "Energy landscape of the {} preset with {} global, {} metastable, {} single fixed points at β = {}",
            preset_title(preset.get()),
            counts(FixedPointKind::Global),
            counts(FixedPointKind::Metastable),
            counts(FixedPointKind::Single),
            format_beta(beta.get())
        )
    };

    view! {
        <section class="landscape-view" aria-label="Energy landscape and β explorer">
            <div class="controls">
                <label class="control">
                    <span class="control-label">"pattern set (d = 2)"</span>
                    <select
                        data-testid="landscape-preset"
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            if let Some(p) = presets().into_iter().find(|p| p.name() == name) {
                                query.set(None);
                                preset.set(p);
                            }
                        }
                        prop:value=move || preset.get().name()
                    >
                        {presets().into_iter().map(|p| view! {
                            <option value=p.name() selected=move || preset.get() == p>{preset_title(p)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <BetaSlider beta=beta min=BETA_MIN max=BETA_MAX />
                <button
                    type="button"
                    class="play"
                    data-testid="landscape-play"
                    aria-pressed=move || playing.get().to_string()
                    on:click=move |_| player.toggle()
                >
                    {move || if playing.get() { "❚❚ pause" } else { "▶ sweep β" }}
                </button>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="landscape-basins"
                        prop:checked=move || show_basins.get()
                        on:change=move |ev| show_basins.set(event_target_checked(&ev))
                    />
                    " basin boundaries"
                </label>
                <button
                    type="button"
                    data-testid="landscape-clear"
                    disabled=move || query.get().is_none()
                    on:click=move |_| query.set(None)
                >"clear query"</button>
            </div>
            {move || analysis.with(|a| a.as_ref().err().map(|msg| view! {
                <p class="notice" data-testid="notice" role="status">{msg.clone()}</p>
            }))}
            <div class="landscape-panels">
                <figure
                    class="panel landscape-figure"
                    data-testid="landscape"
                    data-global=move || counts(FixedPointKind::Global)
                    data-metastable=move || counts(FixedPointKind::Metastable)
                    data-single=move || counts(FixedPointKind::Single)
                    data-beta=move || format_beta(beta.get())
                >
                    <canvas
                        node_ref=node
                        width=LANDSCAPE_SIZE.0
                        height=LANDSCAPE_SIZE.1
                        role="img"
                        aria-label=landscape_label
                        on:click=on_canvas_click
                    ></canvas>
                    {move || failure.get().map(|msg| view! { <p class="plot-error" data-testid="notice">{msg}</p> })}
                    <figcaption>
                        <ul class="legend" aria-label="legend">
                            <li>{marker_icon("global")}{move || format!("global fixed point ({})", counts(FixedPointKind::Global))}</li>
                            <li>{marker_icon("metastable")}{move || format!("metastable state ({})", counts(FixedPointKind::Metastable))}</li>
                            <li>{marker_icon("single")}{move || format!("single-pattern fixed point ({})", counts(FixedPointKind::Single))}</li>
                            <li>{marker_icon("pattern")}"stored pattern x"<sub>"μ"</sub></li>
                            <li>{marker_icon("query")}"query ξ and its updates"</li>
                        </ul>
                        "E(ξ) over the plane (contours, viridis: dark = low). Click to drop a query."
                    </figcaption>
                </figure>
                <figure class="panel bifurcation-figure" data-testid="bifurcation"
                    data-columns=move || sweep.with(|s| s.len())
                >
                    <PlotCanvas
                        width=BIFURCATION_SIZE.0
                        height=BIFURCATION_SIZE.1
                        label=Signal::derive(move || format!(
                            "Bifurcation diagram of the {} preset: fixed points against log₁₀ β from 0.01 to 1000, cursor at β = {}",
                            preset_title(preset.get()),
                            format_beta(beta.get())
                        ))
                        draw=move |area| sweep.with(|cols| pattern_coords.with(|coords| {
                            draw_bifurcation(area, cols, (BETA_MIN, BETA_MAX), coords, Some(beta.get()))
                        }))
                    />
                    <figcaption>
                        <ul class="legend" aria-label="legend">
                            <li>{marker_icon("global")}"global"</li>
                            <li>{marker_icon("metastable")}"metastable"</li>
                            <li>{marker_icon("single")}"single pattern"</li>
                            <li>{marker_icon("cursor")}"current β"</li>
                            <li><span class="guide" aria-hidden="true"></span>"pattern x"<sub>"μ"</sub></li>
                        </ul>
                        {move || {
                            let done = sweep.with(|s| s.len());
                            if done < SWEEP_COUNT {
                                format!("Fixed points against β (computing {done} of {SWEEP_COUNT} β values…)")
                            } else {
                                format!("Fixed points at {SWEEP_COUNT} values of β; the line marks the current β.")
                            }
                        }}
                    </figcaption>
                </figure>
                <aside class="panel landscape-side" aria-label="Formula and fixed points">
                    <h2>"Energy"</h2>
                    <math display="block" aria-label="E of xi equals minus lse of beta and X transpose xi, plus one half xi transpose xi, plus beta inverse log N, plus one half M squared">
                        <mtable columnalign="left">
                            <mtr><mtd>
                                <mi>"E"</mi><mo>"("</mo><mi>"ξ"</mi><mo>")"</mo><mo>"="</mo>
                                <mo>"−"</mo><mi>"lse"</mi><mo>"("</mo><mi>"β"</mi><mo>","</mo>
                                <msup><mi>"X"</mi><mi>"T"</mi></msup><mi>"ξ"</mi><mo>")"</mo>
                                <mo>"+"</mo><mfrac><mn>"1"</mn><mn>"2"</mn></mfrac>
                                <msup><mi>"ξ"</mi><mi>"T"</mi></msup><mi>"ξ"</mi>
                            </mtd></mtr>
                            <mtr><mtd>
                                <mspace width="2em"></mspace>
                                <mo>"+"</mo><msup><mi>"β"</mi><mrow><mo>"−"</mo><mn>"1"</mn></mrow></msup>
                                <mi>"ln"</mi><mi>"N"</mi>
                                <mo>"+"</mo><mfrac><mn>"1"</mn><mn>"2"</mn></mfrac><msup><mi>"M"</mi><mn>"2"</mn></msup>
                            </mtd></mtr>
                        </mtable>
                    </math>
                    <math display="block" aria-label="lse of beta and z equals beta inverse log of the sum over i of exp of beta z i">
                        <mi>"lse"</mi><mo>"("</mo><mi>"β"</mi><mo>","</mo><mi>"z"</mi><mo>")"</mo><mo>"="</mo>
                        <msup><mi>"β"</mi><mrow><mo>"−"</mo><mn>"1"</mn></mrow></msup>
                        <mi>"ln"</mi><munder><mo>"∑"</mo><mi>"i"</mi></munder>
                        <mi>"exp"</mi><mo>"("</mo><mi>"β"</mi><msub><mi>"z"</mi><mi>"i"</mi></msub><mo>")"</mo>
                    </math>
                    <p class="live">
                        {move || analysis.with(|a| a.as_ref().ok().map(|a| {
                            let n = a.patterns.count();
                            let b = beta.get();
                            format!(
                                "N = {n}, d = 2, M = {:.2}, β = {}: β⁻¹ ln N = {:.3}, ½M² = {:.3}",
                                a.max_norm,
                                format_beta(b),
                                (n as f32).ln() / b,
                                0.5 * a.max_norm * a.max_norm
                            )
                        }))}
                    </p>
                    <h2>"Fixed points at this β"</h2>
                    <table class="fixed-points">
                        <thead><tr><th scope="col">"kind"</th><th scope="col">"ξ*"</th><th scope="col">"E(ξ*)"</th><th scope="col">"k₉₀ / N"</th></tr></thead>
                        <tbody>
                            {move || analysis.with(|a| a.as_ref().ok().map(|a| {
                                let n = a.patterns.count();
                                a.fixed.iter().map(|f| {
                                    let p = point2(&f.state);
                                    view! {
                                        <tr class=format!("kind-{}", f.kind.name())>
                                            <td>{marker_icon(f.kind.name())}" "{f.kind.name()}</td>
                                            <td>{format!("({:.2}, {:.2})", p[0], p[1])}</td>
                                            <td>{format!("{:.3}", f.energy)}</td>
                                            <td>{format!("{} / {n}", f.k90)}</td>
                                        </tr>
                                    }
                                }).collect_view()
                            }))}
                        </tbody>
                    </table>
                    <h2>"Query"</h2>
                    {move || match descent.get() {
                        None => view! { <p class="hint">"Click the landscape to drop a query ξ."</p> }.into_any(),
                        Some(Err(msg)) => view! { <p class="plot-error">{msg}</p> }.into_any(),
                        Some(Ok(d)) => {
                            let start = d.states.first().copied().unwrap_or([0.0, 0.0]);
                            let end = d.states.last().copied().unwrap_or([0.0, 0.0]);
                            let steps = d.states.len().saturating_sub(1);
                            view! {
                                <p data-testid="landscape-query" data-steps=steps>
                                    {format!(
                                        "ξ = ({:.2}, {:.2}) → ({:.2}, {:.2}) in {steps} update{}{}",
                                        start[0], start[1], end[0], end[1],
                                        if steps == 1 { "" } else { "s" },
                                        if d.converged { "" } else { " (not converged)" }
                                    )}
                                </p>
                                <ol class="energies" start="0" aria-label="energy after each update">
                                    {d.energies.iter().take(12).enumerate().map(|(t, e)| view! {
                                        <li>{format!("t = {t}: E = {e:.4}")}</li>
                                    }).collect_view()}
                                    {(d.energies.len() > 12).then(|| view! { <li class="more">"…"</li> })}
                                </ol>
                            }.into_any()
                        }
                    }}
                </aside>
            </div>
        </section>
    }
}

/// Draws `scene` on `canvas`: plotters for everything but the heat map, which is put as one
/// `ImageData` into the plot area.
fn draw_on_canvas(
    canvas: &web_sys::HtmlCanvasElement,
    scene: &LandscapeScene,
) -> Result<LandscapeFrame, String> {
    draw_with_blit(canvas, |area, blit| draw_landscape(area, scene, Some(blit)))
}
