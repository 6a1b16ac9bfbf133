//! `hopfield heads`: all-MiniLM-L6-v2 on one text (the int8 asset of `hopfield pack-minilm`),
//! every head's median k90, class and softmax-Jacobian norm, and, with `--replace`, how far the
//! sentence embedding moves when chosen heads average uniformly or by a Gaussian window.
//! Layers and heads are 1-based here, as the heads view shows them.

use serde::Serialize;

use crate::args::{CliError, Flags, in_flag};
use hopfield_lab::engine::bert::{HEADS, LAYERS, MiniLm, Options, Replacement, cosine};
use hopfield_lab::lab::heads::analysis::HeadClass;
use hopfield_lab::lab::heads::live::head_stats;

/// Where `scripts/fetch-minilm.sh` puts the asset.
pub const DEFAULT_MODEL: &str = ".tools/minilm/minilm.q8";

/// The parsed command.
#[derive(Debug)]
pub struct Request {
    text: String,
    model: String,
    replace: Option<(Replacement, usize, Which)>,
}

/// Which heads of the chosen layer are replaced.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Which {
    All,
    Head(usize),
    Class(HeadClass),
}

#[derive(Serialize)]
struct HeadOut {
    layer: usize,
    head: usize,
    k90_median: f32,
    class: &'static str,
    jacobian: f32,
}

#[derive(Serialize)]
struct Output {
    tokens: Vec<String>,
    truncated: bool,
    heads: Vec<HeadOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced: Option<Vec<[usize; 2]>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cosine: Option<f32>,
}

/// Parses the flags of `hopfield heads`.
pub fn parse(args: &[String]) -> Result<Request, CliError> {
    let mut flags = Flags::parse(args)?;
    let text: String = flags.required("text", "the text to run the model on")?;
    if text.trim().is_empty() {
        return Err(CliError::flag("text", "is empty or only whitespace"));
    }
    let model = flags.parsed_or("model", DEFAULT_MODEL.to_string(), "a file")?;
    let replace = match flags.take("replace") {
        None => None,
        Some(raw) => {
            let with = parse_replacement(&raw)?;
            let layer: usize = flags.required("layer", "a layer 1..6")?;
            if !(1..=LAYERS).contains(&layer) {
                return Err(CliError::flag("layer", format!("must be in 1..{LAYERS}")));
            }
            let which = match (flags.take("head"), flags.take("class")) {
                (Some(_), Some(_)) => {
                    return Err(CliError::flag("class", "give --head or --class, not both"));
                }
                (Some(raw), None) => match raw.parse::<usize>() {
                    Ok(h) if (1..=HEADS).contains(&h) => Which::Head(h - 1),
                    _ => {
                        return Err(CliError::flag(
                            "head",
                            format!("expected 1..{HEADS}, got \"{raw}\""),
                        ));
                    }
                },
                (None, Some(raw)) => Which::Class(
                    HeadClass::ALL
                        .into_iter()
                        .find(|c| c.numeral() == raw)
                        .ok_or_else(|| {
                            CliError::flag(
                                "class",
                                format!("expected I, II, III or IV, got \"{raw}\""),
                            )
                        })?,
                ),
                (None, None) => Which::All,
            };
            Some((with, layer - 1, which))
        }
    };
    flags.finish()?;
    Ok(Request {
        text,
        model,
        replace,
    })
}

/// `uniform` or `gaussian:<σ>`.
fn parse_replacement(raw: &str) -> Result<Replacement, CliError> {
    match raw.split_once(':') {
        None if raw == "uniform" => Ok(Replacement::Uniform),
        Some(("gaussian", sigma)) => sigma
            .parse()
            .map(|sigma| Replacement::Gaussian { sigma })
            .map_err(|_| CliError::flag("replace", format!("σ must be a number, got \"{sigma}\""))),
        _ => Err(CliError::flag(
            "replace",
            format!("expected uniform or gaussian:<sigma>, got \"{raw}\""),
        )),
    }
}

/// Runs the model and prints one JSON line.
pub fn run(request: &Request) -> Result<String, CliError> {
    let bytes = std::fs::read(&request.model).map_err(|e| {
        CliError::flag(
            "model",
            format!(
                "cannot read {}: {e} (run scripts/fetch-minilm.sh)",
                request.model
            ),
        )
    })?;
    let model = MiniLm::from_asset(&bytes).map_err(|e| CliError::flag("model", e))?;
    let tokens = model.vocab().tokenize(&request.text);
    let forward = model
        .forward(&tokens, &Options::default())
        .map_err(in_flag("text"))?;
    let stats = head_stats(&forward);
    let (mut replaced, mut moved) = (None, None);
    if let Some((with, layer, which)) = request.replace {
        let chosen: Vec<(usize, usize)> = stats
            .iter()
            .filter(|s| s.layer == layer)
            .filter(|s| match which {
                Which::All => true,
                Which::Head(h) => s.head == h,
                Which::Class(c) => s.class == c,
            })
            .map(|s| (s.layer, s.head))
            .collect();
        let options = Options {
            replace: chosen.clone(),
            with: Some(with),
        };
        let changed = model
            .forward(&tokens, &options)
            .map_err(in_flag("replace"))?;
        moved = Some(cosine(&forward.embedding, &changed.embedding));
        replaced = Some(chosen.iter().map(|&(l, h)| [l + 1, h + 1]).collect());
    }
    let heads = stats
        .iter()
        .map(|s| HeadOut {
            layer: s.layer + 1,
            head: s.head + 1,
            k90_median: s.median_k90,
            class: s.class.numeral(),
            jacobian: s.jacobian,
        })
        .collect();
    crate::to_json(&Output {
        tokens: tokens.pieces,
        truncated: tokens.truncated,
        heads,
        replaced,
        cosine: moved,
    })
}
