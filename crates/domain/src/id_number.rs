//! 公民身份号码 — resident identity numbers (GB 11643-1999).
//!
//! The number is personal data: errors never repeat it and `Debug` prints the masked form, so a
//! stray `{:?}` in a log cannot leak it.

use std::fmt;
use std::hash::{Hash, Hasher};

use chrono::NaiveDate;
use serde::Deserialize;
use thiserror::Error;

use crate::date::today_in_china;
use crate::division::is_province_prefix;
use crate::text::{normalise, text_value};

/// MOD 11-2 weights (2^(18-i) mod 11) of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The standard's own annex example (440524188001010014) was born in 1880, so a 1900 floor would
/// reject it; 1800 still catches a mistyped century such as 0990 or 1090.
const EARLIEST_BIRTH_YEAR: i32 = 1800;

/// Why a resident ID number or a gender could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IdError {
    #[error("身份证号码为空（ID number is empty）")]
    Empty,
    #[error(
        "身份证号码应为 18 位（旧号码 15 位），实为 {found} 位（ID number must have 18 characters, or 15 for an old number; found {found}）"
    )]
    Length { found: usize },
    #[error(
        "计算校验码需要前 17 位，实为 {found} 位（the check character is computed from 17 digits, found {found}）"
    )]
    BodyLength { found: usize },
    #[error(
        "身份证号码第 {position} 位“{found}”不是数字（ID number character {position} \"{found}\" is not a digit）"
    )]
    NonDigit { position: usize, found: char },
    #[error(
        "身份证号码第 {position} 位是 X，X 只能作为第 18 位校验码（X at position {position}: X may only be the 18th, check character）"
    )]
    MisplacedX { position: usize },
    #[error(
        "身份证号码校验码“{found}”应为数字或 X（check character \"{found}\" must be a digit or X）"
    )]
    InvalidCheckChar { found: char },
    #[error(
        "身份证号码前两位“{prefix}”不是省级行政区代码（first two digits \"{prefix}\" are not a province-level division code）"
    )]
    UnknownProvince { prefix: String },
    #[error("身份证号码中的出生日期 {date} 不是有效日期（birth date {date} is not a valid date）")]
    InvalidBirthDate { date: String },
    #[error(
        "身份证号码中的出生年份 {year} 早于 {EARLIEST_BIRTH_YEAR} 年（birth year {year} is before {EARLIEST_BIRTH_YEAR}）"
    )]
    BirthYearTooEarly { year: i32 },
    #[error(
        "身份证号码中的出生日期 {date} 晚于今天 {today}（birth date {date} is after today, {today}）"
    )]
    BirthDateInFuture { date: NaiveDate, today: NaiveDate },
    #[error(
        "身份证号码校验码错误：应为 {expected}，实为 {found}（check character mismatch: expected {expected}, found {found}）"
    )]
    CheckMismatch { expected: char, found: char },
    #[error(
        "无法识别的性别“{input}”，应为 男、女、male、female、m 或 f（unknown gender \"{input}\": expected 男, 女, male, female, m or f）"
    )]
    UnknownGender { input: String },
}

/// A valid 18-character resident ID number.
///
/// Equality and hashing look only at the canonical number, so the same person read once from a
/// legacy 15-digit number and once from the 18-digit one is one key.
#[derive(Clone, Deserialize)]
#[serde(try_from = "String")]
pub struct ResidentId {
    /// The canonical 18 ASCII characters.
    number: [u8; 18],
    birth_date: NaiveDate,
    upgraded_from_15: bool,
}

