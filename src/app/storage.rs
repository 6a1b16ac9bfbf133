//! The user's own patterns (uploaded and drawn) and the gallery order kept in the browser's
//! local storage, and the patterns' JSON as a file to export and import; with the link of a
//! view added, that file is the Share dialog's state file (patterns are too big for a link).
//! The JSON is built and read by the browser
//! (`js_sys::JSON`), so no JSON library is added to the bundle; the pure parts (base64, checks)
//! are `studio::saved`. Failures are returned as messages naming what was not saved or read.

use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::engine::images::GreyImage;
use crate::lab::studio::saved::{self, FORMAT, ORDER_KEY, STORAGE_KEY, VERSION};

/// A pattern as the studio keeps it: its name and its square grey image.
pub type Pattern = (String, GreyImage);

fn storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or_else(|| "this browser gives the page no local storage".to_string())
}

fn set(target: &Object, key: &str, value: JsValue) {
    // Setting a plain data property on a fresh object cannot fail.
    let _ = Reflect::set(target, &key.into(), &value);
}

/// What a patterns file holds: the patterns and, in a state file, the link (query string) of
/// the view they were saved with.
pub struct PatternFile {
    /// The patterns, in order.
    pub patterns: Vec<Pattern>,
    /// The view's query string (without `?`), when the file is a state file.
    pub link: Option<String>,
}

/// `patterns` (and the view's `link`, for a state file) as the JSON text of the saved and
/// exported format.
pub fn to_json(patterns: &[Pattern], link: Option<&str>) -> String {
    let list = Array::new();
    for (name, image) in patterns {
        let item = Object::new();
        set(&item, "name", name.as_str().into());
        set(&item, "side", (image.width() as f64).into());
        set(&item, "grey", saved::base64_encode(image.pixels()).into());
        list.push(&item);
    }
    let root = Object::new();
    set(&root, "format", FORMAT.into());
    set(&root, "version", VERSION.into());
    set(&root, "patterns", list.into());
    if let Some(link) = link {
        set(&root, "link", link.into());
    }
    JSON::stringify(&root)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// The patterns (and link) in the JSON `text`, or what is wrong with it.
pub fn from_json(text: &str) -> Result<PatternFile, String> {
    let root = JSON::parse(text).map_err(|_| "it is not JSON".to_string())?;
    let field = |v: &JsValue, key: &str| Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if !root.is_object() || field(&root, "format").as_string().as_deref() != Some(FORMAT) {
        return Err("it is not a Hopfield Lab patterns file".into());
    }
    match field(&root, "version").as_f64() {
        Some(v) if v <= VERSION as f64 => {}
        _ => {
            return Err(format!(
                "it is not version {VERSION} of the patterns format"
            ));
        }
    }
    let list = field(&root, "patterns");
    let list: Array = list
        .dyn_into()
        .map_err(|_| "it has no list of patterns".to_string())?;
    let patterns = list
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let name = saved::clean_name(&field(&item, "name").as_string().unwrap_or_default());
            let side = field(&item, "side").as_f64().unwrap_or(f64::NAN);
            let grey = field(&item, "grey").as_string().unwrap_or_default();
            let image = saved::unpack(side, &grey)
                .map_err(|e| format!("pattern {} ({name}): {e}", i + 1))?;
            Ok((name, image))
        })
        .collect::<Result<_, String>>()?;
    let link = field(&root, "link").as_string();
    Ok(PatternFile { patterns, link })
}

/// The saved patterns (none when nothing was saved).
pub fn load() -> Result<Vec<Pattern>, String> {
    let text = storage()?
        .get_item(STORAGE_KEY)
        .map_err(|_| "the browser refused to read its local storage".to_string())?;
    match text {
        None => Ok(Vec::new()),
        Some(text) => from_json(&text)
            .map(|file| file.patterns)
            .map_err(|e| format!("your saved patterns were not restored: {e}")),
    }
}

/// Saves `patterns`, replacing what was saved. A full storage is reported by name.
pub fn save(patterns: &[Pattern]) -> Result<(), String> {
    let storage = storage().map_err(|e| format!("{e}: your patterns will not survive a reload"))?;
    if patterns.is_empty() {
        return storage
            .remove_item(STORAGE_KEY)
            .map_err(|_| "the browser refused to update its local storage".into());
    }
    storage.set_item(STORAGE_KEY, &to_json(patterns, None)).map_err(|e| {
        let name = e
            .dyn_ref::<web_sys::DomException>()
            .map(|e| e.name())
            .unwrap_or_default();
        let what = format!("your {} added patterns were not saved", patterns.len());
        if name == "QuotaExceededError" {
            format!("{what}: this browser's storage for the page is full (QuotaExceededError); export them to a file to keep them")
        } else {
            format!("{what}: the browser refused to store them ({name})")
        }
    })
}

/// The saved gallery order's text (none when nothing was saved or there is no storage).
pub fn load_order() -> Option<String> {
    storage().ok()?.get_item(ORDER_KEY).ok()?
}

/// Saves the gallery order's text, replacing what was saved (`None`: the natural order,
/// nothing to keep).
pub fn save_order(text: Option<&str>) -> Result<(), String> {
    let storage = storage()?;
    match text {
        Some(text) => storage.set_item(ORDER_KEY, text),
        None => storage.remove_item(ORDER_KEY),
    }
    .map_err(|_| "the browser refused to save the gallery order".into())
}

/// Removes everything the app stored in this browser (all keys under its prefix).
pub fn clear_all() -> Result<(), String> {
    let storage = storage()?;
    let prefix = STORAGE_KEY.split('/').next().unwrap_or(STORAGE_KEY);
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect();
    for key in keys {
        storage
            .remove_item(&key)
            .map_err(|_| format!("the browser refused to remove {key}"))?;
    }
    Ok(())
}
