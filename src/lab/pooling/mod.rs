//! The repertoire-pooling view's logic without the web: the experiment its worker holds (the
//! three methods trained side by side, with their curves — what `hopfield pool` runs too), the
//! memory limit the view and the CLI refuse settings by, the form's fields, the share link and
//! the CSV of the curves. The data, model and training are `engine::pooling`.

pub mod csv;
pub mod experiment;
pub mod link;
pub mod memory;
pub mod settings;
