//! The test hooks a link can carry: `?debug=panic` makes the app panic on purpose just after it
//! is mounted, so the end-to-end tests can check the error box and its "reload keeping my work"
//! link (tests/e2e/robust.rs). The reload drops the hook, so it does not panic again.

use super::query::Query;

/// The parameter that carries test hooks.
pub const KEY: &str = "debug";

/// Whether the link asks for the deliberate panic (`debug=panic`).
pub fn panic_requested(query: &str) -> bool {
    Query::parse(query).get(KEY) == Some("panic")
}

/// `query` (with or without its `?`) without any `debug` parameter, every other piece kept as
/// written; `""` when nothing else is left, else with a leading `?`.
pub fn without_hooks(query: &str) -> String {
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|piece| !piece.is_empty() && piece.split('=').next() != Some(KEY))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_debug_panic_asks_for_the_panic() {
        assert!(panic_requested("?view=studio&debug=panic"));
        assert!(panic_requested("debug=panic"));
        assert!(!panic_requested("?view=studio"));
        assert!(!panic_requested("?debug=other"));
        assert!(!panic_requested("?debugx=panic"));
    }

    #[test]
    fn the_reload_link_keeps_everything_but_the_hook() {
        assert_eq!(
            without_hooks("?view=studio&debug=panic&beta=0.5"),
            "?view=studio&beta=0.5"
        );
        assert_eq!(without_hooks("?debug=panic"), "");
        assert_eq!(without_hooks("?debug"), "");
        assert_eq!(without_hooks(""), "");
        assert_eq!(without_hooks("?a=%20b&&debug=1"), "?a=%20b");
        assert_eq!(without_hooks("?debugger=1"), "?debugger=1");
    }
}
