//! Screening small registries whose outcomes follow from the program files and their rule tests
//! (programs/tests/): the fixtures there are the base rows here.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::NaiveDate;
use jiangxin_domain::id_number::ResidentId;
use jiangxin_policy::{Facts, ParameterOverrides, ProgramSet, check};
use jiangxin_registry::{
    Column, Layout, Outputs, Plan, PlanOptions, RegistryError, ScreenOptions, Summary, screen,
    screen_path,
};
use proptest::prelude::*;

const CRAFTSMAN: &str = "dalian-craftsman-2021";
const HUIYANG: &str = "huiyang-chief-technician-2024";
const HIGH_SKILL: &str = "dalian-high-skill-2021";

/// A valid ID number of a man (odd sequence) born on `yyyymmdd` in 中山区.
fn id(yyyymmdd: &str) -> String {
    let body = format!("210202{yyyymmdd}001");
    format!("{body}{}", ResidentId::check_char(&body).unwrap())
}

/// The 201号 fixture (a 工匠技师 on the front line, 60 months insured) who also fits the 306号
/// 培育 fixture; `changes` replaces cells by English column name.
fn person(changes: &[(&str, &str)]) -> BTreeMap<&'static str, String> {
    let base = [
        ("id_number", id("19750301")),
        ("name", "王伟".to_owned()),
        ("skill_level", "技师".to_owned()),
        ("enterprise_ranks", "工匠技师".to_owned()),
        ("social_security_district", "210202".to_owned()),
        ("unit_type", "企业".to_owned()),
        ("unit_key_industry", "0".to_owned()),
        ("unit_tax_last_year", "1000000".to_owned()),
        ("frontline", "1".to_owned()),
        ("contract_years", "5".to_owned()),
        ("key_post_years", "6".to_owned()),
        ("city_social_security_months", "60".to_owned()),
        ("district_continuous_months", "12".to_owned()),
        ("income_ratio", "1.5".to_owned()),
        ("introduction", "培育".to_owned()),
        ("months_in_city_per_year", "12".to_owned()),
        ("honours", "全国技术能手@2018-05-01".to_owned()),
        ("flags", String::new()),
    ];
    let mut row: BTreeMap<&'static str, String> = base.into_iter().collect();
    for (column, value) in changes {
        let key = Column::ALL
            .iter()
            .map(|c| c.name())
            .find(|n| n == column)
            .unwrap();
        row.insert(key, (*value).to_owned());
    }
    row
}

/// The 惠阳 fixture: insured in 惠阳区 for 12 months, leader of a municipal master studio.
fn huiyang() -> BTreeMap<&'static str, String> {
    person(&[
        ("id_number", &id("19800501")),
        ("social_security_district", "441303"),
        ("honours", "市级技能大师工作室领办人@2020-01-01"),
        ("enterprise_ranks", ""),
    ])
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A registry with headers from `header` (English or Chinese) in catalogue order.
fn registry(rows: &[BTreeMap<&'static str, String>], chinese: bool) -> String {
    let names: Vec<&str> = Column::ALL
        .iter()
        .map(|c| if chinese { c.name_zh() } else { c.name() })
        .collect();
    let mut text = names.join(",") + "\n";
    for row in rows {
        let cells: Vec<String> = Column::ALL
            .iter()
            .map(|c| csv_field(&row[c.name()]))
            .collect();
        text += &(cells.join(",") + "\n");
    }
    text
}

struct Screened {
    out: String,
    rejects: String,
    summary: Summary,
}

fn plan<'p>(set: &'p ProgramSet, programs: &[&str], sets: &[&str], baseline: bool) -> Plan<'p> {
    let mut overrides = ParameterOverrides::new();
    for assignment in sets {
        overrides.parse_assignment(assignment).unwrap();
    }
    let ids: Vec<String> = programs.iter().map(|p| (*p).to_owned()).collect();
    Plan::new(
        set,
        &ids,
        PlanOptions {
            as_of: None,
            today: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            overrides: &overrides,
            baseline,
        },
    )
    .unwrap()
}

