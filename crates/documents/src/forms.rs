//! The content of the PDF documents, field by field as the seeds' attachments lay them out.
//!
//! Every free-text field is optional: a field the records do not hold stays an empty box on
//! the printed form, to be filled in by hand, as on paper. Dates and identity values are typed;
//! `jiangxin-pdf` formats them with [`crate::format`].

use chrono::NaiveDate;
use jiangxin_domain::id_number::{Gender, ResidentId};
use jiangxin_domain::industry::{EnterpriseClass, Industry};
use jiangxin_domain::phone::Phone;
use jiangxin_domain::skill::SkillLevel;

/// The four ways of 306号 (大人社发〔2021〕306号 一、(一)–(三)), in the order of the 申报书's
/// boxes and of the 汇总表's groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HighSkillCategory {
    Cultivated,
    IntroducedFullTime,
    IntroducedFlexible,
    IntroducedProject,
}

impl HighSkillCategory {
    pub const ALL: [Self; 4] = [
        Self::Cultivated,
        Self::IntroducedFullTime,
        Self::IntroducedFlexible,
        Self::IntroducedProject,
    ];

    /// The category of `dalian-high-skill-2021` with this id (`cultivated`,
    /// `introduced-fulltime`, `introduced-flexible`, `introduced-project`).
    pub fn from_program_category(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.program_category() == id)
    }

    pub fn program_category(self) -> &'static str {
        [
            "cultivated",
            "introduced-fulltime",
            "introduced-flexible",
            "introduced-project",
        ][self as usize]
    }

    /// The box on the 申报书's cover (306号 附件1).
    pub fn box_label(self) -> &'static str {
        [
            "申报培养的高端高技能人才",
            "申报引进的高端高技能人才",
            "申报柔性引进的高端高技能人才",
            "申报重点产业、行业、工程项目引进的高技能人才",
        ][self as usize]
    }

    /// The group's name in the 汇总表's 项目 column (306号 附件2).
    pub fn group_label(self) -> &'static str {
        [
            "培养的高端高技能人才",
            "全职引进的高端高技能人才",
            "柔性引进的高端高技能人才",
            "重点产业、行业、工程项目引进的高技能人才",
        ][self as usize]
    }
}

/// 306号 附件1: 大连市高技能人才选拔工作申报书, whose cover is all the seed gives: the category
/// boxes, the name and the unit (with its seal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HighSkillApplication {
    pub category: HighSkillCategory,
    pub name: String,
    pub unit: String,
}

/// The personal data a form's table asks for. Any field may be unknown (an empty box).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonDetails {
    pub name: String,
    pub id_number: Option<ResidentId>,
    /// From the ID number when there is one.
    pub gender: Option<Gender>,
    pub birth_date: Option<NaiveDate>,
    /// 民族
    pub ethnicity: Option<String>,
    /// 政治面貌
    pub political_status: Option<String>,
    /// 文化程度
    pub education: Option<String>,
    /// 参加工作时间
    pub work_started_on: Option<NaiveDate>,
    /// 技术职称
    pub professional_title: Option<String>,
    /// 毕业院校
    pub school: Option<String>,
    /// 所学专业
    pub major: Option<String>,
    /// 职业（工种）名称
    pub occupation: Option<String>,
    pub skill_level: Option<SkillLevel>,
    /// 从事本职业（工种）时间: since when.
    pub occupation_since: Option<NaiveDate>,
    /// 联系电话（座机）
    pub landline: Option<Phone>,
    /// 手机号码
    pub mobile: Option<Phone>,
    /// 通讯地址
    pub address: Option<String>,
    /// 电子邮箱
    pub email: Option<String>,
}

impl PersonDetails {
    /// A person known by name and ID number: gender and birth date are read from the number.
    pub fn identified(name: impl Into<String>, id_number: ResidentId) -> Self {
        Self {
            name: name.into(),
            gender: Some(id_number.gender()),
            birth_date: Some(id_number.birth_date()),
            id_number: Some(id_number),
            ..Self::default()
        }
    }
}

