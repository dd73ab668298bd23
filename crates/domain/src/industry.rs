//! Industry classes and enterprise classes of the 大连工匠 application form
//! (大人社发〔2021〕201号, 附件1 填表说明 6 and the 申报表 cover).

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

use crate::text::{normalise, text_value};

/// Why an industry or enterprise class could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IndustryError {
    #[error(
        "无法识别的行业“{input}”，应为 A–U 的字母代码或行业名称，如 J、机械加工、J.机械加工\
         （unknown industry \"{input}\": expected a letter A–U or a class name, e.g. J, 机械加工, J.机械加工）"
    )]
    UnknownIndustry { input: String },
    #[error("行业代码与名称不一致：“{input}”（industry letter and name disagree: \"{input}\"）")]
    ConflictingIndustry { input: String },
    #[error(
        "无法识别的企业类别“{input}”，应为 驻连中央企业、驻连省属企业 或 市属（及以下）各类所有制企业\
         （unknown enterprise class \"{input}\": expected 驻连中央企业, 驻连省属企业 or 市属（及以下）各类所有制企业）"
    )]
    UnknownEnterpriseClass { input: String },
}

/// The 21 industry classes A–U, in the form's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum Industry {
    Mining,
    Metallurgy,
    Chemicals,
    Textiles,
    Pharmaceuticals,
    Construction,
    ElectricPower,
    Electronics,
    OilAndGas,
    Machining,
    Aerospace,
    Shipbuilding,
    Ordnance,
    Automotive,
    RailTransit,
    Telecommunications,
    IntelligentEquipment,
    ModernServices,
    FolkCrafts,
    Digital,
    Other,
}

/// Letter and name of each class, indexed by the variant's position.
const TABLE: [(char, &str); 21] = [
    ('A', "矿业"),
    ('B', "冶金"),
    ('C', "化工"),
    ('D', "纺织"),
    ('E', "医药"),
    ('F', "建筑"),
    ('G', "电力"),
    ('H', "电子"),
    ('I', "石油天然气"),
    ('J', "机械加工"),
    ('K', "航空航天"),
    ('L', "船舶"),
    ('M', "兵器"),
    ('N', "汽车"),
    ('O', "轨道交通"),
    ('P', "电信"),
    ('Q', "智能装备"),
    ('R', "现代服务"),
    ('S', "民间工艺"),
    ('T', "数字"),
    ('U', "其他"),
];

impl Industry {
    const ALL: [Self; 21] = [
        Self::Mining,
        Self::Metallurgy,
        Self::Chemicals,
        Self::Textiles,
        Self::Pharmaceuticals,
        Self::Construction,
        Self::ElectricPower,
        Self::Electronics,
        Self::OilAndGas,
        Self::Machining,
        Self::Aerospace,
        Self::Shipbuilding,
        Self::Ordnance,
        Self::Automotive,
        Self::RailTransit,
        Self::Telecommunications,
        Self::IntelligentEquipment,
        Self::ModernServices,
        Self::FolkCrafts,
        Self::Digital,
        Self::Other,
    ];

    /// All 21 classes, A first.
    pub fn all() -> &'static [Self] {
        &Self::ALL
    }

    /// Accepts the letter in either case (`J`, `j`), the name (`机械加工`), or both joined by `.`,
    /// `、` or a space (`J.机械加工`, as the form lists them); letter and name must then agree.
    pub fn parse(input: &str) -> Result<Self, IndustryError> {
        let text = normalise(input);
        let unknown = || IndustryError::UnknownIndustry {
            input: input.trim().to_owned(),
        };
        let mut chars = text.chars();
        let by_code = match chars.next() {
            Some(first) if first.is_ascii_alphabetic() => {
                let letter = first.to_ascii_uppercase();
                Some(
                    Self::ALL
                        .into_iter()
                        .find(|i| i.code() == letter)
                        .ok_or_else(unknown)?,
                )
            }
            _ => None,
        };
        let name = match by_code {
            Some(_) => chars.as_str().trim_start_matches(['.', '、', ' ']),
            None => &*text,
        };
        let by_name = Self::ALL.into_iter().find(|i| i.name_zh() == name);
        match (by_code, by_name) {
            (Some(code), None) if name.is_empty() => Ok(code),
            (Some(code), Some(named)) if code != named => Err(IndustryError::ConflictingIndustry {
                input: input.trim().to_owned(),
            }),
            (_, Some(named)) => Ok(named),
            _ => Err(unknown()),
        }
    }

    /// The letter A–U; the summary sheet needs only this.
    pub fn code(self) -> char {
        TABLE[self as usize].0
    }

    pub fn name_zh(self) -> &'static str {
        TABLE[self as usize].1
    }
}

