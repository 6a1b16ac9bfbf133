//! The synthetic tasks, drawn from a seed. Each needs a different kind of head, so a class
//! sees why a head leaves averaging or does not:
//! - **recall**: N/4 stored key=value pairs, then queries that name a stored key; every query
//!   position predicts its key's value. The answer sits at one position, so the head that finds
//!   it must retrieve one stored pattern (a Hopfield retrieval: the pairs are the stored
//!   patterns, the query row the state).
//! - **majority**: every position predicts the most frequent token; averaging suffices.
//! - **copy-back**: every position predicts the token [`COPY_OFFSET`] places back (cyclically);
//!   the answer's position is fixed, so a head must learn to look at it.

use crate::engine::SeededRng;

/// No token / no target.
pub const NONE: u32 = u32::MAX;
/// How many places back `copy-back` copies from.
pub const COPY_OFFSET: usize = 3;
/// Key tokens of `recall` (a sequence stores N/4 of them, all different).
const RECALL_KEYS: usize = 16;
/// Value tokens of `recall`.
const RECALL_VALUES: usize = 8;
/// Tokens of `majority`.
const MAJORITY_TOKENS: usize = 8;
/// Tokens of `copy-back`.
const COPY_TOKENS: usize = 16;

/// A task of the learning view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Task {
    Recall,
    Majority,
    CopyBack,
}

/// One sequence: each position's input is the embedding of `first` plus that of `second`
/// (when not [`NONE`]: a stored pair is one position, key and value added), and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub first: Vec<u32>,
    pub second: Vec<u32>,
    pub target: Vec<u32>,
}

impl Task {
    /// Every task, the default first.
    pub const ALL: [Task; 3] = [Task::Recall, Task::Majority, Task::CopyBack];

    /// Its name in links and on the command line.
    pub fn slug(self) -> &'static str {
        match self {
            Task::Recall => "recall",
            Task::Majority => "majority",
            Task::CopyBack => "copy-back",
        }
    }

    /// The task named `slug`.
    pub fn from_slug(slug: &str) -> Option<Task> {
        Task::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// One sentence for the view: what is predicted and which head it needs.
    pub fn describe(self) -> &'static str {
        match self {
            Task::Recall => {
                "Recall: N/4 key=value pairs, then queries naming a stored key; each query predicts \
                 its value. A head must retrieve one stored pair (class IV)."
            }
            Task::Majority => {
                "Majority: every position predicts the most frequent token. Averaging suffices, so \
                 heads may stay in class I."
            }
            Task::CopyBack => {
                "Copy-back: every position predicts the token 3 places back. A head must look at one \
                 fixed position (class IV)."
            }
        }
    }

    /// Vocabulary size V.
    pub fn vocab(self) -> usize {
        match self {
            Task::Recall => RECALL_KEYS + RECALL_VALUES,
            Task::Majority => MAJORITY_TOKENS,
            Task::CopyBack => COPY_TOKENS,
        }
    }

    /// The shortest sequence the task can be drawn for.
    pub fn min_seq(self) -> usize {
        match self {
            Task::Recall => 8,
            Task::Majority => 4,
            Task::CopyBack => COPY_OFFSET + 2,
        }
    }

    /// A random sequence of length `seq` (at least [`Task::min_seq`]).
    pub fn example(self, seq: usize, rng: &mut SeededRng) -> Example {
        let mut ex = Example {
            first: vec![NONE; seq],
            second: vec![NONE; seq],
            target: vec![NONE; seq],
        };
        match self {
            Task::Recall => {
                let pairs = (seq / 4).min(RECALL_KEYS);
                let keys = rng.permutation(RECALL_KEYS);
                let values: Vec<u32> = (0..pairs)
                    .map(|_| (RECALL_KEYS + rng.below(RECALL_VALUES)) as u32)
                    .collect();
                for p in 0..pairs {
                    ex.first[p] = keys[p] as u32;
                    ex.second[p] = values[p];
                }
                for t in pairs..seq {
                    let p = rng.below(pairs);
                    ex.first[t] = keys[p] as u32;
                    ex.target[t] = values[p];
                }
            }
            Task::Majority => loop {
                let mut counts = [0usize; MAJORITY_TOKENS];
                for t in 0..seq {
                    let token = rng.below(MAJORITY_TOKENS);
                    ex.first[t] = token as u32;
                    counts[token] += 1;
                }
                let max = counts.iter().copied().max().unwrap_or(0);
                // Redraw ties, so that every sequence has one answer.
                if counts.iter().filter(|&&c| c == max).count() == 1 {
                    let winner = counts.iter().position(|&c| c == max).unwrap_or(0) as u32;
                    ex.target.fill(winner);
                    break;
                }
            },
            Task::CopyBack => {
                for t in 0..seq {
                    ex.first[t] = rng.below(COPY_TOKENS) as u32;
                }
                for t in 0..seq {
                    ex.target[t] = ex.first[(t + seq - COPY_OFFSET) % seq];
                }
            }
        }
        ex
    }

    /// How position `t` of `ex` reads on the axes of an attention matrix.
    pub fn label(self, ex: &Example, t: usize) -> String {
        let (a, b) = (ex.first[t], ex.second[t]);
        match self {
            Task::Recall if b != NONE => {
                format!("k{}={}", a, b as usize - RECALL_KEYS)
            }
            Task::Recall => format!("k{a}?"),
            Task::Majority | Task::CopyBack => format!("t{a}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_queries_name_stored_keys_and_want_their_values() {
        let mut rng = SeededRng::new(3);
        let ex = Task::Recall.example(32, &mut rng);
        for t in 8..32 {
            let p = (0..8)
                .find(|&p| ex.first[p] == ex.first[t])
                .expect("stored");
            assert_eq!(ex.target[t], ex.second[p]);
        }
        assert!(ex.target[..8].iter().all(|&t| t == NONE));
        assert_eq!(Task::Recall.label(&ex, 8).chars().last(), Some('?'));
    }

    #[test]
    fn majority_has_one_winner_and_copy_back_looks_back() {
        let mut rng = SeededRng::new(4);
        let ex = Task::Majority.example(33, &mut rng);
        let count = |tok: u32| ex.first.iter().filter(|&&x| x == tok).count();
        let winner = ex.target[0];
        assert!((0..8).all(|tok| tok == winner || count(tok) < count(winner)));
        let ex = Task::CopyBack.example(33, &mut rng);
        assert_eq!(ex.target[10], ex.first[7]);
        assert_eq!(ex.target[0], ex.first[30]);
    }
}
