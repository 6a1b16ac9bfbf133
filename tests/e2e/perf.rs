//! Interaction measurements of issue 9 in headless Chromium: time to first interactive render,
//! and long tasks and frame times while the landscape's β sweep plays (basins on) and while a
//! capacity run works. Timing on this noisy machine is reported, not asserted: the test checks
//! only that every figure was measured, prints them and writes `target/perf.json`, which
//! `scripts/bench.sh` turns into its interaction table.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::{Session, poll};

/// Starts recording long tasks (PerformanceObserver 'longtask') and the time between animation
/// frames into `window.__perf`.
const RECORD: &str = r#"
    const perf = { longTasks: [], frames: [], running: true };
    window.__perf = perf;
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) perf.longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const frame = now => {
        perf.frames.push(now - last);
        last = now;
        if (perf.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
"#;

/// Stops recording and summarises: long-task count and longest, median and 95th-percentile
/// frame time, number of frames.
const SUMMARY: &str = r#"
    const perf = window.__perf;
    perf.running = false;
    const frames = perf.frames.slice(1).sort((a, b) => a - b);
    const at = q => frames.length ? frames[Math.min(frames.length - 1, Math.floor(q * frames.length))] : null;
    return {
        frames: frames.length,
        median_frame_ms: at(0.5),
        p95_frame_ms: at(0.95),
        long_tasks: perf.longTasks.length,
        longest_task_ms: perf.longTasks.reduce((a, b) => Math.max(a, b), 0),
    };
"#;

async fn record(session: &Session) {
    session
        .client
        .execute(RECORD, vec![])
        .await
        .expect("install the recorders");
}

async fn summary(session: &Session, what: &str) -> Value {
    let value = session
        .client
        .execute(SUMMARY, vec![])
        .await
        .expect("read the recorders");
    let frames = value["frames"].as_u64().unwrap_or(0);
    assert!(
        frames >= 10,
        "{what}: only {frames} frames recorded: {value}"
    );
    assert!(
        value["median_frame_ms"]
            .as_f64()
            .is_some_and(f64::is_finite),
        "{what}: no frame time: {value}"
    );
    value
}

/// Milliseconds from navigation start to the app's first-render mark, on a fresh load.
async fn first_render_ms(session: &Session) -> f64 {
    session.open("").await;
    let script = r#"
        const done = arguments[0];
        const read = () => {
            const mark = performance.getEntriesByName('hopfield-first-render')[0];
            if (mark) done(mark.startTime); else setTimeout(read, 20);
        };
        read();
    "#;
    let value = session
        .client
        .execute_async(script, vec![])
        .await
        .expect("read the first-render mark");
    let ms = value.as_f64().expect("the mark has a time");
    assert!(ms > 0.0 && ms.is_finite(), "first render at {ms} ms");
    ms
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn interaction_figures_are_measured() {
    let session = Session::start(1280, 720).await;
    let first_render = first_render_ms(&session).await;

    // The β sweep on the landscape, basins on: the heaviest animation of the app.
    session.open("?view=landscape").await;
    session.click("landscape-basins").await;
    record(&session).await;
    session.click("landscape-play").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let sweep = summary(&session, "β sweep").await;
    session.click("landscape-play").await;

    // A capacity run in progress: the slowest preset, from Run to its last point.
    session.open("?view=capacity").await;
    session
        .set_value("capacity-preset", "modern-thousands", "change")
        .await;
    record(&session).await;
    session.click("capacity-run").await;
    poll(
        Duration::from_secs(60),
        Duration::from_millis(100),
        "the run to finish",
        async || (session.attr("capacity-progress", "data-progress").await == "1").then_some(()),
    )
    .await;
    let capacity = summary(&session, "capacity run").await;
    session.assert_no_error_box().await;

    let heads = heads_128(&session).await;
    let figures = json!({
        "first_render_ms": first_render,
        "beta_sweep": sweep,
        "capacity_run": capacity,
        "heads_128": heads,
    });
    println!("interaction figures: {figures}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/perf.json");
    std::fs::write(&path, figures.to_string()).expect("write target/perf.json");
    session.close().await;
}

/// The heads view's longest input (the text of `benches/engine.rs`'s heads-128 case: 128
/// tokens) run twice in the view's worker: the first run downloads the weights, the second is
/// the forward pass alone, which `scripts/bench.sh` sets beside the native case.
async fn heads_128(session: &Session) -> Value {
    session.open("?view=heads").await;
    let mut runs = Vec::new();
    for (text, tokens) in [
        ("The cat sat on the mat. ", "[CLS] the cat sat on the mat"),
        ("The dog sat on the log. ", "[CLS] the dog sat on the log"),
    ] {
        session
            .set_value("heads-own-text", &text.repeat(20), "input")
            .await;
        session.click("heads-run").await;
        // The run is done when its tokens are on the page and its time is shown.
        let timing = poll(
            Duration::from_secs(120),
            Duration::from_millis(100),
            "the 128-token analysis",
            async || {
                let page = session.text("main").await;
                let el = session
                    .client
                    .find(fantoccini::Locator::Css(
                        "[data-testid=heads-analysis-time]",
                    ))
                    .await
                    .ok()?;
                let worker: f64 = el.attr("data-worker-ms").await.ok()??.parse().ok()?;
                let total: f64 = el.attr("data-ms").await.ok()??.parse().ok()?;
                (page.contains(tokens) && el.text().await.ok()?.starts_with("128 tokens"))
                    .then_some((worker, total))
            },
        )
        .await;
        runs.push(timing);
    }
    session.assert_no_error_box().await;
    json!({
        "first_total_ms": runs[0].1,
        "worker_ms": runs[1].0,
        "total_ms": runs[1].1,
    })
}
