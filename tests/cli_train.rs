//! `hopfield train` end to end: the CSV header and shape of a short run, and bad flags (exit
//! code 2, one line naming the flag).

#[path = "shared/cli.rs"]
mod cli;

fn train(args: &[&str]) -> (i32, String, String) {
    cli::hopfield("train", args)
}

#[test]
fn a_short_run_prints_one_row_every_e_steps_with_every_head() {
    let (code, stdout, stderr) = train(&[
        "--task",
        "copy-back",
        "--layers",
        "2",
        "--heads",
        "2",
        "--dim",
        "16",
        "--batch",
        "4",
        "--steps",
        "5",
        "--every",
        "2",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "step,loss,accuracy,k90_1_1,k90_1_2,k90_2_1,k90_2_2,class_1_1,class_1_2,class_2_1,\
         class_2_2,jacobian_1_1,jacobian_1_2,jacobian_2_1,jacobian_2_2"
    );
    let steps: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(steps, ["0", "2", "4", "5"]);
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), 15, "{line}");
        assert!(
            cells[7..11]
                .iter()
                .all(|c| ["I", "II", "III", "IV"].contains(c)),
            "{line}"
        );
        let accuracy: f32 = cells[2].parse().unwrap();
        assert!((0.0..=1.0).contains(&accuracy));
    }
}

#[test]
fn bad_flags_exit_2_naming_the_flag() {
    for (args, flag) in [
        (&["--layers", "100"][..], "--layers"),
        (&["--heads", "0"], "--heads"),
        (&["--lr", "NaN"], "--lr"),
        (&["--task", "sorting"], "--task"),
        (&["--seq", "1000"], "--seq"),
        (&["--steps", "x"], "--steps"),
        (&["--mlp", "maybe"], "--mlp"),
        (&["--colour", "red"], "--colour"),
    ] {
        let (code, stdout, stderr) = train(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        let line = stderr.trim_end();
        assert!(!line.contains('\n'), "{line}");
        assert!(
            line.starts_with(&format!("error: flag {flag}:")),
            "{args:?}: {line}"
        );
        assert!(stdout.is_empty());
    }
}
