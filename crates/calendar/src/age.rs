//! Age in 周岁 (full years) and the civil-law month arithmetic it rests on.
//!
//! 《中华人民共和国民法典》第二百零二条: “按照年、月计算期间的，到期月的对应日为期间的最后
//! 一日；没有对应日的，月末日为期间的最后一日。” Adding months lands on the same day of the
//! month, or on the month's last day when that day does not exist there. A person's age
//! grows on each anniversary of the birth date found this way, so someone born on
//! 29 February turns a year older on 28 February in a non-leap year.

use chrono::{Datelike, Months, NaiveDate};

/// Why an age or a date could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgeError {
    #[error(
        "参考日期 {on} 早于出生日期 {birth}，无法计算年龄（reference date {on} is before birth date {birth}）"
    )]
    NotYetBorn { birth: NaiveDate, on: NaiveDate },
    #[error(
        "{date} 之后 {months} 个月超出了可表示的日期范围（{months} months after {date} is beyond the representable dates）"
    )]
    OutOfRange { date: NaiveDate, months: u32 },
}

/// `date` plus `months` by 民法典 第二百零二条: the same day of the target month, or that
/// month's last day when it has no such day (2024-01-31 + 1 month = 2024-02-29;
/// 2024-02-29 + 12 months = 2025-02-28).
pub fn add_months_civil(date: NaiveDate, months: u32) -> Result<NaiveDate, AgeError> {
    // chrono clamps to the last day of the month, which is exactly the month-end rule.
    date.checked_add_months(Months::new(months))
        .ok_or(AgeError::OutOfRange { date, months })
}

/// Age in full years (周岁) on `on` of someone born on `birth`: it increases on each
/// anniversary of the birth date as [`add_months_civil`] finds it (28 February in a
/// non-leap year for a 29 February birth). Born that very day is 0.
pub fn full_years(birth: NaiveDate, on: NaiveDate) -> Result<u32, AgeError> {
    if on < birth {
        return Err(AgeError::NotYetBorn { birth, on });
    }
    // Non-negative because on >= birth; the anniversary in `on`'s own year decides whether
    // that year's birthday has come yet. That anniversary is `add_months_civil(birth, 12 *
    // years)`: the same month, and the same day unless it is 29 February in a non-leap year,
    // which becomes the 28th. Comparing month and day gives it without building the date,
    // which matters because screening a registry asks for ages millions of times.
    let years = (on.year() - birth.year()).unsigned_abs();
    let leap_day_in_common_year = birth.month() == 2 && birth.day() == 29 && !on.leap_year();
    let anniversary = (
        birth.month(),
        birth.day() - u32::from(leap_day_in_common_year),
    );
    Ok(if (on.month(), on.day()) >= anniversary {
        years
    } else {
        years - 1
    })
}
