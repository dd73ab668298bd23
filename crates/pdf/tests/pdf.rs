//! Every PDF document rendered from its model, read back with `pdftotext` (poppler-utils) for
//! its labels and values, and turned into PNG pages with `pdftoppm` under
//! `target/documents/` for a person to look at. `./x test` installs the fonts and poppler
//! first (scripts/ensure-fonts.sh, scripts/ensure-office.sh).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chrono::NaiveDate;
use jiangxin_documents::forms::{
    AwardForm, Certificate, CraftsmanApplication, CraftsmanRecognition, Experience,
    HighSkillApplication, HighSkillCategory, NoticeEntry, PersonDetails, PublicNotice, Section,
    StudioApplication,
};
use jiangxin_domain::id_number::ResidentId;
use jiangxin_domain::industry::{EnterpriseClass, Industry};
use jiangxin_domain::phone::Phone;
use jiangxin_domain::skill::SkillLevel;
use jiangxin_pdf::{Engine, PdfError};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new().expect("fonts-noto-cjk is installed (scripts/ensure-fonts.sh)")
    })
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// `target/documents`, where a person can look at what the tests made.
fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves the PDF and its pages as PNG, and returns the text `pdftotext` reads from it in
/// reading order (a form's cells one after another).
fn save_and_read(name: &str, pdf: &[u8]) -> String {
    assert!(pdf.starts_with(b"%PDF-"), "{name} is a PDF");
    let dir = out_dir();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).unwrap();
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "60"])
        .arg(&path)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm runs (poppler-utils, scripts/ensure-office.sh)");
    assert!(png.success());
    pdftotext(&path, false)
}

/// The text of a saved PDF; with `layout`, as laid out on the page, one printed line to a line.
fn pdftotext(path: &Path, layout: bool) -> String {
    let mut command = Command::new("pdftotext");
    if layout {
        command.arg("-layout");
    }
    let text = command
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (poppler-utils, scripts/ensure-office.sh)");
    assert!(text.status.success());
    String::from_utf8(text.stdout).unwrap()
}

fn pages(text: &str) -> usize {
    text.matches('\u{c}').count()
}

fn assert_has(text: &str, wanted: &[&str]) {
    // pdftotext may put spaces between the characters of a spaced-out title; compare without.
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for w in wanted {
        let w: String = w.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(squeezed.contains(&w), "missing “{w}” in:\n{text}");
    }
}

fn id(text: &str) -> ResidentId {
    ResidentId::parse(text).unwrap()
}

#[test]
fn the_high_skill_application_book_ticks_the_category_box_and_names_applicant_and_unit() {
    let doc = HighSkillApplication {
        category: HighSkillCategory::IntroducedFlexible,
        name: "王海涛".into(),
        unit: "大连船舶重工集团有限公司".into(),
    };
    let text = save_and_read(
        "306-high-skill-application",
        &engine().high_skill_application(&doc).unwrap(),
    );
    assert_has(
        &text,
        &[
            "附件1",
            "大连市高技能人才选拔工作申报书",
            "申报培养的高端高技能人才",
            "申报引进的高端高技能人才",
            "申报重点产业、行业、工程项目引进的高技能人才",
            "王海涛",
            "单位（公章）",
            "大连船舶重工集团有限公司",
        ],
    );
    // Exactly one box is ticked, on the line of the flexible category.
    assert_eq!(text.matches('√').count(), 1, "{text}");
    let ticked = text.lines().find(|l| l.contains('√')).unwrap();
    assert!(ticked.contains("申报柔性引进的高端高技能人才"), "{ticked}");
    assert_eq!(pages(&text), 1);
}

fn long_text(sentence: &str, times: usize) -> String {
    (0..times).map(|_| sentence).collect()
}

