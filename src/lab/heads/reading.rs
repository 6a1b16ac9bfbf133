//! One sentence of interpretation of a per-layer class histogram, worded from the counts so
//! that it never claims a pattern the data at the current β does not show.

use super::analysis::HeadClass;

/// What the histogram (per layer, heads per class) says, for `heads` heads per layer.
pub fn interpretation(histogram: &[[usize; 4]], heads: usize) -> String {
    let layers = histogram.len();
    if layers < 3 || heads == 0 {
        return String::new();
    }
    let global = |counts: &[usize; 4]| counts[HeadClass::I.index()];
    let (first, last) = (global(&histogram[0]), global(&histogram[layers - 1]));
    let middle = &histogram[1..layers - 1];
    let middle_heads = middle.len() * heads;
    let middle_meta: usize = middle.iter().map(|l| l[1] + l[2]).sum();
    let all_global: usize = histogram.iter().map(global).sum();
    let counts = format!(
        "Layer 1 has {first} of {heads} heads in class I, layers 2–{} have {middle_meta} of \
         {middle_heads} in classes II–III, layer {layers} has {last} of {heads} in class I",
        layers - 1
    );
    let reading = if 2 * first > heads && 2 * middle_meta > middle_heads && 2 * last >= heads {
        "as in the paper's BERT, the first layer averages over the whole text and the middle \
         layers settle on groups of tokens (metastable states), while this sentence-embedding \
         model's last layer averages broadly again"
    } else if 4 * all_global > 3 * layers * heads {
        "at this small β nearly every head averages globally, whatever it learned"
    } else if 2 * first <= heads {
        "at this large β even the first layer's heads settle on groups or single tokens"
    } else {
        "at this β the layers blur the paper's pattern, which is clearest at the model's own β"
    };
    format!("{counts}: {reading}.")
}

/// The legend's note on a text of `tokens` tokens: below 32 tokens class IV (k ≤ T/32 < 1)
/// cannot occur, so a head on a single token is counted in class III; the grid marks it
/// instead. Empty when every class can occur.
pub fn legend_note(tokens: usize) -> String {
    if tokens == 0 || HeadClass::IV.reachable(tokens) {
        return String::new();
    }
    format!(
        "With T = {tokens} < 32 tokens, class IV (k ≤ T/32 = {:.2}) cannot occur: a head on a \
         single token (median k90 = 1) falls in class III and is marked • single token.",
        tokens as f32 / 32.0
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_says_when_class_iv_is_out_of_reach() {
        let short = legend_note(12);
        assert!(
            short.contains("T = 12 < 32") && short.contains("0.38"),
            "{short}"
        );
        assert!(short.contains("single token"), "{short}");
        assert_eq!(legend_note(32), "");
        assert_eq!(legend_note(132), "");
        assert_eq!(legend_note(0), "");
    }

    #[test]
    fn the_papers_pattern_is_named_only_when_the_counts_show_it() {
        let paper = [
            [10, 2, 0, 0],
            [2, 8, 2, 0],
            [1, 9, 2, 0],
            [3, 9, 0, 0],
            [2, 8, 2, 0],
            [8, 4, 0, 0],
        ];
        let text = interpretation(&paper, 12);
        assert!(
            text.starts_with("Layer 1 has 10 of 12 heads in class I"),
            "{text}"
        );
        assert!(
            text.contains("40 of 48") && text.contains("as in the paper"),
            "{text}"
        );
        let flat = [[12, 0, 0, 0]; 6];
        assert!(interpretation(&flat, 12).contains("small β"));
        let sharp = [[2, 4, 6, 0]; 6];
        assert!(interpretation(&sharp, 12).contains("large β"));
        let blurred = [
            [10, 2, 0, 0],
            [6, 6, 0, 0],
            [6, 6, 0, 0],
            [6, 6, 0, 0],
            [6, 6, 0, 0],
            [12, 0, 0, 0],
        ];
        assert!(interpretation(&blurred, 12).contains("blur"));
        assert_eq!(interpretation(&[], 12), "");
    }
}
