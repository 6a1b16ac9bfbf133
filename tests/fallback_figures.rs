//! The static figures shown when the app cannot run (no JavaScript or no WebAssembly): the
//! energy landscape and the bifurcation diagram of the "two close, one far" patterns, drawn by
//! the same engine and plot code as the app into `www/fallback/*.svg`. The test fails when the
//! committed files differ from what the code draws now; `HOPFIELD_WRITE_FALLBACK=1 cargo test
//! --test fallback_figures` rewrites them.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;

use hopfield_lab::engine::fixed_points::{
    FixedPointKind, FixedPointOptions, find_fixed_points, log_grid,
};
use hopfield_lab::engine::landscape::{self, Preset};
use hopfield_lab::engine::{ModernHopfield, SeededRng};
use hopfield_lab::lab::landscape::bifurcation::{Axes, column};
use hopfield_lab::plots::bifurcation::{BifurcationColumn, draw_bifurcation};
use hopfield_lab::plots::landscape::{LandscapeScene, draw_landscape};
use plotters::prelude::*;

const PRESET: Preset = Preset::TwoCloseOneFar;
const BETA: f32 = 1.0;
const SEED: u64 = 7;

fn point2(state: &[f32]) -> [f32; 2] {
    [state[0], state[1]]
}

fn landscape_svg() -> String {
    let patterns = PRESET.patterns().unwrap();
    let (x_range, y_range) = landscape::view_ranges(&patterns).unwrap();
    let net = ModernHopfield::new(patterns.clone(), BETA).unwrap();
    let grid = 64;
    let energy = landscape::energy_grid(&net, x_range, y_range, grid, grid).unwrap();
    let options = FixedPointOptions::default();
    let fixed = find_fixed_points(&net, &options, &mut SeededRng::new(SEED)).unwrap();
    let points: Vec<[f32; 2]> = patterns.iter().map(point2).collect();
    let fixed: Vec<([f32; 2], FixedPointKind)> =
        fixed.iter().map(|f| (point2(&f.state), f.kind)).collect();
    let scene = LandscapeScene {
        x_range,
        y_range,
        energy: &energy,
        grid_width: grid,
        grid_height: grid,
        basins: None,
        patterns: &points,
        fixed_points: &fixed,
        trajectory: &[],
        axis_labels: ("ξ₁", "ξ₂"),
    };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (480, 400)).into_drawing_area();
        draw_landscape(&area, &scene, None).unwrap();
    }
    svg
}

fn bifurcation_svg() -> String {
    let patterns = PRESET.patterns().unwrap();
    let axes = Axes::of(&patterns);
    let columns: Vec<BifurcationColumn> = log_grid(1e-2, 1e3, 40)
        .unwrap()
        .into_iter()
        .map(|beta| column(&patterns, &axes, beta, SEED).unwrap())
        .collect();
    let coords: Vec<[f32; 2]> = patterns.iter().map(|x| axes.coords(x)).collect();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (420, 400)).into_drawing_area();
        draw_bifurcation(&area, &columns, (1e-2, 1e3), &coords, Some(BETA)).unwrap();
    }
    svg
}

#[test]
fn committed_fallback_figures_match_the_plot_code() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/fallback");
    let write = std::env::var_os("HOPFIELD_WRITE_FALLBACK").is_some();
    for (name, svg) in [
        ("landscape.svg", landscape_svg()),
        ("bifurcation.svg", bifurcation_svg()),
    ] {
        assert!(svg.starts_with("<svg") && svg.contains("</svg>"), "{name}");
        let path = dir.join(name);
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &svg).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (HOPFIELD_WRITE_FALLBACK=1 writes it)",
                path.display()
            )
        });
        assert!(
            committed == svg,
            "{name} is stale: rerun with HOPFIELD_WRITE_FALLBACK=1"
        );
    }
}
