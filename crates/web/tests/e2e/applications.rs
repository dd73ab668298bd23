//! A unit's application to 201号 through the pages: registration, the form with its live
//! eligibility check, submission with the commitment; and who may open it. The stages after
//! submission are walked in [`crate::walks`].

use jiangxin_store::accounts::Role;
use jiangxin_store::testing::TestDb;

use crate::browser::Browser;
use crate::harness::{PASSWORD, Server};
use crate::walk::{Unit, register_unit};

const FORM: &str = "/apply/dalian-craftsman-2021/craftsman";

/// 大连重工机床有限公司, an enterprise of 中山区, with its officer `officer`.
fn machine_tools() -> Unit {
    Unit {
        credit_code: "91210200MA0QC5KN6N".to_owned(),
        name: "大连重工机床有限公司",
        unit_type: "企业",
        enterprise_class: Some("市属（及以下）各类所有制企业"),
        district: "210202",
        login: "officer",
    }
}

/// Fills the craftsman form for 王建国, first short of the skill level 201号 asks and then so
/// that every hard condition holds, saves the
/// draft, submits it with the commitment, and answers the application's path.
async fn apply_as_craftsman(browser: &Browser, shots: Option<&str>) -> String {
    browser.goto(FORM).await;
    browser.fill("[name=id_number]", "210202197503011233").await;
    browser.fill("[name=name]", "王建国").await;
    browser
        .select("[name='person.skill_level']", "高级工")
        .await;
    let check = browser.text_with("#check", "结论：不符合").await;
    assert!(check.contains("被所在企业认定为工匠技师 不符合"), "{check}");
    browser
        .click("input[name='person.enterprise_ranks'][value='工匠技师']")
        .await;
    browser.select("[name='person.frontline']", "true").await;
    browser
        .fill("[name='person.city_social_security_months']", "72")
        .await;
    browser.select("[name='person.skill_level']", "技师").await;
    let check = browser
        .text_with(
            "#check",
            "职业资格等级 符合 职业技能等级 技师，符合“技师以上”（含本数） 大人社发〔2021〕201号 二、(一)",
        )
        .await;
    // Every hard condition holds; what 201号 leaves to the bureau and the panel stays open.
    assert!(check.starts_with("结论：需人工审核"), "{check}");
    assert!(!check.contains("不符合"), "{check}");
    assert!(
        check.contains("“大连工匠”一次性奖励：120,000.00 元"),
        "{check}"
    );
    if let Some(prefix) = shots {
        browser.shot(&format!("{prefix}-form-checked")).await;
    }
    browser.click("#application-form button[type=submit]").await;
    browser.text_with("dl.facts", "草稿").await;
    let path = browser.path().await;
    if let Some(prefix) = shots {
        browser.shot(&format!("{prefix}-draft")).await;
    }

    browser.click("input[name=agree]").await;
    browser
        .click(&format!("form[action='{path}/submit'] button[type=submit]"))
        .await;
    browser.text_with(".timeline", "提交申报（已承诺）").await;
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_registers_fills_the_craftsman_form_with_its_live_check_and_submits_it() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    let browser = Browser::open(&server.base).await;
    register_unit(&browser, &machine_tools(), Some("craftsman-1")).await;
    let path = apply_as_craftsman(&browser, Some("craftsman-2")).await;

    let facts = browser.text_with("dl.facts", "王建国").await;
    assert!(
        facts.contains("210202********1233"),
        "the ID number is masked: {facts}"
    );
    assert!(facts.contains("大连重工机床有限公司"), "{facts}");
    assert!(
        facts.contains("当前环节\n待推荐阶段　由申报单位办理；时间：2021-06-18 至 2021-07-02"),
        "the unit recommends it next, within 201号's window: {facts}"
    );
    browser.shot("craftsman-3-submitted").await;
    browser.goto("/unit").await;
    browser.text_with("main", "王建国").await;
    browser.shot("craftsman-4-unit-list").await;
    assert!(path.starts_with("/applications/"), "{path}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_district_reviewer_of_another_district_gets_the_not_found_page_for_the_application() {
    let server = Server::start(TestDb::sqlite().await, "2021-06-20").await;
    server
        .account("jinzhou", Role::DistrictReviewer, Some("210213"))
        .await;
    let browser = Browser::open(&server.base).await;
    register_unit(&browser, &machine_tools(), None).await;
    let path = apply_as_craftsman(&browser, None).await;

    browser.sign_in("jinzhou", PASSWORD).await;
    browser.goto(&path).await;
    let id = path.trim_start_matches("/applications/");
    let refused = browser.text_with("main", "找不到").await;
    assert_eq!(
        refused,
        format!("找不到\n找不到申报 {id}（application {id} not found）\n返回首页"),
        "the page says no more than that it is not found"
    );
    browser.shot("scope-other-district-404").await;
    browser.close().await;
}
