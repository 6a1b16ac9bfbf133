//! TF.js on its wasm backend (SIMD, one thread) as a peer in the browser: the modern update at
//! d = 4096, N = 1024 and d = 64, N = 20 000, and the 200×200 energy grid with 16 patterns, on
//! the numbers of `benches/cases.rs` (written to `target/tfjs-bench/data/`) in TF.js ops
//! (`benches/tfjs/bench.js`), in headless Chromium's main thread. The page and its scripts are
//! served from `target/tfjs-bench/` (links to `benches/tfjs/` and `.tools/node_modules/`), not
//! from the app's `dist/`. Each case's TF.js result must match the engine's within
//! [`TOLERANCE`] (so both compute the same thing); `BENCH tfjs:<case> <ms> <samples> <error>`
//! goes to `scripts/bench.sh`, which sets it beside the engine's page and worker figures.

use std::path::{Path, PathBuf};
use std::time::Duration;

use hopfield_lab::engine::ModernHopfield;
use hopfield_lab::engine::landscape::energy_grid;
use serde_json::{Value, json};

use crate::support::{Session, poll};

#[allow(dead_code)]
#[path = "../../benches/cases.rs"]
mod cases;

/// Largest |TF.js − engine| allowed, relative to the engine's largest magnitude (at least 1):
/// float32 sums in another order, and TF.js's own exp and log.
const TOLERANCE: f64 = 1e-4;

/// One case: its id and description for the page, the files it reads, the engine's answer.
struct Bench {
    spec: Value,
    files: Vec<(String, Vec<f32>)>,
    expected: Vec<f32>,
}

/// The patterns of `net` as N rows of d (the engine's layout: each pattern contiguous).
fn rows(net: &ModernHopfield) -> Vec<f32> {
    let set = net.patterns();
    (0..set.count())
        .flat_map(|mu| set.pattern(mu).to_vec())
        .collect()
}

fn modern(id: &str, d: usize, n: usize) -> Bench {
    let (net, query) = cases::modern_inputs(d, n);
    Bench {
        spec: json!({ "id": id, "kind": "modern", "d": d, "n": n, "beta": net.beta() }),
        expected: net.update(&query).unwrap(),
        files: vec![
            (format!("{id}.x.f32"), rows(&net)),
            (format!("{id}.q.f32"), query),
        ],
    }
}

fn grid() -> Bench {
    let id = "energy_grid_200x200_n16";
    let net = cases::landscape_net();
    let (range, side) = (cases::GRID_RANGE, cases::GRID_SIDE);
    Bench {
        spec: json!({
            "id": id, "kind": "grid", "side": side, "range": [range.0, range.1], "beta": net.beta()
        }),
        expected: energy_grid(&net, range, range, side, side).unwrap(),
        files: vec![(format!("{id}.x.f32"), rows(&net))],
    }
}

/// Makes the served folder: the page, its script and node_modules linked, the data written.
fn served_root(benches: &[Bench]) -> PathBuf {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let modules = repo.join(".tools/node_modules");
    assert!(
        modules.join("@tensorflow/tfjs-backend-wasm").exists(),
        "TF.js is missing from .tools/node_modules: run `scripts/install-tools.sh --bench`"
    );
    let root = repo.join("target/tfjs-bench");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("data")).expect("create target/tfjs-bench/data");
    let link = |from: PathBuf, name: &str| {
        std::os::unix::fs::symlink(from, root.join(name)).expect("link into target/tfjs-bench")
    };
    link(repo.join("benches/tfjs/index.html"), "index.html");
    link(repo.join("benches/tfjs/bench.js"), "bench.js");
    link(modules, "node_modules");
    for bench in benches {
        for (name, values) in &bench.files {
            let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
            std::fs::write(root.join("data").join(name), bytes).expect("write a case's data");
        }
    }
    let specs: Vec<&Value> = benches.iter().map(|b| &b.spec).collect();
    std::fs::write(root.join("data/cases.json"), json!(specs).to_string())
        .expect("write data/cases.json");
    root
}

/// max |got − want| / max(1, max |want|).
fn relative_error(got: &[f64], want: &[f32]) -> f64 {
    assert_eq!(got.len(), want.len(), "TF.js gave another length");
    let scale = want.iter().fold(1.0f64, |m, v| m.max(f64::from(v.abs())));
    let worst = got
        .iter()
        .zip(want)
        .fold(0.0f64, |m, (g, w)| m.max((g - f64::from(*w)).abs()));
    worst / scale
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark: needs TF.js in .tools/node_modules and chromedriver, run by scripts/bench.sh"]
async fn tfjs_reference() {
    let benches = vec![
        modern("modern_update_d4096_n1024", 4096, 1024),
        modern("modern_update_d64_n20000", 64, 20_000),
        grid(),
    ];
    let root = served_root(&benches);
    let session = Session::start_serving(root, 1280, 720, serde_json::Map::new()).await;
    session.open_page("index.html").await;
    session
        .client
        .execute("window.startBench();", vec![])
        .await
        .expect("start the TF.js benchmark");
    let result = poll(
        Duration::from_secs(300),
        Duration::from_millis(200),
        "the TF.js benchmark",
        async || {
            let r = session
                .client
                .execute("return window.__bench", vec![])
                .await
                .ok()?;
            (r["done"] == true).then_some(r)
        },
    )
    .await;
    session.close().await;
    assert!(
        result["error"].is_null(),
        "the TF.js page failed: {}",
        result["error"]
    );
    assert_eq!(result["backend"], "wasm", "{result:?}");
    assert_eq!(result["simd"], true, "TF.js's wasm backend without SIMD");
    assert_eq!(result["threads"], 1, "TF.js on more than one thread");
    println!("TF.js {} (wasm backend, SIMD, 1 thread)", result["version"]);
    for bench in &benches {
        let id = bench.spec["id"].as_str().unwrap();
        let case = &result["cases"][id];
        let out: Vec<f64> = case["out"]
            .as_array()
            .unwrap_or_else(|| panic!("{id}: no TF.js result"))
            .iter()
            .map(|v| v.as_f64().unwrap_or(f64::NAN))
            .collect();
        let error = relative_error(&out, &bench.expected);
        assert!(
            error <= TOLERANCE,
            "{id}: TF.js differs from the engine by {error:e}"
        );
        let ms = case["ms"].as_f64().expect("a TF.js time");
        // The page took the median: the line as `crate::report` writes it.
        println!("BENCH tfjs:{id} {ms:.4} {} {error:.1e}", case["samples"]);
    }
}
