//! `jiangxin export` and `jiangxin import` on a fresh SQLite database that the demo seeds through
//! the workflow: every document read back the way a person's tools read it (pdftotext for the
//! PDFs, calamine and LibreOffice for the workbooks), and imports that report exactly their bad
//! cells and write all or nothing.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use calamine::{Data, Reader, open_workbook_auto};
use jiangxin_calendar::holidays::WorkCalendar;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_policy::ProgramSet;
use jiangxin_registry::Column;
use jiangxin_store::applications::{self, Application};
use jiangxin_store::{Store, accounts, ledger, persons, programs, titles, units};
use jiangxin_web::{ServerClock, Settings, demo};
use jiangxin_workflow::Workflow;
use rust_xlsxwriter::Workbook;
use tempfile::TempDir;

/// A database the demo has seeded, in a directory of its own (with its key file).
struct Seeded {
    dir: TempDir,
    url: String,
}

impl Seeded {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("jiangxin.db").display());
        let store = Store::connect(&url).await.unwrap();
        let clock = Arc::new(ServerClock::demo(demo::FIRST_DAY));
        let workflow = Workflow::new(
            store.clone(),
            ProgramSet::builtin_files(),
            WorkCalendar::builtin().unwrap(),
            clock.clone(),
        )
        .unwrap();
        let settings = Settings {
            data_dir: dir.path().to_owned(),
            ..Settings::default()
        };
        let state = jiangxin_web::state(workflow, clock, settings)
            .await
            .unwrap();
        demo::seed(&state).await.unwrap();
        store.close().await.unwrap();
        Self { dir, url }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_jiangxin"))
            .arg("--database-url")
            .arg(&self.url)
            .arg("--data-dir")
            .arg(self.dir.path().join("no-programs-here"))
            .args(args)
            .env_remove("JIANGXIN_DATA_KEY")
            .env_remove("JIANGXIN_DATABASE_URL")
            .output()
            .expect("the jiangxin binary runs")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    async fn store(&self) -> Store {
        Store::connect(&self.url).await.unwrap()
    }

    /// The applications of a program at a stage, oldest first, with their applicant's name.
    async fn at(&self, program: &str, stage: &str) -> Vec<(Application, String)> {
        let store = self.store().await;
        let mut found = Vec::new();
        for version in programs::list(&store).await.unwrap() {
            if version.program_id != program {
                continue;
            }
            for a in applications::for_program_version(&store, version.id)
                .await
                .unwrap()
            {
                if a.stage == stage {
                    let name = persons::get(&store, a.applicant.unwrap())
                        .await
                        .unwrap()
                        .name;
                    found.push((a, name));
                }
            }
        }
        store.close().await.unwrap();
        found
    }

    async fn count(&self, table: &str) -> i64 {
        use jiangxin_store::Reader;
        use sea_orm::{ConnectionTrait, Statement};
        let store = self.store().await;
        let row = store
            .conn()
            .query_one_raw(Statement::from_string(
                store.conn().get_database_backend(),
                format!("SELECT COUNT(*) FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        let n = row.try_get_by_index::<i64>(0).unwrap();
        store.close().await.unwrap();
        n
    }
}

/// Where an exported document is kept for a person to look at: `target/documents/export-…`.
fn exported(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("export-{name}"))
}

/// The text of a PDF as `pdftotext` extracts it (poppler-utils, scripts/ensure-office.sh), and
/// its pages as PNG beside it for a person to look at (`pdftoppm`).
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "50"])
        .arg(path)
        .arg(path.with_extension(""))
        .status()
        .expect("pdftoppm runs (poppler-utils)");
    assert!(png.success());
    String::from_utf8(out.stdout).unwrap()
}

/// pdftotext spaces out some CJK runs; compare without white space.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_has(text: &str, wanted: &[&str]) {
    let text = squeezed(text);
    for w in wanted {
        assert!(text.contains(&squeezed(w)), "missing “{w}” in:\n{text}");
    }
}

