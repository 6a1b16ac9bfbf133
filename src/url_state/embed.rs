//! `?embed=<panel>`: one panel of the app alone, without the header, for an `<iframe>` in a
//! documentation page. Pure parsing and link rewriting, tested natively; an unknown panel
//! leaves the normal app with a notice naming the parameter.

use super::query::Query;
use super::route::View;

/// The panels that can be embedded on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// The studio's three retrieval panels with their timeline.
    Retrieval,
    /// The landscape view's energy heat map.
    Landscape,
    /// The landscape view's bifurcation diagram.
    Bifurcation,
    /// The capacity lab's plot.
    Capacity,
    /// The studio's softmax weights over the stored patterns (the attention weights).
    Attention,
}

impl Panel {
    /// Every panel, in the order the embed dialog lists them.
    pub const ALL: [Panel; 5] = [
        Panel::Retrieval,
        Panel::Attention,
        Panel::Landscape,
        Panel::Bifurcation,
        Panel::Capacity,
    ];

    /// The value of `?embed=`, also the `data-panel` marker of the panel's container.
    pub fn slug(self) -> &'static str {
        match self {
            Panel::Retrieval => "retrieval",
            Panel::Landscape => "landscape",
            Panel::Bifurcation => "bifurcation",
            Panel::Capacity => "capacity",
            Panel::Attention => "attention",
        }
    }

    /// The view that renders the panel.
    pub fn view(self) -> View {
        match self {
            Panel::Retrieval | Panel::Attention => View::Studio,
            Panel::Landscape | Panel::Bifurcation => View::Landscape,
            Panel::Capacity => View::Capacity,
        }
    }

    /// A name for the iframe's title.
    pub fn title(self) -> &'static str {
        match self {
            Panel::Retrieval => "retrieval by three Hopfield networks",
            Panel::Landscape => "energy landscape",
            Panel::Bifurcation => "bifurcation diagram over β",
            Panel::Capacity => "capacity experiment",
            Panel::Attention => "attention weights of the modern network",
        }
    }

    /// A height in CSS pixels that shows the panel without scrolling at about 600 px wide.
    pub fn height(self) -> u32 {
        match self {
            Panel::Retrieval => 620,
            Panel::Landscape => 460,
            Panel::Bifurcation => 380,
            Panel::Capacity => 480,
            Panel::Attention => 220,
        }
    }

    /// The panels `view` renders (none for the heads view).
    pub fn of_view(view: View) -> impl Iterator<Item = Panel> {
        Panel::ALL.into_iter().filter(move |p| p.view() == view)
    }

    fn from_slug(slug: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.slug() == slug)
    }
}

/// The panel named by `?embed=`, and a notice when the value names no panel.
pub fn embed_from_query(query: &Query) -> (Option<Panel>, Option<String>) {
    match query.get("embed") {
        None => (None, None),
        Some(slug) => match Panel::from_slug(slug.trim()) {
            Some(panel) => (Some(panel), None),
            None => (
                None,
                Some(format!(
                    "The link's embed parameter names no panel, so the whole app is shown (panels: {}).",
                    Panel::ALL.map(Panel::slug).join(", ")
                )),
            ),
        },
    }
}

/// `href` with its `embed` parameter replaced by `panel` (or removed for `None`), every other
/// part of the address kept as it was: the "open in Hopfield Lab" link and the embed snippet.
pub fn with_embed(href: &str, panel: Option<Panel>) -> String {
    let (rest, fragment) = href
        .split_once('#')
        .map_or((href, None), |(r, f)| (r, Some(f)));
    let (base, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut pieces: Vec<String> = query
        .split('&')
        .filter(|piece| !piece.is_empty() && piece.split('=').next() != Some("embed"))
        .map(str::to_string)
        .collect();
    if let Some(panel) = panel {
        pieces.push(format!("embed={}", panel.slug()));
    }
    let mut out = base.to_string();
    if !pieces.is_empty() {
        out.push('?');
        out.push_str(&pieces.join("&"));
    }
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The HTML to paste into a page: an iframe showing `panel` of the app at `href` (the whole
/// app for `None`), full width, with a title for screen readers.
pub fn iframe_snippet(href: &str, panel: Option<Panel>) -> String {
    let src = with_embed(href, panel)
        .replace('&', "&amp;")
        .replace('"', "&quot;");
    let (title, height) = panel.map_or(("Hopfield Lab".to_string(), 720), |p| {
        (format!("Hopfield Lab: {}", p.title()), p.height())
    });
    format!(
        "<iframe src=\"{src}\" title=\"{title}\" width=\"100%\" height=\"{height}\" \
         style=\"border: 0; max-width: 100%\" loading=\"lazy\" allowfullscreen></iframe>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_embed_parameter() {
        let q = Query::parse("?view=landscape&embed=bifurcation");
        assert_eq!(embed_from_query(&q), (Some(Panel::Bifurcation), None));
        assert_eq!(
            embed_from_query(&Query::parse("?view=studio")),
            (None, None)
        );
        let (panel, notice) = embed_from_query(&Query::parse("?embed=%3Cb%3E"));
        assert_eq!(panel, None);
        assert!(notice.unwrap().contains("embed parameter"));
    }

    #[test]
    fn every_panel_round_trips_and_belongs_to_one_view() {
        for panel in Panel::ALL {
            assert_eq!(Panel::from_slug(panel.slug()), Some(panel));
            assert!(Panel::of_view(panel.view()).any(|p| p == panel));
        }
        assert_eq!(Panel::of_view(View::Heads).count(), 0);
        assert_eq!(Panel::of_view(View::Studio).count(), 2);
    }

    #[test]
    fn rewrites_only_the_embed_parameter() {
        let href = "https://x.org/demos/hopfield/?view=landscape&beta=2.5&embed=landscape#top";
        assert_eq!(
            with_embed(href, None),
            "https://x.org/demos/hopfield/?view=landscape&beta=2.5#top"
        );
        assert_eq!(
            with_embed("https://x.org/app/", Some(Panel::Capacity)),
            "https://x.org/app/?embed=capacity"
        );
        assert_eq!(
            with_embed("/a/?embed=x&embedded=1", Some(Panel::Retrieval)),
            "/a/?embedded=1&embed=retrieval"
        );
        assert_eq!(with_embed("/a/?embed=capacity", None), "/a/");
    }

    #[test]
    fn the_snippet_is_an_escaped_iframe() {
        let s = iframe_snippet(
            "https://x.org/h/?view=studio&seed=3",
            Some(Panel::Attention),
        );
        assert!(s.starts_with(
            "<iframe src=\"https://x.org/h/?view=studio&amp;seed=3&amp;embed=attention\""
        ));
        assert!(s.contains("title=\"Hopfield Lab: attention weights"));
        assert!(s.contains("height=\"220\"") && s.ends_with("allowfullscreen></iframe>"));
        let whole = iframe_snippet("https://x.org/h/?\"q", None);
        assert!(whole.contains("?&quot;q\"") && whole.contains("title=\"Hopfield Lab\""));
    }
}
