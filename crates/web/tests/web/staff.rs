//! The unit's staff roster through the pages: adding, the ID number's Chinese error, scope
//! between units and for reviewers, marking a member as left, and the apply page filled from
//! the roster.

use jiangxin_store::accounts::Role;
use jiangxin_store::on_both_backends;
use jiangxin_store::staff::{self, StaffMember};
use jiangxin_store::testing::{TestDb, credit_code};
use jiangxin_store::units;

use crate::applications::{CREDIT_CODE, registered_unit};
use crate::harness::Server;

on_both_backends!(
    a_unit_officer_keeps_its_roster_and_fills_an_application_from_it,
    another_units_officer_neither_sees_nor_edits_the_roster_and_only_its_district_reads_it,
);

const ID_NUMBER: &str = "210202197503011233";

async fn roster(server: &Server, credit: &str) -> Vec<StaffMember> {
    let code = jiangxin_domain::credit_code::CreditCode::parse(credit).unwrap();
    let unit = units::find_by_credit_code(&server.db.store, &code)
        .await
        .unwrap()
        .expect("the unit");
    staff::of_unit(&server.db.store, unit.id).await.unwrap()
}

async fn add_wang(server: &Server, officer: &reqwest::Client) -> (u16, String) {
    server
        .post(
            officer,
            "/unit/staff",
            &[
                ("id_number", ID_NUMBER),
                ("name", "王建国"),
                ("phone", "13912345678"),
                ("post", "数控车工"),
                ("skill_level", "技师"),
                ("joined_on", "2015-03-01"),
            ],
        )
        .await
}

async fn a_unit_officer_keeps_its_roster_and_fills_an_application_from_it(db: TestDb) {
    let server = Server::start(db, "2021-06-20").await;
    let officer = registered_unit(&server, "officer", CREDIT_CODE).await;

    let (status, page) = server.get(&officer, "/unit").await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"href="/unit/staff""#),
        "the menu links the roster"
    );

    let (status, page) = server
        .post(
            &officer,
            "/unit/staff",
            &[
                ("id_number", "210202197503011234"),
                ("name", "王建国"),
                ("phone", ""),
                ("post", "数控车工"),
                ("skill_level", "技师"),
                ("joined_on", "2015-03-01"),
            ],
        )
        .await;
    assert_eq!(status, 400);
    assert!(page.contains("身份证号码："), "{page}");
    assert_eq!(server.db.count("SELECT COUNT(*) FROM unit_staff").await, 0);
    assert_eq!(server.db.count("SELECT COUNT(*) FROM persons").await, 0);

    let (status, _) = add_wang(&server, &officer).await;
    assert_eq!(status, 303);
    let members = roster(&server, CREDIT_CODE).await;
    assert_eq!(members.len(), 1);
    let id = members[0].id;
    assert_eq!(members[0].person.name, "王建国");
    assert_eq!(members[0].post, "数控车工");

    let (status, page) = server.get(&officer, "/unit/staff").await;
    assert_eq!(status, 200);
    assert!(page.contains("王建国"));
    assert!(page.contains("210202********1233"), "{page}");
    assert!(!page.contains(ID_NUMBER), "the roster masks the ID number");
    assert!(page.contains("<td>男</td><td>46</td>"), "{page}");
    assert!(page.contains("<td>技师</td><td>2015-03-01</td><td>—</td>"));

    let (status, _) = server
        .post(
            &officer,
            &format!("/unit/staff/{id}"),
            &[("post", "数控铣工"), ("skill_level", "高级技师")],
        )
        .await;
    assert_eq!(status, 303);

    let path = format!("/apply/dalian-craftsman-2021/craftsman?staff={id}");
    let (status, form) = server.get(&officer, &path).await;
    assert_eq!(status, 200);
    assert!(form.contains("从本单位职工中选择"));
    assert!(form.contains(&format!(r#"value="{ID_NUMBER}""#)), "{form}");
    assert!(form.contains(r#"value="王建国""#));
    assert!(form.contains(r#"value="13912345678""#));
    assert!(
        form.contains(r#"<option value="高级技师" selected>"#),
        "the member's skill level fills the form's"
    );

    let (status, page) = server
        .post(
            &officer,
            &format!("/unit/staff/{id}/left"),
            &[("left_on", "2015-02-01")],
        )
        .await;
    assert_eq!(status, 422, "before joining");
    assert!(page.contains("离职日期不能早于入职日期"), "{page}");
    let (status, _) = server
        .post(
            &officer,
            &format!("/unit/staff/{id}/left"),
            &[("left_on", "2021-06-18")],
        )
        .await;
    assert_eq!(status, 303);
    let members = roster(&server, CREDIT_CODE).await;
    assert_eq!(members[0].post, "数控铣工");
    assert_eq!(members[0].left_on, Some("2021-06-18".parse().unwrap()));
    let (_, page) = server.get(&officer, "/unit/staff").await;
    assert!(page.contains("<td>2021-06-18</td>"));
    assert!(!page.contains("标记离职"), "a former member has no forms");
    let (_, form) = server
        .get(&officer, "/apply/dalian-craftsman-2021/craftsman")
        .await;
    assert!(
        !form.contains(&format!(r#"<option value="{id}""#)),
        "former staff are not offered"
    );
}

async fn another_units_officer_neither_sees_nor_edits_the_roster_and_only_its_district_reads_it(
    db: TestDb,
) {
    let server = Server::start(db, "2021-06-20").await;
    let officer = registered_unit(&server, "officer", CREDIT_CODE).await;
    let other_code = credit_code(7);
    let other = registered_unit(&server, "other", other_code.as_str()).await;
    assert_eq!(add_wang(&server, &officer).await.0, 303);
    let member = roster(&server, CREDIT_CODE).await.remove(0);
    let id = member.id;

    let (status, page) = server.get(&other, "/unit/staff").await;
    assert_eq!(status, 200);
    assert!(!page.contains("王建国"));
    for (path, form) in [
        (
            format!("/unit/staff/{id}"),
            vec![("post", "钳工"), ("skill_level", "")],
        ),
        (
            format!("/unit/staff/{id}/left"),
            vec![("left_on", "2021-06-01")],
        ),
    ] {
        let (status, _) = server.post(&other, &path, &form).await;
        assert_eq!(status, 404, "{path}");
    }
    let (status, _) = server
        .get(
            &other,
            &format!("/apply/dalian-craftsman-2021/craftsman?staff={id}"),
        )
        .await;
    assert_eq!(status, 404);
    let unchanged = roster(&server, CREDIT_CODE).await.remove(0);
    assert_eq!(unchanged, member);

    server
        .account("zhongshan", Role::DistrictReviewer, Some("210202"))
        .await;
    server
        .account("jinzhou", Role::DistrictReviewer, Some("210213"))
        .await;
    let unit_page = format!("/units/{}/staff", member.unit);
    let (status, page) = server
        .get(&server.signed_in("zhongshan").await, &unit_page)
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("王建国"));
    assert!(!page.contains("标记离职"), "reviewers read only");
    let (status, _) = server
        .get(&server.signed_in("jinzhou").await, &unit_page)
        .await;
    assert_eq!(status, 404);
}
