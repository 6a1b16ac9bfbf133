//! What the learning view asks its worker next, without the web. The worker's session holds
//! one training run and answers one request at a time; the view keeps exactly one request in
//! flight, so pause takes effect after the chunk being run (well under a second), a replace
//! or an attention request slips in between two chunks, and the chunk size follows the
//! measured speed so that each answer comes back in about [`CHUNK_MS`](crate::compute::request_loop::CHUNK_MS).

use std::collections::VecDeque;

use crate::compute::protocol::{Reply, Request};
use crate::compute::request_loop::{RequestLoop, chunk};
use crate::engine::transformer::{Snapshot, TrainConfig};

/// The first chunk, before any speed is known.
const FIRST_CHUNK: usize = 5;

/// What an answer changed, for the view to show.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The run after a start or some steps.
    Snapshot(Snapshot),
    /// Held-out accuracy with the heads of the replace request replaced.
    Accuracy(f32),
    /// A head's attention on a probe sequence.
    Attention {
        labels: Vec<String>,
        matrix: Vec<f32>,
    },
    /// The run stopped; the message says why (the curves so far stay).
    Failed(String),
}

/// The request loop of one training run.
#[derive(Debug, Clone)]
pub struct Driver {
    running: bool,
    /// The kind of request in flight (`None` when idle).
    in_flight: Option<Kind>,
    queue: VecDeque<Request>,
    stop_at: usize,
    step: usize,
    /// Steps per second, measured on the last chunk.
    rate: Option<f64>,
    /// When the steps in flight were sent, and how many.
    sent: Option<(f64, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    Steps,
    Other,
}

impl Driver {
    /// A fresh run of `config` that trains until step `stop_at` once played.
    pub fn new(config: TrainConfig, stop_at: usize) -> Driver {
        Driver {
            running: false,
            in_flight: None,
            queue: VecDeque::from([Request::TrainStart { config }]),
            stop_at,
            step: 0,
            rate: None,
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

    /// The step where playing stops.
    pub fn stop_at(&self) -> usize {
        self.stop_at
    }

    /// Steps per second on the last chunk.
    pub fn rate(&self) -> Option<f64> {
        self.rate
    }

    /// Trains on (until `stop_at`, which a later play may raise).
    pub fn play(&mut self, stop_at: usize) {
        self.stop_at = stop_at;
        self.running = self.step < stop_at;
    }

    /// Stops asking for steps after the chunk in flight.
    pub fn pause(&mut self) {
        self.running = false;
    }

    /// One step now (paused).
    pub fn single_step(&mut self) {
        self.running = false;
        self.queue.push_back(Request::TrainSteps { steps: 1 });
    }

    /// Asks `request` (a replace or an attention request) between two chunks.
    pub fn ask(&mut self, request: Request) {
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
            None if self.running && self.step < self.stop_at => Request::TrainSteps {
                steps: chunk(self.rate, FIRST_CHUNK).min(self.stop_at - self.step),
            },
            None => return None,
        };
        self.in_flight = Some(match request {
            Request::TrainStart { .. } => Kind::Start,
            Request::TrainSteps { steps } => {
                self.sent = Some((now_ms, steps));
                Kind::Steps
            }
            _ => Kind::Other,
        });
        Some(request)
    }

    /// Books the worker's `reply` to the request in flight, received at `now_ms`; a failure
    /// stops the run.
    fn answered(&mut self, reply: Reply, now_ms: f64) -> Answer {
        let kind = self.in_flight.take();
        let answer = match reply {
            Reply::Snapshot(s) => {
                if let (Some(Kind::Steps), Some((sent, steps))) = (kind, self.sent.take()) {
                    let seconds = (now_ms - sent) / 1000.0;
                    if seconds > 0.0 && steps > 0 {
                        self.rate = Some(steps as f64 / seconds);
                    }
                }
                self.step = s.step;
                if self.step >= self.stop_at {
                    self.running = false;
                }
                Answer::Snapshot(s)
            }
            Reply::Accuracy(a) => Answer::Accuracy(a),
            Reply::Attention { labels, matrix } => Answer::Attention { labels, matrix },
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
    use crate::engine::transformer::Task;

    fn small() -> TrainConfig {
        TrainConfig {
            task: Task::CopyBack,
            heads: 2,
            dim: 8,
            seq: 16,
            batch: 2,
            ..TrainConfig::default()
        }
    }

    /// Drives `driver` against a real session until it asks nothing, the clock moving `ms`
    /// per step; returns the answers.
    fn pump(driver: &mut Driver, session: &mut Session, clock: &mut f64, ms: f64) -> Vec<Answer> {
        let mut answers = Vec::new();
        while let Some(request) = driver.next(*clock) {
            assert!(driver.next(*clock).is_none(), "two requests in flight");
            if let Request::TrainSteps { steps } = request {
                *clock += ms * steps as f64;
            }
            let reply = session.serve(&request, &|| 0.0, &mut |_| {});
            answers.push(driver.answered(reply, *clock));
        }
        answers
    }

    #[test]
    fn a_played_run_stops_at_its_step_in_chunks_that_follow_the_speed() {
        let mut driver = Driver::new(small(), 60);
        let mut session = Session::default();
        let mut clock = 0.0;
        let first = pump(&mut driver, &mut session, &mut clock, 10.0);
        assert!(matches!(&first[..], [Answer::Snapshot(s)] if s.step == 0));
        assert!(!driver.running());
        driver.play(60);
        let answers = pump(&mut driver, &mut session, &mut clock, 10.0);
        let steps: Vec<usize> = answers
            .iter()
            .map(|a| match a {
                Answer::Snapshot(s) => s.step,
                other => panic!("{other:?}"),
            })
            .collect();
        // 5 steps first, then 25 a chunk (250 ms at 10 ms a step), cut at the stop.
        assert_eq!(steps, vec![5, 30, 55, 60]);
        assert_eq!(driver.rate(), Some(100.0));
        assert!(!driver.running() && driver.step() == 60);
    }

    #[test]
    fn pause_step_and_questions_take_turns_with_the_chunks() {
        let mut driver = Driver::new(small(), 1000);
        let mut session = Session::default();
        let mut clock = 0.0;
        pump(&mut driver, &mut session, &mut clock, 1.0);
        driver.play(1000);
        let chunk = driver.next(clock).unwrap();
        driver.ask(Request::TrainAttention {
            layer: 0,
            head: 1,
            example: 0,
        });
        driver.pause();
        let reply = session.serve(&chunk, &|| 0.0, &mut |_| {});
        driver.answered(reply, clock + 5.0);
        // Paused: the question is answered and no more steps are asked for.
        let answers = pump(&mut driver, &mut session, &mut clock, 1.0);
        assert!(
            matches!(&answers[..], [Answer::Attention { labels, matrix }]
                if labels.len() == 16 && matrix.len() == 256),
            "{answers:?}"
        );
        driver.single_step();
        let answers = pump(&mut driver, &mut session, &mut clock, 1.0);
        assert!(matches!(&answers[..], [Answer::Snapshot(s)] if s.step == 6));
    }

    #[test]
    fn a_failure_stops_the_run_and_drops_what_was_queued() {
        let mut driver = Driver::new(small(), 100);
        driver.play(100);
        let start = driver.next(0.0).unwrap();
        assert!(matches!(start, Request::TrainStart { .. }));
        driver.ask(Request::TrainSteps { steps: 1 });
        let answer = driver.answered(Reply::Error("training: diverged".into()), 1.0);
        assert_eq!(answer, Answer::Failed("training: diverged".into()));
        assert!(!driver.running() && driver.next(2.0).is_none());
    }
}
