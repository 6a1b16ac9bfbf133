//! The real all-MiniLM-L6-v2 behind the heads view: its weights (downloaded once, with their
//! bytes shown, and kept in the browser's cache), the view's own compute worker that holds the
//! model, and the requests the view makes of it — a pass on the user's text, heads replaced,
//! every head ablated. The worker answers its requests in the order they were sent, so each
//! reply is matched to the oldest request still open. Nothing heavy runs on the page.

use std::collections::VecDeque;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::cached_download::{fetch_cached, forget};
use crate::app::compute::dedicated::Dedicated;
use crate::compute::protocol::{Reply, Request};
use crate::engine::bert::Replacement;
use crate::lab::heads::ablation::Ablation;
use crate::lab::heads::live::BertHeads;

/// Where Trunk's `copy-file` puts the int8 asset, relative to the page.
pub const WEIGHTS_URL: &str = "minilm.q8";

/// The weights' state, as the view shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Weights {
    /// Not asked for yet: only the shipped texts can be shown.
    Absent,
    /// Arriving: bytes so far and in all (0 when the server did not say).
    Downloading { done: f64, total: f64 },
    /// Downloaded; the worker is reading them.
    Starting,
    /// The worker holds the model.
    Ready,
    /// Why the model is not available (the shipped texts still are).
    Failed(String),
}

/// A pass on the user's text, as it came back.
#[derive(Debug, Clone, PartialEq)]
pub struct Pass {
    /// The text as the user gave it.
    pub text: String,
    pub heads: BertHeads,
    /// When the request was sent (page clock, ms), for the analysis time.
    pub sent: f64,
}

/// A replacement's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    /// What was replaced by what, in words.
    pub what: String,
    /// How many heads.
    pub count: usize,
    /// `None` until the answer is back.
    pub cosine: Option<(f32, f32)>,
}

/// What a reply answers.
#[derive(Debug, Clone)]
enum Open {
    Load,
    Analyse { text: String, sent: f64 },
    Replace,
    Ablate,
}

/// The model's handles (all cheap to copy).
#[derive(Clone, Copy)]
pub struct Live {
    worker: StoredValue<Option<Dedicated>, LocalStorage>,
    open: StoredValue<VecDeque<Open>>,
    /// Requests made before the model was ready, sent once it is (kept through a failed
    /// download, so a retry does what the user asked).
    waiting: StoredValue<Vec<(Request, Open)>>,
    /// The text and settings an ablation runs on, while it runs.
    ablating: StoredValue<Option<(String, Replacement)>>,
    pub weights: RwSignal<Weights>,
    pub pass: RwSignal<Option<Pass>>,
    /// A request in progress, in words ("analysing your text…").
    pub busy: RwSignal<Option<&'static str>>,
    /// Why the last request failed.
    pub failure: RwSignal<Option<String>>,
    pub replaced: RwSignal<Option<Replaced>>,
    pub ablation: RwSignal<Option<Ablation>>,
}

impl Live {
    /// The handles, nothing downloaded or started.
    pub fn new() -> Live {
        Live {
            worker: StoredValue::new_local(None),
            open: StoredValue::new(VecDeque::new()),
            waiting: StoredValue::new(Vec::new()),
            ablating: StoredValue::new(None),
            weights: RwSignal::new(Weights::Absent),
            pass: RwSignal::new(None),
            busy: RwSignal::new(None),
            failure: RwSignal::new(None),
            replaced: RwSignal::new(None),
            ablation: RwSignal::new(None),
        }
    }

    /// Runs the model on `text` (already checked by the view).
    pub fn analyse(self, text: String) {
        self.busy.set(Some("analysing your text…"));
        let sent = js_sys::Date::now();
        let request = Request::BertAnalyse { text: text.clone() };
        self.ask(request, Open::Analyse { text, sent });
    }

    /// Replaces `heads` (layer, head from 0) by `with` in a pass on `text`.
    pub fn replace(
        self,
        text: String,
        heads: Vec<(usize, usize)>,
        with: Replacement,
        what: String,
    ) {
        self.busy.set(Some("replacing heads…"));
        self.replaced.set(Some(Replaced {
            what,
            count: heads.len(),
            cosine: None,
        }));
        let seed = 1 + heads.len() as u64;
        let request = Request::BertReplace {
            text,
            heads,
            with,
            seed,
        };
        self.ask(request, Open::Replace);
    }

    /// Replaces each head alone by `with` in passes on `text`, a few heads per request.
    pub fn ablate(self, text: String, with: Replacement, total: usize) {
        self.busy.set(Some("ablating each head…"));
        self.ablation.set(Some(Ablation::new(total)));
        self.ablating.set_value(Some((text, with)));
        self.ablate_next();
    }

    /// Stops an ablation at once: the worker is terminated (its model with it; the next
    /// request reloads it from the browser's cache).
    pub fn cancel(self) {
        self.close();
        self.ablation.set(None);
        self.ablating.set_value(None);
        self.busy.set(None);
        self.weights.set(Weights::Absent);
    }

