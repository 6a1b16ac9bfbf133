//! The committed `www/heads/heads.bin` decodes into MiniLM's 6 × 12 heads, and the classes the
//! Rust side computes from it show the shape the generator printed: layer 1 mostly global
//! averaging (I), the middle layers mostly metastable (II), and a raised β sharpens every head.

use hopfield_lab::lab::heads::analysis::{HeadClass, HeadScores, class_histogram, model_beta};
use hopfield_lab::lab::heads::asset::{AssetError, decode};

fn asset_bytes() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/heads/heads.bin"))
        .expect("www/heads/heads.bin (scripts/make_heads.py writes it)")
}

#[test]
fn the_asset_holds_minilm_heads_for_sentences_and_a_paragraph() {
    let asset = decode(&asset_bytes()).unwrap();
    assert_eq!((asset.layers, asset.heads, asset.head_dim), (6, 12, 32));
    assert!(asset.texts.len() >= 4);
    for text in &asset.texts {
        assert_eq!(text.tokens.first().map(String::as_str), Some("[CLS]"));
        assert_eq!(text.tokens.last().map(String::as_str), Some("[SEP]"));
        assert_eq!(text.heads.len(), 72);
        let t = text.tokens.len();
        assert!(
            text.heads
                .iter()
                .all(|h| h.queries.len() == t * 32 && h.keys.len() == t * 32)
        );
    }
    assert!(
        asset.texts.iter().any(|t| t.tokens.len() >= 128),
        "a paragraph of 128+ tokens"
    );
    assert!(
        asset
            .texts
            .iter()
            .filter(|t| (16..=22).contains(&t.tokens.len()))
            .count()
            >= 3
    );
}

#[test]
fn first_layer_averages_middle_layers_are_metastable() {
    let asset = decode(&asset_bytes()).unwrap();
    let beta = model_beta(asset.head_dim);
    for text in &asset.texts {
        let summaries: Vec<_> = text
            .heads
            .iter()
            .map(|h| HeadScores::new(h, asset.head_dim).summary(beta))
            .collect();
        assert!(
            summaries
                .iter()
                .all(|s| s.median_k90.is_finite() && s.median_k90 >= 1.0)
        );
        let hist = class_histogram(&summaries, asset.heads);
        assert!(
            hist[0][HeadClass::I.index()] >= 9,
            "{}: layer 1 {:?}",
            text.title,
            hist[0]
        );
        let middle_ii: usize = hist[1..5].iter().map(|l| l[HeadClass::II.index()]).sum();
        let middle_i: usize = hist[1..5].iter().map(|l| l[HeadClass::I.index()]).sum();
        assert!(
            middle_ii > 2 * middle_i,
            "{}: layers 2–5 {:?}",
            text.title,
            &hist[1..5]
        );
        // Ten times the model's β: no head averages globally any more.
        let sharp = text
            .heads
            .iter()
            .map(|h| {
                HeadScores::new(h, asset.head_dim)
                    .summary(10.0 * beta)
                    .class
            })
            .filter(|&c| c == HeadClass::I)
            .count();
        assert!(
            sharp < hist.iter().map(|l| l[0]).sum::<usize>(),
            "{}",
            text.title
        );
    }
}

#[test]
fn a_cut_download_is_an_error_not_a_panic() {
    let bytes = asset_bytes();
    for len in [0, 3, 9, 40, bytes.len() / 2, bytes.len() - 1] {
        assert!(
            matches!(decode(&bytes[..len]), Err(AssetError::Truncated { .. })),
            "prefix of {len} bytes"
        );
    }
}
