//! One application of each seed program walked through the pages from registration to approval
//! ([`crate::walk`]): each test gives the program's inputs and checks what the approval
//! produced, on the page and in the database.

use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::money::Money;
use jiangxin_store::applications::{self, ApplicationId};
use jiangxin_store::testing::{TestDb, credit_code};
use jiangxin_store::{ledger, titles};

use crate::harness::Server;
use crate::walk::{Applicant, Field, Person, Seat, Unit, Walk, Walker};

/// A resident ID number: the 17 digits given and their check character.
fn id_number(first17: &str) -> String {
    let check = ResidentId::check_char(first17).expect("17 digits");
    format!("{first17}{check}")
}

/// An enterprise of `district` registering, with its officer `officer`.
fn enterprise(n: u32, name: &'static str, district: &'static str) -> Unit {
    Unit {
        credit_code: credit_code(n).as_str().to_owned(),
        name,
        unit_type: "企业",
        enterprise_class: Some("市属（及以下）各类所有制企业"),
        district,
        login: "officer",
    }
}

/// The page's benefits table says `amount` for the benefit `name`.
fn assert_benefit(page: &str, name: &str, amount: &str) {
    let row = page
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no benefit {name} on the page: {page}"));
    assert!(row.contains(amount), "{name} should be {amount}: {row}");
}

/// What the database holds of the application the page at `path` shows: its position, the
/// certificate number of its title, and each entitlement's benefit and amount.
struct Recorded {
    stage: String,
    certificate: Option<String>,
    entitlements: Vec<(String, Option<Money>)>,
}

