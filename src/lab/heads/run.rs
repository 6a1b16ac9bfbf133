//! Classifying all heads of one text in slices: a 132-token paragraph needs 72 × T² dot
//! products for the scores and 72 × T softmaxes and k90s per β — over 100 ms in one go in a
//! browser. [`Classifier::step`] does one head at a time for as long as its caller's budget
//! allows, so the view can yield to the browser between slices.

use super::analysis::{HeadScores, HeadSummary};
use super::asset::HeadsText;

/// The classification of one text's heads at one β, computed head by head. The scores are
/// kept across β changes (they do not depend on β).
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    head_dim: usize,
    total: usize,
    beta: f32,
    scores: Vec<HeadScores>,
    summaries: Vec<HeadSummary>,
}

impl Classifier {
    /// A classifier for `text` (heads `head_dim` wide) at `beta`; nothing computed yet.
    pub fn new(text: &HeadsText, head_dim: usize, beta: f32) -> Classifier {
        Classifier {
            head_dim,
            total: text.heads.len(),
            beta,
            scores: Vec::with_capacity(text.heads.len()),
            summaries: Vec::with_capacity(text.heads.len()),
        }
    }

    /// Starts over at a new β, keeping the scores already computed.
    pub fn set_beta(&mut self, beta: f32) {
        self.beta = beta;
        self.summaries.clear();
    }

    /// The β of the summaries.
    pub fn beta(&self) -> f32 {
        self.beta
    }

    /// Classifies heads of `text` (the text given to [`Classifier::new`]) while `more()` says
    /// there is time left, at least one per call; `true` once every head is done.
    pub fn step(&mut self, text: &HeadsText, mut more: impl FnMut() -> bool) -> bool {
        loop {
            let next = self.summaries.len();
            let Some(qk) = text.heads.get(next).filter(|_| next < self.total) else {
                return true;
            };
            if self.scores.len() == next {
                self.scores.push(HeadScores::new(qk, self.head_dim));
            }
            self.summaries.push(self.scores[next].summary(self.beta));
            if !more() {
                return self.summaries.len() >= self.total;
            }
        }
    }

    /// Every head's summary (layer-major) once all are done.
    pub fn summaries(&self) -> Option<&[HeadSummary]> {
        (self.summaries.len() == self.total).then_some(self.summaries.as_slice())
    }

    /// The scores of head `index` (layer-major), once computed.
    pub fn scores(&self, index: usize) -> Option<&HeadScores> {
        self.scores.get(index)
    }

    /// How many heads are done, for a progress message.
    pub fn done(&self) -> usize {
        self.summaries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::heads::asset::{decode, tests::tiny};

    #[test]
    fn slices_add_up_to_the_whole_and_beta_keeps_the_scores() {
        let asset = decode(&tiny()).unwrap();
        let text = &asset.texts[0];
        let mut c = Classifier::new(text, asset.head_dim, 1.0);
        assert!(!c.step(text, || false), "one head per slice");
        assert_eq!(c.done(), 1);
        assert!(c.summaries().is_none());
        assert!(c.step(text, || true));
        let whole: Vec<_> = text
            .heads
            .iter()
            .map(|h| HeadScores::new(h, 2).summary(1.0))
            .collect();
        assert_eq!(c.summaries(), Some(whole.as_slice()));
        c.set_beta(5.0);
        assert_eq!((c.done(), c.beta()), (0, 5.0));
        assert!(c.scores(1).is_some(), "scores survive a change of β");
        assert!(c.step(text, || true));
        assert_eq!(c.summaries().map(<[_]>::len), Some(2));
    }
}
