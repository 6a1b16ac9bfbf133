//! The `hopfield` binary end to end: real processes, real stdin/stdout, exit codes. Checks the
//! contract scripts rely on — JSON shapes, the CSV header, exit code 2 with the field named.

use std::io::Write;
use std::process::{Command, Stdio};

use hopfield_lab::engine::{PatternSet, SeededRng};
use serde_json::Value;

/// Output of one run of the binary.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn hopfield(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_hopfield"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the hopfield binary starts");
    // A command that fails before reading stdin closes the pipe; that is not a test failure.
    let _ = child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes());
    let out = child.wait_with_output().expect("the binary finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("stdout is JSON")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

/// Asserts exit code 2 and a single stderr line `error: field "<field>": …`.
fn assert_bad_field(run: &Run, field: &str) {
    assert_eq!(run.code, 2, "stdout: {} stderr: {}", run.stdout, run.stderr);
    let line = run.stderr.trim_end();
    assert!(!line.contains('\n'), "one line expected: {line}");
    assert!(
        line.starts_with(&format!("error: field \"{field}\":")),
        "expected field {field}: {line}"
    );
    assert!(run.stdout.is_empty());
}

const SMALL: &str = r#""patterns": [[1, 1, 1, 1, -1, -1, -1, -1],
                                   [1, -1, 1, -1, 1, -1, 1, -1],
                                   [1, 1, -1, -1, 1, 1, -1, -1]]"#;

#[test]
fn retrieve_modern_records_a_full_trajectory() {
    let input =
        format!(r#"{{"model": "modern", "beta": 2, {SMALL}, "query": [1, 1, 1, 1, 0, 0, 0, 0]}}"#);
    let out = json(&hopfield(&["retrieve", "-"], &input));
    let states = out["states"].as_array().unwrap();
    assert_eq!(
        floats(&states[0]),
        vec![1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    );
    let steps = out["steps"].as_u64().unwrap() as usize;
    assert_eq!(states.len(), steps + 1);
    assert_eq!(out["energies"].as_array().unwrap().len(), states.len());
    let weights = out["weights"].as_array().unwrap();
    assert_eq!(weights.len(), states.len());
    for w in weights {
        let sum: f64 = floats(w).iter().sum();
        assert!((sum - 1.0).abs() < 1e-5);
    }
    // Energies never increase (CCCP).
    let e = floats(&out["energies"]);
    assert!(e.windows(2).all(|p| p[1] <= p[0] + 1e-5), "{e:?}");
    assert_eq!(out["converged"], Value::Bool(true));
    assert_eq!(out["fixed_point"]["kind"], "single");
    assert_eq!(out["fixed_point"]["k90"], 1);
    let overlaps = floats(&out["overlaps"]);
    assert_eq!(overlaps.len(), 3);
    assert!(overlaps[0] > 0.99, "{overlaps:?}");
}

#[test]
fn retrieve_modern_at_tiny_beta_is_global() {
    let input = format!(r#"{{"beta": 0.0001, {SMALL}, "query": [1, 1, 1, 1, -1, -1, -1, -1]}}"#);
    let out = json(&hopfield(&["retrieve"], &input));
    assert_eq!(out["fixed_point"]["kind"], "global");
    assert_eq!(out["fixed_point"]["k90"], 3);
}

#[test]
fn retrieve_reads_a_file_and_applies_a_corruption() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-retrieve.json");
    let input = format!(
        r#"{{"beta": 3, {SMALL}, "query": [1, 1, 1, 1, -1, -1, -1, -1], "seed": 4,
             "corruption": {{"kind": "flip-signs", "fraction": 0.25}}}}"#
    );
    std::fs::write(&path, input).unwrap();
    let path = path.to_str().unwrap();
    let a = json(&hopfield(&["retrieve", path], ""));
    let b = json(&hopfield(&["retrieve", path], ""));
    assert_eq!(a, b, "same seed, same run");
    let q = floats(&a["states"][0]);
    let flipped = q
        .iter()
        .zip([1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, -1.0])
        .filter(|(x, y)| **x != *y)
        .count();
    assert_eq!(flipped, 2);
}

