//! The tables as SeaORM sees them. Private to the crate: callers use the typed repositories,
//! which speak in domain types and write the audit log.
//!
//! Every model derives `Serialize`, because the audit log records the SHA-256 of a row's JSON
//! (see [`crate::audit`]); `audit verify` recomputes it from the row as stored.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PrimaryKeyTrait,
    QueryFilter,
};
use serde::Serialize;

use crate::digest::Digest;
use crate::error::StoreError;
use crate::kind::EntityKind;
use crate::store::{Reader, Tx};

/// A table whose changes go to the audit log.
pub(crate) trait Audited: Serialize {
    const KIND: EntityKind;

    /// The row's key as the audit log writes it: the id, or `a/b` for a two-column key.
    fn audit_id(&self) -> String;

    /// The digest of the row's state: SHA-256 of its JSON, with object keys in a fixed order
    /// (struct field order; JSON columns come back from the database with sorted keys).
    fn row_digest(&self) -> Digest {
        Digest::of(&serde_json::to_vec(self).expect("a row always serialises to JSON"))
    }
}

macro_rules! audited {
    ($kind:ident, |$model:ident| $id:expr) => {
        impl crate::entity::Audited for Model {
            const KIND: crate::kind::EntityKind = crate::kind::EntityKind::$kind;
            fn audit_id(&self) -> String {
                let $model = self;
                $id
            }
        }
    };
}

pub(crate) mod audit_log {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub seq: i64,
        pub at: DateTimeUtc,
        pub actor: String,
        pub role: String,
        pub action: String,
        pub entity: String,
        pub entity_id: String,
        pub before_digest: Option<String>,
        pub after_digest: Option<String>,
        pub prev_hash: String,
        pub hash: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod audit_head {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_head")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i32,
        pub seq: i64,
        pub hash: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod store_meta {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "store_meta")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        pub value: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub(crate) mod attachments {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "attachments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub sha256: String,
        pub media_type: String,
        pub size: i64,
        pub original_name: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Attachment, |m| m.sha256.clone());
}

pub(crate) mod units {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "units")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub credit_code: String,
        pub name: String,
        pub unit_type: String,
        pub enterprise_class: Option<String>,
        pub district_code: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Unit, |m| m.id.to_string());
}

pub(crate) mod unit_credit_flags {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "unit_credit_flags")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub unit_id: i64,
        pub kind: String,
        pub noted_on: Date,
        pub cleared_on: Option<Date>,
        pub source: String,
        pub evidence_sha256: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(UnitCreditFlag, |m| m.id.to_string());
}

pub(crate) mod persons {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    /// `Debug` is derived, but the ID number and phone are only ever ciphertext here.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "persons")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub id_number_sealed: Vec<u8>,
        pub id_number_hash: Vec<u8>,
        pub name: String,
        pub gender: String,
        pub birth_date: Date,
        pub phone_sealed: Option<Vec<u8>>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Person, |m| m.id.to_string());
}

pub(crate) mod accounts {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "accounts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub login: String,
        pub password_hash: Option<String>,
        pub role: String,
        pub district_code: Option<String>,
        pub unit_id: Option<i64>,
        pub locked_until: Option<DateTimeUtc>,
        pub failed_logins: i32,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Account, |m| m.id.to_string());
}

pub(crate) mod program_versions {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "program_versions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub program_id: String,
        pub version: String,
        pub sha256: String,
        pub source: String,
        pub loaded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(ProgramVersion, |m| m.id.to_string());
}

pub(crate) mod applications {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "applications")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub program_version_id: i64,
        pub category: String,
        pub applicant_person_id: Option<i64>,
        pub unit_id: Option<i64>,
        pub stage: String,
        pub stage_entered_at: DateTimeUtc,
        #[sea_orm(column_type = "JsonBinary")]
        pub facts: Json,
        #[sea_orm(column_type = "JsonBinary", nullable)]
        pub decision: Option<Json>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
        pub row_version: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Application, |m| m.id.to_string());
}

pub(crate) mod application_attachments {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "application_attachments")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub application_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub attachment_sha256: String,
        pub purpose: String,
        pub added_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::attachments::Entity",
            from = "Column::AttachmentSha256",
            to = "super::attachments::Column::Sha256"
        )]
        Attachment,
    }

    impl Related<super::attachments::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Attachment.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}

    audited!(ApplicationAttachment, |m| format!(
        "{}/{}",
        m.application_id, m.attachment_sha256
    ));
}

