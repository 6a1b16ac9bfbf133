//! The CLI's error type and its hand-written flag parser. Every message names the field or
//! flag that caused it, so a script author sees at once what to fix; every user mistake is
//! exit code 2.

use std::fmt;
use std::str::FromStr;

use hopfield_lab::engine::EngineError;

/// Exit code for bad input (flags, JSON, values the engine rejects).
pub const EXIT_BAD_INPUT: u8 = 2;
/// Exit code for failures that are not the user's input (writing the output failed).
pub const EXIT_FAILURE: u8 = 1;

/// A failure that ends the program with a one-line message on stderr.
#[derive(Debug, Clone, PartialEq)]
pub struct CliError {
    /// Process exit code.
    pub code: u8,
    /// The message, without the leading `error: `.
    pub message: String,
}

impl CliError {
    /// Bad input not tied to one field (unknown command, unreadable file, invalid JSON).
    pub fn usage(message: impl fmt::Display) -> Self {
        Self {
            code: EXIT_BAD_INPUT,
            message: message.to_string(),
        }
    }

    /// Bad value of the JSON field `name`: `field "name": message`.
    pub fn field(name: &str, message: impl fmt::Display) -> Self {
        Self::usage(format!("field \"{name}\": {message}"))
    }

    /// Bad value of the command-line flag `--name`: `flag --name: message`.
    pub fn flag(name: &str, message: impl fmt::Display) -> Self {
        Self::usage(format!("flag --{name}: {message}"))
    }
}

impl fmt::Display for CliError {
    /// One line, always: embedded newlines (from serde_json or the engine) become spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message.replace(['\n', '\r'], " "))
    }
}

/// Attaches a field name to an engine error (`.map_err(in_field("beta"))`).
pub fn in_field(name: &'static str) -> impl Fn(EngineError) -> CliError {
    move |err| CliError::field(name, err)
}

/// Attaches a flag name to an engine error.
pub fn in_flag(name: &'static str) -> impl Fn(EngineError) -> CliError {
    move |err| CliError::flag(name, err)
}

/// `--name value` / `--name=value` pairs of one command, consumed by name so that whatever is
/// left at the end is reported as unknown.
#[derive(Debug)]
pub struct Flags {
    pairs: Vec<(String, String)>,
}

impl Flags {
    /// Splits `args` into flag/value pairs; a bare word or a flag without a value is an error.
    pub fn parse(args: &[String]) -> Result<Self, CliError> {
        let mut pairs = Vec::new();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let Some(name) = arg.strip_prefix("--") else {
                return Err(CliError::usage(format!(
                    "unexpected argument \"{arg}\" (flags look like --name value)"
                )));
            };
            let (name, value) = match name.split_once('=') {
                Some((n, v)) => (n.to_string(), v.to_string()),
                None => match iter.next() {
                    Some(v) => (name.to_string(), v.clone()),
                    None => return Err(CliError::flag(name, "missing value")),
                },
            };
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(CliError::flag(&name, "given twice"));
            }
            pairs.push((name, value));
        }
        Ok(Self { pairs })
    }

    /// Removes and returns the raw value of `--name`.
    pub fn take(&mut self, name: &str) -> Option<String> {
        let index = self.pairs.iter().position(|(n, _)| n == name)?;
        Some(self.pairs.remove(index).1)
    }

    /// The value of `--name` parsed as `T`, or `default` when absent.
    pub fn parsed_or<T: FromStr>(
        &mut self,
        name: &str,
        default: T,
        what: &str,
    ) -> Result<T, CliError> {
        match self.take(name) {
            Some(raw) => raw
                .parse()
                .map_err(|_| CliError::flag(name, format!("expected {what}, got \"{raw}\""))),
            None => Ok(default),
        }
    }

    /// The value of a required `--name` parsed as `T`.
    pub fn required<T: FromStr>(&mut self, name: &str, what: &str) -> Result<T, CliError> {
        let raw = self
            .take(name)
            .ok_or_else(|| CliError::flag(name, format!("required ({what})")))?;
        raw.parse()
            .map_err(|_| CliError::flag(name, format!("expected {what}, got \"{raw}\"")))
    }

    /// Fails on the first flag nobody asked for.
    pub fn finish(self) -> Result<(), CliError> {
        match self.pairs.first() {
            Some((name, _)) => Err(CliError::flag(name, "unknown flag (see --help)")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_parse_both_spellings_and_report_leftovers() {
        let mut flags =
            Flags::parse(&strings(&["--dim", "10", "--flip=0.2", "--zap", "1"])).unwrap();
        assert_eq!(flags.required::<usize>("dim", "an integer").unwrap(), 10);
        assert_eq!(flags.parsed_or("flip", 0.1f32, "a number").unwrap(), 0.2);
        assert_eq!(flags.parsed_or("seed", 7u64, "an integer").unwrap(), 7);
        let err = flags.finish().unwrap_err();
        assert!(err.message.contains("--zap"), "{err}");
    }

    #[test]
    fn flag_errors_name_the_flag() {
        assert!(
            Flags::parse(&strings(&["--dim"]))
                .unwrap_err()
                .message
                .contains("--dim")
        );
        assert!(Flags::parse(&strings(&["dim"])).is_err());
        assert!(Flags::parse(&strings(&["--a", "1", "--a", "2"])).is_err());
        let mut flags = Flags::parse(&strings(&["--dim", "x"])).unwrap();
        let err = flags.required::<usize>("dim", "an integer").unwrap_err();
        assert_eq!(err.code, EXIT_BAD_INPUT);
        assert!(err.message.starts_with("flag --dim:"), "{err}");
    }

    #[test]
    fn messages_are_one_line() {
        let err = CliError::field("beta", "a\nb");
        assert_eq!(err.to_string(), "field \"beta\": a b");
    }
}
