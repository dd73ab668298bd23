//! Approval and payment through the pages: the city approves a training-subsidy claim with its
//! document, the finance bureau sees the payments due and records them, and anyone may check a
//! certificate's code.

use jiangxin_store::accounts::{self, Role};
use jiangxin_store::on_both_backends;
use jiangxin_store::testing::TestDb;
use jiangxin_workflow::NewDraft;
use serde_json::json;

use crate::applications::{CREDIT_CODE, post, registered_unit};
use crate::harness::Server;

on_both_backends!(
    the_city_approves_a_subsidy_claim_and_the_finance_bureau_pays_it_through_the_pages,
    the_certificate_check_is_public_and_says_when_no_certificate_has_the_code,
);

async fn the_city_approves_a_subsidy_claim_and_the_finance_bureau_pays_it_through_the_pages(
    db: TestDb,
) {
    let server = Server::start(db, "2021-09-01").await;
    let officer_client = registered_unit(&server, "officer", CREDIT_CODE).await;
    server.account("city", Role::CityReviewer, None).await;
    server.account("finance", Role::Finance, None).await;
    let workflow = server.state.workflow();
    let store = server.state.store();
    let city_id = accounts::find_by_login(&store, "city")
        .await
        .unwrap()
        .unwrap()
        .id;
    let city = workflow.caller(city_id).await.unwrap();
    for parameter in ["training_fee_subsidy", "appraisal_fee_subsidy"] {
        workflow
            .set_parameter(
                &city,
                "dalian-skilled-talent-2011",
                parameter,
                "600",
                "补贴标准文件",
            )
            .await
            .unwrap();
    }
    let officer_id = accounts::find_by_login(&store, "officer")
        .await
        .unwrap()
        .unwrap()
        .id;
    let officer = workflow.caller(officer_id).await.unwrap();
    let tx = store
        .begin(jiangxin_store::Actor::system("test"))
        .await
        .unwrap();
    let person = jiangxin_store::persons::insert(
        &tx,
        &jiangxin_store::persons::NewPerson {
            id_number: jiangxin_store::testing::resident_id(7),
            name: "孙晓峰".into(),
            phone: None,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let draft = workflow
        .create_draft(
            &officer,
            &NewDraft {
                program_id: "dalian-skilled-talent-2011".into(),
                category: "training-subsidy".into(),
                applicant: Some(person.id),
                unit: officer.unit,
                facts: json!({
                    "person": { "skill_level": "高级工", "shortage_occupation": true, "certificate_obtained_on": "2021-03-01" },
                    "unit": { "education_fund_compliant": true }
                }),
            },
        )
        .await
        .unwrap();
    let submitted = workflow
        .submit(
            &officer,
            draft.id,
            draft.row_version,
            "承诺所填信息真实有效",
        )
        .await
        .unwrap();
    let claimed = workflow
        .recommend(
            &officer,
            submitted.id,
            submitted.row_version,
            &jiangxin_workflow::RecommendationInput {
                rank: 1,
                notice: None,
                over_cap_reason: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(claimed.stage, "at:training-review");

    let city_client = server.signed_in("city").await;
    let page = city_client
        .get(server.url(&format!("/applications/{}", claimed.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("审定：人社部门审核"),
        "the approval form is offered"
    );
    assert!(
        !page.contains("提交审核意见"),
        "an approval is not a review"
    );
    let response = post(
        &server,
        &city_client,
        &format!("/applications/{}/approve", claimed.id),
        &[
            ("row_version", &claimed.row_version.to_string()),
            ("document", "大人社〔2021〕120号"),
        ],
    )
    .await;
    assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    let page = city_client
        .get(server.url(&format!("/applications/{}", claimed.id)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("审定通过") && page.contains("大人社〔2021〕120号"));
    assert!(page.contains("培训补贴") || page.contains("待遇"));
    assert!(page.contains("600.00"), "{page}");

    // The finance bureau's list names the payee and pays each payment.
    let finance = server.signed_in("finance").await;
    let list = finance
        .get(server.url("/finance"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The training fee is paid to the enterprise (46号 六、).
    assert!(
        list.contains("大连重工机床有限公司") && list.contains("培训费补贴"),
        "{list}"
    );
    let ids: Vec<i64> = list
        .match_indices("/finance/payments/")
        .filter_map(|(at, _)| {
            let rest = &list[at + "/finance/payments/".len()..];
            let (id, tail) = rest.split_once('/')?;
            tail.starts_with("pay").then(|| id.parse().ok()).flatten()
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(ids.len(), 2, "{list}");
    for id in ids {
        let response = post(
            &server,
            &finance,
            &format!("/finance/payments/{id}/pay"),
            &[("on", "2021-09-01"), ("reference", "DL-2021-0901")],
        )
        .await;
        assert_eq!(response.status(), 303, "{}", response.text().await.unwrap());
    }
    let done = workflow.application(&city, claimed.id).await.unwrap();
    assert_eq!(done.stage, "completed");

    // Reviewers do not pay.
    let refused = post(
        &server,
        &city_client,
        "/finance/payments/1/pay",
        &[("on", "2021-09-01"), ("reference", "X")],
    )
    .await;
    assert_eq!(refused.status(), 403);
    let _ = officer_client;
}

async fn the_certificate_check_is_public_and_says_when_no_certificate_has_the_code(db: TestDb) {
    let server = Server::start(db, "2021-09-01").await;
    let page = server
        .client()
        .get(server.url("/verify?code=0123456789ABCDEF"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let text = page.text().await.unwrap();
    assert!(text.contains("证书查验") && text.contains("未找到该验证码对应的证书"));
}