fn run(text: &str, plan: &Plan<'_>, options: ScreenOptions) -> Result<Screened, RegistryError> {
    let (mut out, mut rejects) = (Vec::new(), Vec::new());
    let summary = screen(
        text.as_bytes(),
        Some(text.len() as u64),
        plan,
        Outputs {
            out: &mut out,
            rejects: Some(&mut rejects),
        },
        options,
        &mut |_| {},
    )?;
    Ok(Screened {
        out: String::from_utf8(out).unwrap(),
        rejects: String::from_utf8(rejects).unwrap(),
        summary,
    })
}

fn wide() -> ScreenOptions {
    ScreenOptions::default()
}

fn long() -> ScreenOptions {
    ScreenOptions {
        layout: Layout::Long,
        ..ScreenOptions::default()
    }
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn the_wide_output_has_one_column_per_program_in_the_order_given_and_known_outcomes() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[HUIYANG, CRAFTSMAN], &[], false);
    let rows = [
        person(&[]),
        person(&[("city_social_security_months", "59")]),
        huiyang(),
    ];
    let screened = run(&registry(&rows, false), &plan, wide()).unwrap();
    let (a, b, c) = (id("19750301"), id("19750301"), id("19800501"));
    assert_eq!(
        lines(&screened.out),
        [
            format!("row,id_number,{HUIYANG},{CRAFTSMAN}"),
            format!("1,{a},ineligible,review"),
            format!("2,{b},ineligible,ineligible"),
            format!("3,{c},review,ineligible"),
        ]
    );
}

#[test]
fn a_program_with_several_screened_categories_has_a_column_per_category_and_none_for_students() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(
        &set,
        &[HIGH_SKILL, "dalian-skilled-talent-2011"],
        &[],
        false,
    );
    let names: Vec<&str> = plan.targets().iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "dalian-high-skill-2021/cultivated",
            "dalian-high-skill-2021/introduced-fulltime",
            "dalian-high-skill-2021/introduced-flexible",
            "dalian-high-skill-2021/introduced-project",
            "dalian-skilled-talent-2011/outstanding-contribution",
            "dalian-skilled-talent-2011/technical-expert",
            "dalian-skilled-talent-2011/settlement",
        ]
    );
    // The 306号 培育 fixture without the unit's social insurance (not a registry column) is at
    // best "review"; as 培育 it is not an introduced applicant.
    let screened = run(&registry(&[person(&[])], false), &plan, wide()).unwrap();
    let cells: Vec<&str> = lines(&screened.out)[1].split(',').skip(2).take(2).collect();
    assert_eq!(cells, ["review", "ineligible"]);
}

#[test]
fn the_long_output_lists_failed_criteria_and_their_citations() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[CRAFTSMAN], &[], false);
    let rows = [
        person(&[]),
        person(&[("city_social_security_months", "59"), ("flags", "刑事犯罪")]),
    ];
    let screened = run(&registry(&rows, false), &plan, long()).unwrap();
    let out = lines(&screened.out);
    assert_eq!(out[0], "row,id_number,program,outcome,failed,citations");
    assert_eq!(out.len(), 3);
    let first: Vec<&str> = out[1].split(',').collect();
    assert_eq!(&first[..5], ["1", &id("19750301"), CRAFTSMAN, "review", ""]);
    // Nothing failed: the category's own citation.
    assert!(first[5].contains("201号"), "{}", out[1]);
    let second: Vec<&str> = out[2].split(',').collect();
    assert_eq!(
        &second[..5],
        [
            "2",
            &id("19750301"),
            CRAFTSMAN,
            "ineligible",
            "city-social-security;exclusion-criminal-or-dishonest"
        ]
    );
    assert_eq!(second[5].split(';').count(), 2, "{}", out[2]);
}

#[test]
fn chinese_headers_give_the_same_output_as_english_ones() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[], &[], false);
    let rows = [person(&[]), huiyang()];
    let english = run(&registry(&rows, false), &plan, wide()).unwrap();
    let chinese = run(&registry(&rows, true), &plan, wide()).unwrap();
    assert_eq!(english.out, chinese.out);
}

