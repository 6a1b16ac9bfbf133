//! The landscape's jobs on the wire: pattern sets, planes and grids, scan rows, basins and
//! theory rows.

use nalgebra::DMatrix;

use super::wire::{DecodeError, Reader, Writer};
use crate::engine::PatternSet;
use crate::engine::fixed_points::{FixedPoint, FixedPointKind};
use crate::engine::landscape::{Grid, Plane};
use crate::engine::theory::{Theorem5, TheoryReport};
use crate::lab::landscape::beta_scan::ScanRow;
use crate::lab::landscape::plane_job::CellBasins;
use crate::lab::landscape::theory::TheoryRow;

/// d, then the d×N matrix column by column (one pattern after another).
pub(super) fn write_patterns(w: &mut Writer, patterns: &PatternSet) {
    w.size(patterns.dim());
    w.floats(patterns.matrix().as_slice());
}

pub(super) fn read_patterns(r: &mut Reader) -> Result<PatternSet, DecodeError> {
    let dim = r.size()?;
    let values = r.floats()?;
    if dim == 0 || values.len() % dim != 0 {
        return Err(DecodeError(
            "a pattern set whose size is not a multiple of d",
        ));
    }
    let count = values.len() / dim;
    PatternSet::from_matrix(DMatrix::from_vec(dim, count, values))
        .map_err(|_| DecodeError("a pattern set the engine refuses"))
}

pub(super) fn write_plane(w: &mut Writer, plane: &Plane, grid: &Grid) {
    w.floats(&plane.origin);
    w.floats(&plane.e1);
    w.floats(&plane.e2);
    write_grid(w, grid);
}

pub(super) fn read_plane(r: &mut Reader) -> Result<(Plane, Grid), DecodeError> {
    let plane = Plane {
        origin: r.floats()?,
        e1: r.floats()?,
        e2: r.floats()?,
    };
    Ok((plane, read_grid(r)?))
}

pub(super) fn write_grid(w: &mut Writer, grid: &Grid) {
    for v in [
        grid.x_range.0,
        grid.x_range.1,
        grid.y_range.0,
        grid.y_range.1,
    ] {
        w.f32(v);
    }
    w.size(grid.width);
    w.size(grid.height);
}

pub(super) fn read_grid(r: &mut Reader) -> Result<Grid, DecodeError> {
    let x = (r.f32()?, r.f32()?);
    let y = (r.f32()?, r.f32()?);
    Grid::new(x, y, r.size()?, r.size()?).map_err(|_| DecodeError("a bad grid"))
}

/// A list of vectors: its length, then each vector's floats.
pub(super) fn write_vectors(w: &mut Writer, vectors: &[Vec<f32>]) {
    w.size(vectors.len());
    vectors.iter().for_each(|v| w.floats(v));
}

pub(super) fn read_vectors(r: &mut Reader) -> Result<Vec<Vec<f32>>, DecodeError> {
    let count = r.size()?;
    if count > r.0.len() / 4 {
        return Err(DecodeError("more vectors than bytes"));
    }
    (0..count).map(|_| r.floats()).collect()
}

fn write_kind(w: &mut Writer, kind: FixedPointKind) {
    w.u8(kind as u8);
}

fn read_kind(r: &mut Reader) -> Result<FixedPointKind, DecodeError> {
    match r.u8()? {
        0 => Ok(FixedPointKind::Global),
        1 => Ok(FixedPointKind::Metastable),
        2 => Ok(FixedPointKind::Single),
        _ => Err(DecodeError("unknown kind of fixed point")),
    }
}

pub(super) fn write_row(w: &mut Writer, row: &ScanRow) {
    w.f32(row.beta);
    w.size(row.k90);
    write_kind(w, row.kind);
    w.floats(&row.retrieved);
    for &c in &row.counts {
        w.size(c);
    }
}

