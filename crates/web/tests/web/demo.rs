//! The demo: seeded once through the workflow, with every role's log-in working.

use jiangxin_store::testing::TestDb;
use jiangxin_web::demo;

use crate::harness::Server;

#[tokio::test]
async fn the_demo_seeds_applications_of_every_seed_program_once_and_its_log_ins_work() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    demo::seed(&server.state).await.unwrap();
    let applications = server.db.count("SELECT COUNT(*) FROM applications").await;
    let programs = server
        .db
        .count(
            "SELECT COUNT(DISTINCT v.program_id) FROM applications a \
             JOIN program_versions v ON v.id = a.program_version_id",
        )
        .await;
    assert_eq!(programs, 5, "every seed program has demo applications");
    assert_eq!(
        server
            .db
            .count("SELECT COUNT(DISTINCT unit_id) FROM unit_staff")
            .await,
        server.db.count("SELECT COUNT(*) FROM units").await,
        "every demo unit has its staff roster"
    );
    for stage in [
        "draft",
        "returned:district-collect",
        "at:audit",
        "at:public-notice",
        "at:panel-review",
        "at:security-credit-review",
        "at:initial-check",
        "at:training-review",
        "at:payment",
    ] {
        let n = server
            .db
            .count(&format!(
                "SELECT COUNT(*) FROM applications WHERE stage = '{stage}'"
            ))
            .await;
        assert!(n >= 1, "an application at {stage}");
    }
    for (what, sql) in [
        (
            "an objection to the open notice",
            "SELECT COUNT(*) FROM objections",
        ),
        (
            "site inspections",
            "SELECT COUNT(*) FROM application_events WHERE action = 'inspection.record'",
        ),
        (
            "a selected candidate",
            "SELECT COUNT(*) FROM application_events WHERE action = 'panel.select'",
        ),
        ("a declared conflict", "SELECT COUNT(*) FROM panel_recusals"),
    ] {
        assert!(server.db.count(sql).await >= 1, "{what}");
    }
    // The certificate and finance pages have something to show: 004's certified candidate, its
    // first year paid and its second due, and a 46号 training subsidy paid to the enterprise.
    assert_eq!(
        server
            .db
            .count(
                "SELECT COUNT(*) FROM titles t JOIN persons p ON p.id = t.person_id \
                 WHERE t.name = '区管首席技师' AND p.name = '黄伟文' AND t.revoked_at IS NULL \
                 AND t.granted_on = '2024-04-24' AND t.valid_until = '2026-04-23'"
            )
            .await,
        1,
        "黄伟文 holds the title for the 2-year term from the day of the certificate"
    );
    for (status, benefits) in [
        ("paid", "'allowance', 'training-fee'"),
        ("scheduled", "'allowance', 'appraisal-fee'"),
    ] {
        assert_eq!(
            server
                .db
                .count(&format!(
                    "SELECT COUNT(*) FROM payments p JOIN entitlements e ON e.id = p.entitlement_id \
                     WHERE p.status = '{status}' AND e.benefit IN ({benefits})"
                ))
                .await,
            2,
            "{status}: {benefits}"
        );
    }
    demo::seed(&server.state).await.unwrap();
    assert_eq!(
        server.db.count("SELECT COUNT(*) FROM applications").await,
        applications,
        "seeding again adds nothing"
    );
    assert_eq!(server.state.today(), demo::DEMO_DAY);
    assert!(demo::describe().contains("demo-zhongshan"));
    let client = server.client();
    let csrf = server.csrf(&client, "/login").await;
    let response = client
        .post(server.url("/login"))
        .form(&[
            ("login", "demo-zhongshan"),
            ("password", demo::PASSWORD),
            ("_csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let work = client
        .get(server.url("/work"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        work.contains("张海涛"),
        "the district sees its unit's application at its stage"
    );
    assert!(
        work.contains("已逾期"),
        "a stage past its window is marked overdue"
    );
}
