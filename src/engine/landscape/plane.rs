//! A 2-D affine slice of R^d through three chosen points, for viewing the energy landscape of
//! a high-dimensional pattern set (images, random patterns) on a plane.

use crate::engine::error::{EngineError, Result, check_finite};
use crate::engine::math;

/// A 2-D affine slice {o + u·e₁ + v·e₂} of R^d with orthonormal e₁, e₂: the view of a
/// high-dimensional set through three chosen points (two patterns and the mean, say).
#[derive(Debug, Clone, PartialEq)]
pub struct Plane {
    /// The point shown at (u, v) = (0, 0).
    pub origin: Vec<f32>,
    /// First direction (unit length).
    pub e1: Vec<f32>,
    /// Second direction (unit length, orthogonal to `e1`).
    pub e2: Vec<f32>,
}

impl Plane {
    /// The plane through `a`, `b` and `c`: `a` at the origin, `b` on the positive u axis, `c`
    /// in the upper half (v > 0), by Gram–Schmidt. Collinear points are a typed error.
    pub fn through(a: &[f32], b: &[f32], c: &[f32]) -> Result<Self> {
        let d = a.len();
        if d < 2 {
            return Err(EngineError::DimensionMismatch {
                what: "a point of the plane (needs d ≥ 2)",
                expected: 2,
                found: d,
            });
        }
        for (what, p) in [("the second point", b), ("the third point", c)] {
            if p.len() != d {
                return Err(EngineError::DimensionMismatch {
                    what,
                    expected: d,
                    found: p.len(),
                });
            }
        }
        check_finite("the first point", a)?;
        check_finite("the second point", b)?;
        check_finite("the third point", c)?;
        let size = math::norm(a)
            .max(math::norm(b))
            .max(math::norm(c))
            .max(1e-30);
        let mut e1: Vec<f32> = b.iter().zip(a).map(|(x, o)| x - o).collect();
        let mut e2: Vec<f32> = c.iter().zip(a).map(|(x, o)| x - o).collect();
        let n1 = math::norm(&e1);
        if n1 <= 1e-6 * size {
            return Err(EngineError::Numerical(
                "the first two points of the plane coincide".into(),
            ));
        }
        e1.iter_mut().for_each(|x| *x /= n1);
        let along = math::dot(&e2, &e1);
        math::axpy(-along, &e1, &mut e2);
        let n2 = math::norm(&e2);
        if n2 <= 1e-6 * size {
            return Err(EngineError::Numerical(
                "the three points of the plane are collinear".into(),
            ));
        }
        e2.iter_mut().for_each(|x| *x /= n2);
        Ok(Self {
            origin: a.to_vec(),
            e1,
            e2,
        })
    }

    /// The coordinate plane of R² itself (origin 0, e₁ = x, e₂ = y): the 2-D landscape.
    pub fn standard() -> Self {
        Self {
            origin: vec![0.0, 0.0],
            e1: vec![1.0, 0.0],
            e2: vec![0.0, 1.0],
        }
    }

    /// Dimension d of the surrounding space.
    pub fn dim(&self) -> usize {
        self.origin.len()
    }

    /// Writes o + u·e₁ + v·e₂ into `out` (length d).
    pub fn point_into(&self, u: f32, v: f32, out: &mut [f32]) {
        for (((o, p), a), b) in out.iter_mut().zip(&self.origin).zip(&self.e1).zip(&self.e2) {
            *o = p + u * a + v * b;
        }
    }

    /// The point o + u·e₁ + v·e₂ of R^d.
    pub fn point(&self, u: f32, v: f32) -> Vec<f32> {
        let mut out = vec![0.0; self.dim()];
        self.point_into(u, v, &mut out);
        out
    }

    /// The (u, v) of the orthogonal projection of `x` onto the plane.
    pub fn coords(&self, x: &[f32]) -> Result<(f32, f32)> {
        if x.len() != self.dim() {
            return Err(EngineError::DimensionMismatch {
                what: "a point to project",
                expected: self.dim(),
                found: x.len(),
            });
        }
        let (mut u, mut v) = (0.0f32, 0.0f32);
        for (((xi, o), a), b) in x.iter().zip(&self.origin).zip(&self.e1).zip(&self.e2) {
            u += (xi - o) * a;
            v += (xi - o) * b;
        }
        Ok((u, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::fixed_points::distance;

    #[test]
    fn plane_round_trips_and_rejects_collinear_points() {
        let a = [1.0, 0.0, 0.0, 2.0];
        let b = [0.0, 1.0, 0.0, 2.0];
        let c = [0.0, 0.0, 1.0, 2.0];
        let plane = Plane::through(&a, &b, &c).unwrap();
        let (u, v) = plane.coords(&c).unwrap();
        assert!(v > 0.0);
        let back = plane.point(u, v);
        assert!(distance(&back, &c) < 1e-5);
        assert!(math::dot(&plane.e1, &plane.e2).abs() < 1e-6);
        assert!(Plane::through(&a, &b, &[2.0, -1.0, 0.0, 2.0]).is_err());
        assert!(Plane::through(&a, &a, &c).is_err());
    }
}
