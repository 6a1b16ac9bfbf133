//! BERT's uncased tokenizer as Hugging Face `tokenizers` runs it for all-MiniLM-L6-v2 (the
//! `BertNormalizer` and `BertPreTokenizer` of its tokenizer.json, then WordPiece): clean the
//! text (control characters out, every whitespace a space), put spaces around CJK ideographs,
//! strip accents (NFD, then drop the nonspacing marks Mn), lower-case, split on whitespace and
//! around every punctuation character, split each word into the longest vocabulary pieces
//! (continuations prefixed `##`), `[UNK]` for a word longer than 100 characters or one that has
//! no split; `[CLS]` … `[SEP]`, at most [`MAX_TOKENS`] in all.

use std::collections::HashMap;

use unicode_general_category::{GeneralCategory, get_general_category};
use unicode_normalization::UnicodeNormalization;

use super::asset::AssetError;

/// The longest token sequence the model is run on (with `[CLS]` and `[SEP]`), as the model's
/// tokenizer.json truncates.
pub const MAX_TOKENS: usize = 128;
/// Words longer than this (in characters) become `[UNK]`, as in WordPiece.
pub const MAX_WORD_CHARS: usize = 100;
const SPECIAL: [&str; 4] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"];

/// The WordPiece vocabulary: one piece per line of vocab.txt, its id the line number.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocab {
    pieces: Vec<String>,
    ids: HashMap<String, u32>,
    unk: u32,
    cls: u32,
    sep: u32,
}

/// A tokenised text: the ids fed to the model and the pieces they stand for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// Vocabulary ids, `[CLS]` first and `[SEP]` last.
    pub ids: Vec<u32>,
    /// The vocabulary piece of every id (`##` marks a continuation).
    pub pieces: Vec<String>,
    /// Whether the text had more pieces than fit in [`MAX_TOKENS`] (the rest was dropped).
    pub truncated: bool,
}

impl Tokens {
    /// T, the number of tokens.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Never true for the tokenizer's output (it always has `[CLS]` and `[SEP]`).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

impl Vocab {
    /// Parses vocab.txt (one piece per line); it must hold `[PAD]`, `[UNK]`, `[CLS]`, `[SEP]`.
    pub fn parse(text: &str) -> Result<Vocab, AssetError> {
        let pieces: Vec<String> = text.lines().map(str::to_string).collect();
        let mut ids = HashMap::with_capacity(pieces.len());
        for (i, piece) in pieces.iter().enumerate() {
            ids.entry(piece.clone()).or_insert(i as u32);
        }
        let find = |name: &str| {
            ids.get(name)
                .copied()
                .ok_or_else(|| AssetError::Shape(format!("the vocabulary has no {name} token")))
        };
        for name in SPECIAL {
            find(name)?;
        }
        Ok(Vocab {
            unk: find("[UNK]")?,
            cls: find("[CLS]")?,
            sep: find("[SEP]")?,
            pieces,
            ids,
        })
    }

    /// Number of pieces.
    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    /// Whether the vocabulary has no pieces (never, once parsed).
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// The pieces in id order (what vocab.txt held).
    pub fn pieces(&self) -> &[String] {
        &self.pieces
    }

    /// The piece of id `id`, if it exists.
    pub fn piece(&self, id: u32) -> Option<&str> {
        self.pieces.get(id as usize).map(String::as_str)
    }

    /// The id of `piece`, if the vocabulary has it.
    pub fn id(&self, piece: &str) -> Option<u32> {
        self.ids.get(piece).copied()
    }

    /// Tokenises `text` (module docs): `[CLS]`, at most [`MAX_TOKENS`] − 2 pieces, `[SEP]`.
    pub fn tokenize(&self, text: &str) -> Tokens {
        let budget = MAX_TOKENS - 2;
        let mut ids = vec![self.cls];
        let mut truncated = false;
        for word in words(&normalize(text)) {
            let pieces = self.word_pieces(&word);
            if ids.len() - 1 + pieces.len() > budget {
                ids.extend(&pieces[..budget + 1 - ids.len()]);
                truncated = true;
                break;
            }
            ids.extend(pieces);
        }
        ids.push(self.sep);
        let pieces = ids
            .iter()
            .map(|&id| self.pieces[id as usize].clone())
            .collect();
        Tokens {
            ids,
            pieces,
            truncated,
        }
    }

    /// Greedy longest-match-first split of one word; `[UNK]` alone when it has none.
    fn word_pieces(&self, word: &str) -> Vec<u32> {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            return vec![self.unk];
        }
        let mut out = Vec::new();
        let mut start = 0;
        let mut piece = String::new();
        while start < chars.len() {
            let from = chars[start].0;
            let found = (start + 1..=chars.len()).rev().find_map(|end| {
                let to = chars.get(end).map_or(word.len(), |c| c.0);
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[from..to]);
                self.ids.get(&piece).map(|&id| (end, id))
            });
            let Some((end, id)) = found else {
                return vec![self.unk];
            };
            out.push(id);
            start = end;
        }
        out
    }
}

