//! Reusable controls and panels.

pub mod beta_slider;
pub mod pattern_image;