impl ResidentId {
    /// Parses an 18-digit or legacy 15-digit number, judging "not born in the future" by today's
    /// date in China.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        Self::parse_on(input, today_in_china())
    }

    /// Parses as on the given day; surrounding whitespace is ignored, full-width characters and a
    /// lowercase x are accepted. A 15-digit number (6 area + YYMMDD of 19YY + 3 sequence) is
    /// upgraded to 18 digits by inserting "19" and computing the check character.
    pub fn parse_on(input: &str, today: NaiveDate) -> Result<Self, IdError> {
        let text = normalise(input);
        // Nearly every number is 18 ASCII characters, 17 digits and the check character: they
        // are checked on the bytes here. Anything else is counted and checked character by
        // character below, so that an error names the position the user sees; a registry
        // screen would otherwise walk every number character by character.
        if let [body @ .., check] = text.as_bytes()
            && body.len() == 17
            && body.iter().all(u8::is_ascii_digit)
            && matches!(check, b'0'..=b'9' | b'X' | b'x')
        {
            let check = char::from(check.to_ascii_uppercase());
            return Self::from_body(&text[..17], Some(check), false, today);
        }
        let count = text.chars().count();
        // The 17 digits of the body (a 15-digit number gains the century "19").
        let mut body = [0_u8; 17];
        let (check, upgraded_from_15) = match count {
            0 => return Err(IdError::Empty),
            18 => {
                require_digits(text.chars().take(17))?;
                let check = text.chars().last().unwrap_or_default().to_ascii_uppercase();
                if !(check.is_ascii_digit() || check == 'X') {
                    return Err(IdError::InvalidCheckChar { found: check });
                }
                body.copy_from_slice(&text.as_bytes()[..17]);
                (Some(check), false)
            }
            15 => {
                require_digits(text.chars())?;
                let digits = text.as_bytes();
                body[..6].copy_from_slice(&digits[..6]);
                body[6..8].copy_from_slice(b"19");
                body[8..].copy_from_slice(&digits[6..]);
                (None, true)
            }
            found => return Err(IdError::Length { found }),
        };
        // All ASCII digits, checked above.
        let body = std::str::from_utf8(&body).expect("ASCII digits");
        Self::from_body(body, check, upgraded_from_15, today)
    }

    /// The number from its 17 digits (`body`) and the check character it was written with, if
    /// any: the province, the birth date and the check character verified.
    fn from_body(
        body: &str,
        check: Option<char>,
        upgraded_from_15: bool,
        today: NaiveDate,
    ) -> Result<Self, IdError> {
        if !is_province_prefix(&body[..2]) {
            return Err(IdError::UnknownProvince {
                prefix: body[..2].to_owned(),
            });
        }
        let birth_date = birth_date(&body[6..14], today)?;
        let expected = compute_check(body);
        if let Some(found) = check.filter(|&found| found != expected) {
            return Err(IdError::CheckMismatch { expected, found });
        }
        let mut number = [0_u8; 18];
        number[..17].copy_from_slice(body.as_bytes());
        // The check character is a digit or X: one ASCII byte.
        number[17] = expected as u8;
        Ok(Self {
            number,
            birth_date,
            upgraded_from_15,
        })
    }

    /// The MOD 11-2 check character of 17 digits: (12 − Σ digit × weight mod 11) mod 11, with
    /// 10 written as X.
    pub fn check_char(first17: &str) -> Result<char, IdError> {
        let found = first17.chars().count();
        if found != 17 {
            return Err(IdError::BodyLength { found });
        }
        require_digits(first17.chars())?;
        Ok(compute_check(first17))
    }

    /// The canonical 18 characters.
    pub fn as_str(&self) -> &str {
        // ASCII digits and X, as `parse_on`, the only way to make one, wrote them.
        std::str::from_utf8(&self.number).expect("an ID number is ASCII")
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// By the parity of the 17th digit (the sequence code): odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if (self.number[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// The 6-digit address code (the division where the number was first issued, which need not
    /// be where the person lives or works now).
    pub fn area_code(&self) -> &str {
        &self.as_str()[..6]
    }

    /// Whether this number was read in its legacy 15-digit form.
    pub fn upgraded_from_15(&self) -> bool {
        self.upgraded_from_15
    }

    /// First 6 characters, 8 asterisks, last 4 (`210202********123X`): the form printed on public
    /// notices, which hides the birth date.
    pub fn masked(&self) -> String {
        let number = self.as_str();
        format!("{}********{}", &number[..6], &number[14..])
    }
}

