//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted into a real DOM.
#![cfg(target_arch = "wasm32")]

use hopfield_lab::app::components::beta_slider::BetaSlider;
use hopfield_lab::app::views::studio::Studio;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "shared/exp_fingerprint.rs"]
mod exp_fingerprint;

/// A fresh container element for one test.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn by_testid(root: &web_sys::HtmlElement, id: &str) -> web_sys::HtmlElement {
    root.query_selector(&format!("[data-testid={id}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={id}"))
        .unchecked_into()
}

/// Waits `ms` milliseconds (a setTimeout promise).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn beta_slider_moves_beta_on_a_log_scale() {
    let root = container();
    let beta = RwSignal::new(1.0f32);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <BetaSlider beta=beta min=1e-3 max=10.0 /> }
    });
    leptos::task::tick().await;
    let input: web_sys::HtmlInputElement = by_testid(&root, "beta").unchecked_into();
    assert_eq!(input.get_attribute("data-beta").as_deref(), Some("1.00"));
    input.set_value("-2");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    leptos::task::tick().await;
    assert!((beta.get_untracked() - 0.01).abs() < 1e-6);
    assert_eq!(input.get_attribute("data-beta").as_deref(), Some("0.0100"));
}

#[wasm_bindgen_test]
async fn studio_shows_the_gallery_and_panels_and_says_when_its_workers_are_missing() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), Studio);
    leptos::task::tick().await;
    // The test runner serves no patterns/photos.bin: the studio says so instead of breaking…
    let mut said = false;
    for _ in 0..100 {
        said = root
            .text_content()
            .is_some_and(|t| t.contains("patterns/photos.bin"));
        if said {
            break;
        }
        sleep_ms(20).await;
    }
    assert!(said, "no message about the missing photos");
    // …and every other source still works: the glyphs.
    let source: web_sys::HtmlSelectElement = by_testid(&root, "source-select").unchecked_into();
    source.set_value("glyphs");
    source
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
    let gallery = by_testid(&root, "pattern-gallery");
    assert_eq!(gallery.get_attribute("data-count").as_deref(), Some("8"));
    // 8 thumbnails + 2 query views + the drawing grid + 3 panels × (query, state, energy,
    // overlaps) + the weights chart.
    let canvases = root.query_selector_all("canvas").unwrap().length();
    assert_eq!(canvases, 24);
    // The binary panels record in compute workers, and the test runner's page names no
    // compute module: each of them says so, in its own notice…
    for id in ["panel-classic", "panel-dense"] {
        let mut said = false;
        for _ in 0..100 {
            said = by_testid(&root, id)
                .text_content()
                .is_some_and(|t| t.contains("names no compute module"));
            if said {
                break;
            }
            sleep_ms(20).await;
        }
        assert!(said, "{id}: no notice about the missing compute module");
        assert_eq!(by_testid(&root, id).get_attribute("data-pending"), None);
    }
    // …while the modern panel, recorded on the page, retrieves and plays.
    let modern = by_testid(&root, "panel-modern");
    let overlap: f32 = modern
        .get_attribute("data-overlap")
        .unwrap()
        .parse()
        .unwrap();
    assert!((-1.0..=1.0).contains(&overlap), "modern: {overlap}");
    assert_eq!(modern.get_attribute("data-step").as_deref(), Some("0"));
    by_testid(&root, "step").click();
    leptos::task::tick().await;
    assert_eq!(
        by_testid(&root, "panel-modern")
            .get_attribute("data-step")
            .as_deref(),
        Some("1")
    );
    assert!(
        by_testid(&root, "panel-modern")
            .query_selector("[data-testid=notice]")
            .unwrap()
            .is_none()
    );
}

