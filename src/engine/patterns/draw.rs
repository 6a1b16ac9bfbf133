//! Random ±1 pattern sets drawn a few patterns at a time. Drawing N·d random entries is one of
//! the costly parts of a capacity trial with thousands of patterns; split into chunks it can be
//! spread over several short slices of the browser's main thread. The entries come from the
//! generator in the same order however the draw is split, so the set is the same bit for bit.

use nalgebra::DMatrix;

use super::{PatternSet, check_size};
use crate::engine::error::{Result, check_range};
use crate::engine::rng::{SIGNS_PER_DRAW, SeededRng};

/// A random ±1 pattern set being drawn, pattern by pattern.
#[derive(Debug, Clone)]
pub struct PatternDraw {
    dim: usize,
    count: usize,
    /// Correlated sets: the prototype and the probability of flipping each of its bits.
    prototype: Option<(Vec<f32>, f32)>,
    /// The patterns drawn so far, one after another.
    data: Vec<f32>,
}

impl PatternDraw {
    /// N independent random ±1 patterns of dimension d, each entry a fair coin.
    pub fn binary(dim: usize, count: usize) -> Result<Self> {
        check_size(dim, count)?;
        Ok(Self {
            dim,
            count,
            prototype: None,
            data: Vec::with_capacity(dim * count),
        })
    }

    /// N noisy copies of one random ±1 prototype (drawn now from `rng`), with expected mutual
    /// overlap `overlap` (see [`PatternSet::correlated_binary`]).
    pub fn correlated(dim: usize, count: usize, overlap: f32, rng: &mut SeededRng) -> Result<Self> {
        check_size(dim, count)?;
        check_range("mean overlap", overlap as f64, 0.0, 1.0)?;
        let flip = (1.0 - overlap.sqrt()) / 2.0;
        let prototype = rng.signs(dim);
        Ok(Self {
            dim,
            count,
            prototype: Some((prototype, flip)),
            data: Vec::with_capacity(dim * count),
        })
    }

    /// Dimension d.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Patterns still to be drawn.
    pub fn remaining(&self) -> usize {
        self.count - self.data.len() / self.dim
    }

    /// Random draws per pattern: one per 64 signs of an independent pattern, one per entry of
    /// a correlated one (each bit of the prototype flips with its own uniform draw).
    pub fn draws_per_pattern(&self) -> u64 {
        match self.prototype {
            None => self.dim.div_ceil(SIGNS_PER_DRAW) as u64,
            Some(_) => self.dim as u64,
        }
    }

    /// Draws up to `patterns` more patterns from `rng`; returns how many it drew.
    pub fn draw(&mut self, patterns: usize, rng: &mut SeededRng) -> usize {
        let take = patterns.min(self.remaining());
        for _ in 0..take {
            match &self.prototype {
                None => rng.extend_signs(&mut self.data, self.dim),
                Some((prototype, flip)) => self.data.extend(
                    prototype
                        .iter()
                        .map(|&v| if rng.uniform() < *flip { -v } else { v }),
                ),
            }
        }
        take
    }

    /// Draws whatever is left and returns the set.
    pub fn finish(mut self, rng: &mut SeededRng) -> PatternSet {
        self.draw(self.count, rng);
        PatternSet::from_signs(DMatrix::from_vec(self.dim, self.count, self.data))
    }
}
