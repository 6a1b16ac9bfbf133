//! Pure logic of the app shell (no web dependency, tested natively): which keyboard shortcut
//! does what, and what a downloaded plot is called. The browser side is `app::shell`.

pub mod keys;
pub mod names;
