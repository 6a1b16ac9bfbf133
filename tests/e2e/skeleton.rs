//! The walking skeleton: moving the β slider changes the softmax weights.

use std::time::Duration;

use crate::support::Session;

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn beta_slider_changes_the_weights() {
    let session = Session::start(1280, 720).await;
    session.open("").await;
    session.assert_no_error_box().await;
    let k90_before: usize = session
        .attr("panel-modern", "data-k90")
        .await
        .parse()
        .unwrap();
    let overlap_before: f32 = session
        .attr("panel-modern", "data-overlap")
        .await
        .parse()
        .unwrap();

    // A small β averages many patterns; a large β picks the target.
    session.set_value("beta", "-3", "input").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let beta_small: f32 = session.attr("beta", "data-beta").await.parse().unwrap();
    let k90_small: usize = session
        .attr("panel-modern", "data-k90")
        .await
        .parse()
        .unwrap();
    let weights_small = session.attr("weights", "data-weights").await;
    session.screenshot("skeleton-small-beta").await;

    session.set_value("beta", "1", "input").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The studio opens on a masked query at step 0: scrub to the end of the recorded retrieval.
    let frames = session.attr("timeline", "data-frames").await;
    session.set_value("timeline", &frames, "input").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let beta_large: f32 = session.attr("beta", "data-beta").await.parse().unwrap();
    let k90_large: usize = session
        .attr("panel-modern", "data-k90")
        .await
        .parse()
        .unwrap();
    let overlap_large: f32 = session
        .attr("panel-modern", "data-overlap")
        .await
        .parse()
        .unwrap();
    let weights_large = session.attr("weights", "data-weights").await;
    assert_ne!(
        weights_small, weights_large,
        "the softmax weights did not change with β"
    );
    assert_eq!(weights_small.split(',').count(), 8);

    assert!(
        (beta_small - 1e-3).abs() < 1e-6,
        "β after the move: {beta_small}"
    );
    assert!(
        (beta_large - 10.0).abs() < 1e-3,
        "β after the move: {beta_large}"
    );
    assert!(
        k90_small > k90_large,
        "k90 {k90_small} at small β vs {k90_large} at large β"
    );
    assert_eq!(k90_large, 1, "at β = 10 one pattern takes all the weight");
    assert!(overlap_large > 0.99, "overlap at large β: {overlap_large}");
    assert!(k90_before >= 1 && (-1.0..=1.0).contains(&overlap_before));

    let path = session.screenshot("skeleton").await;
    assert!(
        std::fs::metadata(&path).unwrap().len() > 10_000,
        "screenshot is too small to show anything"
    );
    session.close().await;
}
