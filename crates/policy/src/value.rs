//! Typed values shared by facts and parameters: exact decimal quantities, parameter units, and
//! the parsing of a parameter value written in a program file or on the command line.
//!
//! Quantities are fixed-point integers (ten-thousandths) rather than floats so that "2 倍" read
//! from a spreadsheet compares exactly with the "2倍" of the notice: a boundary case must not
//! depend on binary rounding.

use std::fmt;

use chrono::NaiveDate;
use jiangxin_domain::date::parse_date;
use jiangxin_domain::division::{DivisionCode, Divisions};
use jiangxin_domain::money::Money;
use jiangxin_domain::skill::SkillLevel;
use jiangxin_domain::text::{plain_decimal, trim};
use serde::{Deserialize, Deserializer, Serialize};

/// Ten-thousandths: enough for an income ratio like 2.1234 and for fractional years.
const SCALE: i64 = 10_000;
const SCALE_DIGITS: usize = 4;

/// An exact non-negative-or-negative decimal quantity (years, months, a ratio, a count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "DecimalText", into = "String")]
pub struct Quantity(i64);

impl Quantity {
    pub const fn from_int(value: i64) -> Self {
        Self(value * SCALE)
    }

    /// The scaled integer (ten-thousandths), for comparisons on the hot path.
    pub const fn raw(self) -> i64 {
        self.0
    }

    pub const fn from_raw(raw: i64) -> Self {
        Self(raw)
    }

    /// The whole part, when the quantity has no fraction.
    pub fn as_int(self) -> Option<i64> {
        (self.0 % SCALE == 0).then_some(self.0 / SCALE)
    }

    /// Reads `5`, `2.5`, `-1`, with at most four decimals.
    pub fn parse(input: &str) -> Result<Self, String> {
        let text = trim(input);
        // Unsigned decimals, what registry cells hold, read in one pass; `parse_signed` gives
        // the same value for them.
        match plain_decimal(text, SCALE_DIGITS as u32) {
            Some(raw) => Ok(Self(raw)),
            None => Self::parse_signed(text),
        }
    }

    /// Any other text: a sign, or an error. Apart from `parse` so that the common path stays a
    /// small function.
    #[inline(never)]
    fn parse_signed(text: &str) -> Result<Self, String> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) || digits.ends_with('.') {
            return Err(format!("“{text}”不是数字（not a number）"));
        }
        if fraction.len() > SCALE_DIGITS {
            return Err(format!(
                "“{text}”小数位超过 {SCALE_DIGITS} 位（more than {SCALE_DIGITS} decimals）"
            ));
        }
        // At most four digits, read as if padded with zeros to four.
        let fraction = fraction
            .bytes()
            .fold(0_i64, |value, digit| value * 10 + i64::from(digit - b'0'))
            * 10_i64.pow((SCALE_DIGITS - fraction.len()) as u32);
        // Only digits, so overflow is the one way reading them can fail.
        let value = whole
            .bytes()
            .try_fold(0_i64, |n, digit| {
                n.checked_mul(10)?.checked_add(i64::from(digit - b'0'))
            })
            .and_then(|w| w.checked_mul(SCALE))
            .and_then(|w| w.checked_add(fraction))
            .ok_or_else(|| format!("“{text}”超出范围（out of range）"))?;
        Ok(Self(if negative { -value } else { value }))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / SCALE.unsigned_abs();
        let fraction = abs % SCALE.unsigned_abs();
        if fraction == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let digits = format!("{fraction:0SCALE_DIGITS$}");
            write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl From<Quantity> for String {
    fn from(q: Quantity) -> String {
        q.to_string()
    }
}

impl TryFrom<DecimalText> for Quantity {
    type Error = String;
    fn try_from(text: DecimalText) -> Result<Self, String> {
        Quantity::parse(&text.0)
    }
}

/// A number as written in JSON, TOML or a CSV cell: integer, float or string, kept as text so it
/// can be parsed exactly. (A float's `Display` is its shortest round-trip form, so `2.1` stays
/// `"2.1"`.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalText(pub String);

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Any {
            Int(i64),
            Float(f64),
            Text(String),
        }
        Ok(DecimalText(match Any::deserialize(deserializer)? {
            Any::Int(i) => i.to_string(),
            Any::Float(f) => f.to_string(),
            Any::Text(s) => s,
        }))
    }
}

/// The unit of a parameter, as a program file names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamUnit {
    Years,
    Months,
    Days,
    Yuan,
    Ratio,
    Percent,
    Count,
    Date,
    SkillLevel,
    Division,
}

