//! The learning view's logic without the web: its settings in a share link ([`link`]), the
//! class boundaries spelled out for the sequence length shown, and what the view says when a
//! task does not meet its goal.

pub mod bounds;
pub mod csv;
pub mod driver;
pub mod history;
pub mod link;

pub use bounds::class_bounds;