pub(crate) mod quota_pools {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "quota_pools")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub program_version_id: i64,
        pub scope: String,
        pub capacity: i64,
        pub claimed: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(QuotaPool, |m| m.id.to_string());
}

pub(crate) mod quota_claims {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "quota_claims")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pool_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub application_id: i64,
        pub claimed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(QuotaClaim, |m| format!(
        "{}/{}",
        m.pool_id, m.application_id
    ));
}

pub(crate) mod account_persons {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "account_persons")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i64,
        pub person_id: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(AccountPerson, |m| m.account_id.to_string());
}

pub(crate) mod application_events {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "application_events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub application_id: i64,
        pub at: DateTimeUtc,
        pub account_id: Option<i64>,
        pub action: String,
        pub from_stage: String,
        pub to_stage: String,
        pub note: Option<String>,
        #[sea_orm(column_type = "JsonBinary")]
        pub detail: Json,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(ApplicationEvent, |m| m.id.to_string());
}

pub(crate) mod recommendations {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "recommendations")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub application_id: i64,
        pub program_version_id: i64,
        pub unit_id: i64,
        pub unit_rank: i32,
        pub notice_published_on: Option<Date>,
        pub notice_last_day: Option<Date>,
        pub staff_representatives: Option<i32>,
        pub over_cap_reason: Option<String>,
        pub recommended_by: i64,
        pub recommended_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Recommendation, |m| m.application_id.to_string());
}

pub(crate) mod consultations {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "consultations")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub application_id: i64,
        pub stage: String,
        pub source: String,
        pub queried_on: Date,
        pub result: String,
        pub finding: Option<String>,
        pub detail: Option<String>,
        pub attachment_sha256: Option<String>,
        pub recorded_by: i64,
        pub recorded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Consultation, |m| m.id.to_string());
}

pub(crate) mod parameter_values {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "parameter_values")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub program_version_id: i64,
        pub parameter: String,
        pub value: String,
        pub source: String,
        pub set_by: i64,
        pub set_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(ParameterValue, |m| m.id.to_string());
}

pub(crate) mod panels {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "panels")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub program_version_id: i64,
        pub stage: String,
        pub created_by: i64,
        pub created_at: DateTimeUtc,
        pub closed_by: Option<i64>,
        pub closed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Panel, |m| m.id.to_string());
}

pub(crate) mod panel_members {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "panel_members")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub panel_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i64,
        pub unit_id: Option<i64>,
        pub appointed_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(PanelMember, |m| format!("{}/{}", m.panel_id, m.account_id));
}

pub(crate) mod panel_recusals {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "panel_recusals")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub panel_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub application_id: i64,
        pub cause: String,
        pub reason: String,
        pub recorded_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(PanelRecusal, |m| format!(
        "{}/{}/{}",
        m.panel_id, m.account_id, m.application_id
    ));
}

pub(crate) mod panel_ballots {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "panel_ballots")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub panel_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub account_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub application_id: i64,
        pub vote: String,
        #[sea_orm(column_type = "JsonBinary")]
        pub scores: Json,
        pub cast_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(PanelBallot, |m| format!(
        "{}/{}/{}",
        m.panel_id, m.account_id, m.application_id
    ));
}

pub(crate) mod public_notices {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "public_notices")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub program_version_id: i64,
        pub stage: String,
        pub published_on: Date,
        pub last_day: Date,
        pub published_by: i64,
        pub published_at: DateTimeUtc,
        pub closed_by: Option<i64>,
        pub closed_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(PublicNotice, |m| m.id.to_string());
}

pub(crate) mod public_notice_entries {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "public_notice_entries")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub notice_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub application_id: i64,
        pub name: String,
        pub unit_name: Option<String>,
        pub masked_id: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(PublicNoticeEntry, |m| format!(
        "{}/{}",
        m.notice_id, m.application_id
    ));
}

pub(crate) mod objections {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "objections")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub notice_id: i64,
        pub application_id: i64,
        pub objector_name: String,
        pub contact_sealed: Vec<u8>,
        pub reason: String,
        pub received_on: Date,
        pub investigation_due: Option<Date>,
        pub recorded_by: i64,
        pub recorded_at: DateTimeUtc,
        pub outcome: Option<String>,
        pub finding: Option<String>,
        pub redo_stage: Option<String>,
        pub decided_by: Option<i64>,
        pub decided_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Objection, |m| m.id.to_string());
}

