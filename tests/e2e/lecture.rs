//! The guided lecture (issue 7): eight scenes in order, each opening its view as its link says,
//! driven from the first to the last scene with the keyboard only.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;

use crate::support::{Session, poll};
use hopfield_lab::url_state::lecture::SCENES;

/// Waits until the scene title says scene `n` (from 1); returns the title.
async fn wait_for_scene(session: &Session, n: usize) -> String {
    let what = format!("scene {n}");
    poll(
        Duration::from_secs(20),
        Duration::from_millis(100),
        what,
        async || {
            let title = Locator::Css("[data-testid=scene-title]");
            let el = session.client.find(title).await.ok()?;
            let scene = el.attr("data-scene").await.ok().flatten()?;
            (scene == n.to_string()).then_some(())?;
            Some(el.text().await.unwrap_or_default())
        },
    )
    .await
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "needs dist/ and chromedriver: run by `make test`"]
async fn a_lecture_runs_from_first_to_last_scene_by_keyboard() {
    let session = Session::start(1280, 720).await;
    session.open("?view=studio").await;
    // The navigation's "Lecture" link starts it: reach it with the keyboard.
    let lecture = session
        .client
        .find(Locator::LinkText("Lecture"))
        .await
        .expect("a Lecture link in the navigation");
    lecture.send_keys(&Key::Enter.to_string()).await.unwrap();
    let mut titles = Vec::new();
    for n in 1..=SCENES.len() {
        titles.push(wait_for_scene(&session, n).await);
        session.assert_no_error_box().await;
        // Its sentences, formula and what to watch arrive from lecture/<n>.html.
        session
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".lecture-body .lecture-watch"))
            .await
            .unwrap_or_else(|e| panic!("scene {n} has no text: {e}"));
        // Each scene shows its view: the main section rendered under the bar.
        let sections = session
            .client
            .find_all(Locator::Css("main section"))
            .await
            .unwrap();
        assert!(!sections.is_empty(), "scene {n} shows no view");
        if n == 4 {
            session.screenshot("lecture-scene-4").await;
        }
        if n < SCENES.len() {
            // N: the next scene (the app's global shortcut).
            let body = session.client.find(Locator::Css("body")).await.unwrap();
            body.send_keys("n").await.unwrap();
        }
    }
    session.screenshot("lecture-scene-last").await;
    let next_disabled = session
        .client
        .find(Locator::Css("[data-testid=scene-next]"))
        .await
        .unwrap()
        .prop("disabled")
        .await
        .unwrap();
    assert_eq!(
        next_disabled.as_deref(),
        Some("true"),
        "the last scene has no next"
    );
    assert!(titles[0].contains("classical"), "{titles:?}");
    assert!(titles[7].contains("Exponential"), "{titles:?}");
    // P: back one scene; Enter on the focused "next" button: forward again.
    let body = session.client.find(Locator::Css("body")).await.unwrap();
    body.send_keys("p").await.unwrap();
    wait_for_scene(&session, SCENES.len() - 1).await;
    session
        .client
        .find(Locator::Css("[data-testid=scene-next]"))
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    wait_for_scene(&session, SCENES.len()).await;
    session.close().await;
}
