//! A batch of applications from `.xlsx`, one per row: the program and category, the applying
//! unit's credit code and/or the applicant's ID number, name and phone, and any of the talent
//! registry's fact columns (headers as `jiangxin_registry` names them, English or Chinese).
//!
//! | English | 中文 | |
//! |---|---|---|
//! | `program` | 项目 | a program id, e.g. `dalian-craftsman-2021` |
//! | `category` | 类别 | the category's id or its name in the program file |
//! | `credit_code` | 统一社会信用代码 | the applying or employing unit (required for a unit's application) |
//! | `id_number` | 身份证号码 | the applicant (required for a person's application) |
//! | `name` | 姓名 | the applicant's name (required with the ID number) |
//! | `phone` | 联系电话 | optional |
//! | registry columns | 名册列 | optional, as in the registry |

use std::io::{Read, Seek};
use std::path::Path;

use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::phone::Phone;
use jiangxin_policy::ProgramSet;
use jiangxin_policy::model::Subject;
use jiangxin_registry::Column;
use serde_json::Value;

use super::{BadCell, FactsJson, Imported, SheetRows, cell_text, read_facts};
use crate::error::DocumentError;

/// An application as read from its row.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationRow {
    /// Excel's row number.
    pub row: u32,
    pub program: String,
    /// The category's id.
    pub category: String,
    pub unit: Option<CreditCode>,
    pub applicant: Option<ResidentId>,
    pub name: Option<String>,
    pub phone: Option<Phone>,
    /// In the `--facts` JSON shape, without the ID number.
    pub facts: Value,
}

/// The batch sheet's own columns, besides the registry's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Own {
    Program,
    Category,
    CreditCode,
    Phone,
}

impl Own {
    const ALL: [Own; 4] = [Own::Program, Own::Category, Own::CreditCode, Own::Phone];

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Own::Program => ("program", "项目"),
            Own::Category => ("category", "类别"),
            Own::CreditCode => ("credit_code", "统一社会信用代码"),
            Own::Phone => ("phone", "联系电话"),
        }
    }
}

fn matches(header: &str, (english, chinese): (&str, &str)) -> bool {
    header == chinese || header.eq_ignore_ascii_case(english)
}

/// Reads a batch from the first worksheet of an `.xlsx` file, or from a `.csv` file.
pub fn read_applications_file(
    path: &Path,
    programs: &ProgramSet,
) -> Result<Imported<ApplicationRow>, DocumentError> {
    read(SheetRows::from_path(path)?, programs)
}

/// Reads a batch from an uploaded `.xlsx` file's bytes.
pub fn read_applications<RS: Read + Seek + Clone>(
    source: RS,
    programs: &ProgramSet,
) -> Result<Imported<ApplicationRow>, DocumentError> {
    read(SheetRows::from_reader(source)?, programs)
}

