//! The high-dimensional part of the landscape view with the built-in photos: the plane through
//! three photos shows a heat map and the fixed points reached from it, and the β scan fills the
//! strip of retrieved images, blurred (the average) at small β and one sharp photo at large β.

use std::time::{Duration, Instant};

use fantoccini::Locator;

use super::{inked_pixels, value_of};
use crate::support::Session;

/// Waits (up to `secs`) until `data-progress` of `testid` reads 1.
async fn wait_until_done(session: &Session, testid: &str, secs: u64) -> f32 {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let p: f32 = session
            .attr(testid, "data-progress")
            .await
            .parse()
            .unwrap_or(0.0);
        if p >= 1.0 || Instant::now() > deadline {
            return p;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The standard deviation of the grey levels of each image of the strip, in order.
async fn strip_contrast(session: &Session) -> Vec<f64> {
    let script = r#"
        return [...document.querySelectorAll('[data-testid=hd-strip] canvas')].map(c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let s = 0, s2 = 0, n = d.length / 4;
            for (let i = 0; i < d.length; i += 4) { s += d[i]; s2 += d[i] * d[i]; }
            return Math.sqrt(Math.max(0, s2 / n - (s / n) * (s / n)));
        });
    "#;
    let v = session.client.execute(script, vec![]).await.unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap_or(0.0))
        .collect()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn photos_on_a_plane_and_along_beta() {
    let session = Session::start(1280, 900).await;
    super::open_landscape(&session).await;
    super::open_tab(&session, "landscape-tab-high-dim", "[data-testid=hd-plane]").await;
    // Record long main-thread tasks from here on: the basin map and the β scan run in workers.
    session
        .client
        .execute(
            "window.__longest = 0; new PerformanceObserver(list => { for (const e of list.getEntries()) \
             window.__longest = Math.max(window.__longest, e.duration); }).observe({type: 'longtask'});",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(value_of(&session, "hd-source").await, "photos");

    // β = 0.1: one fixed point per photo near the plane's three photos.
    session.set_value("beta", "-1", "input").await;
    let done = wait_until_done(&session, "hd-plane", 60).await;
    assert!(done >= 1.0, "the basin map stopped at {done}");
    assert!(inked_pixels(&session, "[data-testid=hd-plane] canvas").await > 50_000);
    let single: usize = session
        .attr("hd-plane", "data-single")
        .await
        .parse()
        .unwrap();
    assert!(
        single >= 3,
        "fewer than three single fixed points reached from the plane through three photos"
    );
    let scan = wait_until_done(&session, "hd-scan", 90).await;
    assert!(scan >= 1.0, "the β scan stopped at {scan}");
    let longest = session
        .client
        .execute("return window.__longest;", vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN);
    println!("longest main-thread task while the plane and the scan ran: {longest:.0} ms");
    assert!(
        longest < 200.0,
        "a task of {longest:.0} ms: the work is not sliced"
    );
    let rows: usize = session.attr("hd-scan", "data-rows").await.parse().unwrap();
    assert_eq!(rows, 25);
    let strip: usize = session
        .attr("hd-strip", "data-count")
        .await
        .parse()
        .unwrap();
    assert!(strip >= 8, "{strip} images in the strip");
    let contrast = strip_contrast(&session).await;
    assert_eq!(contrast.len(), strip);
    let (first, last) = (contrast[0], contrast[contrast.len() - 1]);
    assert!(
        last > 1.5 * first,
        "the strip does not sharpen from the average to one photo: {contrast:?}"
    );
    session.screenshot("landscape-high-dim-beta-0.1").await;
    session
        .client
        .execute(
            "document.querySelector('[data-testid=hd-strip]').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    session.screenshot("landscape-high-dim-strip").await;

    // β = 1e-4: the global average, one fixed point.
    session.set_value("beta", "-4", "input").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let done = wait_until_done(&session, "hd-plane", 60).await;
    assert!(done >= 1.0);
    assert_eq!(session.attr("hd-plane", "data-global").await, "1");
    assert_eq!(session.attr("hd-plane", "data-fixed").await, "1");
    session.screenshot("landscape-high-dim-beta-1e-4").await;

    // Two photos and the query span the plane too.
    session.set_value("hd-anchor-3", "query", "change").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(wait_until_done(&session, "hd-plane", 60).await >= 1.0);
    let label = session
        .client
        .find(Locator::Css("[data-testid=hd-plane] canvas"))
        .await
        .unwrap()
        .attr("aria-label")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(label.contains("the query"), "{label}");

    // Phone width: one column, no sideways scrolling.
    super::at_phone_width(&session, "landscape-high-dim-phone").await;
    session.assert_no_error_box().await;
    session.close().await;
}
