//! The capacity lab (issues 6 and 18): the classic-breaks preset runs to completion on the
//! compute workers and shows the classical network breaking between 0.1·d and 0.2·d; Cancel
//! stops a long run at once; the browser's CSV equals the CLI's byte for byte for the same
//! settings; a compute module that cannot load gives a notice and the view stays usable.

use std::process::Command;
use std::time::Duration;

use fantoccini::Locator;

use crate::support::{Session, poll};

/// One row of the results table.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    model: String,
    n: usize,
    d: usize,
    success: String,
}

async fn progress(session: &Session) -> String {
    session.attr("capacity-progress", "data-progress").await
}

/// Waits until `data-progress` is 1 (the run finished), at most `limit`.
async fn wait_for_completion(session: &Session, limit: Duration) {
    poll(
        limit,
        Duration::from_millis(250),
        "the run to finish",
        async || (progress(session).await == "1").then_some(()),
    )
    .await
}

async fn rows(session: &Session) -> Vec<Row> {
    let script = r#"
        return Array.from(document.querySelectorAll('[data-testid=capacity-results] tbody tr'))
            .map(tr => [tr.dataset.model, tr.dataset.n, tr.dataset.d, tr.dataset.success]);
    "#;
    let value = session
        .client
        .execute(script, vec![])
        .await
        .expect("read the table");
    value
        .as_array()
        .expect("an array of rows")
        .iter()
        .map(|r| {
            let field = |k: usize| r[k].as_str().unwrap_or_default().to_string();
            Row {
                model: field(0),
                n: field(1).parse().expect("data-n is an integer"),
                d: field(2).parse().expect("data-d is an integer"),
                success: field(3),
            }
        })
        .collect()
}

fn success(row: &Row) -> f32 {
    row.success
        .parse()
        .unwrap_or_else(|_| panic!("data-success is a plain decimal: {row:?}"))
}

