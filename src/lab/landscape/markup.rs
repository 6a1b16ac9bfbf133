//! Static markup for the landscape view's legends and menus: strings rather than view trees,
//! because each view tree adds compiled code to the bundle while these parts only need text.

/// The SVG of a marker: a kind ("global", "metastable", "single"), "pattern", "query" or
/// anything else for the β cursor. The shapes and colours are those of `plots::markers`.
pub fn marker_svg(shape: &str) -> &'static str {
    match shape {
        "global" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13" aria-hidden="true"><polygon points="6,0 12,6 6,12 0,6" fill="#ff7f0e" stroke="#000"/></svg>"##
        }
        "metastable" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13" aria-hidden="true"><polygon points="6,0.5 11.5,11 0.5,11" fill="#e754b2" stroke="#000"/></svg>"##
        }
        "single" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13" aria-hidden="true"><circle cx="6" cy="6" r="5" fill="#fff" stroke="#000"/></svg>"##
        }
        "pattern" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13" aria-hidden="true"><path d="M2,2 L10,10 M2,10 L10,2" stroke="#000" stroke-width="2"/></svg>"##
        }
        "query" => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13" aria-hidden="true"><rect x="1.5" y="1.5" width="9" height="9" fill="#fff" stroke="#e62828" stroke-width="2"/></svg>"##
        }
        "guide" => r##"<span class="guide" aria-hidden="true"></span>"##,
        _ => {
            r##"<svg class="marker" viewBox="-1 -1 14 14" width="13" height="13" aria-hidden="true"><path d="M6,0 L6,12" stroke="#3b528b" stroke-width="2.5"/></svg>"##
        }
    }
}

/// `text` with the characters that mean something in HTML escaped.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `<li>` items of a legend: each (marker shape, label markup).
pub fn legend_html(items: &[(&str, &str)]) -> String {
    items
        .iter()
        .map(|(shape, label)| format!("<li>{}{label}</li>", marker_svg(shape)))
        .collect()
}

/// The legend's last item: how a kind is decided (SCIENCE.md), so that "global" is read as
/// the unique near-uniform average and not as "averages more than half".
pub const KIND_RULE: &str = r#"<li class="kind-rule">single: k<sub>90</sub> = 1 · global: k<sub>90</sub> &gt; N/2, every weight ≥ 1/(2N) and the only stable point at this β · metastable: otherwise</li>"#;

/// The legend items of the three kinds of fixed point, with their counts when given, and
/// [`KIND_RULE`].
pub fn kinds_html(counts: Option<[usize; 3]>) -> String {
    let names = [
        ("global", "global fixed point"),
        ("metastable", "metastable state"),
        ("single", "single-pattern fixed point"),
    ];
    let labels: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(k, (_, name))| match counts {
            Some(c) => format!("{name} ({})", c[k]),
            None => name.to_string(),
        })
        .collect();
    let items: Vec<(&str, &str)> = names
        .iter()
        .zip(&labels)
        .map(|((shape, _), label)| (*shape, label.as_str()))
        .collect();
    legend_html(&items) + KIND_RULE
}

/// The `<option>`s of a menu: each (value, label), the one whose value is `chosen` selected.
pub fn options_html<'a>(
    options: impl IntoIterator<Item = (String, &'a str)>,
    chosen: &str,
) -> String {
    options
        .into_iter()
        .map(|(value, label)| {
            let selected = if value == chosen { " selected" } else { "" };
            format!(
                r#"<option value="{}"{selected}>{}</option>"#,
                escape(&value),
                escape(label)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menus_and_legends_are_escaped_and_marked() {
        let html = options_html([("0".to_string(), "a<b"), ("1".to_string(), "c")], "1");
        assert_eq!(
            html,
            r#"<option value="0">a&lt;b</option><option value="1" selected>c</option>"#
        );
        let legend = kinds_html(Some([1, 0, 2]));
        assert!(legend.contains("global fixed point (1)") && legend.contains("(2)"));
        assert_eq!(legend.matches("<li>").count(), 3);
        assert!(legend.contains("1/(2N) and the only stable point"));
        assert!(legend_html(&[("query", "ξ")]).contains("#e62828"));
    }
}
