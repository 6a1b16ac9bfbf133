//! The landscape view's state as plain data (so that it can be saved, restored and tested
//! without a browser) and the editing of the 2-D points: drag, add, remove, type coordinates.
//! Every edit keeps the set valid: 1 to [`MAX_POINTS`] points, coordinates within
//! ±[`COORD_LIMIT`], and a view that shows every point.

use crate::engine::PatternSet;
use crate::engine::landscape::{Preset, view_ranges};

use super::high_dim::HighDimSettings;

/// Most points the user can place (the 2-D analysis stays well under a frame with 16).
pub const MAX_POINTS: usize = 16;
/// Largest |coordinate| of a point.
pub const COORD_LIMIT: f32 = 20.0;
/// A pointer within this many pixels of a point grabs it.
pub const GRAB_RADIUS: f64 = 10.0;
/// After an edit the view is refitted when a point is closer to its edge than this fraction.
const EDGE: f32 = 0.08;

/// What a click on the landscape does (a press on a point always drags it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointerMode {
    /// Drop a query ξ and show its way down.
    Query,
    /// Add a stored pattern at the pointer (also shift-click in the other modes).
    Add,
    /// Remove the stored pattern under the pointer.
    Remove,
}

impl PointerMode {
    /// Every mode, in the order of the radio buttons.
    pub const ALL: [PointerMode; 3] = [PointerMode::Query, PointerMode::Add, PointerMode::Remove];

    /// The value of the mode's radio button.
    pub fn slug(self) -> &'static str {
        match self {
            PointerMode::Query => "query",
            PointerMode::Add => "add",
            PointerMode::Remove => "remove",
        }
    }

    /// The radio button's label.
    pub fn title(self) -> &'static str {
        match self {
            PointerMode::Query => "drop a query",
            PointerMode::Add => "add a point",
            PointerMode::Remove => "remove a point",
        }
    }
}

/// Which part of the view is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubView {
    /// Patterns are points in the plane.
    Points,
    /// A plane through a high-dimensional set (images, random vectors).
    HighDim,
    /// The same set's theory figures (Theorem 5, convergence, the Jacobians).
    Theory,
}

/// Everything the landscape view shows is a function of these settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The shown part.
    pub sub_view: SubView,
    /// The preset the points came from (edits keep it as a label only).
    pub preset: Preset,
    /// The stored patterns of the 2-D landscape.
    pub points: Vec<[f32; 2]>,
    /// The shown rectangle ((x_min, x_max), (y_min, y_max)).
    pub view: ((f32, f32), (f32, f32)),
    /// β of the 2-D landscape.
    pub beta: f32,
    /// What a click does.
    pub mode: PointerMode,
    /// Whether the basin boundaries are drawn.
    pub show_basins: bool,
    /// The dropped query, if any.
    pub query: Option<[f32; 2]>,
    /// The two patterns (indices) of the 1-D slice.
    pub segment: (usize, usize),
    /// The high-dimensional section.
    pub high_dim: HighDimSettings,
}

impl Default for Settings {
    fn default() -> Self {
        let mut s = Self {
            sub_view: SubView::Points,
            preset: Preset::TwoCloseOneFar,
            points: Vec::new(),
            view: ((-1.0, 1.0), (-1.0, 1.0)),
            beta: 1.0,
            mode: PointerMode::Query,
            show_basins: false,
            query: None,
            segment: (0, 1),
            high_dim: HighDimSettings::default(),
        };
        s.select_preset(Preset::TwoCloseOneFar);
        s
    }
}

impl Settings {
    /// Loads the points of `preset`, fits the view to them and forgets the query.
    pub fn select_preset(&mut self, preset: Preset) {
        self.preset = preset;
        self.points = preset.points();
        self.query = None;
        self.segment = (0, 1);
        self.fit_view();
    }

    /// The points as a pattern set (d = 2).
    pub fn patterns(&self) -> crate::engine::Result<PatternSet> {
        let rows: Vec<Vec<f32>> = self.points.iter().map(|p| p.to_vec()).collect();
        PatternSet::from_rows(&rows)
    }

    /// Moves point `i` to `to` (clamped to the view while dragging, so that the picture does not
    /// slide under the pointer); `false` when there is no such point.
    pub fn drag_point(&mut self, i: usize, to: [f32; 2]) -> bool {
        let ((x0, x1), (y0, y1)) = self.view;
        match self.points.get_mut(i) {
            Some(p) => {
                *p = [to[0].clamp(x0, x1), to[1].clamp(y0, y1)];
                true
            }
            None => false,
        }
    }

