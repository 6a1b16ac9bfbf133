//! File names for exported plots and recordings, made from the plot's text alternative.

/// Most words of the label kept in a file name.
const WORDS: usize = 5;

/// `hopfield-` and the first words of `label` in lower case joined by hyphens, then `.ext`:
/// "Bar chart of the softmax weights at β = 2" → `hopfield-bar-chart-of-the-softmax.png`.
pub fn file_name(label: &str, ext: &str) -> String {
    let words: Vec<String> = label
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(WORDS)
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        format!("hopfield-plot.{ext}")
    } else {
        format!("hopfield-{}.{ext}", words.join("-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_files_after_the_label() {
        assert_eq!(
            file_name("Bar chart of the softmax weights at β = 2", "png"),
            "hopfield-bar-chart-of-the-softmax.png"
        );
        assert_eq!(file_name("Energy (E)", "webm"), "hopfield-energy-e.webm");
        assert_eq!(file_name("β ≈ ∞", "png"), "hopfield-plot.png");
    }
}
