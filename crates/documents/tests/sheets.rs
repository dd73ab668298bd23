//! Every workbook written, then read back by calamine and by LibreOffice: numbers are numbers,
//! ID and account numbers are text with every digit, dates are dates. The files stay under
//! `target/documents/` for a person to open.

mod common;

use calamine::Data;
use common::*;
use jiangxin_documents::forms::HighSkillCategory;
use jiangxin_documents::sheets::{
    Cell, ChiefTechnicianCandidate, ChiefTechnicianList, CraftsmanSummary, CraftsmanSummaryRow,
    HighSkillSummary, HighSkillSummaryRow, Payee, Payment, PaymentList, StudioCandidate,
    StudioList, WorkList,
};
use jiangxin_domain::credit_code::CreditCode;
use jiangxin_domain::industry::Industry;
use jiangxin_domain::money::Money;
use jiangxin_domain::phone::Phone;
use jiangxin_domain::skill::SkillLevel;

fn high_skill_row(category: HighSkillCategory, name: &str, sequence: u32) -> HighSkillSummaryRow {
    HighSkillSummaryRow {
        category,
        name: name.into(),
        id_number: id("210282", day(1970, 1, 1), sequence),
        ethnicity: Some("汉族".into()),
        education: Some("大专".into()),
        occupation: Some("数控车工".into()),
        skill_level: Some(SkillLevel::Technician),
        phone: Some(Phone::parse("13904116789").unwrap()),
        subsidy: Some(Money::from_yuan(100_000)),
    }
}

#[test]
fn the_306_summary_groups_rows_by_category_with_ages_numbers_and_full_id_numbers() {
    let summary = HighSkillSummary {
        recommending_unit: Some("大连机床集团有限责任公司".into()),
        district_bureau: Some("甘井子区人力资源和社会保障局".into()),
        as_of: day(2021, 11, 16),
        rows: vec![
            high_skill_row(HighSkillCategory::IntroducedFullTime, "王海涛", 123),
            high_skill_row(HighSkillCategory::Cultivated, "张建国", 21),
            high_skill_row(HighSkillCategory::Cultivated, "李明", 35),
        ],
    };
    let path = save("306-summary.xlsx", &summary.to_xlsx().unwrap());
    let id = id_text("210282", day(1970, 1, 1), 21);

    let cells = calamine_cells(&path);
    assert_eq!(cells[0][0], Data::String("附件2".into()));
    assert_eq!(cells[1][0], Data::String(HighSkillSummary::TITLE.into()));
    let header = calamine_row(&cells, "身份证号码");
    assert_eq!(header[0], Data::String("项目".into()));
    assert_eq!(header[10], Data::String("申报补贴金额（元）".into()));
    let zhang = calamine_row(&cells, "张建国");
    assert_eq!(zhang[0], Data::String("培养的高端高技能人才".into()));
    assert_eq!(zhang[2], Data::String("男".into()));
    assert_eq!(zhang[3], Data::Float(51.0));
    assert_eq!(zhang[6], Data::String(id.clone()));
    assert_eq!(zhang[8], Data::String("二级（技师）".into()));
    assert_eq!(zhang[10], Data::Float(100_000.0));
    // The two cultivated rows come first, merged under one label; then full-time, then the
    // empty groups, each kept with a row to write in.
    let names: Vec<&Data> = cells[4..].iter().map(|r| &r[1]).collect();
    assert_eq!(
        names[..3],
        [
            &Data::String("张建国".into()),
            &Data::String("李明".into()),
            &Data::String("王海涛".into())
        ]
    );
    assert_eq!(cells.len(), 4 + 5);
    assert_eq!(
        cells[8][0],
        Data::String("重点产业、行业、工程项目引进的高技能人才".into())
    );

    let csv = libreoffice_csv(&path);
    let zhang = csv_row(&csv, "张建国");
    assert_eq!(zhang[0], "培养的高端高技能人才");
    assert_eq!(zhang[3], "51");
    assert_eq!(zhang[6], id);
    assert_eq!(zhang[10], "100,000.00");
    // The merged label covers the second cultivated row.
    assert_eq!(csv_row(&csv, "李明")[0], "");
    assert!(csv[2][0].starts_with("推荐单位：大连机床集团有限责任公司（章）"));
}

