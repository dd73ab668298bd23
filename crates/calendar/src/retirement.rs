//! The statutory retirement age, with its gradual raise from 2025-01-01, and the legal
//! working age that runs from 16 to that retirement date.
//!
//! The retirement date is the birth date plus the retirement age in years and months, by the
//! month-end rule of [`add_months_civil`] (民法典 第二百零二条).

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use jiangxin_domain::id_number::Gender;
use serde::Serialize;

use crate::age::{AgeError, add_months_civil, full_years};

/// 《中华人民共和国劳动法》第十五条：“禁止用人单位招用未满十六周岁的未成年人。”
/// (The article's exception for arts, sports and special-craft units, which needs a
/// government approval, is not modelled here.)
const MINIMUM_WORKING_AGE_YEARS: u32 = 16;

/// The statutory retirement age of one category and its raise.
struct RetirementRule {
    /// 原法定退休年龄, in years.
    original_age_years: u32,
    /// The retirement age grows by one month per this many months of original retirement
    /// date (and so of birth month).
    months_per_step: u32,
    /// The raise stops at this many months.
    max_delay_months: u32,
}

/// The raise applies to those whose original retirement date falls in this month or later;
/// they get one month for the first step.
///
/// 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》（2024年9月13日）, annex
/// 《国务院关于渐进式延迟法定退休年龄的办法》第一条：“从2025年1月1日起，男职工和原法定退休
/// 年龄为五十五周岁的女职工，法定退休年龄每四个月延迟一个月，分别逐步延迟至六十三周岁和
/// 五十八周岁；原法定退休年龄为五十周岁的女职工，法定退休年龄每二个月延迟一个月，逐步延迟
/// 至五十五周岁。”
/// So the first affected are men born January 1965, women cadres born January 1970 and
/// women workers born January 1975, as the annex tables show.
const RAISE_FROM: NaiveDate = NaiveDate::from_ymd_opt(2025, 1, 1).expect("a valid date");

impl RetirementCategory {
    /// The one table of statutory retirement ages.
    ///
    /// Original ages: 《国务院关于工人退休、退职的暂行办法》第一条 “男年满六十周岁，女年满
    /// 五十周岁” and 《国务院关于安置老弱病残干部的暂行办法》第四条 “男年满六十周岁，女年满
    /// 五十五周岁” (both 国发〔1978〕104号). Steps and caps: 《国务院关于渐进式延迟法定退休年龄
    /// 的办法》第一条, quoted at [`RAISE_FROM`]: men 60 → 63 and women cadres 55 → 58 by one
    /// month every four months; women workers 50 → 55 by one month every two months.
    const fn rule(self) -> RetirementRule {
        match self {
            RetirementCategory::Male => RetirementRule {
                original_age_years: 60,
                months_per_step: 4,
                max_delay_months: 36,
            },
            RetirementCategory::FemaleCadre => RetirementRule {
                original_age_years: 55,
                months_per_step: 4,
                max_delay_months: 36,
            },
            RetirementCategory::FemaleWorker => RetirementRule {
                original_age_years: 50,
                months_per_step: 2,
                max_delay_months: 60,
            },
        }
    }
}

/// Why a retirement category or date could not be determined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetirementError {
    #[error(
        "无法识别退休类别“{input}”，应为 男、女工人 或 女干部（unknown retirement category “{input}”; expected male, female-worker or female-cadre）"
    )]
    UnknownCategory { input: String },
    #[error("退休类别“{}”与性别不符（retirement category {category} does not match the person's gender）", .category.name_zh())]
    GenderMismatch { category: RetirementCategory },
    #[error(transparent)]
    Age(#[from] AgeError),
}

/// Which statutory retirement age applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RetirementCategory {
    /// 男职工: originally 60.
    Male,
    /// 女工人 (原法定退休年龄为五十周岁的女职工): originally 50.
    FemaleWorker,
    /// 女干部 (原法定退休年龄为五十五周岁的女职工): originally 55.
    FemaleCadre,
}

impl RetirementCategory {
    /// Parses `male`/`男`, `female-worker`/`worker`/`女工人`, `female-cadre`/`cadre`/`女干部`
    /// (ASCII case and surrounding spaces ignored). A bare `female` is rejected: the two
    /// female categories retire five years apart, so text input must say which.
    pub fn parse(input: &str) -> Result<Self, RetirementError> {
        match input.trim().to_ascii_lowercase().as_str() {
            "male" | "男" => Ok(RetirementCategory::Male),
            "female-worker" | "worker" | "女工人" => Ok(RetirementCategory::FemaleWorker),
            "female-cadre" | "cadre" | "女干部" => Ok(RetirementCategory::FemaleCadre),
            _ => Err(RetirementError::UnknownCategory {
                input: input.to_owned(),
            }),
        }
    }

