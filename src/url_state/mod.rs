//! The app's state as it travels in a link: which view, and (as views grow) their settings.
//! Pure parsing and formatting with no web dependency, so it is tested natively; a malformed
//! parameter never fails, it falls back to the default with a notice naming it.

pub mod debug;
pub mod decimal;
pub mod embed;
pub mod lecture;
pub mod query;
pub mod route;
