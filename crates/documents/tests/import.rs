//! Imports read from real `.xlsx` files: every bad cell reported with sheet, row, column and
//! reason, and exactly the rows without one kept.

mod common;

use std::collections::BTreeSet;

use common::*;
use jiangxin_documents::DocumentError;
use jiangxin_documents::import::applications::read_applications_file;
use jiangxin_documents::import::registry::{read_registry, read_registry_file};
use jiangxin_policy::ProgramSet;
use jiangxin_registry::Column;
use rust_xlsxwriter::{Workbook, Worksheet};
use serde_json::json;

/// A good registry row for person `n`, by column.
fn good_cell(column: Column, n: u32) -> String {
    match column {
        Column::IdNumber => id_text(
            "210202",
            day(1975, 1, 1) + chrono::Days::new(u64::from(n / 900)),
            n % 900,
        ),
        Column::Name => format!("职工{n:05}"),
        Column::SkillLevel => "技师".into(),
        Column::EnterpriseRanks => "工匠技师".into(),
        Column::SocialSecurityDistrict => "210202".into(),
        Column::UnitType => "企业".into(),
        Column::UnitKeyIndustry => "1".into(),
        Column::UnitTaxLastYear => "3000000".into(),
        Column::Frontline => "是".into(),
        Column::ContractYears => "6".into(),
        Column::KeyPostYears => "8".into(),
        Column::CitySocialSecurityMonths => "120".into(),
        Column::DistrictContinuousMonths => "60".into(),
        Column::IncomeRatio => "2.5".into(),
        Column::Introduction => "培育".into(),
        Column::MonthsInCityPerYear => String::new(),
        Column::Honours => "市级政府表彰@2019-09-10".into(),
        Column::Flags => String::new(),
    }
}

fn write_header(sheet: &mut Worksheet, headers: &[&str]) {
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
}

/// Writes a registry of `rows` people, with `bad` (row index from 0, column, text) written
/// over the good cells, and the contract years of every row as a number cell.
fn registry(
    name: &str,
    rows: u32,
    chinese: bool,
    bad: &[(u32, Column, &str)],
) -> std::path::PathBuf {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("名册").unwrap();
    let headers: Vec<&str> = Column::ALL
        .iter()
        .map(|c| if chinese { c.name_zh() } else { c.name() })
        .collect();
    write_header(sheet, &headers);
    for n in 0..rows {
        for (c, column) in Column::ALL.iter().enumerate() {
            let (r, c16) = (n + 1, c as u16);
            if let Some((_, _, text)) = bad.iter().find(|(row, col, _)| *row == n && col == column)
            {
                sheet.write_string(r, c16, *text).unwrap();
            } else if *column == Column::ContractYears {
                sheet.write_number(r, c16, 6.0).unwrap();
            } else {
                sheet.write_string(r, c16, good_cell(*column, n)).unwrap();
            }
        }
    }
    save(name, &workbook.save_to_buffer().unwrap())
}

fn letter(column: Column) -> String {
    let index = Column::ALL.iter().position(|c| *c == column).unwrap();
    jiangxin_documents::import::column_letter(index)
}

#[test]
fn a_ten_thousand_row_registry_reports_exactly_its_bad_cells_and_keeps_every_other_row() {
    let bad = [
        (36, Column::IdNumber, "210202197501010011"),
        (499, Column::SkillLevel, "九级"),
        (500, Column::SocialSecurityDistrict, "999999"),
        (500, Column::Frontline, "也许"),
        (1999, Column::Honours, "市级政府表彰@2019-13-40"),
        (4321, Column::UnitTaxLastYear, "三百万"),
        (6000, Column::Introduction, "外派"),
        (7777, Column::Flags, "刑事犯罪;好人好事"),
        (9998, Column::ContractYears, "六年"),
    ];
    let path = registry("registry-10000.xlsx", 10_000, false, &bad);
    let imported = read_registry_file(&path).unwrap();

    assert_eq!(imported.sheet, "名册");
    assert_eq!(imported.rows, 10_000);
    let reported: BTreeSet<(u32, String, String)> = imported
        .bad
        .iter()
        .map(|b| (b.row, b.column.clone(), b.header.clone()))
        .collect();
    // Excel's row numbers: the header is row 1, the first person row 2.
    let expected: BTreeSet<(u32, String, String)> = bad
        .iter()
        .map(|(n, column, _)| (n + 2, letter(*column), column.name().to_owned()))
        .collect();
    assert_eq!(reported, expected);
    assert_eq!(imported.bad.len(), bad.len(), "one report per bad cell");
    assert!(
        imported
            .bad
            .iter()
            .all(|b| b.sheet == "名册" && !b.reason.is_empty())
    );
    // Eight rows have a bad cell (row 502 has two); every other row is kept, in order.
    assert_eq!(imported.good.len(), 10_000 - 8);
    assert!(imported.good.windows(2).all(|w| w[0].row < w[1].row));

    let skill = imported.bad.iter().find(|b| b.row == 501).unwrap();
    assert!(skill.reason.contains("九级"), "{}", skill.reason);
    assert_eq!(
        skill.to_string(),
        format!(
            "工作表“名册”第 501 行 {} 列（skill_level）：{}",
            letter(Column::SkillLevel),
            skill.reason
        )
    );
}

