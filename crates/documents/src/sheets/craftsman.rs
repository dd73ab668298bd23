//! 201号 附件3: 大连工匠候选人推荐汇总表, in the order of recommendation (按推荐顺序填写), with
//! the industry as its letter code (注：…填报行业字母代码即可).

use chrono::NaiveDate;
use jiangxin_calendar::age::full_years;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::industry::Industry;
use jiangxin_domain::phone::Phone;

use super::{Cell, Column, Table};
use crate::error::DocumentError;
use crate::format::dotted;

/// The summary of one recommending region or unit.
#[derive(Debug, Clone, PartialEq)]
pub struct CraftsmanSummary {
    /// 推荐地区（单位）
    pub recommender: Option<String>,
    /// 联系人
    pub contact_person: Option<String>,
    /// 电话
    pub contact_phone: Option<Phone>,
    /// The day ages are counted to.
    pub as_of: NaiveDate,
    pub rows: Vec<CraftsmanSummaryRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CraftsmanSummaryRow {
    pub industry: Option<Industry>,
    /// 工作单位
    pub unit: String,
    /// The unit's recommendation rank, 1 first.
    pub rank: u32,
    pub name: String,
    pub id_number: ResidentId,
    pub ethnicity: Option<String>,
    pub political_status: Option<String>,
    /// 职业（工种）
    pub occupation: Option<String>,
    pub education: Option<String>,
    pub phone: Option<Phone>,
    pub address: Option<String>,
}

impl CraftsmanSummary {
    pub const TITLE: &'static str = "大连工匠候选人推荐汇总表";

    /// The note under the table, as the attachment prints it.
    pub const NOTE: &'static str = "注：行业按照A.矿业、B.冶金、C.化工、D.纺织、E.医药、F.建筑、G.电力、H.电子、I.石油天然气、J.机械加工、K.航空航天、L.船舶、M.兵器、N.汽车、O.轨道交通、P.电信、Q.智能装备、R.现代服务、S.民间工艺、T.数字、U.其他共21大类分类填报行业字母代码即可";

    /// The rows in the order they are printed: each unit's candidates together, units in the
    /// order they first appear, and within a unit by its rank.
    pub fn ordered(&self) -> Vec<&CraftsmanSummaryRow> {
        let mut units: Vec<&str> = Vec::new();
        for row in &self.rows {
            if !units.contains(&row.unit.as_str()) {
                units.push(&row.unit);
            }
        }
        let mut rows: Vec<&CraftsmanSummaryRow> = self.rows.iter().collect();
        rows.sort_by_key(|r| (units.iter().position(|u| *u == r.unit), r.rank));
        rows
    }

    pub fn to_xlsx(&self) -> Result<Vec<u8>, DocumentError> {
        let rows = self
            .ordered()
            .into_iter()
            .enumerate()
            .map(|(index, row)| {
                let birth = row.id_number.birth_date();
                // The attachment's 年龄 column: birth date and age, `19××.×.×（××）`.
                let age = match full_years(birth, self.as_of) {
                    Ok(age) => format!("{}（{age}）", dotted(birth)),
                    Err(_) => dotted(birth),
                };
                vec![
                    Cell::from(row.industry.map(|i| i.code().to_string())),
                    Cell::Integer(index as i64 + 1),
                    Cell::from(row.name.as_str()),
                    Cell::from(row.id_number.gender().name_zh()),
                    Cell::from(age),
                    Cell::from(row.ethnicity.clone()),
                    Cell::from(row.political_status.clone()),
                    Cell::from(row.unit.as_str()),
                    Cell::from(row.id_number.as_str()),
                    Cell::from(row.occupation.clone()),
                    Cell::from(row.education.clone()),
                    Cell::from(row.phone.as_ref().map(ToString::to_string)),
                    Cell::from(row.address.clone()),
                ]
            })
            .collect();
        let columns = [
            ("行业", 6.0),
            ("序号", 6.0),
            ("姓名", 10.0),
            ("性别", 6.0),
            ("年龄", 16.0),
            ("民族", 8.0),
            ("政治面貌", 10.0),
            ("工作单位", 24.0),
            ("身份证号码", 22.0),
            ("职业（工种）", 14.0),
            ("文化程度", 10.0),
            ("联系电话", 15.0),
            ("通讯地址", 26.0),
        ];
        let blank = "            ";
        Table {
            sheet: "推荐汇总表",
            caption: Some("附件3"),
            title: Self::TITLE.to_owned(),
            above: vec![format!(
                "推荐地区（单位）：{}（章）        联系人：{}        电话：{}",
                self.recommender.as_deref().unwrap_or(blank),
                self.contact_person.as_deref().unwrap_or(blank),
                self.contact_phone
                    .as_ref()
                    .map_or(blank.to_owned(), ToString::to_string)
            )],
            columns: columns
                .into_iter()
                .map(|(h, w)| Column::new(h, w))
                .collect(),
            rows,
            group_column: false,
            below: vec![Self::NOTE.to_owned()],
        }
        .to_xlsx()
    }
}