/// Letter and name as the form lists them: `J.机械加工`.
impl fmt::Display for Industry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.code(), self.name_zh())
    }
}

text_value!(Industry, IndustryError);

/// The three enterprise classes on the 大连工匠 form's cover (类别).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum EnterpriseClass {
    /// 驻连中央企业
    CentralSoe,
    /// 驻连省属企业
    ProvincialSoe,
    /// 市属（及以下）各类所有制企业
    MunicipalAndOther,
}

impl EnterpriseClass {
    const ALL: [Self; 3] = [
        Self::CentralSoe,
        Self::ProvincialSoe,
        Self::MunicipalAndOther,
    ];

    pub fn all() -> &'static [Self] {
        &Self::ALL
    }

    /// Accepts the form's names; for the third, 及以下 and the brackets around it are optional
    /// (`市属及以下各类所有制企业`, `市属各类所有制企业`).
    pub fn parse(input: &str) -> Result<Self, IndustryError> {
        // Compare with the optional parts removed from both sides.
        let key = |text: &str| {
            normalise(text)
                .replace(['(', ')'], "")
                .replace("及以下", "")
        };
        let wanted = key(input);
        Self::ALL
            .into_iter()
            .find(|class| key(class.name_zh()) == wanted)
            .ok_or_else(|| IndustryError::UnknownEnterpriseClass {
                input: input.trim().to_owned(),
            })
    }

    pub fn name_zh(self) -> &'static str {
        // A static, as `UnitType::name_zh` explains: `parse` calls this for each class it tries.
        static NAMES: [&str; 3] = [
            "驻连中央企业",
            "驻连省属企业",
            "市属（及以下）各类所有制企业",
        ];
        NAMES[self as usize]
    }
}

impl fmt::Display for EnterpriseClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name_zh())
    }
}

text_value!(EnterpriseClass, IndustryError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_runs_a_to_u_in_variant_order() {
        let codes: String = Industry::all().iter().map(|i| i.code()).collect();
        assert_eq!(codes, "ABCDEFGHIJKLMNOPQRSTU");
        for (index, industry) in Industry::all().iter().enumerate() {
            assert_eq!(*industry as usize, index);
        }
    }

    #[test]
    fn machining_is_read_from_letter_name_or_both() {
        for input in [
            "J",
            "j",
            "机械加工",
            "J.机械加工",
            "J．机械加工",
            "j、机械加工",
            "J 机械加工",
            " J ",
        ] {
            assert_eq!(Industry::parse(input), Ok(Industry::Machining), "{input}");
        }
    }

    #[test]
    fn every_class_round_trips_through_display() {
        for &industry in Industry::all() {
            assert_eq!(Industry::parse(&industry.to_string()), Ok(industry));
        }
        assert_eq!(Industry::Other.to_string(), "U.其他");
    }

    #[test]
    fn a_letter_and_name_that_disagree_are_rejected() {
        assert_eq!(
            Industry::parse("A.机械加工"),
            Err(IndustryError::ConflictingIndustry {
                input: "A.机械加工".into()
            })
        );
    }

    #[test]
    fn letters_past_u_and_unknown_names_are_rejected() {
        for input in ["V", "Z", "", "机械", "JJ", "J.机械", "1"] {
            assert_eq!(
                Industry::parse(input),
                Err(IndustryError::UnknownIndustry {
                    input: input.into()
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn the_municipal_class_is_read_with_or_without_brackets_and_ji_yi_xia() {
        for input in [
            "市属（及以下）各类所有制企业",
            "市属(及以下)各类所有制企业",
            "市属及以下各类所有制企业",
            "市属各类所有制企业",
        ] {
            assert_eq!(
                EnterpriseClass::parse(input),
                Ok(EnterpriseClass::MunicipalAndOther),
                "{input}"
            );
        }
    }

    #[test]
    fn central_and_provincial_classes_are_read_by_name() {
        assert_eq!(
            EnterpriseClass::parse("驻连中央企业"),
            Ok(EnterpriseClass::CentralSoe)
        );
        assert_eq!(
            EnterpriseClass::parse("驻连省属企业"),
            Ok(EnterpriseClass::ProvincialSoe)
        );
        assert_eq!(
            EnterpriseClass::parse("民营企业"),
            Err(IndustryError::UnknownEnterpriseClass {
                input: "民营企业".into()
            })
        );
    }
}
