//! Cancel latency: from the click on Cancel during a capacity run to the pool terminating the
//! run's workers (`Worker.terminate`, which stops a busy worker at once) and to the view
//! showing the run stopped (`data-running` false, then the next frame painted), in the page's
//! clock, over [`RUNS`] runs of classic-breaks at 50× its trials, each cancelled once it has
//! made progress. After each, the progress must stay where Cancel left it.

use std::time::Duration;

use crate::report;
use crate::support::{Session, poll};

const RUNS: usize = 5;

/// Clicks Cancel and resolves with { terminated, stopped, painted } (ms after the click) and
/// the number of workers terminated.
const TIMED_CANCEL: &str = r#"
    const done = arguments[arguments.length - 1];
    if (!window.__terminations) {
        window.__terminations = [];
        const plain = Worker.prototype.terminate;
        Worker.prototype.terminate = function () {
            window.__terminations.push(performance.now());
            return plain.call(this);
        };
    }
    const bar = document.querySelector('[data-testid=capacity-progress]');
    const before = window.__terminations.length;
    let t0, stopped;
    const painted = () => requestAnimationFrame(() => setTimeout(() => {
        const ends = window.__terminations.slice(before);
        done({
            terminated: ends.length ? ends[ends.length - 1] - t0 : null,
            stopped: stopped - t0,
            painted: performance.now() - t0,
            workers: ends.length,
        });
    }, 0));
    const check = () => {
        if (stopped === undefined && bar.dataset.running === 'false') {
            stopped = performance.now();
            observer.disconnect();
            painted();
        }
    };
    const observer = new MutationObserver(check);
    observer.observe(bar, { attributes: true });
    t0 = performance.now();
    document.querySelector('[data-testid=capacity-cancel]').click();
    check();
"#;

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark: needs dist/ and chromedriver, run by scripts/bench.sh"]
async fn cancel_latency() {
    let session = Session::start(1280, 720).await;
    session.open("?view=capacity").await;
    session
        .set_value("capacity-preset", "classic-breaks", "change")
        .await;
    session.set_value("capacity-trials", "2000", "change").await;
    let (mut terminated, mut stopped, mut painted) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        session.click("capacity-run").await;
        poll(
            Duration::from_secs(60),
            Duration::from_millis(50),
            "the run to make progress",
            async || {
                let p: f64 = session
                    .attr("capacity-progress", "data-progress")
                    .await
                    .parse()
                    .ok()?;
                (p >= 0.02).then_some(())
            },
        )
        .await;
        let t = session
            .client
            .execute_async(TIMED_CANCEL, vec![])
            .await
            .expect("a timed cancel");
        let ms = |key: &str| t[key].as_f64().unwrap_or_else(|| panic!("no {key}: {t}"));
        assert!(
            t["workers"].as_u64() >= Some(1),
            "no worker terminated: {t}"
        );
        let at_cancel = session.attr("capacity-progress", "data-progress").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let later = session.attr("capacity-progress", "data-progress").await;
        assert_eq!(at_cancel, later, "progress advanced after Cancel");
        assert_ne!(later, "1", "the run finished before Cancel");
        terminated.push(ms("terminated"));
        stopped.push(ms("stopped"));
        painted.push(ms("painted"));
    }
    session.assert_no_error_box().await;
    report("cancel:workers-terminated", &mut terminated, "");
    report("cancel:view-stopped", &mut stopped, "");
    report("cancel:frame-painted", &mut painted, "");
    session.close().await;
}
