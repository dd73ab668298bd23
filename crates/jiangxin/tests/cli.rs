//! The binary as a user meets it: spawned as a process, read from stdout, stderr and its status.
use std::path::Path;
use std::process::{Command, Output};

fn jiangxin(args: &[&str]) -> Output {
    jiangxin_in(Path::new("no-such-data-dir"), args)
}

fn jiangxin_in(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jiangxin"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .output()
        .expect("the jiangxin binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "command failed: {}", stderr(out));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// A refused input must say so in exactly one line and exit with status 2.
fn assert_one_line_refusal(out: &Output, must_contain: &str) {
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(out));
    let err = stderr(out);
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "more than one line: {err:?}"
    );
    assert!(err.starts_with("错误："), "{err}");
    assert!(err.contains(must_contain), "{err:?} lacks {must_contain:?}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_valid_id_number_is_explained_in_chinese() {
    let out = jiangxin(&["id", "11010519491231002x"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.contains("11010519491231002X"), "{text}");
    assert!(text.contains("1949-12-31"), "{text}");
    assert!(text.contains("女"), "{text}");
}

#[test]
fn an_id_number_as_json_carries_birth_date_gender_and_area() {
    let v = json(&jiangxin(&["--json", "id", "11010519491231002X"]));
    assert_eq!(v["id_number"], "11010519491231002X");
    assert_eq!(v["birth_date"], "1949-12-31");
    assert_eq!(v["gender"], "女");
    assert_eq!(v["area_code"], "110105");
    assert_eq!(v["upgraded_from_15"], false);
}

#[test]
fn a_legacy_15_digit_number_is_upgraded_to_18_digits() {
    let v = json(&jiangxin(&["--json", "id", "130503670401001"]));
    assert_eq!(v["upgraded_from_15"], true);
    assert_eq!(v["birth_date"], "1967-04-01");
    assert_eq!(v["id_number"].as_str().map(str::len), Some(18));
}

#[test]
fn a_wrong_check_character_is_refused_in_one_line_naming_the_argument() {
    assert_one_line_refusal(&jiangxin(&["id", "110105194912310021"]), "<number>");
}

#[test]
fn a_valid_credit_code_is_explained() {
    let v = json(&jiangxin(&["--json", "uscc", "91350100m000100y43"]));
    assert_eq!(v["credit_code"], "91350100M000100Y43");
    assert_eq!(v["division_code"], "350100");
}

#[test]
fn a_credit_code_with_a_forbidden_letter_is_refused() {
    assert_one_line_refusal(&jiangxin(&["uscc", "91350100M000100O43"]), "<code>");
}

#[test]
fn five_working_days_after_the_national_day_eve_end_on_the_tenth_of_october() {
    let v = json(&jiangxin(&["--json", "workdays", "add", "2025-09-26", "5"]));
    assert_eq!(v["last_day"], "2025-10-10");
    assert_eq!(v["first_day"], "2025-09-27");
    assert_eq!(v["ends_at"], "2025-10-11T00:00:00");
}

#[test]
fn five_working_days_across_new_year_end_on_the_eighth_of_january() {
    let v = json(&jiangxin(&["--json", "workdays", "add", "2023-12-29", "5"]));
    assert_eq!(v["last_day"], "2024-01-08");
}

#[test]
fn calendar_days_ending_on_a_holiday_move_to_the_next_working_day() {
    // 2025-09-26 + 7 days = 2025-10-03, inside the National Day holiday; the next working day
    // is 2025-10-09 (10-01..10-08 are off).
    let v = json(&jiangxin(&[
        "--json",
        "workdays",
        "add",
        "--calendar",
        "2025-09-26",
        "7",
    ]));
    assert_eq!(v["last_day"], "2025-10-09");
}

#[test]
fn working_days_between_counts_the_whole_of_2025() {
    let v = json(&jiangxin(&[
        "--json",
        "workdays",
        "between",
        "2024-12-31",
        "2025-12-31",
    ]));
    assert_eq!(v["working_days"], 248);
}

#[test]
fn a_make_up_working_sunday_is_reported_as_such() {
    let v = json(&jiangxin(&["--json", "workdays", "day", "2025-09-28"]));
    assert_eq!(v["kind"], "makeup_workday");
    assert_eq!(v["working_day"], true);
}

#[test]
fn an_unpublished_year_is_an_error_that_names_the_year() {
    let out = jiangxin(&["workdays", "add", "2027-03-01", "5"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("2027"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
}

#[test]
fn a_holiday_file_in_the_data_directory_adds_a_year_without_rebuilding() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("holiday-cn")).expect("mkdir");
    std::fs::write(
        dir.path().join("holiday-cn/2027.json"),
        r#"{"year": 2027, "papers": ["test"], "days": [
            {"name": "元旦", "date": "2027-01-01", "isOffDay": true}
        ]}"#,
    )
    .expect("write 2027.json");
    let out = jiangxin_in(
        dir.path(),
        &["--json", "workdays", "add", "2026-12-31", "1"],
    );
    let v = json(&out);
    // 2027-01-01 is the holiday from the file, 01-02/03 the weekend.
    assert_eq!(v["last_day"], "2027-01-04");
}

#[test]
fn a_malformed_date_is_refused_naming_the_argument() {
    assert_one_line_refusal(&jiangxin(&["workdays", "add", "2025-13-01", "5"]), "<date>");
}

#[test]
fn a_negative_day_count_is_refused_naming_the_argument() {
    assert_one_line_refusal(&jiangxin(&["workdays", "add", "2025-09-26", "-1"]), "<n>");
}

#[test]
fn a_man_born_in_march_1965_retires_at_sixty_and_one_month() {
    let v = json(&jiangxin(&[
        "--json",
        "retirement",
        "1965-03-10",
        "男",
        "--on",
        "2025-01-01",
    ]));
    assert_eq!(v["retirement_age_years"], 60);
    assert_eq!(v["retirement_age_months"], 1);
    assert_eq!(v["retirement_date"], "2025-04-10");
    assert_eq!(v["within_legal_working_age"], true);
}

#[test]
fn a_woman_cadre_born_in_1981_september_retires_at_fifty_eight() {
    let v = json(&jiangxin(&[
        "--json",
        "retirement",
        "1981-09-15",
        "女",
        "--category",
        "cadre",
        "--on",
        "2026-11-22",
    ]));
    assert_eq!(v["retirement_age_years"], 58);
    assert_eq!(v["retirement_age_months"], 0);
    assert_eq!(v["retirement_date"], "2039-09-15");
}

#[test]
fn an_unknown_gender_is_refused_naming_the_argument() {
    assert_one_line_refusal(&jiangxin(&["retirement", "1970-01-01", "x"]), "<gender>");
}

#[test]
fn a_missing_argument_is_reported_in_one_line() {
    assert_one_line_refusal(&jiangxin(&["workdays", "add", "2025-09-26"]), "命令行有误");
}

#[test]
fn a_period_of_zero_days_is_refused_naming_the_argument() {
    assert_one_line_refusal(&jiangxin(&["workdays", "add", "2025-09-26", "0"]), "<n>");
}

fn facts_file(name: &str) -> String {
    format!("{}/../../examples/facts/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_remote_district_candidate_qualifies_through_the_relaxed_honour_and_gets_ten_percent_more() {
    let facts = facts_file("high-skill-remote.json");
    let v = json(&jiangxin(&[
        "--json",
        "check",
        "--program",
        "dalian-high-skill-2021",
        "--category",
        "cultivated",
        "--facts",
        &facts,
        "--set",
        "salary_subsidy_cultivated=100000",
    ]));
    let decision = &v[0];
    assert_eq!(decision["outcome"], "eligible");
    assert_eq!(decision["program_version"], "2021.2");
    let text = jiangxin(&[
        "check",
        "--program",
        "dalian-high-skill-2021",
        "--category",
        "cultivated",
        "--facts",
        &facts,
        "--set",
        "salary_subsidy_cultivated=100000",
    ]);
    let text = stdout(&text);
    assert!(text.contains("110,000.00 元"), "{text}");
    assert!(text.contains("大人社发〔2021〕306号 一、(五)"), "{text}");
}

#[test]
fn without_the_officer_set_subsidy_the_check_asks_for_review_naming_the_parameter() {
    let facts = facts_file("high-skill-remote.json");
    let v = json(&jiangxin(&[
        "--json",
        "check",
        "--program",
        "dalian-high-skill-2021",
        "--category",
        "cultivated",
        "--facts",
        &facts,
    ]));
    assert_eq!(v[0]["outcome"], "review");
    assert!(v[0].to_string().contains("salary_subsidy_cultivated"));
}

#[test]
fn an_unknown_program_is_refused_naming_the_option() {
    let facts = facts_file("high-skill-remote.json");
    assert_one_line_refusal(
        &jiangxin(&["check", "--program", "no-such-program", "--facts", &facts]),
        "--program",
    );
}

#[test]
fn an_override_of_a_parameter_no_program_has_is_refused_naming_the_option() {
    let facts = facts_file("high-skill-remote.json");
    assert_one_line_refusal(
        &jiangxin(&[
            "check",
            "--program",
            "dalian-high-skill-2021",
            "--facts",
            &facts,
            "--set",
            "no_such_parameter=1",
        ]),
        "--set",
    );
}

#[test]
fn a_missing_facts_file_is_refused_naming_the_option() {
    assert_one_line_refusal(
        &jiangxin(&[
            "check",
            "--program",
            "dalian-high-skill-2021",
            "--facts",
            "/no/such/file.json",
        ]),
        "--facts",
    );
}
