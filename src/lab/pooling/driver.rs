//! What the pooling view asks its worker next, without the web. The worker's session holds the
//! experiment (three methods trained side by side) between requests and answers one at a time;
//! the view keeps exactly one request in flight, so a pause takes effect after the chunk being
//! run, a read-out (a bag's attention, a β sweep, a fresh bag of 300 000) slips in between two
//! chunks, and the chunk size follows the measured speed so each answer comes back in about
//! [`CHUNK_MS`](crate::compute::request_loop::CHUNK_MS) (a curve reading, every tenth of the
//! run, adds to it).

use std::collections::VecDeque;
use std::mem::discriminant;

use super::experiment::{PoolEvaluation, PoolSnapshot};
use crate::compute::protocol::{Reply, Request};
use crate::compute::request_loop::{RequestLoop, chunk};
use crate::engine::pooling::{BetaPoint, PoolConfig, Reading};

/// The first chunk, before any speed is known.
const FIRST_CHUNK: usize = 2;

/// What an answer changed, for the view to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The run after a start or some steps.
    Snapshot(PoolSnapshot),
    /// A held-out bag's attention.
    Inspection(Reading),
    /// The trained model's AUC and witness mass against β.
    Betas(Vec<BetaPoint>),
    /// A fresh pair of bags read by the trained model.
    Evaluation(PoolEvaluation),
    /// A read-out was refused: the run goes on, the message says why.
    Refused(String),
    /// The run stopped; the message says why (the curves so far stay).
    Failed(String),
}

/// The request loop of one pooling run.
#[derive(Debug, Clone)]
pub struct Driver {
    config: PoolConfig,
    running: bool,
    in_flight: Option<Kind>,
    queue: VecDeque<Request>,
    step: usize,
    /// Steps and seconds spent on them over the whole run (the rate and the ETA).
    timed: (usize, f64),
    /// When the steps in flight were sent, and how many.
    sent: Option<(f64, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Steps,
    ReadOut,
}

impl Driver {
    /// A fresh run of `config`: its first request builds the experiment and reads the curves
    /// at step 0 (nothing is trained until [`Driver::play`]).
    pub fn new(config: PoolConfig) -> Driver {
        let start = Request::PoolTrain {
            config: config.clone(),
            steps: 0,
        };
        Driver {
            config,
            running: false,
            in_flight: None,
            queue: VecDeque::from([start]),
            step: 0,
            timed: (0, 0.0),
            sent: None,
        }
    }

    /// Whether steps are being asked for.
    pub fn running(&self) -> bool {
        self.running
    }

    /// Steps done, as last reported.
    pub fn step(&self) -> usize {
        self.step
    }

    /// Whether every step of the settings is done.
    pub fn finished(&self) -> bool {
        self.step >= self.config.steps
    }

    /// Training steps per second so far (curve readings included), once measured.
    pub fn rate(&self) -> Option<f64> {
        let (steps, seconds) = self.timed;
        (steps > 0 && seconds > 0.0).then(|| steps as f64 / seconds)
    }

    /// Seconds left at the rate so far.
    pub fn eta(&self) -> Option<f64> {
        self.rate()
            .map(|r| self.config.steps.saturating_sub(self.step) as f64 / r)
    }

    /// Trains on to the settings' steps.
    pub fn play(&mut self) {
        self.running = !self.finished();
    }

    /// Stops asking for steps after the chunk in flight.
    pub fn pause(&mut self) {
        self.running = false;
    }

    /// Asks a read-out between two chunks. A read-out of the same kind still waiting is
    /// replaced: a dragged β slider asks for the latest bag reading only.
    pub fn ask(&mut self, request: Request) {
        let kind = discriminant(&request);
        self.queue.retain(|r| discriminant(r) != kind);
        self.queue.push_back(request);
    }
}

impl RequestLoop for Driver {
    type Answer = Answer;

    /// The request to send now at time `now_ms`, if one is due (at most one in flight).
    fn next(&mut self, now_ms: f64) -> Option<Request> {
        if self.in_flight.is_some() {
            return None;
        }
        let request = match self.queue.pop_front() {
            Some(r) => r,
            None if self.running && !self.finished() => Request::PoolTrain {
                config: self.config.clone(),
                steps: chunk(self.rate(), FIRST_CHUNK).min(self.config.steps - self.step),
            },
            None => return None,
        };
        self.in_flight = Some(match &request {
            Request::PoolTrain { steps, .. } => {
                self.sent = Some((now_ms, *steps));
                Kind::Steps
            }
            _ => Kind::ReadOut,
        });
        Some(request)
    }

