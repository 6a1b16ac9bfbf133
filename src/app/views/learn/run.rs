//! The learning view's run: its worker, its request loop ([`Driver`]) and what the answers
//! put on screen. Everything heavy happens in the worker; the page only books snapshots, so no
//! main-thread task here is longer than a redraw.

use leptos::prelude::*;

use crate::app::compute::dedicated::Looped;
use crate::compute::protocol::Request;
use crate::engine::transformer::Replacement;
use crate::lab::learn::driver::{Answer, Driver};
use crate::lab::learn::history::History;
use crate::lab::learn::settings::LearnSettings;

/// A replace request's outcome, as the replace panel shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    /// What was replaced, in words.
    pub what: String,
    /// The step of the run it was measured at.
    pub step: usize,
    /// Held-out accuracy without and with the replacement.
    pub without: f32,
    pub with: Option<f32>,
}

/// The chosen head's attention on a probe sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Attention {
    pub layer: usize,
    pub head: usize,
    pub labels: Vec<String>,
    pub matrix: Vec<f32>,
}

/// The run's handles (all cheap to copy).
#[derive(Clone, Copy)]
pub struct Run {
    /// The request loop over the view's worker.
    worker: Looped<Driver>,
    /// The settings of the run being shown.
    pub settings: RwSignal<LearnSettings>,
    pub history: RwSignal<History>,
    /// Whether the loop is asking for steps (mirrors the driver, for the buttons).
    pub running: RwSignal<bool>,
    /// Steps per second of the last chunk.
    pub rate: RwSignal<Option<f64>>,
    /// Why the run stopped, if it failed.
    pub failure: RwSignal<Option<String>>,
    pub replaced: RwSignal<Option<Replaced>>,
    /// The head (layer-major index) whose attention is shown, and on which probe sequence.
    pub chosen: RwSignal<Option<usize>>,
    pub example: RwSignal<usize>,
    pub attention: RwSignal<Option<Attention>>,
}

impl Run {
    /// A run of `settings`, started at once (its step-0 snapshot shows the untrained heads).
    pub fn new(settings: LearnSettings) -> Run {
        let run = Run {
            worker: Looped::new(Driver::new(settings.config, settings.steps)),
            settings: RwSignal::new(settings),
            history: RwSignal::new(History::default()),
            running: RwSignal::new(false),
            rate: RwSignal::new(None),
            failure: RwSignal::new(None),
            replaced: RwSignal::new(None),
            chosen: RwSignal::new(None),
            example: RwSignal::new(0),
            attention: RwSignal::new(None),
        };
        run.reset(settings);
        run
    }

    /// Throws the run away (terminating its worker mid-chunk) and starts `settings` afresh.
    pub fn reset(self, settings: LearnSettings) {
        self.close();
        self.worker
            .driver
            .set_value(Driver::new(settings.config, settings.steps));
        self.settings.set(settings);
        self.history.set(History::default());
        self.running.set(false);
        self.rate.set(None);
        self.failure.set(None);
        self.replaced.set(None);
        self.attention.set(None);
        let heads = settings.config.layers * settings.config.heads;
        if self.chosen.get_untracked().is_some_and(|i| i >= heads) {
            self.chosen.set(None);
        }
        self.worker.open(move |answer| self.received(answer));
        self.worker.pump();
    }

    /// Terminates the worker (the view went away, or a reset).
    pub fn close(self) {
        self.worker.close();
    }

    /// Trains on to the settings' stop step.
    pub fn play(self) {
        let stop = self.settings.get_untracked().steps;
        self.worker.driver.update_value(|d| d.play(stop));
        self.mirror();
        self.worker.pump();
    }

    /// Stops after the chunk in flight.
    pub fn pause(self) {
        self.worker.driver.update_value(Driver::pause);
        self.mirror();
    }

    /// One step (pausing).
    pub fn step(self) {
        self.worker.driver.update_value(Driver::single_step);
        self.mirror();
        self.worker.pump();
    }

    /// Measures the held-out accuracy with `heads` (layer, head from 0) replaced by `with`.
    pub fn replace(self, heads: Vec<(usize, usize, Replacement)>, what: String) {
        let Some(last) = self.history.with_untracked(|h| h.last().cloned()) else {
            return;
        };
        self.replaced.set(Some(Replaced {
            what,
            step: last.step,
            without: last.accuracy,
            with: None,
        }));
        self.worker
            .driver
            .update_value(|d| d.ask(Request::TrainReplace { heads }));
        self.worker.pump();
    }

    /// Asks for the chosen head's attention (after a snapshot or a new choice).
    pub fn ask_attention(self) {
        let (Some(index), example) = (self.chosen.get_untracked(), self.example.get_untracked())
        else {
            return;
        };
        let heads = self.settings.get_untracked().config.heads;
        self.worker.driver.update_value(|d| {
            d.ask(Request::TrainAttention {
                layer: index / heads,
                head: index % heads,
                example,
            })
        });
        self.worker.pump();
    }

    fn mirror(self) {
        let (running, rate) = self.worker.driver.with_value(|d| (d.running(), d.rate()));
        self.running.set(running);
        self.rate.set(rate);
    }

    fn received(self, answer: Answer) {
        match answer {
            Answer::Snapshot(s) => {
                self.history.update(|h| h.push(s));
                if self.chosen.get_untracked().is_some() {
                    self.ask_attention();
                }
            }
            Answer::Accuracy(a) => self.replaced.update(|r| {
                if let Some(r) = r {
                    r.with = Some(a);
                }
            }),
            Answer::Attention { labels, matrix } => {
                if let Some(index) = self.chosen.get_untracked() {
                    let heads = self.settings.get_untracked().config.heads;
                    self.attention.set(Some(Attention {
                        layer: index / heads,
                        head: index % heads,
                        labels,
                        matrix,
                    }));
                }
            }
            Answer::Failed(message) => self.failure.set(Some(message)),
        }
        // The loop sends the next request after this.
        self.mirror();
    }
}
