use chrono::{Datelike, NaiveDate};
use jiangxin_domain::id_number::{Gender, IdError, ResidentId};
use proptest::prelude::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2025, 6, 1)
}

fn parse(input: &str) -> Result<ResidentId, IdError> {
    ResidentId::parse_on(input, today())
}

#[test]
fn the_standard_example_of_a_woman_born_in_1949_is_valid() {
    let id = parse("11010519491231002X").unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(id.birth_date(), day(1949, 12, 31));
    assert_eq!(id.gender(), Gender::Female);
    assert_eq!(id.area_code(), "110105");
    assert!(!id.upgraded_from_15());
}

#[test]
fn the_standard_example_of_a_man_born_in_1880_is_valid() {
    let id = parse("440524188001010014").unwrap();
    assert_eq!(id.birth_date(), day(1880, 1, 1));
    assert_eq!(id.gender(), Gender::Male);
}

#[test]
fn lowercase_x_is_accepted_and_normalised() {
    assert_eq!(
        parse("11010519491231002x").unwrap().as_str(),
        "11010519491231002X"
    );
}

#[test]
fn surrounding_whitespace_and_full_width_digits_are_accepted() {
    assert_eq!(
        parse("  11010519491231002X\t").unwrap().as_str(),
        "11010519491231002X"
    );
    assert_eq!(
        parse("１１０１０５１９４９１２３１００２Ｘ")
            .unwrap()
            .as_str(),
        "11010519491231002X"
    );
}

#[test]
fn a_15_digit_number_is_upgraded_to_18_with_a_computed_check() {
    let id = parse("340524800101001").unwrap();
    assert_eq!(id.as_str(), "34052419800101001X");
    assert!(id.upgraded_from_15());
    assert_eq!(id.birth_date(), day(1980, 1, 1));
    assert_eq!(id.gender(), Gender::Male);
}

#[test]
fn the_upgraded_and_the_18_digit_form_of_one_number_are_equal() {
    assert_eq!(
        parse("340524800101001").unwrap(),
        parse("34052419800101001X").unwrap()
    );
}

#[test]
fn retired_area_codes_still_pass() {
    assert_eq!(parse("21028219850612001X").unwrap().area_code(), "210282");
    assert_eq!(parse("441381199001010023").unwrap().area_code(), "441381");
}

#[test]
fn masking_keeps_six_leading_and_four_trailing_characters() {
    let id = parse("21020219800105123X").unwrap();
    assert_eq!(id.masked(), "210202********123X");
}

#[test]
fn debug_output_shows_only_the_masked_number() {
    let id = parse("21020219800105123X").unwrap();
    assert_eq!(format!("{id:?}"), "ResidentId(\"210202********123X\")");
}

#[test]
fn display_gives_the_canonical_number() {
    assert_eq!(
        parse("11010519491231002x").unwrap().to_string(),
        "11010519491231002X"
    );
}

#[test]
fn a_birth_date_after_today_in_the_given_calendar_is_rejected() {
    assert_eq!(
        parse("110105202506020023"),
        Err(IdError::BirthDateInFuture {
            date: day(2025, 6, 2),
            today: today()
        })
    );
}

#[test]
fn parse_uses_todays_date_in_china() {
    assert!(ResidentId::parse("11010519491231002X").is_ok());
    assert!(matches!(
        ResidentId::parse("110105209901010020"),
        Err(IdError::BirthDateInFuture { .. })
    ));
}

