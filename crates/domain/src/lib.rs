//! Value types of the skilled-talent domain, each parsed once at the edge.
//!
//! Every type here has private fields and is built by `parse` / `TryFrom` / `FromStr`;
//! once a value exists it is valid, so the layers above never re-check a raw string.
//! Errors carry a Chinese sentence followed by an English one, because the same message
//! reaches a bureau officer in the web app and a developer in a log.
#![forbid(unsafe_code)]

pub mod credit_code;
pub mod date;
pub mod division;
pub mod honour;
pub mod id_number;
pub mod industry;
pub mod money;
pub mod phone;
pub mod skill;
pub mod text;
pub mod unit;
