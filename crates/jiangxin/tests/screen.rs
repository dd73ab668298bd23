//! `jiangxin screen` as a user meets it: a registry file in, a CSV file out, a summary on stderr.
//! The outcomes follow the rule-test fixtures in programs/tests/.
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jiangxin_domain::id_number::ResidentId;

const HEADER: &str = "id_number,name,skill_level,enterprise_ranks,social_security_district,unit_type,unit_key_industry,unit_tax_last_year,frontline,contract_years,key_post_years,city_social_security_months,district_continuous_months,income_ratio,introduction,months_in_city_per_year,honours,flags";
const HEADER_ZH: &str = "身份证号码,姓名,技能等级,企业认定等级,社保缴纳地,单位类型,单位属重点产业,单位上年纳税额,一线岗位,合同年限,关键岗位年限,在连社保缴费月数,本区连续工作月数,收入倍数,引进方式,每年在连工作月数,荣誉,标记";

/// A valid ID number of a man born on `yyyymmdd`.
fn id(yyyymmdd: &str) -> String {
    let body = format!("210202{yyyymmdd}001");
    format!("{body}{}", ResidentId::check_char(&body).unwrap())
}

/// The 201号 rule-test fixture (a 工匠技师 on the front line) with `months` insured in Dalian.
fn craftsman(months: u32) -> String {
    format!(
        "{},王伟,技师,工匠技师,210202,企业,0,1000000,1,5,6,{months},12,1.5,培育,12,全国技术能手@2018-05-01,",
        id("19750301")
    )
}

/// The 惠阳 rule-test fixture.
fn huiyang() -> String {
    format!(
        "{},李强,技师,,441303,企业,0,1000000,1,5,6,60,12,1.5,,12,市级技能大师工作室领办人@2020-01-01,",
        id("19800501")
    )
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Files {
        Files {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }
}

fn jiangxin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .arg("--data-dir")
        .arg("no-such-data-dir")
        .args(args)
        .output()
        .expect("the jiangxin binary runs")
}