#[test]
fn invalid_numbers_are_rejected_with_the_reason() {
    let cases = [
        ("", IdError::Empty),
        ("   ", IdError::Empty),
        ("11010519491231002", IdError::Length { found: 17 }),
        ("11010519491231002X0", IdError::Length { found: 19 }),
        ("1101051949123100", IdError::Length { found: 16 }),
        (
            "11010519491231002Y",
            IdError::InvalidCheckChar { found: 'Y' },
        ),
        (
            "11010A19491231002X",
            IdError::NonDigit {
                position: 6,
                found: 'A',
            },
        ),
        (
            "110105 19491231002",
            IdError::NonDigit {
                position: 7,
                found: ' ',
            },
        ),
        ("11010519X91231002X", IdError::MisplacedX { position: 9 }),
        (
            "11010519491231003X",
            IdError::CheckMismatch {
                expected: '8',
                found: 'X',
            },
        ),
        (
            "110105194912310025",
            IdError::CheckMismatch {
                expected: 'X',
                found: '5',
            },
        ),
        (
            "110105199902300023",
            IdError::InvalidBirthDate {
                date: "19990230".into(),
            },
        ),
        (
            "110105199913010023",
            IdError::InvalidBirthDate {
                date: "19991301".into(),
            },
        ),
        (
            "110105179912310023",
            IdError::BirthYearTooEarly { year: 1799 },
        ),
        (
            "990105194912310023",
            IdError::UnknownProvince {
                prefix: "99".into(),
            },
        ),
        (
            "000000194912310023",
            IdError::UnknownProvince {
                prefix: "00".into(),
            },
        ),
        ("34052480010100X", IdError::MisplacedX { position: 15 }),
        (
            "340524800230001",
            IdError::InvalidBirthDate {
                date: "19800230".into(),
            },
        ),
        (
            "990524800101001",
            IdError::UnknownProvince {
                prefix: "99".into(),
            },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(parse(input), Err(expected), "{input}");
    }
}

#[test]
fn the_check_mismatch_message_is_bilingual_and_names_both_characters() {
    assert_eq!(
        parse("110105194912310025").unwrap_err().to_string(),
        "身份证号码校验码错误：应为 X，实为 5（check character mismatch: expected X, found 5）"
    );
}

#[test]
fn no_error_message_repeats_the_full_number() {
    for input in [
        "110105194912310025",
        "990105194912310023",
        "110105199902300023",
        "11010519X91231002X",
    ] {
        let message = parse(input).unwrap_err().to_string();
        assert!(!message.contains(input), "{message}");
    }
}

#[test]
fn check_char_computes_the_standard_examples() {
    assert_eq!(ResidentId::check_char("11010519491231002"), Ok('X'));
    assert_eq!(ResidentId::check_char("44052418800101001"), Ok('4'));
    assert_eq!(
        ResidentId::check_char("1101051949123100"),
        Err(IdError::BodyLength { found: 16 })
    );
    assert_eq!(
        ResidentId::check_char("1101051949123100A"),
        Err(IdError::NonDigit {
            position: 17,
            found: 'A'
        })
    );
}

#[test]
fn gender_is_read_in_chinese_and_english_in_any_case() {
    for input in ["男", "male", "MALE", "Male", "m", "M", " 男 "] {
        assert_eq!(Gender::parse(input), Ok(Gender::Male), "{input}");
    }
    for input in ["女", "female", "Female", "f", "F"] {
        assert_eq!(Gender::parse(input), Ok(Gender::Female), "{input}");
    }
    assert_eq!(
        Gender::parse("x"),
        Err(IdError::UnknownGender { input: "x".into() })
    );
    assert_eq!(Gender::Male.name_zh(), "男");
    assert_eq!(Gender::Female.name_zh(), "女");
}

const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

/// 17 digits with a real province prefix and a real birth date no later than `today()`.
fn valid_body() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&PROVINCES[..]),
        0..10_000u32,
        day(1900, 1, 1).num_days_from_ce()..=today().num_days_from_ce(),
        0..1000u32,
    )
        .prop_map(|(province, county, days, sequence)| {
            let birth = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            format!(
                "{province}{county:04}{}{sequence:03}",
                birth.format("%Y%m%d")
            )
        })
}

proptest! {
    #[test]
    fn a_computed_check_char_always_validates(body in valid_body()) {
        let check = ResidentId::check_char(&body).unwrap();
        let number = format!("{body}{check}");
        prop_assert_eq!(parse(&number).unwrap().to_string(), number);
    }

    #[test]
    fn any_single_character_change_is_rejected(
        body in valid_body(),
        position in 0..18usize,
        replacement in prop::sample::select(&['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'][..]),
    ) {
        let mut chars: Vec<char> = body.chars().collect();
        chars.push(ResidentId::check_char(&body).unwrap());
        prop_assume!(chars[position] != replacement);
        chars[position] = replacement;
        let changed: String = chars.into_iter().collect();
        prop_assert!(parse(&changed).is_err(), "{} was accepted", changed);
    }

    #[test]
    fn an_upgraded_15_digit_number_keeps_area_date_and_sequence(body in valid_body()) {
        prop_assume!(body[6..8] == *"19");
        let old = format!("{}{}", &body[..6], &body[8..]);
        let id = parse(&old).unwrap();
        prop_assert_eq!(&id.as_str()[..17], body.as_str());
        prop_assert!(id.upgraded_from_15());
    }
}
