//! Embedding end to end: `?embed=<panel>` shows one panel without the app's chrome, filling
//! the frame from 320 px up; an unknown panel shows the app with a notice; and the release
//! build works from a sub-path inside a 400×300 iframe of another page.

use std::time::Duration;

use fantoccini::Locator;

use crate::support::{SUB_PATH, Session};

/// Whether the element matching `css` is rendered (has a box).
async fn shown(session: &Session, css: &str) -> bool {
    session
        .client
        .execute(
            "const el = document.querySelector(arguments[0]); return !!el && el.getClientRects().length > 0;",
            vec![css.into()],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

/// A number computed by `script` in the page.
async fn number(session: &Session, script: &str) -> f64 {
    session
        .client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_f64()
        .unwrap_or_else(|| panic!("{script} gave no number"))
}

async fn wait_for(session: &Session, css: &str) {
    session
        .client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css}: {e}"));
}

/// The link to the full app: the same address without `embed`, in a new tab.
async fn assert_open_full_link(session: &Session, query: &str) {
    let href = session.attr("open-full", "href").await;
    assert!(!href.contains("embed"), "{href}");
    assert!(href.contains(query), "{href} keeps {query}");
    assert_eq!(session.attr("open-full", "target").await, "_blank");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn capacity_alone_fills_narrow_and_wide_frames() {
    for (width, name) in [(320, "embed-capacity-320"), (900, "embed-capacity-900")] {
        let session = Session::start_phone(width, 560).await;
        session.open("?view=capacity&embed=capacity").await;
        wait_for(&session, "[data-panel=capacity] canvas").await;
        session.assert_no_error_box().await;
        assert!(
            !shown(&session, ".app-header").await,
            "no header when embedded"
        );
        assert!(
            !shown(&session, "[data-testid=capacity-run]").await,
            "the form is hidden"
        );
        assert!(shown(&session, "[data-testid=capacity-plot] canvas").await);
        let canvas = number(
            &session,
            "return document.querySelector('[data-panel=capacity] canvas').getBoundingClientRect().width",
        )
        .await;
        let page = number(&session, "return document.documentElement.clientWidth").await;
        assert!(
            canvas > page * 0.9 && canvas <= page,
            "plot {canvas} px in {page} px"
        );
        let scroll = number(&session, "return document.documentElement.scrollWidth").await;
        assert!(
            scroll <= page + 1.0,
            "no sideways scrolling ({scroll} > {page})"
        );
        assert_open_full_link(&session, "view=capacity").await;
        session.screenshot(name).await;
        session.close().await;
    }
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn retrieval_and_attention_alone() {
    let session = Session::start(800, 700).await;
    session.open("?view=studio&seed=7&embed=retrieval").await;
    wait_for(&session, "[data-testid=panel-modern]").await;
    for id in ["panel-classic", "panel-dense", "panel-modern", "play"] {
        assert!(
            shown(&session, &format!("[data-testid={id}]")).await,
            "{id} shown"
        );
    }
    for id in ["source-select", "pattern-gallery", "mask-lower-half"] {
        assert!(
            !shown(&session, &format!("[data-testid={id}]")).await,
            "{id} hidden"
        );
    }
    assert!(!shown(&session, ".app-header").await);
    assert_open_full_link(&session, "view=studio").await;
    let wide = session
        .client
        .execute(
            "const w = document.documentElement.clientWidth;
             return [...document.querySelectorAll('main *')]
                 .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 1)
                 .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + (e.dataset.testid || ''))",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(wide, serde_json::json!([]), "nothing wider than the frame");
    let page = number(&session, "return document.documentElement.clientWidth").await;
    let scroll = number(&session, "return document.documentElement.scrollWidth").await;
    assert!(
        scroll <= page + 1.0,
        "no sideways scrolling ({scroll} > {page})"
    );
    session.assert_no_error_box().await;
    session.screenshot("embed-retrieval").await;

    session.open("?embed=attention").await;
    wait_for(&session, "[data-panel=attention] canvas").await;
    assert!(shown(&session, "[data-testid=weights] canvas").await);
    assert!(!shown(&session, "[data-testid=panel-classic]").await);
    assert!(!shown(&session, "[data-testid=play]").await);
    session.screenshot("embed-attention").await;
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn an_unknown_panel_shows_the_app_with_a_notice() {
    let session = Session::start(1280, 720).await;
    session.open("?view=capacity&embed=everything").await;
    assert!(shown(&session, ".app-header").await);
    let notice = session
        .client
        .find(Locator::Css("main > [data-testid=notice]"))
        .await
        .expect("a notice")
        .text()
        .await
        .unwrap();
    assert!(notice.contains("embed parameter"), "{notice}");
    assert!(shown(&session, "[data-testid=capacity-run]").await);
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn landscape_in_an_iframe_from_a_sub_path() {
    let session = Session::start(640, 600).await;
    let page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Docs</title></head>
        <body style="font-family: sans-serif; margin: 12px">
        <p>A documentation page with the app embedded from /{SUB_PATH}:</p>
        <iframe src="{SUB_PATH}?view=landscape&embed=landscape" width="400" height="300"
            style="border: 1px solid #888" title="Hopfield Lab: energy landscape"></iframe>
        </body></html>"#
    );
    session.server.add_page("docs.html", &page);
    session.open_page("docs.html").await;
    let frame = session
        .client
        .find(Locator::Css("iframe"))
        .await
        .expect("the iframe");
    frame.enter_frame().await.expect("enter the iframe");
    wait_for(&session, "main [data-panel=landscape] canvas").await;
    session.assert_no_error_box().await;
    // Every asset came from under the sub-path.
    let outside = session
        .client
        .execute(
            "return performance.getEntriesByType('resource').map(e => e.name)
                .filter(n => !n.includes(arguments[0]))",
            vec![format!("/{SUB_PATH}").into()],
        )
        .await
        .unwrap();
    assert_eq!(
        outside,
        serde_json::json!([]),
        "assets outside the sub-path"
    );
    assert!(shown(&session, "[data-panel=landscape] canvas").await);
    assert!(!shown(&session, "[data-testid=landscape-preset]").await);
    let width = number(
        &session,
        "return document.querySelector('[data-panel=landscape] canvas').getBoundingClientRect().width",
    )
    .await;
    assert!(
        width > 300.0 && width <= 400.0,
        "the landscape fills the frame: {width}"
    );
    let bottom = number(
        &session,
        "return document.querySelector('[data-panel=landscape] canvas').getBoundingClientRect().bottom",
    )
    .await;
    assert!(
        bottom <= 300.0,
        "the whole plot is in the 300 px frame: bottom at {bottom}"
    );
    session.client.enter_parent_frame().await.unwrap();
    session.screenshot("embed-landscape-sub-path").await;
    session.close().await;
}
