//! The pooling view (issue 21) driven like a lecturer: the default run trains Hopfield, mean
//! and max pooling in the view's worker until Hopfield pooling separates the held-out bags with
//! its attention on the witnesses, with no long main-thread task; a trained model reads a
//! fresh bag of 300 000 sequences; the β slider moves the attention from uniform to peaked;
//! cancel stops at once; a link restores the settings and the numbers are the CLI's.

use std::process::Command;
use std::time::Duration;

use crate::support::{Session, poll};

/// A number attribute of the element `testid` (NaN while it has none).
async fn number(session: &Session, testid: &str, attr: &str) -> f64 {
    let script = "const el = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); \
                  return el ? el.getAttribute(arguments[1]) : null;";
    let v = session
        .client
        .execute(script, vec![testid.into(), attr.into()])
        .await
        .unwrap();
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN)
}

/// Waits until the progress bar reports at least `step` steps and the curves have been read
/// there (a run's curves are read at every tenth of it).
async fn wait_for_step(session: &Session, what: &str, step: f64, limit: u64) -> f64 {
    poll(
        Duration::from_secs(limit),
        Duration::from_millis(250),
        what,
        async || {
            let s = number(session, "pool-progress", "data-step").await;
            let read = number(session, "pool-auc", "data-step").await;
            (s >= step && read >= step).then_some(s)
        },
    )
    .await
}

/// Waits until the progress bar reports at least `step` steps.
async fn wait_for_progress(session: &Session, what: &str, step: f64) -> f64 {
    poll(
        Duration::from_secs(60),
        Duration::from_millis(100),
        what,
        async || {
            let s = number(session, "pool-progress", "data-step").await;
            (s >= step).then_some(s)
        },
    )
    .await
}

/// Starts recording main-thread tasks over 50 ms.
async fn observe_long_tasks(session: &Session) {
    session
        .client
        .execute(
            "window.__long = []; new PerformanceObserver(list => { for (const e of list.getEntries()) \
             window.__long.push(Math.round(e.duration)); }).observe({type: 'longtask'});",
            vec![],
        )
        .await
        .unwrap();
}

async fn long_tasks(session: &Session) -> Vec<f64> {
    let v = session
        .client
        .execute("return window.__long;", vec![])
        .await
        .unwrap();
    serde_json::from_value(v).unwrap_or_default()
}

