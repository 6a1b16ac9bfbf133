//! The formulas beside the landscape, in MathML. They are static markup (set as inner HTML
//! rather than built as a view tree) to keep the bundle small.

use leptos::prelude::*;

/// E(ξ) and lse(β, z).
const ENERGY: &str = r#"<math display="block" aria-label="E of xi equals minus lse of beta and X transpose xi, plus one half xi transpose xi, plus beta inverse log N, plus one half M squared"><mtable columnalign="left"><mtr><mtd><mi>E</mi><mo>(</mo><mi>ξ</mi><mo>)</mo><mo>=</mo><mo>−</mo><mi>lse</mi><mo>(</mo><mi>β</mi><mo>,</mo><msup><mi>X</mi><mi>T</mi></msup><mi>ξ</mi><mo>)</mo><mo>+</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><msup><mi>ξ</mi><mi>T</mi></msup><mi>ξ</mi></mtd></mtr><mtr><mtd><mspace width="2em"></mspace><mo>+</mo><msup><mi>β</mi><mrow><mo>−</mo><mn>1</mn></mrow></msup><mi>ln</mi><mi>N</mi><mo>+</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><msup><mi>M</mi><mn>2</mn></msup></mtd></mtr></mtable></math><math display="block" aria-label="lse of beta and z equals beta inverse log of the sum over i of exp of beta z i"><mi>lse</mi><mo>(</mo><mi>β</mi><mo>,</mo><mi>z</mi><mo>)</mo><mo>=</mo><msup><mi>β</mi><mrow><mo>−</mo><mn>1</mn></mrow></msup><mi>ln</mi><munder><mo>∑</mo><mi>i</mi></munder><mi>exp</mi><mo>(</mo><mi>β</mi><msub><mi>z</mi><mi>i</mi></msub><mo>)</mo></math>"#;

/// The separation Δᵢ.
const SEPARATION: &str = r#"<math display="block" aria-label="Delta i equals x i transpose x i minus the maximum over j not i of x i transpose x j"><msub><mi>Δ</mi><mi>i</mi></msub><mo>=</mo><msubsup><mi>x</mi><mi>i</mi><mi>T</mi></msubsup><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><munder><mi>max</mi><mrow><mi>j</mi><mo>≠</mo><mi>i</mi></mrow></munder><msubsup><mi>x</mi><mi>i</mi><mi>T</mi></msubsup><msub><mi>x</mi><mi>j</mi></msub></math>"#;

/// The update and k₉₀.
const UPDATE: &str = r#"<math display="block" aria-label="xi new equals X softmax of beta X transpose xi"><msup><mi>ξ</mi><mi>new</mi></msup><mo>=</mo><mi>X</mi><mi>softmax</mi><mo>(</mo><mi>β</mi><msup><mi>X</mi><mi>T</mi></msup><mi>ξ</mi><mo>)</mo></math><math display="block" aria-label="k 90 is the least number of largest weights whose sum reaches 0.9"><msub><mi>k</mi><mn>90</mn></msub><mo>=</mo><mi>min</mi><mo>{</mo><mi>k</mi><mo>:</mo><msub><mi>p</mi><mrow><mo>(</mo><mn>1</mn><mo>)</mo></mrow></msub><mo>+</mo><mo>…</mo><mo>+</mo><msub><mi>p</mi><mrow><mo>(</mo><mi>k</mi><mo>)</mo></mrow></msub><mo>≥</mo><mn>0.9</mn><mo>}</mo></math>"#;

/// Theorem 5's bound on the error after one update.
const THEOREM5: &str = r#"<math display="block" aria-label="the norm of f of xi minus x i is at most 2 times N minus 1 times M times exp of minus beta times Delta i minus 2 M r, where r is the larger of the norms of xi minus x i and x i star minus x i"><mtable columnalign="left"><mtr><mtd><mo>‖</mo><mi>f</mi><mo>(</mo><mi>ξ</mi><mo>)</mo><mo>−</mo><msub><mi>x</mi><mi>i</mi></msub><mo>‖</mo><mo>≤</mo><mn>2</mn><mo>(</mo><mi>N</mi><mo>−</mo><mn>1</mn><mo>)</mo><mi>M</mi><msup><mi>e</mi><mrow><mo>−</mo><mi>β</mi><mo>(</mo><msub><mi>Δ</mi><mi>i</mi></msub><mo>−</mo><mn>2</mn><mi>M</mi><mi>r</mi><mo>)</mo></mrow></msup></mtd></mtr><mtr><mtd><mi>r</mi><mo>=</mo><mi>max</mi><mo>{</mo><mo>‖</mo><mi>ξ</mi><mo>−</mo><msub><mi>x</mi><mi>i</mi></msub><mo>‖</mo><mo>,</mo><mo>‖</mo><msubsup><mi>x</mi><mi>i</mi><mo>*</mo></msubsup><mo>−</mo><msub><mi>x</mi><mi>i</mi></msub><mo>‖</mo><mo>}</mo></mtd></mtr></mtable></math>"#;

/// The update's and the softmax's Jacobians, and Lemma A24's bound.
const JACOBIAN: &str = r#"<math display="block" aria-label="J equals beta X times diag p minus p p transpose times X transpose; J s equals beta times diag p minus p p transpose, whose norm is at most 2 m beta, at most beta over 2"><mi>J</mi><mo>=</mo><mi>β</mi><mi>X</mi><mo>(</mo><mi>diag</mi><mo>(</mo><mi>p</mi><mo>)</mo><mo>−</mo><mi>p</mi><msup><mi>p</mi><mi>T</mi></msup><mo>)</mo><msup><mi>X</mi><mi>T</mi></msup><mo>,</mo><mspace width="0.5em"></mspace><mo>‖</mo><msub><mi>J</mi><mi>s</mi></msub><msub><mo>‖</mo><mn>2</mn></msub><mo>≤</mo><mn>2</mn><mi>m</mi><mi>β</mi><mo>≤</mo><mfrac><mi>β</mi><mn>2</mn></mfrac></math>"#;

/// Which formula to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// E(ξ) and lse.
    Energy,
    /// Δᵢ.
    Separation,
    /// The update and k₉₀.
    Update,
    /// Theorem 5's bound.
    Theorem5,
    /// The Jacobians and Lemma A24.
    Jacobian,
}

/// `which` formula as MathML.
pub fn formula(which: Formula) -> impl IntoView {
    let markup = match which {
        Formula::Energy => ENERGY,
        Formula::Separation => SEPARATION,
        Formula::Update => UPDATE,
        Formula::Theorem5 => THEOREM5,
        Formula::Jacobian => JACOBIAN,
    };
    view! { <div class="formula" inner_html=markup></div> }
}
