//! Statutory periods as 《中华人民共和国民法典》 counts them, for public notices
//! ("公示期为 5 个工作日", "公示 7 天").
//!
//! - 第二百零一条: “按照年、月、日、小时计算期间的，开始的当日不计入，自下一日开始计算。”
//!   The day of publication never counts; the period starts the next day.
//! - 第二百零三条: “期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。
//!   期间的最后一日的截止时间为二十四时。” A last day that is not a working day moves to
//!   the next working day, and the period ends at 24:00 of its last day.
//!
//! Every date-time here is Beijing time, the time of the notice itself.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::holidays::{HolidayError, WorkCalendar};

/// Why a period could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum PeriodError {
    #[error(transparent)]
    Calendar(#[from] HolidayError),
    #[error("期间长度必须至少为 1 天（a period must be at least one day long）")]
    Empty,
    #[error("期间起点 {from} 晚于终点 {to}，无法计算（period start {from} is after its end {to}）")]
    Reversed { from: NaiveDate, to: NaiveDate },
    #[error(
        "{date} 之后 {days} 天超出了可表示的日期范围（{days} days after {date} is beyond the representable dates）"
    )]
    OutOfRange { date: NaiveDate, days: u32 },
}

/// The last day of "`n` working days after `date`": the `n`-th working day strictly after
/// `date` (民法典 第二百零一条: the day of publication does not count). The period ends at
/// 24:00 of the returned day.
///
/// `n` = 0 is [`PeriodError::Empty`]: a notice period of no days has no last day after the
/// publication, and returning `date` itself would end the period before it starts.
pub fn add_working_days(
    calendar: &WorkCalendar,
    date: NaiveDate,
    n: u32,
) -> Result<NaiveDate, PeriodError> {
    require_length(n)?;
    let mut day = date;
    let mut counted = 0;
    while counted < n {
        day = next_day(day)?;
        if calendar.is_working_day(day)? {
            counted += 1;
        }
    }
    Ok(day)
}

/// The last day of "`n` days after `date`": `date` + `n` calendar days, moved to the next
/// working day when that day is a holiday or rest day (民法典 第二百零三条). A make-up
/// workday (调休) is a working day, so a period may end on a Saturday.
///
/// `n` = 0 is [`PeriodError::Empty`], as for [`add_working_days`].
pub fn add_calendar_days(
    calendar: &WorkCalendar,
    date: NaiveDate,
    n: u32,
) -> Result<NaiveDate, PeriodError> {
    require_length(n)?;
    let mut last = date
        .checked_add_days(Days::new(n.into()))
        .ok_or(PeriodError::OutOfRange { date, days: n })?;
    while !calendar.is_working_day(last)? {
        last = next_day(last)?;
    }
    Ok(last)
}

/// The number of working days in (`from`, `to`]: `from` itself is not counted, matching
/// [`add_working_days`], so `working_days_between(c, d, add_working_days(c, d, n)?)? == n`.
/// `from == to` gives 0; `from > to` is [`PeriodError::Reversed`] rather than a negative
/// or silently swapped count.
pub fn working_days_between(
    calendar: &WorkCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<u32, PeriodError> {
    if from > to {
        return Err(PeriodError::Reversed { from, to });
    }
    from.iter_days()
        .skip(1)
        .take_while(|day| *day <= to)
        .try_fold(0, |count, day| {
            Ok(count + u32::from(calendar.is_working_day(day)?))
        })
}

/// How a notice period's length is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LengthKind {
    /// "N 个工作日", counted by [`add_working_days`].
    WorkingDays,
    /// "N 天", counted by [`add_calendar_days`].
    CalendarDays,
}

/// The window of a public notice: from 00:00 of the day after publication to 24:00 of its
/// last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeWindow {
    published_on: NaiveDate,
    first_day: NaiveDate,
    last_day: NaiveDate,
    ends_at: NaiveDateTime,
    length: u32,
    length_kind: LengthKind,
}

impl NoticeWindow {
    /// A notice of `n` working days published on `published_on`.
    pub fn working_days(
        calendar: &WorkCalendar,
        published_on: NaiveDate,
        n: u32,
    ) -> Result<Self, PeriodError> {
        let last_day = add_working_days(calendar, published_on, n)?;
        Self::new(published_on, last_day, n, LengthKind::WorkingDays)
    }

    /// A notice of `n` calendar days published on `published_on`.
    pub fn calendar_days(
        calendar: &WorkCalendar,
        published_on: NaiveDate,
        n: u32,
    ) -> Result<Self, PeriodError> {
        let last_day = add_calendar_days(calendar, published_on, n)?;
        Self::new(published_on, last_day, n, LengthKind::CalendarDays)
    }

    fn new(
        published_on: NaiveDate,
        last_day: NaiveDate,
        length: u32,
        length_kind: LengthKind,
    ) -> Result<Self, PeriodError> {
        Ok(NoticeWindow {
            published_on,
            first_day: next_day(published_on)?,
            last_day,
            ends_at: next_day(last_day)?.and_time(NaiveTime::MIN),
            length,
            length_kind,
        })
    }

    /// The day the notice was published, which the period does not include.
    pub fn published_on(&self) -> NaiveDate {
        self.published_on
    }

    /// The first day of the period: the day after publication.
    pub fn first_day(&self) -> NaiveDate {
        self.first_day
    }

    /// The last day of the period, whole until 24:00.
    pub fn last_day(&self) -> NaiveDate {
        self.last_day
    }

    /// 24:00 of the last day, written as 00:00 of the next day; the window excludes it.
    pub fn ends_at(&self) -> NaiveDateTime {
        self.ends_at
    }

    /// The stated length, in the unit of [`Self::length_kind`].
    pub fn length(&self) -> u32 {
        self.length
    }

    /// Whether the length counts working days or calendar days.
    pub fn length_kind(&self) -> LengthKind {
        self.length_kind
    }

    /// Whether `at` falls within [00:00 of the first day, 24:00 of the last day).
    pub fn contains(&self, at: NaiveDateTime) -> bool {
        self.first_day.and_time(NaiveTime::MIN) <= at && at < self.ends_at
    }
}

fn require_length(n: u32) -> Result<(), PeriodError> {
    if n == 0 {
        Err(PeriodError::Empty)
    } else {
        Ok(())
    }
}

fn next_day(date: NaiveDate) -> Result<NaiveDate, PeriodError> {
    date.succ_opt()
        .ok_or(PeriodError::OutOfRange { date, days: 1 })
}
