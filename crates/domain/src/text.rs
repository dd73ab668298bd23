//! Helpers shared by the parsers, here and in the layers that read fact text.

use std::borrow::Cow;

/// Folds full-width forms (what a Chinese input method types: `１２３`, `（`, `／`, `Ｘ`) and the
/// ideographic space to ASCII and trims the result, so that every parser sees the same text
/// whichever keyboard mode the clerk had on. The mapping is one character to one character, so
/// positions reported in errors still match what the user typed.
///
/// Text with nothing to fold (nearly all of it) is only trimmed, without a copy: a registry
/// screen parses millions of cells.
#[inline]
pub(crate) fn normalise(input: &str) -> Cow<'_, str> {
    // Both forms are three bytes starting 0xE3 or 0xEF, so other text skips the char scan, and
    // ASCII text (checked a word at a time) skips the byte scan too. This much is inlined into
    // every parser; the rest is a call, made for little of the text a screen reads.
    if input.is_ascii() || !input.bytes().any(|b| b == 0xE3 || b == 0xEF) {
        return Cow::Borrowed(trim(input));
    }
    fold(input)
}

/// [`normalise`] for text that may have full-width forms.
#[inline(never)]
fn fold(input: &str) -> Cow<'_, str> {
    let folds = |c: char| c == '\u{3000}' || ('\u{FF01}'..='\u{FF5E}').contains(&c);
    if !input.chars().any(folds) {
        return Cow::Borrowed(trim(input));
    }
    let folded: String = input
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    Cow::Owned(folded.trim().to_owned())
}

/// `str::trim`, returning at once when neither end can be white space, which is what nearly
/// every registry cell looks like: a character can only be Unicode white space when its UTF-8
/// lead byte is ASCII white space or 0xC2, 0xE1, 0xE2 or 0xE3 (U+0085 and U+00A0, U+1680,
/// U+2000–U+205F, U+3000), and `str::trim` otherwise decodes and classifies a character at each
/// end, which adds up over the millions of cells a screen reads.
#[inline]
pub fn trim(text: &str) -> &str {
    // One load per end instead of a chain of range comparisons.
    static MAY_BE_SPACE: [bool; 256] = {
        let mut table = [false; 256];
        let mut lead = 0;
        while lead < 256 {
            table[lead] = matches!(lead as u8, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3);
            lead += 1;
        }
        table
    };
    let may_be_space = |lead: u8| MAY_BE_SPACE[usize::from(lead)];
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return text;
    };
    // The last character's lead byte: the last byte itself when it is ASCII, as in numbers and
    // codes; else at most three continuation bytes (10xxxxxx) follow it.
    let last_lead = if last.is_ascii() {
        Some(&last)
    } else {
        bytes.iter().rev().take(4).find(|&&b| b & 0xC0 != 0x80)
    };
    match last_lead {
        Some(&lead) if !may_be_space(first) && !may_be_space(lead) => text,
        _ => text.trim(),
    }
}

