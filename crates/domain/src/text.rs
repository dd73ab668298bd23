//! Helpers shared by the parsers.

use std::borrow::Cow;

/// Folds full-width forms (what a Chinese input method types: `１２３`, `（`, `／`, `Ｘ`) and the
/// ideographic space to ASCII and trims the result, so that every parser sees the same text
/// whichever keyboard mode the clerk had on. The mapping is one character to one character, so
/// positions reported in errors still match what the user typed.
///
/// Text with nothing to fold (nearly all of it) is only trimmed, without a copy: a registry
/// screen parses millions of cells.
pub(crate) fn normalise(input: &str) -> Cow<'_, str> {
    let folds = |c: char| c == '\u{3000}' || ('\u{FF01}'..='\u{FF5E}').contains(&c);
    // Both forms are three bytes starting 0xE3 or 0xEF, so ASCII-only text skips the char scan.
    if !input.bytes().any(|b| b == 0xE3 || b == 0xEF) || !input.chars().any(folds) {
        return Cow::Borrowed(input.trim());
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
    fn chinese_characters_are_left_alone() {
        assert_eq!(normalise("大连市"), "大连市");
    }
}
