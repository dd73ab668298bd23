//! Handler tests: the real server on port 0 over a fresh database, asked over HTTP.

mod admin;
mod api;
mod api_documents;
mod applications;
mod demo;
mod downloads;
mod harness;
mod inspections;
mod ledger;
mod notices;
mod panels;
mod security;
mod staff;