/// Reads the one form nearly every number in a talent registry has, ASCII digits with an
/// optional fraction (`158`, `0.97`, `2210000`), as an integer in units of `10^-decimals`, in one
/// pass. `None` for anything else (a sign, grouping, a unit, full-width digits, more than
/// `decimals` decimals, a value that overflows): the caller's own parser then reads it or refuses
/// it with its reason. The parsers' general paths split, strip and classify the text, several
/// times the work of this one loop, and a screen reads millions of such cells.
#[inline]
pub fn plain_decimal(text: &str, decimals: u32) -> Option<i64> {
    const POWERS_OF_TEN: [i64; 19] = {
        let mut powers = [1; 19];
        let mut at = 1;
        while at < powers.len() {
            powers[at] = powers[at - 1] * 10;
            at += 1;
        }
        powers
    };
    let bytes = text.as_bytes();
    // Eighteen digits cannot overflow an i64 (10^18 < 2^63), so the loops need no checks;
    // longer text is for the general parser.
    if bytes.len() > 18 {
        return None;
    }
    let digit = |at: usize| {
        bytes
            .get(at)
            .map(|b| b.wrapping_sub(b'0'))
            .filter(|&d| d < 10)
    };
    let mut value = 0_i64;
    let mut at = 0;
    while let Some(d) = digit(at) {
        value = value * 10 + i64::from(d);
        at += 1;
    }
    if at == 0 {
        return None;
    }
    let whole = at;
    if at < bytes.len() {
        // Only a point followed by digits may come after the whole part.
        if bytes[at] != b'.' {
            return None;
        }
        at += 1;
        while let Some(d) = digit(at) {
            value = value * 10 + i64::from(d);
            at += 1;
        }
        if at != bytes.len() || at == whole + 1 {
            return None;
        }
    }
    let written = (at - whole).saturating_sub(1);
    let shift = usize::try_from(decimals).ok()?.checked_sub(written)?;
    value.checked_mul(*POWERS_OF_TEN.get(shift)?)
}

/// Implements `FromStr`, `TryFrom<&str>`, `TryFrom<String>` and `Serialize` for a type that has
/// `fn parse(&str) -> Result<Self, Error>` and a canonical `Display`. Deserialisation goes
/// through `#[serde(try_from = "String")]` on the type, so JSON and forms share one validator.
macro_rules! text_value {
    ($ty:ty, $err:ty) => {
        impl ::std::str::FromStr for $ty {
            type Err = $err;
            fn from_str(s: &str) -> Result<Self, $err> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $ty {
            type Error = $err;
            fn try_from(s: &str) -> Result<Self, $err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $err;
            fn try_from(s: String) -> Result<Self, $err> {
                Self::parse(&s)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }
    };
}
pub(crate) use text_value;

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn full_width_digits_letters_and_brackets_become_ascii() {
        assert_eq!(normalise("２０２４／３／１５"), "2024/3/15");
        assert_eq!(normalise("二级（技师）"), "二级(技师)");
        assert_eq!(normalise("ｘＸ"), "xX");
    }

    #[test]
    fn ideographic_and_ascii_spaces_are_trimmed_at_both_ends() {
        assert_eq!(normalise("\u{3000} 技师 \t"), "技师");
    }

    #[test]
    fn trim_agrees_with_the_standard_trim_at_every_kind_of_end() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "技师",
            " 技师",
            "技师\u{3000}",
            "\u{a0}5",
            "5\u{85}",
            "\u{2003}x",
            "x\u{205f}",
            "\u{1680}",
            "\t1\n",
            "\u{1c}x",
            "\u{e9}",
            "é ",
            "😀",
            "😀\u{3000}",
        ] {
            assert_eq!(super::trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn plain_decimals_are_read_scaled_and_every_other_form_is_left_to_the_caller() {
        use super::plain_decimal;
        assert_eq!(plain_decimal("158", 4), Some(1_580_000));
        assert_eq!(plain_decimal("0.97", 4), Some(9_700));
        assert_eq!(plain_decimal("007.5", 2), Some(750));
        assert_eq!(plain_decimal("2.1234", 4), Some(21_234));
        for text in [
            "",
            ".",
            "5.",
            ".5",
            "-1",
            "+1",
            "1,000",
            "1.2.3",
            "１",
            "12万",
            " 1",
            "2.12345",
            "1234567890123456789",
        ] {
            assert_eq!(plain_decimal(text, 4), None, "{text:?}");
        }
        assert_eq!(
            plain_decimal("123456789012345678", 0),
            Some(123_456_789_012_345_678)
        );
        assert_eq!(plain_decimal("123456789012345678", 2), None);
    }

    #[test]
    fn chinese_characters_are_left_alone() {
        assert_eq!(normalise("大连市"), "大连市");
    }
}