async fn recorded(server: &Server, path: &str) -> Recorded {
    let id = ApplicationId(
        path.trim_start_matches("/applications/")
            .parse()
            .expect("an application's page"),
    );
    let store = &server.db.store;
    Recorded {
        stage: applications::get(store, id).await.unwrap().stage,
        certificate: titles::of_application(store, id)
            .await
            .unwrap()
            .map(|t| t.certificate_no),
        entitlements: ledger::entitlements(store, id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.benefit, e.amount))
            .collect(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_craftsman_of_201_is_walked_from_the_units_registration_to_the_city_governments_approval()
{
    let server = Server::start(TestDb::sqlite().await, "2021-06-21").await;
    let walk = Walk {
        name: "walk-201",
        program: "dalian-craftsman-2021",
        category: "craftsman",
        applicant: Applicant::Unit(
            enterprise(201, "大连重工机床有限公司", "210202"),
            Some(Person {
                id_number: "210202197503011233".to_owned(),
                name: "王建国",
            }),
        ),
        district: "210202",
        form: vec![
            Field::Choose("person.skill_level", "技师"),
            Field::Tick("person.enterprise_ranks", "工匠技师"),
            Field::Choose("person.frontline", "true"),
            Field::Type("person.city_social_security_months", "72"),
        ],
        check_says: &["结论：需人工审核", "“大连工匠”一次性奖励：120,000.00 元"],
        parameters: &[
            ("panel_quorum", "0.6", "市人社局“大连工匠”评审组组建方案"),
            ("panel_threshold", "0.5", "市人社局“大连工匠”评审组组建方案"),
        ],
        district_runs: false,
        inspections: &[],
        panel: &[
            Seat::Votes("expert-1"),
            Seat::Votes("expert-2"),
            Seat::SameUnit("expert-3"),
        ],
        notice_window: Some("2021-08-01 至 2021-08-10"),
        objection: false,
        document: "大政〔2021〕88号",
    };
    let (mut walker, approved) = Walker::walk(&server, walk).await;
    assert_eq!(approved.stage, "待发放奖励", "{approved:?}");
    let number = walker.certificate("大连工匠").await;
    assert_eq!(number, "JX-dalian-craftsman-2021-2021.2-0001");
    let page = walker.page_as_runner().await;
    assert_benefit(&page, "“大连工匠”一次性奖励", "120,000.00 元");
    let recorded = recorded(&server, &walker.path).await;
    assert_eq!(recorded.stage, "at:payment");
    assert_eq!(recorded.certificate.as_deref(), Some(number.as_str()));
    assert_eq!(
        recorded.entitlements,
        [
            (
                "craftsman-award".to_owned(),
                Some(Money::from_yuan(120_000))
            ),
            ("craftsman-title-evaluation".to_owned(), None),
            ("craftsman-training-and-rest".to_owned(), None),
            ("craftsman-recommendation".to_owned(), None),
        ],
        "the award, and the benefits that are not money"
    );
    walker.close().await;
}

/// The panel's rules the bureau sets for a program whose notice leaves them open.
const PANEL_RULES: [(&str, &str, &str); 2] = [
    ("panel_quorum", "0.6", "评审组组建方案"),
    ("panel_threshold", "0.5", "评审组组建方案"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cultivated_high_skill_talent_of_306_is_walked_from_the_units_registration_to_publication()
 {
    let server = Server::start(TestDb::sqlite().await, "2021-11-01").await;
    let walk = Walk {
        name: "walk-306",
        program: "dalian-high-skill-2021",
        category: "cultivated",
        applicant: Applicant::Unit(
            enterprise(306, "大连船舶重工装备有限公司", "210202"),
            Some(Person {
                id_number: id_number("21020219800512001"),
                name: "刘志远",
            }),
        ),
        district: "210202",
        form: vec![
            Field::Choose("person.skill_level", "技师"),
            Field::Choose("person.social_security_district", "210202"),
            Field::Type("person.contract_years", "5"),
            Field::Choose("person.introduction", "培育"),
            Field::Type("person.honours", "全国技术能手@2018-05-01"),
            Field::Choose("unit.pays_social_insurance", "true"),
        ],
        check_says: &["薪酬补贴（培育）：50,000.00 元"],
        parameters: &[
            (
                "salary_subsidy_cultivated",
                "50000",
                "市人社局 市财政局 薪酬补贴标准的通知",
            ),
            PANEL_RULES[0],
            PANEL_RULES[1],
        ],
        district_runs: false,
        inspections: &["评审遴选"],
        panel: &[
            Seat::Votes("expert-1"),
            Seat::Declares("expert-2", "与申报人同为一项技术攻关项目的成员"),
            Seat::SameUnit("expert-3"),
        ],
        notice_window: Some("2021-11-01 至 2021-11-08"),
        objection: false,
        document: "大人社〔2021〕120号",
    };
    let (mut walker, approved) = Walker::walk(&server, walk).await;
    assert_eq!(approved.stage, "待落实待遇", "{approved:?}");
    let number = walker.certificate("大连市高技能人才").await;
    let page = walker.page_as_runner().await;
    assert_benefit(&page, "薪酬补贴（培育）", "50,000.00 元");
    let recorded = recorded(&server, &walker.path).await;
    assert_eq!(recorded.stage, "at:payment");
    assert_eq!(recorded.certificate, Some(number));
    assert_eq!(
        recorded.entitlements,
        [(
            "salary-subsidy-cultivated".to_owned(),
            Some(Money::from_yuan(50_000))
        )]
    );
    walker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_master_studio_of_2024_is_walked_from_the_units_self_recommendation_to_its_plaque() {
    let server = Server::start(TestDb::sqlite().await, "2024-03-05").await;
    let walk = Walk {
        name: "walk-studio",
        program: "dalian-master-studio-2024",
        category: "master-studio",
        applicant: Applicant::Unit(
            enterprise(2024, "大连华锐精工科技有限公司", "210211"),
            Some(Person {
                id_number: id_number("21021119760918002"),
                name: "李红梅",
            }),
        ),
        district: "210211",
        form: vec![
            Field::Choose("person.skill_level", "技师"),
            Field::Type("person.honours", "市级政府表彰@2020-01-01"),
            Field::Tick("person.enterprise_ranks", "首席技师"),
            Field::Type("team.members", "张伟,高级技师\n王磊,技师"),
        ],
        check_says: &["一次性建设补贴：100,000.00 元", "带徒补贴：3,000.00 元"],
        parameters: &PANEL_RULES,
        district_runs: false,
        inspections: &["集中评审"],
        panel: &[
            Seat::Votes("expert-1"),
            Seat::Votes("expert-2"),
            Seat::SameUnit("expert-3"),
        ],
        notice_window: Some("2024-03-05 至 2024-03-12"),
        objection: false,
        document: "大人社〔2024〕35号",
    };
    let (mut walker, approved) = Walker::walk(&server, walk).await;
    assert_eq!(approved.stage, "已办结", "{approved:?}");
    let number = walker.certificate("大连市技能大师工作室").await;
    let page = walker.page_as_runner().await;
    assert_benefit(&page, "一次性建设补贴", "100,000.00 元");
    assert_benefit(&page, "带徒补贴", "3,000.00 元");
    let recorded = recorded(&server, &walker.path).await;
    assert_eq!(recorded.stage, "completed");
    assert_eq!(recorded.certificate, Some(number));
    walker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chief_technician_of_004_self_applies_and_is_walked_through_an_objection_to_the_certificate()
 {
    let server = Server::start(TestDb::sqlite().await, "2024-04-01").await;
    let walk = Walk {
        name: "walk-004",
        program: "huiyang-chief-technician-2024",
        category: "chief-technician",
        applicant: Applicant::Person(
            Person {
                id_number: id_number("44130319850312003"),
                name: "黄志明",
            },
            "huangzhiming",
        ),
        district: "441303",
        form: vec![
            Field::Choose("person.social_security_district", "441303"),
            Field::Type("person.district_continuous_months", "24"),
            Field::Choose("person.frontline", "true"),
            Field::Type("person.honours", "市级技能大师工作室领办人@2020-01-01"),
        ],
        // 5,000 a year for the two years of the term (004 第十二条(一)).
        check_says: &["区管首席技师津贴补助：10,000.00 元"],
        parameters: &[
            (
                "term_start",
                "2024-06-01",
                "惠阳区区管首席技师评选委员会会议纪要〔2024〕2号",
            ),
            PANEL_RULES[0],
            PANEL_RULES[1],
        ],
        district_runs: true,
        inspections: &["实地考察"],
        panel: &[
            Seat::Votes("expert-1"),
            Seat::Votes("expert-2"),
            Seat::Declares("expert-3", "申报人是本人指导过的学徒"),
        ],
        notice_window: Some("2024-04-01 至 2024-04-09"),
        objection: true,
        document: "惠阳人才办〔2024〕6号",
    };
    let (mut walker, approved) = Walker::walk(&server, walk).await;
    assert_eq!(approved.stage, "待发放津贴补助", "{approved:?}");
    let number = walker.certificate("区管首席技师").await;
    let page = walker.page_as_runner().await;
    assert_benefit(&page, "区管首席技师津贴补助", "5,000.00 元");
    let recorded = recorded(&server, &walker.path).await;
    assert_eq!(recorded.stage, "at:payment");
    assert_eq!(recorded.certificate, Some(number));
    walker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_training_subsidy_of_46_is_walked_from_the_units_claim_to_the_citys_approval_without_a_certificate()
 {
    let server = Server::start(TestDb::sqlite().await, "2021-09-01").await;
    let walk = Walk {
        name: "walk-46",
        program: "dalian-skilled-talent-2011",
        category: "training-subsidy",
        applicant: Applicant::Unit(
            enterprise(46, "大连冰山制冷设备有限公司", "210203"),
            Some(Person {
                id_number: id_number("21020319930621004"),
                name: "孙晓峰",
            }),
        ),
        district: "210203",
        form: vec![
            Field::Choose("person.skill_level", "高级工"),
            Field::Choose("person.shortage_occupation", "true"),
            Field::Date("person.certificate_obtained_on", "2021-03-01"),
            Field::Choose("unit.education_fund_compliant", "true"),
        ],
        check_says: &["培训费补贴：600.00 元", "鉴定费补贴：300.00 元"],
        parameters: &[
            ("training_fee_subsidy", "600", "市人社局 市财政局 补贴标准"),
            ("appraisal_fee_subsidy", "300", "市人社局 市财政局 补贴标准"),
        ],
        district_runs: false,
        inspections: &[],
        panel: &[],
        notice_window: None,
        objection: false,
        document: "大人社〔2021〕97号",
    };
    let (mut walker, approved) = Walker::walk(&server, walk).await;
    assert_eq!(approved.stage, "待财政拨付", "{approved:?}");
    let page = walker.page_as_runner().await;
    assert!(
        !page.contains("证书编号"),
        "46号 grants a subsidy, not a title: {page}"
    );
    assert_benefit(&page, "培训费补贴", "600.00 元");
    assert_benefit(&page, "鉴定费补贴", "300.00 元");
    walker.shot("approved").await;
    let recorded = recorded(&server, &walker.path).await;
    assert_eq!(recorded.stage, "at:payment");
    assert_eq!(recorded.certificate, None);
    assert_eq!(
        recorded.entitlements,
        [
            ("training-fee".to_owned(), Some(Money::from_yuan(600))),
            ("appraisal-fee".to_owned(), Some(Money::from_yuan(300)))
        ]
    );
    walker.close().await;
}
