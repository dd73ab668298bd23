use jiangxin_domain::credit_code::{CreditCode, CreditCodeError};
use proptest::prelude::*;

#[test]
fn published_codes_of_real_organisations_are_valid() {
    for code in [
        "91350100M000100Y43",
        "914403001922038216", // 华为技术有限公司
        "91440300708461136T", // 深圳市腾讯计算机系统有限公司
        "91110000710925462X", // 中国石油天然气股份有限公司
        "51100000500009247D", // 中国复合材料工业协会, registered centrally (division 100000)
    ] {
        assert_eq!(
            CreditCode::parse(code).map(|c| c.to_string()),
            Ok(code.to_owned()),
            "{code}"
        );
    }
}

#[test]
fn the_parts_of_a_code_are_exposed() {
    let code = CreditCode::parse("91350100M000100Y43").unwrap();
    assert_eq!(code.registration_authority(), '9');
    assert_eq!(code.entity_type(), '1');
    assert_eq!(code.division_code(), "350100");
    assert_eq!(code.as_str(), "91350100M000100Y43");
}

#[test]
fn lowercase_and_surrounding_spaces_are_accepted_and_normalised() {
    assert_eq!(
        CreditCode::parse(" 91350100m000100y43 ").unwrap().as_str(),
        "91350100M000100Y43"
    );
}

#[test]
fn a_letter_may_lead_the_code() {
    let body = "N2210200MA0000001";
    let code = format!("{body}{}", CreditCode::check_char(body).unwrap());
    let parsed = CreditCode::parse(&code).unwrap();
    assert_eq!(parsed.registration_authority(), 'N');
    assert_eq!(parsed.division_code(), "210200");
}

#[test]
fn letters_outside_the_alphabet_are_rejected_with_their_position() {
    for (position, letter) in [(9, 'I'), (10, 'O'), (11, 'S'), (12, 'V'), (13, 'Z')] {
        let mut chars: Vec<char> = "91350100M000100Y43".chars().collect();
        chars[position - 1] = letter;
        let code: String = chars.into_iter().collect();
        assert_eq!(
            CreditCode::parse(&code),
            Err(CreditCodeError::InvalidChar {
                position,
                found: letter
            }),
            "{code}"
        );
    }
}

#[test]
fn invalid_codes_are_rejected_with_the_reason() {
    let cases = [
        ("", CreditCodeError::Empty),
        ("91350100M000100Y4", CreditCodeError::Length { found: 17 }),
        ("91350100M000100Y433", CreditCodeError::Length { found: 19 }),
        (
            "91350100M000100Y44",
            CreditCodeError::CheckMismatch {
                expected: '3',
                found: '4',
            },
        ),
        (
            "913501A0M000100Y43",
            CreditCodeError::NonDigitDivision {
                position: 7,
                found: 'A',
            },
        ),
        (
            "91990100M000100Y43",
            CreditCodeError::UnknownDivision {
                code: "990100".into(),
            },
        ),
        (
            "91350100M000100Y4-",
            CreditCodeError::InvalidChar {
                position: 18,
                found: '-',
            },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(CreditCode::parse(input), Err(expected), "{input}");
    }
}

#[test]
fn the_error_message_is_bilingual() {
    assert_eq!(
        CreditCode::parse("91350100M000100Y44")
            .unwrap_err()
            .to_string(),
        "统一社会信用代码校验码错误：应为 3，实为 4（check character mismatch: expected 3, found 4）"
    );
}

#[test]
fn check_char_needs_17_characters_of_the_alphabet() {
    assert_eq!(CreditCode::check_char("91350100M000100Y4"), Ok('3'));
    assert_eq!(
        CreditCode::check_char("91350100"),
        Err(CreditCodeError::BodyLength { found: 8 })
    );
    assert_eq!(
        CreditCode::check_char("91350100M000100YI"),
        Err(CreditCodeError::InvalidChar {
            position: 17,
            found: 'I'
        })
    );
}

const ALPHABET: &[char] = &[
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J',
    'K', 'L', 'M', 'N', 'P', 'Q', 'R', 'T', 'U', 'W', 'X', 'Y',
];

fn valid_body() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(ALPHABET), 2),
        prop::sample::select(&["11", "21", "35", "44", "65", "83"][..]),
        0..10_000u32,
        prop::collection::vec(prop::sample::select(ALPHABET), 9),
    )
        .prop_map(|(head, province, county, organisation)| {
            let head: String = head.into_iter().collect();
            let organisation: String = organisation.into_iter().collect();
            format!("{head}{province}{county:04}{organisation}")
        })
}

proptest! {
    #[test]
    fn a_computed_check_char_always_validates(body in valid_body()) {
        let code = format!("{body}{}", CreditCode::check_char(&body).unwrap());
        prop_assert_eq!(CreditCode::parse(&code).unwrap().to_string(), code);
    }

    #[test]
    fn any_single_character_change_is_rejected(
        body in valid_body(),
        position in 0..18usize,
        replacement in prop::sample::select(ALPHABET),
    ) {
        let mut chars: Vec<char> = body.chars().collect();
        chars.push(CreditCode::check_char(&body).unwrap());
        prop_assume!(chars[position] != replacement);
        chars[position] = replacement;
        let changed: String = chars.into_iter().collect();
        prop_assert!(CreditCode::parse(&changed).is_err(), "{} was accepted", changed);
    }
}