fn read(
    sheet: SheetRows,
    programs: &ProgramSet,
) -> Result<Imported<ApplicationRow>, DocumentError> {
    let find = |names: (&str, &str)| sheet.header.iter().position(|h| matches(h, names));
    let own: Vec<Option<usize>> = Own::ALL.iter().map(|o| find(o.names())).collect();
    let at = |o: Own| own[o as usize];
    let id_at = find((Column::IdNumber.name(), Column::IdNumber.name_zh()));
    let name_at = find((Column::Name.name(), Column::Name.name_zh()));
    let missing: Vec<String> = [Own::Program, Own::Category]
        .into_iter()
        .filter(|o| at(*o).is_none())
        .map(|o| format!("{}（{}）", o.names().0, o.names().1))
        .collect();
    if !missing.is_empty() {
        return Err(DocumentError::Header {
            sheet: sheet.sheet.clone(),
            message: format!(
                "缺少必需的列：{}（missing required columns）",
                missing.join("、")
            ),
        });
    }
    let facts_columns: Vec<(Column, usize)> = Column::ALL
        .iter()
        .filter(|c| !matches!(c, Column::IdNumber | Column::Name))
        .filter_map(|&c| find((c.name(), c.name_zh())).map(|i| (c, i)))
        .collect();

    let mut good = Vec::new();
    let mut bad: Vec<BadCell> = Vec::new();
    for (row, cells) in &sheet.rows {
        let row = *row;
        let before = bad.len();
        // A cell's text, or `None` after reporting why it cannot be read.
        let mut text = |index: Option<usize>| -> Option<String> {
            let index = index?;
            match cells.get(index).map_or(Ok(String::new()), cell_text) {
                Ok(text) => Some(text),
                Err(reason) => {
                    bad.push(sheet.bad(row, Some(index), reason));
                    None
                }
            }
        };
        let program_text = text(at(Own::Program)).unwrap_or_default();
        let category_text = text(at(Own::Category)).unwrap_or_default();
        let credit_text = text(at(Own::CreditCode)).unwrap_or_default();
        let phone_text = text(at(Own::Phone)).unwrap_or_default();
        let id_text = text(id_at).unwrap_or_default();
        let name = text(name_at).filter(|n| !n.is_empty());

        let mut problems: Vec<(Option<usize>, String)> = Vec::new();
        let program = programs.get(&program_text);
        if program.is_none() {
            problems.push((
                at(Own::Program),
                format!("没有项目“{program_text}”（no such program）"),
            ));
        }
        let category = program.and_then(|p| {
            let found = p
                .categories
                .iter()
                .find(|c| c.id == category_text || c.name == category_text);
            if found.is_none() {
                problems.push((
                    at(Own::Category),
                    format!(
                        "项目 {} 没有类别“{category_text}”（no such category）",
                        p.id()
                    ),
                ));
            }
            found
        });
        let unit = (!credit_text.is_empty())
            .then(|| CreditCode::parse(&credit_text))
            .transpose()
            .unwrap_or_else(|e| {
                problems.push((at(Own::CreditCode), e.to_string()));
                None
            });
        let applicant = (!id_text.is_empty())
            .then(|| ResidentId::parse(&id_text))
            .transpose()
            .unwrap_or_else(|e| {
                problems.push((id_at, e.to_string()));
                None
            });
        let phone = (!phone_text.is_empty())
            .then(|| Phone::parse(&phone_text))
            .transpose()
            .unwrap_or_else(|e| {
                problems.push((at(Own::Phone), e.to_string()));
                None
            });
        if let Some(category) = category {
            let needs_person = matches!(category.subject, Subject::Person | Subject::Student);
            if needs_person && id_text.is_empty() {
                problems.push((
                    id_at,
                    "个人申报须填写申报人身份证号码（a person's application needs the ID number）"
                        .to_owned(),
                ));
            }
            if !needs_person && credit_text.is_empty() {
                problems.push((
                    at(Own::CreditCode),
                    "单位申报须填写统一社会信用代码（a unit's application needs its credit code）"
                        .to_owned(),
                ));
            }
        }
        if !id_text.is_empty() && name.is_none() {
            problems.push((
                name_at,
                "填写身份证号码时须填写姓名（a name is required with the ID number）".to_owned(),
            ));
        }
        for (index, reason) in problems {
            bad.push(sheet.bad(row, index, reason));
        }
        let mut facts = FactsJson::default();
        if let Some(id) = &applicant {
            facts.identify(id, name.as_deref());
        }
        read_facts(&sheet, row, cells, &facts_columns, &mut facts, &mut bad);
        if let (Some(program), Some(category), true) = (program, category, bad.len() == before) {
            good.push(ApplicationRow {
                row,
                program: program.id().to_owned(),
                category: category.id.clone(),
                unit,
                applicant,
                name,
                phone,
                facts: facts.to_value(),
            });
        }
    }
    Ok(Imported {
        sheet: sheet.sheet,
        rows: sheet.rows.len(),
        good,
        bad,
    })
}
