//! The 2-D section: patterns are points in the plane. Its controls (preset, β, sweep, basins,
//! what a click does), the landscape, the bifurcation diagram, the 1-D slice, the list of points
//! and the side column.

use crate::app::components::notice;
use leptos::prelude::*;

use super::LandscapeState;
use super::analysis::{Analysis, Descent, analyse, descend, point2};
use super::bifurcation::BifurcationFigure;
use super::editor::PointsEditor;
use super::figure::{BASIN_GRID, BASIN_GRID_PLAYING, LandscapeFigure};
use super::player::{PlayButton, Player};
use super::side::SidePanel;
use super::slice::SliceFigure;
use crate::app::components::beta_slider::BetaSlider;
use crate::app::compute::{self, latest::follow};
use crate::compute::landscape::basin_map_plan;
use crate::engine::PatternSet;
use crate::engine::fixed_points::FixedPointKind;
use crate::engine::landscape::{Grid, Preset};
use crate::lab::landscape::markup::options_html;
use crate::lab::landscape::settings::PointerMode;

pub use crate::lab::landscape::link::BETA_RANGE;
use crate::lab::landscape::link::RANDOM_SEED;
/// Most updates per basin start.
const BASIN_STEPS: usize = 300;

/// What a basin map is computed from: the points, β, the fixed points the labels name (their
/// states) and the grid over the view.
#[derive(Debug, Clone, PartialEq)]
struct BasinInput {
    patterns: PatternSet,
    beta: f32,
    fixed: Vec<Vec<f32>>,
    grid: Grid,
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

/// What the parts of the 2-D section share; every field is a cheap handle.
#[derive(Clone, Copy)]
pub struct Points {
    /// The view's state.
    pub state: LandscapeState,
    /// The landscape at the current β.
    pub analysis: Memo<Result<Analysis, String>>,
    /// The dropped query's way down.
    pub descent: Memo<Option<Result<Descent, String>>>,
    /// The basin label of each cell and the cells per side, when the basins are shown.
    pub basins: Memo<Option<(Vec<Option<usize>>, usize)>>,
    /// The β of the basin map shown (the newest β once its run is done).
    pub basins_at: Memo<Option<f32>>,
    /// [global, metastable, single] at the current β.
    pub counts: Memo<[usize; 3]>,
    /// "kind x y" of each fixed point, for the test hook.
    pub fixed_summary: Memo<String>,
    /// The point being dragged.
    pub dragging: RwSignal<Option<usize>>,
    /// Why the last edit was refused.
    pub edit_error: RwSignal<Option<String>>,
}

/// The 2-D section.
#[component]
pub fn PointsSection(state: LandscapeState) -> impl IntoView {
    let settings = state.settings;
    let beta = state.beta;
    let patterns = Memo::new(move |_| settings.with(|s| s.patterns().map_err(|e| e.to_string())));
    let view_box = Memo::new(move |_| settings.with(|s| s.view));
    let analysis = Memo::new(move |_| {
        let p = patterns.get()?;
        analyse(p, view_box.get(), beta.get())
    });
    let query = Memo::new(move |_| settings.with(|s| s.query));
    let descent = Memo::new(move |_| {
        let q = query.get()?;
        let b = beta.get();
        analysis.with(|a| a.as_ref().ok().map(|a| descend(a, b, q)))
    });
    let show_basins = Memo::new(move |_| settings.with(|s| s.show_basins));
    let dragging = RwSignal::new(None::<usize>);
    let player = Player::new(beta, BETA_RANGE);
    // Basins cost a relaxation per cell: computed on the compute workers (the newest β
    // once the run before is done, so the sweep never waits for them), not while a point
    // is being dragged, and on a coarser grid while β sweeps.
    let basin_input = Memo::new(move |_| {
        if !show_basins.get() || dragging.get().is_some() {
            return None;
        }
        let side = if player.playing.get() {
            BASIN_GRID_PLAYING
        } else {
            BASIN_GRID
        };
        let beta = beta.get();
        analysis.with(|a| {
            let a = a.as_ref().ok()?;
            Some(BasinInput {
                patterns: a.patterns.clone(),
                beta,
                fixed: a.fixed.iter().map(|f| f.state.clone()).collect(),
                grid: Grid::new(a.x_range, a.y_range, side, side).ok()?,
            })
        })
    });
    let basin_map = follow(basin_input, |input: &BasinInput| {
        basin_map_plan(
            &input.patterns,
            input.beta,
            &input.fixed,
            input.grid,
            BASIN_STEPS,
            compute::workers(),
        )
    });
    let basins = Memo::new(move |_| {
        basin_map.with(|m| match m {
            Some(Ok((input, rows))) => Some((rows.concat(), input.grid.width)),
            _ => None,
        })
    });
    let basins_at = Memo::new(move |_| {
        basin_map.with(|m| match m {
            Some(Ok((input, _))) => Some(input.beta),
            _ => None,
        })
    });
    let basin_error = Memo::new(move |_| {
        basin_map.with(|m| match m {
            Some(Err(message)) => Some(message.clone()),
            _ => None,
        })
    });
    let counts = Memo::new(move |_| {
        analysis.with(|a| match a {
            Ok(a) => [
                a.count(FixedPointKind::Global),
                a.count(FixedPointKind::Metastable),
                a.count(FixedPointKind::Single),
            ],
            Err(_) => [0; 3],
        })
    });
    let fixed_summary = Memo::new(move |_| {
        analysis.with(|a| {
            a.as_ref()
                .map(|a| {
                    a.fixed
                        .iter()
                        .map(|f| {
                            let p = point2(&f.state);
                            format!("{} {:.3} {:.3}", f.kind.name(), p[0], p[1])
                        })
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default()
        })
    });
    let p = Points {
        state,
        analysis,
        descent,
        basins,
        basins_at,
        counts,
        fixed_summary,
        dragging,
        edit_error: RwSignal::new(None),
    };

    view! {
        <div class="controls">
            <label class="control">
                <span class="control-label">"pattern set (d = 2)"</span>
                <select
                    data-testid="landscape-preset"
                    on:change=move |ev| {
                        let name = event_target_value(&ev);
                        if let Some(preset) = presets().into_iter().find(|p| p.name() == name) {
                            settings.update(|s| s.select_preset(preset));
                            p.edit_error.set(None);
                        }
                    }
                    inner_html=move || {
                        let chosen = settings.with(|s| s.preset.name());
                        options_html(presets().map(|p| (p.name().to_string(), preset_title(p))), chosen)
                    }
                ></select>
            </label>
            <BetaSlider beta=beta min=BETA_RANGE.0 max=BETA_RANGE.1 />
            <PlayButton player=player testid="landscape-play" />
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="landscape-basins"
                    prop:checked=move || show_basins.get()
                    on:change=move |ev| settings.update(|s| s.show_basins = event_target_checked(&ev))
                />
                " basin boundaries"
            </label>
            <fieldset class="modes" data-testid="landscape-mode">
                <legend>"a click on the landscape:"</legend>
                {PointerMode::ALL.into_iter().map(|mode| view! {
                    <label class="check">
                        <input
                            type="radio"
                            name="landscape-mode"
                            value=mode.slug()
                            data-testid=format!("landscape-mode-{}", mode.slug())
                            prop:checked=move || settings.with(|s| s.mode == mode)
                            on:change=move |_| settings.update(|s| s.mode = mode)
                        />
                        {mode.title()}
                    </label>
                }).collect_view()}
            </fieldset>
            <button
                type="button"
                data-testid="landscape-clear"
                disabled=move || query.get().is_none()
                on:click=move |_| settings.update(|s| s.query = None)
            >"clear query"</button>
        </div>
        {move || analysis.with(|a| a.as_ref().err().map(|msg| notice::notice(msg.clone())))}
        {move || p.edit_error.get().map(notice::notice)}
        {move || basin_error.get().map(|msg| notice::notice(format!("The basin map could not be computed: {msg}")))}
        <div class="landscape-panels">
            <LandscapeFigure p=p />
            <BifurcationFigure state=state patterns=patterns />
            <SidePanel p=p />
            <SliceFigure p=p />
            <PointsEditor p=p />
        </div>
    }
}
