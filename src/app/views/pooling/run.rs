//! The pooling view's run: its worker, its request loop ([`Driver`]) and what the answers put
//! on screen. The experiment lives in the worker's session; the page only books snapshots and
//! read-outs, so no main-thread task here is longer than a redraw.

use leptos::prelude::*;

use crate::app::compute::dedicated::Looped;
use crate::compute::protocol::Request;
use crate::engine::pooling::{BetaPoint, PoolConfig, Reading};
use crate::lab::pooling::driver::{Answer, Driver};
use crate::lab::pooling::experiment::{CurvePoint, PoolEvaluation, PoolSnapshot};
use crate::lab::pooling::reading::sweep_betas;

/// Which bag the attention panel shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// Held-out bag `bag`, read at its β.
    HeldOut(Reading),
    /// The positive bag of a fresh evaluation, with its negative twin's numbers.
    Fresh(PoolEvaluation),
}

impl Shown {
    /// The reading of the bag shown.
    pub fn reading(&self) -> &Reading {
        match self {
            Shown::HeldOut(r) => r,
            Shown::Fresh(e) => &e.positive,
        }
    }
}

/// The run's handles (all cheap to copy).
#[derive(Clone, Copy)]
pub struct Run {
    /// The request loop over the view's worker.
    worker: Looped<Driver>,
    /// The settings of the run being shown.
    pub settings: RwSignal<PoolConfig>,
    /// Every curve point so far.
    pub points: RwSignal<Vec<CurvePoint>>,
    /// The last snapshot (steps done, timings).
    pub last: RwSignal<Option<PoolSnapshot>>,
    /// Whether the loop is asking for steps (mirrors the driver, for the buttons).
    pub running: RwSignal<bool>,
    /// Steps per second and seconds left, once measured.
    pub rate: RwSignal<Option<(f64, f64)>>,
    /// Why the run stopped, if it failed.
    pub failure: RwSignal<Option<String>>,
    /// The step a cancel stopped the run at.
    pub cancelled: RwSignal<Option<usize>>,
    /// The last read-out refused by the worker.
    pub refused: RwSignal<Option<String>>,
    /// The held-out bag chosen, and the β it is read at (`None`: the model's own).
    pub bag: RwSignal<usize>,
    pub beta: RwSignal<Option<f32>>,
    pub shown: RwSignal<Option<Shown>>,
    pub sweep: RwSignal<Vec<BetaPoint>>,
    /// Whether a fresh evaluation is in flight.
    pub evaluating: RwSignal<bool>,
}

impl Run {
    /// A run of `settings`, its step-0 curves asked at once (nothing trains until Train).
    pub fn new(settings: PoolConfig) -> Run {
        let run = Run {
            worker: Looped::new(Driver::new(settings.clone())),
            settings: RwSignal::new(settings.clone()),
            points: RwSignal::new(Vec::new()),
            last: RwSignal::new(None),
            running: RwSignal::new(false),
            rate: RwSignal::new(None),
            failure: RwSignal::new(None),
            cancelled: RwSignal::new(None),
            refused: RwSignal::new(None),
            bag: RwSignal::new(0),
            beta: RwSignal::new(None),
            shown: RwSignal::new(None),
            sweep: RwSignal::new(Vec::new()),
            evaluating: RwSignal::new(false),
        };
        run.reset(settings);
        run
    }

    /// Throws the run away (terminating its worker mid-chunk) and starts `settings` afresh.
    pub fn reset(self, settings: PoolConfig) {
        self.close();
        if self.bag.get_untracked() >= settings.bags_held_out {
            self.bag.set(0);
        }
        self.worker.driver.set_value(Driver::new(settings.clone()));
        self.settings.set(settings);
        self.points.set(Vec::new());
        self.last.set(None);
        self.failure.set(None);
        self.cancelled.set(None);
        self.refused.set(None);
        self.shown.set(None);
        self.sweep.set(Vec::new());
        self.evaluating.set(false);
        self.worker.open(move |answer| self.received(answer));
        self.mirror();
        self.worker.pump();
    }

    /// Terminates the worker (the view went away, a reset or a cancel).
    pub fn close(self) {
        self.worker.close();
    }

    /// Trains on to the settings' steps; after a cancel, a fresh run.
    pub fn train(self) {
        if !self.worker.is_open() {
            self.reset(self.settings.get_untracked());
        }
        self.worker.driver.update_value(Driver::play);
        self.mirror();
        self.worker.pump();
    }

    /// Stops after the chunk in flight; the trained model stays for the read-outs.
    pub fn pause(self) {
        self.worker.driver.update_value(Driver::pause);
        self.mirror();
    }

    /// Stops at once: the worker is terminated mid-chunk, with the model it held. The curves
    /// so far stay on screen; Train starts a fresh run.
    pub fn cancel(self) {
        self.close();
        let step = self.worker.driver.with_value(Driver::step);
        self.worker
            .driver
            .set_value(Driver::new(self.settings.get_untracked()));
        self.cancelled.set(Some(step));
        self.evaluating.set(false);
        self.running.set(false);
    }

    /// Shows held-out bag `bag` at the chosen β.
    pub fn inspect(self) {
        self.ask(Request::PoolInspect {
            bag: self.bag.get_untracked(),
            beta: self.beta.get_untracked(),
        });
    }

    /// Reads a fresh positive and negative bag of `sequences` with the trained model.
    pub fn evaluate(self, sequences: usize) {
        self.evaluating.set(true);
        let seed = self.worker.driver.with_value(Driver::step) as u64;
        self.ask(Request::PoolEvaluate { sequences, seed });
    }

    fn ask(self, request: Request) {
        if !self.worker.is_open() {
            return;
        }
        self.worker.driver.update_value(|d| d.ask(request));
        self.worker.pump();
    }

    fn mirror(self) {
        let (running, rate, eta) = self
            .worker
            .driver
            .with_value(|d| (d.running(), d.rate(), d.eta()));
        self.running.set(running);
        self.rate.set(rate.zip(eta));
    }

    fn received(self, answer: Answer) {
        match answer {
            Answer::Snapshot(s) => self.snapshot(s),
            Answer::Inspection(r) => self.shown.set(Some(Shown::HeldOut(r))),
            Answer::Betas(b) => self.sweep.set(b),
            Answer::Evaluation(e) => {
                self.evaluating.set(false);
                self.shown.set(Some(Shown::Fresh(e)));
            }
            Answer::Refused(m) => {
                self.evaluating.set(false);
                self.refused.set(Some(m));
            }
            Answer::Failed(m) => self.failure.set(Some(m)),
        }
        // The loop sends the next request after this.
        self.mirror();
    }

    /// Books a snapshot, then asks the chosen bag's attention (every snapshot, so it moves
    /// while the model trains) and, when the run rests, the β sweep.
    fn snapshot(self, s: PoolSnapshot) {
        if !s.points.is_empty() {
            self.points.update(|p| p.extend(s.points.iter().copied()));
        }
        self.last.set(Some(s));
        let resting = self.worker.driver.with_value(|d| !d.running());
        // A fresh bag on screen (or on its way) stays until a held-out bag is chosen again.
        let fresh = matches!(self.shown.get_untracked(), Some(Shown::Fresh(_)));
        if !fresh && !self.evaluating.get_untracked() {
            self.inspect();
        }
        if resting {
            self.worker.driver.update_value(|d| {
                d.ask(Request::PoolBetaSweep {
                    betas: sweep_betas(),
                })
            });
        }
    }
}