#[test]
fn a_bom_extra_columns_spaces_in_headers_and_crlf_lines_are_accepted() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[CRAFTSMAN], &[], false);
    let plain = registry(&[person(&[])], false);
    let decorated = format!(
        "\u{FEFF}备注, {}\r\n",
        plain.lines().next().unwrap().replace(',', " , ")
    ) + &format!("随便,{}\r\n", plain.lines().nth(1).unwrap());
    assert_eq!(
        run(&decorated, &plan, wide()).unwrap().out,
        run(&plain, &plan, wide()).unwrap().out
    );
}

#[test]
fn a_malformed_row_is_invalid_with_its_column_and_reason_and_good_rows_are_kept() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[CRAFTSMAN], &[], false);
    let mut wrong_check = id("19750301");
    let last = if wrong_check.ends_with('0') { '1' } else { '0' };
    wrong_check.pop();
    wrong_check.push(last);
    let rows = [
        person(&[]),
        person(&[("id_number", &wrong_check)]),
        person(&[("honours", "全国技术能手@2019-02-30")]),
        person(&[("unit_type", "合资企业")]),
        person(&[("frontline", "偶尔")]),
        person(&[]),
    ];
    let screened = run(&registry(&rows, true), &plan, long()).unwrap();
    let out = lines(&screened.out);
    assert!(
        out[1].starts_with("1,") && out[1].contains(",review,"),
        "{}",
        out[1]
    );
    assert!(
        out[6].starts_with("6,") && out[6].contains(",review,"),
        "{}",
        out[6]
    );
    // Long: `failed` holds the column as the header wrote it, `citations` the reason.
    let second: Vec<&str> = out[2].splitn(6, ',').collect();
    assert_eq!(
        &second[..5],
        ["2", &wrong_check, CRAFTSMAN, "invalid", "身份证号码"]
    );
    assert!(second[5].contains("校验码错误"), "{}", out[2]);
    let rejects = lines(&screened.rejects);
    assert_eq!(rejects[0], "row,id_number,column,reason");
    let columns: Vec<(&str, &str)> = rejects[1..]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.splitn(4, ',').collect();
            (f[0], f[2])
        })
        .collect();
    assert_eq!(
        columns,
        [
            ("2", "身份证号码"),
            ("3", "荣誉"),
            ("4", "单位类型"),
            ("5", "一线岗位")
        ]
    );
    assert!(rejects[2].contains("2019-02-30"), "{}", rejects[2]);
    assert!(rejects[3].contains("合资企业"), "{}", rejects[3]);
    assert_eq!(screened.summary.rows, 6);
    assert_eq!(screened.summary.invalid_rows, 4);
    assert_eq!(screened.summary.columns[0].invalid, 4);
    assert_eq!(screened.summary.columns[0].review, 2);
}

#[test]
fn a_row_with_the_wrong_number_of_fields_or_without_an_id_is_invalid() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[CRAFTSMAN], &[], false);
    let text = registry(&[person(&[("id_number", "")])], false) + "1,2,3\n";
    let screened = run(&text, &plan, wide()).unwrap();
    assert_eq!(lines(&screened.out)[1..], ["1,,invalid", "2,1,invalid"]);
    let rejects = lines(&screened.rejects);
    assert!(
        rejects[1].starts_with("1,,id_number,身份证号码为空"),
        "{}",
        rejects[1]
    );
    assert!(
        rejects[2].starts_with("2,1,,本行有 3 列，表头有 18 列"),
        "{}",
        rejects[2]
    );
}

#[test]
fn the_baseline_lists_exactly_the_rows_whose_outcome_an_override_changes() {
    let set = ProgramSet::builtin().unwrap();
    let sets = ["dalian-craftsman-2021.min_city_social_security_months=48"];
    let plan = plan(&set, &[CRAFTSMAN, HUIYANG], &sets, true);
    let rows = [
        person(&[("city_social_security_months", "60")]),
        person(&[("city_social_security_months", "50")]),
        person(&[("city_social_security_months", "30")]),
        person(&[("city_social_security_months", "48")]),
        person(&[("unit_type", "合资企业")]),
    ];
    let screened = run(&registry(&rows, false), &plan, wide()).unwrap();
    let a = id("19750301");
    assert_eq!(
        lines(&screened.out),
        [
            "row,id_number,column,before,after".to_owned(),
            format!("2,{a},{CRAFTSMAN},ineligible,review"),
            format!("4,{a},{CRAFTSMAN},ineligible,review"),
        ]
    );
    let craftsman = &screened.summary.columns[0];
    assert_eq!(craftsman.changed, Some(2));
    assert_eq!(
        (craftsman.review, craftsman.ineligible, craftsman.invalid),
        (3, 1, 1)
    );
    assert_eq!(screened.summary.columns[1].changed, Some(0));
}