#[test]
fn retrieve_classic_sync_shows_the_two_cycle() {
    // SCIENCE.md fact 2: store (1, −1), start at (1, 1): it alternates (1,1) ↔ (−1,−1).
    let input = r#"{"model": "classic", "update": "sync", "patterns": [[1, -1]], "query": [1, 1]}"#;
    let out = json(&hopfield(&["retrieve", "-"], input));
    let states: Vec<Vec<f64>> = out["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(floats)
        .collect();
    assert_eq!(states[0], vec![1.0, 1.0]);
    assert_eq!(states[1], vec![-1.0, -1.0]);
    assert_eq!(out["cycle"], Value::Bool(true));
    assert_eq!(out["converged"], Value::Bool(false));
    assert!(out.get("weights").is_none() && out.get("fixed_point").is_none());
}

#[test]
fn every_model_cleans_up_a_corrupted_pattern() {
    // d = 64, N = 3 random patterns: far below every model's capacity.
    let set = PatternSet::random_binary(64, 3, &mut SeededRng::new(7)).unwrap();
    let rows: Vec<Vec<f32>> = set.iter().map(<[f32]>::to_vec).collect();
    let patterns = serde_json::to_string(&rows).unwrap();
    let query = serde_json::to_string(set.pattern(0)).unwrap();
    for model in [
        r#""model": "classic", "rule": "hebbian", "update": "async""#,
        r#""model": "classic", "rule": "storkey""#,
        r#""model": "classic", "rule": "pseudoinverse", "update": "sync""#,
        r#""model": "dense", "degree": 3"#,
        r#""model": "dense", "degree": "exp", "beta": 1"#,
        r#""model": "modern", "beta": 1"#,
    ] {
        let input = format!(
            r#"{{{model}, "patterns": {patterns}, "query": {query}, "seed": 2,
                 "corruption": {{"kind": "flip-signs", "fraction": 0.15}}}}"#
        );
        let out = json(&hopfield(&["retrieve", "-"], &input));
        let states = out["states"].as_array().unwrap();
        assert_eq!(
            out["energies"].as_array().unwrap().len(),
            states.len(),
            "{model}"
        );
        assert_eq!(out["converged"], Value::Bool(true), "{model}");
        let overlaps = floats(&out["overlaps"]);
        assert!(overlaps[0] > 0.99, "{model}: {overlaps:?}");
        let e = floats(&out["energies"]);
        assert!(e.windows(2).all(|p| p[1] <= p[0] + 1e-6), "{model}: {e:?}");
    }
}