/// One row of 主要经历: 起止时间, 在何单位学习、工作, 证明人.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Experience {
    pub from: NaiveDate,
    /// `None`: to this day (至今).
    pub to: Option<NaiveDate>,
    pub place: String,
    pub witness: Option<String>,
}

/// A content section of a form: the text and its 证明人或证明材料.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Section {
    pub text: Option<String>,
    pub evidence: Option<String>,
}

/// 201号 附件1: 大连工匠申报表.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CraftsmanApplication {
    /// The industry on the cover (（ 行业）) and in the table (行业类别).
    pub industry: Option<Industry>,
    pub enterprise_class: Option<EnterpriseClass>,
    pub person: PersonDetails,
    /// 工作单位
    pub unit: String,
    /// 联系方式 on the cover.
    pub contact: Option<Phone>,
    pub experience: Vec<Experience>,
    /// 思想品德、社会公德、职业道德情况 (参选条件 1–3 and honours at city level or above).
    pub ethics: Section,
    /// 技能技艺专长情况 (参选条件 4 and competition awards).
    pub skills: Section,
    /// 攻坚克难、培养技能人才、传授技艺情况 (参选条件 5).
    pub mentoring: Section,
    /// 技术攻关、技术革新、突出贡献情况 (参选条件 6, patents, awards, benefits).
    pub innovation: Section,
    /// When the enterprise recognised the candidate as 工匠技师, and which enterprise.
    pub craftsman_recognition: Option<CraftsmanRecognition>,
}

/// "同志于 年 月 日经 （所在企业名称）自主评定为工匠技师".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CraftsmanRecognition {
    pub recognised_on: NaiveDate,
    pub enterprise: String,
}

/// The 2024 studio notice's attachment: 大连市技能大师工作室申报表.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudioApplication {
    /// 申报单位
    pub unit: String,
    /// 工作室职业（工种）
    pub studio_occupation: Option<String>,
    /// 领办人 and the data of the table 工作室领办人基本情况.
    pub leader: PersonDetails,
    /// 负责人姓名
    pub manager: Option<String>,
    /// 填报时间
    pub filled_on: Option<NaiveDate>,
    pub experience: Vec<Experience>,
    /// 领办人有何技术特长或技术绝招
    pub specialty: Section,
    /// 领办人技术革新、技能竞赛获奖情况
    pub innovation: Section,
    /// 领办人有何突出贡献，获何种奖励和荣誉称号
    pub honours: Section,
    /// 领办人主要论文（著作）及最新成果
    pub publications: Section,
}

/// What a title is awarded as: a certificate for a person, a plaque for a studio (the 2024
/// notice 三、(三) awards the 牌匾 "大连市技能大师工作室").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwardForm {
    Certificate,
    Plaque,
}

/// A certificate or plaque with its number and the verification address that its QR code
/// carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub form: AwardForm,
    /// The title as awarded, e.g. `大连工匠`, `大连市技能大师工作室`, `区管首席技师`.
    pub title: String,
    /// The person, or for a plaque the studio (e.g. `张建国技能大师工作室`).
    pub holder: String,
    pub unit: Option<String>,
    /// What the title rests on, e.g. `大人社发〔2021〕201号`.
    pub basis: String,
    pub number: String,
    pub verification_code: String,
    /// The public page that verifies the certificate by its code; the QR code carries it.
    pub verification_url: String,
    pub issuer: String,
    pub issued_on: NaiveDate,
    /// The end of the term, for titles held for a term (区管首席技师: 2 years).
    pub valid_until: Option<NaiveDate>,
}

/// The public notice (公示) as posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicNotice {
    /// e.g. `2021年“大连工匠”拟入选人员公示`.
    pub title: String,
    /// The opening paragraph: what is published and on what basis.
    pub preamble: String,
    pub entries: Vec<NoticeEntry>,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Where objections go (a phone number, an address); as the notice states it.
    pub objections_to: Option<String>,
    pub issuer: String,
    pub published_on: NaiveDate,
}

/// One line of a public notice: the ID number only masked (`210282********1235`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeEntry {
    pub name: String,
    pub unit: Option<String>,
    pub masked_id: Option<String>,
}
