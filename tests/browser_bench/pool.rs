//! The pool's speed-up: each capacity preset (`Preset::ALL`) run in the capacity view on the app's worker
//! pool with 1 worker and with 2 (the page global `hopfieldComputeWorkers`, read by
//! `app::compute::workers` when the pool is made: with `hardwareConcurrency − 1` a 2-core
//! machine gets one). Each count gets a fresh page; per preset one warm-up run (the workers
//! load the module), then [`RUNS`] timed runs from the click on Run to the last point, in the
//! page's clock. The CSVs of both counts must be the same bytes (jobs are seeded by their
//! place in the work, not by the worker that runs them).

use std::time::Duration;

use hopfield_lab::lab::capacity::Preset;
use serde_json::Value;

use crate::report;
use crate::support::{Session, poll};

const RUNS: usize = 9;

/// Chooses the pool's size (before its first run) and counts the workers the page starts.
const CHOOSE: &str = r#"
    window.hopfieldComputeWorkers = arguments[0];
    window.__workersSpawned = 0;
    const Plain = window.Worker;
    window.Worker = class extends Plain {
        constructor(...args) {
            super(...args);
            window.__workersSpawned += 1;
        }
    };
"#;

/// Clicks Run and resolves with the milliseconds from the click until the view shows the run
/// finished (progress 1, not running), measured in the page.
const TIMED_RUN: &str = r#"
    const done = arguments[arguments.length - 1];
    const bar = document.querySelector('[data-testid=capacity-progress]');
    const finished = () => bar.dataset.progress === '1' && bar.dataset.running === 'false';
    let t0;
    const observer = new MutationObserver(() => {
        if (t0 !== undefined && finished()) {
            observer.disconnect();
            done(performance.now() - t0);
        }
    });
    observer.observe(bar, { attributes: true });
    t0 = performance.now();
    document.querySelector('[data-testid=capacity-run]').click();
"#;

/// One timed run of the preset chosen in the view.
async fn timed_run(session: &Session) -> f64 {
    let value = session
        .client
        .execute_async(TIMED_RUN, vec![])
        .await
        .expect("a timed capacity run");
    value.as_f64().expect("the run's milliseconds")
}

/// Runs every preset on `workers` workers: (preset, median ms, CSV) each.
async fn presets_on(workers: usize) -> Vec<(String, f64, String)> {
    let session = Session::start(1280, 720).await;
    session.open("?view=capacity").await;
    session
        .client
        .execute(CHOOSE, vec![Value::from(workers)])
        .await
        .expect("choose the pool's size");
    let mut out = Vec::new();
    for preset in Preset::ALL.map(Preset::slug) {
        session.set_value("capacity-preset", preset, "change").await;
        // The warm-up: the first run also waits for the workers to load the module.
        session.click("capacity-run").await;
        poll(
            Duration::from_secs(120),
            Duration::from_millis(50),
            format!("{preset} to finish"),
            async || {
                let bar = ("capacity-progress", "data-progress");
                (session.attr(bar.0, bar.1).await == "1"
                    && session.attr(bar.0, "data-running").await == "false")
                    .then_some(())
            },
        )
        .await;
        let mut samples = Vec::new();
        for _ in 0..RUNS {
            samples.push(timed_run(&session).await);
        }
        let ms = report(&format!("pool{workers}:{preset}"), &mut samples, "");
        session.capture_downloads().await;
        session.click("capacity-download-csv").await;
        let (_, csv) = session.last_download().await;
        out.push((preset.to_string(), ms, csv));
    }
    session.assert_no_error_box().await;
    let spawned = session
        .client
        .execute("return window.__workersSpawned", vec![])
        .await
        .expect("read the workers spawned");
    assert_eq!(spawned, Value::from(workers), "the pool's size");
    session.close().await;
    out
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark: needs dist/ and chromedriver, run by scripts/bench.sh"]
async fn pool_speed_up_over_presets() {
    let one = presets_on(1).await;
    let two = presets_on(2).await;
    for ((preset, ms1, csv1), (_, ms2, csv2)) in one.iter().zip(&two) {
        assert!(csv1.lines().count() > 1, "{preset}: an empty CSV");
        assert_eq!(csv1, csv2, "{preset}: 2 workers gave other results than 1");
        println!(
            "{preset}: 1 worker {ms1:.1} ms, 2 workers {ms2:.1} ms, ×{:.2}",
            ms1 / ms2
        );
    }
}
