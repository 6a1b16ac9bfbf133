//! Reordering the gallery end to end: a thumbnail dragged with WebDriver pointer actions (mouse,
//! then touch on a phone-sized page) lands where the insertion bar showed, the target follows its pattern, Alt+→
//! moves the focused thumbnail and is announced; the order is in the share link (opened fresh
//! in a new browser) and kept in local storage for the same set; a reorder restarts playback;
//! removal works after it.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{
    Actions, InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction, TouchActions,
};
use fantoccini::key::Key;

use crate::studio::{number, wait_until};
use crate::support::Session;

/// Six glyphs at 16×16: no download, small thumbnails.
const SET: &str = "?view=studio&source=glyphs&side=16&count=6";

/// The gallery as shown: each thumbnail's pattern label (without its x_μ), and the position of
/// the target.
async fn gallery(session: &Session) -> (Vec<String>, Option<usize>) {
    let script = r#"
        return [...document.querySelectorAll('[data-testid=pattern-thumb]')].map(b =>
            [b.querySelector('.thumb-name').textContent, b.getAttribute('aria-pressed')]);
    "#;
    let rows = session.client.execute(script, vec![]).await.unwrap();
    let rows = rows.as_array().expect("a list of thumbnails");
    let mut labels = Vec::new();
    let mut target = None;
    for (pos, row) in rows.iter().enumerate() {
        let name = row[0].as_str().unwrap();
        // "x₃ C": the index is the position, the label follows.
        let (index, label) = name.split_once(' ').expect("x_μ label");
        let digits: String = index
            .chars()
            .filter_map(|c| char::from_digit(u32::from(c).checked_sub(u32::from('₀'))?, 10))
            .collect();
        assert_eq!(digits, (pos + 1).to_string(), "{name} at position {pos}");
        labels.push(label.to_string());
        if row[1].as_str() == Some("true") {
            target = Some(pos);
        }
    }
    (labels, target)
}

async fn thumbs(session: &Session) -> Vec<fantoccini::elements::Element> {
    session
        .client
        .find_all(Locator::Css("[data-testid=pattern-thumb]"))
        .await
        .unwrap()
}

/// Presses on thumbnail `from` and drags it over the left half of thumbnail `over`; lets go
/// there if `drop`, else keeps the pointer down (so the page can be looked at mid-drag) for
/// [`release`] to end. (ChromeDriver keeps a mouse pressed between action calls, not a finger.)
async fn drag_over(session: &Session, touch: bool, from: usize, over: usize, drop: bool) {
    let t = thumbs(session).await;
    let at = |i: usize, x: f64, ms: u64| PointerAction::MoveToElement {
        element: t[i].clone(),
        duration: Some(Duration::from_millis(ms)),
        x,
        y: 0.0,
    };
    let mut moves = vec![
        at(from, 0.0, 0),
        PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        },
        at(from, 8.0, 60),
        at(over, -12.0, 150),
    ];
    if drop {
        moves.push(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    }
    perform(session, touch, moves).await;
}

/// Lets go of the pointer [`drag_over`] pressed.
async fn release(session: &Session) {
    let up = PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    };
    perform(session, false, vec![up]).await;
}

async fn perform(session: &Session, touch: bool, moves: Vec<PointerAction>) {
    fn fold<S: InputSource<Action = PointerAction>>(s: S, moves: Vec<PointerAction>) -> S {
        moves.into_iter().fold(s, |s, a| s.then(a))
    }
    let actions: Actions = if touch {
        fold(TouchActions::new("finger".into()), moves).into()
    } else {
        fold(MouseActions::new("mouse".into()), moves).into()
    };
    session
        .client
        .perform_actions(actions)
        .await
        .unwrap_or_else(|e| panic!("pointer actions: {e}"));
}

/// Waits until the address bar carries `order=<want>` and returns the address.
async fn address_with_order(session: &Session, want: &str) -> String {
    let needle = format!("order={}", want.replace(',', "%2C"));
    let alt = format!("order={want}");
    wait_until(session, "the order in the address", async |s| {
        let url = s.client.current_url().await.unwrap().to_string();
        url.contains(&needle) || url.contains(&alt)
    })
    .await;
    session.client.current_url().await.unwrap().to_string()
}

/// Waits until the gallery shows the patterns `labels` in this order.
async fn shows<const N: usize>(session: &Session, what: &str, labels: [&str; N]) {
    wait_until(session, what, async |s| gallery(s).await.0 == labels).await;
}

