//! The heads view's requests on the session's all-MiniLM-L6-v2: a pass on the user's text,
//! the embedding's cosine with chosen heads replaced (against as many random heads, so the
//! view can say whether the chosen ones matter more than any), and one head at a time.
//! Every input is checked first and named in the error: nothing here panics on a request.

use crate::compute::executor::PROGRESS_MS;
use crate::compute::protocol::Reply;
use crate::engine::bert::forward::SIGMA_RANGE;
use crate::engine::bert::{Forward, HEADS, LAYERS, MiniLm, Options, Replacement, Tokens, cosine};
use crate::engine::rng::SeededRng;
use crate::lab::heads::live::BertHeads;
use crate::lab::heads::own::check_text;

/// The tokens of the checked `text`; `truncated` also when the text was cut to 500
/// characters, since the model then did not see all of it either.
fn tokens(model: &MiniLm, text: &str) -> Result<Tokens, String> {
    let kept = check_text(text)?;
    let mut tokens = model.vocab().tokenize(&kept);
    tokens.truncated |= kept.len() < text.len();
    Ok(tokens)
}

fn pass(model: &MiniLm, tokens: &Tokens, options: &Options) -> Result<Forward, String> {
    model
        .forward(tokens, options)
        .map_err(|e| format!("the model: {e}"))
}

/// The pass on `text`, timed by `now`.
pub(super) fn analyse(model: &MiniLm, text: &str, now: &dyn Fn() -> f64) -> Result<Reply, String> {
    let start = now();
    let tokens = tokens(model, text)?;
    let forward = pass(model, &tokens, &Options::default())?;
    let ms = now() - start;
    let Tokens {
        pieces, truncated, ..
    } = tokens;
    Ok(Reply::BertHeads(BertHeads::new(
        pieces, truncated, forward, ms,
    )))
}

/// `with` if the model can run it, else why not.
fn check_with(with: Replacement) -> Result<Replacement, String> {
    match with {
        Replacement::Gaussian { sigma } if !(SIGMA_RANGE.0..=SIGMA_RANGE.1).contains(&sigma) => {
            Err(format!(
                "σ = {sigma} of the Gaussian window is outside [{}, {}]",
                SIGMA_RANGE.0, SIGMA_RANGE.1
            ))
        }
        _ => Ok(with),
    }
}

/// The distinct heads of `heads`, sorted, or the first one outside the model.
fn check_heads(heads: &[(usize, usize)]) -> Result<Vec<(usize, usize)>, String> {
    if let Some((layer, head)) = heads.iter().find(|&&(l, h)| l >= LAYERS || h >= HEADS) {
        return Err(format!(
            "head ({layer}, {head}) is outside the model's {LAYERS} layers × {HEADS} heads \
             (counted from 0)"
        ));
    }
    let mut distinct = heads.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    Ok(distinct)
}

/// The embedding's cosine with `replace` replaced by `with` against `base`.
fn moved(
    model: &MiniLm,
    tokens: &Tokens,
    base: &[f32],
    replace: Vec<(usize, usize)>,
    with: Replacement,
) -> Result<f32, String> {
    let options = Options {
        replace,
        with: Some(with),
    };
    Ok(cosine(base, &pass(model, tokens, &options)?.embedding))
}

/// [`Reply::BertCosine`] of `heads` and of as many drawn with `seed`.
pub(super) fn replace(
    model: &MiniLm,
    text: &str,
    heads: &[(usize, usize)],
    with: Replacement,
    seed: u64,
) -> Result<Reply, String> {
    let heads = check_heads(heads)?;
    let with = check_with(with)?;
    let tokens = tokens(model, text)?;
    let base = pass(model, &tokens, &Options::default())?.embedding;
    let mut random_heads: Vec<(usize, usize)> = SeededRng::new(seed)
        .permutation(LAYERS * HEADS)
        .into_iter()
        .take(heads.len())
        .map(|i| (i / HEADS, i % HEADS))
        .collect();
    random_heads.sort_unstable();
    Ok(Reply::BertCosine {
        cosine: moved(model, &tokens, &base, heads, with)?,
        random_cosine: moved(model, &tokens, &base, random_heads.clone(), with)?,
        random_heads,
    })
}

