//! The certificate (证书) or plaque (牌匾) of a stored title, with its number and the QR code of
//! the public page that verifies it.
//!
//! A title of a person is a certificate naming the person and the unit; a title of a unit (a
//! studio, whose category's subject is the unit with its leader) is a plaque. The 2024 studio
//! notice 三、(三) awards the plaque “对公示无异议的单位”, and names no studio: the plaque
//! names the unit, and no studio name is made up. The title, the certificate number, the day
//! granted and the end of the term are printed as they were recorded at the grant (the title
//! from the program file's `awards`, the term from its `term_years`); the basis and the issuer
//! are the program's notice and the body that issued it.
//!
//! A revoked title is refused: a certificate printed after its revocation would look valid on
//! paper, while the verification page says it is not.

use jiangxin_documents::forms::{AwardForm, Certificate};
use jiangxin_pdf::Engine;
use jiangxin_policy::model::Subject;
use jiangxin_store::applications::ApplicationId;
use jiangxin_store::{persons, programs, titles, units};
use jiangxin_workflow::Workflow;

use crate::error::{ReportError, Result};
use crate::{Document, PDF};

/// The certificate or plaque of the title `application` conferred, its QR code carrying
/// `<site>/verify?code=…` (`site` as the public reaches the server, e.g.
/// `https://jiangxin.example.gov.cn`). The caller has checked that whoever asks may see the
/// application.
pub async fn certificate_pdf(
    workflow: &Workflow,
    engine: &Engine,
    application: ApplicationId,
    site: &str,
) -> Result<Document> {
    let store = workflow.store();
    let title = titles::of_application(store, application)
        .await?
        .ok_or(ReportError::NoTitle(application))?;
    if let Some(revocation) = &title.revocation {
        return Err(ReportError::Revoked {
            certificate_no: title.certificate_no,
            on: revocation.on,
        });
    }
    let version = programs::get(store, title.program_version).await?;
    let program = workflow.program_of(&version)?;
    let form = match program.category(&title.category).map(|(_, c)| c.subject) {
        Some(Subject::UnitWithLeader | Subject::Enterprise) => AwardForm::Plaque,
        _ => AwardForm::Certificate,
    };
    let unit = match title.unit {
        Some(id) => Some(units::get(store, id).await?.name),
        None => None,
    };
    let incomplete = |what, what_en| ReportError::Incomplete {
        application,
        what,
        what_en,
    };
    let (holder, unit) = match form {
        AwardForm::Certificate => {
            let person = title
                .person
                .ok_or_else(|| incomplete("持证人", "a holder"))?;
            (persons::get(store, person).await?.name, unit)
        }
        AwardForm::Plaque => (
            unit.ok_or_else(|| incomplete("获颁牌匾的单位", "a unit"))?,
            None,
        ),
    };
    let verification_url = format!(
        "{}/verify?code={}",
        site.trim_end_matches('/'),
        title.verification_code
    );
    let certificate = Certificate {
        form,
        title: title.name,
        holder,
        unit,
        basis: program.meta.document.clone(),
        number: title.certificate_no,
        verification_code: title.verification_code,
        verification_url,
        issuer: program.meta.issuer.clone(),
        issued_on: title.granted_on,
        valid_until: title.valid_until,
    };
    Ok(Document {
        file_name: format!("certificate-{application}.pdf"),
        media_type: PDF,
        bytes: engine.certificate(&certificate)?,
    })
}
