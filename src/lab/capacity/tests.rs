use super::*;

#[test]
fn classic_breaks_matches_the_cli_flags() {
    let s = Preset::ClassicBreaks.settings();
    assert_eq!(s.counts(), vec![10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60]);
    let jobs = s.jobs().unwrap();
    assert_eq!(jobs.len(), 1);
    let c = &jobs[0].config;
    assert_eq!((c.dim, c.trials, c.seed, c.max_steps), (200, 40, 1, 100));
    assert_eq!(c.criterion, Criterion::Overlap(0.95));
    assert_eq!(jobs[0].patterns, PatternKind::RandomBinary);
    assert_eq!(
        s.cli_command(ModelChoice::HebbianAsync).unwrap(),
        "hopfield capacity --model classic --rule hebbian --update async --dim 200 \
         --patterns 10:60:5 --trials 40 --flip 0.1 --seed 1 --criterion overlap:0.95"
    );
}

#[test]
fn every_preset_is_valid() {
    for preset in Preset::ALL {
        let s = preset.settings();
        let jobs = s.jobs().unwrap_or_else(|e| panic!("{preset:?}: {e}"));
        assert_eq!(jobs.len(), s.models.len());
        assert_eq!(Preset::from_slug(preset.slug()), Some(preset));
    }
    let modern = Preset::ModernThousands.settings().counts();
    assert_eq!(modern.first(), Some(&4));
    assert_eq!(modern.last(), Some(&4096));
    // The modern network's breakdown: N doubles from 2 to 512, the theory's marks inside.
    let small = Preset::ModernBreaks.settings();
    assert_eq!(small.counts(), [2, 4, 8, 16, 32, 64, 128, 256, 512]);
    for m in [ModelChoice::DensePoly3, ModelChoice::Modern] {
        let (_, n) = m.theory(small.dim, small.flip)[0];
        assert!(n > 2.0 && n < 512.0, "{m:?}: {n}");
    }
}

