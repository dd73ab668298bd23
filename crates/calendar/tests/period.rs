//! Notice periods (民法典 第二百零一条、第二百零三条) on the official calendar.

use std::sync::LazyLock;

use chrono::{Days, NaiveDate, NaiveDateTime};
use jiangxin_calendar::holidays::{HolidayError, WorkCalendar};
use jiangxin_calendar::period::{
    LengthKind, NoticeWindow, PeriodError, add_calendar_days, add_working_days,
    working_days_between,
};
use proptest::prelude::*;

static CALENDAR: LazyLock<WorkCalendar> =
    LazyLock::new(|| WorkCalendar::builtin().expect("the built-in data load"));

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
    date(y, m, d)
        .and_hms_opt(h, min, s)
        .expect("valid test time")
}

#[test]
fn five_working_days_after_2025_09_26_end_on_2025_10_10() {
    // 09-28 (a make-up Sunday), 09-29, 09-30, then the holiday to 10-08, then 10-09, 10-10.
    assert_eq!(
        add_working_days(&CALENDAR, date(2025, 9, 26), 5).unwrap(),
        date(2025, 10, 10)
    );
}

#[test]
fn five_working_days_after_2023_12_29_end_on_2024_01_08() {
    // The weekend and New Year's Day 2024-01-01 do not count.
    assert_eq!(
        add_working_days(&CALENDAR, date(2023, 12, 29), 5).unwrap(),
        date(2024, 1, 8)
    );
}

#[test]
fn the_day_of_publication_does_not_count_even_when_it_is_a_working_day() {
    assert_eq!(
        add_working_days(&CALENDAR, date(2025, 9, 29), 1).unwrap(),
        date(2025, 9, 30)
    );
}

#[test]
fn a_notice_published_on_a_holiday_counts_the_make_up_saturday() {
    // 10-09, 10-10, 10-11 (make-up Saturday), 10-13, 10-14.
    assert_eq!(
        add_working_days(&CALENDAR, date(2025, 10, 1), 5).unwrap(),
        date(2025, 10, 14)
    );
}

#[test]
fn a_period_of_zero_days_is_an_error() {
    assert!(matches!(
        add_working_days(&CALENDAR, date(2025, 9, 26), 0),
        Err(PeriodError::Empty)
    ));
    assert!(matches!(
        add_calendar_days(&CALENDAR, date(2025, 9, 26), 0),
        Err(PeriodError::Empty)
    ));
}

#[test]
fn a_working_day_period_running_into_2027_fails_naming_2027() {
    let error = add_working_days(&CALENDAR, date(2026, 12, 28), 5).unwrap_err();
    assert!(matches!(
        error,
        PeriodError::Calendar(HolidayError::YearNotPublished { year: 2027 })
    ));
    assert!(error.to_string().contains("2027 年的节假日安排尚未公布"));
}

#[test]
fn calendar_days_ending_on_a_working_day_stay_put() {
    assert_eq!(
        add_calendar_days(&CALENDAR, date(2025, 11, 20), 1).unwrap(),
        date(2025, 11, 21)
    );
}

#[test]
fn calendar_days_ending_on_a_weekend_move_to_monday() {
    // 2025-11-22 is a Saturday.
    assert_eq!(
        add_calendar_days(&CALENDAR, date(2025, 11, 20), 2).unwrap(),
        date(2025, 11, 24)
    );
}

#[test]
fn calendar_days_ending_in_a_holiday_move_to_the_day_after_it() {
    // 2025-10-03 is within the holiday of 10-01..=10-08.
    assert_eq!(
        add_calendar_days(&CALENDAR, date(2025, 9, 26), 7).unwrap(),
        date(2025, 10, 9)
    );
}

#[test]
fn calendar_days_ending_on_a_saturday_move_to_a_make_up_sunday() {
    // Saturday 2025-09-27 is a rest day; Sunday 2025-09-28 is worked.
    assert_eq!(
        add_calendar_days(&CALENDAR, date(2025, 9, 24), 3).unwrap(),
        date(2025, 9, 28)
    );
}

#[test]
fn calendar_days_ending_on_a_make_up_saturday_stay_put() {
    assert_eq!(
        add_calendar_days(&CALENDAR, date(2025, 10, 4), 7).unwrap(),
        date(2025, 10, 11)
    );
}

#[test]
fn calendar_days_ending_in_2027_fail_naming_2027() {
    assert!(matches!(
        add_calendar_days(&CALENDAR, date(2026, 12, 25), 10),
        Err(PeriodError::Calendar(HolidayError::YearNotPublished {
            year: 2027
        }))
    ));
}

