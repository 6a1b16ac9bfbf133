//! The studio's direct input end to end: image files dropped on the gallery (a real
//! `DataTransfer` with a PNG made in the page, and a text file that must be refused), and
//! strokes and mask rectangles made with WebDriver pointer actions — mouse, pen and touch —
//! rather than synthetic DOM events.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{
    Actions, InputSource, MOUSE_BUTTON_LEFT, MOUSE_BUTTON_RIGHT, MouseActions, PenActions,
    PointerAction, TouchActions,
};
use fantoccini::elements::Element;

use crate::studio::{notice_text, number, open_drawing, wait_until};
use crate::support::Session;

/// Builds a File in the page (a canvas gradient → PNG blob, or a text file) or just words,
/// puts it in a `DataTransfer` kept as `window.__drop`, and fires dragenter and dragover on
/// the gallery.
const DRAG_IN: &str = r#"
    const [kind, done] = [arguments[0], arguments[arguments.length - 1]];
    const gallery = document.querySelector('[data-testid="pattern-gallery"]');
    const send = (dt) => {
        window.__drop = dt;
        for (const type of ['dragenter', 'dragover']) {
            gallery.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        }
        done(dt.files.length);
    };
    const dt = new DataTransfer();
    if (kind === 'png') {
        const c = document.createElement('canvas');
        c.width = 48; c.height = 32;
        const g = c.getContext('2d');
        const grad = g.createLinearGradient(0, 0, 48, 32);
        grad.addColorStop(0, '#000'); grad.addColorStop(1, '#fff');
        g.fillStyle = grad; g.fillRect(0, 0, 48, 32);
        g.fillStyle = '#fff'; g.fillRect(8, 8, 10, 10);
        c.toBlob((blob) => {
            dt.items.add(new File([blob], 'dropped.png', { type: 'image/png' }));
            send(dt);
        }, 'image/png');
    } else if (kind === 'text-file') {
        dt.items.add(new File(['not pixels'], 'notes.txt', { type: 'text/plain' }));
        send(dt);
    } else {
        dt.setData('text/plain', 'dragged words, no file');
        send(dt);
    }
"#;

/// Drops `window.__drop` on the gallery; returns whether the app took the drop (prevented the
/// browser's default of opening the file).
const DROP: &str = r#"
    const gallery = document.querySelector('[data-testid="pattern-gallery"]');
    const ev = new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: window.__drop });
    gallery.dispatchEvent(ev);
    return ev.defaultPrevented;
"#;

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn dropped_images_join_the_gallery_and_other_files_are_refused() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio").await;
    let count = number(&session, "pattern-gallery", "data-count").await as usize;
    assert_eq!(
        session.attr("pattern-gallery", "data-dropping").await,
        "false"
    );

    let files = session
        .client
        .execute_async(DRAG_IN, vec!["png".into()])
        .await
        .expect("drag a PNG in");
    assert_eq!(files, 1, "the DataTransfer carries the file");
    wait_until(&session, "the gallery to light up", async |s| {
        s.attr("pattern-gallery", "data-dropping").await == "true"
    })
    .await;
    let class = session.attr("pattern-gallery", "class").await;
    assert!(class.contains("dropping"), "gallery class: {class}");
    session.screenshot("studio-dragover").await;
    let taken = session.client.execute(DROP, vec![]).await.expect("drop");
    assert_eq!(taken, true, "the app takes the drop");
    wait_until(&session, "the dropped pattern", async |s| {
        s.attr("pattern-gallery", "data-count").await == (count + 1).to_string()
    })
    .await;
    assert_eq!(
        session.attr("pattern-gallery", "data-dropping").await,
        "false"
    );
    assert_eq!(notice_text(&session).await, None, "no notice for a PNG");
    let names = session.text("[data-testid=pattern-gallery]").await;
    assert!(names.contains("dropped.png"), "gallery: {names}");

    // A text file is refused by name; the patterns stay as they were.
    session
        .client
        .execute_async(DRAG_IN, vec!["text-file".into()])
        .await
        .expect("drag a text file in");
    session.client.execute(DROP, vec![]).await.expect("drop");
    wait_until(&session, "the notice", async |s| {
        notice_text(s).await.is_some()
    })
    .await;
    let notice = notice_text(&session).await.unwrap_or_default();
    assert!(
        notice.contains("notes.txt") && notice.contains("not an image"),
        "notice: {notice}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        session.attr("pattern-gallery", "data-count").await,
        (count + 1).to_string(),
        "the text file added nothing"
    );
    session.screenshot("studio-drop-refused").await;

    // Words dragged over the page (no file) leave the gallery alone.
    session
        .client
        .execute_async(DRAG_IN, vec!["words".into()])
        .await
        .expect("drag words in");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        session.attr("pattern-gallery", "data-dropping").await,
        "false"
    );
    session.assert_no_error_box().await;
    session.close().await;
}

/// The element with `data-testid=testid`, scrolled to the middle of its scrolling column so
/// that pointer actions can reach it.
async fn reach(session: &Session, testid: &str) -> Element {
    session
        .client
        .execute(
            r#"document.querySelector(`[data-testid="${arguments[0]}"]`)
                   .scrollIntoView({ block: 'center' });"#,
            vec![testid.into()],
        )
        .await
        .expect("scroll into view");
    session
        .client
        .find(Locator::Css(&format!("[data-testid={testid}]")))
        .await
        .unwrap_or_else(|e| panic!("no {testid}: {e}"))
}