/// [`Reply::BertDamage`] of heads `first .. first + count`, one replaced at a time.
pub(super) fn ablate(
    model: &MiniLm,
    text: &str,
    with: Replacement,
    first: usize,
    count: usize,
    now: &dyn Fn() -> f64,
    progress: &mut dyn FnMut(Reply),
) -> Result<Reply, String> {
    let total = LAYERS * HEADS;
    let end = first
        .checked_add(count)
        .filter(|&end| end <= total)
        .ok_or_else(|| {
            format!("heads {first}+{count} are not among the model's {total} (counted from 0)")
        })?;
    let with = check_with(with)?;
    let tokens = tokens(model, text)?;
    let base = pass(model, &tokens, &Options::default())?.embedding;
    let mut last = now();
    let mut damage = Vec::with_capacity(count);
    for i in first..end {
        let c = moved(model, &tokens, &base, vec![(i / HEADS, i % HEADS)], with)?;
        damage.push(1.0 - c);
        if now() - last >= PROGRESS_MS {
            last = now();
            progress(Reply::Progress { done: damage.len() });
        }
    }
    Ok(Reply::BertDamage { first, damage })
}

/// Through the wire with the real asset (`scripts/fetch-minilm.sh` puts it in .tools/minilm/);
/// skipped, with a note, where it is absent.
#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::super::Session;
    use crate::compute::protocol::{Reply, Request};
    use crate::engine::bert::{MiniLm, Options, Replacement};
    use crate::engine::transformer::TrainConfig;
    use crate::lab::heads::analysis::{HeadClass, HeadScores, model_beta};
    use crate::lab::heads::live::head_stats;

    const TEXT: &str = "A man is eating food.";

    fn asset() -> Option<Vec<u8>> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.tools/minilm/minilm.q8");
        let bytes = std::fs::read(path).ok();
        if bytes.is_none() {
            println!("skipped: {path} is missing (run `bash scripts/fetch-minilm.sh`)");
        }
        bytes
    }

    fn ask(session: &mut Session, request: Request) -> Reply {
        let request = Request::decode(&request.encode()).unwrap();
        let clock = Instant::now();
        let now = move || clock.elapsed().as_secs_f64() * 1000.0;
        let reply = session.serve(&request, &now, &mut |_| {});
        Reply::decode(&reply.encode()).unwrap()
    }

    /// A session holding the model, and the model itself.
    fn loaded() -> Option<(Session, MiniLm)> {
        let asset = asset()?;
        let mut session = Session::default();
        let start = Instant::now();
        let ready = ask(
            &mut session,
            Request::BertLoad {
                asset: asset.clone(),
            },
        );
        println!("load through the wire: {:?}", start.elapsed());
        assert_eq!(ready, Reply::BertReady { bytes: asset.len() });
        Some((session, MiniLm::from_asset(&asset).unwrap()))
    }

    fn error(reply: Reply) -> String {
        match reply {
            Reply::Error(m) => m,
            other => panic!("not an error: {other:?}"),
        }
    }

    #[test]
    fn a_pass_has_the_classes_of_a_direct_forward() {
        let Some((mut session, model)) = loaded() else {
            return;
        };
        let start = Instant::now();
        let Reply::BertHeads(heads) = ask(&mut session, Request::BertAnalyse { text: TEXT.into() })
        else {
            panic!("no heads")
        };
        println!(
            "analyse: {:?} ({:.1} ms in the session)",
            start.elapsed(),
            heads.ms
        );
        let t = heads.tokens.len();
        assert_eq!(heads.tokens.first().map(String::as_str), Some("[CLS]"));
        assert!(!heads.truncated && heads.ms > 0.0);
        assert_eq!((heads.qk.len(), heads.jacobians.len()), (72, 72));
        let direct = head_stats(
            &model
                .forward(&model.vocab().tokenize(TEXT), &Options::default())
                .unwrap(),
        );
        let text = heads.clone().into_text("own".into());
        assert_eq!((text.tokens.len(), text.heads.len()), (t, 72));
        for ((qk, stat), jacobian) in text.heads.iter().zip(&direct).zip(&heads.jacobians) {
            assert_eq!(qk.queries.len(), t * 32);
            let summary = HeadScores::new(qk, 32).summary(model_beta(32));
            assert_eq!(summary.class, stat.class, "{}.{}", stat.layer, stat.head);
            assert_eq!(*jacobian, stat.jacobian);
        }
    }

    #[test]
    fn replacing_and_ablating_heads_moves_the_embedding() {
        let Some((mut session, model)) = loaded() else {
            return;
        };
        let stats = head_stats(
            &model
                .forward(&model.vocab().tokenize(TEXT), &Options::default())
                .unwrap(),
        );
        let global: Vec<_> = stats
            .iter()
            .filter(|s| s.layer == 0 && s.class == HeadClass::I)
            .map(|s| (s.layer, s.head))
            .collect();
        assert!(!global.is_empty());
        let replace = Request::BertReplace {
            text: TEXT.into(),
            heads: global.clone(),
            with: Replacement::Uniform,
            seed: 7,
        };
        let Reply::BertCosine {
            cosine,
            random_cosine,
            random_heads,
        } = ask(&mut session, replace.clone())
        else {
            panic!("no cosine")
        };
        println!(
            "{} class-I heads of layer 1: cosine {cosine}, random {random_cosine} {random_heads:?}",
            global.len()
        );
        assert!(cosine > 0.0 && cosine <= 1.0, "{cosine}");
        assert!(
            random_cosine > -1.0 && random_cosine <= 1.0,
            "{random_cosine}"
        );
        assert_eq!(random_heads.len(), global.len());
        assert!(random_heads.windows(2).all(|w| w[0] < w[1]));
        // The same seed draws the same heads.
        assert!(
            matches!(ask(&mut session, replace), Reply::BertCosine { random_heads: again, .. } if again == random_heads)
        );

        let start = Instant::now();
        let ablate = Request::BertAblate {
            text: TEXT.into(),
            with: Replacement::Gaussian { sigma: 0.5 },
            first: 0,
            count: 3,
        };
        let Reply::BertDamage { first, damage } = ask(&mut session, ablate) else {
            panic!("no damage")
        };
        println!("ablate 3 heads (4 passes): {:?}", start.elapsed());
        assert_eq!((first, damage.len()), (0, 3));
        assert!(damage.iter().all(|d| (0.0..=2.0).contains(d)), "{damage:?}");
    }

    #[test]
    fn bad_requests_are_named() {
        let mut empty = Session::default();
        let none = error(ask(&mut empty, Request::BertAnalyse { text: TEXT.into() }));
        assert!(none.starts_with("no model loaded"), "{none}");
        let cut = error(ask(
            &mut empty,
            Request::BertLoad {
                asset: b"HOPM".to_vec(),
            },
        ));
        assert!(cut.contains("cut short"), "{cut}");
        let Some((mut session, _)) = loaded() else {
            return;
        };
        let analyse = |text: &str| Request::BertAnalyse { text: text.into() };
        assert_eq!(error(ask(&mut session, analyse(""))), "the text is empty");
        let blank = error(ask(&mut session, analyse(" \n\u{7}")));
        assert!(blank.contains("only whitespace or control"), "{blank}");
        let far = Request::BertReplace {
            text: TEXT.into(),
            heads: vec![(0, 1), (6, 0)],
            with: Replacement::Uniform,
            seed: 1,
        };
        let far = error(ask(&mut session, far));
        assert!(far.contains("(6, 0)"), "{far}");
        let wide = Request::BertAblate {
            text: TEXT.into(),
            with: Replacement::Gaussian { sigma: 9.0 },
            first: 0,
            count: 1,
        };
        assert!(error(ask(&mut session, wide)).contains("σ = 9"));
        let past = Request::BertAblate {
            text: TEXT.into(),
            with: Replacement::Uniform,
            first: 70,
            count: 3,
        };
        assert!(error(ask(&mut session, past)).contains("70+3"));
        // A damaged asset keeps the model already loaded, and so does a training run.
        ask(&mut session, Request::BertLoad { asset: vec![0; 8] });
        let config = TrainConfig::default();
        let started = ask(&mut session, Request::TrainStart { config });
        assert!(matches!(started, Reply::Snapshot(_)), "{started:?}");
        assert!(matches!(
            ask(&mut session, analyse(TEXT)),
            Reply::BertHeads(_)
        ));
    }
}