#[test]
fn working_days_between_counts_the_end_but_not_the_start() {
    assert_eq!(
        working_days_between(&CALENDAR, date(2025, 9, 26), date(2025, 10, 10)).unwrap(),
        5
    );
    assert_eq!(
        working_days_between(&CALENDAR, date(2025, 11, 21), date(2025, 11, 24)).unwrap(),
        1
    );
}

#[test]
fn working_days_between_a_day_and_itself_is_zero() {
    assert_eq!(
        working_days_between(&CALENDAR, date(2025, 9, 26), date(2025, 9, 26)).unwrap(),
        0
    );
}

#[test]
fn working_days_between_a_later_start_and_an_earlier_end_is_an_error() {
    let error = working_days_between(&CALENDAR, date(2025, 10, 10), date(2025, 9, 26)).unwrap_err();
    assert!(matches!(error, PeriodError::Reversed { .. }));
    assert_eq!(
        error.to_string(),
        "期间起点 2025-10-10 晚于终点 2025-09-26，无法计算（period start 2025-10-10 is after its end 2025-09-26）"
    );
}

#[test]
fn a_working_day_notice_window_runs_from_the_next_day_to_24_00_of_the_last_day() {
    let window = NoticeWindow::working_days(&CALENDAR, date(2025, 9, 26), 5).unwrap();
    assert_eq!(window.published_on(), date(2025, 9, 26));
    assert_eq!(window.first_day(), date(2025, 9, 27));
    assert_eq!(window.last_day(), date(2025, 10, 10));
    assert_eq!(window.ends_at(), at(2025, 10, 11, 0, 0, 0));
    assert_eq!(window.length(), 5);
    assert_eq!(window.length_kind(), LengthKind::WorkingDays);

    assert!(!window.contains(at(2025, 9, 26, 23, 59, 59)));
    assert!(window.contains(at(2025, 9, 27, 0, 0, 0)));
    assert!(window.contains(at(2025, 10, 10, 23, 59, 59)));
    assert!(!window.contains(at(2025, 10, 11, 0, 0, 0)));
}

#[test]
fn a_calendar_day_notice_window_ends_after_the_holiday() {
    let window = NoticeWindow::calendar_days(&CALENDAR, date(2025, 9, 26), 7).unwrap();
    assert_eq!(window.first_day(), date(2025, 9, 27));
    assert_eq!(window.last_day(), date(2025, 10, 9));
    assert_eq!(window.ends_at(), at(2025, 10, 10, 0, 0, 0));
    assert_eq!(window.length(), 7);
    assert_eq!(window.length_kind(), LengthKind::CalendarDays);
    assert!(window.contains(at(2025, 10, 9, 12, 0, 0)));
}

#[test]
fn a_notice_window_of_zero_days_is_an_error() {
    assert!(matches!(
        NoticeWindow::working_days(&CALENDAR, date(2025, 9, 26), 0),
        Err(PeriodError::Empty)
    ));
}

/// Days from 2020-01-01 up to 2026-11-30, so that 30 working days later is still in 2026.
fn date_2020_to_2026() -> impl Strategy<Value = NaiveDate> {
    let first = date(2020, 1, 1);
    // The last start leaves room for 30 working days inside 2026: a period reaching into 2027,
    // whose holidays are not yet published, is (rightly) an error, not a counterexample.
    let span = (date(2026, 10, 31) - first).num_days() as u64;
    (0..=span).prop_map(move |offset| first + Days::new(offset))
}

proptest! {
    #[test]
    fn counting_the_working_days_up_to_the_end_of_a_period_gives_its_length(
        start in date_2020_to_2026(),
        n in 1u32..30,
    ) {
        let end = add_working_days(&CALENDAR, start, n).unwrap();
        prop_assert!(CALENDAR.is_working_day(end).unwrap());
        prop_assert_eq!(working_days_between(&CALENDAR, start, end).unwrap(), n);
    }

    #[test]
    fn a_calendar_day_period_ends_on_the_first_working_day_from_its_nominal_end(
        start in date_2020_to_2026(),
        n in 1u32..30,
    ) {
        let nominal = start + Days::new(n.into());
        let end = add_calendar_days(&CALENDAR, start, n).unwrap();
        prop_assert!(end >= nominal);
        prop_assert!(CALENDAR.is_working_day(end).unwrap());
        // The end is the only working day in [nominal, end].
        let day_before_nominal = nominal - Days::new(1);
        prop_assert_eq!(working_days_between(&CALENDAR, day_before_nominal, end).unwrap(), 1);
    }
}
