//! End-to-end tests: the release build in `dist/`, served on 127.0.0.1, driven through
//! WebDriver in headless Chromium like a user. They need `trunk build --release` and
//! chromedriver first, so they are `#[ignore]`d in a plain `cargo test`; `make test` builds
//! the app and runs them with `--ignored`.
#![cfg(not(target_arch = "wasm32"))]

mod capacity;
mod cleanup;
mod embed;
mod export;
mod heads;
mod heads_live;
mod landscape;
mod learn;
mod lecture;
mod lecture_links;
mod links;
mod perf;
mod pooling;
mod robust;
mod shell;
mod skeleton;
mod studio;
mod studio_input;
mod studio_lecture;
mod studio_order;
mod studio_playback;
mod support;