pub(super) fn read_row(r: &mut Reader) -> Result<ScanRow, DecodeError> {
    Ok(ScanRow {
        beta: r.f32()?,
        k90: r.size()?,
        kind: read_kind(r)?,
        retrieved: r.floats()?,
        counts: [r.size()?, r.size()?, r.size()?],
    })
}

/// A label travels as u32, with u32::MAX for none.
pub(super) fn write_labels(w: &mut Writer, labels: &[Option<usize>]) {
    w.size(labels.len());
    for label in labels {
        w.u32(label.map_or(u32::MAX, |l| l as u32));
    }
}

pub(super) fn read_labels(r: &mut Reader) -> Result<Vec<Option<usize>>, DecodeError> {
    let len = r.size()?;
    if len > r.0.len() / 4 {
        return Err(DecodeError("more labels than bytes"));
    }
    (0..len)
        .map(|_| r.u32().map(|l| (l != u32::MAX).then_some(l as usize)))
        .collect()
}

pub(super) fn write_cells(w: &mut Writer, cells: &CellBasins) {
    write_labels(w, &cells.labels);
    w.size(cells.found.len());
    for fp in &cells.found {
        w.floats(&fp.state);
        w.floats(&fp.weights);
        w.f32(fp.energy);
        write_kind(w, fp.kind);
        w.size(fp.k90);
        w.size(fp.hits);
    }
}

pub(super) fn read_cells(r: &mut Reader) -> Result<CellBasins, DecodeError> {
    let labels = read_labels(r)?;
    let count = r.size()?;
    if count > r.0.len() / 8 {
        return Err(DecodeError("more fixed points than bytes"));
    }
    let found = (0..count)
        .map(|_| {
            Ok(FixedPoint {
                state: r.floats()?,
                weights: r.floats()?,
                energy: r.f32()?,
                kind: read_kind(r)?,
                k90: r.size()?,
                hits: r.size()?,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if labels.iter().flatten().any(|&l| l >= found.len()) {
        return Err(DecodeError("a label naming no fixed point"));
    }
    Ok(CellBasins { labels, found })
}

/// An optional value: a flag, then the value if there is one.
fn write_option<T: Copy>(w: &mut Writer, v: Option<T>, put: fn(&mut Writer, T)) {
    w.u8(u8::from(v.is_some()));
    if let Some(v) = v {
        put(w, v);
    }
}

fn read_option<T>(
    r: &mut Reader,
    get: fn(&mut Reader) -> Result<T, DecodeError>,
) -> Result<Option<T>, DecodeError> {
    if r.bool()? {
        get(r).map(Some)
    } else {
        Ok(None)
    }
}

pub(super) fn write_theory(w: &mut Writer, row: &TheoryRow) {
    w.f32(row.beta);
    w.size(row.count);
    write_kind(w, row.kind);
    w.size(row.k90);
    let t = &row.report.theorem5;
    for v in [t.separation, t.max_norm, t.reach] {
        w.f64(v);
    }
    write_option(w, t.bound, Writer::f64);
    w.f64(row.report.error_after_one_update);
    write_option(w, row.report.updates_to_converge, Writer::size);
    for v in [
        row.report.jacobian_norm,
        row.report.softmax_jacobian_norm,
        row.report.softmax_jacobian_bound,
    ] {
        w.f64(v);
    }
}

pub(super) fn read_theory(r: &mut Reader) -> Result<TheoryRow, DecodeError> {
    Ok(TheoryRow {
        beta: r.f32()?,
        count: r.size()?,
        kind: read_kind(r)?,
        k90: r.size()?,
        report: TheoryReport {
            theorem5: Theorem5 {
                separation: r.f64()?,
                max_norm: r.f64()?,
                reach: r.f64()?,
                bound: read_option(r, |r| r.f64())?,
            },
            error_after_one_update: r.f64()?,
            updates_to_converge: read_option(r, |r| r.size())?,
            jacobian_norm: r.f64()?,
            softmax_jacobian_norm: r.f64()?,
            softmax_jacobian_bound: r.f64()?,
        },
    })
}
