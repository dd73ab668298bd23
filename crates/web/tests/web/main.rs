//! Handler tests: the real server on port 0 over a fresh database, asked over HTTP.

mod api;
mod applications;
mod demo;
mod harness;
mod ledger;
mod security;
