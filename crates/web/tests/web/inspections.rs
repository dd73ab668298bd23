//! Site inspections recorded through the application's page, and their scope.

use jiangxin_store::testing::TestDb;

use crate::harness::Server;

#[tokio::test]
async fn a_district_records_a_site_inspection_that_the_history_shows_and_another_district_cannot() {
    let server = Server::demo(TestDb::sqlite().await).await;
    server.clock.set(crate::harness::date("2024-04-16"));
    // 陈志强's self-recommendation waits at 惠阳区's initial check.
    let application = server
        .db
        .count("SELECT id FROM applications WHERE stage = 'at:initial-check'")
        .await;
    let path = format!("/applications/{application}");
    let huiyang = server.demo_user("demo-huiyang").await;
    let (status, page) = server.get(&huiyang, &path).await;
    assert_eq!(status, 200);
    assert!(page.contains("记录实地考察"), "{page}");
    let form = [
        ("visited_on", "2024-04-16"),
        ("inspectors", "区人社局 张三、李四"),
        ("findings", "申报人在一线岗位，现场操作熟练"),
    ];
    let (status, future) = server
        .post(
            &huiyang,
            &format!("{path}/inspections"),
            &[("visited_on", "2024-04-30"), form[1], form[2]],
        )
        .await;
    assert_eq!(status, 400, "a visit cannot be in the future: {future}");
    let (status, _) = server
        .post(&huiyang, &format!("{path}/inspections"), &form)
        .await;
    assert_eq!(status, 303);
    let applicant = server.demo_user("demo-person").await;
    let (_, page) = server.get(&applicant, &path).await;
    assert!(
        page.contains("记录实地考察")
            && page.contains("考察日期 2024-04-16；考察人员：区人社局 张三、李四；考察情况：申报人在一线岗位，现场操作熟练"),
        "{page}"
    );

    let zhongshan = server.demo_user("demo-zhongshan").await;
    let (status, _) = server
        .post(&zhongshan, &format!("{path}/inspections"), &form)
        .await;
    assert_eq!(
        status, 404,
        "another district's application does not exist for it"
    );
}