    /// Downloads the weights again after a failure, then sends what waited.
    pub fn retry(self) {
        self.failure.set(None);
        self.start();
    }

    /// Terminates the worker (the view went away, or a cancel).
    pub fn close(self) {
        if let Some(Some(worker)) = self.worker.try_update_value(Option::take) {
            worker.close();
        }
        self.open.try_update_value(VecDeque::clear);
    }

    fn ablate_next(self) {
        let next = self
            .ablation
            .try_update(|a| a.as_mut().and_then(Ablation::next_chunk))
            .flatten();
        let Some(((text, with), (first, count))) = self.ablating.get_value().zip(next) else {
            return;
        };
        let request = Request::BertAblate {
            text,
            with,
            first,
            count,
        };
        self.ask(request, Open::Ablate);
    }

    /// Sends `request` once the model is ready, fetching it first if need be.
    fn ask(self, request: Request, open: Open) {
        if self.weights.get_untracked() == Weights::Ready {
            self.send(request, open);
            return;
        }
        self.waiting.update_value(|w| w.push((request, open)));
        if matches!(self.weights.get_untracked(), Weights::Absent) {
            self.start();
        }
    }

    fn send(self, request: Request, open: Open) {
        self.open.update_value(|o| o.push_back(open));
        self.worker.with_value(|w| {
            if let Some(w) = w {
                w.send(request);
            }
        });
    }

    /// Downloads the weights (from the cache when they are there) and hands them to a new
    /// worker.
    fn start(self) {
        self.weights.set(Weights::Downloading {
            done: 0.0,
            total: 0.0,
        });
        spawn_local(async move {
            let header = Request::bert_load_header(0).len() as u32;
            let progress = move |done, total| {
                self.weights.try_set(Weights::Downloading { done, total });
            };
            match fetch_cached(WEIGHTS_URL, header, &progress).await {
                Ok(bytes) => self.load(bytes, header),
                Err(message) => self.failed(message),
            }
        });
    }

    /// Sends the downloaded `bytes` (`header` bytes of room first) to a fresh worker.
    fn load(self, bytes: js_sys::Uint8Array, header: u32) {
        let Some(weights) = self.weights.try_get_untracked() else {
            return; // the view went away during the download
        };
        if !matches!(weights, Weights::Downloading { .. }) {
            return;
        }
        let len = (bytes.length() - header) as usize;
        bytes
            .subarray(0, header)
            .copy_from(&Request::bert_load_header(len));
        self.close();
        let worker = Dedicated::open(move |reply| self.received(reply));
        self.weights.set(Weights::Starting);
        self.open.update_value(|o| o.push_back(Open::Load));
        worker.send_encoded(bytes);
        self.worker.set_value(Some(worker));
    }

    fn failed(self, message: String) {
        self.close();
        self.busy.try_set(None);
        self.ablation.try_set(None);
        self.weights.try_set(Weights::Failed(message));
    }

    fn received(self, reply: Result<Reply, String>) {
        let reply = match reply {
            Ok(Reply::Progress { .. }) => return,
            Ok(reply) => reply,
            Err(message) => return self.failed(message),
        };
        let Some(Some(open)) = self.open.try_update_value(VecDeque::pop_front) else {
            return;
        };
        match (open, reply) {
            (Open::Load, Reply::BertReady { .. }) => {
                self.weights.set(Weights::Ready);
                for (request, open) in self
                    .waiting
                    .try_update_value(std::mem::take)
                    .unwrap_or_default()
                {
                    self.send(request, open);
                }
            }
            (Open::Load, Reply::Error(message)) => {
                // A damaged copy must not be served from the cache again.
                spawn_local(forget(WEIGHTS_URL));
                self.failed(message);
            }
            (Open::Analyse { text, sent }, Reply::BertHeads(heads)) => {
                self.busy.set(None);
                self.pass.set(Some(Pass { text, heads, sent }));
            }
            (
                Open::Replace,
                Reply::BertCosine {
                    cosine,
                    random_cosine,
                    ..
                },
            ) => {
                self.busy.set(None);
                self.replaced.update(|r| {
                    if let Some(r) = r {
                        r.cosine = Some((cosine, random_cosine));
                    }
                });
            }
            (Open::Ablate, Reply::BertDamage { first, damage }) => {
                self.ablation.update(|a| {
                    if let Some(a) = a {
                        a.record(first, &damage);
                    }
                });
                let finished = self
                    .ablation
                    .with_untracked(|a| a.as_ref().is_none_or(|a| a.damage().is_some()));
                if finished {
                    self.busy.set(None);
                    self.ablating.set_value(None);
                } else {
                    self.ablate_next();
                }
            }
            (_, Reply::Error(message)) => {
                self.busy.set(None);
                self.ablation.set(None);
                self.ablating.set_value(None);
                self.failure.set(Some(message));
            }
            (_, _) => self.failure.set(Some(
                "the compute worker's answer did not match the request".into(),
            )),
        }
    }
}
