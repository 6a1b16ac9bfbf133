//! The learning view (issue 20) driven like a lecturer: the default run trains in its worker
//! until the held-out accuracy passes 0.9 while heads leave class I, with no long main-thread
//! task; pause, step, replace and reset work; the numbers are the CLI's for the same settings;
//! a link restores the settings and a bad one is named.

use std::process::Command;
use std::time::Duration;

use fantoccini::Locator;

use crate::support::{Session, poll};

/// The grid's cells as (class, k90) in layer-major order.
async fn cells(session: &Session) -> Vec<(String, String)> {
    let found = session
        .client
        .find_all(Locator::Css("[data-testid=learn-grid] .learn-cell"))
        .await
        .unwrap();
    let mut out = Vec::new();
    for cell in found {
        let class = cell.attr("data-class").await.unwrap().unwrap_or_default();
        let k90 = cell.attr("data-k90").await.unwrap().unwrap_or_default();
        out.push((class, k90));
    }
    out
}

/// A number of the status line (NaN while it has none).
async fn number(session: &Session, attr: &str) -> f64 {
    let Ok(el) = session
        .client
        .find(Locator::Css("[data-testid=learn-progress]"))
        .await
    else {
        return f64::NAN;
    };
    el.attr(attr)
        .await
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN)
}

/// The current value of the control with `data-testid=testid`.
async fn value(session: &Session, testid: &str) -> String {
    let script = "return document.querySelector(`[data-testid=\"${arguments[0]}\"]`).value;";
    let v = session
        .client
        .execute(script, vec![testid.into()])
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_string()
}

