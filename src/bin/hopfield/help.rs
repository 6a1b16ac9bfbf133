//! Help texts of the CLI: the overview and one page per command. Kept in one place so the
//! README section and `--help` say the same thing.

/// `hopfield --help`.
pub const MAIN: &str = "\
hopfield — classical, dense and modern Hopfield networks from the command line

USAGE:
    hopfield <COMMAND> [ARGS]
    hopfield <COMMAND> --help

COMMANDS:
    retrieve [FILE|-]        run one retrieval from a JSON description; JSON trajectory out
    capacity --model M ...   success rate against the number of stored patterns; CSV out
    fixed-points [FILE|-]    stable fixed points of the modern network at one or many β; JSON out
    train [--task T] ...     train a small transformer and watch its heads; CSV out
    heads --text T ...       all-MiniLM-L6-v2 on a text: every head's k90 and class; JSON out
    pack-minilm ...          write the int8 MiniLM asset from model.safetensors + vocab.txt
    pool [--sequences N ...] Hopfield vs mean vs max pooling on generated repertoires; JSON out
    help [COMMAND]           this text, or the help of COMMAND

Bad input exits with code 2 and a one-line message on stderr naming the field or flag.
Notation: d = pattern dimension, N = number of stored patterns, β = inverse temperature.
";

/// `hopfield retrieve --help`.
pub const RETRIEVE: &str = "\
hopfield retrieve [FILE|-] — one retrieval; reads JSON from FILE or standard input

