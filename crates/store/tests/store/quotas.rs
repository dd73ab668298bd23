use std::sync::Arc;

use jiangxin_store::applications::ApplicationId;
use jiangxin_store::quotas;
use jiangxin_store::{Actor, EntityKind, StoreError, audit};

use crate::common::{TestDb, join_all, on_both_backends};
use crate::fixtures;

on_both_backends!(
    exactly_the_quota_succeeds_when_32_reviewers_claim_at_the_same_moment,
    a_released_place_can_be_claimed_again,
    an_application_cannot_hold_two_places_in_one_pool,
    one_pool_per_program_version_and_scope,
);

/// `count` applications under one program version, each by its own person.
async fn applications(
    db: &TestDb,
    count: u16,
) -> (jiangxin_store::programs::ProgramVersion, Vec<ApplicationId>) {
    let tx = db.begin().await;
    let program = fixtures::program(&tx).await;
    let mut ids = Vec::new();
    for n in 0..count {
        let person = fixtures::person(&tx, n).await;
        ids.push(fixtures::application(&tx, &program, &person).await.id);
    }
    tx.commit().await.unwrap();
    (program, ids)
}

async fn exactly_the_quota_succeeds_when_32_reviewers_claim_at_the_same_moment(db: TestDb) {
    const CAPACITY: u32 = 5;
    let (program, apps) = applications(&db, 32).await;
    let tx = db.begin().await;
    let pool = quotas::create_pool(&tx, program.id, "210202", CAPACITY)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let store = Arc::new(db.store.clone());
    let barrier = Arc::new(tokio::sync::Barrier::new(apps.len()));
    let reviewers = apps.iter().map(|&application| {
        let (store, barrier) = (Arc::clone(&store), Arc::clone(&barrier));
        tokio::spawn(async move {
            barrier.wait().await;
            let tx = store.begin(Actor::system("reviewer")).await?;
            let claim = quotas::claim(&tx, pool.id, application).await?;
            tx.commit().await?;
            Ok::<_, StoreError>(claim)
        })
    });
    let results = join_all(reviewers).await;

    let won: Vec<ApplicationId> = results
        .iter()
        .filter_map(|r| r.as_ref().ok().map(|c| c.application))
        .collect();
    assert_eq!(won.len(), CAPACITY as usize, "{results:?}");
    for result in &results {
        if let Err(err) = result {
            assert!(
                matches!(err, StoreError::QuotaFull { scope } if scope == "210202"),
                "{err}"
            );
        }
    }
    let pool = quotas::get_pool(&db.store, pool.id).await.unwrap();
    assert_eq!((pool.claimed, pool.remaining()), (5, 0));
    let mut holders: Vec<ApplicationId> = quotas::claims(&db.store, pool.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.application)
        .collect();
    holders.sort();
    let mut won = won;
    won.sort();
    assert_eq!(holders, won);
    let report = audit::verify(&db.store).await.unwrap();
    assert!(report.is_intact(), "{report:?}");
}

async fn a_released_place_can_be_claimed_again(db: TestDb) {
    let (program, apps) = applications(&db, 2).await;
    let tx = db.begin().await;
    let pool = quotas::create_pool(&tx, program.id, "city", 1)
        .await
        .unwrap();
    quotas::claim(&tx, pool.id, apps[0]).await.unwrap();
    tx.commit().await.unwrap();

    let tx = db.begin().await;
    let err = quotas::claim(&tx, pool.id, apps[1]).await.unwrap_err();
    assert_eq!(err.to_string(), "名额已满（the quota is full）：city");
    drop(tx);

    let tx = db.begin().await;
    quotas::release(&tx, pool.id, apps[0]).await.unwrap();
    let claim = quotas::claim(&tx, pool.id, apps[1]).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(claim.application, apps[1]);
    let claims = quotas::claims(&db.store, pool.id).await.unwrap();
    assert_eq!(claims, vec![claim]);
    assert_eq!(
        quotas::get_pool(&db.store, pool.id).await.unwrap().claimed,
        1
    );

    let tx = db.begin().await;
    let err = quotas::release(&tx, pool.id, apps[0]).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                entity: EntityKind::QuotaClaim,
                ..
            }
        ),
        "{err}"
    );
}

async fn an_application_cannot_hold_two_places_in_one_pool(db: TestDb) {
    let (program, apps) = applications(&db, 1).await;
    let tx = db.begin().await;
    let pool = quotas::create_pool(&tx, program.id, "city", 3)
        .await
        .unwrap();
    quotas::claim(&tx, pool.id, apps[0]).await.unwrap();
    let err = quotas::claim(&tx, pool.id, apps[0]).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Duplicate {
                entity: EntityKind::QuotaClaim,
                ..
            }
        ),
        "{err}"
    );
    tx.commit().await.unwrap();
    assert_eq!(
        quotas::get_pool(&db.store, pool.id).await.unwrap().claimed,
        1
    );
}

async fn one_pool_per_program_version_and_scope(db: TestDb) {
    let (program, _) = applications(&db, 0).await;
    let tx = db.begin().await;
    let pool = quotas::create_pool(&tx, program.id, "210203", 2)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        quotas::find_pool(&db.store, program.id, "210203")
            .await
            .unwrap(),
        Some(pool)
    );
    assert_eq!(
        quotas::find_pool(&db.store, program.id, "210204")
            .await
            .unwrap(),
        None
    );

    let tx = db.begin().await;
    let err = quotas::create_pool(&tx, program.id, "210203", 9)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Duplicate {
                entity: EntityKind::QuotaPool,
                ..
            }
        ),
        "{err}"
    );
}
