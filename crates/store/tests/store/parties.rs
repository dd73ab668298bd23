use chrono::NaiveDate;
use jiangxin_domain::id_number::Gender;
use jiangxin_domain::industry::EnterpriseClass;
use jiangxin_domain::phone::Phone;
use jiangxin_domain::unit::UnitType;
use jiangxin_store::accounts::{self, NewAccount, Role};
use jiangxin_store::persons::{self, NewPerson};
use jiangxin_store::units::{self, CreditFlagKind, NewCreditFlag};
use jiangxin_store::{EntityKind, StoreError, audit};

use crate::common::{TestDb, on_both_backends};
use crate::fixtures::{self, credit_code, district, resident_id};

on_both_backends!(
    a_unit_reads_back_with_its_domain_types_by_id_and_by_credit_code,
    a_second_unit_with_the_same_credit_code_is_a_duplicate,
    credit_flags_keep_their_dates_source_and_order,
    a_person_reads_back_decrypted_with_gender_and_birth_date_from_the_id_number,
    a_person_is_found_by_id_number_through_the_keyed_hash,
    a_database_dump_shows_neither_the_id_number_nor_the_phone_in_clear,
    a_second_person_with_the_same_id_number_is_a_duplicate_that_does_not_repeat_it,
    a_phone_number_can_be_replaced_and_removed,
    accounts_keep_their_role_and_scope,
    an_account_whose_scope_does_not_fit_its_role_is_refused,
    the_database_itself_refuses_a_district_reviewer_without_a_district,
    a_second_account_with_the_same_login_is_a_duplicate,
);

async fn a_unit_reads_back_with_its_domain_types_by_id_and_by_credit_code(db: TestDb) {
    let tx = db.begin().await;
    let created = fixtures::unit(&tx, 7).await;
    tx.commit().await.unwrap();

    let read = units::get(&db.store, created.id).await.unwrap();
    assert_eq!(read, created);
    assert_eq!(read.credit_code, credit_code(7));
    assert_eq!(read.name, "大连第7机床有限公司");
    assert_eq!(read.unit_type, UnitType::Enterprise);
    assert_eq!(
        read.enterprise_class,
        Some(EnterpriseClass::MunicipalAndOther)
    );
    assert_eq!(read.district, district("210202"));
    let found = units::find_by_credit_code(&db.store, &credit_code(7))
        .await
        .unwrap();
    assert_eq!(found, Some(created));
    let missing = units::find_by_credit_code(&db.store, &credit_code(8))
        .await
        .unwrap();
    assert_eq!(missing, None);
}

async fn a_second_unit_with_the_same_credit_code_is_a_duplicate(db: TestDb) {
    let tx = db.begin().await;
    fixtures::unit(&tx, 1).await;
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let err = units::insert(&tx, &fixtures::new_unit(1))
        .await
        .unwrap_err();
    match err {
        StoreError::Duplicate { entity, key } => {
            assert_eq!(entity, EntityKind::Unit);
            assert_eq!(key, credit_code(1).as_str());
        }
        other => panic!("expected a duplicate, got {other}"),
    }
}

