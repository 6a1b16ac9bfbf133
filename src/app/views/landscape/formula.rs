//! The formulas beside the landscape, in MathML: the energy and lse.

use leptos::prelude::*;

/// E(ξ) and lse(β, z) as MathML.
#[component]
pub fn EnergyFormula() -> impl IntoView {
    view! {
        <math display="block" aria-label="E of xi equals minus lse of beta and X transpose xi, plus one half xi transpose xi, plus beta inverse log N, plus one half M squared">
            <mtable columnalign="left">
                <mtr><mtd>
                    <mi>"E"</mi><mo>"("</mo><mi>"ξ"</mi><mo>")"</mo><mo>"="</mo>
                    <mo>"−"</mo><mi>"lse"</mi><mo>"("</mo><mi>"β"</mi><mo>","</mo>
                    <msup><mi>"X"</mi><mi>"T"</mi></msup><mi>"ξ"</mi><mo>")"</mo>
                    <mo>"+"</mo><mfrac><mn>"1"</mn><mn>"2"</mn></mfrac>
                    <msup><mi>"ξ"</mi><mi>"T"</mi></msup><mi>"ξ"</mi>
                </mtd></mtr>
                <mtr><mtd>
                    <mspace width="2em"></mspace>
                    <mo>"+"</mo><msup><mi>"β"</mi><mrow><mo>"−"</mo><mn>"1"</mn></mrow></msup>
                    <mi>"ln"</mi><mi>"N"</mi>
                    <mo>"+"</mo><mfrac><mn>"1"</mn><mn>"2"</mn></mfrac><msup><mi>"M"</mi><mn>"2"</mn></msup>
                </mtd></mtr>
            </mtable>
        </math>
        <math display="block" aria-label="lse of beta and z equals beta inverse log of the sum over i of exp of beta z i">
            <mi>"lse"</mi><mo>"("</mo><mi>"β"</mi><mo>","</mo><mi>"z"</mi><mo>")"</mo><mo>"="</mo>
            <msup><mi>"β"</mi><mrow><mo>"−"</mo><mn>"1"</mn></mrow></msup>
            <mi>"ln"</mi><munder><mo>"∑"</mo><mi>"i"</mi></munder>
            <mi>"exp"</mi><mo>"("</mo><mi>"β"</mi><msub><mi>"z"</mi><mi>"i"</mi></msub><mo>")"</mo>
        </math>
    }
}

/// The update and k₉₀ as MathML (for the high-dimensional section).
#[component]
pub fn UpdateFormula() -> impl IntoView {
    view! {
        <math display="block" aria-label="xi new equals X softmax of beta X transpose xi">
            <msup><mi>"ξ"</mi><mi>"new"</mi></msup><mo>"="</mo><mi>"X"</mi>
            <mi>"softmax"</mi><mo>"("</mo><mi>"β"</mi><msup><mi>"X"</mi><mi>"T"</mi></msup>
            <mi>"ξ"</mi><mo>")"</mo>
        </math>
    }
}

/// The separation Δᵢ as MathML.
#[component]
pub fn SeparationFormula() -> impl IntoView {
    view! {
        <math display="block" aria-label="Delta i equals x i transpose x i minus the maximum over j not i of x i transpose x j">
            <msub><mi>"Δ"</mi><mi>"i"</mi></msub><mo>"="</mo>
            <msubsup><mi>"x"</mi><mi>"i"</mi><mi>"T"</mi></msubsup><msub><mi>"x"</mi><mi>"i"</mi></msub>
            <mo>"−"</mo><munder><mi>"max"</mi><mrow><mi>"j"</mi><mo>"≠"</mo><mi>"i"</mi></mrow></munder>
            <msubsup><mi>"x"</mi><mi>"i"</mi><mi>"T"</mi></msubsup><msub><mi>"x"</mi><mi>"j"</mi></msub>
        </math>
    }
}
