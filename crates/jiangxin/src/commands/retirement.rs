use chrono::NaiveDate;
use jiangxin_calendar::retirement::{RetirementCategory, legal_working_age, statutory_retirement};
use jiangxin_domain::id_number::Gender;
use serde::Serialize;

use super::date_arg;
use crate::cli::RetirementArgs;
use crate::error::CliError;
use crate::output::emit;
use jiangxin_domain::date::today_in_china;

#[derive(Serialize)]
struct RetirementReport {
    birth_date: NaiveDate,
    category: RetirementCategory,
    original_age_years: u32,
    delay_months: u32,
    retirement_age_years: u32,
    retirement_age_months: u32,
    retirement_date: NaiveDate,
    on: NaiveDate,
    age_on: u32,
    within_legal_working_age: bool,
    working_age_note: String,
}

pub fn run(json: bool, args: RetirementArgs) -> Result<(), CliError> {
    let birth = date_arg("<birth-date>", &args.birth_date)?;
    let gender = Gender::parse(&args.gender).map_err(|e| CliError::invalid("<gender>", e))?;
    let stated = args
        .category
        .as_deref()
        .map(RetirementCategory::parse)
        .transpose()
        .map_err(|e| CliError::invalid("--category", e))?;
    let category = RetirementCategory::from_gender(gender, stated)
        .map_err(|e| CliError::invalid("--category", e))?;
    let on = match &args.on {
        Some(raw) => date_arg("--on", raw)?,
        None => today_in_china(),
    };
    let r =
        statutory_retirement(birth, category).map_err(|e| CliError::invalid("<birth-date>", e))?;
    let status =
        legal_working_age(birth, category, on).map_err(|e| CliError::invalid("--on", e))?;
    let age_on =
        jiangxin_calendar::age::full_years(birth, on).map_err(|e| CliError::invalid("--on", e))?;
    let report = RetirementReport {
        birth_date: birth,
        category,
        original_age_years: r.original_age_years,
        delay_months: r.delay_months,
        retirement_age_years: r.age_years,
        retirement_age_months: r.age_months,
        retirement_date: r.date,
        on,
        age_on,
        within_legal_working_age: status.is_within(),
        working_age_note: status.to_string(),
    };
    emit(json, &report, |r| {
        let age = if r.retirement_age_months == 0 {
            format!("{} 周岁", r.retirement_age_years)
        } else {
            format!(
                "{} 周岁 {} 个月",
                r.retirement_age_years, r.retirement_age_months
            )
        };
        format!(
            "出生日期：{}（{}）\n原法定退休年龄：{} 周岁；延迟 {} 个月\n法定退休年龄：{age}，退休日期：{}\n{} 时 {} 周岁：{}",
            r.birth_date,
            r.category.name_zh(),
            r.original_age_years,
            r.delay_months,
            r.retirement_date,
            r.on,
            r.age_on,
            r.working_age_note
        )
    })
}
