//! Plot functions: each draws on any plotters `DrawingArea`, so the same code renders to a
//! `<canvas>` in the browser and to SVG in native tests. No Leptos here.

pub mod attention_matrix;
pub mod beta_scan;
pub mod bifurcation;
pub mod capacity;
pub mod colormap;
pub mod energy_trace;
pub mod head_classes;
pub mod head_scatter;
pub mod landscape;
pub mod learn;
pub mod markers;
pub mod overlap_traces;
pub mod pattern_image;
pub mod pooling;
pub mod segment;
pub mod text;
pub mod theory;
pub mod theory_marks;
pub mod tokens;
pub mod weights_bar;

use plotters::drawing::DrawingAreaErrorKind;

/// Error of a plot function, independent of the backend it drew on (the backends' own error
/// types differ; the UI only needs the message).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("drawing failed: {0}")]
pub struct PlotError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for PlotError {
    fn from(err: DrawingAreaErrorKind<E>) -> Self {
        PlotError(err.to_string())
    }
}

/// Result of a plot function.
pub type PlotResult = Result<(), PlotError>;
