//! The studio's formulas as MathML markup, with the current values filled in. The panels set
//! them as the inner markup of one `<math>` element each — one string instead of a view tree
//! per symbol keeps the wasm bundle small.

use super::dense_form::DenseKind;

fn sup(base: &str, exponent: &str) -> String {
    format!("<msup>{base}<mn>{exponent}</mn></msup>")
}

/// The classical energy with the Hebbian weights over d = `dim` pixels.
pub fn classic_energy(dim: usize) -> String {
    format!(
        "<mi>E</mi><mo>=</mo><mo>−</mo><mfrac><mn>1</mn><mn>2</mn></mfrac>\
         <msup><mi>s</mi><mi>T</mi></msup><mi>W</mi><mi>s</mi><mo>,</mo><mspace width=\"0.4em\"/>\
         <mi>W</mi><mo>=</mo><mfrac><mn>1</mn><mn>{dim}</mn></mfrac>\
         <munder><mo>∑</mo><mi>μ</mi></munder><msub><mi>x</mi><mi>μ</mi></msub>\
         <msubsup><mi>x</mi><mi>μ</mi><mi>T</mi></msubsup>"
    )
}

/// The classical asynchronous update (sgn(0) keeps s_i).
pub const CLASSIC_UPDATE: &str = "<msub><mi>s</mi><mi>i</mi></msub><mo>←</mo><mi>sgn</mi><mo>(</mo>\
     <msub><mo>∑</mo><mrow><mi>j</mi><mo>≠</mo><mi>i</mi></mrow></msub>\
     <msub><mi>W</mi><mi>ij</mi></msub><msub><mi>s</mi><mi>j</mi></msub><mo>)</mo>";

/// The dense energy with F(z) of `kind` at degree `degree` or β written as `beta`.
pub fn dense(kind: DenseKind, degree: u32, beta: &str) -> String {
    let n = degree.to_string();
    let f = match kind {
        DenseKind::Polynomial => sup("<mi>z</mi>", &n),
        DenseKind::Rectified => sup(
            "<mrow><mi>max</mi><mo>(</mo><mi>z</mi><mo>,</mo><mn>0</mn><mo>)</mo></mrow>",
            &n,
        ),
        DenseKind::Exponential => {
            format!("<mi>exp</mi><mo>(</mo><mn>{beta}</mn><mo>⁢</mo><mi>z</mi><mo>)</mo>")
        }
    };
    format!(
        "<mi>E</mi><mo>=</mo><mo>−</mo><munder><mo>∑</mo><mi>μ</mi></munder>\
         <mi>F</mi><mo>(</mo><msubsup><mi>x</mi><mi>μ</mi><mi>T</mi></msubsup><mi>s</mi><mo>)</mo>\
         <mo>,</mo><mspace width=\"0.4em\"/><mi>F</mi><mo>(</mo><mi>z</mi><mo>)</mo><mo>=</mo>{f}"
    )
}

/// The modern update at β written as `beta`.
pub fn modern(beta: &str) -> String {
    format!(
        "<mi>ξ</mi><mo>←</mo><mi>X</mi><mi>softmax</mi><mo>(</mo><mn>{beta}</mn><mo>⁢</mo>\
         <msup><mi>X</mi><mi>T</mi></msup><mi>ξ</mi><mo>)</mo>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every opening tag has its closing tag (the markup is well nested enough to parse).
    fn balanced(markup: &str) -> bool {
        [
            "mi", "mo", "mn", "msup", "msub", "mfrac", "mrow", "munder", "msubsup",
        ]
        .iter()
        .all(|t| {
            markup.matches(&format!("<{t}>")).count() == markup.matches(&format!("</{t}>")).count()
        })
    }

    #[test]
    fn the_current_values_are_filled_in() {
        let c = classic_energy(4096);
        assert!(c.contains("<mn>4096</mn>") && balanced(&c), "{c}");
        assert!(balanced(CLASSIC_UPDATE));
        let p = dense(DenseKind::Polynomial, 5, "1.00");
        assert!(p.contains("<mi>z</mi><mn>5</mn>") && balanced(&p), "{p}");
        let r = dense(DenseKind::Rectified, 3, "1.00");
        assert!(r.contains("max") && balanced(&r), "{r}");
        let e = dense(DenseKind::Exponential, 3, "0.0100");
        assert!(
            e.contains("<mn>0.0100</mn>") && !e.contains("<mn>3</mn>") && balanced(&e),
            "{e}"
        );
        let m = modern("0.100");
        assert!(m.contains("<mn>0.100</mn>") && balanced(&m), "{m}");
    }
}
