//! Honours and titles that qualify a candidate, and the level of government behind each.

use std::fmt;

use chrono::NaiveDate;
use serde::Deserialize;
use thiserror::Error;

use crate::date::{DateError, parse_date};
use crate::text::{normalise, text_value};

/// Why an honour, honour kind or level could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HonourError {
    #[error(
        "无法识别的表彰级别“{input}”，应为 区级、市级、省级 或 国家级\
         （unknown honour level \"{input}\": expected 区级, 市级, 省级 or 国家级）"
    )]
    UnknownLevel { input: String },
    #[error("无法识别的荣誉称号“{input}”（unknown honour \"{input}\"）")]
    UnknownKind { input: String },
    #[error(
        "荣誉记录“{input}”应写作 称号@年-月-日，如 全国技术能手@2018-05-01\
         （honour \"{input}\" must be written TYPE@YYYY-MM-DD, e.g. 全国技术能手@2018-05-01）"
    )]
    MissingDate { input: String },
    #[error("荣誉的授予日期有误（invalid award date）：{0}")]
    Date(#[from] DateError),
}

/// Level of the government that awards an honour, ascending: `Provincial <= level` reads
/// "省级及以上".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum HonourLevel {
    District,
    Municipal,
    Provincial,
    National,
}

impl HonourLevel {
    const ALL: [Self; 4] = [
        Self::District,
        Self::Municipal,
        Self::Provincial,
        Self::National,
    ];

    pub fn all() -> &'static [Self] {
        &Self::ALL
    }

    /// Accepts 区级, 市级, 省级, 国家级.
    pub fn parse(input: &str) -> Result<Self, HonourError> {
        let text = normalise(input);
        Self::ALL
            .into_iter()
            .find(|level| level.name_zh() == text)
            .ok_or_else(|| HonourError::UnknownLevel {
                input: input.trim().to_owned(),
            })
    }

    pub fn name_zh(self) -> &'static str {
        // A static, as `UnitType::name_zh` explains: `parse` calls this for each level it tries.
        static NAMES: [&str; 4] = ["区级", "市级", "省级", "国家级"];
        NAMES[self as usize]
    }
}

impl fmt::Display for HonourLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

text_value!(HonourLevel, HonourError);

/// The honours the programs count, each with a fixed level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum HonourKind {
    /// 中华技能大奖
    ChinaSkillsAward,
    /// 全国技术能手
    NationalTechnicalExpert,
    /// 国家级技能大师工作室领办人
    NationalMasterStudioLeader,
    /// 省级政府表彰
    ProvincialGovernmentCommendation,
    /// 省级技能大师工作室领办人
    ProvincialMasterStudioLeader,
    /// 市级政府表彰
    MunicipalGovernmentCommendation,
    /// 市级技能大师工作室领办人
    MunicipalMasterStudioLeader,
    /// 高技能人才工作站领办人
    HighSkillWorkstationLeader,
    /// 市管首席技师
    MunicipalChiefTechnician,
    /// 区管首席技师
    DistrictChiefTechnician,
}

/// Name and level of each kind, indexed by the variant's position.
const KINDS: [(&str, HonourLevel); 10] = [
    ("中华技能大奖", HonourLevel::National),
    ("全国技术能手", HonourLevel::National),
    ("国家级技能大师工作室领办人", HonourLevel::National),
    ("省级政府表彰", HonourLevel::Provincial),
    ("省级技能大师工作室领办人", HonourLevel::Provincial),
    ("市级政府表彰", HonourLevel::Municipal),
    ("市级技能大师工作室领办人", HonourLevel::Municipal),
    ("高技能人才工作站领办人", HonourLevel::Municipal),
    ("市管首席技师", HonourLevel::Municipal),
    ("区管首席技师", HonourLevel::District),
];

impl HonourKind {
    const ALL: [Self; 10] = [
        Self::ChinaSkillsAward,
        Self::NationalTechnicalExpert,
        Self::NationalMasterStudioLeader,
        Self::ProvincialGovernmentCommendation,
        Self::ProvincialMasterStudioLeader,
        Self::MunicipalGovernmentCommendation,
        Self::MunicipalMasterStudioLeader,
        Self::HighSkillWorkstationLeader,
        Self::MunicipalChiefTechnician,
        Self::DistrictChiefTechnician,
    ];

    pub fn all() -> &'static [Self] {
        &Self::ALL
    }

    /// Accepts the Chinese name; surrounding spaces are ignored.
    pub fn parse(input: &str) -> Result<Self, HonourError> {
        let text = normalise(input);
        Self::ALL
            .into_iter()
            .find(|kind| kind.name_zh() == text)
            .ok_or_else(|| HonourError::UnknownKind {
                input: input.trim().to_owned(),
            })
    }

    pub fn name_zh(self) -> &'static str {
        KINDS[self as usize].0
    }

    pub fn level(self) -> HonourLevel {
        KINDS[self as usize].1
    }
}

