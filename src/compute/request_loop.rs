//! A view's conversation with a worker of its own, without the web: a driver that keeps one
//! request in flight, decides what to ask next, and books each reply into what the view shows.
//! The learning and pooling views' drivers are such loops; `app::compute::dedicated::Looped`
//! runs any of them over a browser worker.

use super::protocol::{Reply, Request};
use super::session::MAX_STEPS_PER_REQUEST;

/// A request loop (see the module docs).
pub trait RequestLoop {
    /// What a reply changed, for the view.
    type Answer;

    /// The request to send now at time `now_ms`, if one is due (none while one is in flight).
    fn next(&mut self, now_ms: f64) -> Option<Request>;

    /// Books the reply to the request in flight, received at `now_ms`.
    fn answered(&mut self, reply: Reply, now_ms: f64) -> Self::Answer;
}

/// How long one chunk of steps should take: the view's plots and progress move four times a
/// second, and a pause never waits longer than that.
pub const CHUNK_MS: f64 = 250.0;

/// Steps for the next chunk at `rate` steps per second: about [`CHUNK_MS`] of them (at least
/// one, at most a request's limit), or `first` before any rate is known.
pub fn chunk(rate: Option<f64>, first: usize) -> usize {
    rate.map_or(first, |rate| {
        ((rate * CHUNK_MS / 1000.0).round() as usize).clamp(1, MAX_STEPS_PER_REQUEST)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_follow_the_rate_within_the_request_limit() {
        assert_eq!(chunk(None, 5), 5);
        assert_eq!(chunk(Some(100.0), 5), 25);
        assert_eq!(chunk(Some(0.01), 5), 1);
        assert_eq!(chunk(Some(1e9), 5), MAX_STEPS_PER_REQUEST);
    }
}
