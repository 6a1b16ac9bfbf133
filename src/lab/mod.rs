//! The labs' logic without the web: settings, presets, validation of form input, formatting
//! of results and the scheduling arithmetic of long runs. The Leptos views in `app/` are thin
//! shells over these modules, which are tested natively.

pub mod capacity;
pub mod landscape;
