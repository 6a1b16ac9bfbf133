//! Real transformer heads as Hopfield networks (`?view=heads`): the shipped queries and keys of
//! all-MiniLM-L6-v2 (`asset`), each head's weights, k90 and class at any β (`analysis`), and all heads
//! classified in slices (`run`), with one sentence of reading (`reading`), and the heads of a live MiniLM forward pass on any
//! text (`live`), the checks of the user's own text (`own`), the heads a replacement takes
//! (`replace`) and the ablation of each head (`ablation`).
//! Pure logic, tested natively; the view only holds signals and draws.

pub mod ablation;
pub mod analysis;
pub mod asset;
pub mod link;
pub mod live;
pub mod own;
pub mod reading;
pub mod replace;
pub mod run;
