//! The repertoire-pooling view's logic without the web: its settings in a share link. The
//! experiment itself (data, model, training, read-outs) is `engine::pooling`.

pub mod link;
