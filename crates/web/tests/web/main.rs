//! Handler tests: the real server on port 0 over a fresh database, asked over HTTP.

mod applications;
mod demo;
mod downloads;
mod harness;
mod security;
