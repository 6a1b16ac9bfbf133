//! Export of any plot: a PNG re-drawn at twice the canvas's resolution (for projectors and
//! print), and a WebM recording of the canvas while it changes (MediaRecorder on
//! `canvas.captureStream()`), e.g. a retrieval playing or a β sweep, for slides.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::canvas::CanvasArea;
use crate::app::download::{self, js_message};
use crate::lab::shell::names::file_name;
use crate::plots::PlotResult;

/// The plot's drawing function, shared by the on-screen canvas and the exports.
pub type Draw = Rc<dyn Fn(&CanvasArea) -> PlotResult>;

/// Canvases narrower than this get no tools (thumbnails: the buttons would hide them).
const MIN_WIDTH: u32 = 160;

/// Resolution of the PNG relative to the canvas.
const SCALE: u32 = 2;

/// The PNG and Record buttons over a plot of `width` pixels; failures go to `failure`.
pub fn plot_tools(
    canvas: NodeRef<Canvas>,
    width: u32,
    label: Signal<String>,
    draw: Draw,
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
    let recording = StoredValue::new_local(None::<Recording>);
    let on_air = RwSignal::new(false);
    let save_png = move |_| {
        let Some(canvas) = canvas.get_untracked() else {
            return;
        };
        let name = file_name(&label.get_untracked(), "png");
        let outcome = untrack(|| png_at_scale(&canvas, &*draw))
            .and_then(|url| download::href(&name, &url).map_err(js_message));
        failure.set(outcome.err());
    };
    let toggle_record = move |_| {
        if on_air.get_untracked() {
            // Stopping fires `stop`, which hands the video over; the recording stays stored
            // until the next one replaces it, so its callbacks outlive that event.
            recording.with_value(|r| r.as_ref().map(|r| r.recorder.stop()));
            on_air.set(false);
            return;
        }
        let Some(canvas) = canvas.get_untracked() else {
            return;
        };
        match Recording::start(&canvas, file_name(&label.get_untracked(), "webm")) {
            Ok(rec) => {
                recording.set_value(Some(rec));
                on_air.set(true);
                failure.set(None);
            }
            Err(msg) => failure.set(Some(msg)),
        }
    };
    (width >= MIN_WIDTH).then(|| {
        view! {
            <div class="plot-tools secondary" role="group" aria-label="export this plot">
                <button type="button" data-testid="plot-png" on:click=save_png
                    title="download this plot as a PNG at twice the resolution"
                    aria-label=move || format!("download PNG: {}", label.get())
                >"PNG"</button>
                <button type="button" data-testid="plot-record" on:click=toggle_record
                    aria-pressed=move || on_air.get().to_string()
                    title="record this plot as a WebM video while it changes; press again to stop"
                    aria-label=move || format!("{} video: {}", if on_air.get() { "stop recording" } else { "record" }, label.get())
                >{move || if on_air.get() { "■ stop" } else { "● rec" }}</button>
            </div>
        }
    })
}

/// Re-draws the plot into an offscreen canvas at [`SCALE`]× and returns it as a PNG data URL.
/// The plot is laid out at the canvas's own size and the context scaled, so the picture (and
/// anything the draw function records, such as hover positions) matches the screen.
fn png_at_scale(
    canvas: &web_sys::HtmlCanvasElement,
    draw: &dyn Fn(&CanvasArea) -> PlotResult,
) -> Result<String, String> {
    let refused = |e: JsValue| js_message(e);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let big: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(refused)?
        .dyn_into()
        .map_err(|_| "no canvas element")?;
    big.set_width(canvas.width());
    big.set_height(canvas.height());
    let backend = CanvasBackend::with_canvas_object(big.clone()).ok_or("no 2-D canvas context")?;
    // The area keeps the 1× size it was made with; the pixels behind it double.
    let area = backend.into_drawing_area();
    big.set_width(canvas.width() * SCALE);
    big.set_height(canvas.height() * SCALE);
    let context: web_sys::CanvasRenderingContext2d = big
        .get_context("2d")
        .map_err(refused)?
        .ok_or("no 2-D canvas context")?
        .dyn_into()
        .map_err(|_| "no 2-D canvas context")?;
    context
        .scale(f64::from(SCALE), f64::from(SCALE))
        .map_err(refused)?;
    draw(&area).map_err(|e| e.to_string())?;
    big.to_data_url_with_type("image/png").map_err(refused)
}

/// A recording under way: the recorder and the callbacks it calls.
struct Recording {
    recorder: web_sys::MediaRecorder,
    _on_data: Closure<dyn FnMut(web_sys::BlobEvent)>,
    _on_stop: Closure<dyn FnMut()>,
}

impl Recording {
    /// Starts recording `canvas`; when stopped, the video downloads as `name`.
    fn start(canvas: &web_sys::HtmlCanvasElement, name: String) -> Result<Self, String> {
        let unsupported =
            |_| "This browser cannot record video from a canvas (no MediaRecorder).".to_string();
        let stream = canvas.capture_stream().map_err(unsupported)?;
        let options = web_sys::MediaRecorderOptions::new();
        options.set_mime_type("video/webm");
        let recorder = web_sys::MediaRecorder::new_with_media_stream_and_media_recorder_options(
            &stream, &options,
        )
        .or_else(|_| web_sys::MediaRecorder::new_with_media_stream(&stream))
        .map_err(unsupported)?;
        let chunks = Rc::new(RefCell::new(Vec::<web_sys::Blob>::new()));
        let sink = chunks.clone();
        let on_data =
            Closure::<dyn FnMut(web_sys::BlobEvent)>::new(move |ev: web_sys::BlobEvent| {
                if let Some(blob) = ev.data().filter(|b| b.size() > 0.0) {
                    sink.borrow_mut().push(blob);
                }
            });
        let on_stop = Closure::<dyn FnMut()>::new(move || {
            let parts: js_sys::Array = chunks.borrow_mut().drain(..).collect();
            let options = web_sys::BlobPropertyBag::new();
            options.set_type("video/webm");
            if let Ok(video) = web_sys::Blob::new_with_blob_sequence_and_options(&parts, &options) {
                let _ = download::blob(&name, &video);
            }
        });
        recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
        recorder.set_onstop(Some(on_stop.as_ref().unchecked_ref()));
        // A chunk every quarter second, so a long recording is not one huge buffer at the end.
        recorder.start_with_time_slice(250).map_err(js_message)?;
        Ok(Self {
            recorder,
            _on_data: on_data,
            _on_stop: on_stop,
        })
    }
}

impl Drop for Recording {
    /// A recording still running when its plot goes away is stopped without a download (its
    /// callbacks are about to be freed).
    fn drop(&mut self) {
        if self.recorder.state() != web_sys::RecordingState::Inactive {
            self.recorder.set_ondataavailable(None);
            self.recorder.set_onstop(None);
            let _ = self.recorder.stop();
        }
    }
}
