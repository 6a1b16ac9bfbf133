//! Lecture-ready (issue 16): a bare `?lecture=N` link, as a lecturer puts on a slide, opens its
//! scene exactly as the scene's share link does; and presenting a scene at 1280×720 gives page
//! text of at least 20 px with the controls the scene needs inside the first screen.

use std::time::Duration;

use fantoccini::Locator;
use hopfield_lab::url_state::lecture::{SCENES, scene_query};

use crate::support::{Session, poll};

/// What a view shows that its link decides: the view's nav entry, every control's value, and
/// the heads view's chosen head and row; in document order, one entry per line.
const FINGERPRINT: &str = r#"
    const out = [];
    const here = document.querySelector('.nav a[aria-current=page][href*="view="]');
    out.push('view ' + (here ? here.getAttribute('href') : 'none'));
    for (const el of document.querySelectorAll('main input, main select, main textarea')) {
        if (el.type === 'file') continue;
        const value = el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value;
        out.push((el.dataset.testid || el.name || el.type) + ' ' + value);
    }
    const m = document.querySelector('[data-testid=heads-matrix]');
    if (m) out.push(`head ${m.dataset.layer}.${m.dataset.head} row ${m.dataset.row}`);
    return out.join('\n');
"#;

async fn fingerprint(session: &Session) -> String {
    let value = session.client.execute(FINGERPRINT, vec![]).await.unwrap();
    value.as_str().unwrap_or_default().to_string()
}

/// Waits until the scene bar shows scene `n` (from 1) and the view has drawn its controls.
async fn wait_for_scene(session: &Session, n: usize) {
    session
        .wait_for_attr("scene-title", "data-scene", &n.to_string())
        .await;
    poll(
        Duration::from_secs(20),
        Duration::from_millis(100),
        format!("scene {n}'s view"),
        async || {
            let shown = session
                .client
                .find_all(Locator::Css("main section input, main section select"))
                .await
                .ok()?;
            (!shown.is_empty()).then_some(())
        },
    )
    .await;
}

/// Opens `link` (scene `n`) and returns the view's fingerprint once it has settled.
async fn scene_as_opened(session: &Session, link: &str, n: usize) -> String {
    session.open(link).await;
    wait_for_scene(session, n).await;
    if SCENES[n - 1].link.starts_with("view=heads") {
        // The heads view with the scene's head (`head=1.1`) once its data came.
        session
            .wait_for_attr("heads-matrix", "data-head", "1")
            .await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    fingerprint(session).await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn every_bare_lecture_link_opens_its_scene_as_its_share_link_does() {
    for (i, scene) in SCENES.iter().enumerate() {
        let n = i + 1;
        // A fresh browser, as a lecture's audience clicking the slide's link.
        let session = Session::start(1280, 720).await;
        let view = scene.link.split('&').next().unwrap();
        let bare = scene_as_opened(&session, &format!("?lecture={n}"), n).await;
        assert!(
            bare.starts_with(&format!("view ?{view}")),
            "?lecture={n}: {bare}"
        );
        session.assert_no_error_box().await;
        let linked = scene_as_opened(&session, &scene_query(i), n).await;
        assert_eq!(bare, linked, "?lecture={n} differs from {}", scene_query(i));
        session.close().await;
    }
}

/// Every visible piece of page text (an element with its own text, outside formulas' scripts)
/// smaller than 20 px, as `size px: text`.
const SMALL_TEXT: &str = r#"
    const small = [];
    for (const el of document.querySelectorAll('body *')) {
        if (el.closest('math, svg, select, .sr-only, [hidden]')) continue;
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || el.getClientRects().length === 0) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || parseFloat(style.opacity) === 0) continue;
        const size = parseFloat(style.fontSize);
        if (size < 20) small.push(`${size}px: ${el.textContent.trim().slice(0, 40)}`);
    }
    for (const m of document.querySelectorAll('math')) {
        const size = parseFloat(getComputedStyle(m).fontSize);
        if (m.getClientRects().length && size < 20) small.push(`${size}px: a formula`);
    }
    return small;
"#;