#[test]
fn a_kept_registry_row_has_its_facts_in_the_facts_shape_without_the_id_number() {
    let path = registry("registry-chinese.xlsx", 3, true, &[]);
    let imported = read_registry_file(&path).unwrap();
    assert!(imported.bad.is_empty(), "{:?}", imported.bad);
    let first = &imported.good[0];
    assert_eq!(first.row, 2);
    assert_eq!(
        first.id_number.as_str(),
        id_text("210202", day(1975, 1, 1), 0)
    );
    assert_eq!(first.name.as_deref(), Some("职工00000"));
    assert_eq!(
        first.facts,
        json!({
            "person": {
                "name": "职工00000",
                "birth_date": "1975-01-01",
                "gender": "女",
                "skill_level": "技师",
                "enterprise_ranks": ["工匠技师"],
                "social_security_district": "210202",
                "frontline": true,
                "contract_years": "6",
                "key_post_years": "8",
                "city_social_security_months": "120",
                "district_continuous_months": "60",
                "income_ratio": "2.5",
                "introduction": "培育",
                "honours": ["市级政府表彰@2019-09-10"],
                "flags": [],
            },
            "unit": {
                "unit_type": "企业",
                "key_industry": true,
                "tax_last_year_yuan": "3000000",
            },
        })
    );
    assert!(!first.facts.to_string().contains(first.id_number.as_str()));
}

#[test]
fn an_id_number_typed_as_a_number_or_given_twice_is_reported_on_its_cell() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let headers: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
    write_header(sheet, &headers);
    for n in 0..3_u32 {
        for (c, column) in Column::ALL.iter().enumerate() {
            sheet
                .write_string(n + 1, c as u16, good_cell(*column, n % 2))
                .unwrap();
        }
    }
    // Row 4 repeats row 2's ID number; row 3's is typed as a number and lost its last digits.
    sheet.write_number(2, 0, 210202197501010021.0).unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let imported = read_registry(std::io::Cursor::new(bytes)).unwrap();
    let reasons: Vec<(u32, &str, &str)> = imported
        .bad
        .iter()
        .map(|b| (b.row, b.column.as_str(), b.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!((reasons[0].0, reasons[0].1), (3, "A"));
    assert!(reasons[0].2.contains("超过 15 位"), "{}", reasons[0].2);
    assert_eq!((reasons[1].0, reasons[1].1), (4, "A"));
    assert!(reasons[1].2.contains("第 2 行"), "{}", reasons[1].2);
    assert_eq!(imported.good.len(), 1);
}

#[test]
fn a_registry_without_a_required_column_is_refused_before_any_row() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_header(sheet, &["身份证号码", "姓名"]);
    let path = save(
        "registry-missing-columns.xlsx",
        &workbook.save_to_buffer().unwrap(),
    );
    let err = read_registry_file(&path).unwrap_err();
    assert!(matches!(err, DocumentError::Header { .. }));
    assert!(err.to_string().contains("skill_level（技能等级）"), "{err}");
}

#[test]
fn a_batch_of_applications_keeps_good_rows_and_reports_each_bad_cell() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("申报").unwrap();
    write_header(
        sheet,
        &[
            "项目",
            "类别",
            "统一社会信用代码",
            "身份证号码",
            "姓名",
            "联系电话",
            "技能等级",
            "一线岗位",
            "在连社保缴费月数",
        ],
    );
    let person = id_text("210202", day(1978, 3, 15), 201);
    let rows: [[&str; 9]; 5] = [
        [
            "dalian-craftsman-2021",
            "craftsman",
            "91350100M000100Y43",
            &person,
            "李卫国",
            "13904116789",
            "技师",
            "1",
            "120",
        ],
        [
            "dalian-master-studio-2024",
            "市级技能大师工作室",
            "91350100M000100Y43",
            &person,
            "孙立新",
            "",
            "高级技师",
            "",
            "",
        ],
        [
            "dalian-craftsman-2021",
            "craftsman",
            "",
            "",
            "",
            "",
            "技师",
            "1",
            "120",
        ],
        [
            "no-such-program",
            "x",
            "",
            &person,
            "某人",
            "12345",
            "技师",
            "",
            "",
        ],
        [
            "dalian-craftsman-2021",
            "craftsman",
            "91350100M000100Y44",
            &person,
            "李卫国",
            "",
            "宗师",
            "1",
            "很多",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *text).unwrap();
        }
    }
    let path = save(
        "applications-batch.xlsx",
        &workbook.save_to_buffer().unwrap(),
    );
    let programs = ProgramSet::builtin().unwrap();
    let imported = read_applications_file(&path, &programs).unwrap();

    assert_eq!(imported.rows, 5);
    let kept: Vec<(u32, &str, &str)> = imported
        .good
        .iter()
        .map(|a| (a.row, a.program.as_str(), a.category.as_str()))
        .collect();
    assert_eq!(
        kept,
        vec![
            (2, "dalian-craftsman-2021", "craftsman"),
            (3, "dalian-master-studio-2024", "master-studio")
        ]
    );
    let first = &imported.good[0];
    assert_eq!(first.unit.as_ref().unwrap().as_str(), "91350100M000100Y43");
    assert_eq!(first.applicant.as_ref().unwrap().as_str(), person);
    assert_eq!(first.facts["person"]["skill_level"], "技师");
    assert_eq!(first.facts["person"]["frontline"], true);
    assert_eq!(first.facts["person"]["birth_date"], "1978-03-15");

    let reported: Vec<(u32, &str)> = imported
        .bad
        .iter()
        .map(|b| (b.row, b.column.as_str()))
        .collect();
    assert_eq!(
        reported,
        vec![
            // Row 4: a craftsman is a person: the ID number is needed.
            (4, "D"),
            // Row 5: no such program; the phone number is malformed.
            (5, "A"),
            (5, "F"),
            // Row 6: the credit code's check character, the level, the months.
            (6, "C"),
            (6, "G"),
            (6, "I"),
        ],
        "{:#?}",
        imported.bad
    );
    assert!(imported.bad.iter().all(|b| b.sheet == "申报"));
    assert!(imported.bad[1].reason.contains("no-such-program"));
}
