//! The registry's columns, their English and Chinese header names, and the header → column
//! mapping resolved once per file.

use crate::error::RegistryError;

macro_rules! columns {
    ($($variant:ident = $name:literal, $zh:literal, $field:literal;)*) => {
        /// A column of the talent registry. The English names are the fact names of
        /// `jiangxin_policy::facts`; each has one Chinese header that is accepted as well.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Column { $($variant),* }

        impl Column {
            pub const ALL: &'static [Column] = &[$(Column::$variant),*];

            /// The English header, e.g. `id_number`.
            pub fn name(self) -> &'static str {
                match self { $(Column::$variant => $name),* }
            }

            /// The Chinese header, e.g. `身份证号码`.
            pub fn name_zh(self) -> &'static str {
                match self { $(Column::$variant => $zh),* }
            }

            /// The facts field this column fills (`person.skill_level`,
            /// `unit.tax_last_year_yuan`): a bad cell is reported under it by `jiangxin_policy`,
            /// so the report can name the column as the header wrote it.
            pub fn field(self) -> &'static str {
                match self { $(Column::$variant => $field),* }
            }
        }
    };
}

columns! {
    IdNumber = "id_number", "身份证号码", "person.id_number";
    Name = "name", "姓名", "person.name";
    SkillLevel = "skill_level", "技能等级", "person.skill_level";
    EnterpriseRanks = "enterprise_ranks", "企业认定等级", "person.enterprise_ranks";
    SocialSecurityDistrict = "social_security_district", "社保缴纳地", "person.social_security_district";
    UnitType = "unit_type", "单位类型", "unit.unit_type";
    UnitKeyIndustry = "unit_key_industry", "单位属重点产业", "unit.key_industry";
    UnitTaxLastYear = "unit_tax_last_year", "单位上年纳税额", "unit.tax_last_year_yuan";
    Frontline = "frontline", "一线岗位", "person.frontline";
    ContractYears = "contract_years", "合同年限", "person.contract_years";
    KeyPostYears = "key_post_years", "关键岗位年限", "person.key_post_years";
    CitySocialSecurityMonths = "city_social_security_months", "在连社保缴费月数", "person.city_social_security_months";
    DistrictContinuousMonths = "district_continuous_months", "本区连续工作月数", "person.district_continuous_months";
    IncomeRatio = "income_ratio", "收入倍数", "person.income_ratio";
    Introduction = "introduction", "引进方式", "person.introduction";
    MonthsInCityPerYear = "months_in_city_per_year", "每年在连工作月数", "person.months_in_city_per_year";
    Honours = "honours", "荣誉", "person.honours";
    Flags = "flags", "标记", "person.flags";
}

impl Column {
    /// Every column but the name is needed by some rule; a registry without one of them would
    /// turn a whole column of facts into "unknown" without anyone noticing, so it is refused.
    pub fn required(self) -> bool {
        self != Column::Name
    }

    /// Reads a yes/no cell: `1`/`0`, or `是`/`否` as a Chinese sheet may have it; empty is
    /// unknown.
    pub fn yes_no(text: &str) -> Result<Option<bool>, String> {
        match text {
            "" => Ok(None),
            "1" | "是" => Ok(Some(true)),
            "0" | "否" => Ok(Some(false)),
            other => Err(format!("“{other}”应为 1 或 0（是或否）（expected 1 or 0）")),
        }
    }

    /// The column a facts error names, by its field.
    pub(crate) fn of_field(field: &str) -> Option<Column> {
        Column::ALL.iter().copied().find(|c| c.field() == field)
    }

    fn matches(self, header: &str) -> bool {
        header == self.name_zh() || header.eq_ignore_ascii_case(self.name())
    }
}

/// Where each column is in a file, and its header as the user wrote it.
#[derive(Debug, Clone)]
pub struct Header {
    /// Field index of each column, by `Column as usize`.
    index: Vec<Option<usize>>,
    /// Every header cell as written (trimmed), by field index.
    written: Vec<String>,
}

impl Header {
    /// Resolves a header row: English or Chinese names, surrounding spaces ignored, unknown
    /// columns ignored. A column given twice, or a required column missing, is an error that
    /// lists every missing column at once.
    pub fn resolve<S: AsRef<str>>(cells: &[S]) -> Result<Header, RegistryError> {
        let written: Vec<String> = cells.iter().map(|c| c.as_ref().trim().to_owned()).collect();
        let mut index = vec![None; Column::ALL.len()];
        for (position, text) in written.iter().enumerate() {
            if let Some(column) = Column::ALL.iter().copied().find(|c| c.matches(text))
                && let Some(first) = index[column as usize].replace(position)
            {
                return Err(RegistryError::DuplicateColumn {
                    first: written[first].clone(),
                    second: text.clone(),
                });
            }
        }
        let missing: Vec<String> = Column::ALL
            .iter()
            .filter(|c| c.required() && index[**c as usize].is_none())
            .map(|c| format!("{}（{}）", c.name(), c.name_zh()))
            .collect();
        if !missing.is_empty() {
            return Err(RegistryError::MissingColumns(missing.join("、")));
        }
        Ok(Header { index, written })
    }

    /// The field index of a column, `None` for an optional column the file lacks.
    pub fn position(&self, column: Column) -> Option<usize> {
        self.index[column as usize]
    }

    /// How many fields a row should have.
    pub fn width(&self) -> usize {
        self.written.len()
    }

    /// The column's header as written in the file.
    pub fn written(&self, column: Column) -> &str {
        self.position(column)
            .map_or(column.name(), |i| self.written[i].as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Vec<&'static str> {
        Column::ALL.iter().map(|c| c.name()).collect()
    }

    #[test]
    fn english_and_chinese_headers_resolve_to_the_same_columns() {
        let zh: Vec<&str> = Column::ALL.iter().map(|c| c.name_zh()).collect();
        let (en, zh) = (
            Header::resolve(&english()).unwrap(),
            Header::resolve(&zh).unwrap(),
        );
        for column in Column::ALL {
            assert_eq!(en.position(*column), zh.position(*column));
        }
        assert_eq!(zh.written(Column::IdNumber), "身份证号码");
    }

    #[test]
    fn unknown_columns_are_ignored_and_positions_follow_the_file() {
        let mut cells = vec!["备注"];
        cells.extend(english().into_iter().rev());
        let header = Header::resolve(&cells).unwrap();
        assert_eq!(header.position(Column::Flags), Some(1));
        assert_eq!(header.position(Column::IdNumber), Some(cells.len() - 1));
    }

    #[test]
    fn every_missing_required_column_is_named_at_once() {
        let cells: Vec<&str> = english()
            .into_iter()
            .filter(|c| !["skill_level", "flags", "name"].contains(c))
            .collect();
        let err = Header::resolve(&cells).unwrap_err().to_string();
        assert!(err.contains("skill_level（技能等级）"), "{err}");
        assert!(err.contains("flags（标记）"), "{err}");
        assert!(!err.contains("name（姓名）"), "{err}");
    }

    #[test]
    fn a_column_given_in_english_and_in_chinese_is_refused() {
        let mut cells = english();
        cells.push("荣誉");
        let err = Header::resolve(&cells).unwrap_err().to_string();
        assert!(err.contains("honours") && err.contains("荣誉"), "{err}");
    }

    #[test]
    fn every_column_names_a_field_of_its_own() {
        for column in Column::ALL {
            assert_eq!(Column::of_field(column.field()), Some(*column));
        }
    }
}