/// `BertNormalizer`: clean text, pad CJK ideographs, strip accents, lower-case (in that order).
fn normalize(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if is_whitespace(c) {
            cleaned.push(' ');
        } else if is_cjk(c) {
            cleaned.extend([' ', c, ' ']);
        } else {
            cleaned.push(c);
        }
    }
    cleaned
        .nfd()
        .filter(|&c| get_general_category(c) != GeneralCategory::NonspacingMark)
        .flat_map(char::to_lowercase)
        .collect()
}

/// `BertPreTokenizer`: words split on whitespace, every punctuation character a word of its own.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_whitespace() || is_punctuation(c) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether the tokenizer reads nothing in `c`: whitespace, or a character its cleaning drops
/// (controls, format characters, NUL, U+FFFD). A text of only such characters has no tokens
/// but `[CLS]` and `[SEP]`, so the heads view refuses it before running the model.
pub fn is_blank(c: char) -> bool {
    c == '\0' || c == '\u{fffd}' || is_control(c) || is_whitespace(c)
}

fn is_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || c.is_whitespace()
}

/// Any "other" character (Cc, Cf, Cs, Co, Cn) except the three whitespace controls.
fn is_control(c: char) -> bool {
    use GeneralCategory::*;
    !matches!(c, '\t' | '\n' | '\r')
        && matches!(
            get_general_category(c),
            Control | Format | Surrogate | PrivateUse | Unassigned
        )
}

/// ASCII punctuation (which includes `$`, `+`, `^`, … that Unicode calls symbols) or any
/// Unicode punctuation category.
fn is_punctuation(c: char) -> bool {
    use GeneralCategory::*;
    c.is_ascii_punctuation()
        || matches!(
            get_general_category(c),
            ConnectorPunctuation
                | DashPunctuation
                | OpenPunctuation
                | ClosePunctuation
                | InitialPunctuation
                | FinalPunctuation
                | OtherPunctuation
        )
}

/// The CJK Unified Ideographs blocks and their extensions, as BERT defines "Chinese
/// characters" (Hangul, hiragana and katakana are not among them).
fn is_cjk(c: char) -> bool {
    matches!(
        u32::from(c),
        0x4E00..=0x9FFF
            | 0x3400..=0x4DBF
            | 0x20000..=0x2A6DF
            | 0x2A700..=0x2B73F
            | 0x2B740..=0x2B81F
            | 0x2B820..=0x2CEAF
            | 0xF900..=0xFAFF
            | 0x2F800..=0x2FA1F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocab {
        let pieces = [
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "cafe", ",", "!", "北",
            "a",
        ];
        Vocab::parse(&pieces.join("\n")).unwrap()
    }

    #[test]
    fn wordpiece_takes_the_longest_pieces() {
        let t = vocab().tokenize("Unaffable, CAFÉ!");
        assert_eq!(
            t.pieces,
            ["[CLS]", "un", "##aff", "##able", ",", "cafe", "!", "[SEP]"]
        );
        assert_eq!(t.ids, [2, 4, 5, 6, 8, 7, 9, 3]);
        assert!(!t.truncated && t.len() == 8);
    }

    #[test]
    fn a_text_of_blank_characters_has_no_tokens() {
        let blank = " \t\n\u{200b}\u{7}\u{fffd}\0\u{a0}";
        assert!(blank.chars().all(is_blank));
        assert_eq!(vocab().tokenize(blank).len(), 2);
        assert!(!is_blank('a') && !is_blank('北'));
    }

    #[test]
    fn unknown_long_and_cjk_words() {
        let v = vocab();
        assert_eq!(v.tokenize("unx").pieces[1..3], ["[UNK]", "[SEP]"]);
        let long = "a".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(v.tokenize(&long).pieces[1], "[UNK]");
        // CJK ideographs are words of their own even without spaces; control chars vanish.
        assert_eq!(
            v.tokenize("北北\u{7}a").pieces,
            ["[CLS]", "北", "北", "a", "[SEP]"]
        );
        assert_eq!(v.tokenize(" \t\n").pieces, ["[CLS]", "[SEP]"]);
    }

    #[test]
    fn long_texts_are_cut_at_max_tokens() {
        let v = vocab();
        let t = v.tokenize(&"a ".repeat(MAX_TOKENS - 2));
        assert!(!t.truncated && t.len() == MAX_TOKENS);
        let t = v.tokenize(&"unaffable ".repeat(MAX_TOKENS));
        assert!(t.truncated && t.len() == MAX_TOKENS);
        assert_eq!(t.pieces.last().unwrap(), "[SEP]");
    }

    #[test]
    fn a_vocabulary_needs_the_special_tokens() {
        assert!(Vocab::parse("[PAD]\n[UNK]\n[CLS]").is_err());
        assert_eq!(vocab().piece(7), Some("cafe"));
        assert_eq!(vocab().piece(99), None);
        assert_eq!(vocab().id("##aff"), Some(5));
    }
}