/// Opens the lab, chooses classic-breaks and runs it to the end; returns the rows.
async fn run_classic_breaks(session: &Session) -> Vec<Row> {
    session.open("?view=capacity").await;
    session
        .set_value("capacity-preset", "classic-breaks", "change")
        .await;
    assert_eq!(progress(session).await, "0");
    // Record every task longer than 50 ms (the Long Tasks API) while the run works.
    session
        .client
        .execute(
            r#"window.__longTasks = [];
               new PerformanceObserver(list => {
                   for (const e of list.getEntries()) window.__longTasks.push(e.duration);
               }).observe({ type: 'longtask' });"#,
            vec![],
        )
        .await
        .expect("install the long-task observer");
    session.click("capacity-run").await;
    wait_for_completion(session, Duration::from_secs(120)).await;
    let elapsed = session.attr("capacity-progress", "data-elapsed-ms").await;
    let long = session
        .client
        .execute("return window.__longTasks", vec![])
        .await
        .expect("read the long tasks");
    println!("classic-breaks took {elapsed} ms in the browser; tasks over 50 ms: {long}");
    let longest = long
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_f64()).fold(0.0, f64::max))
        .unwrap_or(0.0);
    // The slices aim at 10 ms, and alone this run shows no task over 50 ms. With several
    // browsers on a busy two-core machine a task can be descheduled past 50 ms of wall time,
    // so the bound only catches real blocking: the whole run (300–800 ms) in a few tasks.
    assert!(longest < 250.0, "a task of {longest} ms blocked the page");
    rows(session).await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn classic_breaks_between_a_tenth_and_a_fifth_of_d() {
    let session = Session::start(1280, 720).await;
    let rows = run_classic_breaks(&session).await;
    assert_eq!(
        rows.iter().map(|r| r.n).collect::<Vec<_>>(),
        (10..=60).step_by(5).collect::<Vec<_>>()
    );
    for row in &rows {
        assert_eq!(row.d, 200);
        assert_eq!(row.model, "classic Hebbian Async");
        let s = success(row);
        if row.n * 10 <= row.d {
            assert!(s >= 0.9, "N ≤ 0.1·d should be retrieved: {row:?}");
        }
        if row.n * 5 >= row.d {
            assert!(s <= 0.3, "N ≥ 0.2·d should fail: {row:?}");
        }
    }
    session.assert_no_error_box().await;
    // The downloads: capture what the page hands to an <a download> instead of saving files.
    session.capture_downloads().await;
    session.click("capacity-download-csv").await;
    session.click("capacity-download-png").await;
    let csv = session
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const [name, href] = window.__downloads[0];
               fetch(href).then(r => r.text()).then(text => done([name, text]));"#,
            vec![],
        )
        .await
        .expect("read the CSV download");
    assert_eq!(csv[0], "capacity.csv");
    let text = csv[1].as_str().unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("n_patterns,success_rate,mean_overlap,mean_steps")
    );
    let from_csv: Vec<(usize, String)> = lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            (cells[0].parse().unwrap(), cells[1].to_string())
        })
        .collect();
    let from_table: Vec<(usize, String)> = rows.iter().map(|r| (r.n, r.success.clone())).collect();
    assert_eq!(from_csv, from_table);
    let png = session
        .client
        .execute("return window.__downloads[1]", vec![])
        .await
        .unwrap();
    assert_eq!(png[0], "capacity.png");
    let href = png[1].as_str().unwrap();
    assert!(href.starts_with("data:image/png;base64,") && href.len() > 10_000);

    let path = session.screenshot("capacity-classic").await;
    assert!(std::fs::metadata(&path).unwrap().len() > 10_000);
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn cancel_stops_a_long_run() {
    let session = Session::start(1280, 720).await;
    session.open("?view=capacity").await;
    session
        .set_value("capacity-preset", "classic-breaks", "change")
        .await;
    // 50× the preset's trials: a run of many seconds.
    session.set_value("capacity-trials", "2000", "change").await;
    session.click("capacity-run").await;
    poll(
        Duration::from_secs(30),
        Duration::from_millis(50),
        "the run to start",
        async || (progress(&session).await.parse::<f64>().unwrap() >= 0.02).then_some(()),
    )
    .await;
    let before_cancel: f64 = progress(&session).await.parse().unwrap();
    session.click("capacity-cancel").await;
    let at_cancel = progress(&session).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let later = progress(&session).await;
    assert_eq!(at_cancel, later, "progress advanced after Cancel");
    let fraction: f64 = later.parse().unwrap();
    assert!(
        fraction >= before_cancel && fraction < 1.0,
        "cancelled mid-run: {fraction}"
    );
    assert_eq!(
        session.attr("capacity-progress", "data-running").await,
        "false"
    );
    let run = session
        .client
        .find(Locator::Css("[data-testid=capacity-run]"))
        .await
        .unwrap();
    assert!(run.is_enabled().await.unwrap(), "Run is usable again");
    // And it works: a new run starts from zero and advances.
    session.set_value("capacity-trials", "40", "change").await;
    session.click("capacity-run").await;
    wait_for_completion(&session, Duration::from_secs(120)).await;
    assert_eq!(rows(&session).await.len(), 11);
    session.close().await;
}

