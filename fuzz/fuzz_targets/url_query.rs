//! Any query string: parsing it, choosing the view and reading the capacity lab's settings
//! never panic, and the settings read back from their own link are the same.
#![no_main]

use hopfield_lab::lab::capacity::CapacitySettings;
use hopfield_lab::url_state::query::{self, Query};
use hopfield_lab::url_state::{debug, route};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = route::view_from_query(&text);
    let _ = debug::panic_requested(&text);
    let _ = debug::without_hooks(&text);
    let (settings, _) = CapacitySettings::from_query(&Query::parse(&text));
    let link = query::encode(&settings.to_query());
    let (again, notes) = CapacitySettings::from_query(&Query::parse(&link));
    assert!(notes.0.is_empty(), "its own link gave notices: {link} {notes:?}");
    assert_eq!(query::encode(&again.to_query()), link);
});
