//! The landscape view: the two-close-one-far preset goes from one global fixed point, through
//! a metastable state beside a single-pattern fixed point, to three single-pattern fixed
//! points as β goes from 0.01 through 1 to 1000; a click drops a query and shows its descent.

mod edit;
mod high_dim;
mod kinds;
mod theory;

use std::time::{Duration, Instant};

use fantoccini::Locator;

use crate::support::{Session, poll};

/// (global, metastable, single) as shown by the landscape's container.
pub async fn counts(session: &Session) -> (usize, usize, usize) {
    let read = |s: String| s.parse::<usize>().unwrap_or(usize::MAX);
    (
        read(session.attr("landscape", "data-global").await),
        read(session.attr("landscape", "data-metastable").await),
        read(session.attr("landscape", "data-single").await),
    )
}

/// Waits (up to 10 s) until the counts are `want`; returns the last counts seen.
pub async fn wait_for_counts(
    session: &Session,
    want: (usize, usize, usize),
) -> (usize, usize, usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let seen = counts(session).await;
        if seen == want || Instant::now() > deadline {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits (up to 30 s) until the bifurcation sweep has all its columns.
pub async fn wait_for_sweep(session: &Session) -> usize {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done: usize = session
            .attr("bifurcation", "data-columns")
            .await
            .parse()
            .unwrap_or(0);
        if done >= 40 || Instant::now() > deadline {
            return done;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn beta(session: &Session) -> f32 {
    session
        .attr("beta", "data-beta")
        .await
        .parse()
        .unwrap_or(f32::NAN)
}

/// Opens the landscape view and waits until its 2-D part has mounted.
pub async fn open_landscape(session: &Session) {
    session.open("?view=landscape").await;
    session
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=landscape][data-global]"))
        .await
        .expect("the landscape view mounted");
}

/// Clicks the landscape's tab `tab` (a `landscape-tab-…` test id) and waits for `mounted` (a
/// CSS selector) on the page it opens: the high-dimensional and theory tabs are another page
/// module, so the click loads their link as a page.
pub async fn open_tab(session: &Session, tab: &str, mounted: &str) {
    session.click(tab).await;
    session
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(mounted))
        .await
        .unwrap_or_else(|e| panic!("{tab} did not open {mounted}: {e}"));
}

/// The `value` property of the control with `data-testid=testid` (empty when it has none).
pub async fn value_of(session: &Session, testid: &str) -> String {
    session
        .client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no [data-testid={testid}]: {e}"))
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Number of pixels of the canvas matched by `selector` that are not plain white (0 when
/// there is no such canvas).
pub async fn inked_pixels(session: &Session, selector: &str) -> u64 {
    let script = r#"
        const c = document.querySelector(arguments[0]);
        if (!c) return 0;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) n++;
        }
        return n;
    "#;
    session
        .client
        .execute(script, vec![selector.into()])
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(0)
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn fixed_points_split_as_beta_grows() {
    let session = Session::start(1280, 720).await;
    open_landscape(&session).await;
    session.assert_no_error_box().await;
    let options = session
        .client
        .find_all(Locator::Css("[data-testid=landscape-preset] option"))
        .await
        .unwrap();
    let mut values = Vec::new();
    for option in options {
        values.push(option.attr("value").await.unwrap().unwrap_or_default());
    }
    for name in [
        "two-close-one-far",
        "three-separated",
        "two-clusters",
        "ring",
        "random",
    ] {
        assert!(
            values.iter().any(|v| v == name),
            "no preset option {name}: {values:?}"
        );
    }

    // Another preset first, then back, so that the choice is really made through the select.
    session
        .set_value("landscape-preset", "ring", "change")
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    session
        .set_value("landscape-preset", "two-close-one-far", "change")
        .await;
    let sweep = wait_for_sweep(&session).await;
    assert_eq!(sweep, 40, "the bifurcation sweep did not finish");

    set_range_and_check(&session, "-2", 0.01, (1, 0, 0)).await;
    session.screenshot("landscape-beta-0.01").await;

    set_range_and_check(&session, "0", 1.0, (0, 1, 1)).await;
    // A click on the landscape drops a query and shows its way down.
    let canvas = session
        .client
        .find(Locator::Css("[data-testid=landscape] canvas"))
        .await
        .expect("the landscape canvas");
    canvas.click().await.expect("click the landscape");
    let query = session
        .client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("[data-testid=landscape-query]"))
        .await
        .expect("a click shows the query's trajectory");
    let steps: usize = query
        .attr("data-steps")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(steps >= 1, "the query made no update");
    let label = canvas.attr("aria-label").await.unwrap().unwrap_or_default();
    assert!(
        label.contains("0 global, 1 metastable, 1 single") && label.contains("β = 1.00"),
        "{label}"
    );
    let path = session.screenshot("landscape-beta-1").await;
    assert!(
        std::fs::metadata(&path).unwrap().len() > 20_000,
        "screenshot too small"
    );

    set_range_and_check(&session, "3", 1000.0, (0, 0, 3)).await;
    session.screenshot("landscape-beta-1000").await;

    // Basin boundaries on, then the 1280×720 overview. The basin map comes from the compute
    // workers: `data-basins` names the β of the map drawn, which must catch up with β's.
    session.click("landscape-basins").await;
    set_range_and_check(&session, "0", 1.0, (0, 1, 1)).await;
    poll(
        Duration::from_secs(20),
        Duration::from_millis(50),
        "the basin map at β = 1",
        async || {
            let shown = session.attr("landscape", "data-basins").await;
            (shown == session.attr("landscape", "data-beta").await).then_some(())
        },
    )
    .await;
    page_1280x720(&session).await;
    session.screenshot("landscape-1280x720").await;
    let fits: bool = session
        .client
        .execute(
            "const r = document.querySelector('[data-testid=bifurcation]').getBoundingClientRect();
             return r.right <= window.innerWidth && r.bottom <= window.innerHeight
                 && document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap_or(false);
    assert!(
        fits,
        "the landscape and bifurcation panels do not fit 1280×720"
    );

    // The cursor works both ways: a click in the middle of the diagram sets β there
    // (log₁₀ β ≈ 0.29 at the canvas's centre, from the chart's margins).
    session
        .client
        .find(Locator::Css("[data-testid=bifurcation] canvas"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let clicked = beta(&session).await;
    assert!(
        (1.5..2.5).contains(&clicked),
        "a click on the diagram's centre gave β = {clicked}"
    );

    // Play sweeps β upwards and can be paused.
    session.set_value("beta", "-2", "input").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let before = beta(&session).await;
    session.click("landscape-play").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    session.click("landscape-play").await;
    let after = beta(&session).await;
    assert!(
        after > before * 1.5,
        "play did not raise β: {before} → {after}"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(beta(&session).await, after, "pause did not stop the sweep");

    // Phone width: everything reflows into one column.
    at_phone_width(&session, "landscape-phone").await;
    session.close().await;
}

/// Grows the window until the page itself is 1280×720 (the window includes its chrome).
pub async fn page_1280x720(session: &Session) {
    let chrome: i64 = session
        .client
        .execute("return window.outerHeight - window.innerHeight;", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap_or(0);
    session
        .client
        .set_window_size(1280, 720 + chrome.max(0) as u32)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
}

/// Narrows the window to a phone's width, saves screenshot `name` and checks that the page
/// does not scroll sideways.
pub async fn at_phone_width(session: &Session, name: &str) {
    session.client.set_window_size(390, 844).await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    session.screenshot(name).await;
    let overflow: bool = session
        .client
        .execute(
            "return document.documentElement.scrollWidth > window.innerWidth + 1;",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap_or(true);
    assert!(
        !overflow,
        "{name}: the page scrolls sideways at phone width"
    );
}

/// Moves the β slider to `exponent` (log₁₀ β) and checks β and the fixed-point counts.
pub async fn set_range_and_check(
    session: &Session,
    exponent: &str,
    want_beta: f32,
    want: (usize, usize, usize),
) {
    session.set_value("beta", exponent, "input").await;
    let seen = wait_for_counts(session, want).await;
    let b = beta(session).await;
    assert!(
        (b / want_beta - 1.0).abs() < 1e-3,
        "β = {b}, wanted {want_beta}"
    );
    assert_eq!(seen, want, "(global, metastable, single) at β = {b}");
    tokio::time::sleep(Duration::from_millis(300)).await;
}
