//! The landscape view without the web: its settings and the editing of the 2-D points
//! ([`settings`]), the 1-D energy slice between two patterns ([`segment`]), the columns of the
//! bifurcation diagram ([`bifurcation`]), the plane through
//! three points of a high-dimensional set ([`plane_job`]) and the scan of a set and a query
//! over β ([`beta_scan`]). The long computations are resumable jobs that do a bounded amount of
//! work per call, so that the browser can run them in short slices and show progress.

pub mod beta_scan;
pub mod bifurcation;
pub mod high_dim;
pub mod link;
pub mod markup;
pub mod plane_job;
pub mod segment;
pub mod settings;
