//! Runs the `hopfield` binary the way a script would: the CLI test files of the newer commands
//! share it.

use std::process::Command;

/// `hopfield <command> <args…>`: its exit code, stdout and stderr.
pub fn hopfield(command: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_hopfield"))
        .arg(command)
        .args(args)
        .output()
        .expect("the hopfield binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
