//! The official working-day calendar: weekends, public holidays and make-up workdays (调休)
//! as set each year by the State Council's notice on holiday arrangements.
//!
//! The data are the files of `data/holiday-cn` (from NateScarlet/holiday-cn, MIT), embedded
//! at compile time. A file is named after the year of its notice, `YYYY.json`, and may list
//! days of the neighbouring years: the notice for 2023 sets 2022-12-31 as part of the New
//! Year holiday, so that day comes from `2023.json`.
//!
//! A year is *published* when its file exists and lists at least one day. Every query about
//! a date of an unpublished year fails with [`HolidayError::YearNotPublished`]: an unknown
//! year is never guessed as "weekends only", since a guess would put a notice deadline on
//! a day that later turns out to be a holiday.
//!
//! When several files list the same date, the file of the later year wins, because the
//! later notice is the one that fixed that day. Consequently, late-December days of year Y
//! are as known today: until the notice for Y+1 is out (and loaded), they follow file Y and
//! the plain weekday rule; once it is loaded, its entries for them apply.

mod file_name;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use file_name::year_of_file_name;

include!(concat!(env!("OUT_DIR"), "/builtin_holidays.rs"));

/// Why the calendar could not be built or could not answer.
#[derive(Debug, thiserror::Error)]
pub enum HolidayError {
    #[error("{year} 年的节假日安排尚未公布，无法计算工作日（no official holiday data for {year}）")]
    YearNotPublished { year: i32 },
    #[error("无法读取节假日目录 {}：{source}（cannot list holiday directory {}: {source}）", .dir.display(), .dir.display())]
    ReadDir { dir: PathBuf, source: io::Error },
    #[error("无法读取节假日文件 {file}：{source}（cannot read holiday file {file}: {source}）")]
    ReadFile { file: String, source: io::Error },
    #[error(
        "节假日文件 {file} 的文件名应为“四位年份.json”，如 2027.json（holiday file {file} must be named YYYY.json）"
    )]
    BadFileName { file: String },
    #[error(
        "节假日文件 {file} 不是有效的节假日 JSON：{source}（{file} is not valid holiday JSON: {source}）"
    )]
    BadJson {
        file: String,
        source: serde_json::Error,
    },
    #[error(
        "节假日文件 {file} 写明的年份是 {declared}，与文件名的 {expected} 不符（{file} declares year {declared} but is the file for {expected}）"
    )]
    YearMismatch {
        file: String,
        declared: i32,
        expected: i32,
    },
    #[error("节假日文件 {file} 中的日期 {date} 不在 {} 年至 {} 年之间（{file}: date {date} is outside years {}..={}）", .year - 1, .year + 1, .year - 1, .year + 1)]
    DateOutOfRange {
        file: String,
        date: NaiveDate,
        year: i32,
    },
    #[error(
        "节假日文件 {file} 中的日期 {date} 出现了不止一次（{file}: date {date} is listed more than once）"
    )]
    DuplicateDate { file: String, date: NaiveDate },
}

/// What kind of day a date is in the official calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// Monday to Friday with no official arrangement.
    Workday,
    /// Saturday or Sunday with no official arrangement.
    Weekend,
    /// An official day off, named after its holiday (e.g. 国庆节).
    Holiday { name: String },
    /// A weekend day made a workday to bridge a holiday (调休), named after that holiday.
    MakeupWorkday { name: String },
}

impl DayKind {
    /// Whether people work that day.
    pub fn is_working_day(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday { .. })
    }
}

