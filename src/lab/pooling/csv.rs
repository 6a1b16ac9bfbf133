//! The pooling view's curves as CSV: one row per curve point, the three methods' held-out AUC,
//! held-out and training loss, Hopfield's witness mass and β — what the plot shows, in numbers
//! a spreadsheet reads (a missing training loss, at step 0, is an empty cell).

use super::experiment::CurvePoint;
use crate::engine::pooling::Method;

/// The header: step, then each quantity per method in [`Method::ALL`] order.
pub fn header() -> String {
    let mut cols = vec!["step".to_string()];
    for kind in ["auc", "held_out_loss", "train_loss"] {
        cols.extend(Method::ALL.iter().map(|m| format!("{kind}_{}", m.slug())));
    }
    cols.push("witness_mass".into());
    cols.push("beta".into());
    cols.join(",")
}

fn cell(v: f32) -> String {
    if v.is_finite() {
        format!("{v:.4}")
    } else {
        String::new()
    }
}

/// One point in the header's order.
pub fn row(p: &CurvePoint) -> String {
    let mut cells = vec![p.step.to_string()];
    for values in [p.auc, p.held_out_loss, p.train_loss] {
        cells.extend(values.iter().map(|&v| cell(v)));
    }
    cells.push(format!("{:.5}", p.witness_mass));
    cells.push(cell(p.beta));
    cells.join(",")
}

/// The whole CSV of `points`.
pub fn document(points: &[CurvePoint]) -> String {
    let mut out = header();
    out.push('\n');
    for p in points {
        out.push_str(&row(p));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_the_headers_columns() {
        let p = CurvePoint {
            step: 30,
            auc: [0.9, 0.6, 0.55],
            held_out_loss: [0.3, 0.69, 0.7],
            train_loss: [f32::NAN, 0.7, 0.7],
            witness_mass: 0.25,
            beta: 3.5,
        };
        let doc = document(&[p]);
        let lines: Vec<&str> = doc.lines().collect();
        assert_eq!(lines[0].split(',').count(), lines[1].split(',').count());
        assert!(lines[0].starts_with("step,auc_hopfield,auc_mean,auc_max,"));
        assert_eq!(
            lines[1],
            "30,0.9000,0.6000,0.5500,0.3000,0.6900,0.7000,,0.7000,0.7000,0.25000,3.5000"
        );
    }
}
