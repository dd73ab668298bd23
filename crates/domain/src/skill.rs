//! 国家职业资格 / 职业技能等级 — the five national skill levels — and the titles enterprises award
//! their own skilled workers.

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

use crate::text::{normalise, text_value};

/// Why a skill level or enterprise rank could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SkillError {
    #[error(
        "无法识别的职业技能等级“{input}”，应为 1–5、一级至五级或初级工、中级工、高级工、技师、高级技师\
         （unknown skill level \"{input}\": expected 1–5, 一级 to 五级, or 初级工, 中级工, 高级工, 技师, 高级技师）"
    )]
    UnknownLevel { input: String },
    #[error(
        "职业技能等级“{input}”前后矛盾，等级与名称不对应（skill level \"{input}\" contradicts itself: grade and name differ）"
    )]
    ConflictingLevel { input: String },
    #[error(
        "无法识别的企业技能岗位等级“{input}”，应为 特级技师、首席技师、技能专家 或 工匠技师\
         （unknown enterprise rank \"{input}\": expected 特级技师, 首席技师, 技能专家 or 工匠技师）"
    )]
    UnknownRank { input: String },
}

/// One of the five national skill levels. Ordered so that a higher qualification is greater:
/// `SkillLevel::Technician <= level` reads "技师 or above" (技师及以上).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum SkillLevel {
    /// 五级 / 初级工
    Junior,
    /// 四级 / 中级工
    Intermediate,
    /// 三级 / 高级工
    Senior,
    /// 二级 / 技师
    Technician,
    /// 一级 / 高级技师
    SeniorTechnician,
}

impl SkillLevel {
    const ALL: [Self; 5] = [
        Self::Junior,
        Self::Intermediate,
        Self::Senior,
        Self::Technician,
        Self::SeniorTechnician,
    ];

    /// All five levels, lowest first.
    pub fn all() -> &'static [Self] {
        &Self::ALL
    }

    /// Accepts the grade digit (`2`), `二级`, `2级`, the name (`技师`, and the older short names
    /// 初级/中级/高级), with the prefixes 国家职业资格 / 职业技能等级 / 国家 or the suffix 职业资格,
    /// and the combined forms `二级/技师`, `二级（技师）`, `国家二级职业资格(技师)`. When both a grade
    /// and a name are given they must agree.
    pub fn parse(input: &str) -> Result<Self, SkillError> {
        let text = normalise(input);
        // Nearly every cell is one of the names as is; the combined forms below are rarer.
        if let Some(level) = Self::alias(&text) {
            return Ok(level);
        }
        let bracketed = text.strip_suffix(')').and_then(|rest| rest.split_once('('));
        // Either `outer(inner)` or parts split on `/`, without collecting them.
        let slashed = bracketed.is_none().then(|| text.split('/'));
        let parts = bracketed
            .into_iter()
            .flat_map(|(outer, inner)| [outer, inner])
            .chain(slashed.into_iter().flatten());
        let unknown = || SkillError::UnknownLevel {
            input: input.trim().to_owned(),
        };
        let mut found = None;
        for part in parts {
            let level = Self::parse_single(part).ok_or_else(unknown)?;
            if found.is_some_and(|f| f != level) {
                return Err(SkillError::ConflictingLevel {
                    input: input.trim().to_owned(),
                });
            }
            found = Some(level);
        }
        found.ok_or_else(unknown)
    }

    fn parse_single(part: &str) -> Option<Self> {
        let part = part.trim();
        let part = ["国家职业资格", "职业技能等级", "职业资格", "国家"]
            .into_iter()
            .find_map(|prefix| part.strip_prefix(prefix))
            .unwrap_or(part);
        let part = part.strip_suffix("职业资格").unwrap_or(part).trim();
        Self::alias(part)
    }

    /// The level one of its names stands for: grade digit, `N级`, [`grade_zh`](Self::grade_zh),
    /// [`name_zh`](Self::name_zh) or the older short name. A `match`, which the compiler turns
    /// into a few comparisons, because a registry screen reads a level on every row.
    fn alias(text: &str) -> Option<Self> {
        Some(match text {
            "5" | "5级" | "五级" | "初级工" | "初级" => Self::Junior,
            "4" | "4级" | "四级" | "中级工" | "中级" => Self::Intermediate,
            "3" | "3级" | "三级" | "高级工" | "高级" => Self::Senior,
            "2" | "2级" | "二级" | "技师" => Self::Technician,
            "1" | "1级" | "一级" | "高级技师" => Self::SeniorTechnician,
            _ => return None,
        })
    }

    /// The grade number: 5 for 初级工 down to 1 for 高级技师.
    pub fn grade(self) -> u8 {
        5 - self as u8
    }

    /// 初级工, 中级工, 高级工, 技师, 高级技师.
    pub fn name_zh(self) -> &'static str {
        // Statics, as `UnitType::name_zh` explains: `parse` calls these for each name it tries.
        static NAMES: [&str; 5] = ["初级工", "中级工", "高级工", "技师", "高级技师"];
        NAMES[self as usize]
    }

    /// 五级 … 一级.
    pub fn grade_zh(self) -> &'static str {
        static NAMES: [&str; 5] = ["五级", "四级", "三级", "二级", "一级"];
        NAMES[self as usize]
    }
}