/// The official calendar of the published years.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    published: BTreeSet<i32>,
    /// Days the notices set apart from the weekday rule: only `Holiday` and `MakeupWorkday`.
    official: BTreeMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    /// The calendar of the files built into this program.
    pub fn builtin() -> Result<Self, HolidayError> {
        Self::from_files(builtin_files())
    }

    /// The built-in calendar with `dir/YYYY.json` files replacing the built-in file of the
    /// same year, so a bureau can load a new notice without a new build. Only `*.json`
    /// files are read, and each must be named after its year.
    pub fn builtin_with_overrides(dir: &Path) -> Result<Self, HolidayError> {
        Self::from_files(builtin_files().chain(read_override_dir(dir)?))
    }

    /// A calendar of the given (year, JSON text) files, as if each were `YYYY.json`; when a
    /// year is given twice, the later text replaces the earlier one.
    pub fn from_sources<I, S>(sources: I) -> Result<Self, HolidayError>
    where
        I: IntoIterator<Item = (i32, S)>,
        S: AsRef<str>,
    {
        Self::from_files(sources.into_iter().map(|(year, text)| HolidayFile {
            year,
            name: format!("{year}.json"),
            text: Cow::Owned(text.as_ref().to_owned()),
        }))
    }

    /// The published years, in ascending order.
    pub fn published_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.published.iter().copied()
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, HolidayError> {
        let year = date.year();
        if !self.published.contains(&year) {
            return Err(HolidayError::YearNotPublished { year });
        }
        Ok(self
            .official
            .get(&date)
            .cloned()
            .unwrap_or_else(|| match date.weekday() {
                Weekday::Sat | Weekday::Sun => DayKind::Weekend,
                _ => DayKind::Workday,
            }))
    }

    /// Whether `date` is a working day: an official holiday is not, a make-up workday is,
    /// and any other day is when it falls on Monday to Friday.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, HolidayError> {
        Ok(self.day_kind(date)?.is_working_day())
    }

    fn from_files(files: impl IntoIterator<Item = HolidayFile>) -> Result<Self, HolidayError> {
        // Keyed by year so that a later file for a year replaces an earlier one, and walked
        // in ascending order so that a later notice overrides an earlier one's days.
        let by_year: BTreeMap<i32, HolidayFile> =
            files.into_iter().map(|file| (file.year, file)).collect();
        let mut calendar = WorkCalendar {
            published: BTreeSet::new(),
            official: BTreeMap::new(),
        };
        for file in by_year.values() {
            let days = file.parse()?;
            if !days.is_empty() {
                calendar.published.insert(file.year);
            }
            for day in days {
                let kind = if day.is_off_day {
                    DayKind::Holiday { name: day.name }
                } else {
                    DayKind::MakeupWorkday { name: day.name }
                };
                calendar.official.insert(day.date, kind);
            }
        }
        Ok(calendar)
    }
}

/// One holiday file: the year it is for, its name for error messages, and its text.
struct HolidayFile {
    year: i32,
    name: String,
    text: Cow<'static, str>,
}

/// The JSON layout of a holiday-cn file; other fields (`papers`, `$schema`) are ignored.
#[derive(Deserialize)]
struct Notice {
    year: i32,
    days: Vec<NoticeDay>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NoticeDay {
    name: String,
    date: NaiveDate,
    is_off_day: bool,
}

impl HolidayFile {
    /// The days of the file, checked against the year it is for.
    fn parse(&self) -> Result<Vec<NoticeDay>, HolidayError> {
        let file = || self.name.clone();
        let notice: Notice =
            serde_json::from_str(&self.text).map_err(|source| HolidayError::BadJson {
                file: file(),
                source,
            })?;
        if notice.year != self.year {
            return Err(HolidayError::YearMismatch {
                file: file(),
                declared: notice.year,
                expected: self.year,
            });
        }
        let mut seen = BTreeSet::new();
        for day in &notice.days {
            if (day.date.year() - self.year).abs() > 1 {
                return Err(HolidayError::DateOutOfRange {
                    file: file(),
                    date: day.date,
                    year: self.year,
                });
            }
            if !seen.insert(day.date) {
                return Err(HolidayError::DuplicateDate {
                    file: file(),
                    date: day.date,
                });
            }
        }
        Ok(notice.days)
    }
}

fn builtin_files() -> impl Iterator<Item = HolidayFile> {
    BUILTIN_SOURCES
        .iter()
        .map(|&(year, name, text)| HolidayFile {
            year,
            name: name.to_owned(),
            text: Cow::Borrowed(text),
        })
}

fn read_override_dir(dir: &Path) -> Result<Vec<HolidayFile>, HolidayError> {
    let read_dir_error = |source| HolidayError::ReadDir {
        dir: dir.to_owned(),
        source,
    };
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).map_err(read_dir_error)? {
        let path = entry.map_err(read_dir_error)?.path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let shown = path.display().to_string();
        let year = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(year_of_file_name)
            .ok_or_else(|| HolidayError::BadFileName {
                file: shown.clone(),
            })?;
        let text = fs::read_to_string(&path).map_err(|source| HolidayError::ReadFile {
            file: shown.clone(),
            source,
        })?;
        files.push(HolidayFile {
            year,
            name: shown,
            text: Cow::Owned(text),
        });
    }
    Ok(files)
}
