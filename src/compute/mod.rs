//! Heavy computation off the page's main thread, without the web: the message protocol
//! between a page and its compute workers ([`protocol`]), what a worker does with a request
//! ([`executor`]), and how a pool of workers splits an experiment and merges the results
//! ([`pool`]). The browser side (spawning the workers, posting the messages) is
//! `app::compute`; the worker module is `src/pages/compute.rs`; the CLI's `--threads` runs the
//! same pool on native threads. Everything here is tested natively.

pub mod executor;
pub mod pool;
pub mod protocol;

#[cfg(test)]
mod tests;
