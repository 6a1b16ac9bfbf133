//! A plan of independent requests known up front, whose results are handed on in request
//! order: the landscape's β scan (a β per request), basin maps (a row of cells per request)
//! and theory figures (a β or an N per request). Each request is seeded by its own place, so
//! the results do not depend on how many workers there are or when their replies come.

use super::plan::Plan;
use super::protocol::{Reply, Request};

/// Reads a job's result out of its reply (`Err` names what was wrong with it).
pub type Take<T> = Box<dyn Fn(Reply) -> Result<T, String> + Send>;

/// The plan (see the module documentation).
pub struct ListPlan<T> {
    requests: Vec<Option<Request>>,
    take: Take<T>,
    results: Vec<Option<T>>,
    /// Units each job reports done, and a job's units in all (for the fraction).
    partial: Vec<usize>,
    per_job: usize,
    next: usize,
    published: usize,
}

impl<T> ListPlan<T> {
    /// A plan of `requests`, each `per_job` units of progress, whose replies `take` reads.
    pub fn new(requests: Vec<Request>, per_job: usize, take: Take<T>) -> Self {
        let n = requests.len();
        Self {
            requests: requests.into_iter().map(Some).collect(),
            take,
            results: (0..n).map(|_| None).collect(),
            partial: vec![0; n],
            per_job: per_job.max(1),
            next: 0,
            published: 0,
        }
    }
}

impl<T> Plan for ListPlan<T> {
    type Item = T;

    fn next_job(&mut self) -> Option<(usize, Request)> {
        let id = self.next;
        let request = self.requests.get_mut(id)?.take()?;
        self.next += 1;
        Some((id, request))
    }

    fn complete(&mut self, id: usize, reply: Reply) -> Result<Vec<T>, String> {
        if id >= self.results.len() {
            return Err(format!("a reply for an unknown job {id}"));
        }
        match reply {
            Reply::Progress { done } => self.partial[id] = done.min(self.per_job),
            Reply::Error(message) => return Err(message),
            reply => {
                self.results[id] = Some((self.take)(reply)?);
                self.partial[id] = self.per_job;
            }
        }
        let mut ready = Vec::new();
        while let Some(slot) = self.results.get_mut(self.published) {
            let Some(result) = slot.take() else { break };
            ready.push(result);
            self.published += 1;
        }
        Ok(ready)
    }

    fn fraction(&self) -> f64 {
        if self.is_done() {
            return 1.0;
        }
        let done: usize = self.partial.iter().sum();
        (done as f64 / (self.per_job * self.results.len()) as f64).min(1.0)
    }

    fn is_done(&self) -> bool {
        self.published == self.results.len()
    }
}
