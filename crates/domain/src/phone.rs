//! Telephone numbers: mainland mobile numbers and landlines.
//!
//! A phone number is personal data: errors never repeat it and `Debug` prints the masked form.

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

use crate::text::{normalise, text_value};

/// Why a phone number could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PhoneError {
    #[error("电话号码为空（phone number is empty）")]
    Empty,
    #[error(
        "电话号码含有无效字符“{found}”（phone number contains the invalid character \"{found}\"）"
    )]
    InvalidChar { found: char },
    #[error(
        "手机号码第 2 位应为 3–9，实为 {found}（the second digit of a mobile number must be 3–9, found {found}）"
    )]
    MobilePrefix { found: char },
    #[error("手机号码应为 11 位，实为 {found} 位（a mobile number has 11 digits, found {found}）")]
    MobileLength { found: usize },
    #[error("手机号码不能带分机号（a mobile number cannot have an extension）")]
    MobileExtension,
    #[error(
        "区号应为 0 加 2–3 位数字，实为 {found} 位（an area code is 0 and 2–3 more digits; found {found} digits）"
    )]
    AreaCode { found: usize },
    #[error(
        "固定电话号码应为 7–8 位，实为 {found} 位（a landline number has 7–8 digits, found {found}）"
    )]
    LocalLength { found: usize },
    #[error("固定电话号码不能以 {found} 开头（a landline number cannot start with {found}）")]
    LocalPrefix { found: char },
    #[error("分机号应为 1–6 位数字（an extension has 1–6 digits）")]
    Extension,
    #[error(
        "电话号码的分段无法识别，应写作 13812345678、0411-84369295 或 0411-84369295 转 123\
         （unrecognised phone number layout: expected 13812345678, 0411-84369295 or 0411-84369295 ext. 123）"
    )]
    Layout,
}

/// A mobile or landline number.
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Phone(Line);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Line {
    /// 11 digits starting 1[3-9].
    Mobile(String),
    /// The area code is unknown when only the local number was given.
    Landline {
        area: Option<String>,
        local: String,
        extension: Option<String>,
    },
}

impl Phone {
    /// Reads a mobile number (11 digits, 1[3-9]…, optionally after +86 / 86, spaces and dashes
    /// anywhere), or a landline: an area code (0 and 2–3 digits, optionally in brackets), a 7–8
    /// digit local number and an optional extension after `-`, `转`, `#` or `ext`. A bare local
    /// number (`84369295`) is accepted with the area unknown. When the area code is not set off,
    /// its length follows the national numbering plan: 3 digits for 010 and 02x, 4 otherwise.
    pub fn parse(input: &str) -> Result<Self, PhoneError> {
        let text = normalise(input).to_ascii_lowercase();
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        let (main, extension) = match text
            .split_once(['转', '#'])
            .or_else(|| text.split_once("ext"))
        {
            Some((main, ext)) => (main, Some(ext.trim_start_matches('.').trim())),
            None => (text.as_str(), None),
        };
        let (plus, main) = match main.trim().strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, main),
        };
        let main = main.replace(['(', ')'], "-").replace(' ', "");
        if let Some(found) = main.chars().find(|c| !c.is_ascii_digit() && *c != '-') {
            return Err(PhoneError::InvalidChar { found });
        }
        let groups: Vec<&str> = main.split('-').filter(|g| !g.is_empty()).collect();
        let digits = groups.concat();
        // Mainland landlines never start with 1 and mobiles always do, so the first digit after
        // an optional country code decides which rules apply.
        let national = match digits.strip_prefix("86") {
            Some(rest) if plus || (rest.len() == 11 && rest.starts_with('1')) => rest,
            _ if plus => return Err(PhoneError::Layout),
            _ => &digits,
        };
        if national.starts_with('1') {
            Self::mobile(national, extension)
        } else if plus {
            Err(PhoneError::Layout)
        } else {
            Self::landline(&groups, extension)
        }
    }

    fn mobile(digits: &str, extension: Option<&str>) -> Result<Self, PhoneError> {
        if extension.is_some() {
            return Err(PhoneError::MobileExtension);
        }
        if digits.len() != 11 {
            return Err(PhoneError::MobileLength {
                found: digits.len(),
            });
        }
        match char::from(digits.as_bytes()[1]) {
            '3'..='9' => Ok(Self(Line::Mobile(digits.to_owned()))),
            found => Err(PhoneError::MobilePrefix { found }),
        }
    }

    fn landline(groups: &[&str], extension: Option<&str>) -> Result<Self, PhoneError> {
        let (area, local, dashed_extension) = match *groups {
            [single] if single.starts_with('0') => {
                let area_len = if single.starts_with("01") || single.starts_with("02") {
                    3
                } else {
                    4
                };
                let (area, local) = single.split_at(area_len.min(single.len()));
                (Some(area), local, None)
            }
            [local] => (None, local, None),
            [area, local] if area.starts_with('0') => (Some(area), local, None),
            [local, extension] => (None, local, Some(extension)),
            [area, local, extension] if area.starts_with('0') => {
                (Some(area), local, Some(extension))
            }
            _ => return Err(PhoneError::Layout),
        };
        let extension = match (extension, dashed_extension) {
            (Some(_), Some(_)) => return Err(PhoneError::Layout),
            (given, dashed) => given.or(dashed),
        };
        if let Some(area) = area.filter(|a| !(3..=4).contains(&a.len())) {
            return Err(PhoneError::AreaCode { found: area.len() });
        }
        if !(7..=8).contains(&local.len()) {
            return Err(PhoneError::LocalLength { found: local.len() });
        }
        if let Some(found @ ('0' | '1')) = local.chars().next() {
            return Err(PhoneError::LocalPrefix { found });
        }
        if extension
            .is_some_and(|e| !(1..=6).contains(&e.len()) || !e.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(PhoneError::Extension);
        }
        Ok(Self(Line::Landline {
            area: area.map(str::to_owned),
            local: local.to_owned(),
            extension: extension.map(str::to_owned),
        }))
    }

    pub fn is_mobile(&self) -> bool {
        matches!(self.0, Line::Mobile(_))
    }

    /// For public notices: a mobile keeps its first 3 and last 4 digits (`138****5678`); a
    /// landline keeps its area code, extension and the last 4 digits of the local number
    /// (`0411-****9295`).
    pub fn masked(&self) -> String {
        match &self.0 {
            Line::Mobile(digits) => format!("{}****{}", &digits[..3], &digits[7..]),
            Line::Landline {
                area,
                local,
                extension,
            } => {
                let hidden = format!(
                    "{}{}",
                    "*".repeat(local.len() - 4),
                    &local[local.len() - 4..]
                );
                landline_text(area.as_deref(), &hidden, extension.as_deref())
            }
        }
    }
}

