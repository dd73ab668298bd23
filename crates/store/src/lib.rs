//! The storage layer: one schema and one set of append-only migrations for an embedded SQLite
//! file and for PostgreSQL, with typed repositories that speak in domain types.
//!
//! * [`Store::connect`] opens `sqlite://PATH` (the default, [`DEFAULT_DATABASE_URL`]) or
//!   `postgres://...` and migrates it;
//! * [`Store::begin`] starts a write transaction for an [`Actor`]; the repositories
//!   ([`units`], [`persons`], [`accounts`], [`programs`], [`applications`], [`events`],
//!   [`recommendations`], [`consultations`], [`parameters`], [`panels`], [`notices`], [`quotas`], [`attachments`], the talent registry [`talents`], a unit's staff roster [`staff`], and for the web application's sign-ins [`sessions`] and [`logins`]) change rows through it and record every change in the hash-chained
//!   [`audit`] log, which [`audit::verify`] checks;
//! * ID numbers and phone numbers are encrypted at rest ([`crypto`]);
//! * attachment bytes live in a content-addressed [`blob::BlobStore`].
//!
//! The store never decides policy: stages, categories, facts and decisions are the workflow's
//! values, which it keeps and returns as given.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod applications;
pub mod attachments;
pub mod audit;
pub mod blob;
pub mod consultations;
pub mod crypto;
pub mod digest;
pub mod events;
pub mod ledger;
pub mod logins;
pub mod migrations;
pub mod notices;
pub mod panels;
pub mod parameters;
pub mod persons;
pub mod programs;
pub mod quotas;
pub mod recommendations;
pub mod sessions;
pub mod staff;
pub mod talents;
#[cfg(feature = "testing")]
pub mod testing;
pub mod titles;
pub mod units;

mod entity;
mod error;
mod kind;
mod store;

pub use audit::Actor;
pub use digest::Digest;
pub use error::{Result, StoreError};
pub use kind::EntityKind;
pub use store::{Backend, DEFAULT_DATA_DIR, DEFAULT_DATABASE_URL, Reader, Snapshot, Store, Tx};

/// Declares a surrogate-key newtype: the database's `bigint` id of one kind of record, so that a
/// unit's id cannot be passed where a person's is expected.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}
pub(crate) use id_type;