/// The kind of pointer a stroke is made with.
#[derive(Debug, Clone, Copy)]
enum Device {
    Mouse,
    Pen,
    Touch,
}

fn sequence<S: InputSource<Action = PointerAction>>(source: S, moves: Vec<PointerAction>) -> S {
    moves.into_iter().fold(source, |s, a| s.then(a))
}

/// A real WebDriver stroke with `device`: a press at `from`, a release at `to` (offsets from
/// the centre of `el`, CSS pixels), moving in between over 150 ms, with `button`.
async fn stroke(
    session: &Session,
    device: Device,
    el: &Element,
    from: (f64, f64),
    to: (f64, f64),
    button: u64,
) {
    let at = |(x, y): (f64, f64), ms: u64| PointerAction::MoveToElement {
        element: el.clone(),
        duration: Some(Duration::from_millis(ms)),
        x,
        y,
    };
    let moves = vec![
        at(from, 0),
        PointerAction::Down { button },
        at(((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0), 75),
        at(to, 75),
        PointerAction::Up { button },
    ];
    let actions: Actions = match device {
        Device::Mouse => sequence(MouseActions::new("mouse".into()), moves).into(),
        Device::Pen => sequence(PenActions::new("pen".into()), moves).into(),
        Device::Touch => sequence(TouchActions::new("finger".into()), moves).into(),
    };
    session
        .client
        .perform_actions(actions)
        .await
        .unwrap_or_else(|e| panic!("{device:?} stroke: {e}"));
}

async fn lit(session: &Session) -> usize {
    number(session, "draw-grid", "data-lit").await as usize
}

async fn edits(session: &Session) -> String {
    session.text("[data-testid=edits]").await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn mouse_pen_and_touch_draw_and_drag_mask_rectangles() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio").await;
    let count = number(&session, "pattern-gallery", "data-count").await as usize;
    open_drawing(&session).await;
    let grid = reach(&session, "draw-grid").await;
    assert_eq!(lit(&session).await, 0);

    // The grid is 128 CSS px for 64×64 cells: an 80 px stroke crosses about 40 cells, and the
    // stroke is painted along the line, without gaps between pointer events.
    stroke(
        &session,
        Device::Mouse,
        &grid,
        (-40.0, -40.0),
        (40.0, -40.0),
        MOUSE_BUTTON_LEFT,
    )
    .await;
    wait_until(&session, "the mouse stroke", async |s| lit(s).await >= 38).await;
    let after_mouse = lit(&session).await;
    assert!(
        after_mouse <= 44,
        "one row of about 40 cells: {after_mouse}"
    );

    stroke(
        &session,
        Device::Pen,
        &grid,
        (-40.0, 0.0),
        (40.0, 0.0),
        MOUSE_BUTTON_LEFT,
    )
    .await;
    wait_until(&session, "the pen stroke", async |s| {
        lit(s).await >= after_mouse + 38
    })
    .await;
    let after_pen = lit(&session).await;

    stroke(
        &session,
        Device::Touch,
        &grid,
        (-40.0, 40.0),
        (40.0, 40.0),
        MOUSE_BUTTON_LEFT,
    )
    .await;
    wait_until(&session, "the touch stroke", async |s| {
        lit(s).await >= after_pen + 38
    })
    .await;
    let after_touch = lit(&session).await;

    // The secondary button erases the first row again.
    stroke(
        &session,
        Device::Mouse,
        &grid,
        (-44.0, -40.0),
        (44.0, -40.0),
        MOUSE_BUTTON_RIGHT,
    )
    .await;
    wait_until(&session, "the erasing stroke", async |s| {
        lit(s).await <= after_touch - after_mouse
    })
    .await;
    session.client.release_actions().await.expect("release");
    session.screenshot("studio-drawn").await;
    session.click("draw-add").await;
    wait_until(&session, "the drawn pattern", async |s| {
        s.attr("pattern-gallery", "data-count").await == (count + 1).to_string()
    })
    .await;

    // Dragging on the modern view of the query masks the rectangle between press and release:
    // 84 CSS px show 64 pixels, so 40 px × 30 px span about 31 × 23 pixels.
    session.click("clear-query").await;
    let surface = reach(&session, "query-rect").await;
    let canvas = surface.find(Locator::Css("canvas")).await.unwrap();
    stroke(
        &session,
        Device::Mouse,
        &canvas,
        (-30.0, -30.0),
        (10.0, 0.0),
        MOUSE_BUTTON_LEFT,
    )
    .await;
    wait_until(&session, "the mask rectangle", async |s| {
        edits(s).await.contains("rectangle masked")
    })
    .await;
    let text = edits(&session).await;
    let size = text.split(' ').next().unwrap_or_default().to_string();
    let (w, h) = size.split_once('×').expect("W×H");
    let (w, h): (usize, usize) = (w.parse().unwrap(), h.parse().unwrap());
    assert!((28..=34).contains(&w) && (20..=26).contains(&h), "{text}");

    stroke(
        &session,
        Device::Touch,
        &canvas,
        (0.0, 0.0),
        (30.0, 30.0),
        MOUSE_BUTTON_LEFT,
    )
    .await;
    wait_until(&session, "the second rectangle", async |s| {
        edits(s).await.matches("rectangle masked").count() == 2
    })
    .await;
    session.client.release_actions().await.expect("release");
    session.screenshot("studio-masked-by-drag").await;
    session.assert_no_error_box().await;
    session.close().await;
}
