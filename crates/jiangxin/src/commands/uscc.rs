use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::division::{DivisionCode, Divisions};
use serde::Serialize;

use crate::error::CliError;
use crate::output::emit;

#[derive(Serialize)]
struct CreditCodeReport {
    credit_code: String,
    registration_authority: char,
    entity_type: char,
    division_code: String,
    division_name: Option<String>,
}

pub fn run(json: bool, raw: &str) -> Result<(), CliError> {
    let code = CreditCode::parse(raw).map_err(|e| CliError::invalid("<code>", e))?;
    let division_name = DivisionCode::parse(code.division_code())
        .ok()
        .and_then(|c| Divisions::builtin().get(&c).map(|d| d.name().to_owned()));
    let report = CreditCodeReport {
        credit_code: code.as_str().to_owned(),
        registration_authority: code.registration_authority(),
        entity_type: code.entity_type(),
        division_code: code.division_code().to_owned(),
        division_name,
    };
    emit(json, &report, |r| {
        let mut out = format!(
            "统一社会信用代码 {} 有效\n登记管理部门代码：{}\n机构类别代码：{}\n登记管理机关行政区划码：{}",
            r.credit_code, r.registration_authority, r.entity_type, r.division_code
        );
        if let Some(name) = &r.division_name {
            out.push_str(&format!("（{name}）"));
        }
        out
    })
}
