//! End-to-end tests: the real server on port 0 over a fresh SQLite database, used through its
//! pages by headless Chromium (Debian's `chromium` and `chromedriver`, installed by
//! `scripts/ensure-chromium.sh`). Each test saves screenshots of the main pages it walks
//! through under `target/e2e-screenshots/`, so that a person can look at them.

mod applications;
mod browser;
#[expect(
    dead_code,
    reason = "the handler tests' harness: these tests use its server, not its HTTP clients"
)]
#[path = "../web/harness.rs"]
mod harness;
mod notices;
mod walk;
mod walks;
