//! The working-day calendar against the official holiday-cn data.

use std::fs;
use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use jiangxin_calendar::holidays::{DayKind, HolidayError, WorkCalendar};
use serde_json::Value;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn builtin() -> WorkCalendar {
    WorkCalendar::builtin().expect("the built-in data load")
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/holiday-cn")
}

/// A minimal holiday file for `year` with the given (date, name, isOffDay) days.
fn holiday_json(year: i32, days: &[(&str, &str, bool)]) -> String {
    let days: Vec<Value> = days
        .iter()
        .map(|(date, name, off)| serde_json::json!({"name": name, "date": date, "isOffDay": off}))
        .collect();
    serde_json::json!({"year": year, "papers": [], "days": days}).to_string()
}

#[test]
fn working_days_per_year_match_the_official_counts_for_2020_to_2026() {
    // Counted from the State Council notices: weekdays minus holidays plus make-up days.
    const EXPECTED: [(i32, u32); 7] = [
        (2020, 249),
        (2021, 250),
        (2022, 249),
        (2023, 249),
        (2024, 251),
        (2025, 248),
        (2026, 248),
    ];
    let calendar = builtin();
    for (year, expected) in EXPECTED {
        let working = date(year, 1, 1)
            .iter_days()
            .take_while(|day| day.year() == year)
            .filter(|day| calendar.is_working_day(*day).expect("published year"))
            .count();
        assert_eq!(working, expected as usize, "working days in {year}");
    }
}

#[test]
fn every_day_in_the_data_files_has_its_official_kind() {
    let calendar = builtin();
    let mut checked = 0;
    for entry in fs::read_dir(data_dir()).expect("data dir") {
        let path = entry.expect("dir entry").path();
        if path.extension().is_none_or(|ext| ext != "json") {
            continue;
        }
        let file: Value = serde_json::from_str(&fs::read_to_string(&path).expect("read file"))
            .expect("valid JSON");
        for day in file["days"].as_array().expect("days array") {
            let on: NaiveDate = day["date"]
                .as_str()
                .expect("date")
                .parse()
                .expect("ISO date");
            let name = day["name"].as_str().expect("name").to_owned();
            let off = day["isOffDay"].as_bool().expect("isOffDay");
            match calendar.day_kind(on) {
                Ok(kind) => {
                    let expected = if off {
                        DayKind::Holiday { name }
                    } else {
                        DayKind::MakeupWorkday { name }
                    };
                    assert_eq!(kind, expected, "{on} in {}", path.display());
                    assert_eq!(kind.is_working_day(), !off, "{on} in {}", path.display());
                    checked += 1;
                }
                // The 2007 notice also lists days of 2006, a year with no file of its own.
                Err(HolidayError::YearNotPublished { year }) => assert_eq!(year, 2006),
                Err(other) => panic!("{on}: {other}"),
            }
        }
    }
    assert!(checked > 500, "only {checked} official days checked");
}

#[test]
fn plain_days_follow_the_weekday_rule() {
    let calendar = builtin();
    assert_eq!(
        calendar.day_kind(date(2025, 11, 19)).unwrap(),
        DayKind::Workday
    );
    assert_eq!(
        calendar.day_kind(date(2025, 11, 22)).unwrap(),
        DayKind::Weekend
    );
    assert!(!calendar.is_working_day(date(2025, 11, 23)).unwrap());
}

#[test]
fn holidays_and_make_up_days_carry_their_holiday_name() {
    let calendar = builtin();
    let name = "国庆节、中秋节".to_owned();
    assert_eq!(
        calendar.day_kind(date(2025, 10, 1)).unwrap(),
        DayKind::Holiday { name: name.clone() }
    );
    // Sunday 2025-09-28 and Saturday 2025-10-11 are worked to bridge the holiday.
    assert_eq!(
        calendar.day_kind(date(2025, 9, 28)).unwrap(),
        DayKind::MakeupWorkday { name: name.clone() }
    );
    assert!(calendar.is_working_day(date(2025, 10, 11)).unwrap());
}

#[test]
fn late_december_days_follow_the_next_years_notice_once_it_is_loaded() {
    // 2022-12-31 is a Saturday that the notice for 2023 made part of the New Year holiday.
    let with_2023 = builtin();
    assert_eq!(
        with_2023.day_kind(date(2022, 12, 31)).unwrap(),
        DayKind::Holiday {
            name: "元旦".to_owned()
        }
    );
    let only_2022 = fs::read_to_string(data_dir().join("2022.json")).unwrap();
    let without_2023 = WorkCalendar::from_sources([(2022, only_2022)]).unwrap();
    assert_eq!(
        without_2023.day_kind(date(2022, 12, 31)).unwrap(),
        DayKind::Weekend
    );
}

#[test]
fn the_builtin_years_run_without_gaps_from_2007_to_at_least_2026() {
    let years: Vec<i32> = builtin().published_years().collect();
    let last = *years.last().expect("some published year");
    assert!(last >= 2026, "last published year {last}");
    assert_eq!(years, (2007..=last).collect::<Vec<_>>());
}

