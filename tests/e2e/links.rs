//! Share links (issue 7): a link opened in a fresh browser restores the view's state, the
//! address bar follows the user's changes (replaceState), and malformed links still show the
//! page, with a notice naming the parameter.

use std::time::Duration;

use fantoccini::Locator;

use crate::support::{Session, poll};

/// The page's current query string.
async fn address_query(session: &Session) -> String {
    let url = session.client.current_url().await.expect("current url");
    url.query().unwrap_or_default().to_string()
}

/// Waits until the address bar's query contains every one of `needles` (the app writes it
/// once the state has settled for 200 ms); returns it.
async fn wait_for_address(session: &Session, needles: &[&str]) -> String {
    let what = format!("the address to have {needles:?}");
    poll(
        Duration::from_secs(5),
        Duration::from_millis(100),
        what,
        async || {
            let q = address_query(session).await;
            needles.iter().all(|n| q.contains(n)).then_some(q)
        },
    )
    .await
}

async fn value_of(session: &Session, testid: &str) -> String {
    session
        .client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no {testid}: {e}"))
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn notices(session: &Session) -> String {
    let script = r#"return Array.from(document.querySelectorAll('[data-testid=notice]'))
        .map(n => n.textContent).join('\n');"#;
    session
        .client
        .execute(script, vec![])
        .await
        .expect("read the notices")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn share_links_restore_each_view() {
    let session = Session::start(1280, 720).await;

    // The capacity lab: the preset's settings overridden by the link's fields.
    session
        .open("?view=capacity&preset=dense-poly&dim=30&trials=5&seed=9&log-x=0")
        .await;
    assert_eq!(value_of(&session, "capacity-dim").await, "30");
    assert_eq!(value_of(&session, "capacity-trials").await, "5");
    assert_eq!(value_of(&session, "capacity-seed").await, "9");
    let checked = session
        .client
        .find(Locator::Css("[data-testid=capacity-model-dense-3]"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(checked.as_deref(), Some("true"), "the preset's models");
    // The address bar follows the form.
    session.set_value("capacity-trials", "7", "change").await;
    wait_for_address(&session, &["trials=7", "dim=30"]).await;

    // The studio: source, count, target, damage and β.
    session
        .open("?view=studio&source=glyphs&count=5&target=2&edits=flip:0.2&beta=5")
        .await;
    session
        .wait_for_attr("pattern-gallery", "data-count", "5")
        .await;
    assert_eq!(value_of(&session, "source-select").await, "glyphs");
    let beta: f32 = session.attr("beta", "data-beta").await.parse().unwrap();
    assert!((beta - 5.0).abs() < 1e-3, "β = {beta}");
    session.set_value("beta", "0", "input").await;
    let q = wait_for_address(&session, &["source=glyphs", "target=2", "edits=flip%3A0.2"]).await;
    let q = if q.contains("beta=5&") {
        tokio::time::sleep(Duration::from_millis(500)).await;
        address_query(&session).await
    } else {
        q
    };
    assert!(!q.contains("beta=5&"), "the link follows the slider: {q}");

    // The landscape: preset, moved points, β, basins and a dropped query.
    session
        .open(
            "?view=landscape&preset=ring&points=0_2,2_0,-2_0,0_-1.5&beta=30&basins=1&query=0.5_0.5",
        )
        .await;
    session.wait_for_attr("landscape", "data-points", "4").await;
    let beta: f32 = session.attr("beta", "data-beta").await.parse().unwrap();
    assert!((beta - 30.0).abs() < 1e-2, "β = {beta}");
    let basins = session
        .client
        .find(Locator::Css("[data-testid=landscape-basins]"))
        .await
        .unwrap()
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(basins.as_deref(), Some("true"));
    let single: usize = session
        .attr("landscape", "data-single")
        .await
        .parse()
        .unwrap();
    assert_eq!(
        single, 4,
        "at β = 30 each of the four points is its own fixed point"
    );
    session.screenshot("link-landscape").await;

    // The heads view: text, β multiplier, the opened head and its query row.
    session.open("?view=heads&text=1&m=2&head=3.4&row=2").await;
    session
        .wait_for_attr("heads-matrix", "data-head", "4")
        .await;
    assert_eq!(session.attr("heads-matrix", "data-layer").await, "3");
    assert_eq!(session.attr("heads-matrix", "data-row").await, "3");
    assert_eq!(value_of(&session, "heads-text").await, "1");
    let beta: f32 = session.attr("beta", "data-beta").await.parse().unwrap();
    assert!((beta - 2.0 / 32f32.sqrt()).abs() < 1e-3, "β = {beta}");
    session.screenshot("link-heads").await;
    session.assert_no_error_box().await;
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn malformed_links_show_the_page_with_a_notice() {
    let session = Session::start(1280, 720).await;
    // (link, text the notice must contain)
    let cases = [
        ("?view=nonsense", "view parameter"),
        ("?view=capacity&dim=abc", "“dim”"),
        ("?view=capacity&models=foo,bar", "“models”"),
        ("?view=capacity&trials=1e12", "“trials”"),
        ("?view=capacity&spacing=%E0%A4%A", "“spacing”"),
        ("?view=studio&beta=NaN", "“beta”"),
        (
            "?view=studio&source=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
            "<img src=x",
        ),
        ("?view=studio&edits=flip:9,mask-lower", "“edits”"),
        ("?view=studio&side=13&count=-4", "“side”"),
        ("?view=heads&head=99.1&m=-5", "“head”"),
        ("?view=landscape&points=1_1,x&beta=-3", "“points”"),
        ("?view=landscape&preset=moon&segment=7_9", "“preset”"),
    ];
    for (link, expected) in cases {
        session.open(link).await;
        let text = notices(&session).await;
        assert!(
            text.contains(expected),
            "{link}: no notice with {expected}: {text:?}"
        );
        session.assert_no_error_box().await;
        // The page is there: the view's main section rendered.
        let sections = session
            .client
            .find_all(Locator::Css("main section"))
            .await
            .unwrap();
        assert!(!sections.is_empty(), "{link}: no view rendered");
    }
    // Text from a link is shown as text, never parsed as HTML.
    let injected = session
        .client
        .find_all(Locator::Css("main img[src=x]"))
        .await
        .unwrap();
    assert!(injected.is_empty());
    session.screenshot("link-malformed").await;
    session.close().await;
}
