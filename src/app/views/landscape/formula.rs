//! The formulas beside the landscape, in MathML. They are static markup (set as inner HTML
//! rather than built as a view tree) to keep the bundle small.

use leptos::prelude::*;

/// E(ξ) and lse(β, z).
const ENERGY: &str = r#"<math display="block" aria-label="E of xi equals minus lse of beta and X transpose xi, plus one half xi transpose xi, plus beta inverse log N, plus one half M squared"><mtable columnalign="left"><mtr><mtd><mi>E</mi><mo>(</mo><mi>ξ</mi><mo>)</mo><mo>=</mo><mo>−</mo><mi>lse</mi><mo>(</mo><mi>β</mi><mo>,</mo><msup><mi>X</mi><mi>T</mi></msup><mi>ξ</mi><mo>)</mo><mo>+</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><msup><mi>ξ</mi><mi>T</mi></msup><mi>ξ</mi></mtd></mtr><mtr><mtd><mspace width="2em"></mspace><mo>+</mo><msup><mi>β</mi><mrow><mo>−</mo><mn>1</mn></mrow></msup><mi>ln</mi><mi>N</mi><mo>+</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><msup><mi>M</mi><mn>2</mn></msup></mtd></mtr></mtable></math><math display="block" aria-label="lse of beta and z equals beta inverse log of the sum over i of exp of beta z i"><mi>lse</mi><mo>(</mo><mi>β</mi><mo>,</mo><mi>z</mi><mo>)</mo><mo>=</mo><msup><mi>β</mi><mrow><mo>−</mo><mn>1</mn></mrow></msup><mi>ln</mi><munder><mo>∑</mo><mi>i</mi></munder><mi>exp</mi><mo>(</mo><mi>β</mi><msub><mi>z</mi><mi>i</mi></msub><mo>)</mo></math>"#;

/// The separation Δᵢ.
const SEPARATION: &str = r#"<math display="block" aria-label="Delta i equals x i transpose x i minus the maximum over j not i of x i transpose x j"><msub><mi>Δ</mi><mi>i</mi></msub><mo>=</mo><msubsup><mi>x</mi><mi>i</mi><mi>T</mi></msubsup><msub><mi>x</mi><mi>i</mi></msub><mo>−</mo><munder><mi>max</mi><mrow><mi>j</mi><mo>≠</mo><mi>i</mi></mrow></munder><msubsup><mi>x</mi><mi>i</mi><mi>T</mi></msubsup><msub><mi>x</mi><mi>j</mi></msub></math>"#;

/// The update and k₉₀.
const UPDATE: &str = r#"<math display="block" aria-label="xi new equals X softmax of beta X transpose xi"><msup><mi>ξ</mi><mi>new</mi></msup><mo>=</mo><mi>X</mi><mi>softmax</mi><mo>(</mo><mi>β</mi><msup><mi>X</mi><mi>T</mi></msup><mi>ξ</mi><mo>)</mo></math><math display="block" aria-label="k 90 is the least number of largest weights whose sum reaches 0.9"><msub><mi>k</mi><mn>90</mn></msub><mo>=</mo><mi>min</mi><mo>{</mo><mi>k</mi><mo>:</mo><msub><mi>p</mi><mrow><mo>(</mo><mn>1</mn><mo>)</mo></mrow></msub><mo>+</mo><mo>…</mo><mo>+</mo><msub><mi>p</mi><mrow><mo>(</mo><mi>k</mi><mo>)</mo></mrow></msub><mo>≥</mo><mn>0.9</mn><mo>}</mo></math>"#;

/// Which formula to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// E(ξ) and lse.
    Energy,
    /// Δᵢ.
    Separation,
    /// The update and k₉₀.
    Update,
}

/// `which` formula as MathML.
pub fn formula(which: Formula) -> impl IntoView {
    let markup = match which {
        Formula::Energy => ENERGY,
        Formula::Separation => SEPARATION,
        Formula::Update => UPDATE,
    };
    view! { <div class="formula" inner_html=markup></div> }
}