    /// Books the worker's `reply` to the request in flight, received at `now_ms`. A failed
    /// training request stops the run; a refused read-out does not.
    fn answered(&mut self, reply: Reply, now_ms: f64) -> Answer {
        let kind = self.in_flight.take();
        let answer = match reply {
            Reply::Pool(s) => {
                if let Some((sent, steps)) = self.sent.take().filter(|(_, n)| *n > 0) {
                    self.timed.0 += steps;
                    self.timed.1 += ((now_ms - sent) / 1000.0).max(0.0);
                }
                self.step = s.step;
                if self.finished() {
                    self.running = false;
                }
                Answer::Snapshot(s)
            }
            Reply::PoolInspection(r) => Answer::Inspection(r),
            Reply::PoolBetas(b) => Answer::Betas(b),
            Reply::PoolEvaluation(e) => Answer::Evaluation(e),
            Reply::Error(message) if kind == Some(Kind::ReadOut) => Answer::Refused(message),
            Reply::Error(message) => Answer::Failed(message),
            other => Answer::Failed(format!("the worker answered out of turn: {other:?}")),
        };
        if let Answer::Failed(_) = answer {
            self.running = false;
            self.queue.clear();
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compute::session::Session;

    fn small() -> PoolConfig {
        PoolConfig {
            sequences: 1_000,
            witness_rate: 0.02,
            bags_train: 20,
            bags_held_out: 6,
            steps: 40,
            curriculum: false,
            ..PoolConfig::default()
        }
    }

    /// Drives `driver` against a real session until it asks nothing, the clock moving `ms` a
    /// step; returns the answers.
    fn pump(driver: &mut Driver, session: &mut Session, clock: &mut f64, ms: f64) -> Vec<Answer> {
        let mut answers = Vec::new();
        while let Some(request) = driver.next(*clock) {
            assert!(driver.next(*clock).is_none(), "two requests in flight");
            if let Request::PoolTrain { steps, .. } = request {
                *clock += ms * steps as f64;
            }
            let reply = session.serve(&request, &|| 0.0, &mut |_| {});
            answers.push(driver.answered(reply, *clock));
        }
        answers
    }

    fn steps(answers: &[Answer]) -> Vec<usize> {
        answers
            .iter()
            .map(|a| match a {
                Answer::Snapshot(s) => s.step,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_played_run_stops_at_its_steps_in_chunks_that_follow_the_speed() {
        let mut driver = Driver::new(small());
        let mut session = Session::default();
        let mut clock = 0.0;
        let first = pump(&mut driver, &mut session, &mut clock, 20.0);
        assert!(matches!(&first[..], [Answer::Snapshot(s)] if s.step == 0 && s.points.len() == 1));
        assert!(!driver.running() && driver.rate().is_none());
        driver.play();
        let answers = pump(&mut driver, &mut session, &mut clock, 20.0);
        // 2 steps first, then 13 a chunk (250 ms at 20 ms a step, rounded), cut at the end.
        assert_eq!(steps(&answers), vec![2, 15, 28, 40]);
        assert_eq!(driver.rate(), Some(50.0));
        assert_eq!(driver.eta(), Some(0.0));
        assert!(!driver.running() && driver.finished());
        // Playing a finished run asks nothing.
        driver.play();
        assert!(driver.next(clock).is_none());
    }

    #[test]
    fn read_outs_take_turns_with_the_chunks_and_the_latest_of_a_kind_wins() {
        let mut driver = Driver::new(small());
        let mut session = Session::default();
        let mut clock = 0.0;
        pump(&mut driver, &mut session, &mut clock, 1.0);
        driver.play();
        let chunk = driver.next(clock).unwrap();
        for beta in [1.0, 2.0, 4.0] {
            driver.ask(Request::PoolInspect {
                bag: 1,
                beta: Some(beta),
            });
        }
        driver.ask(Request::PoolBetaSweep {
            betas: vec![0.01, 1.0],
        });
        driver.pause();
        let reply = session.serve(&chunk, &|| 0.0, &mut |_| {});
        driver.answered(reply, clock + 5.0);
        let answers = pump(&mut driver, &mut session, &mut clock, 1.0);
        match &answers[..] {
            [Answer::Inspection(r), Answer::Betas(b)] => {
                assert_eq!(r.beta, 4.0);
                assert!(!r.attention.positive);
                assert_eq!(b.len(), 2);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(driver.step(), 2);
    }

    #[test]
    fn a_refused_read_out_keeps_the_run_and_a_failed_chunk_stops_it() {
        let mut driver = Driver::new(small());
        let mut session = Session::default();
        let mut clock = 0.0;
        pump(&mut driver, &mut session, &mut clock, 1.0);
        driver.play();
        driver.ask(Request::PoolInspect {
            bag: 99,
            beta: None,
        });
        let answers = pump(&mut driver, &mut session, &mut clock, 1.0);
        assert!(
            matches!(&answers[0], Answer::Refused(m) if m.contains("99")),
            "{answers:?}"
        );
        assert_eq!(driver.step(), 40);
        let mut failing = Driver::new(small());
        failing.play();
        failing.next(0.0).unwrap();
        failing.ask(Request::PoolBetaSweep { betas: vec![1.0] });
        let answer = failing.answered(Reply::Error("pooling: motif".into()), 1.0);
        assert_eq!(answer, Answer::Failed("pooling: motif".into()));
        assert!(!failing.running() && failing.next(2.0).is_none());
    }
}