INPUT (a JSON object; fields other than these are rejected):
    patterns    required  stored patterns, one per row: [[...], ...] (all of length d)
    query       required  the starting state: [...] (length d)
    model       \"modern\"   \"classic\" | \"dense\" | \"modern\"
    beta        1.0        inverse temperature (modern; dense with degree \"exp\"), in [1e-4, 1e4]
    rule        \"hebbian\"  classic: \"hebbian\" | \"storkey\" | \"pseudoinverse\"
    update      \"async\"    classic: \"sync\" | \"async\" (async order drawn from the seed)
    degree      3          dense: polynomial degree n in [2, 10] (N*d^n must fit in f32), or \"exp\"
    max_steps   100        most updates; sweeps for async runs (at most 1000; 0 records the query)
    seed        0          seed of every random draw
    corruption  none       applied to the query first, e.g. {\"kind\": \"flip-signs\", \"fraction\": 0.1},
                           {\"kind\": \"mask-random\", \"fraction\": 0.3, \"value\": 0},
                           {\"kind\": \"mask-lower-half\", \"value\": -1},
                           {\"kind\": \"mask-rect\", \"rect\": {\"x\":0,\"y\":0,\"width\":4,\"height\":2}, \"value\": 0},
                           {\"kind\": \"gaussian-noise\", \"sigma\": 0.5}
    side        none       side of the square image the query shows (for the mask kinds; the
                           rectangle mask infers it from a square d; lower-half without it masks
                           entries d/2..d)
Fields that do not apply to the chosen model (rule for modern, ...) are accepted and ignored.
Binary models (classic, dense) binarise patterns and query first: sign, 0 -> +1, so mask with -1.

OUTPUT (JSON):
    states      states[0] is the (corrupted) query, then one state per update
    energies    energies[i] = E(states[i]) (dense exp: -lse(beta, X^T s), same minima)
    weights     modern only: weights[i] = softmax(beta X^T states[i])
    steps       number of updates performed
    converged   true when a fixed point was reached before max_steps
    cycle       classic sync only: true when the run ended in a 2-cycle
    fixed_point modern only: {\"kind\": \"global\"|\"metastable\"|\"single\", \"k90\": n} of the final state
    overlaps    cosine overlap of the final state with each stored pattern
";

/// `hopfield capacity --help`.
pub const CAPACITY: &str = "\
hopfield capacity — retrieval success against the number of stored patterns N; CSV on stdout

FLAGS (--name value or --name=value):
    --model M            required  classic | dense | modern
    --dim d              required  pattern dimension (at most 4096)
    --patterns A:B:S     required  N from A to B inclusive in steps of S (or a single N; at
                                   most 256 values)
    --trials T           20        random pattern sets per N (at most 100000)
    --flip f             0.1       fraction of the query's signs flipped, in [0, 1]
    --seed S             0         seed of every random draw
    --beta B             1.0       modern; dense with --degree exp
    --rule R             hebbian   classic: hebbian | storkey | pseudoinverse
    --update U           async     classic: sync | async
    --degree n|exp       3         dense interaction
    --max-steps K        100       most updates (sweeps) per retrieval, in [1, 1000]
    --criterion C        overlap:0.95   success: overlap with the target >= value, or exact
                                   (identical sign vector; binary models)
    --threads N          all cores threads to run the trials on (the same CSV for any N)

Each trial stores N fresh random +-1 patterns, flips round(f*d) signs of one of them and
retrieves; trial seeds are derived from --seed, N and the trial number.

OUTPUT: header n_patterns,success_rate,mean_overlap,mean_steps, then one row per N.
";

/// `hopfield fixed-points --help`.
pub const FIXED_POINTS: &str = "\
hopfield fixed-points [FILE|-] — stable fixed points of the modern network; reads JSON

INPUT (a JSON object; fields other than these are rejected):
    patterns       required  stored patterns, one per row
    beta           1.0       one inverse temperature, or instead:
    betas                    a list [b1, b2, ...] or a log-spaced range
                             {\"from\": a, \"to\": b, \"steps\": k} (both ends included)
    seed           0         seed of the search's random starts (the same for every β)
    random_starts  16        random starts in the patterns' bounding box
    noisy_copies   2         noisy copies of each pattern used as extra starts
    max_steps      5000      most updates from one start

OUTPUT (JSON): {\"dim\": d, \"count\": N, \"results\": [{\"beta\": b, \"fixed_points\":
    [{\"kind\": \"global\"|\"metastable\"|\"single\", \"k90\": n, \"energy\": E, \"hits\": h,
      \"state\": [...]}, ...]}, ...]}
";

/// `hopfield train --help`.
pub const TRAIN: &str = "\
hopfield train — train the learning view's small transformer; CSV on stdout as it goes

FLAGS (--name value or --name=value; all optional, defaults = the view's):
    --task T       recall    recall | majority | copy-back
    --layers L     1         in [1, 4]
    --heads H      4         per layer, in [1, 8]
    --dim D        32        model width, in [4, 256], a multiple of H (at most 2e6 parameters)
    --seq N        32        tokens per sequence, in [8, 256]
    --batch B      32        sequences per step, in [1, 256]
    --lr R         0.003     Adam's learning rate, in [1e-5, 0.1]
    --seed K       0         seed of the weights, the batches and the probe batch
    --mlp on|off   off       an MLP block after each attention block
    --steps S      1500      steps to train, in [1, 1000000]
    --every E      50        a row every E steps (and at step 0 and at the end)

OUTPUT: step,loss,accuracy, then k90_<layer>_<head> (median k90 over the probe batch's query
rows), class_<layer>_<head> (I..IV of [P] section 4) and jacobian_<layer>_<head>
(||beta (diag p - p p^T)||_F averaged over the rows) for every head, counted from 1. Loss and
accuracy are measured on a fixed held-out probe batch of 32 sequences.
A diverging run (loss not finite) keeps the rows written and exits with code 2.
";

/// `hopfield heads --help`.
pub const HEADS: &str = "\
hopfield heads --text T [--model F] [--replace uniform|gaussian:S --layer L [--head H | --class C]]
    runs all-MiniLM-L6-v2 (the int8 asset, default .tools/minilm/minilm.q8 from
    scripts/fetch-minilm.sh) on the text T (at most 128 tokens; longer texts are cut and
    flagged) and reads every head as a modern Hopfield network at beta = 1/sqrt(32)

FLAGS:
    --text T        required  the text (not empty, not only whitespace)
    --model F       .tools/minilm/minilm.q8   the asset of `hopfield pack-minilm`
    --replace R     none      uniform (A_ij = 1/T) or gaussian:S (A_ij ~ exp(-((s_j - s_i)/S)^2 / 2),
                              s = position mapped to [-1, 1], S in [0.1, 2])
    --layer L       with --replace: the layer 1..6 whose heads are replaced
    --head H        only head 1..12 of that layer
    --class C       only that layer's heads of class I, II, III or IV (all heads of the layer
                    without --head and --class)

OUTPUT (one JSON line):
    tokens      the WordPiece tokens, [CLS] ... [SEP]
    truncated   whether the text was longer than 128 tokens
    heads       per head: layer, head (1-based), k90_median, class (I..IV), jacobian (the mean
                over query rows of the Frobenius norm of beta (diag(p) - p p^T))
    replaced    with --replace: the [layer, head] pairs replaced
    cosine      with --replace: cosine of the sentence embeddings before and after
";

/// `hopfield pack-minilm --help`.
pub const PACK_MINILM: &str = "\
hopfield pack-minilm --safetensors F --vocab F --out F
    writes the int8 asset of all-MiniLM-L6-v2 (int8 per matrix row with an f32 scale; biases and
    LayerNorm f32; vocabulary included; FNV-1a checksum) from its f32 model.safetensors and
    vocab.txt; prints {\"out\", \"bytes\", \"checksum\"}. scripts/fetch-minilm.sh runs it.
";

/// `hopfield pool --help`.
pub const POOL: &str = "\
hopfield pool — classify generated immune repertoires (DeepRC) by Hopfield, mean and max pooling

Each bag is N amino-acid sequences (lengths 12-18); positive bags carry the motif in a fraction
w of their sequences (with substitutions), every bag carries decoys (the motif minus an end
residue). A key per sequence is the sum of learned 32-d vectors of its 3-residue pieces; the
three methods train the same model on the same bags (Adam, one bag per step).

FLAGS (--name value or --name=value):
    --sequences N        10000     sequences per bag, in [1000, 300000]
    --witness W          0.001     witness rate, a fraction (0.001) or a percentage (0.1%), in
                                   [0.0001, 0.1]
    --bags B             1000      training bags (half positive; generated when used), in
                                   [2, 100000]
    --held-out H         40        held-out bags (half positive), in [2, 2000]
    --steps S            600       training steps of one bag each, in [1, 100000]
    --beta X|learned     learned   a fixed beta in [0.001, 1000], or learned from 3
    --seed K             1         seed of the data and the initialisation
    --motif M            SGAYR     3-6 letters of ACDEFGHIKLMNPQRSTVWY, one inner wildcard . allowed
    --decoys D           0.005     fraction of every bag's sequences with a partial motif
    --substitution P     0.1       probability that an implanted residue is replaced
    --learning-rate R    0.001     Adam's step size
    --curriculum on|off  on        train at a 2 % witness rate first, falling to W over the
                                   first half of the steps
    --batch B            1         training bags per step (gradients averaged), in [1, 64]
    --weight-decay L     1         decoupled weight decay (AdamW) of the Hopfield k-mer table, in
                                   [0, 100] (mean and max pooling train without)
    --key-norm on|off    on        score sequences by their l2-normalised keys (xi.k/|k|)
N x (held-out + 1) may not pass 60000000 (the bags held must fit a 4 GB wasm heap).

OUTPUT (one JSON line): {\"auc\": {\"hopfield\": a, \"mean\": b, \"max\": c},
    \"witness_attention\": mean share of Hopfield attention on witnesses in positive held-out bags,
    \"uniform_attention\": that share under uniform attention, \"beta\", \"steps\", \"sequences\",
    \"witness_rate\", \"example_bag\": {k90, witness_mass, witnesses, top: the 3 most attended
    sequences with the motif's residue range}, \"seconds\": training time per method}
";