#[test]
fn log_counts_are_increasing_and_distinct() {
    let c = counts(1, 10, 1, Spacing::Log, 30);
    assert_eq!(c, (1..=10).collect::<Vec<_>>());
    let c = counts(8, 4096, 1, Spacing::Log, 10);
    assert_eq!(c.len(), 10);
    assert_eq!((c[0], c[9]), (8, 4096));
    assert!(c.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(counts(5, 5, 1, Spacing::Log, 8), vec![5]);
    assert_eq!(counts(5, 21, 5, Spacing::Linear, 0), vec![5, 10, 15, 20]);
    assert_eq!(
        counts(1, 1_000_000, 1, Spacing::Linear, 0).len(),
        MAX_POINTS + 1
    );
}

#[test]
fn fields_clamp_with_a_message_naming_them() {
    let mut s = CapacitySettings::default();
    let msg = Field::Dim.apply(&mut s, "5000").unwrap();
    assert_eq!(s.dim, 1024);
    assert!(msg.starts_with("dimension d"), "{msg}");
    assert!(msg.contains("[16, 1024]"), "{msg}");
    assert!(Field::Dim.apply(&mut s, "300").is_none());
    assert_eq!(s.dim, 300);
    let msg = Field::Flip.apply(&mut s, "abc").unwrap();
    assert!(msg.starts_with("flip fraction"), "{msg}");
    assert_eq!(s.flip, 0.1);
    let msg = Field::Trials.apply(&mut s, "2.4").unwrap();
    assert_eq!(s.trials, 2);
    assert!(msg.contains("whole number"), "{msg}");
    assert!(Field::Seed.apply(&mut s, "9007199254740991").is_none());
    assert_eq!(s.seed, MAX_SEED);
    assert!(Field::Seed.apply(&mut s, "18446744073709551615").is_some());
    assert_eq!(s.seed, MAX_SEED);
    assert!(Field::Threshold.apply(&mut s, "-3").is_some());
    assert_eq!(s.threshold, 0.0);
}

#[test]
fn jobs_name_what_is_wrong() {
    let mut s = CapacitySettings::default();
    s.models.clear();
    assert!(s.jobs().unwrap_err().starts_with("models"));
    let s = CapacitySettings {
        stop: 5,
        ..Default::default()
    };
    assert!(s.jobs().unwrap_err().contains("N stop"));
    let s = CapacitySettings {
        step: 1,
        stop: 5000,
        ..Default::default()
    };
    assert!(s.jobs().unwrap_err().contains("N step"));
    let s = CapacitySettings {
        dim: 1024,
        trials: 5000,
        stop: 1000,
        step: 10,
        ..Default::default()
    };
    let err = s.jobs().unwrap_err();
    assert!(err.contains("trials × ΣN × d"), "{err}");
}

#[test]
fn table_names_are_short_and_distinct() {
    let names: Vec<String> = ModelChoice::ALL.map(|m| m.table_name(0.5)).into();
    let distinct: std::collections::HashSet<&String> = names.iter().collect();
    assert_eq!(distinct.len(), names.len(), "{names:?}");
    // The table's model column (6.5rem at 0.75rem) wraps longer names at their space.
    assert!(names.iter().all(|n| n.chars().count() <= 14), "{names:?}");
    assert_eq!(ModelChoice::Modern.table_name(0.5), "modern β=0.5");
    assert_eq!(ModelChoice::DensePoly3.table_name(1.0), "dense z³");
}

#[test]
fn theory_marks_follow_the_formulas() {
    let marks = ModelChoice::HebbianAsync.theory(200, 0.1);
    assert!((marks[0].1 - 27.6).abs() < 1e-9);
    assert!((marks[1].1 - 200.0 / (2.0 * 200f64.ln())).abs() < 1e-9);
    assert_eq!(double_factorial(1), 1);
    assert_eq!(double_factorial(3), 3);
    assert_eq!(double_factorial(5), 15);
    // n = 2 is the classical error-free capacity.
    assert!((dense_capacity(100, 2) - exact_retrieval_capacity(100)).abs() < 1e-9);
    let (label, n) = &ModelChoice::DensePoly3.theory(100, 0.1)[0];
    assert_eq!(label, "d²/(2·3 ln d)");
    assert!((n - 10_000.0 / (6.0 * 100f64.ln())).abs() < 1e-6);
    assert!(ModelChoice::StorkeyAsync.theory(64, 0.1).is_empty());
    // The exponential capacity of the theory panel: α = I(0.8)/2 ≈ 0.184 at ρ = 0.1.
    let (label, n) = &ModelChoice::Modern.theory(16, 0.1)[0];
    assert_eq!(label, "exp(αd)");
    assert!((n - (16.0 * exponential_alpha(f64::from(0.1f32))).exp()).abs() < 1e-9);
    assert!(*n > 18.0 && *n < 20.0, "{n}");
    assert_eq!(
        ModelChoice::DenseExp.theory(16, 0.1),
        ModelChoice::Modern.theory(16, 0.1)
    );
    // Theorem 3's worked cases, where d matches: √0.001·3.1546^4.75 ≈ 7.4, √0.001·1.3718^18.5 ≈ 11.0.
    let at20 = ModelChoice::Modern.theory(20, 0.1);
    assert_eq!(at20.len(), 2);
    assert!(at20[1].0.starts_with("Thm 3"));
    assert!((at20[1].1 - 0.001f64.sqrt() * 3.1546f64.powf(4.75)).abs() < 1e-9);
    assert!((at20[1].1 - 7.41).abs() < 0.01, "{}", at20[1].1);
    let at75 = theorem3_bound(75).unwrap();
    assert!((at75 - 10.96).abs() < 0.01, "{at75}");
    assert_eq!(theorem3_bound(64), None);
    assert_eq!(ModelChoice::DenseExp.theory(20, 0.1).len(), 1);
}

#[test]
fn csv_has_the_cli_header_and_an_optional_model_column() {
    let point = CapacityPoint {
        n_patterns: 20,
        success_rate: 0.975,
        mean_overlap: 0.99,
        mean_steps: 2.5,
    };
    let row = ResultRow {
        model: "classic Hebbian Async".into(),
        series: 0,
        dim: 200,
        point,
    };
    assert_eq!(
        csv(std::slice::from_ref(&row), false),
        "n_patterns,success_rate,mean_overlap,mean_steps\n20,0.975,0.99,2.5\n"
    );
    let two = csv(&[row.clone(), row], true);
    assert!(two.starts_with("model,n_patterns,success_rate"));
    assert!(two.contains("\nclassic Hebbian Async,20,0.975,0.99,2.5\n"));
    assert_eq!(csv_field("a,b"), "\"a,b\"");
}

#[test]
fn the_lab_jobs_on_the_pool_match_the_engine() {
    let mut s = Preset::ClassicBreaks.settings();
    s.models = vec![ModelChoice::HebbianAsync, ModelChoice::Modern];
    s.trials = 6;
    let jobs = s.jobs().unwrap();
    let expected: Vec<Vec<CapacityPoint>> = jobs
        .iter()
        .map(|j| crate::engine::capacity::run_to_end(j.config.clone()).unwrap())
        .collect();
    let series = jobs.iter().map(Job::series).collect();
    assert_eq!(
        crate::compute::capacity::run_series(series, 3).unwrap(),
        expected
    );
}

#[test]
fn exponential_capacity_exponent() {
    assert!((information(0.8) - 0.5 * (1.8 * 1.8f64.ln() + 0.2 * 0.2f64.ln())).abs() < 1e-12);
    assert_eq!(exponential_alpha(0.5), 0.0);
    assert!((exponential_alpha(0.0) - 2f64.ln() / 2.0).abs() < 1e-12);
}

#[test]
fn time_left_reads_well() {
    assert_eq!(seconds_left(1000.0, 0.0), None);
    assert_eq!(seconds_left(1000.0, 0.5), Some(1.0));
    assert_eq!(format_time_left(Some(12.4)), "about 12 s left");
    assert_eq!(format_time_left(Some(600.0)), "about 10 min left");
    assert_eq!(format_time_left(Some(0.1)), "less than a second left");
}
