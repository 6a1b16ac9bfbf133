//! End-to-end test support: a static file server for `dist/` on 127.0.0.1, a chromedriver
//! process, and a fantoccini client with the flags headless Chromium needs as root here.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// Asks `check` every `every` until it gives a value, and fails the test naming `what` once
/// `limit` has passed: the suite's one polling loop, for page state that the app updates
/// asynchronously.
pub async fn poll<T>(
    limit: Duration,
    every: Duration,
    what: impl std::fmt::Display,
    mut check: impl AsyncFnMut() -> Option<T>,
) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "waited {limit:?} in vain for {what}"
        );
        tokio::time::sleep(every).await;
    }
}

/// Where screenshots go (the brief: `target/screenshots/`).
pub fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// The sub-path under which the server also serves `dist/`, as a documentation site would
/// host the app (checks that every asset URL is relative).
pub const SUB_PATH: &str = "demos/hopfield/";

/// Extra pages served at fixed paths (test pages embedding the app).
type Pages = Arc<Mutex<HashMap<String, String>>>;
/// Parts of paths the server treats differently: answered with 404 (a module that fails to
/// load), or served with one byte flipped (a download damaged on the way).
type PathParts = Arc<Mutex<Vec<String>>>;

/// Whether `path` contains one of `parts`.
fn names(parts: &PathParts, path: &str) -> bool {
    parts
        .lock()
        .unwrap()
        .iter()
        .any(|p| path.contains(p.as_str()))
}

/// Serves the files under `root` on an ephemeral loopback port until the process ends, at `/`
/// and under [`SUB_PATH`], plus any pages added with [`StaticServer::add_page`].
pub struct StaticServer {
    pub base_url: String,
    pages: Pages,
    refused: PathParts,
    damaged: PathParts,
}

impl StaticServer {
    /// Starts serving `root` (normally `dist/`, built by `trunk build --release`).
    pub fn start(root: PathBuf) -> Self {
        assert!(
            root.join("index.html").exists(),
            "{} has no index.html: run `trunk build --release` first (make test does)",
            root.display()
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base_url = format!("http://{}/", listener.local_addr().unwrap());
        let pages = Pages::default();
        let refused = PathParts::default();
        let damaged = PathParts::default();
        let (shared, no, flipped) = (pages.clone(), refused.clone(), damaged.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                let (pages, refused) = (shared.clone(), no.clone());
                let damaged = flipped.clone();
                std::thread::spawn(move || serve_one(stream, &root, &pages, &refused, &damaged));
            }
        });
        Self {
            base_url,
            pages,
            refused,
            damaged,
        }
    }

    /// Answers 404 from now on for every path that contains `part`.
    pub fn refuse(&self, part: &str) {
        self.refused.lock().unwrap().push(part.to_string());
    }

    /// Serves every path that contains `part` with its middle byte flipped from now on (its
    /// length unchanged), until [`StaticServer::repair`].
    pub fn damage(&self, part: &str) {
        self.damaged.lock().unwrap().push(part.to_string());
    }

    /// Serves every file intact again.
    pub fn repair(&self) {
        self.damaged.lock().unwrap().clear();
    }

    /// Serves `html` at `/<path>` from now on.
    pub fn add_page(&self, path: &str, html: &str) {
        self.pages
            .lock()
            .unwrap()
            .insert(path.to_string(), html.to_string());
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

fn serve_one(
    mut stream: TcpStream,
    root: &Path,
    pages: &Pages,
    refused: &PathParts,
    damaged: &PathParts,
) {
    let mut line = String::new();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain the headers.
    let mut header = String::new();
    while reader
        .read_line(&mut header)
        .map(|n| n > 2)
        .unwrap_or(false)
    {
        header.clear();
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let relative = path.trim_start_matches('/');
    if let Some(html) = pages.lock().unwrap().get(relative) {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            html.len()
        );
        let _ = stream.write_all([head.as_bytes(), html.as_bytes()].concat().as_slice());
        return;
    }
    let relative = relative.strip_prefix(SUB_PATH).unwrap_or(relative);
    let mut file = root.join(if relative.is_empty() {
        "index.html"
    } else {
        relative
    });
    if file.is_dir() {
        file = file.join("index.html");
    }
    let safe = !relative.split('/').any(|part| part == "..") && !names(refused, relative);
    let flip = names(damaged, relative);
    let response = match std::fs::read(&file) {
        Ok(mut body) if safe => {
            if flip && !body.is_empty() {
                let middle = body.len() / 2;
                body[middle] ^= 0xff;
            }
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            [head.into_bytes(), body].concat()
        }
        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
}

/// A chromedriver process in a process group of its own, which is killed as a group when
/// dropped, so the Chromium it started goes with it.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {binary}: {e} (make test installs it)"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group's id is chromedriver's pid (process_group(0) above).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The pids of the processes whose command line names `needle` (read from /proc).
pub fn processes_naming(needle: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmd| String::from_utf8_lossy(&cmd).contains(needle))
        })
        .collect()
}

