//! The landscape view without the web: its settings and the editing of the 2-D points
//! ([`settings`]), the 1-D energy slice between two patterns ([`segment`]), the columns of the
//! bifurcation diagram ([`bifurcation`]), the plane through
//! three points of a high-dimensional set ([`plane_job`]), the scan of a set and a query
//! over β ([`beta_scan`]) and the theory figures beside it ([`theory`]). The long computations
//! of the high-dimensional section are cut into independent jobs for the compute workers.

pub mod beta_scan;
pub mod bifurcation;
pub mod high_dim;
pub mod link;
pub mod markup;
pub mod plane_job;
pub mod segment;
pub mod settings;
pub mod theory;