/// Four significant digits, as `hopfield pool` prints its numbers.
fn round4(v: f64) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    let scale = 10f64.powi(3 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

async fn scroll_to(session: &Session, testid: &str) {
    let script = "document.querySelector(`[data-testid=\"${arguments[0]}\"]`).scrollIntoView({block: 'start'});";
    session
        .client
        .execute(script, vec![testid.into()])
        .await
        .unwrap();
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn the_default_run_finds_the_witnesses_and_reads_300000_sequences() {
    let session = Session::start(1280, 720).await;
    session.open("?view=pooling").await;
    wait_for_step(&session, "the step-0 curves", 0.0, 60).await;
    session.assert_no_error_box().await;
    assert_eq!(session.attr("pool-attention", "data-n").await, "10000");
    let start_mass = number(&session, "pool-auc", "data-witness-mass").await;
    assert!(start_mass < 0.01, "attention at step 0: {start_mass}");
    observe_long_tasks(&session).await;
    let started = std::time::Instant::now();
    session.click("pool-train").await;
    wait_for_step(&session, "training to step 300", 300.0, 240).await;
    session.screenshot("pool-mid-run").await;
    wait_for_step(&session, "the whole run", 600.0, 300).await;
    let seconds = started.elapsed().as_secs_f64();
    let auc = |m: &'static str| {
        let s = &session;
        async move { number(s, "pool-auc", &format!("data-{m}")).await }
    };
    let (hopfield, mean, max) = (auc("hopfield").await, auc("mean").await, auc("max").await);
    let mass = number(&session, "pool-auc", "data-witness-mass").await;
    let long = long_tasks(&session).await;
    println!(
        "600 steps in {seconds:.0} s: held-out AUC Hopfield {hopfield}, mean {mean}, max {max}; \
         witness attention {mass}; main-thread tasks over 50 ms: {long:?}"
    );
    assert!(hopfield >= 0.95, "Hopfield pooling AUC {hopfield}");
    assert!(mass >= 0.25, "attention on witnesses {mass}");
    assert!(
        long.iter().all(|&t| t < 200.0),
        "long main-thread tasks while training: {long:?}"
    );
    // The attention of held-out bag 0 (positive) follows the trained model.
    poll(
        Duration::from_secs(20),
        Duration::from_millis(200),
        "the bag's attention at the end",
        async || {
            let m = number(&session, "pool-attention", "data-witness-mass").await;
            (m > 0.1).then_some(())
        },
    )
    .await;
    let top = session.text("[data-testid=pool-top]").await;
    assert!(top.contains("witness"), "no witness among the top: {top}");
    scroll_to(&session, "pool-curves").await;
    session.screenshot("pool-end").await;

    // The β sweep is read once the run rests; the slider at the small end is mean pooling.
    session
        .wait_for_attr("pool-sweep", "data-points", "25")
        .await;
    session.set_value("pool-beta-slider", "-3", "input").await;
    poll(
        Duration::from_secs(20),
        Duration::from_millis(200),
        "the bag at β = 0.001",
        async || {
            let b = number(&session, "pool-attention", "data-beta").await;
            let m = number(&session, "pool-attention", "data-witness-mass").await;
            ((b - 0.001).abs() < 1e-5).then_some(m)
        },
    )
    .await;
    let uniform = number(&session, "pool-attention", "data-witness-mass").await;
    let k90 = number(&session, "pool-attention", "data-k90").await;
    println!("at β = 0.001: witness mass {uniform}, k90 {k90}");
    assert!(
        uniform < 0.005 && k90 > 8000.0,
        "small β is not uniform: {uniform}, {k90}"
    );
    scroll_to(&session, "pool-sweep").await;
    session.screenshot("pool-beta-sweep").await;
    session.click("pool-beta-learned").await;

    // A fresh bag of 300 000 sequences through the trained model.
    session
        .set_value("pool-eval-sequences", "300000", "change")
        .await;
    session.click("pool-evaluate").await;
    session
        .wait_for_attr("pool-attention", "data-source", "fresh")
        .await;
    assert_eq!(session.attr("pool-attention", "data-n").await, "300000");
    let pass = number(&session, "pool-pass-time", "data-ms").await;
    let keys = number(&session, "pool-pass-time", "data-keys-ms").await;
    let fresh_mass = number(&session, "pool-attention", "data-witness-mass").await;
    let fresh_k90 = number(&session, "pool-attention", "data-k90").await;
    println!(
        "fresh bag of 300 000: pooling pass {pass} ms, keys {keys} ms, witness mass {fresh_mass}, k90 {fresh_k90}"
    );
    assert!(pass.is_finite() && pass > 0.0);
    assert!(
        fresh_mass > 0.1,
        "the 300 000-sequence bag's witnesses get {fresh_mass}"
    );
    scroll_to(&session, "pool-attention").await;
    session.screenshot("pool-300000").await;
    session.assert_no_error_box().await;
    session.close().await;
}

/// The link's settings of a small run, the same as the CLI flags below.
const SMALL: &str = "?view=pooling&sequences=2000&witness=0.01&bags=40&held-out=8&steps=30&seed=3";

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn a_link_restores_the_settings_and_the_numbers_are_the_clis() {
    let session = Session::start(1280, 720).await;
    session.open(SMALL).await;
    wait_for_step(&session, "the step-0 curves", 0.0, 30).await;
    for (testid, want) in [
        ("pool-sequences", "2000"),
        ("pool-witness", "0.01"),
        ("pool-bags", "40"),
        ("pool-held-out", "8"),
        ("pool-steps", "30"),
        ("pool-seed", "3"),
    ] {
        let v = session
            .client
            .execute(
                "return document.querySelector(`[data-testid=\"${arguments[0]}\"]`).value;",
                vec![testid.into()],
            )
            .await
            .unwrap();
        assert_eq!(v.as_str(), Some(want), "{testid}");
    }
    session.click("pool-train").await;
    wait_for_step(&session, "the small run", 30.0, 60).await;
    let out = Command::new(env!("CARGO_BIN_EXE_hopfield"))
        .args([
            "pool",
            "--sequences",
            "2000",
            "--witness",
            "0.01",
            "--bags",
            "40",
            "--held-out",
            "8",
            "--steps",
            "30",
            "--seed",
            "3",
        ])
        .output()
        .expect("run hopfield pool");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for m in ["hopfield", "mean", "max"] {
        let browser = number(&session, "pool-auc", &format!("data-{m}")).await;
        assert_eq!(
            round4(browser),
            cli["auc"][m].as_f64().unwrap(),
            "{m} AUC: browser {browser}, CLI {}",
            cli["auc"][m]
        );
    }
    let mass = number(&session, "pool-auc", "data-witness-mass").await;
    assert_eq!(round4(mass), cli["witness_attention"].as_f64().unwrap());
    let beta = number(&session, "pool-auc", "data-beta").await;
    assert_eq!(round4(beta), cli["beta"].as_f64().unwrap());
    // The curves as CSV: step 0 and every third step (a tenth of the 30), three AUCs a row.
    session.capture_downloads().await;
    session.click("pool-csv").await;
    let (name, text) = session.last_download().await;
    assert_eq!(name, "pooling-seed3.csv");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("step,auc_hopfield,auc_mean,auc_max,"));
    assert_eq!(lines.len(), 12, "{text}");
    assert!(lines[11].starts_with("30,"), "{text}");

    // Bad parameters are named, and the defaults or the clamped values are used.
    session
        .open("?view=pooling&sequences=5&witness=lots&motif=ZZZ&beta-mode=hot")
        .await;
    wait_for_step(&session, "the step-0 curves", 0.0, 60).await;
    let text = session.text("main").await;
    for key in ["sequences", "witness", "motif", "beta-mode"] {
        assert!(text.contains(&format!("“{key}”")), "no notice names {key}");
    }
    assert_eq!(session.attr("pool-attention", "data-n").await, "1000");
    // A bad value in the form is named and changes nothing.
    session.set_value("pool-witness", "abc", "change").await;
    let note = session.text("#pool-witness-note").await;
    assert!(
        note.contains("witness") && note.contains("not a number"),
        "{note}"
    );
    session.assert_no_error_box().await;
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn cancel_stops_at_once_and_train_starts_afresh() {
    let session = Session::start(1280, 720).await;
    session
        .open("?view=pooling&sequences=20000&steps=5000")
        .await;
    wait_for_step(&session, "the step-0 curves", 0.0, 60).await;
    session.click("pool-train").await;
    wait_for_progress(&session, "a few steps", 5.0).await;
    let clicked = std::time::Instant::now();
    session.click("pool-cancel").await;
    let status = session.text(".pool-run .cap-status").await;
    let ms = clicked.elapsed().as_millis();
    assert!(status.contains("Cancelled"), "{status}");
    let at = number(&session, "pool-progress", "data-step").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        number(&session, "pool-progress", "data-step").await,
        at,
        "cancelled, yet it trained on"
    );
    println!("cancelled at step {at}; the status said so {ms} ms after the click");
    session.screenshot("pool-cancelled").await;
    session.click("pool-train").await;
    assert_eq!(
        number(&session, "pool-progress", "data-step").await,
        0.0,
        "Train after a cancel starts a fresh run"
    );
    wait_for_progress(&session, "the fresh run's steps", 2.0).await;
    session.click("pool-pause").await;
    session.assert_no_error_box().await;
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn the_view_fits_a_phone() {
    let session = Session::start_phone(390, 844).await;
    session.open(SMALL).await;
    wait_for_step(&session, "the step-0 curves", 0.0, 30).await;
    session.click("pool-train").await;
    wait_for_step(&session, "the small run", 30.0, 60).await;
    let overflow = session.sideways_overflow().await;
    scroll_to(&session, "pool-attention").await;
    session.screenshot("pool-phone").await;
    assert!(
        overflow <= 1.0,
        "the page scrolls sideways by {overflow} px"
    );
    session.close().await;
}
