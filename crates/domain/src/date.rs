//! Calendar dates as they are written on forms and in spreadsheets.

use chrono::{FixedOffset, NaiveDate, Utc};
use thiserror::Error;

use crate::text::normalise;

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    #[error(
        "无法识别的日期“{input}”，应写作 2024-03-15、2024/3/15、2024.3.15、20240315 或 2024年3月15日\
         （unrecognised date \"{input}\": expected 2024-03-15, 2024/3/15, 2024.3.15, 20240315 or 2024年3月15日）"
    )]
    Unrecognised { input: String },
    #[error("日期“{input}”在日历上不存在（no such calendar day: \"{input}\"）")]
    NoSuchDay { input: String },
}

/// Reads `2024-03-15`, `2024/3/15`, `2024.3.15`, `20240315` or `2024年3月15日`, with ASCII or
/// full-width digits. The year has four digits; month and day one or two. One separator style per
/// date: `2024-3/15` is rejected rather than guessed.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let text = normalise(input);
    let (year, month, day) = split_ymd(&text).ok_or_else(|| DateError::Unrecognised {
        input: input.trim().to_owned(),
    })?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| DateError::NoSuchDay {
        input: input.trim().to_owned(),
    })
}

/// Today's date in China (UTC+8, no daylight saving), whatever time zone the server runs in:
/// a birth date or deadline is judged by the calendar on the bureau's wall.
pub fn today_in_china() -> NaiveDate {
    let china = FixedOffset::east_opt(8 * 3600).expect("UTC+8 is within chrono's offset range");
    Utc::now().with_timezone(&china).date_naive()
}

fn split_ymd(text: &str) -> Option<(i32, u32, u32)> {
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        return fields(&text[..4], &text[4..6], &text[6..]);
    }
    // `YYYY-MM-DD`, the registry's own layout, is cut by position: the same three parts the
    // search for a separator below would find, without the search.
    if let [_, _, _, _, b'-', _, _, b'-', _, _] = text.as_bytes() {
        return fields(&text[..4], &text[5..7], &text[8..]);
    }
    if let Some(rest) = text.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        return fields(year, month, day);
    }
    let separator = ['-', '/', '.'].into_iter().find(|&c| text.contains(c))?;
    let mut parts = text.split(separator);
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    fields(year, month, day)
}

fn fields(year: &str, month: &str, day: &str) -> Option<(i32, u32, u32)> {
    let number = |field: &str, widths: std::ops::RangeInclusive<usize>| {
        let field = field.trim();
        // At most four ASCII digits: read directly, without `str::parse`'s general checks.
        (widths.contains(&field.len()) && field.bytes().all(|b| b.is_ascii_digit())).then(|| {
            field
                .bytes()
                .fold(0, |n, digit| n * 10 + u32::from(digit - b'0'))
        })
    };
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    Some((year, number(month, 1..=2)?, number(day, 1..=2)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_documented_layout_reads_as_the_same_day() {
        for input in [
            "2024-03-15",
            "2024-3-15",
            "2024/3/15",
            "2024/03/15",
            "2024.3.15",
            "20240315",
            "2024年3月15日",
            "2024年03月15日",
            "２０２４年３月１５日",
            "２０２４－０３－１５",
            " 2024-03-15 ",
        ] {
            assert_eq!(parse_date(input), Ok(ymd(2024, 3, 15)), "{input}");
        }
    }

    #[test]
    fn a_leap_day_is_accepted_only_in_a_leap_year() {
        assert_eq!(parse_date("2024-02-29"), Ok(ymd(2024, 2, 29)));
        assert_eq!(
            parse_date("2023-02-29"),
            Err(DateError::NoSuchDay {
                input: "2023-02-29".into()
            })
        );
    }

    #[test]
    fn mixed_separators_and_garbage_are_unrecognised() {
        for input in [
            "",
            "2024-3/15",
            "2024-03",
            "2024-03-15-01",
            "24-3-15",
            "2024-003-15",
            "2024年3月15",
            "abcd-ef-gh",
            "2024031",
            "2024-+3-15",
        ] {
            assert_eq!(
                parse_date(input),
                Err(DateError::Unrecognised {
                    input: input.trim().into()
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn the_error_names_the_input_in_both_languages() {
        let message = parse_date("2024-13-01").unwrap_err().to_string();
        assert_eq!(
            message,
            "日期“2024-13-01”在日历上不存在（no such calendar day: \"2024-13-01\"）"
        );
    }

    #[test]
    fn today_in_china_is_within_a_day_of_utc_today() {
        let utc = Utc::now().date_naive();
        let diff = (today_in_china() - utc).num_days();
        assert!((0..=1).contains(&diff), "{diff}");
    }
}
