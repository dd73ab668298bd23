//! Amounts of money in yuan, held as whole fen (分) so that sums and comparisons are exact.
//!
//! There is no `+` operator: a subsidy total must never wrap around or silently saturate, so
//! arithmetic is checked (`checked_add`, `checked_sub`, `checked_mul`) and summing an iterator
//! gives `Option<Money>` — `None` on overflow.

use std::borrow::Cow;
use std::fmt;
use std::iter::Sum;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::text::{normalise, plain_decimal, trim};

/// Why an amount could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("金额为空（amount is empty）")]
    Empty,
    #[error(
        "无法识别的金额“{input}”，应写作 120000、120,000.00、120000元 或 12万元\
         （unrecognised amount \"{input}\": expected 120000, 120,000.00, 120000元 or 12万元）"
    )]
    Unrecognised { input: String },
    #[error(
        "金额“{input}”的小数超过 {max} 位，最小单位是分（amount \"{input}\" has more than {max} decimal places; the smallest unit is the fen）"
    )]
    TooManyDecimals { input: String, max: usize },
    #[error(
        "金额“{input}”的千位分隔符位置不对（misplaced thousands separator in amount \"{input}\"）"
    )]
    Grouping { input: String },
    #[error("金额“{input}”超出可表示的范围（amount \"{input}\" is out of range）")]
    Overflow { input: String },
}

/// An amount in fen; negative amounts are recoveries (追回). Serialised as the integer number of
/// fen, so JSON never carries a float.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Self {
        Self(fen)
    }

    /// A whole number of yuan. Const, so amounts can be named constants.
    ///
    /// # Panics
    /// If `yuan × 100` does not fit in an `i64` (beyond ±9.2 × 10^16 yuan); in a constant that
    /// is a compile error.
    pub const fn from_yuan(yuan: i64) -> Self {
        match yuan.checked_mul(100) {
            Some(fen) => Self(fen),
            None => panic!("amount in yuan is too large to hold in fen"),
        }
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Reads `120000`, `120000.5`, `120,000.00`, `120000元`, `12万元` / `12万`, with an optional
    /// leading minus sign or ¥. Yuan take at most 2 decimals; 万 take at most 6 (still whole fen).
    /// Thousands separators, when used, must sit every three digits.
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        // Plain yuan (`2210000`, `860000.50`), what registry cells hold, read in one pass;
        // `parse_general` gives the same fen for such text.
        match plain_decimal(trim(input), 2) {
            Some(fen) => Ok(Self(fen)),
            None => Self::parse_general(input),
        }
    }

    /// Every form but plain yuan. Apart from `parse` so that the common path stays a small
    /// function.
    #[inline(never)]
    fn parse_general(input: &str) -> Result<Self, MoneyError> {
        let text = normalise(input);
        if text.is_empty() {
            return Err(MoneyError::Empty);
        }
        let original = || input.trim().to_owned();
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, &*text),
        };
        let rest = rest.strip_prefix(['¥', '￥']).unwrap_or(rest);
        // Fen per unit written, and the decimals that still give whole fen.
        let (number, fen_per_unit, max_decimals) = if let Some(n) = rest
            .strip_suffix("万元")
            .or_else(|| rest.strip_suffix('万'))
        {
            (n, 1_000_000_i64, 6)
        } else {
            (rest.strip_suffix('元').unwrap_or(rest), 100, 2)
        };
        let (whole, fraction) = number.trim().split_once('.').unwrap_or((number.trim(), ""));
        let whole = ungroup(whole).ok_or_else(|| MoneyError::Grouping { input: original() })?;
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(&whole) || !digits(fraction) || number.ends_with('.') {
            return Err(MoneyError::Unrecognised { input: original() });
        }
        if fraction.len() > max_decimals {
            return Err(MoneyError::TooManyDecimals {
                input: original(),
                max: max_decimals,
            });
        }
        let overflow = || MoneyError::Overflow { input: original() };
        // At most `max_decimals` (≤ 6) digits, read as if padded with zeros to that width.
        let fraction_fen = fraction
            .bytes()
            .fold(0_i64, |fen, digit| fen * 10 + i64::from(digit - b'0'))
            * 10_i64.pow((max_decimals - fraction.len()) as u32);
        let fen = whole
            .parse::<i64>()
            .ok()
            .and_then(|w| w.checked_mul(fen_per_unit))
            .and_then(|f| f.checked_add(fraction_fen))
            .ok_or_else(overflow)?;
        Ok(Self(if negative { -fen } else { fen }))
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Self)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Self)
    }

    pub fn checked_mul(self, factor: i64) -> Option<Money> {
        self.0.checked_mul(factor).map(Self)
    }

    /// The amount changed by `pct` percent: `apply_percent(10)` is a 10% uplift (×1.10),
    /// `apply_percent(-20)` a 20% cut. The result is rounded to the fen, half away from zero
    /// (四舍五入), so a recovery is the exact negative of the payment it reverses.
    ///
    /// # Panics
    /// If the result does not fit in an `i64` of fen (beyond ±9.2 × 10^16 yuan).
    pub fn apply_percent(self, pct: i64) -> Money {
        let scaled = i128::from(self.0) * (100 + i128::from(pct));
        let rounded = (scaled.abs() + 50) / 100 * scaled.signum();
        Self(i64::try_from(rounded).expect("percentage result beyond ±9.2 × 10^16 yuan"))
    }

    /// The amount in yuan with thousands separators and two decimals, without the unit:
    /// `120,000.00`, `-0.50`.
    pub fn to_yuan_string(self) -> String {
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::with_capacity(digits.len() * 4 / 3 + 4);
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{grouped}.{:02}", abs % 100)
    }
}

