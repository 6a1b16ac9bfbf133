//! The learning view's curves as CSV, the same columns and digits as `hopfield train` prints
//! (the CLI uses these functions), so a CSV saved from the browser and the CLI's output for the
//! same settings can be compared line by line.

use crate::engine::transformer::Snapshot;

/// The CSV header for `layers` × `heads`, heads counted from 1.
pub fn header(layers: usize, heads: usize) -> String {
    let mut cols = vec!["step".to_string(), "loss".into(), "accuracy".into()];
    for kind in ["k90", "class", "jacobian"] {
        for l in 1..=layers {
            cols.extend((1..=heads).map(|h| format!("{kind}_{l}_{h}")));
        }
    }
    cols.join(",")
}

/// One CSV row of a snapshot, in the header's order.
pub fn row(s: &Snapshot) -> String {
    let mut cells = vec![
        s.step.to_string(),
        format!("{:.4}", s.loss),
        format!("{:.4}", s.accuracy),
    ];
    cells.extend(s.heads.iter().map(|h| h.k90_median.to_string()));
    cells.extend(s.heads.iter().map(|h| h.class.numeral().to_string()));
    cells.extend(s.heads.iter().map(|h| format!("{:.4}", h.jacobian)));
    cells.join(",")
}

/// The whole CSV of `snapshots` (a header, then a row each) for `layers` × `heads`.
pub fn document(layers: usize, heads: usize, snapshots: &[Snapshot]) -> String {
    let mut out = header(layers, heads);
    out.push('\n');
    for s in snapshots {
        out.push_str(&row(s));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::transformer::{TrainConfig, Trainer};

    #[test]
    fn the_header_counts_heads_from_one() {
        assert_eq!(
            header(1, 2),
            "step,loss,accuracy,k90_1_1,k90_1_2,class_1_1,class_1_2,jacobian_1_1,jacobian_1_2"
        );
    }

    #[test]
    fn a_document_has_a_row_per_snapshot_with_every_column() {
        let config = TrainConfig {
            heads: 2,
            dim: 8,
            seq: 16,
            batch: 2,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&config).unwrap();
        let first = trainer.snapshot();
        trainer.step().unwrap();
        let text = document(1, 2, &[first, trainer.snapshot()]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[1].starts_with("0,") && lines[2].starts_with("1,"));
        assert!(lines.iter().all(|l| l.split(',').count() == 9), "{text}");
    }
}
