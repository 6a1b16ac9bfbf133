//! Robustness, persistence and security end to end (issue 8): no request leaves the app's
//! origin and the Content-Security-Policy blocks nothing the app needs; the deliberate panic
//! (`?debug=panic`) shows the error box whose link reloads without the hook; the user's patterns
//! survive a reload, are exported, cleared and imported back; and every bad file the README's
//! "Bad input" table lists gets its specific notice while the patterns stay as they were.

use std::time::Duration;

use fantoccini::Locator;

use crate::studio::{notice_text, number, wait_until};
use crate::support::Session;

/// Runs `script` (no arguments) in the page and returns its value.
async fn run(session: &Session, script: &str) -> serde_json::Value {
    session
        .client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// Waits (at most 10 s) for the error box and returns its text.
async fn error_box_text(session: &Session) -> String {
    let css = "[data-testid=error-box]";
    let waited = session.client.wait().at_most(Duration::from_secs(10));
    waited
        .for_element(Locator::Css(css))
        .await
        .expect("the error box");
    session.text(css).await
}

/// Every URL the page loaded (navigation and resources) and the CSP violations boot.js saw.
const REQUESTS: &str = r#"
    const urls = performance.getEntriesByType('navigation').map(e => e.name)
        .concat(performance.getEntriesByType('resource').map(e => e.name));
    return { urls, violations: window.hopfieldCspViolations || ['boot.js did not run'] };
"#;

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn every_request_stays_on_the_origin_and_the_csp_blocks_nothing() {
    let session = Session::start(1280, 720).await;
    let origin = session.server.base_url.trim_end_matches('/').to_string();
    for view in [
        "studio",
        "landscape",
        "capacity",
        "heads",
        "learn",
        "pooling",
    ] {
        session.open(&format!("?view={view}")).await;
        // Give the lazy fetches (photos, heads data) and the plots time to happen.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        session.assert_no_error_box().await;
        let seen = run(&session, REQUESTS).await;
        let urls: Vec<String> = serde_json::from_value(seen["urls"].clone()).unwrap();
        let violations: Vec<String> = serde_json::from_value(seen["violations"].clone()).unwrap();
        assert!(
            urls.len() >= 4,
            "{view}: too few requests recorded: {urls:?}"
        );
        for url in &urls {
            assert!(
                url.starts_with(&format!("{origin}/")),
                "{view}: a request left the origin {origin}: {url}"
            );
        }
        // One module per view: the page fetches its own view's module and no other.
        let modules: Vec<&String> = urls.iter().filter(|u| u.ends_with(".wasm")).collect();
        assert_eq!(modules.len(), 1, "{view}: one wasm module: {urls:?}");
        assert!(
            modules[0].contains(&format!("/hopfield-{view}-")),
            "{view}: the module of the view: {modules:?}"
        );
        assert_eq!(violations, Vec::<String>::new(), "{view}: CSP violations");
    }
    // The policy is really in force: an injected inline script does not run, and is reported.
    let probe = r#"
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true';
        document.head.appendChild(s);
        return window.__inlineRan === true;
    "#;
    let ran = run(&session, probe).await;
    assert_eq!(ran, false, "an inline script ran despite the CSP");
    wait_until(&session, "the reported violation", async |s| {
        let seen = run(s, REQUESTS).await;
        seen["violations"].to_string().contains("script-src")
    })
    .await;
    session.close().await;
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn the_deliberate_panic_shows_the_error_box_and_reloads_without_the_hook() {
    let session = Session::start(1280, 720).await;
    session.open("?view=landscape&debug=panic").await;
    let text = error_box_text(&session).await;
    assert!(text.contains("internal error"), "error box: {text}");
    assert!(text.contains("debug=panic"), "names the hook: {text}");
    let href = session.attr("reload-keeping-work", "href").await;
    assert!(
        href.contains("view=landscape") && !href.contains("debug"),
        "reload link: {href}"
    );
    session.screenshot("robust-panic-box").await;
    session.click("reload-keeping-work").await;
    wait_until(&session, "the reload without the hook", async |s| {
        let url = s.client.current_url().await.unwrap();
        !url.as_str().contains("debug") && s.client.find(Locator::Css("main")).await.is_ok()
    })
    .await;
    let url = session.client.current_url().await.unwrap();
    assert!(url.as_str().contains("view=landscape"), "same view: {url}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    session.assert_no_error_box().await;
    session.close().await;
}

/// Builds the files of `arguments[0]` in the page and drops them on the gallery; returns how
/// many files the drop carried. The kinds are the bad inputs of the README's table.
const DROP_FILES: &str = r#"
    const [kind, done] = [arguments[0], arguments[arguments.length - 1]];
    const gallery = document.querySelector('[data-testid="pattern-gallery"]');
    const drop = (files) => {
        const dt = new DataTransfer();
        for (const f of files) dt.items.add(f);
        gallery.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
        done(dt.files.length);
    };
    const png = (name, cut) => {
        const c = document.createElement('canvas');
        c.width = 40; c.height = 30;
        const g = c.getContext('2d');
        for (let i = 0; i < 40; i += 5) { g.fillStyle = `rgb(${i * 6},${255 - i * 6},90)`; g.fillRect(i, 0, 5, 30); }
        c.toBlob((blob) => {
            const part = cut ? blob.slice(0, Math.floor(blob.size * 0.6)) : blob;
            drop([new File([part], name, { type: 'image/png' })]);
        }, 'image/png');
    };
    if (kind === 'good') png('stripes.png', false);
    else if (kind === 'truncated') png('cut.png', true);
    else if (kind === 'empty') drop([new File([], 'empty.png', { type: 'image/png' })]);
    else if (kind === 'text-as-png') drop([new File(['just words'], 'words.png', { type: 'image/png' })]);
    else if (kind === 'huge') {
        // A PNG whose header says 10 000 × 10 000 (the studio refuses it from the header alone).
        const b = new Uint8Array(64);
        b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
        new DataView(b.buffer).setUint32(16, 10000);
        new DataView(b.buffer).setUint32(20, 10000);
        drop([new File([b], 'huge.png', { type: 'image/png' })]);
    } else if (kind === 'many') {
        drop(Array.from({ length: 500 }, (_, i) => new File(['x'], `f${i}.png`, { type: 'image/png' })));
    }
"#;

/// Waits until the studio has its stored patterns (the photos arrive after the page).
async fn patterns_ready(session: &Session) -> usize {
    wait_until(session, "the stored patterns", async |s| {
        number(s, "pattern-gallery", "data-count").await > 0.0
    })
    .await;
    number(session, "pattern-gallery", "data-count").await as usize
}

/// Drops the good PNG on the studio's gallery and waits until it is stored; returns the count of
/// patterns before it.
async fn add_dropped_pattern(session: &Session) -> usize {
    let count = patterns_ready(session).await;
    drop_files(session, "good").await;
    wait_until(session, "the dropped pattern", async |s| {
        number(s, "pattern-gallery", "data-count").await as usize == count + 1
    })
    .await;
    count
}

async fn drop_files(session: &Session, kind: &str) {
    session
        .client
        .execute_async(DROP_FILES, vec![kind.into()])
        .await
        .unwrap_or_else(|e| panic!("drop {kind}: {e}"));
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn bad_files_get_their_own_notice_and_leave_the_patterns_alone() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio").await;
    let count = patterns_ready(&session).await;
    for (kind, expected) in [
        ("empty", "empty.png is empty (0 bytes)"),
        (
            "text-as-png",
            "words.png: not a PNG, JPEG, GIF, WebP or BMP image",
        ),
        (
            "truncated",
            "cut.png: the browser could not decode it (damaged or truncated?)",
        ),
        (
            "huge",
            "huge.png is 10000 × 10000 pixels: the studio takes images up to 16.8 megapixels",
        ),
        ("many", "500 files: add at most 40 at a time"),
    ] {
        drop_files(&session, kind).await;
        wait_until(&session, &format!("the notice for {kind}"), async |s| {
            notice_text(s).await.is_some_and(|n| n.contains(expected))
        })
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            number(&session, "pattern-gallery", "data-count").await as usize,
            count,
            "{kind} added nothing"
        );
        session.screenshot(&format!("robust-bad-file-{kind}")).await;
    }
    session.assert_no_error_box().await;
    session.close().await;
}

/// Replaces URL.createObjectURL so that the next exported Blob is kept as `window.__exported`.
const CATCH_EXPORT: &str = r#"
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob) => { window.__exported = blob; return original(blob); };
"#;

/// Puts a JSON file with `arguments[0]` as its text on the file picker whose test id is
/// `arguments[1]` (the studio's import, or the Share dialog's state file).
const IMPORT: &str = r#"
    const input = document.querySelector(`[data-testid="${arguments[1]}"]`);
    const dt = new DataTransfer();
    dt.items.add(new File([arguments[0]], 'mine.json', { type: 'application/json' }));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
"#;

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn added_patterns_survive_a_reload_export_clear_and_import() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio").await;
    let count = add_dropped_pattern(&session).await;

    session.open("?view=studio").await;
    wait_until(&session, "the restored pattern", async |s| {
        number(s, "pattern-gallery", "data-count").await as usize == count + 1
    })
    .await;
    let gallery = "[data-testid=pattern-gallery]";
    assert!(session.text(gallery).await.contains("stripes.png"));
    session.screenshot("robust-restored").await;

    let scroll = "document.querySelector('[data-testid=export-patterns]').scrollIntoView({ block: 'center' });";
    run(&session, scroll).await;
    session.screenshot("robust-my-data").await;
    run(&session, CATCH_EXPORT).await;
    session.click("export-patterns").await;
    let exported = exported_text(&session).await;
    assert!(
        exported.contains("\"format\":\"hopfield-lab-patterns\""),
        "{exported}"
    );
    assert!(exported.contains("stripes.png"), "{exported}");

    session.click("clear-my-data").await;
    wait_until(&session, "the cleared pattern", async |s| {
        number(s, "pattern-gallery", "data-count").await as usize == count
    })
    .await;
    let stored = run(&session, "return Object.keys(localStorage);").await;
    assert_eq!(
        stored,
        serde_json::json!([]),
        "nothing left in local storage"
    );
    session.open("?view=studio").await;
    assert_eq!(
        patterns_ready(&session).await,
        count,
        "still cleared after a reload"
    );

    session
        .client
        .execute(
            IMPORT,
            vec![exported.clone().into(), "import-patterns".into()],
        )
        .await
        .unwrap();
    wait_until(&session, "the imported pattern", async |s| {
        number(s, "pattern-gallery", "data-count").await as usize == count + 1
    })
    .await;
    assert!(session.text(gallery).await.contains("stripes.png"));

    // A file that is not ours is refused by name and adds nothing.
    session
        .client
        .execute(
            IMPORT,
            vec![
                "{\"format\":\"something else\"}".into(),
                "import-patterns".into(),
            ],
        )
        .await
        .unwrap();
    wait_until(&session, "the import notice", async |s| {
        notice_text(s)
            .await
            .is_some_and(|n| n.contains("mine.json was not imported"))
    })
    .await;
    assert_eq!(
        number(&session, "pattern-gallery", "data-count").await as usize,
        count + 1
    );

    // A full storage is reported, naming what was not saved.
    let full = "Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };";
    run(&session, full).await;
    drop_files(&session, "good").await;
    wait_until(&session, "the quota notice", async |s| {
        notice_text(s).await.is_some_and(|n| {
            n.contains("your 2 added patterns were not saved") && n.contains("QuotaExceededError")
        })
    })
    .await;
    session.screenshot("robust-quota").await;

    // Damaged saved data is reported when the studio opens, not silently dropped (a fresh
    // page first: this one's setItem throws).
    session.open("?view=studio").await;
    run(
        &session,
        "localStorage.setItem('hopfield-lab/patterns', '{damaged');",
    )
    .await;
    session.open("?view=studio").await;
    wait_until(&session, "the restore notice", async |s| {
        notice_text(s)
            .await
            .is_some_and(|n| n.contains("your saved patterns were not restored: it is not JSON"))
    })
    .await;
    session.assert_no_error_box().await;
    session.close().await;
}

