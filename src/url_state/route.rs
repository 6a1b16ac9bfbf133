//! Which view the app shows, read from the `view` parameter of the page's URL
//! (`?view=landscape`). An unknown value falls back to the studio with a notice.

/// The app's top-level views.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Studio,
    Landscape,
    Capacity,
    Heads,
    Learn,
    Pooling,
}

impl View {
    /// Every view, in the order of the navigation bar.
    pub const ALL: [View; 6] = [
        View::Studio,
        View::Landscape,
        View::Capacity,
        View::Heads,
        View::Learn,
        View::Pooling,
    ];

    /// The value of `?view=` for this view.
    pub fn slug(self) -> &'static str {
        match self {
            View::Studio => "studio",
            View::Landscape => "landscape",
            View::Capacity => "capacity",
            View::Heads => "heads",
            View::Learn => "learn",
            View::Pooling => "pooling",
        }
    }

    /// The name shown in the navigation bar.
    pub fn title(self) -> &'static str {
        match self {
            View::Studio => "Retrieval studio",
            View::Landscape => "Energy landscape",
            View::Capacity => "Capacity lab",
            View::Heads => "Transformer heads",
            View::Learn => "Learning",
            View::Pooling => "Hopfield pooling",
        }
    }

    /// The navigation bar's short label (seven links and the header's buttons fit one line
    /// at 1280 px; the full [`View::title`] is the link's tooltip).
    pub fn label(self) -> &'static str {
        match self {
            View::Studio => "Studio",
            View::Landscape => "Landscape",
            View::Capacity => "Capacity",
            View::Heads => "Heads",
            View::Learn => "Learning",
            View::Pooling => "Pooling",
        }
    }

    /// Parses a `?view=` value; `None` for an unknown one.
    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == slug)
    }
}

/// The view named by a query string such as `?view=capacity&beta=2`, and a notice when the
/// `view` parameter names no view (the default view is used then).
pub fn view_from_query(query: &str) -> (View, Option<String>) {
    let value = query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "view")
        .map(|(_, value)| value);
    match value {
        None => (View::Studio, None),
        Some(slug) => match View::from_slug(slug) {
            Some(view) => (view, None),
            None => (
                View::Studio,
                Some(format!(
                    "The link's view parameter names no view, so the studio is shown (views: {}).",
                    View::ALL.map(View::slug).join(", ")
                )),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_view_parameter() {
        assert_eq!(view_from_query(""), (View::Studio, None));
        assert_eq!(view_from_query("?view=capacity&x=1").0, View::Capacity);
        assert_eq!(view_from_query("?a=b&view=landscape").0, View::Landscape);
        assert_eq!(view_from_query("?view=heads"), (View::Heads, None));
        let (view, notice) = view_from_query("?view=%3Cscript%3E");
        assert_eq!(view, View::Studio);
        assert!(notice.unwrap().contains("view parameter"));
    }

    #[test]
    fn every_view_round_trips_through_its_slug() {
        for view in View::ALL {
            assert_eq!(View::from_slug(view.slug()), Some(view));
        }
    }
}
