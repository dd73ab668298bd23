//! The server's clock. In production it is the computer's clock in Beijing time; in a demo it
//! is a date the administrator sets, because the seed notices ran in 2021 and 2024 and their
//! windows can only be walked through on their own dates.

use std::sync::RwLock;

use chrono::NaiveDate;
use jiangxin_workflow::{Clock, SystemClock};

/// A clock that a demo may move.
#[derive(Debug)]
pub struct ServerClock {
    /// `None`: the computer's date.
    fixed: RwLock<Option<NaiveDate>>,
    movable: bool,
}

impl ServerClock {
    /// The computer's clock; it cannot be moved.
    pub fn system() -> Self {
        Self {
            fixed: RwLock::new(None),
            movable: false,
        }
    }

    /// A demo clock showing `today` until it is moved.
    pub fn demo(today: NaiveDate) -> Self {
        Self {
            fixed: RwLock::new(Some(today)),
            movable: true,
        }
    }

    pub fn is_movable(&self) -> bool {
        self.movable
    }

    /// Moves a demo clock to `today`; `false` (and no change) for the computer's clock.
    pub fn set(&self, today: NaiveDate) -> bool {
        if self.movable {
            *self.fixed.write().expect("clock lock") = Some(today);
        }
        self.movable
    }
}

impl Clock for ServerClock {
    fn today(&self) -> NaiveDate {
        self.fixed
            .read()
            .expect("clock lock")
            .unwrap_or_else(|| SystemClock.today())
    }
}
