//! Statutory retirement (2024-09-13 decision and its annex tables) and legal working age.

use chrono::NaiveDate;
use jiangxin_calendar::age::AgeError;
use jiangxin_calendar::retirement::{
    Retirement, RetirementCategory, RetirementError, WorkingAgeStatus, legal_working_age,
    statutory_retirement,
};
use jiangxin_domain::id_number::Gender;

use RetirementCategory::{FemaleCadre, FemaleWorker, Male};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// A date as (year, month, day), to keep the table below on one line per case.
type Ymd = (i32, u32, u32);

/// (category, birth date, retirement age years, months, retirement date), read off the annex
/// tables: both sides of each checked step, the first affected month and the cap.
const ANNEX_CASES: &[(RetirementCategory, Ymd, u32, u32, Ymd)] = &[
    // Men, original 60, +1 month per 4 months from births of January 1965, cap 63.
    (Male, (1964, 12, 15), 60, 0, (2024, 12, 15)),
    (Male, (1965, 1, 1), 60, 1, (2025, 2, 1)),
    (Male, (1965, 4, 30), 60, 1, (2025, 5, 30)),
    (Male, (1965, 5, 1), 60, 2, (2025, 7, 1)),
    (Male, (1965, 8, 20), 60, 2, (2025, 10, 20)),
    (Male, (1965, 9, 20), 60, 3, (2025, 12, 20)),
    (Male, (1970, 1, 10), 61, 4, (2031, 5, 10)),
    (Male, (1976, 8, 10), 62, 11, (2039, 7, 10)),
    (Male, (1976, 9, 10), 63, 0, (2039, 9, 10)),
    (Male, (1990, 6, 10), 63, 0, (2053, 6, 10)),
    // Women cadres, original 55, +1 month per 4 months from births of January 1970, cap 58.
    (FemaleCadre, (1969, 12, 15), 55, 0, (2024, 12, 15)),
    (FemaleCadre, (1970, 1, 15), 55, 1, (2025, 2, 15)),
    (FemaleCadre, (1970, 4, 15), 55, 1, (2025, 5, 15)),
    (FemaleCadre, (1970, 5, 15), 55, 2, (2025, 7, 15)),
    (FemaleCadre, (1981, 8, 15), 57, 11, (2039, 7, 15)),
    (FemaleCadre, (1981, 9, 15), 58, 0, (2039, 9, 15)),
    (FemaleCadre, (1995, 3, 15), 58, 0, (2053, 3, 15)),
    // Women workers, original 50, +1 month per 2 months from births of January 1975, cap 55.
    (FemaleWorker, (1974, 12, 15), 50, 0, (2024, 12, 15)),
    (FemaleWorker, (1975, 1, 15), 50, 1, (2025, 2, 15)),
    (FemaleWorker, (1975, 2, 15), 50, 1, (2025, 3, 15)),
    (FemaleWorker, (1975, 3, 15), 50, 2, (2025, 5, 15)),
    (FemaleWorker, (1984, 9, 15), 54, 11, (2039, 8, 15)),
    (FemaleWorker, (1984, 10, 15), 54, 11, (2039, 9, 15)),
    (FemaleWorker, (1984, 11, 15), 55, 0, (2039, 11, 15)),
    (FemaleWorker, (2000, 1, 15), 55, 0, (2055, 1, 15)),
];

#[test]
fn retirement_ages_and_dates_match_the_annex_tables() {
    for &(category, (by, bm, bd), years, months, (ry, rm, rd)) in ANNEX_CASES {
        let birth = date(by, bm, bd);
        let retirement = statutory_retirement(birth, category).unwrap();
        assert_eq!(
            (retirement.age_years, retirement.age_months, retirement.date),
            (years, months, date(ry, rm, rd)),
            "{category} born {birth}"
        );
    }
}

#[test]
fn a_man_first_affected_gets_one_month_on_top_of_60() {
    assert_eq!(
        statutory_retirement(date(1965, 1, 1), Male).unwrap(),
        Retirement {
            original_age_years: 60,
            delay_months: 1,
            age_years: 60,
            age_months: 1,
            date: date(2025, 2, 1),
        }
    );
}

#[test]
fn a_man_born_in_december_1964_retires_at_60_without_delay() {
    let retirement = statutory_retirement(date(1964, 12, 31), Male).unwrap();
    assert_eq!(retirement.delay_months, 0);
    assert_eq!(retirement.date, date(2024, 12, 31));
}

#[test]
fn the_delay_stops_at_the_cap_for_each_category() {
    for (category, cap) in [(Male, 36), (FemaleCadre, 36), (FemaleWorker, 60)] {
        let retirement = statutory_retirement(date(2005, 7, 1), category).unwrap();
        assert_eq!(retirement.delay_months, cap, "{category}");
    }
}

#[test]
fn the_retirement_date_never_goes_back_from_one_birth_month_to_the_next() {
    for category in [Male, FemaleCadre, FemaleWorker] {
        let mut previous = None;
        for year in 1960..=1990 {
            for month in 1..=12 {
                let retires = statutory_retirement(date(year, month, 1), category)
                    .unwrap()
                    .date;
                if let Some(previous) = previous {
                    assert!(retires > previous, "{category} born {year}-{month:02}");
                }
                previous = Some(retires);
            }
        }
    }
}

#[test]
fn a_31_january_birth_plus_one_month_retires_on_the_last_day_of_february() {
    assert_eq!(
        statutory_retirement(date(1965, 1, 31), Male).unwrap().date,
        date(2025, 2, 28)
    );
}