fn craftsman() -> CraftsmanApplication {
    let mut person = PersonDetails::identified("李卫国", id("210202197803152011"));
    person.ethnicity = Some("汉族".into());
    person.political_status = Some("中共党员".into());
    person.education = Some("大专".into());
    person.work_started_on = Some(day(1996, 7, 1));
    person.professional_title = Some("工程师".into());
    person.school = Some("大连职业技术学院".into());
    person.major = Some("机电一体化".into());
    person.occupation = Some("数控车工".into());
    person.skill_level = Some(SkillLevel::SeniorTechnician);
    person.occupation_since = Some(day(1996, 7, 1));
    person.mobile = Some(Phone::parse("13904116789").unwrap());
    person.address = Some("大连市甘井子区华北路 1 号".into());
    CraftsmanApplication {
        industry: Some(Industry::Machining),
        enterprise_class: Some(EnterpriseClass::ProvincialSoe),
        unit: "大连机床集团有限责任公司".into(),
        contact: Some(Phone::parse("13904116789").unwrap()),
        experience: vec![
            Experience {
                from: day(1993, 9, 1),
                to: Some(day(1996, 6, 30)),
                place: "大连职业技术学院 学习".into(),
                witness: Some("张老师".into()),
            },
            Experience {
                from: day(1996, 7, 1),
                to: None,
                place: "大连机床集团有限责任公司 数控车工".into(),
                witness: Some("人事部 赵主任".into()),
            },
        ],
        // Long enough to run over a page: the row breaks and continues on the next.
        ethics: Section {
            text: Some(long_text(
                "该同志爱岗敬业，多年扎根生产一线，带头攻克多项加工难题，2019年获大连市劳动模范称号。",
                40,
            )),
            evidence: Some("市政府表彰文件".into()),
        },
        // Markup characters are data, printed as written.
        skills: Section {
            text: Some("精通 #set page(...) 与 *五轴* 联动加工 [工艺] $x$ \\ 等".into()),
            evidence: None,
        },
        mentoring: Section::default(),
        innovation: Section::default(),
        craftsman_recognition: Some(CraftsmanRecognition {
            recognised_on: day(2020, 12, 18),
            enterprise: "大连机床集团有限责任公司".into(),
        }),
        person,
    }
}

#[test]
fn the_craftsman_form_has_every_part_of_the_attachment_with_the_values_filled_in() {
    let text = save_and_read(
        "201-craftsman-application",
        &engine().craftsman_application(&craftsman()).unwrap(),
    );
    assert_has(
        &text,
        &[
            "大连工匠申报表",
            "机械加工",
            "行业）",
            "驻连中央企业",
            "驻连省属企业",
            "市属（及以下）各类所有制企业",
            "大连市人力资源和社会保障局制",
            "填表说明",
            "姓名",
            "李卫国",
            "出生年月",
            "1978年3月",
            "民族",
            "汉族",
            "政治面貌",
            "中共党员",
            "行业类别",
            "J.机械加工",
            "所从事职业（工种）名称及等级",
            "数控车工一级（高级技师）",
            "手机号码",
            "13904116789",
            "主要经历",
            "1996.07—至今",
            "大连机床集团有限责任公司数控车工",
            "证明人或证明材料",
            "市政府表彰文件",
            "（填报内容应体现参选条件第五条内容）",
            "身份证复印件粘贴处",
            "本人参加大连工匠评选，承诺所申报的所有材料属实",
            "申请人（签字）",
            "自主评定为工匠技师",
            "2020年12月18日",
            "主要负责人（签字）",
            "（公章）",
            "精通#setpage(...)与*五轴*联动加工[工艺]$x$\\等",
        ],
    );
    // The ID number sits one character to a box, on the line of its label.
    let layout = pdftotext(&out_dir().join("201-craftsman-application.pdf"), true);
    let line = layout.lines().find(|l| l.contains("身份证号码")).unwrap();
    let digits: String = line.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    assert_eq!(digits, "210202197803152011", "{line}");
    // The ticked class is the provincial one.
    let ticked = text.lines().find(|l| l.contains('√')).unwrap();
    assert!(ticked.contains("驻连省属企业"), "{ticked}");
    // Opinion boxes of unit, union, district and city, each with its seal.
    assert!(text.matches("（公章）").count() >= 5, "{text}");
    // Cover, instructions, and the long section running onto further pages.
    assert!(pages(&text) >= 5, "{} pages", pages(&text));
}

#[test]
fn an_empty_craftsman_form_prints_its_boxes_empty() {
    let doc = CraftsmanApplication {
        person: PersonDetails {
            name: "周明".into(),
            ..PersonDetails::default()
        },
        unit: "大连某企业".into(),
        ..CraftsmanApplication::default()
    };
    let text = save_and_read(
        "201-craftsman-application-empty",
        &engine().craftsman_application(&doc).unwrap(),
    );
    assert_has(
        &text,
        &[
            "周明",
            "身份证号码",
            "主要经历",
            "技术攻关技术革新突出贡献情况",
        ],
    );
    assert!(!text.contains('√'), "no class ticked: {text}");
}