#[test]
fn output_order_equals_input_order_across_many_tiny_chunks_and_workers() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[], &[], false);
    let rows: Vec<_> = (0..400)
        .map(|i| {
            let months = (i * 7 % 120).to_string();
            let flags = if i % 13 == 0 {
                "失信被执行人"
            } else {
                ""
            };
            let name = format!("名字,带逗号\n第{i}号");
            let mut row = person(&[("city_social_security_months", &months), ("flags", flags)]);
            row.insert("name", name);
            if i % 5 == 0 {
                row = huiyang();
            }
            if i % 17 == 0 {
                row.insert("skill_level", "宗师".to_owned());
            }
            row
        })
        .collect();
    let text = registry(&rows, false);
    let whole = run(
        &text,
        &plan,
        ScreenOptions {
            chunk_bytes: 1 << 30,
            workers: 1,
            ..wide()
        },
    )
    .unwrap();
    let chunked = run(
        &text,
        &plan,
        ScreenOptions {
            chunk_bytes: 64,
            workers: 4,
            ..wide()
        },
    )
    .unwrap();
    assert_eq!(chunked.out, whole.out);
    assert_eq!(chunked.rejects, whole.rejects);
    assert_eq!(chunked.summary.columns, whole.summary.columns);
    let numbers: Vec<u64> = lines(&chunked.out)[1..]
        .iter()
        .map(|l| l.split(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(numbers, (1..=400).collect::<Vec<u64>>());
}

#[test]
fn a_missing_column_is_an_error_before_any_row_is_read() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[CRAFTSMAN], &[], false);
    let text = registry(&[person(&[])], false).replacen("frontline,", "", 1);
    let err = run(&text, &plan, wide()).err().unwrap().to_string();
    assert!(err.contains("frontline（一线岗位）"), "{err}");
    let (mut out, mut rejects) = (Vec::new(), Vec::new());
    let _ = screen(
        text.as_bytes(),
        None,
        &plan,
        Outputs {
            out: &mut out,
            rejects: Some(&mut rejects),
        },
        wide(),
        &mut |_| {},
    );
    assert!(out.is_empty() && rejects.is_empty());
}

#[test]
fn an_empty_registry_is_an_error_and_a_header_alone_screens_no_rows() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[CRAFTSMAN], &[], false);
    assert!(matches!(
        run("\n\n", &plan, wide()),
        Err(RegistryError::Empty)
    ));
    let header_only = registry(&[], false);
    let screened = run(header_only.trim_end(), &plan, wide()).unwrap();
    assert_eq!(screened.summary.rows, 0);
    assert_eq!(lines(&screened.out).len(), 1);
}

#[test]
fn the_summary_counts_each_column_and_outcome_and_the_dates_used() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[HUIYANG, "dalian-skilled-talent-2011"], &[], false);
    let rows = [person(&[]), huiyang(), person(&[("skill_level", "宗师")])];
    let summary = run(&registry(&rows, false), &plan, wide()).unwrap().summary;
    assert_eq!((summary.rows, summary.invalid_rows), (3, 1));
    let huiyang = &summary.columns[0];
    assert_eq!(
        (
            huiyang.eligible,
            huiyang.review,
            huiyang.ineligible,
            huiyang.invalid
        ),
        (0, 1, 1, 1)
    );
    assert_eq!(huiyang.changed, None);
    for column in &summary.columns {
        assert_eq!(
            column.eligible + column.review + column.ineligible + column.invalid,
            3
        );
    }
    let dates: Vec<String> = summary
        .dates
        .iter()
        .map(|d| format!("{} {}", d.program, d.as_of))
        .collect();
    // 惠阳's date is fixed by its notice; 46号 has none, so the screen's day is used.
    assert_eq!(
        dates,
        [
            format!("{HUIYANG} 2024-01-01"),
            "dalian-skilled-talent-2011 2025-01-01".to_owned()
        ]
    );
    let text = summary.render_zh();
    assert!(text.contains("共 3 行，其中无效 1 行"), "{text}");
    assert!(text.contains(&format!("{HUIYANG}\t0\t1\t1\t1")), "{text}");
}