/// Ends every process that still uses the browser profile `profile` (a Chromium that left
/// chromedriver's process group, or whose driver is already gone), then removes the profile.
fn end_browser(profile: &Path) {
    let needle = format!("--user-data-dir={}", profile.display());
    for _ in 0..50 {
        let left = processes_naming(&needle);
        if left.is_empty() {
            break;
        }
        for pid in left {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .stderr(Stdio::null())
                .status();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = std::fs::remove_dir_all(profile);
}

/// Everything one test needs: the server, the driver and a connected browser session. Dropping
/// it, whether the test ended well, failed or forgot [`Session::close`], ends the browser and
/// removes its profile.
pub struct Session {
    pub client: Client,
    pub server: StaticServer,
    driver: Option<Driver>,
    profile: PathBuf,
}

impl Drop for Session {
    fn drop(&mut self) {
        drop(self.driver.take());
        end_browser(&self.profile);
    }
}

impl Session {
    /// Starts chromedriver and a headless Chromium of `width`×`height` with a fresh profile.
    pub async fn start(width: u32, height: u32) -> Self {
        Self::start_with(width, height, serde_json::Map::new()).await
    }

    /// Like [`Session::start`] with a phone's viewport of exactly `width`×`height` CSS pixels
    /// (a headless window cannot be narrower than 500 px, so the viewport is emulated).
    pub async fn start_phone(width: u32, height: u32) -> Self {
        let mut extra = serde_json::Map::new();
        extra.insert(
            "mobileEmulation".into(),
            serde_json::json!({ "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0 } }),
        );
        Self::start_with(width.max(500), height, extra).await
    }

    /// Starts a session with `extra` entries in `goog:chromeOptions`, serving the app's build.
    async fn start_with(
        width: u32,
        height: u32,
        extra: serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        // HOPFIELD_DIST points at another build (e.g. one engineer's own trunk --dist).
        let dist = std::env::var_os("HOPFIELD_DIST")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
        Self::start_serving(dist, width, height, extra).await
    }

    /// Starts a session whose server serves `root` instead of the app (a benchmark's own page:
    /// `tests/browser_bench/tfjs.rs`).
    pub async fn start_serving(
        root: PathBuf,
        width: u32,
        height: u32,
        extra: serde_json::Map<String, serde_json::Value>,
    ) -> Self {
        let server = StaticServer::start(root);
        let driver = Driver::start();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let profile =
            std::env::temp_dir().join(format!("hopfield-e2e-{}-{nanos}", std::process::id()));
        let mut caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        });
        if let Some(options) = caps["goog:chromeOptions"].as_object_mut() {
            options.extend(extra);
        }
        let client = ClientBuilder::native()
            .capabilities(caps.as_object().unwrap().clone())
            .connect(&driver.url)
            .await
            .expect("connect to chromedriver");
        Self {
            client,
            server,
            driver: Some(driver),
            profile,
        }
    }

    /// Opens the page at `path` on the server (no waiting for the app).
    pub async fn open_page(&self, path: &str) {
        let url = format!("{}{}", self.server.base_url, path);
        self.client.goto(&url).await.expect("open the page");
    }

    /// Opens the app at `query` (for example `?view=studio`) and waits until it has mounted.
    pub async fn open(&self, query: &str) {
        let url = format!("{}{}", self.server.base_url, query);
        self.client.goto(&url).await.expect("open the app");
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("main"))
            .await
            .expect("the app mounted <main>");
    }

    /// Waits (at most 20 s) until no element is `data-pending`: the studio's binary panels
    /// record in compute workers and keep their last record, marked so, until the answer (a
    /// few milliseconds). Every read and action waits it out, as a user acts on what the
    /// page shows once it has settled.
    pub async fn settled(&self) {
        poll(
            Duration::from_secs(20),
            Duration::from_millis(10),
            "no [data-pending] element",
            async || {
                let none = self
                    .client
                    .execute(
                        "return document.querySelector('[data-pending]') === null",
                        vec![],
                    )
                    .await
                    .ok()?;
                (none == serde_json::Value::Bool(true)).then_some(())
            },
        )
        .await
    }

    /// Saves a PNG screenshot as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        self.settled().await;
        let png = self.client.screenshot().await.expect("screenshot");
        let path = screenshot_dir().join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// The attribute `attr` of the element with `data-testid=testid`.
    pub async fn attr(&self, testid: &str, attr: &str) -> String {
        self.settled().await;
        let el = self
            .client
            .find(Locator::Css(&format!("[data-testid={testid}]")))
            .await
            .unwrap_or_else(|e| panic!("no [data-testid={testid}]: {e}"));
        el.attr(attr)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("[data-testid={testid}] has no {attr}"))
    }

    /// Waits up to 20 s until the element with `data-testid=testid` exists and has
    /// `attr` = `want`.
    pub async fn wait_for_attr(&self, testid: &str, attr: &str, want: &str) {
        let css = format!("[data-testid={testid}]");
        let what = format!("{css} with {attr}={want}");
        poll(
            Duration::from_secs(20),
            Duration::from_millis(100),
            what,
            async || {
                let el = self.client.find(Locator::Css(&css)).await.ok()?;
                let value = el.attr(attr).await.ok().flatten()?;
                (value == want).then_some(())
            },
        )
        .await
    }

    /// Sets the control with `data-testid=testid` to `value` and fires `event`, the way a
    /// user's change ends: `input` for a slider, `change` for a select or a number field.
    pub async fn set_value(&self, testid: &str, value: &str, event: &str) {
        self.settled().await;
        let script = r#"
            const el = document.querySelector(`[data-testid="${arguments[0]}"]`);
            el.value = arguments[1];
            el.dispatchEvent(new Event(arguments[2], { bubbles: true }));
        "#;
        self.client
            .execute(script, vec![testid.into(), value.into(), event.into()])
            .await
            .unwrap_or_else(|e| panic!("set {testid} to {value}: {e}"));
    }

    /// Fails the test if the app shows its error box (a panic or a failed start).
    pub async fn assert_no_error_box(&self) {
        let found = self
            .client
            .find(Locator::Css("[data-testid=error-box]"))
            .await;
        assert!(found.is_err(), "the app shows an error box");
    }

    /// Clicks the element with `data-testid=testid`.
    pub async fn click(&self, testid: &str) {
        self.settled().await;
        self.client
            .find(Locator::Css(&format!("[data-testid={testid}]")))
            .await
            .unwrap_or_else(|e| panic!("no [data-testid={testid}]: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {testid}: {e}"));
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.settled().await;
        let el = self.client.find(Locator::Css(css)).await;
        let el = el.unwrap_or_else(|e| panic!("no {css}: {e}"));
        el.text().await.unwrap()
    }

    /// Makes `<a download>` clicks record (name, href) in `window.__downloads` instead of
    /// saving files.
    pub async fn capture_downloads(&self) {
        self.client
            .execute(
                r#"window.__downloads = [];
                   HTMLAnchorElement.prototype.click = function () {
                       window.__downloads.push([this.download, this.href]);
                   };"#,
                vec![],
            )
            .await
            .unwrap();
    }

    /// The (name, text) of the latest download captured by [`Session::capture_downloads`].
    pub async fn last_download(&self) -> (String, String) {
        let got = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   const [name, href] = window.__downloads[window.__downloads.length - 1];
                   fetch(href).then(r => r.text()).then(text => done([name, text]));"#,
                vec![],
            )
            .await
            .expect("read the download");
        let text = |i: usize| got[i].as_str().unwrap_or_default().to_string();
        (text(0), text(1))
    }

    /// How far the page scrolls sideways, in CSS pixels (0 when it fits its width).
    pub async fn sideways_overflow(&self) -> f64 {
        self.client
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap_or(f64::NAN)
    }

    /// The browser's profile folder (unique to this session).
    pub fn profile(&self) -> &Path {
        &self.profile
    }

    /// Ends the WebDriver session politely; dropping `self` then ends the browser and removes
    /// its profile (which also happens when a test never gets here).
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}