/// A copy of the served dist/ whose wasm module is damaged, for the start-up failure path.
fn dist_with_broken_wasm() -> std::path::PathBuf {
    let dist = std::env::var_os("HOPFIELD_DIST")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
    let copy = std::env::temp_dir().join(format!("hopfield-broken-{}", std::process::id()));
    let status = std::process::Command::new("cp")
        .args(["-r", "-T"])
        .arg(&dist)
        .arg(&copy)
        .status()
        .expect("cp");
    assert!(status.success(), "copy {}", dist.display());
    for entry in std::fs::read_dir(&copy).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "wasm") {
            std::fs::write(entry.path(), b"\0asm damaged").unwrap();
        }
    }
    copy
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn a_wasm_that_cannot_start_leaves_a_message_and_the_static_figures() {
    let session = Session::start(1280, 720).await;
    let broken = dist_with_broken_wasm();
    // The page without scripts carries the same figures in <noscript>.
    let html = std::fs::read_to_string(broken.join("index.html")).unwrap();
    for figure in ["fallback/landscape.svg", "fallback/bifurcation.svg"] {
        assert!(html.contains(figure), "index.html names {figure}");
        assert!(broken.join(figure).exists(), "{figure} is in dist/");
    }
    let server = crate::support::StaticServer::start(broken.clone());
    session
        .client
        .goto(&format!("{}?view=studio", server.base_url))
        .await
        .unwrap();
    let text = error_box_text(&session).await;
    assert!(text.contains("could not start"), "error box: {text}");
    wait_until(&session, "both figures drawn", async |s| {
        let drawn = "return [...document.querySelectorAll('body > [data-testid=fallback] img')]
                .filter(i => i.complete && i.naturalWidth > 0).length;";
        run(s, drawn).await == 2
    })
    .await;
    let captions = session.text("body > [data-testid=fallback]").await;
    assert!(captions.contains("Bifurcation diagram"), "{captions}");
    session.screenshot("robust-wasm-failed").await;
    session.close().await;
    let _ = std::fs::remove_dir_all(broken);
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn the_data_controls_and_the_error_box_fit_a_phone() {
    let session = Session::start_phone(360, 740).await;
    session.open("?view=studio").await;
    patterns_ready(&session).await;
    let right = "const el = document.querySelector(arguments[0]);
        el.scrollIntoView({ block: 'center' });
        return el.getBoundingClientRect().right;";
    for css in [
        ".my-data",
        "[data-testid=clear-my-data]",
        "[data-testid=import-patterns]",
    ] {
        let edge = session
            .client
            .execute(right, vec![css.into()])
            .await
            .unwrap();
        let edge = edge.as_f64().unwrap();
        assert!(
            edge <= 360.0,
            "{css} ends at {edge} px, past the 360 px screen"
        );
    }
    session.screenshot("robust-my-data-phone").await;
    session.open("?view=studio&debug=panic").await;
    error_box_text(&session).await;
    let edge = session
        .client
        .execute(right, vec!["[data-testid=reload-keeping-work]".into()])
        .await
        .unwrap();
    assert!(edge.as_f64().unwrap() <= 360.0, "reload link at {edge}");
    session.screenshot("robust-panic-phone").await;
    session.close().await;
}

/// The caught export's text (after [`CATCH_EXPORT`] and a click that saves a file).
async fn exported_text(session: &Session) -> String {
    let text = session
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; window.__exported.text().then(done);",
            vec![],
        )
        .await
        .expect("the exported file");
    text.as_str().unwrap().to_string()
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn a_state_file_carries_the_view_and_its_patterns_to_a_fresh_browser() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio&seed=7&target=2").await;
    let count = add_dropped_pattern(&session).await;

    session.click("share-open").await;
    let note = session.text("[data-testid=share-patterns-note]").await;
    assert!(
        note.contains("1 own pattern") && note.contains("too big for a link"),
        "the dialog says the pattern is not in the link: {note}"
    );
    let link = run(
        &session,
        "return document.querySelector('[data-testid=share-link]').value;",
    )
    .await
    .to_string();
    assert!(link.contains("seed=7"), "the link in the dialog: {link}");
    session.screenshot("share-dialog").await;
    run(&session, CATCH_EXPORT).await;
    session.click("save-state").await;
    let state = exported_text(&session).await;
    assert!(state.contains("stripes.png"), "{state}");
    assert!(
        state.contains("\"link\":\"") && state.contains("seed=7"),
        "the state file has the view's link: {state}"
    );

    // A fresh browser: nothing stored, another view open. Opening the file brings back both.
    run(&session, "localStorage.clear();").await;
    session.open("?view=landscape").await;
    session.click("share-open").await;
    session
        .client
        .execute(IMPORT, vec![state.into(), "open-state".into()])
        .await
        .unwrap();
    // The page reloads: read the address and the gallery from one document, and wait (an
    // element lookup or a script may fail while the new page is still starting).
    let restored = format!(
        "const g = document.querySelector('[data-testid=pattern-gallery]');
         return location.search.includes('view=studio') && location.search.includes('seed=7')
             && g !== null && Number(g.dataset.count) === {};",
        count + 1
    );
    wait_until(
        &session,
        "the studio with the pattern from the state file",
        async |s| {
            let seen = s.client.execute(&restored, vec![]).await;
            matches!(seen, Ok(serde_json::Value::Bool(true)))
        },
    )
    .await;
    let gallery = session.text("[data-testid=pattern-gallery]").await;
    assert!(gallery.contains("stripes.png"), "{gallery}");
    session.screenshot("share-restored").await;
    session.close().await;
}
