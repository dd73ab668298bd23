//! The kinds of record the store keeps, named once for errors and for the audit log.

use std::fmt;

/// A kind of stored record. Its [`table`](Self::table) name is what the audit log writes in its
/// `entity` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Unit,
    UnitCreditFlag,
    Person,
    Account,
    ProgramVersion,
    Application,
    QuotaPool,
    QuotaClaim,
    Attachment,
    ApplicationAttachment,
    AccountPerson,
    ApplicationEvent,
    Recommendation,
    Consultation,
    ParameterValue,
    Panel,
    PanelMember,
    PanelRecusal,
    PanelBallot,
    PublicNotice,
    PublicNoticeEntry,
    Objection,
    Title,
    Entitlement,
    Payment,
    Ban,
    Talent,
    UnitStaff,
}

impl EntityKind {
    pub const ALL: [Self; 28] = [
        Self::Unit,
        Self::UnitCreditFlag,
        Self::Person,
        Self::Account,
        Self::ProgramVersion,
        Self::Application,
        Self::QuotaPool,
        Self::QuotaClaim,
        Self::Attachment,
        Self::ApplicationAttachment,
        Self::AccountPerson,
        Self::ApplicationEvent,
        Self::Recommendation,
        Self::Consultation,
        Self::ParameterValue,
        Self::Panel,
        Self::PanelMember,
        Self::PanelRecusal,
        Self::PanelBallot,
        Self::PublicNotice,
        Self::PublicNoticeEntry,
        Self::Objection,
        Self::Title,
        Self::Entitlement,
        Self::Payment,
        Self::Ban,
        Self::Talent,
        Self::UnitStaff,
    ];

    /// The table that holds this kind of record.
    pub fn table(self) -> &'static str {
        match self {
            Self::Unit => "units",
            Self::UnitCreditFlag => "unit_credit_flags",
            Self::Person => "persons",
            Self::Account => "accounts",
            Self::ProgramVersion => "program_versions",
            Self::Application => "applications",
            Self::QuotaPool => "quota_pools",
            Self::QuotaClaim => "quota_claims",
            Self::Attachment => "attachments",
            Self::ApplicationAttachment => "application_attachments",
            Self::AccountPerson => "account_persons",
            Self::ApplicationEvent => "application_events",
            Self::Recommendation => "recommendations",
            Self::Consultation => "consultations",
            Self::ParameterValue => "parameter_values",
            Self::Panel => "panels",
            Self::PanelMember => "panel_members",
            Self::PanelRecusal => "panel_recusals",
            Self::PanelBallot => "panel_ballots",
            Self::PublicNotice => "public_notices",
            Self::PublicNoticeEntry => "public_notice_entries",
            Self::Objection => "objections",
            Self::Title => "titles",
            Self::Entitlement => "entitlements",
            Self::Payment => "payments",
            Self::Ban => "bans",
            Self::Talent => "talents",
            Self::UnitStaff => "unit_staff",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Self::Unit => "单位",
            Self::UnitCreditFlag => "单位信用记录",
            Self::Person => "人员",
            Self::Account => "账户",
            Self::ProgramVersion => "项目版本",
            Self::Application => "申报",
            Self::QuotaPool => "名额池",
            Self::QuotaClaim => "名额占用",
            Self::Attachment => "附件",
            Self::ApplicationAttachment => "申报附件",
            Self::AccountPerson => "账户对应人员",
            Self::ApplicationEvent => "申报记录",
            Self::Recommendation => "单位推荐",
            Self::Consultation => "部门意见与信用核查",
            Self::ParameterValue => "经办人员设定的参数",
            Self::Panel => "专家评审组",
            Self::PanelMember => "评审组成员",
            Self::PanelRecusal => "专家回避",
            Self::PanelBallot => "专家表决票",
            Self::PublicNotice => "公示",
            Self::PublicNoticeEntry => "公示名单条目",
            Self::Objection => "公示异议",
            Self::Title => "称号与证书",
            Self::Entitlement => "待遇",
            Self::Payment => "待遇发放",
            Self::Ban => "不得再次申报",
            Self::Talent => "技能人才名册记录",
            Self::UnitStaff => "单位职工记录",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Self::Unit => "unit",
            Self::UnitCreditFlag => "unit credit flag",
            Self::Person => "person",
            Self::Account => "account",
            Self::ProgramVersion => "program version",
            Self::Application => "application",
            Self::QuotaPool => "quota pool",
            Self::QuotaClaim => "quota claim",
            Self::Attachment => "attachment",
            Self::ApplicationAttachment => "application attachment",
            Self::AccountPerson => "account person",
            Self::ApplicationEvent => "application event",
            Self::Recommendation => "recommendation",
            Self::Consultation => "consultation",
            Self::ParameterValue => "officer-set parameter value",
            Self::Panel => "expert panel",
            Self::PanelMember => "panel member",
            Self::PanelRecusal => "recusal",
            Self::PanelBallot => "ballot",
            Self::PublicNotice => "public notice",
            Self::PublicNoticeEntry => "public notice entry",
            Self::Objection => "objection",
            Self::Title => "title",
            Self::Entitlement => "entitlement",
            Self::Payment => "payment",
            Self::Ban => "ban on applying again",
            Self::Talent => "talent registry entry",
            Self::UnitStaff => "unit staff record",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.table())
    }
}
