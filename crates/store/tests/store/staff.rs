//! A unit's staff roster in the store: members are persons found or recorded by ID number,
//! edited, marked as left once and never before they joined; every change is audited.

use chrono::NaiveDate;
use jiangxin_domain::skill::SkillLevel;
use jiangxin_store::persons::{self, NewPerson};
use jiangxin_store::staff::{self, NewStaff, StaffChange};
use jiangxin_store::units::UnitId;
use jiangxin_store::{EntityKind, StoreError, audit};

use crate::common::{TestDb, on_both_backends};
use crate::fixtures::{self, resident_id};

on_both_backends!(
    a_member_is_added_changed_and_marked_as_left_and_the_audit_log_stays_intact,
    adding_a_person_on_record_reuses_the_person_and_a_different_name_is_refused,
    a_person_is_on_a_units_roster_once_but_may_be_on_two_units_rosters,
    a_member_cannot_leave_before_joining_nor_leave_twice,
    a_roster_lists_current_staff_first_then_former_staff_by_joining_date,
);

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn new_staff(unit: UnitId, n: u16, joined: &str) -> NewStaff {
    NewStaff {
        unit,
        person: NewPerson {
            id_number: resident_id(n),
            name: format!("王{n}"),
            phone: None,
        },
        post: "数控车工".to_owned(),
        skill_level: Some(SkillLevel::Senior),
        joined_on: day(joined),
    }
}

async fn a_member_is_added_changed_and_marked_as_left_and_the_audit_log_stays_intact(db: TestDb) {
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let added = staff::add(&tx, &new_staff(unit.id, 1, "2015-03-01"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(added.unit, unit.id);
    assert_eq!(added.person.id_number, resident_id(1));
    assert_eq!(added.person.name, "王1");
    assert_eq!(added.post, "数控车工");
    assert_eq!(added.skill_level, Some(SkillLevel::Senior));
    assert_eq!(added.left_on, None);

    let tx = db.begin().await;
    let changed = staff::update(
        &tx,
        added.id,
        &StaffChange {
            post: "数控铣工".to_owned(),
            skill_level: Some(SkillLevel::Technician),
        },
    )
    .await
    .unwrap();
    let left = staff::mark_left(&tx, added.id, day("2021-06-30"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(changed.post, "数控铣工");
    assert_eq!(changed.skill_level, Some(SkillLevel::Technician));
    assert_eq!(left.left_on, Some(day("2021-06-30")));
    assert_eq!(staff::get(&db.store, added.id).await.unwrap(), left);
    assert_eq!(
        db.count("SELECT COUNT(*) FROM unit_staff WHERE skill_level = '技师'")
            .await,
        1,
        "the level is stored by its Chinese name, as facts write it"
    );

    let report = audit::verify(&db.store).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
    assert_eq!(
        db.count("SELECT COUNT(*) FROM audit_log WHERE entity = 'unit_staff'")
            .await,
        3,
        "added, changed, left"
    );
    assert_eq!(EntityKind::UnitStaff.table(), "unit_staff");
}

async fn adding_a_person_on_record_reuses_the_person_and_a_different_name_is_refused(db: TestDb) {
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let known = fixtures::person(&tx, 7).await;
    let added = staff::add(&tx, &new_staff(unit.id, 7, "2015-03-01"))
        .await
        .unwrap();
    assert_eq!(added.person.id, known.id);
    let mut renamed = new_staff(unit.id, 8, "2015-03-01");
    fixtures::person(&tx, 8).await;
    renamed.person.name = "李8".to_owned();
    let refused = staff::add(&tx, &renamed).await.unwrap_err();
    assert!(matches!(refused, StoreError::NameDiffers), "{refused:?}");
    assert!(refused.to_string().contains("另一姓名"));
    tx.commit().await.unwrap();
    assert_eq!(db.count("SELECT COUNT(*) FROM persons").await, 2);
    assert_eq!(db.count("SELECT COUNT(*) FROM unit_staff").await, 1);

    let tx = db.begin().await;
    let unit_2 = fixtures::unit(&tx, 2).await;
    let recorded = staff::add(&tx, &new_staff(unit_2.id, 9, "2020-01-02"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let person = persons::find_by_id_number(&db.store, &resident_id(9))
        .await
        .unwrap()
        .expect("recorded with the member");
    assert_eq!(recorded.person, person);
}

async fn a_person_is_on_a_units_roster_once_but_may_be_on_two_units_rosters(db: TestDb) {
    let tx = db.begin().await;
    let first = fixtures::unit(&tx, 1).await;
    let second = fixtures::unit(&tx, 2).await;
    staff::add(&tx, &new_staff(first.id, 1, "2015-03-01"))
        .await
        .unwrap();
    staff::add(&tx, &new_staff(second.id, 1, "2019-03-01"))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let again = staff::add(&tx, &new_staff(first.id, 1, "2016-01-01"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            again,
            StoreError::Duplicate {
                entity: EntityKind::UnitStaff,
                ..
            }
        ),
        "{again:?}"
    );
}

async fn a_member_cannot_leave_before_joining_nor_leave_twice(db: TestDb) {
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let added = staff::add(&tx, &new_staff(unit.id, 1, "2015-03-01"))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let early = staff::mark_left(&tx, added.id, day("2015-02-28"))
        .await
        .unwrap_err();
    assert!(
        matches!(early, StoreError::LeftBeforeJoined { joined_on } if joined_on == day("2015-03-01")),
        "{early:?}"
    );
    assert!(early.to_string().contains("离职日期不能早于入职日期"));
    let same_day = staff::mark_left(&tx, added.id, day("2015-03-01"))
        .await
        .unwrap();
    assert_eq!(same_day.left_on, Some(day("2015-03-01")));
    let twice = staff::mark_left(&tx, added.id, day("2016-01-01"))
        .await
        .unwrap_err();
    assert!(matches!(twice, StoreError::Conflict { .. }), "{twice:?}");
}

async fn a_roster_lists_current_staff_first_then_former_staff_by_joining_date(db: TestDb) {
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let other = fixtures::unit(&tx, 2).await;
    let gone = staff::add(&tx, &new_staff(unit.id, 1, "2010-01-01"))
        .await
        .unwrap();
    staff::add(&tx, &new_staff(unit.id, 2, "2018-05-01"))
        .await
        .unwrap();
    staff::add(&tx, &new_staff(unit.id, 3, "2012-05-01"))
        .await
        .unwrap();
    staff::add(&tx, &new_staff(other.id, 4, "2011-05-01"))
        .await
        .unwrap();
    staff::mark_left(&tx, gone.id, day("2020-01-01"))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let roster = staff::of_unit(&db.store, unit.id).await.unwrap();
    let names: Vec<&str> = roster.iter().map(|m| m.person.name.as_str()).collect();
    assert_eq!(names, ["王3", "王2", "王1"]);
    assert_eq!(roster[2].left_on, Some(day("2020-01-01")));
}
