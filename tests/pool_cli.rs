//! `hopfield pool` end to end: a tiny run's JSON shape, and bad flags exiting with code 2 and
//! one line naming the flag.

#[path = "shared/cli.rs"]
mod cli;

use serde_json::Value;

fn pool(args: &[&str]) -> (i32, String, String) {
    cli::hopfield("pool", args)
}

#[test]
fn a_tiny_run_prints_one_json_line_with_every_method() {
    let (code, stdout, stderr) = pool(&[
        "--sequences",
        "1000",
        "--witness",
        "1%",
        "--bags",
        "6",
        "--held-out",
        "4",
        "--steps",
        "3",
        "--beta",
        "learned",
        "--seed",
        "4",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let v: Value = serde_json::from_str(&stdout).expect("JSON");
    for method in ["hopfield", "mean", "max"] {
        let auc = v["auc"][method].as_f64().expect("an AUC per method");
        assert!((0.0..=1.0).contains(&auc), "{method}: {auc}");
    }
    let mass = v["witness_attention"].as_f64().expect("a witness share");
    assert!((0.0..=1.0).contains(&mass));
    assert_eq!(v["steps"], 3);
    assert_eq!(v["sequences"], 1000);
    let top = v["example_bag"]["top"].as_array().expect("top sequences");
    assert_eq!(top.len(), 3);
    assert!(top[0]["sequence"].as_str().is_some_and(|s| s.len() >= 12));
}

#[test]
fn bad_flags_exit_2_naming_the_flag() {
    for (args, flag) in [
        (vec!["--sequences", "10"], "--sequences"),
        (vec!["--sequences", "many"], "--sequences"),
        (vec!["--witness", "0.5"], "--witness"),
        (vec!["--witness", "lots"], "--witness"),
        (vec!["--beta", "hot"], "--beta"),
        (vec!["--beta", "0"], "--beta"),
        (vec!["--steps", "0"], "--steps"),
        (vec!["--motif", "XYZ"], "--motif"),
        (
            vec!["--sequences", "300000", "--held-out", "1000"],
            "--sequences",
        ),
        (vec!["--batch", "0"], "--batch"),
        (vec!["--weight-decay", "-1"], "--weight-decay"),
        (vec!["--key-norm", "yes"], "--key-norm"),
        (vec!["--curriculum", "maybe"], "--curriculum"),
        (vec!["--colour", "red"], "--colour"),
    ] {
        let (code, stdout, stderr) = pool(&args);
        assert_eq!(code, 2, "{args:?}: {stdout}");
        let line = stderr.trim_end();
        assert!(!line.contains('\n'), "{args:?}: one line expected: {line}");
        assert!(
            line.starts_with(&format!("error: flag {flag}:")),
            "{args:?}: {line}"
        );
    }
}

/// The browser's worker and the CLI share `lab::pooling::experiment`: the same settings give
/// the same AUCs, witness share and β whether trained at once by `hopfield pool` or in chunks
/// through the session's wire (the CLI rounds to four significant digits).
#[test]
fn the_worker_session_computes_what_the_cli_prints() {
    use hopfield_lab::compute::protocol::{Reply, Request};
    use hopfield_lab::compute::session::Session;
    use hopfield_lab::engine::pooling::PoolConfig;

    let config = PoolConfig {
        sequences: 1_000,
        witness_rate: 0.01,
        bags_train: 30,
        bags_held_out: 8,
        steps: 9,
        seed: 6,
        ..PoolConfig::default()
    };
    let (code, stdout, stderr) = pool(&[
        "--sequences",
        "1000",
        "--witness",
        "1%",
        "--bags",
        "30",
        "--held-out",
        "8",
        "--steps",
        "9",
        "--seed",
        "6",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).expect("JSON");
    let mut session = Session::default();
    let mut last = None;
    for steps in [4, 5] {
        let request = Request::PoolTrain {
            config: config.clone(),
            steps,
        };
        let request = Request::decode(&request.encode()).unwrap();
        let reply = session.serve(&request, &|| 0.0, &mut |_| {});
        let Reply::Pool(snapshot) = Reply::decode(&reply.encode()).unwrap() else {
            panic!("no snapshot: {reply:?}")
        };
        last = snapshot.points.last().copied();
    }
    let last = last.expect("a curve point");
    assert_eq!(last.step, 9);
    let close = |printed: &Value, exact: f32| {
        let p = printed.as_f64().expect("a number");
        (p - exact as f64).abs() <= 5e-4 * (exact as f64).abs().max(1e-3)
    };
    for (i, method) in ["hopfield", "mean", "max"].iter().enumerate() {
        assert!(
            close(&v["auc"][method], last.auc[i]),
            "{method}: {v} vs {last:?}"
        );
    }
    assert!(
        close(&v["witness_attention"], last.witness_mass),
        "{v} vs {last:?}"
    );
    assert!(close(&v["beta"], last.beta), "{v} vs {last:?}");
}
