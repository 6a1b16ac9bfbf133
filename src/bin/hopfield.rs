//! (being written) The native command-line interface over the engine.
fn main() {}
