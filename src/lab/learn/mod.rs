//! The learning view's logic without the web: its settings and their share link ([`settings`],
//! [`link`]), the class boundaries spelled out for the sequence length shown, the request loop
//! of a run ([`driver`]), its history and reading ([`history`]), the steps where the loss drops
//! ([`drops`]) and the CSV shared with `hopfield train` ([`csv`]).

pub mod bounds;
pub mod csv;
pub mod driver;
pub mod drops;
pub mod history;
pub mod link;
pub mod settings;

pub use bounds::class_bounds;
pub use drops::loss_drops;
