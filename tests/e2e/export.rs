//! Plot export end to end: every plot's PNG button downloads the plot re-drawn at twice the
//! canvas's size, and its record button records the canvas as a WebM video.

use std::time::Duration;

use fantoccini::Locator;

use crate::support::Session;

async fn click_in_plot(session: &Session, button: &str) {
    session
        .client
        .find(Locator::Css(&format!(
            "[data-testid=capacity-plot] [data-testid={button}]"
        )))
        .await
        .unwrap_or_else(|e| panic!("no {button} on the capacity plot: {e}"))
        .click()
        .await
        .unwrap();
}

/// Waits for the `n`-th download and returns [name, href, size in bytes or image width×height].
async fn inspect_download(session: &Session, n: usize, script: &str) -> serde_json::Value {
    session
        .client
        .execute_async(
            &format!(
                r#"const done = arguments[arguments.length - 1];
                   const wait = () => window.__downloads.length > {n}
                       ? ({script})(...window.__downloads[{n}]).then(done)
                       : setTimeout(wait, 50);
                   wait();"#
            ),
            vec![],
        )
        .await
        .expect("a download")
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn png_is_twice_the_canvas_and_recording_is_webm() {
    let session = Session::start(1280, 720).await;
    session.open("?view=capacity").await;
    session.capture_downloads().await;
    click_in_plot(&session, "plot-png").await;
    let png = inspect_download(
        &session,
        0,
        "(name, href) => new Promise(ok => { const i = new Image(); \
         i.onload = () => ok([name, href.slice(0, 22), i.naturalWidth, i.naturalHeight]); i.src = href; })",
    )
    .await;
    let canvas = session
        .client
        .execute(
            "const c = document.querySelector('[data-testid=capacity-plot] canvas'); return [c.width, c.height]",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        png[0].as_str().unwrap().starts_with("hopfield-")
            && png[0].as_str().unwrap().ends_with(".png"),
        "{png}"
    );
    assert_eq!(png[1], "data:image/png;base64,");
    assert_eq!(png[2], canvas[0].as_u64().unwrap() * 2, "PNG width");
    assert_eq!(png[3], canvas[1].as_u64().unwrap() * 2, "PNG height");

    click_in_plot(&session, "plot-record").await;
    let message = session
        .client
        .execute("const n = document.querySelector('[data-testid=capacity-plot] .plot-error'); return n ? n.textContent : ''", vec![])
        .await
        .unwrap();
    assert_eq!(
        message, "",
        "headless Chromium records (MediaRecorder present)"
    );
    // Redraw the plot a few times while recording.
    for _ in 0..6 {
        session.click("capacity-log-x").await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    click_in_plot(&session, "plot-record").await;
    let video = inspect_download(
        &session,
        1,
        "(name, href) => fetch(href).then(r => r.blob()).then(b => [name, b.type, b.size])",
    )
    .await;
    assert!(video[0].as_str().unwrap().ends_with(".webm"), "{video}");
    assert!(
        video[1].as_str().unwrap().starts_with("video/webm"),
        "{video}"
    );
    assert!(
        video[2].as_u64().unwrap() > 1000,
        "a non-empty video: {video}"
    );
    session.assert_no_error_box().await;
    session.close().await;
}