async fn credit_flags_keep_their_dates_source_and_order(db: TestDb) {
    let day = |d| NaiveDate::from_ymd_opt(2024, 5, d).unwrap();
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let later = units::add_credit_flag(
        &tx,
        unit.id,
        &NewCreditFlag {
            kind: CreditFlagKind::AbnormalOperation,
            noted_on: day(20),
            cleared_on: None,
            source: "国家企业信用信息公示系统".into(),
            evidence: None,
        },
    )
    .await
    .unwrap();
    let earlier = units::add_credit_flag(
        &tx,
        unit.id,
        &NewCreditFlag {
            kind: CreditFlagKind::DishonestDebtor,
            noted_on: day(1),
            cleared_on: Some(day(10)),
            source: "信用中国".into(),
            evidence: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let flags = units::credit_flags(&db.store, unit.id).await.unwrap();
    assert_eq!(flags, vec![earlier.clone(), later]);
    assert_eq!(earlier.kind.name_zh(), "失信被执行人");
    assert_eq!(earlier.cleared_on, Some(day(10)));
    assert!(earlier.in_force_on(day(1)));
    assert!(earlier.in_force_on(day(9)));
    assert!(!earlier.in_force_on(day(10)));
    assert!(!earlier.in_force_on(NaiveDate::from_ymd_opt(2024, 4, 30).unwrap()));
}

async fn a_person_reads_back_decrypted_with_gender_and_birth_date_from_the_id_number(db: TestDb) {
    let tx = db.begin().await;
    let created = persons::insert(
        &tx,
        &NewPerson {
            id_number: resident_id(13),
            name: "李娜".into(),
            phone: Some(Phone::parse("138 1234 5678").unwrap()),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let read = persons::get(&db.store, created.id).await.unwrap();
    assert_eq!(read, created);
    assert_eq!(read.id_number, resident_id(13));
    assert_eq!(read.name, "李娜");
    assert_eq!(read.gender, Gender::Male);
    assert_eq!(
        read.birth_date,
        NaiveDate::from_ymd_opt(1990, 3, 7).unwrap()
    );
    assert_eq!(read.phone.as_ref().unwrap().to_string(), "13812345678");
    let debug = format!("{read:?}");
    assert!(!debug.contains(resident_id(13).as_str()), "{debug}");
    assert!(!debug.contains("13812345678"), "{debug}");
    assert!(debug.contains("138****5678"), "{debug}");
}

async fn a_person_is_found_by_id_number_through_the_keyed_hash(db: TestDb) {
    let tx = db.begin().await;
    let first = fixtures::person(&tx, 1).await;
    let second = fixtures::person(&tx, 2).await;
    tx.commit().await.unwrap();

    let found = persons::find_by_id_number(&db.store, &resident_id(2))
        .await
        .unwrap();
    assert_eq!(found.map(|p| p.id), Some(second.id));
    let found = persons::find_by_id_number(&db.store, &resident_id(1))
        .await
        .unwrap();
    assert_eq!(found.map(|p| p.id), Some(first.id));
    let missing = persons::find_by_id_number(&db.store, &resident_id(3))
        .await
        .unwrap();
    assert_eq!(missing, None);
}

async fn a_database_dump_shows_neither_the_id_number_nor_the_phone_in_clear(db: TestDb) {
    let id_number = resident_id(42);
    let phone = Phone::parse("13987654321").unwrap();
    let tx = db.begin().await;
    persons::insert(
        &tx,
        &NewPerson {
            id_number: id_number.clone(),
            name: "赵明远".into(),
            phone: Some(phone.clone()),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let dump = db.dump().await;
    let contains = |needle: &str| {
        dump.windows(needle.len())
            .any(|window| window == needle.as_bytes())
    };
    // The dump does show what is stored in clear, so it is a real dump.
    assert!(contains("赵明远"));
    assert!(!contains(id_number.as_str()));
    assert!(!contains(&phone.to_string()));
    // Nor do the parts that would narrow a search down: the ID number after its birth date.
    assert!(!contains(&id_number.as_str()[6..]));
}

async fn a_second_person_with_the_same_id_number_is_a_duplicate_that_does_not_repeat_it(
    db: TestDb,
) {
    let tx = db.begin().await;
    fixtures::person(&tx, 5).await;
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let err = persons::insert(
        &tx,
        &NewPerson {
            id_number: resident_id(5),
            name: "另一个人".into(),
            phone: None,
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&err, StoreError::Duplicate { entity: EntityKind::Person, key } if key == "id_number"),
        "{err}"
    );
    assert!(!err.to_string().contains(resident_id(5).as_str()), "{err}");
}

async fn a_phone_number_can_be_replaced_and_removed(db: TestDb) {
    let tx = db.begin().await;
    let person = fixtures::person(&tx, 1).await;
    let phone = Phone::parse("0411-84369295").unwrap();
    let changed = persons::set_phone(&tx, person.id, Some(&phone))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(changed.phone, Some(phone));
    assert_eq!(persons::get(&db.store, person.id).await.unwrap(), changed);

    let tx = db.begin().await;
    let removed = persons::set_phone(&tx, person.id, None).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(removed.phone, None);
    assert_eq!(
        persons::get(&db.store, person.id).await.unwrap().phone,
        None
    );
    // The log's last digest for the person is that of the row as it now is.
    let report = audit::verify(&db.store).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(report.entries, 3);
}

fn account(login: &str, role: Role) -> NewAccount {
    NewAccount {
        login: login.into(),
        password_hash: None,
        role,
        district: None,
        unit: None,
    }
}

async fn accounts_keep_their_role_and_scope(db: TestDb) {
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let officer = accounts::insert(
        &tx,
        &NewAccount {
            unit: Some(unit.id),
            ..account("officer", Role::UnitOfficer)
        },
    )
    .await
    .unwrap();
    let reviewer = accounts::insert(
        &tx,
        &NewAccount {
            district: Some(district("210203")),
            password_hash: Some("$argon2id$placeholder".into()),
            ..account("reviewer", Role::DistrictReviewer)
        },
    )
    .await
    .unwrap();
    let admin = accounts::insert(&tx, &account("admin", Role::Admin))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(accounts::get(&db.store, officer.id).await.unwrap(), officer);
    assert_eq!(officer.unit, Some(unit.id));
    let found = accounts::find_by_login(&db.store, "reviewer")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found, reviewer);
    assert_eq!(found.role, Role::DistrictReviewer);
    assert_eq!(found.district, Some(district("210203")));
    assert_eq!(
        found.password_hash.as_deref(),
        Some("$argon2id$placeholder")
    );
    assert_eq!(found.failed_logins, 0);
    assert_eq!(found.locked_until, None);
    assert!(
        !format!("{found:?}").contains("argon2"),
        "Debug shows the password hash"
    );
    assert_eq!((admin.unit, admin.district), (None, None));
    assert_eq!(
        accounts::find_by_login(&db.store, "nobody").await.unwrap(),
        None
    );
}

async fn an_account_whose_scope_does_not_fit_its_role_is_refused(db: TestDb) {
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let refused = [
        account("r", Role::DistrictReviewer),
        account("o", Role::UnitOfficer),
        NewAccount {
            district: Some(district("210202")),
            ..account("c", Role::CityReviewer)
        },
        NewAccount {
            unit: Some(unit.id),
            ..account("e", Role::Expert)
        },
    ];
    for new in refused {
        let err = accounts::insert(&tx, &new).await.unwrap_err();
        assert!(
            matches!(err, StoreError::AccountScope(_)),
            "{}: {err}",
            new.login
        );
    }
}

async fn the_database_itself_refuses_a_district_reviewer_without_a_district(db: TestDb) {
    let err = sea_orm::ConnectionTrait::execute_unprepared(
        jiangxin_store::Reader::conn(&db.store),
        "INSERT INTO accounts (login, role, failed_logins, created_at) \
         VALUES ('x', 'district_reviewer', 0, '2026-01-01T00:00:00Z')",
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains("ck_accounts_district_scope"),
        "{err}"
    );
}

async fn a_second_account_with_the_same_login_is_a_duplicate(db: TestDb) {
    let tx = db.begin().await;
    accounts::insert(&tx, &account("13812345678", Role::Individual))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let err = accounts::insert(&tx, &account("13812345678", Role::Individual))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Duplicate { entity: EntityKind::Account, key } if key == "login"),
        "{err}"
    );
    // The login may be a phone number; the error does not repeat it.
    assert!(!err.to_string().contains("13812345678"), "{err}");
}
