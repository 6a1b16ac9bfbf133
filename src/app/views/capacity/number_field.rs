//! One number of the experiment's form.

use leptos::prelude::*;

use crate::lab::capacity::{CapacitySettings, Field};

/// A labelled number input bound to one field of the settings; out-of-range input is clamped
/// and a message naming the field appears under it.
#[component]
pub(super) fn NumberField(
    field: Field,
    settings: RwSignal<CapacitySettings>,
    notes: RwSignal<Vec<(Field, String)>>,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let (lo, hi) = field.range();
    let id = format!("capacity-{}", field.slug());
    let note_id = format!("{id}-note");
    let on_change = move |ev| {
        let raw = event_target_value(&ev);
        let mut message = None;
        settings.update(|s| message = field.apply(s, &raw));
        notes.update(|n| {
            n.retain(|(f, _)| *f != field);
            n.extend(message.map(|m| (field, m)));
        });
    };
    view! {
        <label class="cap-field" class:disabled=move || disabled.get()>
            <span class="control-label">{field.name()}</span>
            <input
                type="number"
                id=id.clone()
                data-testid=id
                min=lo
                max=hi
                step=field.input_step()
                inputmode=if field.integer() { "numeric" } else { "decimal" }
                prop:value=move || settings.with(|s| field.show(s))
                prop:disabled=move || disabled.get()
                aria-describedby=note_id.clone()
                on:change=on_change
            />
        </label>
        <p class="field-note" id=note_id role="status">
            {move || notes.with(|n| n.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))}
        </p>
    }
}