#[test]
fn an_unknown_program_or_an_override_no_chosen_program_has_is_refused() {
    let set = ProgramSet::builtin().unwrap();
    let mut overrides = ParameterOverrides::new();
    overrides.set("max_age_cultivated", "60");
    let options = PlanOptions {
        as_of: None,
        today: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        overrides: &overrides,
        baseline: false,
    };
    let err = Plan::new(&set, &[CRAFTSMAN.to_owned()], options).unwrap_err();
    assert!(err.to_string().contains("max_age_cultivated"), "{err}");
    let err = Plan::new(&set, &["no-such-program".to_owned()], options).unwrap_err();
    assert!(err.to_string().contains("no-such-program"), "{err}");
}

#[test]
fn an_xlsx_registry_of_ten_thousand_rows_screens_like_its_csv() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[], &[], false);
    let rows: Vec<_> = (0..10_000)
        .map(|i| match i % 3 {
            0 => huiyang(),
            1 => person(&[("city_social_security_months", "59")]),
            _ => person(&[("income_ratio", "2.25")]),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名册.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, column) in Column::ALL.iter().enumerate() {
        sheet.write_string(0, c as u16, column.name_zh()).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, column) in Column::ALL.iter().enumerate() {
            let (r, c, text) = (r as u32 + 1, c as u16, &row[column.name()]);
            // Numbers as numbers, as a spreadsheet holds them; the ID stays text.
            match text.parse::<f64>() {
                Ok(n) if *column != Column::IdNumber => sheet.write_number(r, c, n),
                _ => sheet.write_string(r, c, text),
            }
            .unwrap();
        }
    }
    book.save(&path).unwrap();
    let started = Instant::now();
    let mut out = Vec::new();
    let summary = screen_path(
        &path,
        &plan,
        Outputs {
            out: &mut out,
            rejects: None,
        },
        wide(),
        &mut |_| {},
    )
    .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "xlsx, 10,000 rows: {seconds:.2} s ({:.0} rows/s)",
        10_000.0 / seconds
    );
    assert_eq!((summary.rows, summary.invalid_rows), (10_000, 0));
    let csv = run(&registry(&rows, false), &plan, wide()).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), csv.out);
}

#[test]
fn a_file_that_is_neither_csv_nor_xlsx_is_refused() {
    let set = ProgramSet::builtin().unwrap();
    let plan = plan(&set, &[CRAFTSMAN], &[], false);
    let err = screen_path(
        std::path::Path::new("名册.txt"),
        &plan,
        Outputs {
            out: &mut Vec::new(),
            rejects: None,
        },
        wide(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, RegistryError::UnsupportedFormat(_)), "{err}");
}

// ───────────── every row screens as `jiangxin check` would judge the same facts ─────────────

fn cell(choices: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(choices).prop_map(str::to_owned)
}

