//! The studio's settings (signals) and what is derived from them (memos): the stored set, the
//! query in both encodings, and the three recorded retrievals — each recomputed only when
//! something it reads changes (β re-runs only the modern panel).

use leptos::prelude::*;

use crate::app::fetch::{Download, download};
use crate::compute::protocol::Request;
use crate::engine::PatternSet;

use super::worker_run::{Job, WorkerRun, worker_run};
use crate::engine::classic::LearningRule;
use crate::engine::images::GreyImage;
use crate::lab::studio::beta_band::transition;
use crate::lab::studio::dense_form::{DenseForm, DenseKind};
use crate::lab::studio::library::{self, Source, Stored};
use crate::lab::studio::link::{BETA_RANGE, StudioLink};
use crate::lab::studio::order;
use crate::lab::studio::panel_jobs;
use crate::lab::studio::playback::{Pace, PanelRun, total_frames};
use crate::lab::studio::query::{self, Edit, QueryViews};
use crate::lab::studio::set::StoredSet;

/// Every setting of the studio.
#[derive(Clone, Copy)]
pub struct Settings {
    pub source: RwSignal<Source>,
    pub side: RwSignal<usize>,
    pub count: RwSignal<usize>,
    /// Binarisation threshold in grey levels, `None` = each image's mean.
    pub threshold: RwSignal<Option<f32>>,
    pub seed: RwSignal<u64>,
    /// Uploaded (and drawn) images, kept at 64×64.
    pub extras: RwSignal<Vec<(String, GreyImage)>>,
    /// Indices of the source's patterns the user removed.
    pub removed: RwSignal<Vec<usize>>,
    /// The gallery order over the remaining patterns, compact ([`crate::lab::studio::order`]).
    pub order: RwSignal<Vec<usize>>,
    pub target: RwSignal<usize>,
    pub edits: RwSignal<Vec<Edit>>,
    pub rule: RwSignal<LearningRule>,
    /// The dense F: its family, degree n (polynomials) and β (exponential).
    pub dense_kind: RwSignal<DenseKind>,
    pub degree: RwSignal<u32>,
    pub dense_beta: RwSignal<f32>,
    pub beta: RwSignal<f32>,
    pub frame: RwSignal<usize>,
    pub playing: RwSignal<bool>,
    /// Playback speed in moves (steps, or neuron visits) per second.
    pub speed: RwSignal<f32>,
    pub pace: RwSignal<Pace>,
    pub notice: RwSignal<Option<String>>,
    /// The built-in photographs' bytes: `None` while they download, then the file or what
    /// went wrong.
    pub photo_bytes: Download,
}

impl Settings {
    /// The defaults: the built-in photos at 64×64 with the lower half of the first one masked.
    pub fn new() -> Self {
        Self::from_link(&StudioLink::default())
    }

    /// The settings a share link describes (playback paused at its frame).
    pub fn from_link(l: &StudioLink) -> Self {
        Self {
            source: RwSignal::new(l.source),
            side: RwSignal::new(l.side),
            count: RwSignal::new(l.count),
            threshold: RwSignal::new(l.threshold),
            seed: RwSignal::new(l.seed),
            extras: RwSignal::new(Vec::new()),
            removed: RwSignal::new(l.removed.clone()),
            order: RwSignal::new(l.order.clone()),
            target: RwSignal::new(l.target),
            edits: RwSignal::new(l.edits.clone()),
            rule: RwSignal::new(l.rule),
            dense_kind: RwSignal::new(l.dense.kind),
            degree: RwSignal::new(l.dense.degree),
            dense_beta: RwSignal::new(l.dense.beta),
            beta: RwSignal::new(l.beta),
            frame: RwSignal::new(l.frame),
            playing: RwSignal::new(false),
            speed: RwSignal::new(l.speed),
            pace: RwSignal::new(l.pace),
            notice: RwSignal::new(None),
            // They arrive a moment after the page (they are not in the bundle).
            photo_bytes: download(library::PHOTOS_URL),
        }
    }

    /// Sets everything a link carries to `l` (a preset), paused at its frame; the user's own
    /// patterns stay.
    pub fn apply(self, l: &StudioLink) {
        self.playing.set(false);
        self.source.set(l.source);
        self.side.set(l.side);
        self.count.set(l.count);
        self.threshold.set(l.threshold);
        self.seed.set(l.seed);
        self.removed.set(l.removed.clone());
        self.order.set(l.order.clone());
        self.target.set(l.target);
        self.edits.set(l.edits.clone());
        self.rule.set(l.rule);
        self.dense_kind.set(l.dense.kind);
        self.degree.set(l.dense.degree);
        self.dense_beta.set(l.dense.beta);
        self.beta.set(l.beta);
        self.speed.set(l.speed);
        self.pace.set(l.pace);
        self.frame.set(l.frame);
    }

