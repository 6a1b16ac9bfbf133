//! The pooling view's figures: the three methods' held-out AUC against the training step
//! ([`curves`]), one bag's attention weights sorted on log–log axes with its witnesses marked
//! ([`attention`]), and the trained model's AUC and witness mass against β ([`betas`]). Every
//! figure draws whatever it has (no points yet: the axes and a note), and values that are not
//! finite are left out.

pub mod attention;
pub mod betas;
pub mod curves;

pub use attention::draw_bag_attention;
pub use betas::draw_beta_sweep;
pub use curves::draw_pool_curves;

use plotters::prelude::*;

use crate::engine::pooling::Method;
use crate::plots::capacity::PALETTE;

/// Each method's colour (Okabe–Ito), in [`Method::ALL`] order, the same in every figure.
pub const METHOD: [RGBColor; 3] = [PALETTE[0], PALETTE[1], PALETTE[2]];
/// The witnesses' colour: the attention on motif carriers (reddish purple).
pub const WITNESS: RGBColor = PALETTE[3];
/// Reference lines (uniform weights, chance, a cursor): a quiet grey.
pub const REFERENCE: RGBColor = RGBColor(110, 116, 130);

/// A method's legend text.
pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::Hopfield => "Hopfield pooling",
        Method::Mean => "mean pooling",
        Method::Max => "max pooling",
    }
}

/// A log axis' label: a power of ten as 1e-4, else two significant digits.
fn log_label(v: f64) -> String {
    let exponent = v.log10();
    if (exponent - exponent.round()).abs() < 1e-6 {
        let e = exponent.round() as i32;
        return match e {
            0 => "1".into(),
            1 => "10".into(),
            2 => "100".into(),
            3 => "1000".into(),
            -1 => "0.1".into(),
            -2 => "0.01".into(),
            _ => format!("1e{e}"),
        };
    }
    format!("{v:.2}")
}

/// The powers of ten from `lo` to `hi` (an axis' key points), at most `most` of them (every
/// second or third decade when more fit).
fn decades(lo: f64, hi: f64, most: usize) -> Vec<f64> {
    let (a, b) = (lo.log10().ceil() as i32, hi.log10().floor() as i32);
    if b < a {
        return vec![lo, hi];
    }
    let count = (b - a + 1) as usize;
    let stride = count.div_ceil(most.max(1)).max(1);
    (a..=b).step_by(stride).map(|e| 10f64.powi(e)).collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn log_labels_and_decades() {
        assert_eq!(log_label(1e-4), "1e-4");
        assert_eq!(log_label(100.0), "100");
        assert_eq!(log_label(1e4), "1e4");
        assert_eq!(log_label(0.5), "0.50");
        assert_eq!(
            decades(1.0, 300_000.0, 8),
            vec![1.0, 10.0, 100.0, 1e3, 1e4, 1e5]
        );
        assert_eq!(decades(1e-12, 1.0, 5).len(), 5);
        assert_eq!(decades(2.0, 5.0, 5), vec![2.0, 5.0]);
    }
}
