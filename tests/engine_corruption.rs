//! Query corruption through the public API: exact flip counts, mask regions, determinism under
//! a seed, and typed errors for bad parameters.

use hopfield_lab::engine::corruption::{self, Corruption, MASK_BINARY, MASK_CONTINUOUS, PixelRect};
use hopfield_lab::engine::{EngineError, PatternSet, SeededRng};

fn binary_query(d: usize, seed: u64) -> Vec<f32> {
    PatternSet::random_binary(d, 1, &mut SeededRng::new(seed))
        .unwrap()
        .pattern(0)
        .to_vec()
}

fn changed(a: &[f32], b: &[f32]) -> Vec<usize> {
    (0..a.len()).filter(|&i| a[i] != b[i]).collect()
}

#[test]
fn flips_exactly_round_f_times_d_distinct_entries() {
    let mut rng = SeededRng::new(3);
    for (d, f, expected) in [
        (100, 0.1, 10),
        (100, 0.0, 0),
        (100, 1.0, 100),
        (7, 0.5, 4),
        (64, 0.33, 21),
    ] {
        let q = binary_query(d, d as u64);
        let out = corruption::flip_signs(&q, f, &mut rng).unwrap();
        let diff = changed(&q, &out);
        assert_eq!(diff.len(), expected, "d={d} f={f}");
        for i in diff {
            assert_eq!(out[i], -q[i]);
        }
    }
}

#[test]
fn random_mask_sets_exactly_the_requested_count() {
    let q = vec![1.0f32; 50];
    let out = corruption::mask_random(&q, 0.2, MASK_CONTINUOUS, &mut SeededRng::new(1)).unwrap();
    assert_eq!(out.iter().filter(|&&v| v == 0.0).count(), 10);
    assert_eq!(out.iter().filter(|&&v| v == 1.0).count(), 40);
}

#[test]
fn lower_half_masks_the_bottom_rows() {
    let side = 5;
    let q = vec![1.0f32; side * side];
    let out = corruption::mask_lower_half(&q, side, MASK_BINARY).unwrap();
    for row in 0..side {
        for col in 0..side {
            let expected = if row >= side / 2 { -1.0 } else { 1.0 };
            assert_eq!(out[row * side + col], expected, "row {row} col {col}");
        }
    }
    // As a plain vector (no side), entries ⌊d/2⌋.. are masked.
    let v = corruption::mask_lower_half_vector(&[1.0; 5], 0.0).unwrap();
    assert_eq!(v, vec![1.0, 1.0, 0.0, 0.0, 0.0]);
}

#[test]
fn rectangle_is_masked_exactly_and_clamped_to_the_image() {
    let side = 6;
    let q = vec![1.0f32; side * side];
    let rect = PixelRect {
        x: 4,
        y: 1,
        width: 10,
        height: 2,
    };
    let out = corruption::mask_rect(&q, side, rect, 0.0).unwrap();
    for row in 0..side {
        for col in 0..side {
            let inside = (1..3).contains(&row) && (4..6).contains(&col);
            assert_eq!(out[row * side + col] == 0.0, inside, "row {row} col {col}");
        }
    }
    // Entirely outside: nothing changes (and no panic).
    let far = PixelRect {
        x: usize::MAX,
        y: usize::MAX,
        width: usize::MAX,
        height: 3,
    };
    assert_eq!(corruption::mask_rect(&q, side, far, 0.0).unwrap(), q);
}

#[test]
fn same_seed_same_corruption() {
    let q = binary_query(256, 11);
    for c in [
        Corruption::FlipSigns { fraction: 0.2 },
        Corruption::MaskRandom {
            fraction: 0.3,
            value: MASK_BINARY,
        },
        Corruption::GaussianNoise { sigma: 0.5 },
    ] {
        let a = c.apply(&q, None, &mut SeededRng::new(5)).unwrap();
        let b = c.apply(&q, None, &mut SeededRng::new(5)).unwrap();
        let other = c.apply(&q, None, &mut SeededRng::new(6)).unwrap();
        assert_eq!(a, b, "{c:?}");
        assert_ne!(a, other, "{c:?}");
    }
}

#[test]
fn gaussian_noise_has_the_requested_sigma() {
    let q = vec![0.0f32; 20_000];
    let out = corruption::add_gaussian_noise(&q, 0.5, &mut SeededRng::new(2)).unwrap();
    let var = out.iter().map(|v| v * v).sum::<f32>() / out.len() as f32;
    assert!((var.sqrt() - 0.5).abs() < 0.02, "σ̂ = {}", var.sqrt());
    assert_eq!(
        corruption::add_gaussian_noise(&q[..3], 0.0, &mut SeededRng::new(2)).unwrap(),
        vec![0.0; 3]
    );
}

#[test]
fn apply_infers_the_side_of_square_images() {
    let q = vec![1.0f32; 16];
    let c = Corruption::MaskRect {
        rect: PixelRect {
            x: 0,
            y: 0,
            width: 1,
            height: 4,
        },
        value: 0.0,
    };
    let out = c.apply(&q, None, &mut SeededRng::new(0)).unwrap();
    assert_eq!(changed(&q, &out), vec![0, 4, 8, 12]);
    let half = Corruption::MaskLowerHalf { value: -1.0 };
    let out = half.apply(&q, Some(4), &mut SeededRng::new(0)).unwrap();
    assert_eq!(changed(&q, &out), (8..16).collect::<Vec<_>>());
}

#[test]
fn bad_parameters_are_typed_errors() {
    let q = vec![1.0f32; 16];
    let mut rng = SeededRng::new(0);
    for f in [-0.1, 1.5, f32::NAN] {
        assert!(matches!(
            corruption::flip_signs(&q, f, &mut rng),
            Err(EngineError::OutOfRange { .. })
        ));
        assert!(matches!(
            corruption::mask_random(&q, f, 0.0, &mut rng),
            Err(EngineError::OutOfRange { .. })
        ));
    }
    assert!(matches!(
        corruption::mask_lower_half(&q, 5, 0.0),
        Err(EngineError::DimensionMismatch { .. })
    ));
    let rect = PixelRect {
        x: 0,
        y: 0,
        width: 1,
        height: 1,
    };
    assert!(matches!(
        Corruption::MaskRect { rect, value: 0.0 }.apply(&q[..15], None, &mut rng),
        Err(EngineError::DimensionMismatch { .. })
    ));
    assert!(matches!(
        corruption::add_gaussian_noise(&q, -1.0, &mut rng),
        Err(EngineError::OutOfRange { .. })
    ));
    assert!(matches!(
        corruption::flip_signs(&[], 0.1, &mut rng),
        Err(EngineError::Empty { .. })
    ));
    assert!(matches!(
        corruption::flip_signs(&[f32::NAN], 0.1, &mut rng),
        Err(EngineError::NonFinite { .. })
    ));
    assert!(corruption::mask_random(&q, 0.1, f32::INFINITY, &mut rng).is_err());
}
