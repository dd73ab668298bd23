//! The two-backend harness lives in `jiangxin_store::testing`, shared with the crates built on
//! the store.

pub use jiangxin_store::testing::{TestDb, join_all, on_both_backends};
