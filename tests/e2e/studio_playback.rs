//! The studio's playback and model controls end to end: the speed slider moved by keyboard
//! changes how fast frames pass, the neuron-by-neuron pace steps single neuron visits, the
//! dense panel's F (degree n, exponential with its own β) re-runs the dense network only, and
//! the layout keeps the three panels on a 1280×720 screen with one-line headers down to 360 px.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::studio::{notice_text, number, play_to_end, wait_until};
use crate::support::Session;

async fn text(session: &Session, testid: &str) -> String {
    session
        .client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no {testid}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Presses `key` on the element with `data-testid=testid` (focused by WebDriver).
async fn press(session: &Session, testid: &str, key: Key) {
    session
        .client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap()
        .send_keys(&key)
        .await
        .unwrap_or_else(|e| panic!("press a key on {testid}: {e}"));
}

/// Frames played in `ms` milliseconds from the start at the current speed.
async fn frames_in(session: &Session, ms: u64) -> f32 {
    session.click("reset").await;
    session.click("play").await;
    tokio::time::sleep(Duration::from_millis(ms)).await;
    let f = number(session, "timeline", "data-frame").await;
    if session.attr("timeline", "data-playing").await == "true" {
        session.click("play").await;
    }
    f
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn speed_and_neuron_pace_drive_playback() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio").await;
    assert_eq!(session.attr("speed", "data-speed").await, "2");
    let position = text(&session, "position").await;
    assert!(
        position.starts_with("step 0 of ") && !position.contains('.'),
        "{position}"
    );

    // Home and End on the focused slider: the slowest and the fastest speed.
    press(&session, "speed", Key::Home).await;
    assert_eq!(session.attr("speed", "data-speed").await, "0.5");
    let slow = frames_in(&session, 1000).await;
    press(&session, "speed", Key::End).await;
    assert_eq!(session.attr("speed", "data-speed").await, "30");
    let frames = number(&session, "timeline", "data-frames").await;
    let started = Instant::now();
    play_to_end(&session, None).await;
    let fast_ms = started.elapsed().as_millis();
    // 0.5 steps/s × 8 frames per step = 4 frames per second; 30 steps/s = 240 frames/s.
    // (2 steps/s would have played 16; a loaded machine may stretch the second a little.)
    assert!(
        (1.0..=8.0).contains(&slow),
        "{slow} frames in one second at 0.5 steps/s"
    );
    assert!(
        (fast_ms as f32) < frames / 240.0 * 1000.0 + 1500.0,
        "{frames} frames took {fast_ms} ms at 30 steps/s"
    );
    press(&session, "speed", Key::Left).await;
    assert_eq!(session.attr("speed", "data-speed").await, "20");

    // Neuron by neuron: a sweep of d = 4096 visits spans 4096 frames and "step" moves one visit.
    session.click("reset").await;
    let sweep_frames = number(&session, "timeline", "data-frames").await;
    session.click("neuron-pace").await;
    let neuron_frames = number(&session, "timeline", "data-frames").await;
    assert_eq!(neuron_frames, sweep_frames / 8.0 * 4096.0);
    session.click("step").await;
    assert_eq!(session.attr("timeline", "data-frame").await, "1");
    assert_eq!(session.attr("panel-classic", "data-step").await, "0");
    let position = text(&session, "position").await;
    assert!(position.contains("neuron 1/4096"), "{position}");
    // The visited neuron is marked on every binary panel (the same seed: the same order).
    let visited = session.attr("panel-classic", "data-visited").await;
    assert!(
        visited.parse::<usize>().is_ok_and(|j| j < 4096),
        "{visited}"
    );
    assert_eq!(session.attr("panel-dense", "data-visited").await, visited);
    session.set_value("timeline", "1500", "input").await;
    session.screenshot("studio-neuron-pace").await;
    // 4096 steps later the first sweep is complete in every panel.
    session.set_value("timeline", "4096", "input").await;
    for panel in ["panel-classic", "panel-dense", "panel-modern"] {
        assert_eq!(session.attr(panel, "data-step").await, "1", "{panel}");
    }
    session.click("step-back").await;
    assert_eq!(session.attr("timeline", "data-frame").await, "4095");
    assert_eq!(session.attr("panel-classic", "data-step").await, "0");
    // Back to sweeps: the position stays on the step axis.
    session.click("neuron-pace").await;
    assert_eq!(session.attr("timeline", "data-frame").await, "8");
    assert_eq!(
        text(&session, "position").await,
        format!("step 1 of {}", sweep_frames / 8.0)
    );
    session.assert_no_error_box().await;
    session.close().await;
}

async fn dense_beta_shown(session: &Session) -> bool {
    session
        .client
        .find(Locator::Css("[data-testid=dense-beta]"))
        .await
        .expect("the dense β slider")
        .is_displayed()
        .await
        .unwrap_or(false)
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn dense_interaction_degree_and_exponential_beta() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio").await;
    let sliders = session
        .client
        .find_all(Locator::Css("[data-testid=beta]"))
        .await
        .unwrap();
    assert_eq!(sliders.len(), 1, "one view β");

    // F(z) = z² is the classical network: with the same seed (same visiting order) the dense
    // panel ends exactly where the classic one does.
    session.set_value("dense-degree", "2", "change").await;
    play_to_end(&session, None).await;
    let classic = session.attr("panel-classic", "data-overlap").await;
    assert_eq!(session.attr("panel-dense", "data-overlap").await, classic);
    assert_eq!(
        session.attr("panel-dense", "data-steps").await,
        session.attr("panel-classic", "data-steps").await
    );

    // Exponential: its own β slider appears, and the formula shows the value.
    assert!(
        !dense_beta_shown(&session).await,
        "β slider for a polynomial"
    );
    session
        .set_value("dense-interaction", "exp", "change")
        .await;
    wait_until(&session, "the dense β slider", async |s| {
        dense_beta_shown(s).await
    })
    .await;
    assert_eq!(session.attr("dense-beta", "data-beta").await, "1.00");
    session.set_value("dense-beta", "-2", "input").await;
    assert_eq!(session.attr("dense-beta", "data-beta").await, "0.0100");
    let panel = text(&session, "panel-dense").await;
    assert!(panel.contains("exp") && panel.contains("0.0100"), "{panel}");
    let modern_beta = session.attr("beta", "data-beta").await;
    play_to_end(&session, None).await;
    let overlap = number(&session, "panel-dense", "data-overlap").await;
    let energy = number(&session, "panel-dense", "data-energy").await;
    assert!((-1.0..=1.0).contains(&overlap) && energy.is_finite());
    assert_eq!(session.attr("beta", "data-beta").await, modern_beta);
    // The largest β still gives finite numbers at d = 4096 (log-sum-exp in the engine).
    session.set_value("dense-beta", "1", "input").await;
    play_to_end(&session, None).await;
    let energy = number(&session, "panel-dense", "data-energy").await;
    assert!(energy.is_finite(), "energy {energy}");
    assert_eq!(notice_text(&session).await, None, "no notice");
    // Back to polynomials: the degree is remembered and the β slider goes away.
    session
        .set_value("dense-interaction", "polynomial", "change")
        .await;
    let degree = session
        .client
        .find(Locator::Css("[data-testid=dense-degree]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(degree.as_deref(), Some("2"));
    assert!(!dense_beta_shown(&session).await, "β slider back to hidden");
    session.assert_no_error_box().await;
    session.close().await;
}

/// The rectangle (left, top, right, bottom) of the first element matching `css`.
async fn rect(session: &Session, css: &str) -> (f64, f64, f64, f64) {
    let (x, y, w, h) = session
        .client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"))
        .rectangle()
        .await
        .unwrap();
    (x, y, x + w, y + h)
}

/// Fails if any panel header or the timeline's position wraps onto a second line.
async fn assert_one_line_headers(session: &Session, width: u32) {
    let lines: Vec<serde_json::Value> = session
        .client
        .execute(
            r#"return [...document.querySelectorAll('.panel-head h2, .timeline .position')]
                   .map(e => [e.textContent,
                              e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)]);"#,
            vec![],
        )
        .await
        .unwrap()
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(lines.len(), 4);
    for line in lines {
        let ratio = line[1].as_f64().unwrap_or(9.0);
        assert!(
            ratio < 1.5,
            "{} wraps at {width} px ({ratio:.2} lines)",
            line[0]
        );
    }
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn three_panels_fit_1280x720_and_headers_stay_on_one_line() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio").await;
    // The window's inner size: the screenshot must be exactly 1280×720.
    let inner = session
        .client
        .execute("return [innerWidth, innerHeight];", vec![])
        .await
        .unwrap();
    if inner != serde_json::json!([1280, 720]) {
        session
            .client
            .set_window_size(1280, 720)
            .await
            .expect("resize");
        let outer = session.client.get_window_size().await.unwrap();
        let inner = session
            .client
            .execute("return [innerWidth, innerHeight];", vec![])
            .await
            .unwrap();
        let (iw, ih) = (inner[0].as_u64().unwrap(), inner[1].as_u64().unwrap());
        let (w, h) = (outer.0 + 1280 - iw, outer.1 + 720 - ih);
        session
            .client
            .set_window_size(w as u32, h as u32)
            .await
            .expect("resize to a 1280×720 viewport");
    }
    let inner = session
        .client
        .execute("return [innerWidth, innerHeight];", vec![])
        .await
        .unwrap();
    assert_eq!(inner, serde_json::json!([1280, 720]));
    play_to_end(&session, None).await;
    for panel in ["panel-classic", "panel-dense", "panel-modern"] {
        let (l, t, r, b) = rect(&session, &format!("[data-testid={panel}]")).await;
        assert!(
            l >= 0.0 && t >= 0.0 && r <= 1280.0 && b <= 720.0,
            "{panel}: {l},{t},{r},{b}"
        );
    }
    assert_one_line_headers(&session, 1280).await;
    let page = session
        .client
        .execute(
            "return document.documentElement.scrollHeight - innerHeight;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        page.as_f64().unwrap_or(1.0) <= 0.0,
        "the page scrolls by {page} px at 1280×720"
    );
    let shot = session.screenshot("studio-1280x720").await;
    let png = std::fs::read(&shot).unwrap();
    let size = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!(size, (1280, 720), "screenshot size");
    session.close().await;

    let phone = Session::start_phone(360, 740).await;
    phone.open("?view=studio").await;
    let width = phone
        .client
        .execute("return innerWidth;", vec![])
        .await
        .unwrap();
    assert_eq!(width, serde_json::json!(360));
    assert_one_line_headers(&phone, 360).await;
    phone.screenshot("studio-360-top").await;
    let overflow = phone
        .client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::json!(0),
        "horizontal scrolling at 360 px"
    );
    phone
        .client
        .execute(
            "document.querySelector('.timeline').scrollIntoView();",
            vec![],
        )
        .await
        .unwrap();
    phone.screenshot("studio-360").await;
    phone.assert_no_error_box().await;
    phone.close().await;
}