impl fmt::Display for HonourKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

text_value!(HonourKind, HonourError);

/// An honour and the day it was awarded. Programs count honours by date (306号 counts only those
/// awarded from 2015-01-01), so the date is part of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Honour {
    kind: HonourKind,
    awarded_on: NaiveDate,
}

impl Honour {
    pub fn new(kind: HonourKind, awarded_on: NaiveDate) -> Self {
        Self { kind, awarded_on }
    }

    /// Reads the talent-registry format `TYPE@YYYY-MM-DD`, e.g. `全国技术能手@2018-05-01`. The date
    /// may be in any layout [`parse_date`] accepts.
    pub fn parse(input: &str) -> Result<Self, HonourError> {
        let (kind, date) =
            input
                .split_once(['@', '＠'])
                .ok_or_else(|| HonourError::MissingDate {
                    input: input.trim().to_owned(),
                })?;
        Ok(Self {
            kind: HonourKind::parse(kind)?,
            awarded_on: parse_date(date)?,
        })
    }

    pub fn kind(&self) -> HonourKind {
        self.kind
    }

    pub fn awarded_on(&self) -> NaiveDate {
        self.awarded_on
    }

    /// The level of the honour's kind.
    pub fn level(&self) -> HonourLevel {
        self.kind.level()
    }
}

/// The registry format, `全国技术能手@2018-05-01`.
impl fmt::Display for Honour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.kind, self.awarded_on.format("%Y-%m-%d"))
    }
}

text_value!(Honour, HonourError);

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn levels_ascend_from_district_to_national() {
        assert!(HonourLevel::District < HonourLevel::Municipal);
        assert!(HonourLevel::Municipal < HonourLevel::Provincial);
        assert!(HonourLevel::Provincial < HonourLevel::National);
    }

    #[test]
    fn each_kind_has_the_level_of_its_awarding_government() {
        let national: Vec<&str> = HonourKind::all()
            .iter()
            .filter(|k| k.level() == HonourLevel::National)
            .map(|k| k.name_zh())
            .collect();
        assert_eq!(
            national,
            ["中华技能大奖", "全国技术能手", "国家级技能大师工作室领办人"]
        );
        assert_eq!(
            HonourKind::ProvincialMasterStudioLeader.level(),
            HonourLevel::Provincial
        );
        assert_eq!(
            HonourKind::HighSkillWorkstationLeader.level(),
            HonourLevel::Municipal
        );
        assert_eq!(
            HonourKind::MunicipalChiefTechnician.level(),
            HonourLevel::Municipal
        );
        assert_eq!(
            HonourKind::DistrictChiefTechnician.level(),
            HonourLevel::District
        );
    }

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for &kind in HonourKind::all() {
            assert_eq!(HonourKind::parse(kind.name_zh()), Ok(kind));
        }
    }

    #[test]
    fn a_registry_entry_gives_kind_and_date() {
        let honour = Honour::parse("全国技术能手@2018-05-01").unwrap();
        assert_eq!(honour.kind(), HonourKind::NationalTechnicalExpert);
        assert_eq!(honour.awarded_on(), day(2018, 5, 1));
        assert_eq!(honour.level(), HonourLevel::National);
        assert_eq!(honour.to_string(), "全国技术能手@2018-05-01");
    }

    #[test]
    fn spaces_and_a_full_width_at_sign_are_tolerated() {
        let honour = Honour::parse(" 区管首席技师 ＠ 2023年1月1日 ").unwrap();
        assert_eq!(
            honour,
            Honour::new(HonourKind::DistrictChiefTechnician, day(2023, 1, 1))
        );
    }

    #[test]
    fn an_entry_without_a_date_is_rejected() {
        assert_eq!(
            Honour::parse("全国技术能手"),
            Err(HonourError::MissingDate {
                input: "全国技术能手".into()
            })
        );
    }

    #[test]
    fn an_unknown_kind_or_bad_date_is_rejected_with_the_part_named() {
        assert_eq!(
            Honour::parse("劳动模范@2018-05-01"),
            Err(HonourError::UnknownKind {
                input: "劳动模范".into()
            })
        );
        assert_eq!(
            Honour::parse("全国技术能手@2018-02-30")
                .unwrap_err()
                .to_string(),
            "荣誉的授予日期有误（invalid award date）：日期“2018-02-30”在日历上不存在（no such calendar day: \"2018-02-30\"）"
        );
    }

    #[test]
    fn levels_parse_from_their_chinese_names() {
        assert_eq!(HonourLevel::parse("省级"), Ok(HonourLevel::Provincial));
        assert_eq!(
            HonourLevel::parse("县级"),
            Err(HonourError::UnknownLevel {
                input: "县级".into()
            })
        );
    }
}