pub(crate) mod titles {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "titles")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub application_id: i64,
        pub program_version_id: i64,
        pub person_id: Option<i64>,
        pub unit_id: Option<i64>,
        pub category: String,
        pub name: String,
        pub certificate_no: String,
        pub verification_code: String,
        pub granted_on: Date,
        pub valid_until: Option<Date>,
        pub granted_by: i64,
        pub granted_at: DateTimeUtc,
        pub revoked_on: Option<Date>,
        pub revocation_reason: Option<String>,
        pub revocation_citation: Option<String>,
        pub revoked_by: Option<i64>,
        pub revoked_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Title, |m| m.id.to_string());
}

pub(crate) mod entitlements {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "entitlements")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub application_id: i64,
        pub title_id: Option<i64>,
        pub benefit: String,
        pub name: String,
        pub payee: String,
        pub tax: String,
        pub schedule: String,
        pub amount_fen: Option<i64>,
        #[sea_orm(column_type = "JsonBinary")]
        pub detail: Json,
        pub status: String,
        pub status_reason: Option<String>,
        pub status_citation: Option<String>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Entitlement, |m| m.id.to_string());
}

pub(crate) mod payments {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "payments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub entitlement_id: i64,
        pub number: i32,
        pub due_on: Date,
        pub amount_fen: i64,
        pub status: String,
        pub paid_on: Option<Date>,
        pub paid_by: Option<i64>,
        pub reference: Option<String>,
        pub note: Option<String>,
        pub recovered_on: Option<Date>,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Payment, |m| m.id.to_string());
}

pub(crate) mod bans {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "bans")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub person_id: i64,
        pub program_id: String,
        pub title_id: Option<i64>,
        pub reason: String,
        pub citation: String,
        pub created_by: i64,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Ban, |m| m.id.to_string());
}

pub(crate) mod talents {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    /// `Debug` is derived, but the ID number is only ever ciphertext here.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "talents")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub id_number_sealed: Vec<u8>,
        pub id_number_hash: Vec<u8>,
        pub name: Option<String>,
        pub gender: String,
        pub birth_date: Date,
        #[sea_orm(column_type = "JsonBinary")]
        pub facts: Json,
        pub source: String,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(Talent, |m| m.id.to_string());
}

pub(crate) mod unit_staff {
    use sea_orm::entity::prelude::*;
    use serde::Serialize;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
    #[sea_orm(table_name = "unit_staff")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub unit_id: i64,
        pub person_id: i64,
        pub post: String,
        pub skill_level: Option<String>,
        pub joined_on: Date,
        pub left_on: Option<Date>,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    audited!(UnitStaff, |m| m.id.to_string());
}

/// The row of an audited table with the given id, or [`StoreError::NotFound`].
pub(crate) async fn fetch<E, C>(conn: &C, id: i64) -> Result<E::Model, StoreError>
where
    E: EntityTrait,
    E::Model: Audited,
    C: ConnectionTrait,
    i64: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
{
    E::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::NotFound {
            entity: <E::Model as Audited>::KIND,
            id: id.to_string(),
        })
}

/// Closes a row once: `close` sets its closing fields, and the `UPDATE` carries
/// `closed_at IS NULL`, so of two concurrent closings exactly one changes the row and the other
/// gets [`StoreError::Conflict`]. The change is recorded in the audit log as `action`.
pub(crate) async fn close_once<E>(
    tx: &Tx,
    id: i64,
    id_column: E::Column,
    closed_at_column: E::Column,
    action: &str,
    close: impl FnOnce(&mut E::ActiveModel),
) -> Result<E::Model, StoreError>
where
    E: EntityTrait,
    E::Model: Audited + Clone + IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + Send,
    i64: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
{
    let before = fetch::<E, _>(tx.conn(), id).await?;
    let mut set = before.clone().into_active_model();
    close(&mut set);
    let updated = E::update_many()
        .set(set)
        .filter(id_column.eq(id))
        .filter(closed_at_column.is_null())
        .exec(tx.conn())
        .await?;
    if updated.rows_affected != 1 {
        return Err(StoreError::Conflict {
            entity: <E::Model as Audited>::KIND,
            id: id.to_string(),
        });
    }
    let after = fetch::<E, _>(tx.conn(), id).await?;
    tx.record(action, Some(&before), Some(&after));
    Ok(after)
}
