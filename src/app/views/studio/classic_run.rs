//! The classic panel's record: at once when that is quick, otherwise in slices of about
//! [`SLICE_MS`] on the main thread (Storkey at 64×64 learns for a second or more), with the
//! job's progress in the panel meanwhile. A change of rule, patterns or query ends the job
//! in flight and starts another.

use std::time::Duration;

use leptos::prelude::*;

use super::state::Settings;
use crate::engine::classic::UpdateMode;
use crate::engine::model::ModelSpec;
use crate::lab::studio::classic_job::PanelJob;
use crate::lab::studio::playback::PanelRun;
use crate::lab::studio::query::QueryViews;
use crate::lab::studio::set::StoredSet;

/// Target length of one slice, in milliseconds (well under the 50 ms of a long task).
const SLICE_MS: f64 = 12.0;
/// Operations per call of [`PanelJob::work`]: about a millisecond, so a slice checks the
/// clock often.
const PIECE: u64 = 1_000_000;

type Run = Result<PanelRun, String>;

/// The classic network's record over `set` and `query`, kept up to date.
pub fn classic_run(
    s: Settings,
    set: Memo<Result<StoredSet, String>>,
    query: Memo<Result<QueryViews, String>>,
) -> Memo<Run> {
    let out = RwSignal::new(Err(String::new()));
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let spec = ModelSpec::Classic {
            rule: s.rule.get(),
            update: UpdateMode::Async,
        };
        let seed = s.seed.get();
        let job = set.with(|set| {
            query.with(|q| {
                let (set, q) = (set.as_ref()?, q.as_ref()?);
                PanelJob::new(&spec, &set.binary, &q.binary, seed).map_err(|e| e.to_string())
            })
        });
        generation.update_value(|g| *g += 1);
        let id = generation.get_value();
        match job {
            Err(msg) => out.set(Err(msg)),
            Ok(job) if job.is_long() => {
                out.set(Err(job.progress()));
                set_timeout(move || slice(job, out, generation, id), Duration::ZERO);
            }
            Ok(mut job) => out.set(loop {
                match job.work(u64::MAX) {
                    Ok(true) => break finished(job),
                    Ok(false) => {}
                    Err(e) => break Err(e.to_string()),
                }
            }),
        }
    });
    Memo::new(move |_| out.get())
}

fn finished(job: PanelJob) -> Run {
    job.into_run()
        .ok_or_else(|| "the retrieval did not finish".into())
}

/// One slice of job `id`, then a yield to the browser and the next, until it is done or
/// replaced (a newer job raises the generation).
fn slice(mut job: PanelJob, out: RwSignal<Run>, generation: StoredValue<u64>, id: u64) {
    if generation.try_get_value() != Some(id) {
        return;
    }
    let start = js_sys::Date::now();
    loop {
        match job.work(PIECE) {
            Ok(true) => return out.set(finished(job)),
            Err(e) => return out.set(Err(e.to_string())),
            Ok(false) if js_sys::Date::now() - start < SLICE_MS => {}
            Ok(false) => break,
        }
    }
    out.set(Err(job.progress()));
    set_timeout(move || slice(job, out, generation, id), Duration::ZERO);
}
