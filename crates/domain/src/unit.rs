//! Types of employer or applicant unit (单位类型).

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

use crate::text::{normalise, text_value};

/// Why a unit type could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UnitError {
    #[error(
        "无法识别的单位类型“{input}”，应为 企业、高职院校、国家级示范性中等职业学校、技师学院、高级技工学校、\
         市级公共实训基地、科研院所、职业培训机构、机关、事业单位 或 社会组织（unknown unit type \"{input}\"）"
    )]
    Unknown { input: String },
}

/// The kind of unit that employs a candidate or applies for a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum UnitType {
    /// 企业
    Enterprise,
    /// 高职院校
    HigherVocationalCollege,
    /// 国家级示范性中等职业学校 (国家级示范中职)
    NationalModelSecondaryVocationalSchool,
    /// 技师学院
    TechnicianCollege,
    /// 高级技工学校
    SeniorTechnicalSchool,
    /// 市级公共实训基地
    MunicipalPublicTrainingBase,
    /// 科研院所
    ResearchInstitute,
    /// 职业培训机构
    VocationalTrainingProvider,
    /// 机关
    GovernmentOrgan,
    /// 事业单位
    PublicInstitution,
    /// 社会组织
    SocialOrganisation,
}

impl UnitType {
    const ALL: [Self; 11] = [
        Self::Enterprise,
        Self::HigherVocationalCollege,
        Self::NationalModelSecondaryVocationalSchool,
        Self::TechnicianCollege,
        Self::SeniorTechnicalSchool,
        Self::MunicipalPublicTrainingBase,
        Self::ResearchInstitute,
        Self::VocationalTrainingProvider,
        Self::GovernmentOrgan,
        Self::PublicInstitution,
        Self::SocialOrganisation,
    ];

    pub fn all() -> &'static [Self] {
        &Self::ALL
    }

    /// Accepts the full name, and 国家级示范中职 for the national model secondary vocational school.
    pub fn parse(input: &str) -> Result<Self, UnitError> {
        let text = normalise(input);
        if text == "国家级示范中职" {
            return Ok(Self::NationalModelSecondaryVocationalSchool);
        }
        Self::ALL
            .into_iter()
            .find(|unit| unit.name_zh() == text)
            .ok_or_else(|| UnitError::Unknown {
                input: input.trim().to_owned(),
            })
    }

    /// The full name, as the policy documents write it.
    pub fn name_zh(self) -> &'static str {
        // A static, not an array literal: the literal was built on the stack at every call, and
        // `parse` calls this for each type it tries.
        static NAMES: [&str; 11] = [
            "企业",
            "高职院校",
            "国家级示范性中等职业学校",
            "技师学院",
            "高级技工学校",
            "市级公共实训基地",
            "科研院所",
            "职业培训机构",
            "机关",
            "事业单位",
            "社会组织",
        ];
        NAMES[self as usize]
    }

    /// The four vocational schools: 高职院校, 国家级示范性中等职业学校, 技师学院, 高级技工学校.
    pub fn is_vocational_school(self) -> bool {
        matches!(
            self,
            Self::HigherVocationalCollege
                | Self::NationalModelSecondaryVocationalSchool
                | Self::TechnicianCollege
                | Self::SeniorTechnicalSchool
        )
    }

    /// The four vocational schools and the 市级公共实训基地. This is the list of employers that
    /// 大人社发〔2021〕306号 一、(四)3 admits without a tax or key-industry condition; a 职业培训机构
    /// is not in it.
    pub fn is_school_or_public_training_base(self) -> bool {
        self.is_vocational_school() || self == Self::MunicipalPublicTrainingBase
    }
}

impl fmt::Display for UnitType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

text_value!(UnitType, UnitError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_round_trips_through_its_name() {
        for &unit in UnitType::all() {
            assert_eq!(UnitType::parse(unit.name_zh()), Ok(unit));
        }
    }

    #[test]
    fn the_short_name_of_the_model_school_is_accepted() {
        assert_eq!(
            UnitType::parse("国家级示范中职"),
            Ok(UnitType::NationalModelSecondaryVocationalSchool)
        );
    }

    #[test]
    fn exactly_four_types_are_vocational_schools() {
        let schools: Vec<&str> = UnitType::all()
            .iter()
            .filter(|u| u.is_vocational_school())
            .map(|u| u.name_zh())
            .collect();
        assert_eq!(
            schools,
            [
                "高职院校",
                "国家级示范性中等职业学校",
                "技师学院",
                "高级技工学校"
            ]
        );
    }

    #[test]
    fn the_public_training_base_joins_the_schools_but_a_training_provider_does_not() {
        assert!(UnitType::MunicipalPublicTrainingBase.is_school_or_public_training_base());
        assert!(UnitType::TechnicianCollege.is_school_or_public_training_base());
        assert!(!UnitType::VocationalTrainingProvider.is_school_or_public_training_base());
        assert!(!UnitType::Enterprise.is_school_or_public_training_base());
    }

    #[test]
    fn an_unknown_type_is_rejected_with_its_name() {
        let err = UnitType::parse("个体户").unwrap_err();
        assert_eq!(
            err,
            UnitError::Unknown {
                input: "个体户".into()
            }
        );
        assert!(err.to_string().contains("个体户"));
    }
}
