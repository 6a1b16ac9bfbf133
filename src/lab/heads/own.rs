//! The user's own text for the heads view: what may be run. The same check runs in the view
//! (before a request is sent, so the notice is immediate) and in the worker's session (which
//! must refuse whatever reaches it), so both name a bad text the same way.

use crate::engine::bert::tokenizer::is_blank;

/// Most characters of an own text. The model reads at most 128 tokens (about 500 characters of
/// English), and a share link carries the text, so a longer one is cut.
pub const MAX_CHARS: usize = 500;

/// `text` cut to its first [`MAX_CHARS`] characters, and whether it was cut.
pub fn cut(text: &str) -> (String, bool) {
    match text.char_indices().nth(MAX_CHARS) {
        Some((at, _)) => (text[..at].to_string(), true),
        None => (text.to_string(), false),
    }
}

/// The text to run: `text` cut to [`MAX_CHARS`] characters, or why it cannot be run (nothing
/// in it, or only characters the tokenizer drops, which would leave the heads nothing to
/// attend to but `[CLS]` and `[SEP]`).
pub fn check_text(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("the text is empty".into());
    }
    if text.chars().all(is_blank) {
        return Err("the text has only whitespace or control characters".into());
    }
    Ok(cut(text).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_blank_long_and_plain_texts() {
        assert_eq!(check_text(""), Err("the text is empty".into()));
        let blank = check_text(" \n\t\u{200b}\u{7}").unwrap_err();
        assert!(blank.contains("only whitespace or control"), "{blank}");
        assert_eq!(
            check_text("A man is eating food."),
            Ok("A man is eating food.".into())
        );
        let long = "é".repeat(MAX_CHARS + 3);
        let kept = check_text(&long).unwrap();
        assert_eq!(kept.chars().count(), MAX_CHARS);
        assert_eq!(cut(&long), (kept, true));
        assert_eq!(cut("short"), ("short".into(), false));
    }
}
