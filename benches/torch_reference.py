#!/usr/bin/env python3
"""PyTorch reference for the `train-step` case of benches/cases.rs (issue 20): one training step
of the learning view's default run, on the CPU with one thread. Prints JSON {"train-step":
median seconds} on stdout.

The model is src/engine/transformer/'s, written the ordinary PyTorch way: token and position
embeddings (a stored pair adds its key's and its value's embedding), one pre-LayerNorm layer of
unmasked 4-head self-attention (Q, K, V and output projections D×D without biases, scale
1/√(D/H)), no MLP, a final LayerNorm, a read-out with bias at every position, cross-entropy
averaged over the positions that have a target, and Adam (0.9, 0.999, 1e-8) at lr 0.003.
D = N = 32, batch 32, the recall task (16 keys, 8 values, N/4 stored pairs). The timing does not
depend on the values, so the batches are drawn up front (the engine draws its batch inside the
step, a few microseconds) and the weights by torch's generator with the engine's scales.

Usage: python3 benches/torch_reference.py [--quick]
"""

import os

# One thread everywhere, set before torch is imported (the engine is single-threaded).
for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[var] = "1"

import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# The defaults of TrainConfig::default() (src/engine/transformer/config.rs).
LAYERS, HEADS, DIM, SEQ, BATCH, LR, SEED = 1, 4, 32, 32, 32, 3e-3, 0
KEYS, VALUES = 16, 8  # recall's vocabulary (src/engine/transformer/tasks.rs)
VOCAB = KEYS + VALUES
INIT_STD = 0.02  # every matrix; embeddings are N(0, 1), gains 1, biases 0 (weights.rs)
IGNORE = -100  # a position without a target


def recall_batch(gen):
    """One batch of the recall task: `first` and `second` tokens per position (`second` is the
    stored value at the N/4 pair positions, masked elsewhere) and the targets."""
    pairs = SEQ // 4
    first = torch.empty(BATCH, SEQ, dtype=torch.long)
    second = torch.zeros(BATCH, SEQ, dtype=torch.long)
    target = torch.full((BATCH, SEQ), IGNORE, dtype=torch.long)
    for b in range(BATCH):
        keys = torch.randperm(KEYS, generator=gen)[:pairs]
        values = KEYS + torch.randint(VALUES, (pairs,), generator=gen)
        asked = torch.randint(pairs, (SEQ - pairs,), generator=gen)
        first[b, :pairs], second[b, :pairs] = keys, values
        first[b, pairs:], target[b, pairs:] = keys[asked], values[asked]
    mask = torch.zeros(BATCH, SEQ, 1)
    mask[:, :pairs] = 1.0
    return first, second, mask, target


class Encoder(torch.nn.Module):
    """The engine's transformer (model.rs), the same parameters and shapes (weights.rs)."""

    def __init__(self, gen):
        super().__init__()

        def param(*shape, std=None, fill=0.0):
            t = torch.randn(*shape, generator=gen) * std if std else torch.full(shape, fill)
            return torch.nn.Parameter(t)

        self.token = param(VOCAB, DIM, std=1.0)
        self.position = param(SEQ, DIM, std=1.0)
        self.layers = torch.nn.ModuleList()
        for _ in range(LAYERS):
            layer = torch.nn.Module()
            layer.ln1_gain, layer.ln1_bias = param(DIM, fill=1.0), param(DIM)
            for name in ("wq", "wk", "wv", "wo"):
                setattr(layer, name, param(DIM, DIM, std=INIT_STD))
            self.layers.append(layer)
        self.final_gain, self.final_bias = param(DIM, fill=1.0), param(DIM)
        self.readout, self.readout_bias = param(VOCAB, DIM, std=INIT_STD), param(VOCAB)

    def forward(self, first, second, mask):
        x = self.position + F.embedding(first, self.token) + mask * F.embedding(second, self.token)
        b, n, dh = x.shape[0], x.shape[1], DIM // HEADS
        for layer in self.layers:
            h = F.layer_norm(x, (DIM,), layer.ln1_gain, layer.ln1_bias, eps=1e-5)

            def heads(w):
                return F.linear(h, w).view(b, n, HEADS, dh).transpose(1, 2)

            # softmax(q kᵀ / √(D/H)) v per head: β = 1/√(D/H) is SDPA's default scale.
            att = F.scaled_dot_product_attention(heads(layer.wq), heads(layer.wk), heads(layer.wv))
            x = x + F.linear(att.transpose(1, 2).reshape(b, n, DIM), layer.wo)
        x = F.layer_norm(x, (DIM,), self.final_gain, self.final_bias, eps=1e-5)
        return F.linear(x, self.readout, self.readout_bias)


def main():
    quick = "--quick" in sys.argv
    min_time, warm_up = (1.0, 20) if quick else (4.0, 50)
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    gen = torch.Generator().manual_seed(SEED)
    model = Encoder(gen)
    # Shape::parameters (weights.rs) without the MLP: the same tensors, so the same count.
    expected = (VOCAB + SEQ) * DIM + LAYERS * (2 * DIM + 4 * DIM * DIM) + 2 * DIM + VOCAB * DIM + VOCAB
    assert sum(p.numel() for p in model.parameters()) == expected
    opt = torch.optim.Adam(model.parameters(), lr=LR, betas=(0.9, 0.999), eps=1e-8)
    batches = [recall_batch(gen) for _ in range(16)]

    def step(i):
        first, second, mask, target = batches[i % len(batches)]
        opt.zero_grad()
        logits = model(first, second, mask)
        loss = F.cross_entropy(logits.view(-1, VOCAB), target.view(-1), ignore_index=IGNORE)
        loss.backward()
        opt.step()
        return loss

    for i in range(warm_up):
        step(i)
    samples = []
    start = time.perf_counter()
    while len(samples) < 20 or (time.perf_counter() - start < min_time and len(samples) < 20_000):
        t0 = time.perf_counter()
        step(len(samples))
        samples.append(time.perf_counter() - t0)
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} thread, "
        f"{len(samples)} steps timed, final loss {step(0).item():.4f}",
        file=sys.stderr,
    )
    json.dump({"train-step": statistics.median(samples)}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