/// The CSV the page offers for download (the results of the last run).
async fn downloaded_csv(session: &Session) -> String {
    session.capture_downloads().await;
    session.click("capacity-download-csv").await;
    let (name, text) = session.last_download().await;
    assert_eq!(name, "capacity.csv");
    text
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn browser_and_cli_give_the_same_csv() {
    let session = Session::start(1280, 720).await;
    let rows = run_classic_breaks(&session).await;
    let browser_csv = downloaded_csv(&session).await;
    session.close().await;

    let cli = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_hopfield"))
            .args([
                "capacity",
                "--model",
                "classic",
                "--dim",
                "200",
                "--patterns",
                "10:60:5",
                "--trials",
                "40",
                "--flip",
                "0.1",
                "--seed",
                "1",
                "--criterion",
                "overlap:0.95",
                "--threads",
                threads,
            ])
            .output()
            .expect("run the CLI");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let csv = cli("1");
    assert_eq!(cli("3"), csv, "the CLI's threads change no bit");
    // The whole CSV, byte for byte: every success rate, mean overlap and mean step count.
    assert_eq!(browser_csv, csv, "browser download vs CLI CSV");
    let cli_rates: Vec<(usize, String)> = csv
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].parse().unwrap(), cells[1].to_string())
        })
        .collect();
    let table: Vec<(usize, String)> = rows.iter().map(|r| (r.n, r.success.clone())).collect();
    assert_eq!(table, cli_rates, "browser table vs CLI CSV");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn a_compute_module_that_does_not_load_gives_a_notice() {
    let session = Session::start(1280, 720).await;
    session.server.refuse("hopfield-compute-");
    session.open("?view=capacity").await;
    session
        .set_value("capacity-preset", "classic-breaks", "change")
        .await;
    session.click("capacity-run").await;
    let notice = poll(
        Duration::from_secs(20),
        Duration::from_millis(100),
        "the notice about the compute module",
        async || {
            let script = "const el = document.querySelector('.cap-problem');
                          return el ? el.textContent : '';";
            let text = session.client.execute(script, vec![]).await.ok()?;
            let text = text.as_str()?.to_string();
            (!text.is_empty()).then_some(text)
        },
    )
    .await;
    assert!(
        notice.contains("compute module could not be loaded"),
        "{notice}"
    );
    assert_eq!(
        session.attr("capacity-progress", "data-running").await,
        "false"
    );
    session.assert_no_error_box().await;
    session.screenshot("capacity-compute-404").await;
    // The view stays usable: the form still edits the experiment and Run is enabled.
    session.set_value("capacity-trials", "10", "change").await;
    let run = session
        .client
        .find(Locator::Css("[data-testid=capacity-run]"))
        .await
        .unwrap();
    assert!(run.is_enabled().await.unwrap(), "Run is usable again");
    session.close().await;
}

/// The table's model names are distinct and shown whole (z² and z³ once looked the same).
async fn assert_names_shown_whole(session: &Session) {
    let script = r#"
        return Array.from(document.querySelectorAll('[data-testid=capacity-results] td.cap-model'))
            .map(td => [td.textContent, td.scrollWidth <= td.clientWidth]);
    "#;
    let cells: Vec<(String, bool)> =
        serde_json::from_value(session.client.execute(script, vec![]).await.unwrap()).unwrap();
    let names: std::collections::BTreeSet<&str> = cells.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(cells.iter().all(|c| c.1), "a model name is cut: {cells:?}");
}

/// The modern network's success rate falls within the modern-breaks preset's range, and
/// each of its points is the CLI's (`--patterns N` alone: a trial's seed depends on N, not on
/// the other N of the run).
fn modern_breaks_as_the_cli_measures(rows: &[Row]) {
    let modern: Vec<&Row> = rows
        .iter()
        .filter(|r| r.model.starts_with("modern"))
        .collect();
    let (first, last) = (modern[0], modern[modern.len() - 1]);
    assert!(success(first) >= 0.9 && success(last) <= 0.1, "{modern:?}");
    for row in modern {
        let n = row.n.to_string();
        let out = Command::new(env!("CARGO_BIN_EXE_hopfield"))
            .args([
                "capacity", "--model", "modern", "--beta", "2", "--dim", "16",
            ])
            .args([
                "--patterns",
                &n,
                "--trials",
                "40",
                "--flip",
                "0.2",
                "--seed",
                "1",
            ])
            .args(["--criterion", "overlap:0.95"])
            .output()
            .expect("run the CLI");
        let csv = String::from_utf8(out.stdout).unwrap();
        let cli = csv.lines().nth(1).unwrap_or_default().split(',').nth(1);
        assert_eq!(cli, Some(row.success.as_str()), "N = {n}: {csv}");
    }
}

