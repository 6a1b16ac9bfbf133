//! The markers of the three kinds of fixed point, shared by the landscape and the bifurcation
//! diagram so that one shape means one kind everywhere: global = orange diamond, metastable =
//! pink triangle, single = white circle, all outlined in black (visible on every viridis
//! colour); stored patterns are black crosses.

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters_backend::{BackendCoord, DrawingErrorKind};

use crate::engine::fixed_points::FixedPointKind;

/// Fill colour of the global fixed point's marker.
pub const GLOBAL: RGBColor = RGBColor(255, 127, 14);
/// Fill colour of a metastable fixed point's marker.
pub const METASTABLE: RGBColor = RGBColor(231, 84, 178);
/// Fill colour of a single-pattern fixed point's marker.
pub const SINGLE: RGBColor = RGBColor(255, 255, 255);
/// Colour of a query's trajectory.
pub const TRAJECTORY: RGBColor = RGBColor(230, 40, 40);

/// The fill colour of `kind`'s marker.
pub fn kind_colour(kind: FixedPointKind) -> RGBColor {
    match kind {
        FixedPointKind::Global => GLOBAL,
        FixedPointKind::Metastable => METASTABLE,
        FixedPointKind::Single => SINGLE,
    }
}

/// What a [`Marker`] looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A fixed point of this kind.
    Kind(FixedPointKind),
    /// A stored pattern.
    Pattern,
}

/// A marker of radius `r` pixels at a data point: one plotters element, whatever the shape.
#[derive(Debug, Clone)]
pub struct Marker<C> {
    at: C,
    shape: Shape,
    r: i32,
}

impl<C> Marker<C> {
    /// A marker of `shape` at `at`, about `r` pixels in radius.
    pub fn new(shape: Shape, at: C, r: i32) -> Self {
        Self { at, shape, r }
    }
}

/// The marker of a fixed point of `kind`.
pub fn kind_marker<C>(kind: FixedPointKind, at: C, r: i32) -> Marker<C> {
    Marker::new(Shape::Kind(kind), at, r)
}

/// The marker of a stored pattern.
pub fn pattern_marker<C>(at: C, r: i32) -> Marker<C> {
    Marker::new(Shape::Pattern, at, r)
}

impl<'a, C> PointCollection<'a, C> for &'a Marker<C> {
    type Point = &'a C;
    type IntoIter = std::iter::Once<&'a C>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<C, DB: DrawingBackend> Drawable<DB> for Marker<C> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut pos: I,
        backend: &mut DB,
        _parent_dim: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = pos.next() else {
            return Ok(());
        };
        let r = self.r;
        let line = BLACK.stroke_width(1);
        let mut polygon = |vertices: &[(i32, i32)], fill: RGBColor| {
            let absolute: Vec<BackendCoord> =
                vertices.iter().map(|(dx, dy)| (x + dx, y + dy)).collect();
            backend.fill_polygon(absolute.iter().copied(), &fill.filled())?;
            let mut closed = absolute;
            closed.push(closed[0]);
            backend.draw_path(closed, &line)
        };
        match self.shape {
            Shape::Kind(FixedPointKind::Global) => {
                let s = r + 2;
                polygon(&[(0, -s), (s, 0), (0, s), (-s, 0)], GLOBAL)
            }
            Shape::Kind(FixedPointKind::Metastable) => {
                let s = r + 1;
                polygon(&[(0, -s - 1), (s + 1, s), (-s - 1, s)], METASTABLE)
            }
            Shape::Kind(FixedPointKind::Single) => {
                let radius = r.max(1) as u32;
                backend.draw_circle((x, y), radius, &SINGLE.filled(), true)?;
                backend.draw_circle((x, y), radius, &line, false)
            }
            Shape::Pattern => {
                let style = BLACK.stroke_width(2);
                backend.draw_line((x - r, y - r), (x + r, y + r), &style)?;
                backend.draw_line((x - r, y + r), (x + r, y - r), &style)
            }
        }
    }
}