/// `120,000.00 元`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} 元", self.to_yuan_string())
    }
}

impl std::str::FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, MoneyError> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for Money {
    type Error = MoneyError;
    fn try_from(s: &str) -> Result<Self, MoneyError> {
        Self::parse(s)
    }
}

/// `None` if the total overflows: `amounts.iter().sum::<Option<Money>>()`.
impl Sum<Money> for Option<Money> {
    fn sum<I: Iterator<Item = Money>>(mut iter: I) -> Self {
        iter.try_fold(Money::ZERO, Money::checked_add)
    }
}

impl<'a> Sum<&'a Money> for Option<Money> {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Self {
        iter.copied().sum()
    }
}

/// Removes thousands separators, or `None` if they are misplaced (`1,20,000`, `,100`).
fn ungroup(whole: &str) -> Option<Cow<'_, str>> {
    if !whole.contains(',') {
        return Some(Cow::Borrowed(whole));
    }
    let mut groups = whole.split(',');
    let first = groups.next()?;
    let well_placed = (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3);
    well_placed.then(|| Cow::Owned(whole.replace(',', "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_with_commas_every_three_digits_is_accepted() {
        assert_eq!(ungroup("120,000").as_deref(), Some("120000"));
        assert_eq!(ungroup("1,234,567").as_deref(), Some("1234567"));
        assert_eq!(ungroup("120000").as_deref(), Some("120000"));
    }

    #[test]
    fn misplaced_commas_are_rejected() {
        for whole in ["1,20,000", ",100", "1000,000", "100,", "1,,000"] {
            assert_eq!(ungroup(whole), None, "{whole}");
        }
    }

    #[test]
    fn ten_percent_uplift_rounds_half_away_from_zero() {
        // 0.05 元 × 1.10 = 0.055 元 → 0.06 元; the recovery mirrors it.
        assert_eq!(Money::from_fen(5).apply_percent(10), Money::from_fen(6));
        assert_eq!(Money::from_fen(-5).apply_percent(10), Money::from_fen(-6));
        assert_eq!(Money::from_fen(4).apply_percent(10), Money::from_fen(4));
    }

    #[test]
    fn to_yuan_string_handles_the_extremes() {
        assert_eq!(
            Money::from_fen(i64::MIN).to_yuan_string(),
            "-92,233,720,368,547,758.08"
        );
        assert_eq!(
            Money::from_fen(i64::MAX).to_yuan_string(),
            "92,233,720,368,547,758.07"
        );
        assert_eq!(Money::ZERO.to_yuan_string(), "0.00");
    }
}
