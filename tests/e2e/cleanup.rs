//! What a run leaves behind: a test that fails or forgets `Session::close` must not leave its
//! browser running (dropping the session ends Chromium and removes its profile), and a page
//! load must not end in a 404 for the icon.

use crate::support::{Session, processes_naming};

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn a_dropped_session_leaves_no_browser_behind() {
    let session = Session::start(800, 600).await;
    session.open("").await;
    let profile = session.profile().to_path_buf();
    let needle = format!("--user-data-dir={}", profile.display());
    assert!(
        !processes_naming(&needle).is_empty(),
        "no browser process names the session's profile: the check below would prove nothing"
    );
    assert!(profile.exists(), "the profile folder was never made");

    // As a failing test would: no close(), just the drop at the end of its scope.
    drop(session);

    assert_eq!(
        processes_naming(&needle),
        Vec::<u32>::new(),
        "browser processes outlived their session"
    );
    assert!(
        !profile.exists(),
        "the profile {} is left",
        profile.display()
    );
    let run = format!("hopfield-e2e-{}-", std::process::id());
    assert_eq!(
        processes_naming(&run),
        Vec::<u32>::new(),
        "a browser of this run is still alive"
    );
}

/// The page names its icon, and the icon is served: the browser's request for an icon is no
/// longer a 404 (the only console error a fresh load used to show).
#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn the_page_has_an_icon_that_loads() {
    let session = Session::start(800, 600).await;
    session.open("?view=capacity").await;
    let status = session
        .client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               const link = document.querySelector('link[rel="icon"]');
               if (!link) { done('no <link rel="icon">'); return; }
               fetch(link.href).then(r => r.text().then(t => done(r.status + ' ' + t.includes('<svg'))),
                                     e => done('fetch failed: ' + e));"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(status.as_str(), Some("200 true"), "{status}");
    session.close().await;
}
