#!/usr/bin/env python3
"""Writes tests/fixtures/minilm-reference.json, the reference the Rust MiniLM is tested against.

NOT run by the build: its output is committed. Re-run it after changing the sentences:

    bash scripts/fetch-minilm.sh --no-pack     # .tools/minilm/{model.safetensors,vocab.txt}
    bash scripts/minilm-reference.sh           # installs NumPy + tokenizers, runs this script

Tokens come from the `tokenizers` package (Hugging Face's own BertWordPiece: clean text, CJK
split, NFD accent stripping, lower case, punctuation split, WordPiece, at most 128 tokens), built
from the model's vocab.txt with the settings of its tokenizer.json. Embeddings come from the f32
safetensors run by the NumPy encoder of scripts/make_heads.py (float64, mean-pooled over the
mask, L2-normalised), on the ids from `tokenizers`.
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_heads  # noqa: E402  (the NumPy encoder, parser and pooling)
from tokenizers import BertWordPieceTokenizer  # noqa: E402

MODEL = ROOT / ".tools" / "minilm"
OUT = ROOT / "tests" / "fixtures" / "minilm-reference.json"
MAX_TOKENS = 128

LONG_WORD = "pneumonoultramicroscopicsilicovolcanoconiosis" * 3  # 135 characters: [UNK]
SENTENCES = [
    "A man is eating food.",
    "A man is eating a piece of bread.",
    "The quick brown fox jumps over the lazy dog.",
    "Café déjà vu: naïve façade, São Paulo, Zürich, Ångström, İstanbul.",
    "ÉCOLE NORMALE SUPÉRIEURE — Œuvres complètes, tome II.",
    "北京是中国的首都。東京は日本の首都です。",
    "한국어 문장도 토큰으로 나뉩니다.",
    "Emoji: 😀🎉👍🏽 and ❤️ plus a flag 🇫🇷!",
    "Numbers: 3.14159, 1,000,000, 42nd, 0x1F, 2024-06-01 and 10^9.",
    "Punctuation runs!!! ??? ... --- ((nested)) [[brackets]] {{braces}} \"quotes\" 'single'",
    "Very long word: " + LONG_WORD + " ends here.",
    "antidisestablishmentarianism and floccinaucinihilipilification",
    "Tabs\tand\nnewlines\r\nand   many    spaces   ",
    "Control\x00chars\x07in\x1bthe\ufffdmiddle\u200bhere",
    "Ελληνικά: Αθήνα, Θεσσαλονίκη.",
    "Русский текст: Привет, мир!",
    "العربية: مرحبا بالعالم",
    "हिन्दी वाक्य: नमस्ते दुनिया",
    "Mixed CASE WoRdS with HTML <b>tags</b> & entities &amp; URLs https://example.com/a?b=c",
    "Straße, ﬁnancial ligatures, ＦＵＬＬＷＩＤＴＨ letters, ½ fractions, ™ marks.",
    "e-mail someone@example.org, #hashtag, @mention, $100, 50%, C++ and C#.",
    "",
    "   ",
    "The old grey cat slept on the warm windowsill while the rain kept falling outside.",
    " ".join(["Hopfield networks store patterns and attention retrieves them."] * 16),
]
# Sentences whose embedding the reference also computes (indices into SENTENCES).
EMBEDDED = [0, 1, 3, 5, 24]


def main():
    tokenizer = BertWordPieceTokenizer(
        str(MODEL / "vocab.txt"),
        clean_text=True,
        handle_chinese_chars=True,
        strip_accents=None,
        lowercase=True,
    )
    tokenizer.enable_truncation(MAX_TOKENS)
    weights = make_heads.load_safetensors(MODEL / "model.safetensors")
    sentences = []
    for text in SENTENCES:
        enc = tokenizer.encode(text)
        sentences.append(
            {
                "text": text,
                "ids": enc.ids,
                "pieces": enc.tokens,
                "truncated": len(enc.overflowing) > 0,
            }
        )
    embeddings = []
    for index in EMBEDDED:
        ids = sentences[index]["ids"]
        hidden, mask, _ = make_heads.encode([ids], weights)
        emb = make_heads.sentence_embedding(hidden, mask)[0]
        embeddings.append({"text": SENTENCES[index], "embedding": [float(f"{v:.7g}") for v in emb]})
    card = [e["embedding"] for e in embeddings[:2]]
    cosine = sum(a * b for a, b in zip(*card))
    print(f"model-card cosine (f32 weights, NumPy) = {cosine:.4f}")
    OUT.write_text(
        json.dumps({"sentences": sentences, "embeddings": embeddings}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"wrote {OUT}: {len(sentences)} tokenised sentences, {len(embeddings)} embeddings")


if __name__ == "__main__":
    main()
