//! A view's conversation with a worker of its own, without the web: a driver that keeps one
//! request in flight, decides what to ask next, and books each reply into what the view shows.
//! The learning and pooling views' drivers are such loops; `app::compute::dedicated::Looped`
//! runs any of them over a browser worker.

use super::protocol::{Reply, Request};

/// A request loop (see the module docs).
pub trait RequestLoop {
    /// What a reply changed, for the view.
    type Answer;

    /// The request to send now at time `now_ms`, if one is due (none while one is in flight).
    fn next(&mut self, now_ms: f64) -> Option<Request>;

    /// Books the reply to the request in flight, received at `now_ms`.
    fn answered(&mut self, reply: Reply, now_ms: f64) -> Self::Answer;
}