#[test]
fn bad_retrieve_input_exits_2_naming_the_field() {
    let cases = [
        (
            format!(r#"{{"beta": -1, {SMALL}, "query": [1,1,1,1,1,1,1,1]}}"#),
            "beta",
        ),
        (
            format!(r#"{{"beta": "hot", {SMALL}, "query": [1,1,1,1,1,1,1,1]}}"#),
            "beta",
        ),
        (
            format!(r#"{{"model": "boltzmann", {SMALL}, "query": [1,1,1,1,1,1,1,1]}}"#),
            "model",
        ),
        (format!(r#"{{{SMALL}, "query": [1, 1]}}"#), "query"),
        (format!(r#"{{{SMALL}}}"#), "query"),
        (
            r#"{"patterns": [[1, 2], [1]], "query": [1, 2]}"#.to_string(),
            "patterns",
        ),
        (
            format!(r#"{{{SMALL}, "query": [1,1,1,1,1,1,1,1], "betta": 2}}"#),
            "betta",
        ),
        (
            format!(
                r#"{{"model": "classic", "rule": "oja", {SMALL}, "query": [1,1,1,1,1,1,1,1]}}"#
            ),
            "rule",
        ),
        (
            format!(r#"{{"model": "dense", "degree": 0, {SMALL}, "query": [1,1,1,1,1,1,1,1]}}"#),
            "degree",
        ),
        (
            format!(r#"{{"seed": -3, {SMALL}, "query": [1,1,1,1,1,1,1,1]}}"#),
            "seed",
        ),
    ];
    for (input, field) in cases {
        assert_bad_field(&hopfield(&["retrieve", "-"], &input), field);
    }
}

#[test]
fn unreadable_input_exits_2() {
    for (args, input) in [
        (vec!["retrieve", "-"], "{not json"),
        (vec!["retrieve", "-"], "[1, 2]"),
        (vec!["retrieve", "/nonexistent/file.json"], ""),
        (vec!["retrieve", "a.json", "b.json"], ""),
        (vec!["frobnicate"], ""),
        (vec!["capacity", "--model", "modern"], ""),
    ] {
        let run = hopfield(&args, input);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert_eq!(run.stderr.trim_end().lines().count(), 1, "{}", run.stderr);
    }
}

#[test]
fn capacity_writes_one_csv_row_per_n() {
    let run = hopfield(
        &[
            "capacity",
            "--model",
            "classic",
            "--dim",
            "100",
            "--patterns",
            "5:30:5",
            "--trials",
            "20",
            "--flip",
            "0.1",
            "--seed",
            "3",
        ],
        "",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "n_patterns,success_rate,mean_overlap,mean_steps");
    assert_eq!(lines.len(), 1 + 6, "{}", run.stdout);
    let rows: Vec<Vec<f64>> = lines[1..]
        .iter()
        .map(|l| l.split(',').map(|v| v.parse().unwrap()).collect())
        .collect();
    let ns: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    assert_eq!(ns, vec![5.0, 10.0, 15.0, 20.0, 25.0, 30.0]);
    for r in &rows {
        assert_eq!(r.len(), 4);
        assert!(
            (0.0..=1.0).contains(&r[1]) && r[2] <= 1.0 && r[3] >= 0.0,
            "{r:?}"
        );
    }
    // Classic Hebbian at d = 100: fine at N = 5, broken at N = 30 (SCIENCE.md fact 4).
    assert!(rows[0][1] >= 0.9 && rows[5][1] <= 0.5, "{}", run.stdout);
    // Same seed, same CSV, on any number of threads (the default is every core).
    for threads in ["--threads=1", "--threads=4"] {
        let again = hopfield(
            &[
                "capacity",
                "--model=classic",
                "--dim=100",
                "--patterns=5:30:5",
                "--trials=20",
                "--seed=3",
                threads,
            ],
            "",
        );
        assert_eq!(again.stdout, run.stdout, "{threads}");
    }
}

#[test]
fn capacity_runs_every_model_and_criterion() {
    for extra in [
        &["--model", "modern", "--beta", "1"][..],
        &["--model", "dense", "--degree", "3", "--criterion", "exact"][..],
        &["--model", "dense", "--degree", "exp"][..],
        &[
            "--model", "classic", "--rule", "storkey", "--update", "sync",
        ][..],
        &[
            "--model",
            "classic",
            "--rule",
            "pseudoinverse",
            "--criterion",
            "overlap:0.9",
        ][..],
    ] {
        let mut args = vec![
            "capacity",
            "--dim",
            "32",
            "--patterns",
            "2:6:2",
            "--trials",
            "4",
        ];
        args.extend_from_slice(extra);
        let run = hopfield(&args, "");
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
        assert_eq!(run.stdout.lines().count(), 4, "{extra:?}: {}", run.stdout);
    }
}

#[test]
fn capacity_flag_errors_name_the_flag() {
    let run = hopfield(
        &[
            "capacity",
            "--model",
            "modern",
            "--dim",
            "16",
            "--patterns",
            "4:2:1",
        ],
        "",
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: flag --patterns:"),
        "{}",
        run.stderr
    );
}

#[test]
fn fixed_points_single_beta_and_log_range() {
    let input = r#"{"patterns": [[1, 0], [0, 1], [-1, 0]], "beta": 50}"#;
    let out = json(&hopfield(&["fixed-points", "-"], input));
    assert_eq!(out["dim"], 2);
    assert_eq!(out["count"], 3);
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let points = results[0]["fixed_points"].as_array().unwrap();
    let singles = points.iter().filter(|p| p["kind"] == "single").count();
    assert_eq!(singles, 3, "{points:?}");
    for p in points {
        assert_eq!(floats(&p["state"]).len(), 2);
        assert!(p["energy"].is_number() && p["k90"].is_number());
    }

    let input = r#"{"patterns": [[1, 0], [0, 1], [-1, 0]],
                    "betas": {"from": 0.001, "to": 100, "steps": 3}}"#;
    let out = json(&hopfield(&["fixed-points"], input));
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["fixed_points"][0]["kind"], "global");
    assert!((results[1]["beta"].as_f64().unwrap() - 0.3162).abs() < 1e-3);
}

/// SCIENCE.md's kind: two close points and a far one at β = 0.5 have the pair's average
/// (k90 = 2 of 3) beside the far point; with two stable points neither is "global", and the
/// lone fixed point with weights (0.44, 0.45, 0.11) at β = 1 is metastable.
#[test]
fn fixed_points_never_call_one_of_several_global() {
    let input = r#"{"patterns": [[1.4, 0.3], [1.4, -0.3], [-2.0, 0.5]], "beta": 0.5}"#;
    let out = json(&hopfield(&["fixed-points"], input));
    let kinds: Vec<String> = out["results"][0]["fixed_points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} {}", p["kind"].as_str().unwrap(), p["k90"]))
        .collect();
    assert_eq!(kinds, ["metastable 2", "single 1"]);
    let readme = json(&hopfield(
        &["fixed-points"],
        r#"{"patterns": [[1.0, 0.0], [0.8, 0.6], [-1.0, 0.0]], "beta": 1, "seed": 1}"#,
    ));
    let lone = &readme["results"][0]["fixed_points"];
    assert_eq!(lone.as_array().unwrap().len(), 1);
    assert_eq!(lone[0]["kind"], "metastable");
}

#[test]
fn bad_fixed_points_input_exits_2_naming_the_field() {
    for (input, field) in [
        (
            r#"{"patterns": [[1]], "betas": {"from": 1, "to": 0.5, "steps": 3}}"#,
            "betas",
        ),
        (r#"{"patterns": [[1]], "beta": 0}"#, "beta"),
        (r#"{"patterns": [[1]], "gamma": 1}"#, "gamma"),
        (r#"{"beta": 1}"#, "patterns"),
    ] {
        assert_bad_field(&hopfield(&["fixed-points", "-"], input), field);
    }
}

#[test]
fn help_is_printed_for_every_command() {
    let main = hopfield(&["--help"], "");
    assert_eq!(main.code, 0);
    for command in ["retrieve", "capacity", "fixed-points"] {
        assert!(main.stdout.contains(command), "{}", main.stdout);
        let page = hopfield(&[command, "--help"], "");
        assert_eq!(page.code, 0);
        assert!(
            page.stdout.starts_with(&format!("hopfield {command}")),
            "{}",
            page.stdout
        );
        assert_eq!(hopfield(&["help", command], "").stdout, page.stdout);
    }
    assert_eq!(hopfield(&[], "").stdout, main.stdout);
}

#[test]
fn retrieve_with_a_target_prints_the_theory_fields_of_the_engine() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/cli/retrieve-theory.json"
    ))
    .unwrap();
    let out = json(&hopfield(&["retrieve", "-"], &text));
    // The same numbers from the engine function the views call.
    let rows = vec![
        vec![1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, -1.0],
        vec![1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0],
        vec![1.0, 1.0, -1.0, -1.0, 1.0, 1.0, -1.0, -1.0],
    ];
    let patterns = PatternSet::from_rows(&rows).unwrap();
    let query = [1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, 0.0];
    let r = hopfield_lab::engine::theory::measure(&patterns, 0, 2.0, &query, 10).unwrap();
    assert_eq!(out["separation"], serde_json::json!(r.theorem5.separation));
    assert_eq!(out["max_norm"], serde_json::json!(r.theorem5.max_norm));
    assert_eq!(
        out["error_after_one_update"],
        serde_json::json!(r.error_after_one_update)
    );
    assert_eq!(out["theorem5_bound"], serde_json::json!(r.theorem5.bound));
    assert_eq!(
        out["updates_to_converge"],
        serde_json::json!(r.updates_to_converge)
    );
    assert_eq!(out["jacobian_norm"], serde_json::json!(r.jacobian_norm));
    assert_eq!(
        out["softmax_jacobian_norm"],
        serde_json::json!(r.softmax_jacobian_norm)
    );
    // Δ₀ = 8 − 0 for these orthogonal ±1 patterns, M = √8.
    assert_eq!(out["separation"], 8.0);
    assert!(out["error_after_one_update"].as_f64().unwrap() < 0.01);
}

#[test]
fn a_target_out_of_range_or_for_another_model_is_refused() {
    let base = r#""patterns": [[1, -1], [-1, 1]], "query": [1, -1]"#;
    let run = hopfield(&["retrieve", "-"], &format!("{{{base}, \"target\": 2}}"));
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("field \"target\""), "{}", run.stderr);
    let run = hopfield(
        &["retrieve", "-"],
        &format!("{{{base}, \"model\": \"classic\", \"target\": 0}}"),
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("field \"target\""), "{}", run.stderr);
    // Without a target there are no theory fields.
    let out = json(&hopfield(&["retrieve", "-"], &format!("{{{base}}}")));
    assert!(out.get("theorem5_bound").is_none());
}
