//! The 1-D slice of the 2-D section: E along the line through two chosen patterns, with the
//! fixed points on it; it follows β and every edit of the points.

use leptos::prelude::*;

use super::points_view::Points;
use crate::app::canvas::PlotCanvas;
use crate::app::components::beta_slider::format_beta;
use crate::lab::landscape::markup::{kinds_html, legend_html, options_html};
use crate::lab::landscape::segment::{SegmentSlice, segment_slice};
use crate::plots::segment::{SegmentScene, draw_segment};

/// Samples along the slice.
const SAMPLES: usize = 241;
/// Canvas size (pixels).
const SIZE: (u32, u32) = (480, 260);

/// "x₁", "x₂", … for pattern index `i`.
pub fn pattern_name(i: usize) -> String {
    const DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    let sub: String = (i + 1)
        .to_string()
        .chars()
        .map(|c| DIGITS[c.to_digit(10).unwrap_or(0) as usize])
        .collect();
    format!("x{sub}")
}

/// The slice's figure with its two pattern menus.
#[component]
pub fn SliceFigure(p: Points) -> impl IntoView {
    let settings = p.state.settings;
    let beta = p.state.beta;
    let pair = Memo::new(move |_| settings.with(|s| s.segment_valid().then_some(s.segment)));
    let slice = Memo::new(move |_| -> Result<SegmentSlice, String> {
        let (a, b) = pair
            .get()
            .ok_or_else(|| "choose two different patterns for the slice".to_string())?;
        let b_val = beta.get();
        p.analysis.with(|an| {
            let an = an.as_ref().map_err(|e| e.clone())?;
            let net = an.net(b_val)?;
            let (xa, xb) = (an.patterns.get(a), an.patterns.get(b));
            let (xa, xb) = (
                xa.map_err(|e| e.to_string())?,
                xb.map_err(|e| e.to_string())?,
            );
            segment_slice(&net, &an.fixed, xa, xb, SAMPLES).map_err(|e| e.to_string())
        })
    });
    let on_pick = move |which: usize| {
        move |ev: web_sys::Event| {
            if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                settings.update(|s| {
                    if which == 0 {
                        s.segment.0 = i;
                    } else {
                        s.segment.1 = i;
                    }
                });
            }
        }
    };
    let menu = move |which: usize| {
        view! {
            <select
                data-testid=format!("slice-{}", if which == 0 { "a" } else { "b" })
                aria-label=if which == 0 { "first pattern of the slice" } else { "second pattern of the slice" }
                on:change=on_pick(which)
                inner_html=move || {
                    let (n, chosen) = settings.with(|s| {
                        (s.points.len(), if which == 0 { s.segment.0 } else { s.segment.1 })
                    });
                    let names: Vec<String> = (0..n).map(pattern_name).collect();
                    options_html(
                        names.iter().enumerate().map(|(i, name)| (i.to_string(), name.as_str())),
                        &chosen.to_string(),
                    )
                }
            ></select>
        }
    };
    view! {
        <figure
            class="panel slice-figure"
            data-testid="landscape-slice"
            data-fixed=move || slice.with(|s| s.as_ref().map(|s| s.fixed.len()).unwrap_or(0))
        >
            <div class="slice-controls">
                <label>"from " {menu(0)}</label>
                <label>" to " {menu(1)}</label>
            </div>
            <PlotCanvas
                width=SIZE.0
                height=SIZE.1
                label=Signal::derive(move || {
                    let (a, b) = pair.get().unwrap_or((0, 1));
                    format!(
                        "Energy along the line from {} to {} at β = {}, with {} fixed points on it",
                        pattern_name(a),
                        pattern_name(b),
                        format_beta(beta.get()),
                        slice.with(|s| s.as_ref().map(|s| s.fixed.len()).unwrap_or(0))
                    )
                })
                draw=move |area| {
                    let (a, b) = pair.get().unwrap_or((0, 1));
                    let names = [pattern_name(a), pattern_name(b)];
                    slice.with(|s| match s {
                        Ok(s) => draw_segment(area, &SegmentScene {
                            t: &s.t,
                            energy: &s.energy,
                            ends: s.ends,
                            end_labels: [&names[0], &names[1]],
                            fixed: &s.fixed,
                        }),
                        Err(msg) => Err(crate::plots::PlotError(msg.clone())),
                    })
                }
            />
            <figcaption>
                <ul class="legend" aria-label="legend"
                    inner_html=kinds_html(None) + &legend_html(&[("pattern", "the two patterns")])
                ></ul>
                {move || slice.with(|s| s.as_ref().ok().map(|s| format!(
                    "E(ξ) along the line through the two patterns (‖{} − {}‖ = {:.2}), a quarter of that beyond each.",
                    pattern_name(pair.get().unwrap_or((0, 1)).1),
                    pattern_name(pair.get().unwrap_or((0, 1)).0),
                    s.length
                )))}
            </figcaption>
        </figure>
    }
}
