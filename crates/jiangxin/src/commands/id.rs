use jiangxin_domain::division::{DivisionCode, Divisions};
use jiangxin_domain::id_number::ResidentId;
use serde::Serialize;

use crate::error::CliError;
use crate::output::emit;
use jiangxin_domain::date::today_in_china;

#[derive(Serialize)]
struct IdReport {
    id_number: String,
    upgraded_from_15: bool,
    birth_date: chrono::NaiveDate,
    age: u32,
    gender: &'static str,
    area_code: String,
    area_name: Option<String>,
    area_retired: bool,
}

pub fn run(json: bool, raw: &str) -> Result<(), CliError> {
    let today = today_in_china();
    let id = ResidentId::parse_on(raw, today).map_err(|e| CliError::invalid("<number>", e))?;
    let area = DivisionCode::parse(id.area_code())
        .ok()
        .and_then(|code| Divisions::builtin().get(&code));
    let report = IdReport {
        id_number: id.as_str().to_owned(),
        upgraded_from_15: id.upgraded_from_15(),
        birth_date: id.birth_date(),
        // The ID was parsed as of `today`, so its birth date is not in the future.
        age: jiangxin_calendar::age::full_years(id.birth_date(), today).unwrap_or_default(),
        gender: id.gender().name_zh(),
        area_code: id.area_code().to_owned(),
        area_name: area.map(|d| d.name().to_owned()),
        area_retired: area.is_some_and(|d| d.retired().is_some()),
    };
    emit(json, &report, |r| {
        let mut out = format!("身份证号码 {} 有效", r.id_number);
        if r.upgraded_from_15 {
            out.push_str("（由 15 位旧号升位）");
        }
        out.push_str(&format!(
            "\n出生日期：{}（{} 周岁）\n性别：{}\n地区码：{}",
            r.birth_date, r.age, r.gender, r.area_code
        ));
        match (&r.area_name, r.area_retired) {
            (Some(name), true) => {
                out.push_str(&format!("（{name}，已撤销的行政区划，号码仍然有效）"))
            }
            (Some(name), false) => out.push_str(&format!("（{name}）")),
            (None, _) => {}
        }
        out
    })
}
