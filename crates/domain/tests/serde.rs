//! Every value type travels through JSON as its canonical form and is validated on the way in.

use chrono::NaiveDate;
use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::division::{DivisionCode, DivisionLevel};
use jiangxin_domain::honour::{Honour, HonourKind, HonourLevel};
use jiangxin_domain::id_number::{Gender, ResidentId};
use jiangxin_domain::industry::{EnterpriseClass, Industry};
use jiangxin_domain::money::Money;
use jiangxin_domain::phone::Phone;
use jiangxin_domain::skill::{EnterpriseRank, SkillLevel};
use jiangxin_domain::unit::UnitType;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

/// Serialises to `expected` and reads back to an equal value.
fn round_trips<T>(value: T, expected: &str)
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let text = json(&value);
    assert_eq!(text, expected);
    assert_eq!(serde_json::from_str::<T>(&text).unwrap(), value);
}

/// Reading `input` fails with the same message the parser gives.
fn rejects<T: DeserializeOwned + std::fmt::Debug>(input: &str, parser_message: String) {
    let err = serde_json::from_str::<T>(input).unwrap_err().to_string();
    assert!(err.starts_with(&parser_message), "{err}");
}

#[test]
fn identity_types_serialise_as_their_canonical_strings() {
    round_trips(
        ResidentId::parse("11010519491231002x").unwrap(),
        "\"11010519491231002X\"",
    );
    round_trips(Gender::Female, "\"female\"");
    round_trips(
        CreditCode::parse("91350100m000100y43").unwrap(),
        "\"91350100M000100Y43\"",
    );
    round_trips(DivisionCode::parse("210214").unwrap(), "\"210214\"");
    round_trips(DivisionLevel::County, "\"county\"");
    round_trips(
        Phone::parse("+86 138 1234 5678").unwrap(),
        "\"13812345678\"",
    );
    round_trips(Phone::parse("(0411)84369295").unwrap(), "\"0411-84369295\"");
}

#[test]
fn classification_types_serialise_as_their_chinese_names() {
    round_trips(SkillLevel::Technician, "\"技师\"");
    round_trips(EnterpriseRank::CraftsmanTechnician, "\"工匠技师\"");
    round_trips(Industry::Machining, "\"J.机械加工\"");
    round_trips(
        EnterpriseClass::MunicipalAndOther,
        "\"市属（及以下）各类所有制企业\"",
    );
    round_trips(HonourLevel::Provincial, "\"省级\"");
    round_trips(HonourKind::NationalTechnicalExpert, "\"全国技术能手\"");
    round_trips(UnitType::TechnicianCollege, "\"技师学院\"");
    round_trips(
        Honour::new(
            HonourKind::DistrictChiefTechnician,
            NaiveDate::from_ymd_opt(2023, 1, 1).unwrap(),
        ),
        "\"区管首席技师@2023-01-01\"",
    );
}

#[test]
fn money_serialises_as_integer_fen() {
    round_trips(Money::from_yuan(120_000), "12000000");
    round_trips(Money::from_fen(-50), "-50");
    assert!(serde_json::from_str::<Money>("\"120000\"").is_err());
    assert!(serde_json::from_str::<Money>("1.5").is_err());
}

#[test]
fn deserialising_accepts_every_form_the_parser_accepts() {
    assert_eq!(
        serde_json::from_str::<Gender>("\"男\"").unwrap(),
        Gender::Male
    );
    assert_eq!(
        serde_json::from_str::<SkillLevel>("\"二级（技师）\"").unwrap(),
        SkillLevel::Technician
    );
    assert_eq!(
        serde_json::from_str::<Industry>("\"j\"").unwrap(),
        Industry::Machining
    );
    let upgraded: ResidentId = serde_json::from_str("\"340524800101001\"").unwrap();
    assert!(upgraded.upgraded_from_15());
}

#[test]
fn invalid_json_values_are_rejected_with_the_parsers_error() {
    rejects::<ResidentId>(
        "\"110105194912310025\"",
        ResidentId::parse("110105194912310025")
            .unwrap_err()
            .to_string(),
    );
    rejects::<CreditCode>(
        "\"91350100M000100Y44\"",
        CreditCode::parse("91350100M000100Y44")
            .unwrap_err()
            .to_string(),
    );
    rejects::<DivisionCode>(
        "\"990000\"",
        DivisionCode::parse("990000").unwrap_err().to_string(),
    );
    rejects::<Phone>(
        "\"12345678901\"",
        Phone::parse("12345678901").unwrap_err().to_string(),
    );
    rejects::<SkillLevel>(
        "\"六级\"",
        SkillLevel::parse("六级").unwrap_err().to_string(),
    );
    rejects::<Industry>("\"V\"", Industry::parse("V").unwrap_err().to_string());
    rejects::<Honour>(
        "\"全国技术能手\"",
        Honour::parse("全国技术能手").unwrap_err().to_string(),
    );
    rejects::<UnitType>(
        "\"个体户\"",
        UnitType::parse("个体户").unwrap_err().to_string(),
    );
}

#[test]
fn a_resident_id_in_json_is_the_full_number_but_its_debug_is_masked() {
    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Applicant {
        id: ResidentId,
        phone: Phone,
    }
    let applicant = Applicant {
        id: ResidentId::parse("21020219800105123X").unwrap(),
        phone: Phone::parse("13812345678").unwrap(),
    };
    assert_eq!(
        json(&applicant),
        r#"{"id":"21020219800105123X","phone":"13812345678"}"#
    );
    let debug = format!("{applicant:?}");
    assert!(
        !debug.contains("21020219800105123X") && !debug.contains("13812345678"),
        "{debug}"
    );
}