fn screen(registry: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "screen",
        "--registry",
        registry.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    jiangxin(&args)
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

fn succeeded(out: &Output) {
    assert!(out.status.success(), "stderr: {}", stderr(out));
    assert!(out.stdout.is_empty(), "stdout stays free");
}

#[test]
fn the_wide_output_has_a_column_per_program_and_the_summary_goes_to_stderr_in_chinese() {
    let files = Files::new();
    let registry = files.write(
        "名册.csv",
        &format!(
            "{HEADER}\n{}\n{}\n{}\n",
            craftsman(60),
            craftsman(59),
            huiyang()
        ),
    );
    let out = screen(
        &registry,
        &files.path("out.csv"),
        &[
            "--program",
            "dalian-craftsman-2021",
            "--program",
            "huiyang-chief-technician-2024",
        ],
    );
    succeeded(&out);
    assert_eq!(
        files.read("out.csv"),
        format!(
            "row,id_number,dalian-craftsman-2021,huiyang-chief-technician-2024\n\
             1,{a},review,ineligible\n2,{a},ineligible,ineligible\n3,{b},ineligible,review\n",
            a = id("19750301"),
            b = id("19800501")
        )
    );
    let summary = stderr(&out);
    assert!(summary.contains("共 3 行，其中无效 0 行"), "{summary}");
    assert!(
        summary.contains("dalian-craftsman-2021\t0\t1\t2\t0"),
        "{summary}"
    );
}

#[test]
fn every_program_is_screened_when_none_is_named_and_students_are_not_a_column() {
    let files = Files::new();
    let registry = files.write("r.csv", &format!("{HEADER}\n{}\n", craftsman(60)));
    let out = screen(
        &registry,
        &files.path("out.csv"),
        &["--as-of", "2021-06-01"],
    );
    succeeded(&out);
    let text = files.read("out.csv");
    let header = text.lines().next().unwrap();
    assert_eq!(header.split(',').count(), 12, "{header}");
    assert!(
        header.contains("dalian-skilled-talent-2011/settlement"),
        "{header}"
    );
    assert!(!header.contains("tuition-subsidy") && !header.contains("training-subsidy"));
}

#[test]
fn the_long_output_gives_failed_criteria_and_citations() {
    let files = Files::new();
    let registry = files.write("r.csv", &format!("{HEADER}\n{}\n", craftsman(59)));
    let out = screen(
        &registry,
        &files.path("out.csv"),
        &["--long", "--program", "dalian-craftsman-2021"],
    );
    succeeded(&out);
    let text = files.read("out.csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "row,id_number,program,outcome,failed,citations");
    let fields: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(
        &fields[..5],
        [
            "1",
            id("19750301").as_str(),
            "dalian-craftsman-2021",
            "ineligible",
            "city-social-security"
        ]
    );
    assert!(
        fields[5].starts_with("大人社发〔2021〕201号"),
        "{}",
        lines[1]
    );
}

#[test]
fn chinese_headers_are_accepted() {
    let files = Files::new();
    let english = files.write("en.csv", &format!("{HEADER}\n{}\n", craftsman(60)));
    let chinese = files.write("zh.csv", &format!("{HEADER_ZH}\n{}\n", craftsman(60)));
    succeeded(&screen(&english, &files.path("en.out"), &[]));
    succeeded(&screen(&chinese, &files.path("zh.out"), &[]));
    assert_eq!(files.read("en.out"), files.read("zh.out"));
}

#[test]
fn a_malformed_row_is_invalid_written_to_rejects_and_counted_while_good_rows_are_kept() {
    let files = Files::new();
    let bad = craftsman(60).replace("企业", "合资企业");
    let registry = files.write(
        "r.csv",
        &format!("{HEADER_ZH}\n{}\n{bad}\n{}\n", craftsman(60), huiyang()),
    );
    let out = screen(
        &registry,
        &files.path("out.csv"),
        &[
            "--program",
            "dalian-craftsman-2021",
            "--rejects",
            files.path("rejects.csv").to_str().unwrap(),
        ],
    );
    succeeded(&out);
    let text = files.read("out.csv");
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].ends_with(",review"), "{}", rows[0]);
    assert!(
        rows[1].starts_with("2,") && rows[1].ends_with(",invalid"),
        "{}",
        rows[1]
    );
    assert!(rows[2].ends_with(",ineligible"), "{}", rows[2]);
    let rejects = files.read("rejects.csv");
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines[0], "row,id_number,column,reason");
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].starts_with(&format!("2,{},单位类型,", id("19750301"))),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("合资企业"), "{}", lines[1]);
    assert!(
        stderr(&out).contains("共 3 行，其中无效 1 行"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_baseline_writes_only_the_rows_an_override_changes() {
    let files = Files::new();
    let registry = files.write(
        "r.csv",
        &format!(
            "{HEADER}\n{}\n{}\n{}\n",
            craftsman(60),
            craftsman(50),
            craftsman(30)
        ),
    );
    let out = screen(
        &registry,
        &files.path("out.csv"),
        &[
            "--set",
            "dalian-craftsman-2021.min_city_social_security_months=48",
            "--baseline",
        ],
    );
    succeeded(&out);
    assert_eq!(
        files.read("out.csv"),
        format!(
            "row,id_number,column,before,after\n2,{},dalian-craftsman-2021,ineligible,review\n",
            id("19750301")
        )
    );
    assert!(stderr(&out).contains("结果变化"), "{}", stderr(&out));
}

#[test]
fn the_summary_is_json_on_stderr_with_the_global_flag() {
    let files = Files::new();
    let registry = files.write(
        "r.csv",
        &format!("{HEADER}\n{}\n{}\n", craftsman(60), huiyang()),
    );
    let out = jiangxin(&[
        "--json",
        "screen",
        "--registry",
        registry.to_str().unwrap(),
        "--out",
        files.path("out.csv").to_str().unwrap(),
        "--program",
        "huiyang-chief-technician-2024",
    ]);
    succeeded(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stderr).expect("stderr is JSON");
    assert_eq!(v["rows"], 2);
    assert_eq!(v["invalid_rows"], 0);
    assert_eq!(v["columns"][0]["column"], "huiyang-chief-technician-2024");
    assert_eq!(v["columns"][0]["review"], 1);
    assert_eq!(v["columns"][0]["ineligible"], 1);
    assert_eq!(v["dates"][0]["as_of"], "2024-01-01");
    assert!(v["rows_per_second"].as_f64().unwrap() > 0.0);
}

#[test]
fn an_xlsx_registry_is_screened_like_its_csv() {
    let files = Files::new();
    let csv = files.write(
        "r.csv",
        &format!("{HEADER_ZH}\n{}\n{}\n", craftsman(59), huiyang()),
    );
    let xlsx = files.path("r.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let text = std::fs::read_to_string(&csv).unwrap();
    for (r, line) in text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(&xlsx).unwrap();
    succeeded(&screen(&csv, &files.path("csv.out"), &[]));
    succeeded(&screen(&xlsx, &files.path("xlsx.out"), &[]));
    assert_eq!(files.read("csv.out"), files.read("xlsx.out"));
}

#[test]
fn a_registry_missing_a_column_is_refused_in_one_line_naming_the_column() {
    let files = Files::new();
    let header = HEADER.replace(",flags", "");
    let registry = files.write("r.csv", &format!("{header}\n"));
    let out = screen(&registry, &files.path("out.csv"), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.starts_with("错误：参数 --registry："), "{err}");
    assert!(err.contains("flags（标记）"), "{err}");
}

#[test]
fn a_misspelt_parameter_and_a_baseline_without_overrides_are_refused() {
    let files = Files::new();
    let registry = files.write("r.csv", &format!("{HEADER}\n{}\n", craftsman(60)));
    let out = screen(
        &registry,
        &files.path("out.csv"),
        &["--set", "max_agee_cultivated=60"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--set"), "{}", stderr(&out));
    let out = screen(&registry, &files.path("out.csv"), &["--baseline"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--set"), "{}", stderr(&out));
}

#[test]
fn an_unknown_program_is_refused_naming_the_option() {
    let files = Files::new();
    let registry = files.write("r.csv", &format!("{HEADER}\n"));
    let out = screen(&registry, &files.path("out.csv"), &["--program", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--program"), "{}", stderr(&out));
}
