//! Valid sample values and the records most tests need.

use jiangxin_domain::division::DivisionCode;
use jiangxin_domain::industry::EnterpriseClass;
use jiangxin_domain::unit::UnitType;
use jiangxin_store::Tx;
use jiangxin_store::applications::{self, Application, NewApplication};
use jiangxin_store::persons::{self, NewPerson, Person};
use jiangxin_store::programs::{self, ProgramVersion};
use jiangxin_store::units::{self, NewUnit, Unit};
use serde_json::json;

pub use jiangxin_store::testing::{credit_code, resident_id};

pub fn district(code: &str) -> DivisionCode {
    DivisionCode::parse(code).expect("a division code")
}

pub fn new_unit(n: u32) -> NewUnit {
    NewUnit {
        credit_code: credit_code(n),
        name: format!("大连第{n}机床有限公司"),
        unit_type: UnitType::Enterprise,
        enterprise_class: Some(EnterpriseClass::MunicipalAndOther),
        district: district("210202"),
    }
}

pub async fn unit(tx: &Tx, n: u32) -> Unit {
    units::insert(tx, &new_unit(n))
        .await
        .expect("insert a unit")
}

pub async fn person(tx: &Tx, n: u16) -> Person {
    persons::insert(
        tx,
        &NewPerson {
            id_number: resident_id(n),
            name: format!("王{n}"),
            phone: None,
        },
    )
    .await
    .expect("insert a person")
}

pub const PROGRAM_TEXT: &str = "[program]\nid = \"dalian-high-skill-2021\"\nversion = \"2021.1\"\n";

pub async fn program(tx: &Tx) -> ProgramVersion {
    programs::load(tx, "dalian-high-skill-2021", "2021.1", PROGRAM_TEXT)
        .await
        .expect("load a program")
        .program
}

pub async fn application(tx: &Tx, program: &ProgramVersion, applicant: &Person) -> Application {
    applications::insert(
        tx,
        &NewApplication {
            program_version: program.id,
            category: "技能大师".into(),
            applicant: Some(applicant.id),
            unit: None,
            stage: "submitted".into(),
            facts: json!({ "skill_level": "高级技师" }),
            decision: None,
        },
    )
    .await
    .expect("insert an application")
}
