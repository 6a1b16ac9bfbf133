//! Hopfield Lab: an interactive visualiser of classical, dense and modern Hopfield networks.
//!
//! Three floors, arrows pointing down only: `app` (Leptos, browser only) calls `plots` (any
//! plotters backend) and `engine` (pure maths, no web dependency).

pub mod engine;
pub mod heads;
pub mod lab;
pub mod plots;
pub mod shell;
pub mod studio;
pub mod url_state;

#[cfg(target_arch = "wasm32")]
pub mod app;