/// Each element matching a selector that is cut: outside the window, or wider than its box.
const CLIPPED: &str = r#"
    const cut = [];
    if (document.documentElement.scrollWidth > document.documentElement.clientWidth) cut.push('the page scrolls sideways');
    for (const css of arguments[0]) {
        const els = [...document.querySelectorAll(css)];
        if (els.length === 0) cut.push(`${css}: missing`);
        for (const el of els) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) {
                cut.push(`${css}: at ${r.left.toFixed(0)},${r.top.toFixed(0)}–${r.right.toFixed(0)},${r.bottom.toFixed(0)} in ${innerWidth}×${innerHeight}`);
            }
            // The element's own content, and any box that clips it.
            for (let box = el; box && box !== document.body; box = box.parentElement) {
                const clips = box === el || getComputedStyle(box).overflowX !== 'visible';
                if (clips && box.scrollWidth > box.clientWidth + 1) {
                    cut.push(`${css}: ${box.className || box.tagName} is ${box.scrollWidth} wide in ${box.clientWidth}`);
                }
            }
        }
    }
    return cut;
"#;

/// What scene `n` (from 1) needs on its first screen.
fn needed(n: usize) -> Vec<&'static str> {
    // The scene's own text to its last line (its column would otherwise scroll).
    let mut css = vec![
        "[data-testid=scene-title]",
        "[data-testid=scene-next]",
        ".lecture-body .lecture-watch",
    ];
    css.extend(match n {
        1 => &["[data-testid=play]", "[data-testid=panel-classic] canvas"][..],
        4 => &[
            "[data-testid=beta]",
            "[data-testid=panel-modern] .verdict",
            "[data-testid=panel-modern] .panel-stats",
            "[data-testid=play]",
        ][..],
        5 | 6 => &[
            "[data-testid=beta]",
            "[data-testid=landscape] canvas",
            ".landscape-side",
        ][..],
        7 => &["[data-testid=heads-grid]", "[data-testid=beta]"][..],
        9 => &["[data-testid=beta]", "[data-testid=theory-error] canvas"][..],
        10 => &["[data-testid=learn-run]", "[data-testid=learn-grid]"][..],
        _ => &["[data-testid=capacity-run]", ".cap-plot canvas"][..],
    });
    css
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn presented_scenes_have_large_text_and_nothing_cut_at_1280_by_720() {
    let session = Session::start(1280, 720).await;
    // A projector's 1280×720 is the page's viewport: grow the window by its own frame.
    session.open("?view=studio").await;
    let frame = session
        .client
        .execute("return outerHeight - innerHeight", vec![])
        .await
        .unwrap();
    let frame = frame.as_u64().unwrap_or(0) as u32;
    session
        .client
        .set_window_size(1280, 720 + frame)
        .await
        .unwrap();
    let mut problems = Vec::new();
    for n in 1..=SCENES.len() {
        session.open(&format!("?lecture={n}")).await;
        wait_for_scene(&session, n).await;
        if n == 1 {
            session.click("present-toggle").await;
        }
        // The mode outlives the page: each next scene opens presented.
        session
            .wait_for_attr("present-toggle", "aria-pressed", "true")
            .await;
        if n == 7 {
            session
                .wait_for_attr("heads-matrix", "data-head", "1")
                .await;
        }
        tokio::time::sleep(Duration::from_millis(800)).await;
        session.screenshot(&format!("lecture-present-{n}")).await;
        let small = session.client.execute(SMALL_TEXT, vec![]).await.unwrap();
        let small: Vec<String> = serde_json::from_value(small).unwrap();
        if !small.is_empty() {
            problems.push(format!("scene {n}, text under 20 px: {small:?}"));
        }
        let css: Vec<serde_json::Value> = needed(n).into_iter().map(Into::into).collect();
        let cut = session
            .client
            .execute(CLIPPED, vec![css.into()])
            .await
            .unwrap();
        let cut: Vec<String> = serde_json::from_value(cut).unwrap();
        if !cut.is_empty() {
            problems.push(format!("scene {n}, cut: {cut:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    session.close().await;
}
