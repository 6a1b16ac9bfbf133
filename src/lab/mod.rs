//! Each view's logic without the web, one folder per view named as the view (`lab/V/` beside
//! its Leptos components in `app/views/V/`): settings, presets, links, validation of form input,
//! formatting of results and the scheduling arithmetic of long runs, all tested natively.
//! `shell` is the same for the header shared by every view (`app/shell/`).

pub mod capacity;
pub mod heads;
pub mod landscape;
pub mod learn;
pub mod pooling;
pub mod shell;
pub mod studio;
