//! A MathML formula from markup (see `studio::formulas`): one `<math>` element whose inner
//! markup follows a signal, instead of a view tree per symbol.

use leptos::prelude::*;

/// A block formula showing `markup` (MathML children of `<math>`). The markup is parsed as
/// HTML, so it must be made by the app (`studio::formulas`, from numbers and enums): never pass
/// text from a link or a file.
#[component]
pub fn Formula(#[prop(into)] markup: Signal<String>) -> impl IntoView {
    view! { <math display="block" class="formula" inner_html=move || markup.get()></math> }
}
