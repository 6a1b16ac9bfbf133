//! The classification loop: every head of the text shown, classified at the current β in
//! slices of at most [`SLICE_MS`] between yields to the browser (`lab::heads::run`), so no
//! main-thread task is long even for a 128-token text of the user's.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use super::Classified;
use crate::lab::heads::asset::HeadsText;
use crate::lab::heads::run::Classifier;

/// Longest slice of classification work between yields to the browser (ms).
const SLICE_MS: f64 = 8.0;

/// The loop's handles (all cheap to copy).
#[derive(Clone, Copy)]
pub struct Driver {
    classifier: StoredValue<Option<(usize, Classifier)>>,
    generation: StoredValue<u64>,
    pub progress: RwSignal<usize>,
    pub result: RwSignal<Option<Classified>>,
}

impl Driver {
    pub fn new() -> Driver {
        Driver {
            classifier: StoredValue::new(None),
            generation: StoredValue::new(0),
            progress: RwSignal::new(0),
            result: RwSignal::new(None),
        }
    }

    /// Starts classifying text number `text` (`data`, heads `head_dim` wide) at `beta`,
    /// stopping any older run (a text's scores are kept when only β changed).
    pub fn start(self, text: usize, data: Arc<HeadsText>, head_dim: usize, beta: f32) {
        let next = self.generation.get_value() + 1;
        self.generation.set_value(next);
        self.classifier.update_value(|slot| match slot {
            Some((t, c)) if *t == text => c.set_beta(beta),
            _ => *slot = Some((text, Classifier::new(&data, head_dim, beta))),
        });
        set_timeout(move || self.slice(data, text, next), Duration::ZERO);
    }

    /// Stops the loop for good (the view went away).
    pub fn stop(self) {
        self.generation.try_update_value(|g| *g += 1);
    }

    /// The attention matrix of head `index` of text `text` at `beta`, once its scores exist.
    pub fn matrix(self, text: usize, index: usize, beta: f32) -> Option<Vec<f32>> {
        self.classifier.with_value(|slot| {
            slot.as_ref()
                .filter(|(t, _)| *t == text)
                .and_then(|(_, c)| c.scores(index))
                .map(|s| s.matrix(beta))
        })
    }

    /// One slice; schedules the next or publishes the result.
    fn slice(self, data: Arc<HeadsText>, text: usize, generation: u64) {
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        let start = js_sys::Date::now();
        let outcome = self.classifier.try_update_value(|slot| {
            let (_, c) = slot.as_mut()?;
            let finished = c.step(&data, || js_sys::Date::now() - start < SLICE_MS);
            Some((
                c.done(),
                c.beta(),
                finished.then(|| c.summaries().map(<[_]>::to_vec)).flatten(),
            ))
        });
        match outcome.flatten() {
            Some((_, beta, Some(summaries))) => {
                self.result.try_set(Some(Classified {
                    text,
                    beta,
                    summaries,
                }));
            }
            Some((done, _, None)) => {
                self.progress.try_set(done);
                set_timeout(move || self.slice(data, text, generation), Duration::ZERO);
            }
            None => {}
        }
    }
}
