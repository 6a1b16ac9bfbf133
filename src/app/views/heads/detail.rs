//! One head up close: its attention matrix softmax(β Q Kᵀ) with the tokens on both axes, and
//! one query row as a Hopfield retrieval — the keys are the stored patterns, the query is the
//! state, the softmax weights are bars with the k90 heaviest highlighted.

use crate::app::components::notice;
use leptos::html::Canvas;
use leptos::prelude::*;

use crate::app::canvas::{PlotCanvas, draw_with_blit};
use crate::engine::bert::forward::softmax_jacobian_frobenius;
use crate::engine::math;
use crate::plots::attention_matrix::{AttentionScene, draw_attention_matrix};
use crate::plots::weights_bar::{BarAxis, draw_marked_weights};

/// Canvas sizes (pixels).
const MATRIX_SIZE: u32 = 480;
const BARS_SIZE: (u32, u32) = (480, 260);

/// What the panel shows for the selected head at the current β.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    /// Layer and head, from 1.
    pub layer: usize,
    pub head: usize,
    /// The text's tokens.
    pub tokens: Vec<String>,
    /// T×T weights, row-major.
    pub matrix: Vec<f32>,
    /// The query row shown as a retrieval.
    pub row: usize,
    /// The β of `matrix`.
    pub beta: f32,
}

impl Detail {
    fn weights(&self) -> &[f32] {
        let t = self.tokens.len();
        self.matrix
            .get(self.row * t..(self.row + 1) * t)
            .unwrap_or(&[])
    }

    /// ‖β(diag(p) − ppᵀ)‖_F of the row: the gradient this one query passes back.
    fn jacobian(&self) -> f32 {
        softmax_jacobian_frobenius(self.beta, self.weights())
    }

    fn k90(&self) -> usize {
        math::k90(self.weights())
    }

    /// Which keys are among the k90 heaviest of the row (ties with the k90-th weight too).
    fn marked(&self) -> Vec<bool> {
        let w = self.weights();
        let sorted = math::sorted_descending(w);
        let threshold = sorted.get(self.k90().saturating_sub(1)).copied();
        w.iter().map(|&p| Some(p) >= threshold).collect()
    }
}

/// Scrolls the page to the detail once it shows the newly chosen head: at 1280×720 the grid
/// and the histogram fill the first screen, and a choice that changed nothing in sight would
/// look like no choice at all.
pub fn scroll_into_view() {
    set_timeout(
        || {
            if let Ok(Some(el)) = document().query_selector(".heads-detail") {
                el.scroll_into_view();
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The panel for `detail` (hidden when no head is selected); `query_row` is the row chooser
/// over the text's `tokens`.
#[component]
pub fn HeadDetail(
    detail: Memo<Option<Detail>>,
    tokens: Memo<Vec<String>>,
    query_row: RwSignal<usize>,
) -> impl IntoView {
    let node = NodeRef::<Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = node.get() else { return };
        let outcome = detail.with(|d| {
            let Some(d) = d else { return Ok(()) };
            let scene = AttentionScene {
                weights: &d.matrix,
                tokens: &d.tokens,
                row: Some(d.row),
            };
            draw_with_blit(&canvas, &mut |area, blit| {
                draw_attention_matrix(area, &scene, Some(blit))
            })
        });
        failure.set(outcome.err());
    });
    // The matrix's figure with its hooks as plain values: re-rendering it updates the same
    // elements in place, so the canvas (and its NodeRef) survives a change of head or β.
    let matrix = move || {
        detail.with(|d| {
            d.as_ref().map(|d| {
                let title = format!("Layer {}, head {}", d.layer, d.head);
                view! {
                    <figure
                        class="panel"
                        data-testid="heads-matrix"
                        data-layer=d.layer
                        data-head=d.head
                        data-row=d.row + 1
                        data-k90=d.k90()
                        data-jacobian=format!("{:.4}", d.jacobian())
                    >
                        <h2>{title.clone()}" — attention softmax(β Q K"<sup>"T"</sup>")"</h2>
                        <canvas
                            node_ref=node
                            width=MATRIX_SIZE
                            height=MATRIX_SIZE
                            role="img"
                            aria-label=format!("{title}: attention matrix, query tokens down, key tokens across")
                        ></canvas>
                        <figcaption>"Colour: viridis of √p (dark = 0, yellow = 1); the red outline is the query row below."</figcaption>
                    </figure>
                }
            })
        })
    };
    let row_text = move || {
        detail.with(|d| {
            d.as_ref()
                .map(|d| {
                    let token = d.tokens.get(d.row).map(String::as_str).unwrap_or("");
                    format!(
                        "query “{token}” (row {}): k90 = {} of T = {} keys carry 90 % of the weight; \
                         softmax Jacobian ‖J_s‖_F = {:.3} (bound β/2 = {:.3})",
                        d.row + 1,
                        d.k90(),
                        d.tokens.len(),
                        d.jacobian(),
                        d.beta / 2.0
                    )
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div class="heads-detail" hidden=move || detail.with(Option::is_none)>
            {matrix}
            {move || failure.get().map(notice::plot_error)}
            <figure class="panel wide" data-testid="heads-retrieval">
                <label class="control">
                    <span class="control-label">"query token (the state ξ)"</span>
                    <select
                        data-testid="heads-query"
                        on:change=move |ev| {
                            if let Ok(row) = event_target_value(&ev).parse() {
                                query_row.set(row);
                            }
                        }
                        prop:value=move || query_row.get().to_string()
                    >
                        {move || tokens.with(|t| t.iter().enumerate().map(|(i, tok)| view! {
                            <option value=i.to_string()>{format!("{}: {tok}", i + 1)}</option>
                        }).collect_view())}
                    </select>
                </label>
                <PlotCanvas
                    width=BARS_SIZE.0
                    height=BARS_SIZE.1
                    label=Signal::derive(row_text)
                    draw=move |area| detail.with(|d| match d {
                        Some(d) => {
                            let w = d.weights();
                            let top = (w.iter().copied().fold(0.0f32, f32::max) * 10.0).ceil() / 10.0;
                            let axis = BarAxis { desc: "key token j (stored pattern)", names: &d.tokens };
                            draw_marked_weights(area, w, &d.marked(), axis, top)
                        }
                        None => Ok(()),
                    })
                />
                <figcaption>{row_text}". Highlighted: those k90 keys."</figcaption>
            </figure>
        </div>
    }
}
