//! The retrieval studio's logic without the web: pattern sources (built-in photos and glyphs,
//! random sets, uploaded images), the stored set in each model's encoding, the corrupted query,
//! the three recorded retrievals and their playback, and the verdict on a state. The Leptos
//! view in `app/views/studio/` only holds signals and calls these, so all of it is tested
//! natively.

pub mod beta_band;
pub mod dense_form;
pub mod drawing;
pub mod formulas;
pub mod image_header;
pub mod library;
pub mod link;
pub mod order;
pub mod panel_jobs;
pub mod playback;
pub mod presets;
pub mod query;
pub mod saved;
pub mod set;
pub mod verdict;
