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
/// attend to but `[CLS]` and `[SEP]`). The worker's check, with the tokenizer's own test.
pub fn check_text(text: &str) -> Result<String, String> {
    check_with(text, is_blank)
}

/// The page's check before a request is sent (the notice is then immediate): the same
/// refusals for texts of whitespace and C0/C1 controls, without the Unicode category tables
/// behind [`is_blank`] (about 90 KB of the heads page's download). A text of only format,
/// private-use or unassigned characters passes here and is refused by the worker's
/// [`check_text`] with the same words.
pub fn precheck_text(text: &str) -> Result<String, String> {
    check_with(text, quick_blank)
}

/// Blank by the standard library's tables alone: a subset of [`is_blank`].
fn quick_blank(c: char) -> bool {
    c == '\0' || c == '\u{fffd}' || c.is_whitespace() || c.is_control()
}

fn check_with(text: &str, blank: fn(char) -> bool) -> Result<String, String> {
    if text.is_empty() {
        return Err("the text is empty".into());
    }
    if text.chars().all(blank) {
        return Err("the text has only whitespace or control characters".into());
    }
    Ok(cut(text).0)
}

/// A text whose WordPiece tokens are `tokens` (`[CLS]` … `[SEP]`): the pieces joined by
/// spaces, `##` continuations glued on. The shipped texts carry only their tokens; this is
/// what the model is run on to replace or ablate their heads, and it tokenizes back to the
/// same tokens, up to the model's 128 (the text is lower case and split at punctuation
/// already).
pub fn detokenize(tokens: &[String]) -> String {
    let mut text = String::new();
    for t in tokens
        .iter()
        .filter(|t| !matches!(t.as_str(), "[CLS]" | "[SEP]"))
    {
        match t.strip_prefix("##") {
            Some(rest) => text.push_str(rest),
            None => {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(t);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_page_calls_blank_the_tokenizer_calls_blank() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            assert!(!quick_blank(c) || is_blank(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn detokenized_pieces_join_and_glue() {
        let tokens: Vec<String> = [
            "[CLS]", "a", "man", "eats", "hopf", "##ield", "food", ".", "[SEP]",
        ]
        .map(String::from)
        .into();
        assert_eq!(detokenize(&tokens), "a man eats hopfield food .");
        assert_eq!(detokenize(&[]), "");
    }

    /// With the real vocabulary (skipped without the asset): every shipped text's tokens come
    /// back from its detokenized text, as far as the model reads.
    #[test]
    fn shipped_texts_tokenize_back_to_their_tokens() {
        let root = env!("CARGO_MANIFEST_DIR");
        let (Ok(model), Ok(shipped)) = (
            std::fs::read(format!("{root}/.tools/minilm/minilm.q8")),
            std::fs::read(format!("{root}/www/heads/heads.bin")),
        ) else {
            println!("skipped: the MiniLM asset or heads.bin is missing");
            return;
        };
        let model = crate::engine::bert::MiniLm::from_asset(&model).unwrap();
        let asset = crate::lab::heads::asset::decode(&shipped).unwrap();
        for text in &asset.texts {
            let again = model.vocab().tokenize(&detokenize(&text.tokens));
            if again.truncated {
                // The model reads 128 tokens; the shipped paragraph has a few more. Up to the
                // cut (and its closing [SEP]) they agree.
                let kept = again.pieces.len() - 1;
                assert_eq!(again.pieces[..kept], text.tokens[..kept], "{}", text.title);
            } else {
                assert_eq!(again.pieces, text.tokens, "{}", text.title);
            }
        }
    }

    #[test]
    fn empty_blank_long_and_plain_texts() {
        assert_eq!(check_text(""), Err("the text is empty".into()));
        assert_eq!(precheck_text(" \n\t\u{7}"), check_text(" \n\t\u{7}"));
        // A zero-width space alone passes the page's check and is refused by the worker's.
        assert!(precheck_text("\u{200b}").is_ok());
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