#[test]
fn a_29_february_birth_retires_on_28_february_in_a_non_leap_year() {
    let retirement = statutory_retirement(date(1980, 2, 29), Male).unwrap();
    assert_eq!((retirement.age_years, retirement.age_months), (63, 0));
    assert_eq!(retirement.date, date(2043, 2, 28));
}

#[test]
fn a_29_february_birth_retires_on_29_february_in_a_leap_year() {
    let retirement = statutory_retirement(date(1964, 2, 29), Male).unwrap();
    assert_eq!(retirement.delay_months, 0);
    assert_eq!(retirement.date, date(2024, 2, 29));
}

#[test]
fn a_29_february_birth_with_a_delay_keeps_the_29th_where_the_month_has_it() {
    // Original retirement 2026-02-28 is 13 months into the raise: 13 / 2 + 1 = 7 months.
    let retirement = statutory_retirement(date(1976, 2, 29), FemaleWorker).unwrap();
    assert_eq!((retirement.age_years, retirement.age_months), (50, 7));
    assert_eq!(retirement.date, date(2026, 9, 29));
}

#[test]
fn categories_parse_from_english_and_chinese_names() {
    for (input, expected) in [
        ("male", Male),
        ("男", Male),
        (" MALE ", Male),
        ("female-worker", FemaleWorker),
        ("worker", FemaleWorker),
        ("女工人", FemaleWorker),
        ("female-cadre", FemaleCadre),
        ("Cadre", FemaleCadre),
        ("女干部", FemaleCadre),
    ] {
        assert_eq!(RetirementCategory::parse(input), Ok(expected), "{input}");
    }
    assert_eq!("女干部".parse::<RetirementCategory>(), Ok(FemaleCadre));
}

#[test]
fn a_bare_female_is_not_a_category() {
    let error = RetirementCategory::parse("female").unwrap_err();
    assert_eq!(
        error.to_string(),
        "无法识别退休类别“female”，应为 男、女工人 或 女干部（unknown retirement category “female”; expected male, female-worker or female-cadre）"
    );
}

#[test]
fn a_category_displays_as_its_code_which_parses_back() {
    for category in [Male, FemaleWorker, FemaleCadre] {
        assert_eq!(
            RetirementCategory::parse(&category.to_string()),
            Ok(category)
        );
    }
    assert_eq!(FemaleWorker.to_string(), "female-worker");
}

#[test]
fn a_woman_with_no_stated_category_is_a_worker() {
    assert_eq!(
        RetirementCategory::from_gender(Gender::Female, None),
        Ok(FemaleWorker)
    );
    assert_eq!(
        RetirementCategory::from_gender(Gender::Female, Some(FemaleCadre)),
        Ok(FemaleCadre)
    );
    assert_eq!(
        RetirementCategory::from_gender(Gender::Male, None),
        Ok(Male)
    );
}

#[test]
fn a_category_contradicting_the_gender_is_an_error() {
    let error = RetirementCategory::from_gender(Gender::Male, Some(FemaleCadre)).unwrap_err();
    assert_eq!(
        error,
        RetirementError::GenderMismatch {
            category: FemaleCadre
        }
    );
    assert_eq!(
        error.to_string(),
        "退休类别“女干部”与性别不符（retirement category female-cadre does not match the person's gender）"
    );
    assert!(RetirementCategory::from_gender(Gender::Female, Some(Male)).is_err());
}

#[test]
fn the_day_before_the_16th_birthday_is_too_young_to_work() {
    let status = legal_working_age(date(2009, 6, 1), Male, date(2025, 5, 31)).unwrap();
    assert_eq!(
        status,
        WorkingAgeStatus::TooYoung {
            age_years: 15,
            allowed_from: date(2025, 6, 1)
        }
    );
    assert!(!status.is_within());
}

#[test]
fn the_16th_birthday_is_within_the_working_age() {
    let status = legal_working_age(date(2009, 6, 1), Male, date(2025, 6, 1)).unwrap();
    assert!(status.is_within());
}

#[test]
fn the_day_before_retirement_is_within_and_the_retirement_date_is_not() {
    // A woman worker born 1975-01-15 retires on 2025-02-15 at 50 years and 1 month.
    let retirement = statutory_retirement(date(1975, 1, 15), FemaleWorker).unwrap();
    assert_eq!(
        legal_working_age(date(1975, 1, 15), FemaleWorker, date(2025, 2, 14)).unwrap(),
        WorkingAgeStatus::Within { retirement }
    );
    assert_eq!(
        legal_working_age(date(1975, 1, 15), FemaleWorker, date(2025, 2, 15)).unwrap(),
        WorkingAgeStatus::Retired { retirement }
    );
}

#[test]
fn the_category_decides_which_side_of_retirement_a_woman_is_on() {
    let birth = date(1975, 1, 15);
    let on = date(2026, 1, 1);
    assert!(matches!(
        legal_working_age(birth, FemaleWorker, on),
        Ok(WorkingAgeStatus::Retired { .. })
    ));
    assert!(
        legal_working_age(birth, FemaleCadre, on)
            .unwrap()
            .is_within()
    );
}

#[test]
fn working_age_before_birth_is_an_error() {
    assert_eq!(
        legal_working_age(date(2009, 6, 1), Male, date(2009, 5, 31)),
        Err(RetirementError::Age(AgeError::NotYetBorn {
            birth: date(2009, 6, 1),
            on: date(2009, 5, 31)
        }))
    );
}