    /// The current settings as a share link (tracked, so an effect re-runs when they change;
    /// the frame only while paused, so playback does not rewrite the address 30 times a second).
    pub fn to_link(self) -> StudioLink {
        let frame = if self.playing.get() {
            self.frame.get_untracked()
        } else {
            self.frame.get()
        };
        StudioLink {
            source: self.source.get(),
            side: self.side.get(),
            count: self.count.get(),
            threshold: self.threshold.get(),
            seed: self.seed.get(),
            removed: self.removed.get(),
            order: self.order.get(),
            target: self.target.get(),
            edits: self.edits.get(),
            rule: self.rule.get(),
            dense: DenseForm {
                kind: self.dense_kind.get(),
                degree: self.degree.get(),
                beta: self.dense_beta.get(),
            },
            beta: self.beta.get(),
            frame,
            speed: self.speed.get(),
            pace: self.pace.get(),
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self::new()
    }
}

/// The derived data the panels read.
#[derive(Clone, Copy)]
pub struct Derived {
    pub set: Memo<Result<StoredSet, String>>,
    pub query: Memo<Result<QueryViews, String>>,
    pub classic: WorkerRun,
    pub dense: WorkerRun,
    pub modern: Memo<Result<PanelRun, String>>,
    /// Where one modern update turns from the average into one pattern, on the β slider.
    pub band: Memo<Option<(f32, f32)>>,
    /// d of the stored patterns (1 while there are none).
    pub dim: Memo<usize>,
    /// Frames per recorded step at the current pace.
    pub per_step: Memo<usize>,
    pub total: Memo<usize>,
}

fn stored_items(s: &Settings) -> Result<Vec<Stored>, String> {
    let side = s.side.get();
    let source = s.source.get();
    let base = s.photo_bytes.with(|download| {
        let bytes = library::photo_bytes_for(source, download.as_ref())?;
        library::base_patterns(source, s.count.get(), side, s.seed.get(), bytes)
            .map_err(|e| e.to_string())
    })?;
    let removed = s.removed.get();
    let mut items: Vec<Stored> = base
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !removed.contains(i))
        .map(|(_, item)| item)
        .collect();
    for (label, image) in s.extras.get() {
        let values = library::image_values(&image, side).map_err(|e| e.to_string())?;
        items.push(Stored { label, values });
    }
    if items.is_empty() {
        return Err("no stored patterns: choose a source or upload images".into());
    }
    Ok(order::arrange(items, &s.order.get()))
}

/// The binary networks' job on `set` and `query` (both must be there): `request` of the
/// binary patterns and query, `learning` the patterns when it learns long.
fn binary_job(
    set: &Result<StoredSet, String>,
    query: &Result<QueryViews, String>,
    request: impl FnOnce(&PatternSet, &[f32]) -> (Request, Option<usize>),
) -> Result<Job, String> {
    let (set, query) = (set.as_ref()?, query.as_ref()?);
    let (request, learning) = request(&set.binary, &query.binary);
    Ok(Job {
        request,
        dim: set.binary.dim(),
        learning,
    })
}

impl Derived {
    /// Builds the memos over `s`.
    pub fn new(s: Settings) -> Self {
        let set = Memo::new(move |_| {
            let items = stored_items(&s)?;
            StoredSet::new(&items, s.side.get(), s.threshold.get()).map_err(|e| e.to_string())
        });
        let query = Memo::new(move |_| {
            set.with(|set| {
                let set = set.as_ref().map_err(Clone::clone)?;
                let target = s.target.get().min(set.count().saturating_sub(1));
                query::build(set, target, &s.edits.get(), s.seed.get()).map_err(|e| e.to_string())
            })
        });
        let classic = worker_run(move || {
            let (rule, seed) = (s.rule.get(), s.seed.get());
            set.with(|set| {
                query.with(|q| {
                    binary_job(set, q, |patterns, query| {
                        let long = panel_jobs::learns_long(rule, patterns);
                        let request = panel_jobs::classic(rule, patterns, query, seed);
                        (request, long.then(|| patterns.count()))
                    })
                })
            })
        });
        // Its own memo: a change of the parameter the chosen F does not use re-runs nothing.
        let interaction = Memo::new(move |_| {
            DenseForm {
                kind: s.dense_kind.get(),
                degree: s.degree.get(),
                beta: s.dense_beta.get(),
            }
            .interaction()
        });
        let dense = worker_run(move || {
            let (interaction, seed) = (interaction.get(), s.seed.get());
            set.with(|set| {
                query.with(|q| {
                    binary_job(set, q, |patterns, query| {
                        (panel_jobs::dense(interaction, patterns, query, seed), None)
                    })
                })
            })
        });
        let modern = Memo::new(move |_| {
            let beta = s.beta.get();
            set.with(|set| {
                query.with(|q| {
                    let (set, q) = (set.as_ref()?, q.as_ref()?);
                    PanelRun::record_modern(beta, &set.continuous, &q.continuous)
                        .map_err(|e| e.to_string())
                })
            })
        });
        let band = Memo::new(move |_| {
            set.with(|set| {
                query.with(|q| match (set, q) {
                    (Ok(set), Ok(q)) => transition(&set.continuous, &q.continuous, BETA_RANGE),
                    _ => None,
                })
            })
        });
        let dim = Memo::new(move |_| set.with(|s| s.as_ref().map_or(1, StoredSet::dim)));
        let per_step = Memo::new(move |_| s.pace.get().frames_per_step(dim.get()));
        let total = Memo::new(move |_| {
            classic.run.with(|c| {
                dense.run.with(|d| {
                    modern.with(|m| {
                        let runs = [c, d, m].into_iter().filter_map(|r| r.as_ref().ok());
                        total_frames(runs, per_step.get())
                    })
                })
            })
        });
        Self {
            set,
            query,
            classic,
            dense,
            modern,
            band,
            dim,
            per_step,
            total,
        }
    }
}