/// The other presets run to the end, out-of-range input is clamped with a message naming the
/// field, and the page reflows at phone width without sideways scrolling.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn presets_clamping_and_phone_layout() {
    let session = Session::start(1280, 720).await;
    session.open("?view=capacity").await;
    for (preset, shot) in [
        ("correlated", "capacity-correlated"),
        ("dense-poly", "capacity-dense"),
        ("modern-thousands", "capacity-modern"),
        ("modern-breaks", "capacity-modern-breaks"),
    ] {
        session.set_value("capacity-preset", preset, "change").await;
        session.click("capacity-run").await;
        wait_for_completion(&session, Duration::from_secs(180)).await;
        let elapsed = session.attr("capacity-progress", "data-elapsed-ms").await;
        let rows = rows(&session).await;
        println!("{preset}: {} rows in {elapsed} ms", rows.len());
        assert!(!rows.is_empty());
        session.screenshot(shot).await;
        if preset == "modern-thousands" {
            let modern: Vec<&Row> = rows
                .iter()
                .filter(|r| r.model.starts_with("modern"))
                .collect();
            assert!(modern.iter().any(|r| r.n >= 2000));
            assert!(modern.iter().all(|r| success(r) >= 0.9), "{modern:?}");
        }
        if preset == "dense-poly" {
            assert_names_shown_whole(&session).await;
        }
        if preset == "modern-breaks" {
            modern_breaks_as_the_cli_measures(&rows);
        }
    }

    session.set_value("capacity-dim", "5000", "change").await;
    assert_eq!(
        session
            .client
            .execute(
                "return document.querySelector('[data-testid=capacity-dim]').value",
                vec![]
            )
            .await
            .unwrap(),
        "1024"
    );
    let note = session.text("#capacity-dim-note").await;
    assert!(note.starts_with("dimension d"), "{note}");
    assert!(note.contains("[16, 1024]"), "{note}");
    session.screenshot("capacity-clamped").await;
    session.close().await;

    let phone = Session::start(390, 844).await;
    phone.open("?view=capacity").await;
    phone
        .set_value("capacity-preset", "classic-breaks", "change")
        .await;
    phone.click("capacity-run").await;
    wait_for_completion(&phone, Duration::from_secs(120)).await;
    let overflow = phone
        .client
        .execute(
            "return document.documentElement.scrollWidth - window.innerWidth",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_i64().unwrap_or(1) <= 0,
        "sideways scrolling at phone width: {overflow}"
    );
    phone.screenshot("capacity-phone").await;
    phone
        .client
        .execute(
            "document.querySelector('[data-testid=capacity-plot]').scrollIntoView()",
            vec![],
        )
        .await
        .unwrap();
    phone.screenshot("capacity-phone-plot").await;
    phone.close().await;
}

/// Theorem 3's lower bound for [P]'s worked case d = 20 (β = 1, K = 3, c ≥ 3.1546, p = 0.001):
/// N ≥ √p·c^((d−1)/4) ≈ 7.4, in the theory panel and marked on the modern curve.
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn theorem_3_is_marked_where_d_matches() {
    let session = Session::start(1280, 900).await;
    session
        .open("?view=capacity&preset=dense-poly&dim=20&models=modern")
        .await;
    let panel = session.text(".cap-formulas").await;
    assert!(panel.contains("Theorem 3"), "{panel}");
    assert!(panel.contains("the bound is marked on the plot"), "{panel}");
    session.click("capacity-run").await;
    wait_for_completion(&session, Duration::from_secs(120)).await;
    session.screenshot("capacity-theorem-3").await;
    let sideways = session
        .client
        .execute(
            "return document.documentElement.scrollWidth > innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(sideways.as_bool(), Some(false), "the page scrolls sideways");
    session.assert_no_error_box().await;
    session.close().await;
}
