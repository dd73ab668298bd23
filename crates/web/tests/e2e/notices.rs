//! A public notice (公示) through the pages: anyone reads the list with masked ID numbers and
//! objects with evidence, and gets a receipt number.

use fantoccini::Locator;
use jiangxin_store::testing::TestDb;

use crate::browser::Browser;
use crate::harness::Server;

/// The start of a PNG file, which is what the upload check looks at.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR evidence";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_objects_to_a_running_notice_with_evidence_and_sees_the_receipt_number() {
    // The demo runs 306号's social notice through the workflow, with the date inside it.
    let server = Server::demo(TestDb::sqlite().await).await;
    let browser = Browser::open(&server.base).await;

    browser.goto("/notices").await;
    let list = browser.text_with("main", "韩守业").await;
    assert!(list.contains("冯德胜"), "{list}");
    assert!(
        list.contains("2021-11-24 至 2021-12-01"),
        "the window's dates: {list}"
    );
    assert!(
        list.contains("210283********"),
        "the ID number is masked: {list}"
    );
    browser.shot("notice-1-list").await;

    browser
        .client
        .find(Locator::XPath(
            "//section[contains(., '韩守业')]//a[starts-with(@href, '/notices/')]",
        ))
        .await
        .expect("the notice of 韩守业 has a link")
        .click()
        .await
        .unwrap();
    browser
        .find("select[name=application]")
        .await
        .select_by(Locator::XPath(".//option[starts-with(., '韩守业')]"))
        .await
        .expect("韩守业 is on the notice");
    browser.fill("[name=name]", "李明").await;
    browser.fill("[name=contact]", "13900001111").await;
    browser
        .fill("[name=reason]", "申报人的荣誉证书日期有误")
        .await;
    let evidence = tempfile::Builder::new()
        .suffix(".png")
        .tempfile()
        .expect("a file to upload");
    std::fs::write(evidence.path(), PNG).unwrap();
    browser
        .find("input[name=file]")
        .await
        .send_keys(evidence.path().to_str().unwrap())
        .await
        .unwrap();
    browser.shot("notice-2-objection-form").await;
    browser
        .click("form[enctype='multipart/form-data'] button[type=submit]")
        .await;

    let receipt = browser.text_with("main", "回执编号：GS-").await;
    assert!(receipt.contains("异议已受理"), "{receipt}");
    browser.shot("notice-3-receipt").await;
    let han = server
        .db
        .count(
            "SELECT o.id FROM objections o JOIN public_notice_entries e \
             ON e.application_id = o.application_id WHERE e.name = '韩守业'",
        )
        .await;
    let notice = server
        .db
        .count("SELECT MAX(id) FROM public_notices WHERE closed_at IS NULL")
        .await;
    assert!(
        receipt.contains(&format!("回执编号：GS-{notice:04}-{han:06}")),
        "the receipt names the objection recorded against 韩守业: {receipt}"
    );
    browser.close().await;
}