/// The kernels' SIMD128 forms compute the documented order exactly: 32 lanes (lane k sums the
/// products at indices ≡ k mod 32, a multiply then an add each), reduced pairwise k + 16, k + 8,
/// k + 4, then (l₀ + l₂) + (l₁ + l₃); the tail by four accumulators. Written out here as plain
/// scalar code and compared bit for bit; axpy and axpy4 are entrywise.
#[wasm_bindgen_test]
fn simd_kernels_give_the_scalar_bits() {
    use hopfield_lab::engine::math::{axpy, axpy4, dot};
    let len = 32 * 37 + 7;
    let a: Vec<f32> = (0..len)
        .map(|i| ((i * 7919 % 1000) as f32 - 500.0) / 37.0)
        .collect();
    let b: Vec<f32> = (0..len)
        .map(|i| ((i * 104_729 % 997) as f32 - 498.0) / 53.0)
        .collect();

    let body = len / 32 * 32;
    let mut lanes = [0.0f32; 32];
    for i in 0..body {
        lanes[i % 32] += a[i] * b[i];
    }
    for width in [16, 8, 4] {
        for k in 0..width {
            lanes[k] += lanes[k + width];
        }
    }
    let head = (lanes[0] + lanes[2]) + (lanes[1] + lanes[3]);
    let (mut s0, mut s1, mut s2, mut s3) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    for i in (body..len - (len - body) % 4).step_by(4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    let mut tail = (s0 + s1) + (s2 + s3);
    for i in len - (len - body) % 4..len {
        tail += a[i] * b[i];
    }
    assert_eq!(dot(&a, &b).to_bits(), (head + tail).to_bits());

    let mut y = b.clone();
    axpy(0.37, &a, &mut y);
    let expected: Vec<u32> = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (y + 0.37 * x).to_bits())
        .collect();
    assert_eq!(y.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), expected);

    let mut y = b.clone();
    let xs = [&a[..], &b[..], &a[..], &b[..]];
    let alpha = [0.5, -1.25, 3.0, 0.125];
    axpy4(alpha, xs, &mut y);
    let expected: Vec<u32> = (0..len)
        .map(|i| (0..4).fold(b[i], |v, k| v + alpha[k] * xs[k][i]).to_bits())
        .collect();
    assert_eq!(y.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), expected);
}

/// The Hebbian matrix learnt by wasm's SIMD128 popcounts (four weights at a time, blocks of 64
/// patterns) is the literal sum of outer products, entry for entry: a d that leaves a tail of
/// two and a last block of two patterns.
#[wasm_bindgen_test]
fn hebbian_popcounts_give_the_sum_of_outer_products() {
    use hopfield_lab::engine::classic::{ClassicHopfield, LearningRule};
    use hopfield_lab::engine::patterns::PatternSet;
    use hopfield_lab::engine::rng::SeededRng;
    let (d, n) = (70, 130);
    let set = PatternSet::random_binary(d, n, &mut SeededRng::new(4)).unwrap();
    let net = ClassicHopfield::new(&set, LearningRule::Hebbian).unwrap();
    assert!(!net.is_low_rank());
    let w = net.weight_matrix().unwrap();
    let scale = 1.0 / d as f32;
    for i in 0..d {
        for j in 0..d {
            let sum: f32 = if i == j {
                0.0
            } else {
                set.iter().map(|x| x[i] * x[j]).sum()
            };
            assert_eq!(w[(i, j)].to_bits(), (sum * scale).to_bits(), "({i}, {j})");
        }
    }
}

/// The exponentials give the native build's bits (the fingerprint `tests/engine_math.rs` checks).
#[wasm_bindgen_test]
fn exponentials_give_the_native_bits() {
    assert_eq!(exp_fingerprint::fingerprint(), exp_fingerprint::EXPECTED);
}

/// The browser's reading of decimal text (url_state::decimal) is Rust's, value for value.
#[wasm_bindgen_test]
fn decimal_text_reads_as_rust_reads_it() {
    use hopfield_lab::url_state::decimal::{Decimal, parse_f64};
    let values = [
        0.0,
        -2.5,
        0.05,
        0.1,
        1e-3,
        5e-324,
        f64::MIN_POSITIVE,
        f64::MAX,
        123456.789,
    ];
    let spellings = values
        .iter()
        .flat_map(|v| [v.to_string(), format!("{v:e}"), format!("{v:.3}")]);
    let odd = [
        ".5",
        "3.",
        "+3",
        "1E-3",
        "1e400",
        "-inf",
        "1".repeat(40).as_str(),
    ]
    .map(String::from);
    for text in spellings.chain(odd) {
        assert_eq!(parse_f64(&text), text.parse::<f64>().ok(), "{text}");
        assert_eq!(
            f32::parse_decimal(&text),
            text.parse::<f32>().ok(),
            "{text}"
        );
    }
    for text in ["", "1e", "0x10", " 1", "1.2.3"] {
        assert_eq!(parse_f64(text), None, "{text}");
    }
}
