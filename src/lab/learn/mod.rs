//! The learning view's logic without the web: its settings in a share link ([`link`]), the
//! class boundaries spelled out for the sequence length shown, the steps where the loss drops
//! ([`drops`]), and what the view says when a task does not meet its goal.

pub mod bounds;
pub mod drops;
pub mod link;

pub use bounds::class_bounds;
pub use drops::loss_drops;
