//! Reusable controls and panels.

pub mod beta_slider;
pub mod formula;
pub mod gallery;
pub mod notice;
pub mod pattern_image;
pub mod pixel_image;
pub mod retrieval_panel;
pub mod timeline;