impl ParamUnit {
    pub fn name(self) -> &'static str {
        match self {
            ParamUnit::Years => "years",
            ParamUnit::Months => "months",
            ParamUnit::Days => "days",
            ParamUnit::Yuan => "yuan",
            ParamUnit::Ratio => "ratio",
            ParamUnit::Percent => "percent",
            ParamUnit::Count => "count",
            ParamUnit::Date => "date",
            ParamUnit::SkillLevel => "skill_level",
            ParamUnit::Division => "division",
        }
    }

    /// How a value of this unit is written after the number in a Chinese sentence.
    pub fn suffix_zh(self) -> &'static str {
        match self {
            ParamUnit::Years => " 年",
            ParamUnit::Months => " 个月",
            ParamUnit::Days => " 天",
            ParamUnit::Ratio => " 倍",
            ParamUnit::Percent => "%",
            ParamUnit::Count => " 名",
            ParamUnit::Yuan | ParamUnit::Date | ParamUnit::SkillLevel | ParamUnit::Division => "",
        }
    }

    /// Reads a value of this unit from its text form (`55`, `2.0`, `120000`, `12万`, `2015-01-01`,
    /// `技师`, `210200`).
    pub fn parse(self, text: &str) -> Result<ParamValue, String> {
        match self {
            ParamUnit::Years
            | ParamUnit::Months
            | ParamUnit::Days
            | ParamUnit::Ratio
            | ParamUnit::Percent
            | ParamUnit::Count => {
                let q = Quantity::parse(text)?;
                if matches!(
                    self,
                    ParamUnit::Percent | ParamUnit::Count | ParamUnit::Days
                ) && q.as_int().is_none()
                {
                    return Err("须为整数（must be a whole number）".to_owned());
                }
                Ok(ParamValue::Quantity(q))
            }
            ParamUnit::Yuan => Money::parse(text)
                .map(ParamValue::Money)
                .map_err(|e| e.to_string()),
            ParamUnit::Date => parse_date(text)
                .map(ParamValue::Date)
                .map_err(|e| e.to_string()),
            ParamUnit::SkillLevel => SkillLevel::parse(text)
                .map(ParamValue::Level)
                .map_err(|e| e.to_string()),
            ParamUnit::Division => {
                let code = DivisionCode::parse(text).map_err(|e| e.to_string())?;
                if Divisions::builtin().current(&code).is_none() {
                    return Err(format!(
                        "行政区划表中没有 {code}（division {code} is not in the division table）"
                    ));
                }
                Ok(ParamValue::Division(code))
            }
        }
    }

    /// Reads a value written in a TOML file: integers and floats for numbers, strings otherwise.
    pub fn parse_toml(self, value: &toml::Value) -> Result<ParamValue, String> {
        let text = match value {
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            other => {
                return Err(format!(
                    "不支持的取值类型 {}（unsupported value type）",
                    other.type_str()
                ));
            }
        };
        self.parse(&text)
    }
}

impl fmt::Display for ParamUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A parameter value of one of the units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Quantity(Quantity),
    Money(Money),
    Date(NaiveDate),
    Level(SkillLevel),
    Division(DivisionCode),
}

impl ParamValue {
    /// The value with its unit, in Chinese: `55 年`, `2,000,000.00 元`, `技师`.
    pub fn display_zh(&self, unit: ParamUnit) -> String {
        match self {
            ParamValue::Quantity(q) => format!("{q}{}", unit.suffix_zh()),
            ParamValue::Money(m) => m.to_string(),
            ParamValue::Date(d) => d.to_string(),
            ParamValue::Level(l) => l.name_zh().to_owned(),
            ParamValue::Division(d) => d.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_exactly_and_print_without_trailing_zeros() {
        assert_eq!(Quantity::parse("2").unwrap(), Quantity::from_int(2));
        assert_eq!(Quantity::parse("2.1").unwrap().raw(), 21_000);
        assert_eq!(Quantity::parse("2.1").unwrap().to_string(), "2.1");
        assert_eq!(Quantity::parse("-0.5").unwrap().to_string(), "-0.5");
        assert!(Quantity::parse("1.23456").is_err());
        assert!(Quantity::parse("abc").is_err());
        assert!(Quantity::parse("2.").is_err());
    }

    #[test]
    fn a_percent_must_be_whole_but_a_ratio_may_have_decimals() {
        assert!(ParamUnit::Percent.parse("10.5").is_err());
        assert!(ParamUnit::Ratio.parse("1.5").is_ok());
    }

    #[test]
    fn a_division_parameter_must_be_in_the_division_table() {
        assert!(ParamUnit::Division.parse("210200").is_ok());
        assert!(ParamUnit::Division.parse("219999").is_err());
    }
}