fn random_person() -> impl Strategy<Value = BTreeMap<&'static str, String>> {
    (
        (1960..2004_i32, 1..13_u32, 1..29_u32, 0..1000_u32),
        cell(&["1", "2", "3", "4", "5", "技师", "高级工", "二级", ""]),
        cell(&["", "工匠技师", "首席技师;技能专家", "特级技师"]),
        cell(&[
            "210202", "210281", "210283", "441303", "441302", "110105", "",
        ]),
        cell(&["企业", "技师学院", "事业单位", "国家级示范中职", ""]),
        (cell(&["0", "1", ""]), cell(&["0", "1", ""])),
        (
            cell(&["0", "3000000", "120万", ""]),
            cell(&["0", "1", "5", "10", "2.5", ""]),
        ),
        (
            cell(&["0", "59", "60", "120", ""]),
            cell(&["0", "11", "12", "24", ""]),
        ),
        (
            cell(&["0.5", "2", "2.5", "3", ""]),
            cell(&["培育", "全职引进", "柔性引进", "项目引进", ""]),
        ),
        cell(&[
            "",
            "全国技术能手@2018-05-01",
            "省级政府表彰@2014-01-01;市级技能大师工作室领办人@2020-01-01",
            "中华技能大奖@2020-12-01",
        ]),
        cell(&["", "失信被执行人", "刑事犯罪;单位失信", "不良记录"]),
    )
        .prop_map(
            |(
                (y, m, d, seq),
                level,
                ranks,
                district,
                unit,
                (key, front),
                (tax, years),
                (months, district_months),
                (ratio, intro),
                honours,
                flags,
            )| {
                let body = format!("210202{y:04}{m:02}{d:02}{seq:03}");
                let id = format!("{body}{}", ResidentId::check_char(&body).unwrap());
                person(&[
                    ("id_number", &id),
                    ("skill_level", &level),
                    ("enterprise_ranks", &ranks),
                    ("social_security_district", &district),
                    ("unit_type", &unit),
                    ("unit_key_industry", &key),
                    ("frontline", &front),
                    ("unit_tax_last_year", &tax),
                    ("contract_years", &years),
                    ("key_post_years", &years),
                    ("city_social_security_months", &months),
                    ("district_continuous_months", &district_months),
                    ("income_ratio", &ratio),
                    ("introduction", &intro),
                    ("months_in_city_per_year", &district_months),
                    ("honours", &honours),
                    ("flags", &flags),
                ])
            },
        )
}

/// The same row as `--facts` JSON, written independently of the registry's column mapping.
fn as_json(row: &BTreeMap<&'static str, String>) -> String {
    let text = |k: &str| (!row[k].is_empty()).then(|| row[k].clone());
    let list = |k: &str| -> Vec<String> {
        row[k]
            .split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let yes = |k: &str| (!row[k].is_empty()).then(|| row[k] == "1");
    serde_json::json!({
        "person": {
            "id_number": row["id_number"],
            "name": text("name"),
            "skill_level": text("skill_level"),
            "enterprise_ranks": list("enterprise_ranks"),
            "social_security_district": text("social_security_district"),
            "frontline": yes("frontline"),
            "contract_years": text("contract_years"),
            "key_post_years": text("key_post_years"),
            "city_social_security_months": text("city_social_security_months"),
            "district_continuous_months": text("district_continuous_months"),
            "income_ratio": text("income_ratio"),
            "introduction": text("introduction"),
            "months_in_city_per_year": text("months_in_city_per_year"),
            "honours": list("honours"),
            "flags": list("flags"),
        },
        "unit": {
            "unit_type": text("unit_type"),
            "key_industry": yes("unit_key_industry"),
            "tax_last_year_yuan": text("unit_tax_last_year"),
        }
    })
    .to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn every_cell_of_the_wide_output_equals_what_check_says_for_the_same_facts(
        rows in proptest::collection::vec(random_person(), 1..20)
    ) {
        let set = ProgramSet::builtin().unwrap();
        let plan = plan(&set, &[], &[], false);
        let screened = run(&registry(&rows, false), &plan, ScreenOptions { chunk_bytes: 300, workers: 3, ..wide() }).unwrap();
        let out = lines(&screened.out);
        for (i, row) in rows.iter().enumerate() {
            let facts = Facts::from_json(&as_json(row)).unwrap();
            let cells: Vec<&str> = out[i + 1].split(',').skip(2).collect();
            for (target, cell) in plan.targets().iter().zip(cells) {
                // `ID` alone names the program's one screened category.
                let (program, category) = match target.name.split_once('/') {
                    Some((program, category)) => (program, category.to_owned()),
                    None => {
                        let only = set.get(&target.name).unwrap().categories.iter().find(|c| c.subject.screened());
                        (target.name.as_str(), only.unwrap().id.clone())
                    }
                };
                let date = plan.dates().into_iter().find(|d| d.program == program).unwrap().as_of;
                let decisions = check(&set, program, Some(&category), &facts, Some(date), &ParameterOverrides::new()).unwrap();
                let decision = &decisions[0];
                let expected = serde_json::to_value(decision.outcome).unwrap();
                prop_assert_eq!(cell, expected.as_str().unwrap(), "row {} {}", i + 1, &target.name);
            }
        }
    }
}
