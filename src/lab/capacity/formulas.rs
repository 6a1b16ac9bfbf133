//! The capacity lab's theory panel as markup: the classical, dense and exponential capacities
//! at the current d (and flip fraction), as HTML with MathML, built from numbers only.

use super::*;
use crate::plots::capacity::mark_value;

/// The dense degrees n > 2 among the chosen models (z³ when there is none, as an example).
fn dense_degrees(s: &CapacitySettings) -> Vec<u32> {
    let chosen: Vec<u32> = s
        .models
        .iter()
        .filter_map(|m| match m {
            ModelChoice::DensePoly3 => Some(3),
            ModelChoice::DensePoly4 => Some(4),
            _ => None,
        })
        .collect();
    if chosen.is_empty() { vec![3] } else { chosen }
}

fn note(text: &str) -> String {
    format!(r#"<p class="cap-formula-note">{text}</p>"#)
}

const LN_D: &str = r#"<mi>ln</mi><mspace width="0.2em"/><mi>d</mi>"#;

/// The theory panel for settings `s`.
pub fn formulas_markup(s: &CapacitySettings) -> String {
    let d = s.dim;
    let exact = exact_retrieval_capacity(d);
    let mut out = format!("<h2>Theory at d = {d}</h2>");
    out += &note("classical, a few wrong bits tolerated (Amit et al.)");
    out += &format!(
        r#"<math display="block"><mn>0.138</mn><mo>·</mo><mi>d</mi><mo>=</mo><mn>{}</mn></math>"#,
        mark_value(0.138 * d as f64)
    );
    out += &note("classical, error-free: one pattern / all (McEliece et al.)");
    out += &format!(
        r#"<math display="block"><mfrac><mi>d</mi><mrow><mn>2</mn>{LN_D}</mrow></mfrac><mo>=</mo><mn>{}</mn><mo>,</mo><mspace width="0.6em"/><mfrac><mi>d</mi><mrow><mn>4</mn>{LN_D}</mrow></mfrac><mo>=</mo><mn>{}</mn></math>"#,
        mark_value(exact),
        mark_value(exact / 2.0)
    );
    out += &note("dense, F(z) = zⁿ, error-free (Krotov–Hopfield)");
    for n in dense_degrees(s) {
        out += &format!(
            r#"<math display="block"><mfrac><msup><mi>d</mi><mn>{}</mn></msup><mrow><mn>2</mn><mo>·</mo><mn>{}</mn><mspace width="0.25em"/>{LN_D}</mrow></mfrac><mo>=</mo><mn>{}</mn><mspace width="0.6em"/><mtext>(n = {n})</mtext></math>"#,
            n - 1,
            double_factorial(2 * n - 3),
            mark_value(dense_capacity(d, n))
        );
    }
    out += &note("dense exp and modern: exponential in d; with ρ = flipped fraction");
    let alpha = exponential_alpha(s.flip as f64);
    out += &format!(
        r#"<math display="block"><mi>N</mi><mo>=</mo><msup><mi>e</mi><mrow><mi>α</mi><mi>d</mi></mrow></msup><mo>,</mo><mspace width="0.4em"/><mi>α</mi><mo>&lt;</mo><mfrac><mrow><mi>I</mi><mo>(</mo><mn>1</mn><mo>−</mo><mn>2</mn><mi>ρ</mi><mo>)</mo></mrow><mn>2</mn></mfrac><mo>=</mo><mn>{alpha:.3}</mn></math>"#
    );
    let k = alpha * d as f64 / std::f64::consts::LN_10;
    let n = if k < 6.0 {
        format!("<mn>{:.0}</mn>", 10f64.powf(k))
    } else {
        format!("<msup><mn>10</mn><mn>{k:.1}</mn></msup>")
    };
    out += &format!(
        r#"<math display="block"><mi>N</mi><mo>≈</mo>{n}<mspace width="0.6em"/><mtext>at d = {d}</mtext></math>"#
    );
    out += &note(
        "modern, Theorem 3 (β = 1, failure probability p = 0.001): a lower bound, not the capacity",
    );
    out += r#"<math display="block"><mi>N</mi><mo>≥</mo><msqrt><mi>p</mi></msqrt><mspace width="0.2em"/><msup><mi>c</mi><mfrac><mrow><mi>d</mi><mo>−</mo><mn>1</mn></mrow><mn>4</mn></mfrac></msup></math>"#;
    for (case_d, k, c) in THEOREM3_CASES {
        let n = theorem3_bound(case_d).unwrap_or(0.0);
        out += &format!(
            r#"<math display="block"><mtext>d = {case_d}, K = {k}:</mtext><mspace width="0.4em"/><mi>c</mi><mo>≥</mo><mn>{c}</mn><mo>,</mo><mspace width="0.4em"/><mi>N</mi><mo>≥</mo><mn>{}</mn></math>"#,
            mark_value(n)
        );
    }
    if theorem3_bound(d).is_some() {
        out += &note("this d is one of the two: the bound is marked on the plot");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_shows_the_values_at_d() {
        let s = Preset::ClassicBreaks.settings();
        let m = formulas_markup(&s);
        assert!(m.contains("Theory at d = 200"));
        assert!(m.contains("<mn>27.6</mn>"), "0.138·200");
        assert!(m.contains("(n = 3)"));
        assert_eq!(m.matches("<math").count(), m.matches("</math>").count());
        assert!(
            m.contains("Theorem 3") && m.contains("<mn>3.1546</mn>"),
            "{m}"
        );
        let mut dense = Preset::DensePoly.settings();
        dense.models = vec![ModelChoice::DensePoly4];
        assert!(formulas_markup(&dense).contains("(n = 4)"));
    }
}
