//! The app's views; each is a page of controls and panels over one experiment.

pub mod capacity;
pub mod heads;
pub mod landscape;
pub mod learn;
pub mod pooling;
pub mod studio;
