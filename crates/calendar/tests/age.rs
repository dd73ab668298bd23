//! Age in 周岁 and the month-end rule of 民法典 第二百零二条.

use chrono::NaiveDate;
use jiangxin_calendar::age::{AgeError, add_months_civil, full_years};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

#[test]
fn adding_months_keeps_the_day_of_the_month() {
    assert_eq!(
        add_months_civil(date(2024, 5, 15), 1).unwrap(),
        date(2024, 6, 15)
    );
    assert_eq!(
        add_months_civil(date(2024, 5, 15), 0).unwrap(),
        date(2024, 5, 15)
    );
    assert_eq!(
        add_months_civil(date(1965, 1, 15), 721).unwrap(),
        date(2025, 2, 15)
    );
}

#[test]
fn adding_months_to_a_day_the_target_month_lacks_gives_its_last_day() {
    assert_eq!(
        add_months_civil(date(2024, 1, 31), 1).unwrap(),
        date(2024, 2, 29)
    );
    assert_eq!(
        add_months_civil(date(2023, 1, 31), 1).unwrap(),
        date(2023, 2, 28)
    );
    assert_eq!(
        add_months_civil(date(2024, 3, 31), 1).unwrap(),
        date(2024, 4, 30)
    );
    assert_eq!(
        add_months_civil(date(2024, 2, 29), 12).unwrap(),
        date(2025, 2, 28)
    );
    assert_eq!(
        add_months_civil(date(2024, 2, 29), 48).unwrap(),
        date(2028, 2, 29)
    );
}

#[test]
fn adding_months_past_the_last_representable_date_is_an_error() {
    assert_eq!(
        add_months_civil(NaiveDate::MAX, 1),
        Err(AgeError::OutOfRange {
            date: NaiveDate::MAX,
            months: 1
        })
    );
}

#[test]
fn age_increases_on_the_birthday_not_before() {
    assert_eq!(full_years(date(2000, 5, 10), date(2016, 5, 9)).unwrap(), 15);
    assert_eq!(
        full_years(date(2000, 5, 10), date(2016, 5, 10)).unwrap(),
        16
    );
    assert_eq!(
        full_years(date(2000, 5, 10), date(2016, 12, 31)).unwrap(),
        16
    );
}

#[test]
fn age_on_the_day_of_birth_is_zero() {
    assert_eq!(full_years(date(2000, 5, 10), date(2000, 5, 10)).unwrap(), 0);
    assert_eq!(full_years(date(2000, 5, 10), date(2001, 5, 9)).unwrap(), 0);
}

#[test]
fn someone_born_on_29_february_turns_a_year_older_on_28_february_in_non_leap_years() {
    let birth = date(2004, 2, 29);
    assert_eq!(full_years(birth, date(2005, 2, 27)).unwrap(), 0);
    assert_eq!(full_years(birth, date(2005, 2, 28)).unwrap(), 1);
    assert_eq!(full_years(birth, date(2008, 2, 28)).unwrap(), 3);
    assert_eq!(full_years(birth, date(2008, 2, 29)).unwrap(), 4);
}

#[test]
fn age_before_birth_is_an_error() {
    let error = full_years(date(2000, 5, 10), date(2000, 5, 9)).unwrap_err();
    assert_eq!(
        error,
        AgeError::NotYetBorn {
            birth: date(2000, 5, 10),
            on: date(2000, 5, 9)
        }
    );
    assert_eq!(
        error.to_string(),
        "参考日期 2000-05-09 早于出生日期 2000-05-10，无法计算年龄（reference date 2000-05-09 is before birth date 2000-05-10）"
    );
}

proptest::proptest! {
    /// `full_years` compares month and day instead of building the anniversary; it must agree
    /// with the anniversary that `add_months_civil` finds.
    #[test]
    fn the_age_changes_exactly_on_the_anniversary_add_months_civil_finds(
        birth in 0..80_000_i64,
        days_later in 0..40_000_i64,
    ) {
        let birth = date(1900, 1, 1) + chrono::Duration::days(birth);
        let on = birth + chrono::Duration::days(days_later);
        let years = full_years(birth, on).unwrap();
        proptest::prop_assert!(add_months_civil(birth, years * 12).unwrap() <= on);
        proptest::prop_assert!(add_months_civil(birth, (years + 1) * 12).unwrap() > on);
    }
}