/// The name, e.g. `技师`.
impl fmt::Display for SkillLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

text_value!(SkillLevel, SkillError);

/// Titles an enterprise awards its own skilled workers (企业自主评定), which the programs accept
/// alongside the national levels. Not ordered: enterprises define them independently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum EnterpriseRank {
    /// 特级技师
    SpecialTechnician,
    /// 首席技师
    ChiefTechnician,
    /// 技能专家
    SkillExpert,
    /// 工匠技师
    CraftsmanTechnician,
}

impl EnterpriseRank {
    const ALL: [Self; 4] = [
        Self::SpecialTechnician,
        Self::ChiefTechnician,
        Self::SkillExpert,
        Self::CraftsmanTechnician,
    ];

    pub fn all() -> &'static [Self] {
        &Self::ALL
    }

    /// Accepts the Chinese name.
    pub fn parse(input: &str) -> Result<Self, SkillError> {
        let text = normalise(input);
        Self::ALL
            .into_iter()
            .find(|rank| rank.name_zh() == text)
            .ok_or_else(|| SkillError::UnknownRank {
                input: input.trim().to_owned(),
            })
    }

    pub fn name_zh(self) -> &'static str {
        static NAMES: [&str; 4] = ["特级技师", "首席技师", "技能专家", "工匠技师"];
        NAMES[self as usize]
    }
}

impl fmt::Display for EnterpriseRank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

text_value!(EnterpriseRank, SkillError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technician_or_above_is_a_comparison() {
        assert!(SkillLevel::Technician <= SkillLevel::SeniorTechnician);
        assert!(SkillLevel::Technician <= SkillLevel::Technician);
        assert!(SkillLevel::Senior < SkillLevel::Technician);
        assert!(SkillLevel::Junior < SkillLevel::Intermediate);
    }

    #[test]
    fn grades_run_from_five_for_junior_to_one_for_senior_technician() {
        let grades: Vec<u8> = SkillLevel::all().iter().map(|l| l.grade()).collect();
        assert_eq!(grades, [5, 4, 3, 2, 1]);
    }

    #[test]
    fn every_way_of_writing_technician_is_accepted() {
        for input in [
            "2",
            "2级",
            "二级",
            "技师",
            "国家职业资格二级",
            "国家二级职业资格",
            "职业技能等级二级",
            "二级/技师",
            "二级（技师）",
            "二级(技师)",
            "国家二级职业资格(技师)",
            "技师（二级）",
            " 二级 / 技师 ",
        ] {
            assert_eq!(
                SkillLevel::parse(input),
                Ok(SkillLevel::Technician),
                "{input}"
            );
        }
    }

    #[test]
    fn short_names_map_to_their_grade() {
        assert_eq!(SkillLevel::parse("初级"), Ok(SkillLevel::Junior));
        assert_eq!(SkillLevel::parse("中级工"), Ok(SkillLevel::Intermediate));
        assert_eq!(SkillLevel::parse("高级"), Ok(SkillLevel::Senior));
        assert_eq!(
            SkillLevel::parse("一级/高级技师"),
            Ok(SkillLevel::SeniorTechnician)
        );
        assert_eq!(SkillLevel::parse("5"), Ok(SkillLevel::Junior));
    }

    #[test]
    fn a_grade_and_name_that_disagree_are_rejected() {
        assert_eq!(
            SkillLevel::parse("二级/高级技师"),
            Err(SkillError::ConflictingLevel {
                input: "二级/高级技师".into()
            })
        );
    }

    #[test]
    fn unknown_or_empty_levels_are_rejected() {
        for input in [
            "",
            "6",
            "0",
            "六级",
            "专家",
            "二级/",
            "/",
            "技师(",
            "特级技师",
        ] {
            assert_eq!(
                SkillLevel::parse(input),
                Err(SkillError::UnknownLevel {
                    input: input.into()
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn every_level_reads_back_from_its_name_its_grade_and_its_digit() {
        for level in SkillLevel::all() {
            let digit = level.grade().to_string();
            for text in [
                level.name_zh(),
                level.grade_zh(),
                &digit,
                &format!("{digit}级"),
            ] {
                assert_eq!(SkillLevel::parse(text), Ok(*level), "{text}");
            }
        }
    }

    #[test]
    fn names_and_grades_are_given_in_chinese() {
        assert_eq!(SkillLevel::Technician.name_zh(), "技师");
        assert_eq!(SkillLevel::Technician.grade_zh(), "二级");
        assert_eq!(SkillLevel::SeniorTechnician.to_string(), "高级技师");
    }

    #[test]
    fn enterprise_ranks_round_trip_through_their_names() {
        for &rank in EnterpriseRank::all() {
            assert_eq!(EnterpriseRank::parse(rank.name_zh()), Ok(rank));
        }
        assert_eq!(
            EnterpriseRank::parse(" 工匠技师 "),
            Ok(EnterpriseRank::CraftsmanTechnician)
        );
        assert_eq!(
            EnterpriseRank::parse("技师"),
            Err(SkillError::UnknownRank {
                input: "技师".into()
            })
        );
    }
}
