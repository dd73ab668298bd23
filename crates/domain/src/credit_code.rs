//! 统一社会信用代码 — unified social credit codes of organisations (GB 32100-2015).
//!
//! Layout: registration authority (1) + entity type (1) + division (6) + organisation body (9)
//! + check (1), over 31 characters: digits and capital letters without I, O, S, V, Z.

use std::fmt;

use serde::Deserialize;
use thiserror::Error;

use crate::division::{central_registration_code, is_province_prefix};
use crate::text::{normalise, text_value};

/// The 31 code characters; a character's value is its index.
const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// 3^(i−1) mod 31 for positions 1–17.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a credit code could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CreditCodeError {
    #[error("统一社会信用代码为空（credit code is empty）")]
    Empty,
    #[error(
        "统一社会信用代码应为 18 位，实为 {found} 位（credit code must have 18 characters, found {found}）"
    )]
    Length { found: usize },
    #[error(
        "计算校验码需要前 17 位，实为 {found} 位（the check character is computed from 17 characters, found {found}）"
    )]
    BodyLength { found: usize },
    #[error(
        "统一社会信用代码第 {position} 位“{found}”不是有效字符，只能是数字和除 I、O、S、V、Z 以外的大写字母\
         （credit code character {position} \"{found}\" is not allowed: only digits and capital letters other than I, O, S, V, Z）"
    )]
    InvalidChar { position: usize, found: char },
    #[error(
        "统一社会信用代码第 {position} 位“{found}”应为数字（第 3–8 位是行政区划码）\
         （credit code character {position} \"{found}\" must be a digit: positions 3–8 are the division code）"
    )]
    NonDigitDivision { position: usize, found: char },
    #[error(
        "统一社会信用代码中的行政区划码 {code} 不属于任何省级行政区（division code {code} is not in any province-level division）"
    )]
    UnknownDivision { code: String },
    #[error(
        "统一社会信用代码校验码错误：应为 {expected}，实为 {found}（check character mismatch: expected {expected}, found {found}）"
    )]
    CheckMismatch { expected: char, found: char },
}

/// A valid 18-character unified social credit code, upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses a code; surrounding whitespace is ignored, lowercase and full-width characters are
    /// accepted. The division part must start with a province prefix, or be 100000 for
    /// central-level registrations.
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let text = normalise(input).to_ascii_uppercase();
        let chars: Vec<char> = text.chars().collect();
        match chars.len() {
            0 => return Err(CreditCodeError::Empty),
            18 => {}
            found => return Err(CreditCodeError::Length { found }),
        }
        require_alphabet(&chars)?;
        if let Some((index, &found)) = chars
            .iter()
            .enumerate()
            .take(8)
            .skip(2)
            .find(|(_, c)| !c.is_ascii_digit())
        {
            return Err(CreditCodeError::NonDigitDivision {
                position: index + 1,
                found,
            });
        }
        let division = &text[2..8];
        if division != central_registration_code() && !is_province_prefix(&division[..2]) {
            return Err(CreditCodeError::UnknownDivision {
                code: division.to_owned(),
            });
        }
        let expected = compute_check(&chars[..17]);
        if chars[17] != expected {
            return Err(CreditCodeError::CheckMismatch {
                expected,
                found: chars[17],
            });
        }
        Ok(Self(text))
    }

    /// The check character of the first 17 characters: 31 − (Σ value × weight mod 31), with 31
    /// written as 0.
    pub fn check_char(first17: &str) -> Result<char, CreditCodeError> {
        let chars: Vec<char> = first17.chars().collect();
        if chars.len() != 17 {
            return Err(CreditCodeError::BodyLength { found: chars.len() });
        }
        require_alphabet(&chars)?;
        Ok(compute_check(&chars))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Position 1: the registration authority (1 机构编制, 5 民政, 9 工商, A, N, Y ...).
    pub fn registration_authority(&self) -> char {
        char::from(self.0.as_bytes()[0])
    }

    /// Position 2: the entity type within that authority (e.g. 1 企业 under 9).
    pub fn entity_type(&self) -> char {
        char::from(self.0.as_bytes()[1])
    }

    /// Positions 3–8: the division code of the registration authority.
    pub fn division_code(&self) -> &str {
        &self.0[2..8]
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

text_value!(CreditCode, CreditCodeError);

fn value(c: char) -> Option<u32> {
    // ASCII only, so the byte index is the character index.
    ALPHABET.find(c).and_then(|i| u32::try_from(i).ok())
}

fn require_alphabet(chars: &[char]) -> Result<(), CreditCodeError> {
    match chars.iter().enumerate().find(|(_, c)| value(**c).is_none()) {
        None => Ok(()),
        Some((index, &found)) => Err(CreditCodeError::InvalidChar {
            position: index + 1,
            found,
        }),
    }
}

/// `body` must be 17 characters of the alphabet.
fn compute_check(body: &[char]) -> char {
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, weight)| value(c).expect("checked against the alphabet") * weight)
        .sum();
    let check = (31 - sum % 31) % 31;
    char::from(ALPHABET.as_bytes()[check as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weights_are_powers_of_three_mod_31() {
        let mut power = 1;
        for weight in WEIGHTS {
            assert_eq!(weight, power);
            power = power * 3 % 31;
        }
    }

    #[test]
    fn the_alphabet_has_31_characters_without_i_o_s_v_z() {
        assert_eq!(ALPHABET.len(), 31);
        assert!(!ALPHABET.contains(['I', 'O', 'S', 'V', 'Z']));
    }

    #[test]
    fn a_body_summing_to_a_multiple_of_31_gets_check_0_not_31() {
        assert_eq!(compute_check(&['0'; 17]), '0');
    }
}