/// Waits until the status line reports a step (the worker answered).
async fn wait_for_step(session: &Session, what: &str, at_least: f64, limit: u64) -> f64 {
    poll(
        Duration::from_secs(limit),
        Duration::from_millis(200),
        what,
        async || {
            let step = number(session, "data-step").await;
            (step >= at_least).then_some(step)
        },
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn the_default_run_learns_and_its_heads_leave_averaging() {
    let session = Session::start(1280, 720).await;
    session.open("?view=learn").await;
    wait_for_step(&session, "the step-0 snapshot", 0.0, 30).await;
    session.assert_no_error_box().await;
    assert_eq!(session.attr("learn-grid", "data-layers").await, "1");
    assert_eq!(session.attr("learn-grid", "data-heads").await, "4");
    assert_eq!(session.attr("learn-grid", "data-seq").await, "32");
    let start = cells(&session).await;
    let averaging = start.iter().filter(|(c, _)| c == "I").count();
    assert!(
        averaging * 4 >= start.len() * 3,
        "at step 0 only {averaging} of {} heads are class I: {start:?}",
        start.len()
    );
    session
        .client
        .execute(
            "window.__longest = 0; window.__long = []; new PerformanceObserver(list => { for (const e of list.getEntries()) \
             { window.__longest = Math.max(window.__longest, e.duration); window.__long.push(Math.round(e.duration)); } }).observe({type: 'longtask'});",
            vec![],
        )
        .await
        .unwrap();
    session.click("learn-run").await;
    wait_for_step(&session, "training to step 300", 300.0, 120).await;
    session.screenshot("learn-mid-run").await;
    let accuracy = poll(
        Duration::from_secs(180),
        Duration::from_millis(500),
        "held-out accuracy 0.9",
        async || {
            let a = number(&session, "data-accuracy").await;
            (a >= 0.9).then_some(a)
        },
    )
    .await;
    session.click("learn-pause").await;
    session
        .wait_for_attr("learn-progress", "data-running", "false")
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let step = number(&session, "data-step").await;
    let rate = number(&session, "data-steps-per-second").await;
    let longest = session
        .client
        .execute("return window.__longest;", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN);
    let long = session
        .client
        .execute("return window.__long;", vec![])
        .await
        .unwrap();
    println!(
        "accuracy {accuracy} by step {step}; {rate} steps/s in the worker; longest main-thread task {longest:.0} ms; tasks over 50 ms: {long}"
    );
    assert!(
        longest < 200.0,
        "a main-thread task of {longest:.0} ms while training"
    );
    let end = cells(&session).await;
    assert!(
        end.iter().any(|(c, _)| c != "I"),
        "no head left class I: {end:?}"
    );
    session.screenshot("learn-end").await;
    session
        .client
        .execute(
            "document.querySelector('[data-testid=learn-timeline]').scrollIntoView({block: 'start'});",
            vec![],
        )
        .await
        .unwrap();
    session.screenshot("learn-end-timeline").await;

    // Paused means paused; a step is one step.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        number(&session, "data-step").await,
        step,
        "paused, yet it trained on"
    );
    session.click("learn-step").await;
    let stepped = wait_for_step(&session, "one more step", step + 1.0, 20).await;
    assert_eq!(stepped, step + 1.0);

    // The same numbers as `hopfield train` for the same settings and step.
    let s = stepped as usize;
    let out = Command::new(env!("CARGO_BIN_EXE_hopfield"))
        .args([
            "train",
            "--steps",
            &s.to_string(),
            "--every",
            &s.to_string(),
        ])
        .output()
        .expect("run hopfield train");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let row: Vec<&str> = text.lines().last().unwrap().split(',').collect();
    assert_eq!(row[0], s.to_string());
    assert_eq!(
        session.attr("learn-progress", "data-loss").await,
        row[1],
        "loss at step {s}"
    );
    assert_eq!(
        session.attr("learn-progress", "data-accuracy").await,
        row[2]
    );
    let now = cells(&session).await;
    let k90s: Vec<&str> = now.iter().map(|(_, k)| k.as_str()).collect();
    let classes: Vec<&str> = now.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(k90s, row[3..7].to_vec(), "k90 per head at step {s}");
    assert_eq!(classes, row[7..11].to_vec(), "class per head at step {s}");

    // Replace every head that now retrieves one token by averaging: the accuracy falls.
    let scope = if classes.contains(&"IV") {
        "class-IV"
    } else {
        "class-III"
    };
    session
        .set_value("learn-replace-scope", scope, "change")
        .await;
    session.click("learn-replace-apply").await;
    let with = poll(
        Duration::from_secs(20),
        Duration::from_millis(200),
        "the replace result",
        async || {
            let el = session
                .client
                .find(Locator::Css("[data-testid=learn-replace-result]"))
                .await
                .ok()?;
            el.attr("data-with")
                .await
                .ok()
                .flatten()?
                .parse::<f64>()
                .ok()
        },
    )
    .await;
    let without: f64 = session
        .attr("learn-replace-result", "data-without")
        .await
        .parse()
        .unwrap();
    println!("{scope} replaced by averaging: accuracy {without} → {with}");
    assert!(
        with < without - 0.2,
        "replacing {scope} barely changed the accuracy: {without} → {with}"
    );
    // The chosen head's attention, tokens on both axes.
    session
        .client
        .find(Locator::Css("[data-testid=learn-grid] .learn-cell"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    session
        .wait_for_attr("learn-attention", "data-head", "1")
        .await;
    session
        .client
        .execute(
            "document.querySelector('[data-testid=learn-replace-result]').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    session.screenshot("learn-replaced").await;

    session.click("learn-reset").await;
    poll(
        Duration::from_secs(20),
        Duration::from_millis(200),
        "the reset run's step 0",
        async || (number(&session, "data-step").await == 0.0).then_some(()),
    )
    .await;
    session.assert_no_error_box().await;
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn a_link_restores_the_settings_and_bad_ones_are_named() {
    let session = Session::start(1280, 720).await;
    session
        .open("?view=learn&task=majority&layers=2&heads=2&dim=16&seed=7&steps=300")
        .await;
    wait_for_step(&session, "the step-0 snapshot", 0.0, 30).await;
    assert_eq!(value(&session, "learn-task").await, "majority");
    assert_eq!(session.attr("learn-grid", "data-layers").await, "2");
    assert_eq!(session.attr("learn-grid", "data-heads").await, "2");
    assert_eq!(value(&session, "learn-seed").await, "7");
    assert_eq!(value(&session, "learn-steps").await, "300");

    session.open("?view=learn&layers=100&lr=NaN&heads=0").await;
    wait_for_step(&session, "the step-0 snapshot", 0.0, 30).await;
    let notices = session.text("main").await;
    for key in ["layers", "lr", "heads"] {
        assert!(
            notices.contains(&format!("“{key}”")),
            "no notice names {key}: {notices}"
        );
    }
    assert_eq!(session.attr("learn-grid", "data-layers").await, "4");
    // A bad number in the form is named and changes nothing.
    session.set_value("learn-lr", "abc", "change").await;
    let note = session.text("#learn-lr-note").await;
    assert!(
        note.contains("lr") && note.contains("not a number"),
        "{note}"
    );
    session.assert_no_error_box().await;
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn the_view_fits_a_phone() {
    let session = Session::start_phone(390, 844).await;
    session.open("?view=learn").await;
    wait_for_step(&session, "the step-0 snapshot", 0.0, 30).await;
    session.click("learn-run").await;
    wait_for_step(&session, "training to step 100", 100.0, 60).await;
    let overflow = session.sideways_overflow().await;
    session.screenshot("learn-phone").await;
    assert!(
        overflow <= 1.0,
        "the page scrolls sideways by {overflow} px"
    );
    session.close().await;
}