#[test]
fn the_studio_form_has_leader_data_sections_and_the_finance_bureau_opinion() {
    let mut leader = PersonDetails::identified("孙立新", id("210211198506203020"));
    leader.education = Some("本科".into());
    leader.political_status = Some("群众".into());
    leader.occupation = Some("焊工".into());
    leader.skill_level = Some(SkillLevel::SeniorTechnician);
    leader.work_started_on = Some(day(2007, 7, 1));
    leader.mobile = Some(Phone::parse("13840912345").unwrap());
    let doc = StudioApplication {
        unit: "大连重工机电设备成套有限公司".into(),
        studio_occupation: Some("焊工".into()),
        leader,
        manager: Some("陈刚".into()),
        filled_on: Some(day(2024, 3, 10)),
        experience: vec![Experience {
            from: day(2007, 7, 1),
            to: None,
            place: "大连重工机电设备成套有限公司".into(),
            witness: None,
        }],
        specialty: Section {
            text: Some("掌握大型结构件全位置焊接绝技。".into()),
            evidence: Some("技能竞赛证书".into()),
        },
        ..StudioApplication::default()
    };
    let text = save_and_read(
        "studio-application",
        &engine().studio_application(&doc).unwrap(),
    );
    assert_has(
        &text,
        &[
            "大连市技能大师工作室申报表",
            "申报单位",
            "大连重工机电设备成套有限公司",
            "工作室职业（工种）",
            "领办人姓名",
            "孙立新",
            "负责人姓名",
            "陈刚",
            "填报时间",
            "2024年3月10日",
            "工作室领办人基本情况",
            "2寸照片",
            "一级（高级技师）",
            "1985年6月",
            "领办人有何技术特长或技术绝招",
            "掌握大型结构件全位置焊接绝技。",
            "领办人主要论文（著作）及最新成果",
            "所在单位推荐意见",
            "区人力资源和社会保障（劳动人事）局意见",
            "市人力资源和社会保障局意见",
            "市财政局意见",
        ],
    );
}

fn certificate(form: AwardForm) -> Certificate {
    Certificate {
        form,
        title: "大连工匠".into(),
        holder: "李卫国".into(),
        unit: Some("大连机床集团有限责任公司".into()),
        basis: "大人社发〔2021〕201号".into(),
        number: "DLGJ-2021-0007".into(),
        verification_code: "K7Q2-9XWM".into(),
        verification_url: "https://jiangxin.example.gov.cn/verify/K7Q2-9XWM".into(),
        issuer: "大连市人民政府".into(),
        issued_on: day(2021, 9, 28),
        valid_until: None,
    }
}

#[test]
fn a_certificate_carries_its_number_code_and_verification_address() {
    let text = save_and_read(
        "certificate",
        &engine()
            .certificate(&certificate(AwardForm::Certificate))
            .unwrap(),
    );
    assert_has(
        &text,
        &[
            "荣誉证书",
            "李卫国",
            "大连工匠",
            "证书编号：DLGJ-2021-0007",
            "验证码：K7Q2-9XWM",
            "https://jiangxin.example.gov.cn/verify/K7Q2-9XWM",
            "大连市人民政府",
            "2021年9月28日",
        ],
    );
    assert_eq!(pages(&text), 1);
}

#[test]
fn a_plaque_names_the_studio_in_large_type() {
    let mut plaque = certificate(AwardForm::Plaque);
    plaque.title = "大连市技能大师工作室".into();
    plaque.holder = "孙立新技能大师工作室".into();
    plaque.issuer = "大连市人力资源和社会保障局".into();
    let text = save_and_read("plaque", &engine().certificate(&plaque).unwrap());
    assert_has(
        &text,
        &["大连市技能大师工作室", "孙立新技能大师工作室", "证书编号"],
    );
    assert!(!text.contains("荣誉证书"));
}

#[test]
fn the_public_notice_lists_masked_id_numbers_and_the_window() {
    let doc = PublicNotice {
        title: "2021年“大连工匠”拟入选人员公示".into(),
        preamble: "根据《关于开展2021年“大连工匠”选树工作的通知》（大人社发〔2021〕201号），经评审，现将拟入选人员予以公示。".into(),
        entries: (0..30)
            .map(|i| NoticeEntry {
                name: format!("候选人{i:02}"),
                unit: Some("大连机床集团有限责任公司".into()),
                masked_id: Some(id("210202197803152011").masked()),
            })
            .collect(),
        first_day: day(2021, 8, 2),
        last_day: day(2021, 8, 10),
        objections_to: Some("电话 0411-84369295".into()),
        issuer: "大连市人力资源和社会保障局".into(),
        published_on: day(2021, 8, 2),
    };
    let text = save_and_read("public-notice", &engine().public_notice(&doc).unwrap());
    assert_has(
        &text,
        &[
            "2021年“大连工匠”拟入选人员公示",
            "大人社发〔2021〕201号",
            "候选人00",
            "候选人29",
            "210202********2011",
            "公示时间：2021年8月2日至2021年8月10日",
            "0411-84369295",
        ],
    );
    assert!(
        !text.contains("210202197803152011"),
        "never the full number"
    );
}

#[test]
fn without_the_fonts_the_engine_refuses_with_a_chinese_error_naming_the_file() {
    let empty = tempfile::tempdir().unwrap();
    let err = Engine::with_font_dir(empty.path()).unwrap_err();
    assert!(matches!(err, PdfError::FontMissing { .. }));
    let message = err.to_string();
    assert!(message.contains("找不到中文字体文件"), "{message}");
    assert!(message.contains("NotoSerifCJK-Regular.ttc"), "{message}");
    assert!(message.contains("scripts/ensure-fonts.sh"), "{message}");
}