#[test]
fn the_201_summary_is_ordered_by_unit_rank_with_industry_letters_and_birth_dates_with_ages() {
    let row = |unit: &str, rank: u32, name: &str, sequence: u32, industry| CraftsmanSummaryRow {
        industry: Some(industry),
        unit: unit.into(),
        rank,
        name: name.into(),
        id_number: id("210202", day(1978, 3, 15), sequence),
        ethnicity: Some("汉族".into()),
        political_status: Some("中共党员".into()),
        occupation: Some("钳工".into()),
        education: Some("高中".into()),
        phone: Some(Phone::parse("0411-84369295").unwrap()),
        address: Some("大连市西岗区和云巷1号".into()),
    };
    let summary = CraftsmanSummary {
        recommender: Some("甘井子区".into()),
        contact_person: Some("叶梦姣".into()),
        contact_phone: Some(Phone::parse("0411-84369295").unwrap()),
        as_of: day(2021, 6, 18),
        rows: vec![
            row("大连机床集团", 2, "乙", 2, Industry::Machining),
            row("大连船舶重工", 1, "丙", 3, Industry::Shipbuilding),
            row("大连机床集团", 1, "甲", 1, Industry::Machining),
            row("大连机床集团", 3, "丁", 4, Industry::Digital),
        ],
    };
    let path = save("201-summary.xlsx", &summary.to_xlsx().unwrap());

    let cells = calamine_cells(&path);
    let order: Vec<(Data, Data, Data)> = cells[4..8]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    let s = |t: &str| Data::String(t.into());
    assert_eq!(
        order,
        vec![
            (s("J"), Data::Float(1.0), s("甲")),
            (s("J"), Data::Float(2.0), s("乙")),
            (s("T"), Data::Float(3.0), s("丁")),
            (s("L"), Data::Float(4.0), s("丙")),
        ]
    );
    let first = calamine_row(&cells, "甲");
    assert_eq!(first[4], s("1978.3.15（43）"));
    assert_eq!(first[8], s(&id_text("210202", day(1978, 3, 15), 1)));
    assert_eq!(first[11], s("0411-84369295"));
    assert_eq!(cells.last().unwrap()[0], s(CraftsmanSummary::NOTE));

    let csv = libreoffice_csv(&path);
    assert_eq!(csv_row(&csv, "丁")[0], "T");
    assert_eq!(csv_row(&csv, "丁")[1], "3");
    assert_eq!(
        csv_row(&csv, "甲")[8],
        id_text("210202", day(1978, 3, 15), 1)
    );
    assert!(csv[2][0].contains("联系人：叶梦姣"), "{:?}", csv[2]);
}

#[test]
fn the_candidate_lists_write_birth_dates_as_dates_and_scores_as_numbers() {
    let studios = StudioList {
        title: "2024年大连市技能大师工作室候选名单".into(),
        rows: vec![StudioCandidate {
            unit: "大连重工机电设备成套有限公司".into(),
            credit_code: CreditCode::parse("91350100M000100Y43").unwrap(),
            district: Some("甘井子区".into()),
            occupation: Some("焊工".into()),
            leader: "孙立新".into(),
            leader_id: id("210211", day(1985, 6, 20), 302),
            leader_level: Some(SkillLevel::SeniorTechnician),
            phone: None,
            score: Some(91.5),
        }],
    };
    let path = save("studio-candidates.xlsx", &studios.to_xlsx().unwrap());
    let cells = calamine_cells(&path);
    let row = calamine_row(&cells, "孙立新");
    assert_eq!(row[0], Data::Float(1.0));
    assert_eq!(row[2], Data::String("91350100M000100Y43".into()));
    assert_eq!(date_of(&row[7]), day(1985, 6, 20));
    assert_eq!(row[9], Data::Empty);
    assert_eq!(row[10], Data::Float(91.5));
    let csv = libreoffice_csv(&path);
    let row = csv_row(&csv, "孙立新");
    assert_eq!(row[7], "1985-06-20");
    assert_eq!(row[10], "91.50");

    let chiefs = ChiefTechnicianList {
        title: "2024年惠阳区区管首席技师候选名单".into(),
        as_of: day(2024, 1, 1),
        rows: vec![ChiefTechnicianCandidate {
            name: "黄志强".into(),
            id_number: id("441303", day(1982, 9, 9), 451),
            unit: Some("惠州市某电子有限公司".into()),
            occupation: Some("电工".into()),
            skill_level: Some(SkillLevel::Technician),
            district_months: Some(30),
            phone: Some(Phone::parse("13800138000").unwrap()),
            score: Some(88.0),
        }],
    };
    let path = save(
        "chief-technician-candidates.xlsx",
        &chiefs.to_xlsx().unwrap(),
    );
    let cells = calamine_cells(&path);
    let header = calamine_row(&cells, "身份证号码");
    assert_eq!(header[4], Data::String("年龄（2024-01-01）".into()));
    let row = calamine_row(&cells, "黄志强");
    assert_eq!(date_of(&row[3]), day(1982, 9, 9));
    assert_eq!(row[4], Data::Float(41.0));
    assert_eq!(
        row[5],
        Data::String(id_text("441303", day(1982, 9, 9), 451))
    );
    assert_eq!(row[9], Data::Float(30.0));
    let csv = libreoffice_csv(&path);
    let row = csv_row(&csv, "黄志强");
    assert_eq!(row[3], "1982-09-09");
    assert_eq!(row[4], "41");
    assert_eq!(row[5], id_text("441303", day(1982, 9, 9), 451));
}

