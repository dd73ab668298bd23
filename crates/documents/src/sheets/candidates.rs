//! The candidate lists of the programs whose seeds attach none: the skill-master studios (the
//! 2024 notice 三、(二) 候选名单) and the district chief technicians (惠阳 第十条(五) 候选名单,
//! ages fixed on 1 January of the selection year, 第十三条).

use chrono::NaiveDate;
use jiangxin_calendar::age::full_years;
use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::phone::Phone;
use jiangxin_domain::skill::SkillLevel;

use super::{Cell, Column, Table};
use crate::error::DocumentError;
use crate::format::skill_level;

fn columns(list: &[(&str, f64)]) -> Vec<Column> {
    list.iter().map(|(h, w)| Column::new(*h, *w)).collect()
}

/// 大连市技能大师工作室候选名单.
#[derive(Debug, Clone, PartialEq)]
pub struct StudioList {
    pub title: String,
    pub rows: Vec<StudioCandidate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StudioCandidate {
    pub unit: String,
    pub credit_code: CreditCode,
    /// The district the unit belongs to, by name.
    pub district: Option<String>,
    /// 工作室职业（工种）
    pub occupation: Option<String>,
    pub leader: String,
    pub leader_id: ResidentId,
    pub leader_level: Option<SkillLevel>,
    pub phone: Option<Phone>,
    /// The panel's score, when it has scored.
    pub score: Option<f64>,
}

impl StudioList {
    pub fn to_xlsx(&self) -> Result<Vec<u8>, DocumentError> {
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(index, row)| {
                vec![
                    Cell::Integer(index as i64 + 1),
                    Cell::from(row.unit.as_str()),
                    Cell::from(row.credit_code.as_str()),
                    Cell::from(row.district.clone()),
                    Cell::from(row.occupation.clone()),
                    Cell::from(row.leader.as_str()),
                    Cell::from(row.leader_id.gender().name_zh()),
                    Cell::Date(row.leader_id.birth_date()),
                    Cell::from(row.leader_level.map(skill_level)),
                    Cell::from(row.phone.as_ref().map(ToString::to_string)),
                    Cell::from(row.score),
                ]
            })
            .collect();
        Table {
            sheet: "候选名单",
            caption: None,
            title: self.title.clone(),
            above: Vec::new(),
            columns: columns(&[
                ("序号", 6.0),
                ("申报单位", 28.0),
                ("统一社会信用代码", 22.0),
                ("所在地区", 10.0),
                ("工作室职业（工种）", 16.0),
                ("领办人", 10.0),
                ("性别", 6.0),
                ("出生日期", 12.0),
                ("职业技能等级", 14.0),
                ("联系电话", 15.0),
                ("评审得分", 10.0),
            ]),
            rows,
            group_column: false,
            below: Vec::new(),
        }
        .to_xlsx()
    }
}

/// 区管首席技师候选名单.
#[derive(Debug, Clone, PartialEq)]
pub struct ChiefTechnicianList {
    pub title: String,
    /// 1 January of the selection year: the day ages are fixed on (第十三条).
    pub as_of: NaiveDate,
    pub rows: Vec<ChiefTechnicianCandidate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChiefTechnicianCandidate {
    pub name: String,
    pub id_number: ResidentId,
    pub unit: Option<String>,
    pub occupation: Option<String>,
    pub skill_level: Option<SkillLevel>,
    /// 在本区连续工作并缴纳社保月数
    pub district_months: Option<u32>,
    pub phone: Option<Phone>,
    pub score: Option<f64>,
}

impl ChiefTechnicianList {
    pub fn to_xlsx(&self) -> Result<Vec<u8>, DocumentError> {
        let rows = self
            .rows
            .iter()
            .enumerate()
            .map(|(index, row)| {
                let birth = row.id_number.birth_date();
                vec![
                    Cell::Integer(index as i64 + 1),
                    Cell::from(row.name.as_str()),
                    Cell::from(row.id_number.gender().name_zh()),
                    Cell::Date(birth),
                    Cell::from(full_years(birth, self.as_of).ok()),
                    Cell::from(row.id_number.as_str()),
                    Cell::from(row.unit.clone()),
                    Cell::from(row.occupation.clone()),
                    Cell::from(row.skill_level.map(skill_level)),
                    Cell::from(row.district_months),
                    Cell::from(row.phone.as_ref().map(ToString::to_string)),
                    Cell::from(row.score),
                ]
            })
            .collect();
        let age = format!("年龄（{}）", self.as_of.format("%Y-%m-%d"));
        Table {
            sheet: "候选名单",
            caption: None,
            title: self.title.clone(),
            above: Vec::new(),
            columns: columns(&[
                ("序号", 6.0),
                ("姓名", 10.0),
                ("性别", 6.0),
                ("出生日期", 12.0),
                (&age, 12.0),
                ("身份证号码", 22.0),
                ("工作单位", 26.0),
                ("职业（工种）", 14.0),
                ("技能等级", 14.0),
                ("本区连续工作月数", 12.0),
                ("联系电话", 15.0),
                ("评审得分", 10.0),
            ]),
            rows,
            group_column: false,
            below: Vec::new(),
        }
        .to_xlsx()
    }
}
