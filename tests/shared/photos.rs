//! The studio's built-in photo set at 64×64, as the studio stores it: the set two integration
//! tests measure (SCIENCE.md fact 15 and Theorem 5's bound).

use hopfield_lab::lab::studio::library::{Source, base_patterns};
use hopfield_lab::lab::studio::set::StoredSet;

/// Every built-in photo, centre-cropped to 64×64, in each model's encoding.
pub fn photo_set() -> StoredSet {
    let items = base_patterns(
        Source::Photos,
        100,
        64,
        0,
        include_bytes!("../../www/patterns/photos.bin"),
    )
    .unwrap();
    StoredSet::new(&items, 64, None).unwrap()
}