#[test]
fn queries_about_2027_fail_and_name_2027() {
    // True until the notice for 2027 is added to data/holiday-cn; then move this to 2028.
    let calendar = builtin();
    let error = calendar.is_working_day(date(2027, 1, 4)).unwrap_err();
    assert!(matches!(
        error,
        HolidayError::YearNotPublished { year: 2027 }
    ));
    assert_eq!(
        error.to_string(),
        "2027 年的节假日安排尚未公布，无法计算工作日（no official holiday data for 2027）"
    );
}

#[test]
fn years_before_the_first_file_are_not_published() {
    let error = builtin().day_kind(date(2006, 6, 1)).unwrap_err();
    assert!(matches!(
        error,
        HolidayError::YearNotPublished { year: 2006 }
    ));
}

#[test]
fn a_year_file_with_no_days_is_not_published() {
    let calendar = WorkCalendar::from_sources([(2030, holiday_json(2030, &[]))]).unwrap();
    assert_eq!(calendar.published_years().count(), 0);
    assert!(matches!(
        calendar.day_kind(date(2030, 3, 4)),
        Err(HolidayError::YearNotPublished { year: 2030 })
    ));
}

#[test]
fn an_override_directory_adds_2027_without_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("2027.json"),
        holiday_json(
            2027,
            &[("2027-01-01", "元旦", true), ("2027-02-20", "春节", false)],
        ),
    )
    .unwrap();
    // Files other than *.json are not holiday files and are left alone.
    fs::write(dir.path().join("README.txt"), "notes").unwrap();

    let calendar = WorkCalendar::builtin_with_overrides(dir.path()).unwrap();
    assert_eq!(calendar.published_years().last(), Some(2027));
    assert_eq!(
        calendar.day_kind(date(2027, 1, 1)).unwrap(),
        DayKind::Holiday {
            name: "元旦".to_owned()
        }
    );
    assert!(calendar.is_working_day(date(2027, 2, 20)).unwrap());
    assert!(calendar.is_working_day(date(2027, 1, 4)).unwrap());
    // The built-in years are still there.
    assert!(!calendar.is_working_day(date(2025, 10, 1)).unwrap());
}

#[test]
fn an_override_file_replaces_the_builtin_year() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("2025.json"),
        holiday_json(2025, &[("2025-06-02", "端午节", true)]),
    )
    .unwrap();
    let calendar = WorkCalendar::builtin_with_overrides(dir.path()).unwrap();
    assert!(!calendar.is_working_day(date(2025, 6, 2)).unwrap());
    // The built-in National Day of 2025 is gone with the file it came from.
    assert!(calendar.is_working_day(date(2025, 10, 1)).unwrap());
}

#[test]
fn an_override_json_file_not_named_after_its_year_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("holidays-2027.json"),
        holiday_json(2027, &[]),
    )
    .unwrap();
    let error = WorkCalendar::builtin_with_overrides(dir.path()).unwrap_err();
    assert!(
        matches!(error, HolidayError::BadFileName { ref file } if file.ends_with("holidays-2027.json"))
    );
}

#[test]
fn a_missing_override_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let error = WorkCalendar::builtin_with_overrides(&dir.path().join("absent")).unwrap_err();
    assert!(matches!(error, HolidayError::ReadDir { .. }));
}

#[test]
fn bad_json_is_an_error_naming_the_file() {
    let error = WorkCalendar::from_sources([(2027, "{\"year\": 2027, \"days\": [")]).unwrap_err();
    assert!(matches!(error, HolidayError::BadJson { ref file, .. } if file == "2027.json"));
    assert!(
        error
            .to_string()
            .starts_with("节假日文件 2027.json 不是有效的节假日 JSON")
    );
}

#[test]
fn an_invalid_date_is_an_error_naming_the_file() {
    let text = holiday_json(2027, &[("2027-02-30", "春节", true)]);
    let error = WorkCalendar::from_sources([(2027, text)]).unwrap_err();
    assert!(matches!(error, HolidayError::BadJson { ref file, .. } if file == "2027.json"));
}

#[test]
fn a_date_more_than_a_year_away_from_the_file_is_an_error() {
    let text = holiday_json(2027, &[("2025-10-01", "国庆节", true)]);
    let error = WorkCalendar::from_sources([(2027, text)]).unwrap_err();
    assert!(matches!(
        error,
        HolidayError::DateOutOfRange { ref file, date: d, year: 2027 }
            if file == "2027.json" && d == date(2025, 10, 1)
    ));
    assert!(error.to_string().contains("不在 2026 年至 2028 年之间"));
}

#[test]
fn a_duplicate_date_is_an_error_naming_the_file_and_date() {
    let text = holiday_json(
        2027,
        &[("2027-01-01", "元旦", true), ("2027-01-01", "元旦", false)],
    );
    let error = WorkCalendar::from_sources([(2027, text)]).unwrap_err();
    assert!(matches!(
        error,
        HolidayError::DuplicateDate { ref file, date: d } if file == "2027.json" && d == date(2027, 1, 1)
    ));
}

#[test]
fn a_file_declaring_another_year_is_an_error() {
    let error = WorkCalendar::from_sources([(2027, holiday_json(2026, &[]))]).unwrap_err();
    assert!(matches!(
        error,
        HolidayError::YearMismatch {
            declared: 2026,
            expected: 2027,
            ..
        }
    ));
}
