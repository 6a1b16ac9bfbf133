//! Heavy computation off the page's main thread, without the web: the message protocol
//! between a page and its compute workers ([`protocol`]), what a worker does with a request
//! ([`executor`]), and the [`plan`]s that cut a view's work into independent jobs and merge
//! the results back in order: a capacity experiment ([`capacity`]), lists of independent
//! requests ([`list`]) such as the landscape's β scan, basin maps and theory figures
//! ([`landscape`]); and what a worker keeps between messages, the learning view's training run
//! and the heads view's MiniLM ([`session`]), and the request loop a view keeps with such a
//! worker ([`request_loop`]). The browser side (spawning the workers, posting the messages)
//! is `app::compute`; the worker module is `src/pages/compute.rs`; the CLI's `--threads` runs
//! the same plans on native threads. Everything here is tested natively.

pub mod capacity;
pub mod executor;
pub mod landscape;
pub mod list;
pub mod plan;
pub mod protocol;
pub mod request_loop;
pub mod session;

#[cfg(test)]
mod pool_tests;
#[cfg(test)]
mod tests;
