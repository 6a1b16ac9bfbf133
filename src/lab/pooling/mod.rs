//! The repertoire-pooling view's logic without the web: the experiment its worker holds (the
//! three methods trained side by side, with their curves — what `hopfield pool` runs too), the
//! memory limit the view and the CLI refuse settings by, the form's fields, the share link,
//! the CSV of the curves, the request loop of the view's worker and the reading of a bag's
//! attention. The data, model and training are `engine::pooling`.

pub mod csv;
pub mod driver;
pub mod experiment;
pub mod link;
pub mod memory;
pub mod reading;
pub mod settings;
