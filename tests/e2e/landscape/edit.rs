//! Editing the 2-D points: a real pointer drag (WebDriver actions) moves a stored pattern and
//! the fixed points follow; add and remove by click and by keyboard; the 1-D slice follows.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};

use super::{counts, inked_pixels, open_landscape, set_range_and_check, value_of, wait_for_counts};
use crate::support::Session;

/// The points' positions in canvas pixels, from the canvas's test hook.
async fn points_px(session: &Session) -> Vec<(f64, f64)> {
    let raw = session
        .client
        .find(Locator::Css("[data-testid=landscape] canvas"))
        .await
        .unwrap()
        .attr("data-points-px")
        .await
        .unwrap()
        .unwrap_or_default();
    raw.split(';')
        .filter_map(|p| {
            let (x, y) = p.split_once(',')?;
            Some((x.parse().ok()?, y.parse().ok()?))
        })
        .collect()
}

/// CSS pixels per canvas pixel and the canvas's size in CSS pixels.
async fn canvas_scale(session: &Session) -> (f64, f64, f64) {
    let v = session
        .client
        .execute(
            "const c = document.querySelector('[data-testid=landscape] canvas');
             const r = c.getBoundingClientRect();
             return [r.width / c.width, r.width, r.height];",
            vec![],
        )
        .await
        .unwrap();
    let a = v.as_array().unwrap();
    let f = |i: usize| a[i].as_f64().unwrap();
    (f(0), f(1), f(2))
}

/// Offset from the canvas's centre (CSS pixels) of the canvas pixel `p`.
async fn offset_of(session: &Session, p: (f64, f64)) -> (f64, f64) {
    let (scale, w, h) = canvas_scale(session).await;
    (p.0 * scale - w / 2.0, p.1 * scale - h / 2.0)
}

/// A mouse that moves to `(dx, dy)` CSS pixels from the centre of `canvas` and presses.
fn press_at(canvas: &fantoccini::elements::Element, (dx, dy): (f64, f64)) -> MouseActions {
    MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: canvas.clone(),
            duration: None,
            x: dx,
            y: dy,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
}

/// Waits (up to 10 s) until `attr` of `testid` differs from `old`; returns the new value.
async fn wait_for_change(session: &Session, testid: &str, attr: &str, old: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = session.attr(testid, attr).await;
        if now != old || Instant::now() > deadline {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn dragging_adding_and_removing_points() {
    let session = Session::start(1280, 900).await;
    open_landscape(&session).await;
    set_range_and_check(&session, "0", 1.0, (0, 1, 1)).await;
    assert_eq!(session.attr("landscape", "data-points").await, "3");
    let before = session.attr("landscape", "data-fixed").await;
    assert_eq!(
        session.attr("landscape-slice", "data-fixed").await,
        "1",
        "the metastable state of the close pair lies on the slice x₁–x₂"
    );
    assert!(inked_pixels(&session, "[data-testid=landscape-slice] canvas").await > 2_000);
    session.screenshot("landscape-edit-before").await;
    session
        .client
        .execute(
            "document.querySelector('[data-testid=landscape-slice]').scrollIntoView({block: 'center'});",
            vec![],
        )
        .await
        .unwrap();
    session.screenshot("landscape-slice-and-points").await;
    session
        .client
        .execute("window.scrollTo(0, 0);", vec![])
        .await
        .unwrap();

    // Drag x₂ (the lower of the close pair) 90 CSS pixels down with a real pointer.
    let px = points_px(&session).await;
    assert_eq!(px.len(), 3, "{px:?}");
    let canvas = session
        .client
        .find(Locator::Css("[data-testid=landscape] canvas"))
        .await
        .unwrap();
    let drag = press_at(&canvas, offset_of(&session, px[1]).await)
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(400)),
            x: 0.0,
            y: 45.0,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(400)),
            x: 0.0,
            y: 45.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    session.client.perform_actions(drag).await.expect("drag");
    session.client.release_actions().await.unwrap();
    let after = wait_for_change(&session, "landscape", "data-fixed", &before).await;
    assert_ne!(after, before, "the fixed points did not follow the drag");
    // The view may refit after the drag, so the positions are read from the point list.
    let field = |testid: &'static str| {
        let session = &session;
        async move {
            value_of(session, testid)
                .await
                .parse::<f32>()
                .unwrap_or(f32::NAN)
        }
    };
    let y2 = field("point-1-1").await;
    assert!(y2 < -1.5, "x₂ did not move down: its ξ₂ field shows {y2}");
    let x2 = field("point-1-0").await;
    assert!((x2 - 1.4).abs() < 0.05, "x₂ moved sideways to {x2}");
    assert_eq!(field("point-0-1").await, 0.3, "x₁ moved too");
    let (global, metastable, single) = counts(&session).await;
    assert_eq!(
        (global, metastable),
        (0, 0),
        "the pair is no longer close: no average left ({after})"
    );
    assert!(single >= 2, "{after}");
    session.screenshot("landscape-edit-dragged").await;
    set_range_and_check(&session, "3", 1000.0, (0, 0, 3)).await;
    assert_eq!(
        session.attr("landscape-slice", "data-fixed").await,
        "2",
        "at β = 1000 both ends of the slice x₁–x₂ are single fixed points"
    );

    // Add a point with a click in "add" mode, then remove it with a click in "remove" mode.
    session.click("landscape-mode-add").await;
    canvas.click().await.unwrap();
    assert_eq!(
        wait_for_change(&session, "landscape", "data-points", "3").await,
        "4"
    );
    let px = points_px(&session).await;
    session.click("landscape-mode-remove").await;
    let click = press_at(&canvas, offset_of(&session, px[3]).await).then(PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    });
    session.client.perform_actions(click).await.unwrap();
    session.client.release_actions().await.unwrap();
    assert_eq!(
        wait_for_change(&session, "landscape", "data-points", "4").await,
        "3"
    );

    // The keyboard way: the add button, a typed coordinate, a remove button.
    session.click("point-add").await;
    assert_eq!(
        wait_for_change(&session, "landscape", "data-points", "3").await,
        "4"
    );
    let fixed = session.attr("landscape", "data-fixed").await;
    session.set_value("point-3-0", "-0.5", "change").await;
    let changed = wait_for_change(&session, "landscape", "data-fixed", &fixed).await;
    assert_ne!(
        changed, fixed,
        "a typed coordinate did not move the fixed points"
    );
    session.click("point-3-remove").await;
    assert_eq!(
        wait_for_change(&session, "landscape", "data-points", "4").await,
        "3"
    );
    session.set_value("point-1-0", "abc", "change").await;
    let notice = session
        .client
        .wait()
        .at_most(Duration::from_secs(5))
        .for_element(Locator::Css("[data-testid=notice]"))
        .await
        .expect("a bad coordinate is reported")
        .text()
        .await
        .unwrap();
    assert!(notice.contains("not a number"), "{notice}");

    // Back to the preset: the points and the counts are those of the preset again.
    session
        .set_value("landscape-preset", "ring", "change")
        .await;
    session
        .set_value("landscape-preset", "two-close-one-far", "change")
        .await;
    assert_eq!(wait_for_counts(&session, (0, 0, 3)).await, (0, 0, 3));
    assert_eq!(session.attr("landscape", "data-points").await, "3");
    set_range_and_check(&session, "0", 1.0, (0, 1, 1)).await;
    session.assert_no_error_box().await;
    session.close().await;
}
