use jiangxin_domain::division::{DivisionCode, DivisionError, DivisionLevel, Divisions};

fn code(text: &str) -> DivisionCode {
    DivisionCode::parse(text).unwrap()
}

fn names<'a>(
    divisions: impl Iterator<Item = &'a jiangxin_domain::division::Division>,
) -> Vec<&'a str> {
    divisions.map(|d| d.name()).collect()
}

#[test]
fn any_well_formed_code_with_a_province_prefix_parses_known_or_not() {
    assert_eq!(code("210202").as_str(), "210202");
    assert_eq!(code(" 650102 ").to_string(), "650102");
    assert!(Divisions::builtin().get(&code("650102")).is_none());
}

#[test]
fn malformed_codes_are_rejected_with_the_reason() {
    assert_eq!(
        DivisionCode::parse("21020"),
        Err(DivisionError::Length { found: 5 })
    );
    assert_eq!(
        DivisionCode::parse("2102O2"),
        Err(DivisionError::NonDigit {
            position: 5,
            found: 'O'
        })
    );
    assert_eq!(
        DivisionCode::parse("990000"),
        Err(DivisionError::UnknownProvince {
            prefix: "99".into()
        })
    );
    assert_eq!(
        DivisionCode::parse("100000"),
        Err(DivisionError::UnknownProvince {
            prefix: "10".into()
        })
    );
}

#[test]
fn dalian_has_ten_divisions_in_force() {
    let table = Divisions::builtin();
    assert_eq!(
        names(table.children(&code("210200"))),
        [
            "中山区",
            "西岗区",
            "沙河口区",
            "甘井子区",
            "旅顺口区",
            "金州区",
            "普兰店区",
            "长海县",
            "瓦房店市",
            "庄河市"
        ]
    );
}

#[test]
fn huizhou_has_five_divisions_in_force() {
    let table = Divisions::builtin();
    assert_eq!(
        names(table.children(&code("441300"))),
        ["惠城区", "惠阳区", "博罗县", "惠东县", "龙门县"]
    );
}

#[test]
fn an_entry_exposes_its_place_in_the_tree() {
    let table = Divisions::builtin();
    let dalian = table.get(&code("210200")).unwrap();
    assert_eq!(dalian.code(), &code("210200"));
    assert_eq!(dalian.level(), DivisionLevel::City);
    assert_eq!(dalian.parent(), Some(&code("210000")));
    assert!(!dalian.is_retired());
    let liaoning = table.get(&code("210000")).unwrap();
    assert_eq!(
        (liaoning.name(), liaoning.level(), liaoning.parent()),
        ("辽宁省", DivisionLevel::Province, None)
    );
}

#[test]
fn a_retired_code_is_found_and_leads_to_its_successor() {
    let table = Divisions::builtin();
    let old = table.get(&code("210282")).unwrap();
    assert_eq!(old.name(), "普兰店市");
    assert_eq!(old.retired(), Some(2015));
    assert_eq!(old.successor(), Some(&code("210214")));
    assert_eq!(
        table.current(&code("210282")).map(|d| d.name()),
        Some("普兰店区")
    );
    assert_eq!(
        table.current(&code("441381")).map(|d| d.name()),
        Some("惠阳区")
    );
    assert_eq!(
        table.current(&code("210202")).map(|d| d.name()),
        Some("中山区")
    );
    assert!(table.current(&code("650102")).is_none());
}

#[test]
fn the_four_outer_areas_of_dalian_are_remote_and_cite_306() {
    let table = Divisions::builtin();
    for remote in ["210214", "210281", "210283", "210224"] {
        assert!(table.is_remote(&code(remote)), "{remote}");
        assert_eq!(
            table.get(&code(remote)).and_then(|d| d.remote_source()),
            Some("大人社发〔2021〕306号 一、(五)")
        );
    }
}

#[test]
fn the_retired_puladian_city_is_remote_through_its_successor() {
    let table = Divisions::builtin();
    assert!(!table.get(&code("210282")).unwrap().remote());
    assert!(table.is_remote(&code("210282")));
}

#[test]
fn inner_districts_other_cities_and_unknown_codes_are_not_remote() {
    let table = Divisions::builtin();
    for not_remote in ["210200", "210202", "210213", "441303", "441381", "650102"] {
        assert!(!table.is_remote(&code(not_remote)), "{not_remote}");
    }
}

#[test]
fn a_county_is_within_its_city_and_province() {
    let table = Divisions::builtin();
    assert!(table.is_within(&code("210214"), &code("210200")));
    assert!(table.is_within(&code("210214"), &code("210000")));
    assert!(table.is_within(&code("210200"), &code("210200")));
    assert!(table.is_within(&code("441381"), &code("441300")));
    assert!(table.is_within(&code("210282"), &code("210214")));
}

#[test]
fn nothing_is_within_a_sibling_another_province_or_an_unknown_code() {
    let table = Divisions::builtin();
    assert!(!table.is_within(&code("210214"), &code("210202")));
    assert!(!table.is_within(&code("441303"), &code("210000")));
    assert!(!table.is_within(&code("210200"), &code("210214")));
    assert!(!table.is_within(&code("650102"), &code("650000")));
    assert!(!table.is_within(&code("210202"), &code("650000")));
}

#[test]
fn levels_parse_from_english_and_chinese_names() {
    assert_eq!(DivisionLevel::parse("county"), Ok(DivisionLevel::County));
    assert_eq!(DivisionLevel::parse("地级"), Ok(DivisionLevel::City));
    assert_eq!(DivisionLevel::Province.name_zh(), "省级");
    assert_eq!(
        DivisionLevel::parse("town"),
        Err(DivisionError::UnknownLevel {
            input: "town".into()
        })
    );
    assert!(DivisionLevel::Province < DivisionLevel::County);
}