/// Waits until the gallery shows the patterns `labels` in this order, then checks that the
/// target is at position `target`.
async fn expect<const N: usize>(session: &Session, what: &str, labels: [&str; N], target: usize) {
    shows(session, what, labels).await;
    assert_eq!(gallery(session).await.1, Some(target), "{what}: the target");
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn gallery_reorders_by_drag_and_keyboard_and_the_link_keeps_it() {
    let session = Session::start(1280, 720).await;
    session.open(SET).await;
    wait_until(&session, "six glyphs", async |s| {
        gallery(s).await.0.len() == 6
    })
    .await;
    let (natural, target) = gallery(&session).await;
    assert_eq!(target, Some(0));
    let n = |i: usize| natural[i].as_str();

    // Choose the third glyph, then drag it in front of the first: the bar marks the gap.
    thumbs(&session).await[2].click().await.unwrap();
    assert_eq!(gallery(&session).await.1, Some(2));
    // One step forward first: a reorder restarts playback from the query.
    session.click("step").await;
    wait_until(&session, "a step", async |s| {
        number(s, "timeline", "data-frame").await > 0.0
    })
    .await;
    drag_over(&session, false, 2, 0, false).await;
    let marked = session
        .client
        .execute(
            "return [...document.querySelectorAll('.gallery li')].findIndex(li => li.dataset.drop === 'before');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        marked.as_i64(),
        Some(0),
        "the insertion bar is before the first thumbnail"
    );
    session.screenshot("studio-order-mid-drag").await;
    release(&session).await;
    expect(
        &session,
        "the dragged order",
        [n(2), n(0), n(1), n(3), n(4), n(5)],
        0,
    )
    .await;

    assert_eq!(number(&session, "timeline", "data-frame").await, 0.0);

    // Keyboard: Alt+→ on the focused first thumbnail moves it one place later, keeps focus
    // on it and says so.
    let first = thumbs(&session).await[0].clone();
    first
        .send_keys(&format!("{}{}", Key::Alt, Key::Right))
        .await
        .unwrap();
    expect(
        &session,
        "the keyboard move",
        [n(0), n(2), n(1), n(3), n(4), n(5)],
        1,
    )
    .await;
    let said = session.text(".gallery [aria-live]").await;
    assert!(
        said.contains("moved to position 2 of 6"),
        "announced: {said}"
    );
    wait_until(&session, "focus on the moved thumbnail", async |s| {
        let focused = s
            .client
            .execute("return document.activeElement.textContent;", vec![])
            .await
            .unwrap();
        focused
            .as_str()
            .is_some_and(|t| t.ends_with(n(2)) && t.starts_with("x₂"))
    })
    .await;
    session.screenshot("studio-order-after").await;

    // The link names the order; the same set opened without it gets the saved order back.
    let link = address_with_order(&session, "0,2,1").await;
    session.open(SET).await;
    shows(
        &session,
        "the saved order",
        [n(0), n(2), n(1), n(3), n(4), n(5)],
    )
    .await;
    session.assert_no_error_box().await;
    session.close().await;

    // A fresh browser (no saved order) on a phone opening the link sees the same order and
    // target.
    let fresh = Session::start_phone(360, 740).await;
    let query = &link[link.find('?').unwrap()..];
    fresh.open(query).await;
    expect(
        &fresh,
        "the linked order",
        [n(0), n(2), n(1), n(3), n(4), n(5)],
        1,
    )
    .await;
    fresh
        .client
        .execute(
            "document.querySelector('[data-testid=pattern-gallery]').scrollIntoView({ block: 'center' });",
            vec![],
        )
        .await
        .unwrap();

    // Touch drags too: the last glyph to the front.
    drag_over(&fresh, true, 5, 0, true).await;
    expect(
        &fresh,
        "the touch-dragged order",
        [n(5), n(0), n(2), n(1), n(3), n(4)],
        2,
    )
    .await;

    // Removing after reorders removes the pattern shown, and the target stays on its own.
    fresh
        .client
        .find_all(Locator::Css(".gallery .remove"))
        .await
        .unwrap()[1]
        .click()
        .await
        .unwrap();
    expect(&fresh, "the removal", [n(5), n(2), n(1), n(3), n(4)], 1).await;
    fresh.screenshot("studio-order-phone").await;
    fresh.assert_no_error_box().await;
    fresh.close().await;
}
