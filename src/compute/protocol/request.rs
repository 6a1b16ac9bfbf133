//! [`Request`]'s bytes: a tag (1–18), then the variant's fields in order.

use super::wire::{DecodeError, Reader, Writer};
use super::{Request, bert, capacity, classic, landscape, learn, pool};

impl Request {
    /// The message's bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self {
            Request::Trials {
                config,
                patterns,
                n_patterns,
                first,
                count,
            } => {
                w.u8(1);
                capacity::write_config(&mut w, config);
                capacity::write_kind(&mut w, *patterns);
                w.size(*n_patterns);
                w.size(*first);
                w.size(*count);
            }
            Request::ScanBeta {
                patterns,
                query,
                beta,
                index,
                seed,
            } => {
                w.u8(2);
                landscape::write_patterns(&mut w, patterns);
                w.floats(query);
                w.f32(*beta);
                w.size(*index);
                w.u64(*seed);
            }
            Request::PlaneCells {
                patterns,
                beta,
                plane,
                grid,
                first,
                count,
            } => {
                w.u8(3);
                landscape::write_patterns(&mut w, patterns);
                w.f32(*beta);
                landscape::write_plane(&mut w, plane, grid);
                w.size(*first);
                w.size(*count);
            }
            Request::Theory {
                patterns,
                target,
                query,
                beta,
            } => {
                w.u8(4);
                landscape::write_patterns(&mut w, patterns);
                w.size(*target);
                w.floats(query);
                w.f32(*beta);
            }
            Request::SphereTheory { count, beta, seed } => {
                w.u8(5);
                w.size(*count);
                w.f32(*beta);
                w.u64(*seed);
            }
            Request::TrainStart { config } => {
                w.u8(6);
                learn::write_config(&mut w, config);
            }
            Request::TrainSteps { steps } => {
                w.u8(7);
                w.size(*steps);
            }
            Request::TrainReplace { heads } => {
                w.u8(8);
                learn::write_replaced(&mut w, heads);
            }
            Request::TrainAttention {
                layer,
                head,
                example,
            } => {
                w.u8(9);
                for v in [layer, head, example] {
                    w.size(*v);
                }
            }
            Request::BertLoad { asset } => {
                w.u8(10);
                w.bytes(asset);
            }
            Request::BertAnalyse { text } => {
                w.u8(11);
                w.text(text);
            }
            Request::BertReplace {
                text,
                heads,
                with,
                seed,
            } => {
                w.u8(12);
                w.text(text);
                bert::write_heads(&mut w, heads);
                bert::write_replacement(&mut w, *with);
                w.u64(*seed);
            }
            Request::BertAblate {
                text,
                with,
                first,
                count,
            } => {
                w.u8(13);
                w.text(text);
                bert::write_replacement(&mut w, *with);
                w.size(*first);
                w.size(*count);
            }
            Request::PoolTrain { config, steps } => {
                w.u8(14);
                pool::write_config(&mut w, config);
                w.size(*steps);
            }
            Request::PoolInspect { bag, beta } => {
                w.u8(15);
                w.size(*bag);
                pool::write_beta(&mut w, *beta);
            }
            Request::PoolBetaSweep { betas } => {
                w.u8(16);
                w.floats(betas);
            }
            Request::PoolEvaluate { sequences, seed } => {
                w.u8(17);
                w.size(*sequences);
                w.u64(*seed);
            }
            Request::ClassicRetrieve {
                rule,
                update,
                patterns,
                query,
                max_steps,
                seed,
            } => {
                w.u8(18);
                classic::write_rule(&mut w, *rule, *update);
                landscape::write_patterns(&mut w, patterns);
                w.floats(query);
                w.size(*max_steps);
                w.u64(*seed);
            }
            Request::DenseRetrieve {
                interaction,
                patterns,
                query,
                max_steps,
                seed,
            } => {
                w.u8(20);
                classic::write_interaction(&mut w, *interaction);
                landscape::write_patterns(&mut w, patterns);
                w.floats(query);
                w.size(*max_steps);
                w.u64(*seed);
            }
            Request::Basins {
                patterns,
                beta,
                fixed,
                grid,
                first_row,
                rows,
                max_steps,
            } => {
                w.u8(19);
                landscape::write_patterns(&mut w, patterns);
                w.f32(*beta);
                landscape::write_vectors(&mut w, fixed);
                landscape::write_grid(&mut w, grid);
                w.size(*first_row);
                w.size(*rows);
                w.size(*max_steps);
            }
        }
        w.0
    }

    /// The bytes a [`Request::BertLoad`] of an asset of `len` bytes starts with: the asset's
    /// bytes follow. The page puts a downloaded asset behind them in JavaScript memory, so 23 MB
    /// of weights never pass through its own wasm memory.
    pub fn bert_load_header(len: usize) -> Vec<u8> {
        let mut w = Writer::default();
        w.u8(10);
        w.size(len);
        w.0
    }

    /// Reads a message made by [`Request::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let request = match r.u8()? {
            1 => Request::Trials {
                config: capacity::read_config(&mut r)?,
                patterns: capacity::read_kind(&mut r)?,
                n_patterns: r.size()?,
                first: r.size()?,
                count: r.size()?,
            },
            2 => Request::ScanBeta {
                patterns: landscape::read_patterns(&mut r)?,
                query: r.floats()?,
                beta: r.f32()?,
                index: r.size()?,
                seed: r.u64()?,
            },
            3 => {
                let patterns = landscape::read_patterns(&mut r)?;
                let beta = r.f32()?;
                let (plane, grid) = landscape::read_plane(&mut r)?;
                Request::PlaneCells {
                    patterns,
                    beta,
                    plane,
                    grid,
                    first: r.size()?,
                    count: r.size()?,
                }
            }
            4 => Request::Theory {
                patterns: landscape::read_patterns(&mut r)?,
                target: r.size()?,
                query: r.floats()?,
                beta: r.f32()?,
            },
            5 => Request::SphereTheory {
                count: r.size()?,
                beta: r.f32()?,
                seed: r.u64()?,
            },
            6 => Request::TrainStart {
                config: learn::read_config(&mut r)?,
            },
            7 => Request::TrainSteps { steps: r.size()? },
            8 => Request::TrainReplace {
                heads: learn::read_replaced(&mut r)?,
            },
            9 => Request::TrainAttention {
                layer: r.size()?,
                head: r.size()?,
                example: r.size()?,
            },
            10 => Request::BertLoad { asset: r.bytes()? },
            11 => Request::BertAnalyse { text: r.text()? },
            12 => Request::BertReplace {
                text: r.text()?,
                heads: bert::read_heads(&mut r)?,
                with: bert::read_replacement(&mut r)?,
                seed: r.u64()?,
            },
            13 => Request::BertAblate {
                text: r.text()?,
                with: bert::read_replacement(&mut r)?,
                first: r.size()?,
                count: r.size()?,
            },
            14 => Request::PoolTrain {
                config: pool::read_config(&mut r)?,
                steps: r.size()?,
            },
            15 => Request::PoolInspect {
                bag: r.size()?,
                beta: pool::read_beta(&mut r)?,
            },
            16 => Request::PoolBetaSweep { betas: r.floats()? },
            17 => Request::PoolEvaluate {
                sequences: r.size()?,
                seed: r.u64()?,
            },
            18 => {
                let (rule, update) = classic::read_rule(&mut r)?;
                Request::ClassicRetrieve {
                    rule,
                    update,
                    patterns: landscape::read_patterns(&mut r)?,
                    query: r.floats()?,
                    max_steps: r.size()?,
                    seed: r.u64()?,
                }
            }
            19 => Request::Basins {
                patterns: landscape::read_patterns(&mut r)?,
                beta: r.f32()?,
                fixed: landscape::read_vectors(&mut r)?,
                grid: landscape::read_grid(&mut r)?,
                first_row: r.size()?,
                rows: r.size()?,
                max_steps: r.size()?,
            },
            20 => Request::DenseRetrieve {
                interaction: classic::read_interaction(&mut r)?,
                patterns: landscape::read_patterns(&mut r)?,
                query: r.floats()?,
                max_steps: r.size()?,
                seed: r.u64()?,
            },
            _ => return Err(DecodeError("unknown request")),
        };
        r.end()?;
        Ok(request)
    }
}
