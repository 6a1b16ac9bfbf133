//! Issue 16's landscape items in the browser: at β = 0.5 two-close-one-far has the close
//! pair's average beside the far point, and neither is "global" (the global fixed point is
//! unique), in the landscape, its legend and every column of the bifurcation diagram; the
//! high-dimensional tab names the photo a query reaches and flags a wrong one, and its progress
//! bars go once their work is done.

use std::time::{Duration, Instant};

use super::{open_landscape, page_1280x720, set_range_and_check, wait_for_sweep};
use crate::support::Session;

async fn text_of(session: &Session, css: &str) -> String {
    let script = format!("return document.querySelector('{css}')?.textContent ?? '';");
    let v = session.client.execute(&script, vec![]).await.unwrap();
    v.as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn no_global_point_beside_another() {
    let session = Session::start(1280, 720).await;
    open_landscape(&session).await;
    session
        .set_value("landscape-preset", "two-close-one-far", "change")
        .await;
    assert_eq!(wait_for_sweep(&session).await, 40);
    // β = 10^-0.3 ≈ 0.5 (the slider steps by 0.01 in log β): the pair's average (k90 = 2 of 3) and the far point, no global one.
    set_range_and_check(&session, "-0.3", 0.501_187, (0, 1, 1)).await;
    let fixed = session.attr("landscape", "data-fixed").await;
    assert!(!fixed.contains("global"), "{fixed}");
    let table = text_of(&session, ".fixed-points tbody").await;
    assert!(
        table.contains("metastable") && table.contains("2 / 3"),
        "{table}"
    );
    let legend = text_of(&session, "[data-testid=landscape] .legend").await;
    assert!(
        legend.contains("every weight ≥ 1/(2N) and the only stable point"),
        "{legend}"
    );
    // Every column of the diagram: a global point only where it is the only one.
    let kinds = session.attr("bifurcation", "data-kinds").await;
    for (i, column) in kinds.split(';').enumerate() {
        let n: Vec<usize> = column.split(',').map(|v| v.parse().unwrap()).collect();
        assert!(
            n[0] == 0 || n[1] + n[2] == 0,
            "column {i}: {column} ({kinds})"
        );
    }
    assert!(
        kinds.starts_with("1,0,0"),
        "no global point at β = 0.01: {kinds}"
    );
    page_1280x720(&session).await;
    session.screenshot("landscape-kinds-beta-0.5").await;
    session
        .client
        .execute(
            "document.querySelector('[data-testid=bifurcation]').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    session.screenshot("landscape-bifurcation-split").await;
    session.assert_no_error_box().await;
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn a_wrong_retrieval_is_flagged() {
    let session = Session::start(1280, 720).await;
    open_landscape(&session).await;
    super::open_tab(&session, "landscape-tab-high-dim", "[data-testid=hd-plane]").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    // The photos download first; the astronaut is the default target.
    let mut reached = String::new();
    session.set_value("beta", "-2", "input").await;
    while Instant::now() < deadline {
        reached = text_of(&session, "[data-testid=hd-reached]").await;
        if reached.contains("reaches") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(reached.contains("reaches horse"), "{reached}");
    assert!(reached.contains("not the target astronaut"), "{reached}");
    let flagged: bool = session
        .client
        .execute(
            "return document.querySelector('[data-testid=hd-reached]').classList.contains('miss');",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap_or(false);
    assert!(flagged, "the wrong retrieval is not marked");
    // Finished progress bars leave the screen.
    let deadline = Instant::now() + Duration::from_secs(120);
    let shown = "return [...document.querySelectorAll('[data-testid^=hd-] progress')].filter(p => p.offsetParent !== null).length;";
    loop {
        let plane: f32 = session
            .attr("hd-plane", "data-progress")
            .await
            .parse()
            .unwrap_or(0.0);
        let scan: f32 = session
            .attr("hd-scan", "data-progress")
            .await
            .parse()
            .unwrap_or(0.0);
        if plane >= 1.0 && scan >= 1.0 {
            break;
        }
        assert!(Instant::now() < deadline, "plane {plane}, scan {scan}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let visible = session.client.execute(shown, vec![]).await.unwrap();
    assert_eq!(
        visible.as_i64(),
        Some(0),
        "finished progress bars still shown"
    );
    session
        .client
        .execute(
            "document.querySelector('[data-testid=hd-reached]').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    page_1280x720(&session).await;
    session
        .screenshot("landscape-high-dim-astronaut-0.01")
        .await;
    session.assert_no_error_box().await;
    session.close().await;
}