    /// Sets coordinate `axis` (0 = ξ₁, 1 = ξ₂) of point `i` from a typed value; an error names
    /// the problem. Refits the view when the point left it.
    pub fn set_coordinate(&mut self, i: usize, axis: usize, value: f32) -> Result<(), String> {
        if !value.is_finite() || value.abs() > COORD_LIMIT {
            return Err(format!(
                "a coordinate must be a number between −{COORD_LIMIT} and {COORD_LIMIT}"
            ));
        }
        let p = self
            .points
            .get_mut(i)
            .filter(|_| axis < 2)
            .ok_or_else(|| format!("there is no point {}", i + 1))?;
        p[axis] = value;
        self.refit_if_needed();
        Ok(())
    }

    /// Adds a point at `at` (clamped to ±[`COORD_LIMIT`]); an error when the set is full.
    pub fn add_point(&mut self, at: [f32; 2]) -> Result<(), String> {
        if self.points.len() >= MAX_POINTS {
            return Err(format!("at most {MAX_POINTS} points"));
        }
        self.points
            .push(at.map(|v| v.clamp(-COORD_LIMIT, COORD_LIMIT)));
        self.refit_if_needed();
        Ok(())
    }

    /// Removes point `i`; an error for the last point or an index out of range. Keeps the
    /// slice's pair of patterns valid.
    pub fn remove_point(&mut self, i: usize) -> Result<(), String> {
        if self.points.len() <= 1 {
            return Err("the last point cannot be removed".into());
        }
        if i >= self.points.len() {
            return Err(format!("there is no point {}", i + 1));
        }
        self.points.remove(i);
        // The pair keeps its surviving patterns; a removed one is replaced by the first other.
        let shift = |j: usize| match j.cmp(&i) {
            std::cmp::Ordering::Greater => Some(j - 1),
            std::cmp::Ordering::Equal => None,
            std::cmp::Ordering::Less => Some(j),
        };
        let other = |keep: usize| usize::from(keep == 0);
        self.segment = match (shift(self.segment.0), shift(self.segment.1)) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, other(a)),
            (None, Some(b)) => (other(b), b),
            (None, None) => (0, 1),
        };
        Ok(())
    }

    /// Whether the slice's two patterns are distinct points of the set.
    pub fn segment_valid(&self) -> bool {
        let (a, b) = self.segment;
        a != b && a < self.points.len() && b < self.points.len()
    }

    /// Fits the view to the points when one of them is near or past its edge (after a drag
    /// ends, an add or a typed coordinate).
    pub fn refit_if_needed(&mut self) {
        let ((x0, x1), (y0, y1)) = self.view;
        let (mx, my) = (EDGE * (x1 - x0), EDGE * (y1 - y0));
        let outside = self
            .points
            .iter()
            .any(|p| p[0] < x0 + mx || p[0] > x1 - mx || p[1] < y0 + my || p[1] > y1 - my);
        if outside {
            self.fit_view();
        }
    }

    fn fit_view(&mut self) {
        if let Ok(view) = self.patterns().and_then(|p| view_ranges(&p)) {
            self.view = view;
        }
    }
}

/// The index of the point nearest to (px, py) among `pixels` (the points' pixel positions),
/// if it is within [`GRAB_RADIUS`].
pub fn grab(pixels: &[(f64, f64)], (px, py): (f64, f64)) -> Option<usize> {
    pixels
        .iter()
        .map(|(x, y)| (x - px).hypot(y - py))
        .enumerate()
        .filter(|(_, d)| *d <= GRAB_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_keep_the_set_valid() {
        let mut s = Settings::default();
        assert_eq!(s.points.len(), 3);
        assert!(s.drag_point(0, [100.0, 0.0]));
        assert!(s.points[0][0] <= s.view.0.1, "a drag stays in the view");
        assert!(!s.drag_point(7, [0.0, 0.0]));
        s.add_point([9.0, 9.0]).unwrap();
        assert!(
            s.view.0.1 > 9.0 && s.view.1.1 > 9.0,
            "the view grew: {:?}",
            s.view
        );
        assert!(s.set_coordinate(3, 0, f32::NAN).is_err());
        assert!(s.set_coordinate(3, 2, 1.0).is_err());
        s.set_coordinate(3, 1, -4.0).unwrap();
        assert_eq!(s.points[3], [9.0, -4.0]);
        s.segment = (1, 3);
        s.remove_point(1).unwrap();
        assert_eq!(s.segment, (0, 2), "the pair follows the removal");
        s.remove_point(0).unwrap();
        s.remove_point(0).unwrap();
        assert!(s.remove_point(0).is_err(), "the last point stays");
        assert!(!s.segment_valid());
        for _ in 1..MAX_POINTS {
            s.add_point([0.0, 0.0]).unwrap();
        }
        assert!(s.add_point([0.0, 0.0]).is_err());
    }

    #[test]
    fn grab_takes_the_nearest_point_in_reach() {
        let px = [(10.0, 10.0), (16.0, 10.0), (100.0, 100.0)];
        assert_eq!(grab(&px, (14.0, 10.0)), Some(1));
        assert_eq!(grab(&px, (50.0, 50.0)), None);
    }
}
