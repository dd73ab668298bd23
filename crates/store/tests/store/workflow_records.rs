use jiangxin_store::StoreError;
use jiangxin_store::accounts::{self, NewAccount, Role};

use crate::common::{TestDb, on_both_backends};
use crate::fixtures;

on_both_backends!(
    only_an_individuals_account_is_linked_to_a_person,
    a_person_has_at_most_one_individual_account,
);

fn account(login: &str, role: Role, unit: Option<jiangxin_store::units::UnitId>) -> NewAccount {
    NewAccount {
        login: login.into(),
        password_hash: None,
        role,
        district: None,
        unit,
    }
}

async fn only_an_individuals_account_is_linked_to_a_person(db: TestDb) {
    let tx = db.begin().await;
    let unit = fixtures::unit(&tx, 1).await;
    let person = fixtures::person(&tx, 1).await;
    let officer = accounts::insert(&tx, &account("officer", Role::UnitOfficer, Some(unit.id)))
        .await
        .unwrap();
    let individual = accounts::insert(&tx, &account("self", Role::Individual, None))
        .await
        .unwrap();

    let err = accounts::link_person(&tx, officer.id, person.id)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::AccountScope(_)), "{err}");
    accounts::link_person(&tx, individual.id, person.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(
        accounts::person_of(&db.store, individual.id).await.unwrap(),
        Some(person.id)
    );
    assert_eq!(
        accounts::person_of(&db.store, officer.id).await.unwrap(),
        None
    );
}

async fn a_person_has_at_most_one_individual_account(db: TestDb) {
    let tx = db.begin().await;
    let person = fixtures::person(&tx, 1).await;
    let first = accounts::insert(&tx, &account("first", Role::Individual, None))
        .await
        .unwrap();
    let second = accounts::insert(&tx, &account("second", Role::Individual, None))
        .await
        .unwrap();
    accounts::link_person(&tx, first.id, person.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let err = accounts::link_person(&tx, second.id, person.id)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Duplicate { .. }), "{err}");
}