/// The first worksheet's cells as calamine reads them, row by row from row 1.
fn cells(path: &Path) -> Vec<Vec<Data>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range_at(0).unwrap().unwrap();
    let (row0, col0) = range.start().unwrap();
    let mut rows = vec![Vec::new(); row0 as usize];
    for row in range.rows() {
        let mut full = vec![Data::Empty; col0 as usize];
        full.extend_from_slice(row);
        rows.push(full);
    }
    rows
}

fn row_with<'a>(rows: &'a [Vec<Data>], text: &str) -> &'a [Data] {
    rows.iter()
        .find(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == text)))
        .unwrap_or_else(|| panic!("no row with “{text}”: {rows:?}"))
}

fn column_of(rows: &[Vec<Data>], header: &str) -> usize {
    row_with(rows, header)
        .iter()
        .position(|c| matches!(c, Data::String(s) if s == header))
        .unwrap()
}

/// The first worksheet as LibreOffice exports it to CSV (libreoffice-calc-nogui), with a
/// profile of its own.
fn libreoffice_text(path: &Path) -> String {
    let work = tempfile::tempdir().unwrap();
    let out = Command::new("libreoffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.path().join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
        ])
        .arg(work.path())
        .arg(path)
        .output()
        .expect("libreoffice runs (scripts/ensure-office.sh)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(
        work.path()
            .join(path.with_extension("csv").file_name().unwrap()),
    )
    .unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn the_forms_summaries_and_notice_are_printed_from_the_stored_records() {
    let db = Seeded::new().await;

    // 306号 申报书: the category box of the stored category, the applicant and the unit.
    let (noticed, noticed_name) = db
        .at("dalian-high-skill-2021", "at:public-notice")
        .await
        .remove(0);
    let out = exported("306.pdf");
    let said = db.ok(&[
        "export",
        "application",
        "--id",
        &noticed.id.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("已导出申报书"), "{said}");
    assert_has(
        &pdf_text(&out),
        &[
            "大连市高技能人才选拔工作申报书",
            "申报培养的高端高技能人才",
            &noticed_name,
            "大连重工机床有限公司",
        ],
    );

    // 201号 申报表: the person's table from the records, the rest empty boxes.
    let (craftsman, name) = db.at("dalian-craftsman-2021", "at:audit").await.remove(0);
    let out = exported("201.pdf");
    db.ok(&[
        "export",
        "application",
        "--id",
        &craftsman.id.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_has(
        &pdf_text(&out),
        &[
            "大连工匠申报表",
            &name,
            "大连重工机床有限公司",
            "二级（技师）",
            "13800000000",
        ],
    );

    // The studio's 申报表, with its leader.
    let (studio, leader) = db
        .at("dalian-master-studio-2024", "at:panel-review")
        .await
        .remove(0);
    let out = exported("studio.pdf");
    db.ok(&[
        "export",
        "application",
        "--id",
        &studio.id.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_has(
        &pdf_text(&out),
        &[
            "大连市技能大师工作室申报表",
            &leader,
            "大连重工机床有限公司",
        ],
    );

    // 惠阳's 办法 attaches no form: one line saying so.
    let (chief, _) = db
        .at("huiyang-chief-technician-2024", "at:security-credit-review")
        .await
        .remove(0);
    let out = db.run(&[
        "export",
        "application",
        "--id",
        &chief.id.to_string(),
        "--out",
        db.path("chief.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("未附申报表"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");

    // 201号 附件3: the recommended candidates, by the unit's rank, ID numbers as text.
    let out = exported("201-summary.xlsx");
    db.ok(&[
        "export",
        "summary",
        "--program",
        "dalian-craftsman-2021",
        "--out",
        out.to_str().unwrap(),
    ]);
    let rows = cells(&out);
    assert!(matches!(&rows[1][0], Data::String(t) if t == "大连工匠候选人推荐汇总表"));
    let name_col = column_of(&rows, "姓名");
    let id_col = column_of(&rows, "身份证号码");
    let listed: Vec<(String, String)> = rows
        .iter()
        .filter_map(|r| match (r.get(name_col), r.get(id_col)) {
            (Some(Data::String(n)), Some(Data::String(id))) if id.len() == 18 => {
                Some((n.clone(), id.clone()))
            }
            _ => None,
        })
        .collect();
    let mut recommended = Vec::new();
    for stage in [
        "at:audit",
        "at:district-collect",
        "returned:district-collect",
    ] {
        recommended.extend(db.at("dalian-craftsman-2021", stage).await);
    }
    assert_eq!(listed.len(), recommended.len(), "{listed:?}");
    let store = db.store().await;
    let mut by_rank = Vec::new();
    for (application, name) in &recommended {
        let rank = jiangxin_store::recommendations::get(&store, application.id)
            .await
            .unwrap()
            .unwrap()
            .rank;
        let id = persons::get(&store, application.applicant.unwrap())
            .await
            .unwrap()
            .id_number;
        by_rank.push((rank, name.clone(), id.as_str().to_owned()));
    }
    store.close().await.unwrap();
    by_rank.sort();
    assert_eq!(
        listed,
        by_rank
            .into_iter()
            .map(|(_, n, id)| (n, id))
            .collect::<Vec<_>>(),
        "one unit's candidates in the order of its ranks"
    );
    let csv = libreoffice_text(&out);
    assert!(
        csv.contains(&listed[0].1),
        "LibreOffice keeps every digit of {}: {csv}",
        listed[0].1
    );

    // 306号 附件2: grouped by category, the subsidy as a number.
    let out = exported("306-summary.xlsx");
    db.ok(&[
        "export",
        "summary",
        "--program",
        "dalian-high-skill-2021",
        "--out",
        out.to_str().unwrap(),
    ]);
    let rows = cells(&out);
    let amount_col = column_of(&rows, "申报补贴金额（元）");
    let listed = row_with(&rows, &noticed_name);
    assert!(matches!(&listed[0], Data::String(g) if g == "培养的高端高技能人才"));
    let claimed: i64 = noticed.decision.as_ref().unwrap()["benefits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["monetary"] == true)
        .map(|b| b["total"].as_i64().unwrap())
        .sum();
    assert!(claimed > 0);
    assert!(
        matches!(listed[amount_col], Data::Float(yuan) if yuan == claimed as f64 / 100.0),
        "{:?} ≠ {claimed} fen",
        listed[amount_col]
    );
    assert!(matches!(&listed[column_of(&rows, "身份证号码")], Data::String(id) if id.len() == 18));

    // The notice of 306号, as posted: masked ID numbers and the window.
    let out = exported("notice.pdf");
    db.ok(&[
        "export",
        "notice",
        "--id",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = pdf_text(&out);
    assert_has(
        &text,
        &[
            "2021年全市高技能人才选拔社会公示",
            "大人社发〔2021〕306号",
            &noticed_name,
            "公示时间：2021年11月24日至",
            "大连市人力资源和社会保障局",
        ],
    );
    assert!(
        squeezed(&text).contains("********"),
        "ID numbers are masked: {text}"
    );

    let verify = db.ok(&["audit", "verify"]);
    assert!(verify.contains("未发现篡改"), "{verify}");
}

#[tokio::test(flavor = "current_thread")]
async fn certificates_and_payment_lists_are_printed_from_the_stored_titles_and_payments() {
    let db = Seeded::new().await;
    // The demo certified 惠阳区's first chief-technician candidate and paid the first year.
    let (chief, holder) = db
        .at("huiyang-chief-technician-2024", "at:payment")
        .await
        .remove(0);
    let (claim, _) = db
        .at("dalian-skilled-talent-2011", "at:payment")
        .await
        .remove(0);
    let store = db.store().await;
    let title = titles::of_application(&store, chief.id)
        .await
        .unwrap()
        .expect("the demo's certified candidate");
    let holder_id = persons::get(&store, chief.applicant.unwrap())
        .await
        .unwrap()
        .id_number;
    let allowance = ledger::entitlements(&store, chief.id)
        .await
        .unwrap()
        .into_iter()
        .find(|e| e.benefit == "allowance")
        .unwrap();
    let payments = ledger::payments(&store, allowance.id).await.unwrap();
    let enterprise = units::get(&store, claim.unit.unwrap()).await.unwrap();
    store.close().await.unwrap();

    // The certificate: holder, unit, title, number, term, basis, issuer, and the address its QR
    // code carries.
    let out = exported("certificate.pdf");
    let said = db.ok(&[
        "export",
        "certificate",
        "--id",
        &chief.id.to_string(),
        "--site",
        "https://jiangxin.example.gov.cn/",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("已导出证书"), "{said}");
    let text = pdf_text(&out);
    assert_has(
        &text,
        &[
            "荣誉证书",
            &holder,
            "惠州市惠阳精工模具有限公司",
            "区管首席技师",
            &format!("证书编号：{}", title.certificate_no),
            &format!("验证码：{}", title.verification_code),
            "有效期至：2026年4月23日",
            "惠阳区区管首席技师遴选和管理办法（征求意见稿）",
            "惠州市惠阳区人力资源和社会保障局",
            "2024年4月24日",
            &format!(
                "https://jiangxin.example.gov.cn/verify?code={}",
                title.verification_code
            ),
        ],
    );

    // An application without a title has no certificate.
    let (waiting, _) = db
        .at("huiyang-chief-technician-2024", "at:security-credit-review")
        .await
        .remove(0);
    let out = db.run(&[
        "export",
        "certificate",
        "--id",
        &waiting.id.to_string(),
        "--site",
        "https://jiangxin.example.gov.cn",
        "--out",
        db.path("none.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("尚未审定发证"), "{err}");

    // The paid list: a person with the ID number and a unit with its credit code, as text;
    // amounts as numbers; dates as dates; the period of the term's year; the citation.
    let out = exported("payments-paid.xlsx");
    let said = db.ok(&[
        "export",
        "payments",
        "--status",
        "paid",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(said.contains("已导出发放名单"), "{said}");
    let rows = cells(&out);
    let code = column_of(&rows, "身份证号码／统一社会信用代码");
    let amount = column_of(&rows, "金额（元）");
    let (from, to) = (column_of(&rows, "所属期起"), column_of(&rows, "所属期止"));
    let due = column_of(&rows, "应付日期");
    let basis = column_of(&rows, "依据");
    let status = column_of(&rows, "状态");
    let paid_on = column_of(&rows, "发放日期");
    let person = row_with(&rows, &holder);
    assert_eq!(person[code], Data::String(holder_id.as_str().to_owned()));
    assert_eq!(
        person[amount],
        Data::Float(payments[0].amount.fen() as f64 / 100.0)
    );
    assert_eq!(date_of(&person[from]), title.granted_on);
    assert_eq!(date_of(&person[to]), day(2025, 4, 23));
    assert_eq!(date_of(&person[due]), payments[0].due_on);
    assert_eq!(
        date_of(&person[paid_on]),
        payments[0].paid.as_ref().unwrap().on
    );
    assert_eq!(person[status], Data::String("已发放".into()));
    assert!(
        matches!(&person[basis], Data::String(c) if c.contains("惠阳区区管首席技师办法 第十二条(一)")),
        "{:?}",
        person[basis]
    );
    let unit = row_with(&rows, &enterprise.name);
    assert_eq!(
        unit[code],
        Data::String(enterprise.credit_code.as_str().to_owned())
    );
    assert!(matches!(unit[amount], Data::Float(yuan) if yuan > 0.0));
    assert_eq!(unit[from], Data::Empty, "a one-off payment has no period");
    let csv = libreoffice_text(&out);
    let line = csv
        .lines()
        .find(|l| l.contains(&holder))
        .unwrap_or_else(|| panic!("{holder} in {csv}"));
    assert!(
        line.contains(holder_id.as_str()) && line.contains(&payments[0].due_on.to_string()),
        "LibreOffice keeps the ID number whole and the date a date: {line}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(enterprise.credit_code.as_str())),
        "{csv}"
    );

    // The payments due of one program: the second year only.
    let out = exported("payments-due.xlsx");
    db.ok(&[
        "export",
        "payments",
        "--status",
        "scheduled",
        "--program",
        "huiyang-chief-technician-2024",
        "--out",
        out.to_str().unwrap(),
    ]);
    let rows = cells(&out);
    let person = row_with(&rows, &holder);
    assert_eq!(date_of(&person[due]), payments[1].due_on);
    assert_eq!(date_of(&person[from]), day(2025, 4, 24));
    assert!(
        !rows
            .iter()
            .flatten()
            .any(|c| matches!(c, Data::String(s) if *s == enterprise.name)),
        "another program's payments are left out"
    );
    let out = db.run(&[
        "export",
        "payments",
        "--status",
        "due",
        "--out",
        db.path("bad.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("--status"));

    // A revoked title is not printed: the error names the certificate and the day.
    let store = db.store().await;
    let clock = Arc::new(ServerClock::demo(day(2024, 5, 10)));
    let workflow = Workflow::new(
        store.clone(),
        ProgramSet::builtin_files(),
        WorkCalendar::builtin().unwrap(),
        clock,
    )
    .unwrap();
    let account = accounts::find_by_login(&store, "demo-huiyang")
        .await
        .unwrap()
        .unwrap();
    let district = workflow.caller(account.id).await.unwrap();
    workflow
        .revoke_title(&district, title.id, "推荐材料弄虚作假")
        .await
        .unwrap();
    store.close().await.unwrap();
    let out = db.run(&[
        "export",
        "certificate",
        "--id",
        &chief.id.to_string(),
        "--site",
        "https://jiangxin.example.gov.cn",
        "--out",
        db.path("revoked.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&title.certificate_no) && err.contains("2024-05-10") && err.contains("撤销"),
        "{err}"
    );
    assert!(!db.path("revoked.pdf").exists(), "nothing is written");
}

/// A calamine cell's date.
fn date_of(cell: &Data) -> chrono::NaiveDate {
    match cell {
        Data::DateTime(d) => d.as_datetime().expect("a date").date(),
        other => panic!("expected a date cell, got {other:?}"),
    }
}

fn day(year: i32, month: u32, day: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// A good registry cell of person `n`.
fn registry_cell(column: Column, n: u32) -> String {
    match column {
        Column::IdNumber => id_text(n),
        Column::Name => format!("职工{n:05}"),
        Column::SkillLevel => ["高级工", "技师", "高级技师"][n as usize % 3].to_owned(),
        Column::EnterpriseRanks => String::new(),
        Column::SocialSecurityDistrict => ["210202", "210283"][n as usize % 2].to_owned(),
        Column::UnitType => if n.is_multiple_of(4) {
            "技师学院"
        } else {
            "企业"
        }
        .to_owned(),
        Column::UnitKeyIndustry => "是".to_owned(),
        Column::UnitTaxLastYear => "3000000".to_owned(),
        Column::Frontline => "1".to_owned(),
        Column::ContractYears => "6".to_owned(),
        Column::KeyPostYears => "8".to_owned(),
        Column::CitySocialSecurityMonths => "120".to_owned(),
        Column::DistrictContinuousMonths => "60".to_owned(),
        Column::IncomeRatio => "2.5".to_owned(),
        Column::Introduction => "培育".to_owned(),
        Column::MonthsInCityPerYear => String::new(),
        Column::Honours if n.is_multiple_of(10) => "全国技术能手@2018-05-01".to_owned(),
        Column::Honours => String::new(),
        Column::Flags => String::new(),
    }
}

/// A valid ID number of person `n`: born on one of 10,000 days from 1970.
fn id_text(n: u32) -> String {
    let birth =
        chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(u64::from(n));
    let first17 = format!("210202{}{:03}", birth.format("%Y%m%d"), 100 + n % 800);
    let check = ResidentId::check_char(&first17).unwrap();
    format!("{first17}{check}")
}

fn letter(column: Column) -> String {
    jiangxin_documents::import::column_letter(
        Column::ALL.iter().position(|c| *c == column).unwrap(),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn a_ten_thousand_row_registry_is_stored_except_exactly_the_rows_with_bad_cells() {
    let db = Seeded::new().await;
    let bad = [
        (36_u32, Column::IdNumber, "210202197501010011"),
        (499, Column::SkillLevel, "九级"),
        (500, Column::SocialSecurityDistrict, "999999"),
        (500, Column::Frontline, "也许"),
        (1999, Column::Honours, "市级政府表彰@2019-13-40"),
        (6000, Column::Introduction, "外派"),
        (9998, Column::ContractYears, "六年"),
    ];
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("名册").unwrap();
    for (c, column) in Column::ALL.iter().enumerate() {
        sheet.write_string(0, c as u16, column.name_zh()).unwrap();
    }
    for n in 0..10_000_u32 {
        for (c, column) in Column::ALL.iter().enumerate() {
            let text = bad
                .iter()
                .find(|(row, col, _)| *row == n && col == column)
                .map_or_else(|| registry_cell(*column, n), |(_, _, t)| (*t).to_owned());
            sheet.write_string(n + 1, c as u16, text).unwrap();
        }
    }
    let file = db.path("名册.xlsx");
    std::fs::write(&file, workbook.save_to_buffer().unwrap()).unwrap();
    let rejects = db.path("rejects.csv");

    let out = db.run(&[
        "--json",
        "import",
        "registry",
        "--file",
        file.to_str().unwrap(),
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["rows"], 10_000);
    assert_eq!(summary["bad_cells"], bad.len());
    // Six rows have a bad cell (row 502 has two); every other person is stored.
    assert_eq!(summary["created"], 10_000 - 6);
    assert_eq!(db.count("talents").await, 10_000 - 6);

    // The rejects file names exactly the bad cells: sheet, Excel's row, column, header.
    let text = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("sheet,row,column,header,reason"));
    let reported: BTreeSet<(String, u32, String, String)> = lines
        .map(|line| {
            let fields: Vec<&str> = line.splitn(5, ',').collect();
            (
                fields[0].to_owned(),
                fields[1].parse().unwrap(),
                fields[2].to_owned(),
                fields[3].to_owned(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, u32, String, String)> = bad
        .iter()
        .map(|(n, column, _)| {
            (
                "名册".to_owned(),
                n + 2,
                letter(*column),
                column.name_zh().to_owned(),
            )
        })
        .collect();
    assert_eq!(reported, expected);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), bad.len(), "{stderr}");
    assert!(
        stderr.contains("第 501 行") && stderr.contains("九级"),
        "{stderr}"
    );

    // The counts, from the stored facts.
    let stats: serde_json::Value =
        serde_json::from_str(&db.ok(&["--json", "registry", "stats"])).unwrap();
    assert_eq!(stats["people"], 10_000 - 6);
    let count = |list: &str, key: &str| {
        stats[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["key"] == key)
            .map_or(0, |c| c["people"].as_u64().unwrap())
    };
    let kept = |pred: &dyn Fn(u32) -> bool| {
        (0..10_000_u32)
            .filter(|n| !bad.iter().any(|(row, _, _)| row == n))
            .filter(|n| pred(*n))
            .count() as u64
    };
    assert_eq!(count("by_skill_level", "1"), kept(&|n| n % 3 == 2));
    assert_eq!(count("by_district", "210283"), kept(&|n| n % 2 == 1));
    assert_eq!(
        count("by_unit_type", "技师学院"),
        kept(&|n| n.is_multiple_of(4))
    );
    assert_eq!(
        count("by_honour", "全国技术能手"),
        kept(&|n| n.is_multiple_of(10))
    );
    let text = db.ok(&["registry", "stats"]);
    assert!(
        text.contains(&format!("技能人才名册共 {} 人", 10_000 - 6)),
        "{text}"
    );
    assert!(text.contains("庄河市"), "districts by name: {text}");

    // Importing again as CSV, with one person's level changed: one update, nothing else.
    let mut csv = Column::ALL
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(",");
    csv.push('\n');
    for n in [0_u32, 1] {
        let row: Vec<String> = Column::ALL
            .iter()
            .map(|c| match (c, n) {
                (Column::SkillLevel, 1) => "高级技师".to_owned(),
                _ => registry_cell(*c, n),
            })
            .collect();
        csv.push_str(&row.join(","));
        csv.push('\n');
    }
    let file = db.path("名册.csv");
    std::fs::write(&file, csv).unwrap();
    let again: serde_json::Value = serde_json::from_str(&db.ok(&[
        "--json",
        "import",
        "registry",
        "--file",
        file.to_str().unwrap(),
    ]))
    .unwrap();
    assert_eq!(
        (&again["created"], &again["updated"], &again["unchanged"]),
        (
            &serde_json::json!(0),
            &serde_json::json!(1),
            &serde_json::json!(1)
        )
    );
    assert_eq!(db.count("talents").await, 10_000 - 6);
    let verify = db.ok(&["audit", "verify"]);
    assert!(verify.contains("未发现篡改"), "{verify}");
}

/// A batch of 201号 applications, as a unit's officer fills it in.
fn batch(rows: &[[&str; 6]]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("批量申报").unwrap();
    for (c, h) in [
        "项目",
        "类别",
        "统一社会信用代码",
        "身份证号码",
        "姓名",
        "技能等级",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *text).unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn a_batch_of_applications_becomes_drafts_of_the_account_in_one_transaction() {
    let db = Seeded::new().await;
    let store = db.store().await;
    let officer = accounts::find_by_login(&store, "demo-unit")
        .await
        .unwrap()
        .unwrap();
    let unit = jiangxin_store::units::get(&store, officer.unit.unwrap())
        .await
        .unwrap();
    let remote = accounts::find_by_login(&store, "demo-unit-remote")
        .await
        .unwrap()
        .unwrap();
    let others = jiangxin_store::units::get(&store, remote.unit.unwrap())
        .await
        .unwrap()
        .credit_code;
    store.close().await.unwrap();
    let own = unit.credit_code.as_str().to_owned();
    let before = db.count("applications").await;
    let (a, b, c) = (id_text(20_001), id_text(20_002), id_text(20_003));

    // Two good rows (one with the unit's code, one without) and one with two bad cells.
    let file = db.path("batch.xlsx");
    std::fs::write(
        &file,
        batch(&[
            [
                "dalian-craftsman-2021",
                "craftsman",
                &own,
                &a,
                "甲工匠",
                "技师",
            ],
            [
                "dalian-craftsman-2021",
                "“大连工匠”",
                "",
                &b,
                "乙工匠",
                "高级技师",
            ],
            [
                "dalian-craftsman-2021",
                "no-such-category",
                "",
                &c,
                "丙工匠",
                "九级",
            ],
        ]),
    )
    .unwrap();
    let rejects = db.path("batch-rejects.csv");
    let account = officer.id.to_string();
    let out = db.run(&[
        "--json",
        "import",
        "applications",
        "--file",
        file.to_str().unwrap(),
        "--account",
        &account,
        "--rejects",
        rejects.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["rows"], 3);
    assert_eq!(summary["bad_cells"], 2);
    let created = summary["created"].as_array().unwrap();
    assert_eq!(
        created
            .iter()
            .map(|c| c[0].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [2, 3],
        "rows 2 and 3 became drafts"
    );
    assert_eq!(db.count("applications").await, before + 2);
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.contains("批量申报,4,B,类别,"), "{text}");
    assert!(text.contains("批量申报,4,F,技能等级,"), "{text}");
    let drafts = db.at("dalian-craftsman-2021", "draft").await;
    let (draft, _) = drafts.iter().find(|(_, n)| n == "乙工匠").unwrap();
    assert_eq!(
        draft.unit, officer.unit,
        "a person's row is applied through the unit"
    );
    assert_eq!(draft.facts["person"]["skill_level"], "高级技师");
    assert_eq!(draft.facts["unit"]["name"], unit.name.as_str());

    // Another unit's code in one row refuses the whole batch: nothing of it is written.
    let file = db.path("refused.xlsx");
    std::fs::write(
        &file,
        batch(&[
            [
                "dalian-craftsman-2021",
                "craftsman",
                "",
                &id_text(20_004),
                "丁工匠",
                "技师",
            ],
            [
                "dalian-craftsman-2021",
                "craftsman",
                others.as_str(),
                &id_text(20_005),
                "戊工匠",
                "技师",
            ],
        ]),
    )
    .unwrap();
    let out = db.run(&[
        "import",
        "applications",
        "--file",
        file.to_str().unwrap(),
        "--account",
        &account,
    ]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("第 3 行被拒绝，整批未导入"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(db.count("applications").await, before + 2);
    let store = db.store().await;
    let not_registered =
        persons::find_by_id_number(&store, &ResidentId::parse(&id_text(20_004)).unwrap())
            .await
            .unwrap();
    store.close().await.unwrap();
    assert!(
        not_registered.is_none(),
        "the refused batch registered no one"
    );
}
