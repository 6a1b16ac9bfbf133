//! Real transformer heads as Hopfield networks (`?view=heads`): the shipped queries and keys of
//! all-MiniLM-L6-v2 (`asset`), each head's weights, k90 and class at any β (`analysis`), and all heads
//! classified in slices (`run`).
//! Pure logic, tested natively; the view only holds signals and draws.

pub mod analysis;
pub mod asset;
pub mod run;