#[test]
fn the_payment_list_keeps_id_numbers_credit_codes_and_account_numbers_whole_and_totals_the_amounts()
{
    let payment = |name: &str, sequence: u32| Payment {
        payee: Payee::Person {
            name: name.into(),
            id_number: id("441303", day(1982, 9, 9), sequence),
        },
        benefit: "区管首席技师津贴补助".into(),
        period_start: Some(day(2024, 1, 1)),
        period_end: Some(day(2024, 12, 31)),
        amount: Money::from_yuan(5_000),
        // A 19-digit card account: beyond Excel's 15 significant digits as a number.
        account: Some("6217002710000012345".into()),
        bank: Some("中国建设银行惠阳支行".into()),
        due_on: day(2025, 1, 15),
        citation: Some("惠阳区区管首席技师办法 第十二条(一)".into()),
        status: Some("待发放".into()),
        paid_on: None,
        note: None,
    };
    let unit = Payment {
        payee: Payee::Unit {
            name: "大连重工机床有限公司".into(),
            credit_code: CreditCode::parse("91350100M000100Y43").unwrap(),
        },
        benefit: "技能大师工作室建设补贴".into(),
        period_start: None,
        period_end: None,
        amount: Money::from_yuan(100_000),
        account: None,
        bank: None,
        due_on: day(2024, 6, 1),
        citation: None,
        status: Some("已发放".into()),
        paid_on: Some(day(2024, 6, 3)),
        note: Some("凭证号 GK-0001".into()),
    };
    let list = PaymentList {
        title: "待遇发放名单".into(),
        notes: vec!["批次：2025年度第1批".into()],
        rows: vec![payment("黄志强", 451), payment("林晓", 452), unit],
    };
    assert_eq!(list.total(), Some(Money::from_yuan(110_000)));
    let path = save("payments.xlsx", &list.to_xlsx().unwrap());
    let cells = calamine_cells(&path);
    let header = calamine_row(&cells, "收款人");
    assert_eq!(header[6], Data::String("金额（元）".into()));
    assert_eq!(header[10], Data::String("依据".into()));
    let row = calamine_row(&cells, "黄志强");
    assert_eq!(
        row[2],
        Data::String(id_text("441303", day(1982, 9, 9), 451))
    );
    assert_eq!(date_of(&row[4]), day(2024, 1, 1));
    assert_eq!(date_of(&row[5]), day(2024, 12, 31));
    assert_eq!(row[6], Data::Float(5_000.0));
    assert_eq!(row[7], Data::String("6217002710000012345".into()));
    assert_eq!(date_of(&row[9]), day(2025, 1, 15));
    assert_eq!(row[11], Data::String("待发放".into()));
    let unit = calamine_row(&cells, "大连重工机床有限公司");
    assert_eq!(unit[2], Data::String("91350100M000100Y43".into()));
    assert_eq!(unit[4], Data::Empty, "no period: an empty box");
    assert_eq!(unit[7], Data::Empty, "no account on record: an empty box");
    assert_eq!(date_of(&unit[12]), day(2024, 6, 3));
    assert_eq!(calamine_row(&cells, "合计")[6], Data::Float(110_000.0));

    let csv = libreoffice_csv(&path);
    let row = csv_row(&csv, "林晓");
    assert_eq!(row[6], "5,000.00");
    assert_eq!(row[7], "6217002710000012345");
    assert_eq!(row[9], "2025-01-15");
    let unit = csv_row(&csv, "大连重工机床有限公司");
    assert_eq!(unit[2], "91350100M000100Y43");
    assert_eq!(unit[12], "2024-06-03");
    assert_eq!(csv_row(&csv, "合计")[6], "110,000.00");
}

#[test]
fn any_work_list_is_written_with_typed_cells() {
    let list = WorkList {
        sheet: "待审核".into(),
        title: "区级初审待办".into(),
        notes: vec!["导出时间：2024-03-12".into()],
        columns: vec![
            "申报编号".into(),
            "申报人".into(),
            "提交日期".into(),
            "剩余工作日".into(),
            "身份证号码".into(),
        ],
        rows: vec![vec![
            Cell::from("0000123"),
            Cell::from("张建国"),
            Cell::Date(day(2024, 3, 8)),
            Cell::from(3_u32),
            Cell::from(id_text("210282", day(1970, 1, 1), 123)),
        ]],
    };
    let path = save("work-list.xlsx", &list.to_xlsx().unwrap());
    let cells = calamine_cells(&path);
    let row = calamine_row(&cells, "张建国");
    assert_eq!(row[0], Data::String("0000123".into()));
    assert_eq!(date_of(&row[2]), day(2024, 3, 8));
    assert_eq!(row[3], Data::Float(3.0));
    let csv = libreoffice_csv(&path);
    let row = csv_row(&csv, "张建国");
    assert_eq!(row[0], "0000123");
    assert_eq!(row[2], "2024-03-08");
    assert_eq!(row[4], id_text("210282", day(1970, 1, 1), 123));
}
