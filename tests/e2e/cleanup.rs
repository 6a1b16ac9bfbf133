//! A test that fails or forgets `Session::close` must not leave its browser running: dropping
//! the session ends Chromium and removes its profile.

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