/// `0411-84369295`, `0411-84369295-123`, or the local number alone when the area is unknown.
fn landline_text(area: Option<&str>, local: &str, extension: Option<&str>) -> String {
    [area, Some(local), extension]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("-")
}

/// Canonical form: `13812345678`, `0411-84369295`, `0411-84369295-123`, `84369295`.
impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Line::Mobile(digits) => f.write_str(digits),
            Line::Landline {
                area,
                local,
                extension,
            } => f.write_str(&landline_text(area.as_deref(), local, extension.as_deref())),
        }
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

text_value!(Phone, PhoneError);

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(input: &str) -> String {
        Phone::parse(input)
            .map(|p| p.to_string())
            .unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    #[test]
    fn mobile_numbers_in_any_common_layout_become_eleven_digits() {
        for input in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "8613812345678",
            "86-138-1234-5678",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(canonical(input), "13812345678", "{input}");
        }
    }

    #[test]
    fn landlines_take_area_code_dash_local_number() {
        for input in [
            "0411-84369295",
            "0411 84369295",
            "(0411)84369295",
            "（0411）84369295",
            "041184369295",
        ] {
            assert_eq!(canonical(input), "0411-84369295", "{input}");
        }
        assert_eq!(canonical("010-61234567"), "010-61234567");
        assert_eq!(canonical("01061234567"), "010-61234567");
        assert_eq!(canonical("02087654321"), "020-87654321");
    }

    #[test]
    fn a_bare_local_number_is_kept_with_the_area_unknown() {
        assert_eq!(canonical("84369295"), "84369295");
        assert_eq!(canonical("8436929"), "8436929");
    }

    #[test]
    fn extensions_follow_a_dash_zhuan_hash_or_ext() {
        for input in [
            "0411-84369295-123",
            "0411-84369295转123",
            "0411-84369295 #123",
            "0411-84369295 ext. 123",
        ] {
            assert_eq!(canonical(input), "0411-84369295-123", "{input}");
        }
        assert_eq!(canonical("84369295-123"), "84369295-123");
    }

    #[test]
    fn masking_keeps_the_ends_of_a_mobile_and_the_tail_of_a_landline() {
        assert_eq!(Phone::parse("13812345678").unwrap().masked(), "138****5678");
        assert_eq!(
            Phone::parse("0411-84369295").unwrap().masked(),
            "0411-****9295"
        );
        assert_eq!(Phone::parse("8436929").unwrap().masked(), "***6929");
    }

    #[test]
    fn debug_output_never_shows_the_full_number() {
        let debug = format!("{:?}", Phone::parse("13812345678").unwrap());
        assert_eq!(debug, "Phone(\"138****5678\")");
    }

    #[test]
    fn is_mobile_tells_mobiles_from_landlines() {
        assert!(Phone::parse("13812345678").unwrap().is_mobile());
        assert!(!Phone::parse("0411-84369295").unwrap().is_mobile());
    }

    #[test]
    fn malformed_numbers_are_rejected_with_the_reason() {
        let cases = [
            ("", PhoneError::Empty),
            ("12345678901", PhoneError::MobilePrefix { found: '2' }),
            ("1381234567", PhoneError::MobileLength { found: 10 }),
            ("138123456789", PhoneError::MobileLength { found: 12 }),
            ("13812345678转1", PhoneError::MobileExtension),
            ("0411-8436929512", PhoneError::LocalLength { found: 10 }),
            ("843692", PhoneError::LocalLength { found: 6 }),
            ("04111-84369295", PhoneError::AreaCode { found: 5 }),
            ("0411-04369295", PhoneError::LocalPrefix { found: '0' }),
            ("0411-84369295转12a", PhoneError::Extension),
            ("0411-84369295-1234567", PhoneError::Extension),
            ("0411-84369295-12-3", PhoneError::Layout),
            ("0411-84369295-1转2", PhoneError::Layout),
            ("8436-9295-1-2", PhoneError::Layout),
            ("+1 415 555 0100", PhoneError::Layout),
            ("+86 411 84369295", PhoneError::Layout),
            ("0411/84369295", PhoneError::InvalidChar { found: '/' }),
            ("电话", PhoneError::InvalidChar { found: '电' }),
        ];
        for (input, expected) in cases {
            assert_eq!(Phone::parse(input), Err(expected), "{input}");
        }
    }

    #[test]
    fn error_messages_do_not_repeat_the_number() {
        let message = Phone::parse("12345678901").unwrap_err().to_string();
        assert!(!message.contains("12345678901"), "{message}");
    }
}