    /// The category of a person of `gender`, with the female category when known. A woman
    /// with no stated category is a worker (原法定退休年龄五十周岁): that is the general rule
    /// for women, and cadre status (五十五周岁) has to be shown by the employer's records.
    /// A stated category that contradicts `gender` is [`RetirementError::GenderMismatch`].
    pub fn from_gender(
        gender: Gender,
        category: Option<RetirementCategory>,
    ) -> Result<Self, RetirementError> {
        match (gender, category) {
            (Gender::Male, None | Some(RetirementCategory::Male)) => Ok(RetirementCategory::Male),
            (Gender::Female, None) => Ok(RetirementCategory::FemaleWorker),
            (
                Gender::Female,
                Some(
                    category @ (RetirementCategory::FemaleWorker | RetirementCategory::FemaleCadre),
                ),
            ) => Ok(category),
            (_, Some(category)) => Err(RetirementError::GenderMismatch { category }),
        }
    }

    /// The canonical code, as accepted by [`Self::parse`] and written by serde.
    pub fn code(self) -> &'static str {
        match self {
            RetirementCategory::Male => "male",
            RetirementCategory::FemaleWorker => "female-worker",
            RetirementCategory::FemaleCadre => "female-cadre",
        }
    }

    /// The category as the bureau's forms name it.
    pub fn name_zh(self) -> &'static str {
        match self {
            RetirementCategory::Male => "男职工",
            RetirementCategory::FemaleWorker => "女工人",
            RetirementCategory::FemaleCadre => "女干部",
        }
    }
}

impl fmt::Display for RetirementCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for RetirementCategory {
    type Err = RetirementError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A person's statutory retirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Retirement {
    /// 原法定退休年龄 of the category.
    pub original_age_years: u32,
    /// Months added by the 2025 raise.
    pub delay_months: u32,
    /// Whole years of the retirement age.
    pub age_years: u32,
    /// Months beyond `age_years` (0..=11).
    pub age_months: u32,
    /// The birth date plus the retirement age (民法典 第二百零二条 month-end rule).
    pub date: NaiveDate,
}

/// The statutory retirement of someone born on `birth` in `category`: those whose original
/// retirement date falls in January 2025 or later (i = months from January 2025 to it) get
/// min(cap, i / step + 1) months more; earlier ones keep the original age.
pub fn statutory_retirement(
    birth: NaiveDate,
    category: RetirementCategory,
) -> Result<Retirement, RetirementError> {
    let rule = category.rule();
    // The original retirement date is `add_months_civil(birth, original_age_years * 12)`: whole
    // years keep the birth month (only the day can move, from 29 February), so its month is
    // counted without building it. A registry screen asks this for every row.
    let original_year = birth.year() + rule.original_age_years as i32;
    let months_since_raise = 12 * i64::from(original_year - RAISE_FROM.year())
        + i64::from(birth.month())
        - i64::from(RAISE_FROM.month());
    // Negative (retired under the old rule) fails the conversion and means no delay.
    let delay_months = u32::try_from(months_since_raise).map_or(0, |months| {
        (months / rule.months_per_step + 1).min(rule.max_delay_months)
    });
    let total_months = rule.original_age_years * 12 + delay_months;
    Ok(Retirement {
        original_age_years: rule.original_age_years,
        delay_months,
        age_years: total_months / 12,
        age_months: total_months % 12,
        date: add_months_civil(birth, total_months)?,
    })
}

/// Where a person stands against the legal working age on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum WorkingAgeStatus {
    /// At least 16 and before the statutory retirement date.
    Within { retirement: Retirement },
    /// Under 16 (劳动法 第十五条); may be employed from `allowed_from`, the 16th birthday.
    TooYoung {
        age_years: u32,
        allowed_from: NaiveDate,
    },
    /// On or after the statutory retirement date.
    Retired { retirement: Retirement },
}

/// The status as a sentence for a person, e.g. in an eligibility reason.
impl fmt::Display for WorkingAgeStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkingAgeStatus::Within { retirement } => {
                write!(f, "在法定劳动年龄内（法定退休日期 {}）", retirement.date)
            }
            WorkingAgeStatus::TooYoung {
                age_years,
                allowed_from,
            } => write!(
                f,
                "{age_years} 周岁，未满 {MINIMUM_WORKING_AGE_YEARS} 周岁（{allowed_from} 起达到法定劳动年龄）"
            ),
            WorkingAgeStatus::Retired { retirement } => {
                write!(f, "已达法定退休年龄（法定退休日期 {}）", retirement.date)
            }
        }
    }
}

impl WorkingAgeStatus {
    /// Whether the person is within the legal working age.
    pub fn is_within(&self) -> bool {
        matches!(self, WorkingAgeStatus::Within { .. })
    }
}

/// Whether someone born on `birth` in `category` is within the legal working age on `on`:
/// 16 full years or more, and `on` before the statutory retirement date (the retirement
/// date itself is already retired, as the person reaches the retirement age that day).
/// `on` before `birth` is an error.
pub fn legal_working_age(
    birth: NaiveDate,
    category: RetirementCategory,
    on: NaiveDate,
) -> Result<WorkingAgeStatus, RetirementError> {
    let age_years = full_years(birth, on)?;
    if age_years < MINIMUM_WORKING_AGE_YEARS {
        return Ok(WorkingAgeStatus::TooYoung {
            age_years,
            allowed_from: add_months_civil(birth, MINIMUM_WORKING_AGE_YEARS * 12)?,
        });
    }
    let retirement = statutory_retirement(birth, category)?;
    Ok(if on < retirement.date {
        WorkingAgeStatus::Within { retirement }
    } else {
        WorkingAgeStatus::Retired { retirement }
    })
}
