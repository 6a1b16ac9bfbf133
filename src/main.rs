//! The browser entry point (built by Trunk): install the panic hook, mount the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    hopfield_lab::app::start();
}

/// Natively this binary only points at the right commands.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("hopfield-lab is the browser app: run `make serve`; the native CLI is `hopfield`.");
}
