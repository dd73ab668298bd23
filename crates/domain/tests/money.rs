use jiangxin_domain::money::{Money, MoneyError};

fn yuan(text: &str) -> Money {
    Money::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn every_documented_layout_of_120000_yuan_reads_the_same() {
    for input in [
        "120000",
        "120000.00",
        "120,000.00",
        "120000元",
        "12万元",
        "12万",
        "12.0000万",
        "¥120,000",
        " 120000 元 ",
    ] {
        assert_eq!(yuan(input).fen(), 12_000_000, "{input}");
    }
}

#[test]
fn one_decimal_means_jiao() {
    assert_eq!(yuan("120000.5").fen(), 12_000_050);
    assert_eq!(yuan("0.05").fen(), 5);
}

#[test]
fn wan_accepts_decimals_down_to_the_fen() {
    assert_eq!(yuan("1.2345万").fen(), 1_234_500);
    assert_eq!(yuan("0.000001万").fen(), 1);
}

#[test]
fn a_leading_minus_gives_a_recovery() {
    assert_eq!(yuan("-120,000.00").fen(), -12_000_000);
    assert_eq!(yuan("-12万元").fen(), -12_000_000);
}

#[test]
fn garbage_and_over_precise_amounts_are_rejected() {
    let unrecognised = |s: &str| MoneyError::Unrecognised { input: s.into() };
    let cases = [
        ("", MoneyError::Empty),
        ("元", unrecognised("元")),
        ("abc", unrecognised("abc")),
        ("12.3.4", unrecognised("12.3.4")),
        ("12e3", unrecognised("12e3")),
        (".5", unrecognised(".5")),
        ("5.", unrecognised("5.")),
        ("--5", unrecognised("--5")),
        ("+5", unrecognised("+5")),
        ("12万元元", unrecognised("12万元元")),
        (
            "120000.001",
            MoneyError::TooManyDecimals {
                input: "120000.001".into(),
                max: 2,
            },
        ),
        (
            "1.0000001万",
            MoneyError::TooManyDecimals {
                input: "1.0000001万".into(),
                max: 6,
            },
        ),
        (
            "1,20,000",
            MoneyError::Grouping {
                input: "1,20,000".into(),
            },
        ),
        (
            "99999999999999999999",
            MoneyError::Overflow {
                input: "99999999999999999999".into(),
            },
        ),
        (
            "922337203685478万",
            MoneyError::Overflow {
                input: "922337203685478万".into(),
            },
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(Money::parse(input), Err(expected), "{input}");
    }
}

#[test]
fn display_groups_thousands_and_adds_the_unit() {
    assert_eq!(Money::from_yuan(120_000).to_string(), "120,000.00 元");
    assert_eq!(Money::from_fen(-50).to_string(), "-0.50 元");
    assert_eq!(
        Money::from_fen(123_456_789).to_yuan_string(),
        "1,234,567.89"
    );
    assert_eq!(Money::from_yuan(999).to_yuan_string(), "999.00");
}

#[test]
fn display_output_parses_back_to_the_same_amount() {
    for fen in [0, 1, -1, 99, 100_000, -12_345_678, 9_000_000_000_000] {
        let money = Money::from_fen(fen);
        assert_eq!(Money::parse(&money.to_string()), Ok(money), "{money}");
    }
}

#[test]
fn checked_arithmetic_reports_overflow_as_none() {
    let a = Money::from_yuan(2_000);
    assert_eq!(
        a.checked_add(Money::from_yuan(500)),
        Some(Money::from_yuan(2_500))
    );
    assert_eq!(
        a.checked_sub(Money::from_yuan(2_500)),
        Some(Money::from_yuan(-500))
    );
    assert_eq!(a.checked_mul(3), Some(Money::from_yuan(6_000)));
    assert_eq!(
        Money::from_fen(i64::MAX).checked_add(Money::from_fen(1)),
        None
    );
    assert_eq!(
        Money::from_fen(i64::MIN).checked_sub(Money::from_fen(1)),
        None
    );
    assert_eq!(Money::from_fen(i64::MAX).checked_mul(2), None);
}

#[test]
fn summing_gives_the_total_or_none_on_overflow() {
    let mentoring = [
        Money::from_yuan(2_000),
        Money::from_yuan(1_000),
        Money::from_yuan(500),
    ];
    assert_eq!(
        mentoring.iter().sum::<Option<Money>>(),
        Some(Money::from_yuan(3_500))
    );
    assert_eq!(
        mentoring.into_iter().sum::<Option<Money>>(),
        Some(Money::from_yuan(3_500))
    );
    assert_eq!(
        std::iter::empty::<Money>().sum::<Option<Money>>(),
        Some(Money::ZERO)
    );
    let huge = [Money::from_fen(i64::MAX), Money::from_fen(1)];
    assert_eq!(huge.iter().sum::<Option<Money>>(), None);
}

#[test]
fn a_ten_percent_uplift_of_a_subsidy_is_exact_to_the_fen() {
    assert_eq!(
        Money::from_yuan(120_000).apply_percent(10),
        Money::from_yuan(132_000)
    );
    assert_eq!(Money::from_fen(333).apply_percent(10), Money::from_fen(366));
    assert_eq!(Money::from_fen(335).apply_percent(10), Money::from_fen(369));
    assert_eq!(
        Money::from_yuan(100).apply_percent(-20),
        Money::from_yuan(80)
    );
    assert_eq!(
        Money::from_yuan(100).apply_percent(0),
        Money::from_yuan(100)
    );
}

#[test]
fn money_orders_by_amount() {
    assert!(Money::from_yuan(-1) < Money::ZERO);
    assert!(Money::from_fen(199) < Money::from_yuan(2));
}

#[test]
fn from_yuan_works_in_a_constant() {
    const REWARD: Money = Money::from_yuan(120_000);
    assert_eq!(REWARD.fen(), 12_000_000);
}
