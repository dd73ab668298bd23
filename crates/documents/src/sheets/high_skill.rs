//! 306号 附件2: 大连市高技能人才建设计划申报情况汇总表, the district's summary of the
//! applications it recommends, grouped by category in the 项目 column as the attachment does.

use chrono::NaiveDate;
use jiangxin_calendar::age::full_years;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::money::Money;
use jiangxin_domain::phone::Phone;
use jiangxin_domain::skill::SkillLevel;

use super::{Cell, Column, Table};
use crate::error::DocumentError;
use crate::format::skill_level;
use crate::forms::HighSkillCategory;

/// The summary sheet: who recommends, and one row per application.
#[derive(Debug, Clone, PartialEq)]
pub struct HighSkillSummary {
    /// 推荐单位
    pub recommending_unit: Option<String>,
    /// 所在区市县人社局
    pub district_bureau: Option<String>,
    /// The day ages are counted to: the program's reference date.
    pub as_of: NaiveDate,
    pub rows: Vec<HighSkillSummaryRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HighSkillSummaryRow {
    pub category: HighSkillCategory,
    pub name: String,
    pub id_number: ResidentId,
    pub ethnicity: Option<String>,
    pub education: Option<String>,
    /// 职种名称
    pub occupation: Option<String>,
    pub skill_level: Option<SkillLevel>,
    pub phone: Option<Phone>,
    /// 申报补贴金额
    pub subsidy: Option<Money>,
}

impl HighSkillSummary {
    pub const TITLE: &'static str = "大连市高技能人才建设计划申报情况汇总表";

    pub fn to_xlsx(&self) -> Result<Vec<u8>, DocumentError> {
        let mut rows = Vec::new();
        for category in HighSkillCategory::ALL {
            let group = category.group_label();
            let mut members: Vec<&HighSkillSummaryRow> = self
                .rows
                .iter()
                .filter(|r| r.category == category)
                .collect();
            members.sort_by(|a, b| a.name.cmp(&b.name));
            if members.is_empty() {
                // The form keeps every group, with an empty row to write in.
                let mut blank = vec![Cell::from(group)];
                blank.resize(11, Cell::Empty);
                rows.push(blank);
            }
            for row in members {
                let age = full_years(row.id_number.birth_date(), self.as_of).ok();
                rows.push(vec![
                    Cell::from(group),
                    Cell::from(row.name.as_str()),
                    Cell::from(row.id_number.gender().name_zh()),
                    Cell::from(age),
                    Cell::from(row.ethnicity.clone()),
                    Cell::from(row.education.clone()),
                    Cell::from(row.id_number.as_str()),
                    Cell::from(row.occupation.clone()),
                    Cell::from(row.skill_level.map(skill_level)),
                    Cell::from(row.phone.as_ref().map(ToString::to_string)),
                    Cell::from(row.subsidy),
                ]);
            }
        }
        let columns = [
            ("项目", 22.0),
            ("姓名", 10.0),
            ("性别", 6.0),
            ("年龄", 6.0),
            ("民族", 8.0),
            ("文化程度", 10.0),
            ("身份证号码", 22.0),
            ("职种名称", 14.0),
            ("技术等级", 14.0),
            ("联系电话", 15.0),
            ("申报补贴金额（元）", 14.0),
        ];
        Table {
            sheet: "汇总表",
            caption: Some("附件2"),
            title: Self::TITLE.to_owned(),
            above: vec![format!(
                "推荐单位：{}（章）        所在区市县人社局：{}（章）",
                self.recommending_unit.as_deref().unwrap_or("            "),
                self.district_bureau.as_deref().unwrap_or("            ")
            )],
            columns: columns
                .into_iter()
                .map(|(h, w)| Column::new(h, w))
                .collect(),
            rows,
            group_column: true,
            below: Vec::new(),
        }
        .to_xlsx()
    }
}