impl PartialEq for ResidentId {
    fn eq(&self, other: &Self) -> bool {
        self.number == other.number
    }
}

impl Eq for ResidentId {}

impl Hash for ResidentId {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.number.hash(state);
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value!(ResidentId, IdError);

/// Gender as recorded by the ID number. The canonical (and serde) form is `male` / `female`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// Accepts 男/女, male/female and m/f, in any letter case.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        match normalise(input).to_lowercase().as_str() {
            "男" | "male" | "m" => Ok(Self::Male),
            "女" | "female" | "f" => Ok(Self::Female),
            _ => Err(IdError::UnknownGender {
                input: input.trim().to_owned(),
            }),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
        }
    }

    /// 男 / 女.
    pub fn name_zh(self) -> &'static str {
        match self {
            Self::Male => "男",
            Self::Female => "女",
        }
    }
}

impl fmt::Display for Gender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

text_value!(Gender, IdError);

fn require_digits(chars: impl Iterator<Item = char>) -> Result<(), IdError> {
    match chars.enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        None => Ok(()),
        Some((index, 'X' | 'x')) => Err(IdError::MisplacedX {
            position: index + 1,
        }),
        Some((index, found)) => Err(IdError::NonDigit {
            position: index + 1,
            found: found.to_ascii_uppercase(),
        }),
    }
}

/// `body` must be 17 ASCII digits.
fn compute_check(body: &str) -> char {
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    match (12 - sum % 11) % 11 {
        10 => 'X',
        value => char::from_digit(value, 10).expect("a value below 10 is one decimal digit"),
    }
}

/// `yyyymmdd` is eight ASCII digits (part of a checked body), so each number is read directly.
fn birth_date(yyyymmdd: &str, today: NaiveDate) -> Result<NaiveDate, IdError> {
    let number = |digits: &str| {
        digits
            .bytes()
            .fold(0_u32, |n, digit| n * 10 + u32::from(digit - b'0'))
    };
    // At most 9999: always an i32.
    let year = number(&yyyymmdd[..4]) as i32;
    if year < EARLIEST_BIRTH_YEAR {
        return Err(IdError::BirthYearTooEarly { year });
    }
    let (month, day) = (number(&yyyymmdd[4..6]), number(&yyyymmdd[6..]));
    let date =
        NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| IdError::InvalidBirthDate {
            date: yyyymmdd.to_owned(),
        })?;
    if date > today {
        return Err(IdError::BirthDateInFuture { date, today });
    }
    Ok(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn each_remainder_maps_to_the_check_character_of_the_standard_table() {
        // GB 11643's table, indexed by Σ mod 11: the formula in `compute_check` must agree with it.
        let table = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
        let mut seen = [false; 11];
        for tail in 0..100 {
            let body = format!("110105194912310{tail:02}");
            let sum: u32 = body
                .bytes()
                .zip(WEIGHTS)
                .map(|(d, w)| u32::from(d - b'0') * w)
                .sum();
            let remainder = (sum % 11) as usize;
            seen[remainder] = true;
            assert_eq!(compute_check(&body), table[remainder], "{body}");
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn birth_year_1799_is_too_early_and_1800_is_accepted() {
        let today = day(2025, 1, 1);
        assert_eq!(
            birth_date("17991231", today),
            Err(IdError::BirthYearTooEarly { year: 1799 })
        );
        assert_eq!(birth_date("18000101", today), Ok(day(1800, 1, 1)));
    }

    #[test]
    fn a_birth_date_of_today_is_accepted_and_tomorrow_is_not() {
        let today = day(2025, 6, 1);
        assert_eq!(birth_date("20250601", today), Ok(today));
        assert_eq!(
            birth_date("20250602", today),
            Err(IdError::BirthDateInFuture {
                date: day(2025, 6, 2),
                today
            })
        );
    }

    #[test]
    fn x_before_the_last_position_is_reported_as_misplaced() {
        assert_eq!(
            require_digits("11010519X91231002".chars()),
            Err(IdError::MisplacedX { position: 9 })
        );
    }
}
