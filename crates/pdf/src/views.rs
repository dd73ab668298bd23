//! Each document as the JSON its template reads: text ready to print, `null` for a field the
//! records do not hold (an empty box on the form).

use jiangxin_documents::format::{date_zh, period, skill_level, year_month};
use jiangxin_documents::forms::{
    AwardForm, Certificate, CraftsmanApplication, Experience, HighSkillApplication,
    HighSkillCategory, PersonDetails, PublicNotice, Section, StudioApplication,
};
use jiangxin_domain::industry::EnterpriseClass;
use serde_json::{Value, json};

use chrono::Datelike;

fn text<T: ToString>(value: Option<T>) -> Value {
    value.map_or(Value::Null, |v| Value::String(v.to_string()))
}

fn person(p: &PersonDetails) -> Value {
    let occupation = match (&p.occupation, p.skill_level) {
        (Some(o), Some(l)) => Some(format!("{o} {}", skill_level(l))),
        (Some(o), None) => Some(o.clone()),
        (None, Some(l)) => Some(skill_level(l)),
        (None, None) => None,
    };
    json!({
        "name": p.name,
        "gender": text(p.gender.map(|g| g.name_zh())),
        "birth": text(p.birth_date.map(year_month)),
        "ethnicity": p.ethnicity,
        "political_status": p.political_status,
        "education": p.education,
        "work_started": text(p.work_started_on.map(year_month)),
        "title": p.professional_title,
        "school": p.school,
        "major": p.major,
        "occupation": p.occupation,
        "level": text(p.skill_level.map(skill_level)),
        "occupation_and_level": occupation,
        "occupation_since": text(p.occupation_since.map(year_month)),
        "landline": text(p.landline.as_ref()),
        "mobile": text(p.mobile.as_ref()),
        "address": p.address,
        "email": p.email,
        "id_number": text(p.id_number.as_ref().map(|id| id.as_str())),
    })
}

fn experience(rows: &[Experience]) -> Value {
    rows.iter()
        .map(|e| {
            json!({
                "period": period(e.from, e.to),
                "place": e.place,
                "witness": e.witness,
            })
        })
        .collect()
}

fn section(title: &str, hint: Option<&str>, s: &Section) -> Value {
    json!({ "title": title, "hint": hint, "text": s.text, "evidence": s.evidence })
}

pub(crate) fn high_skill_application(doc: &HighSkillApplication) -> Value {
    let boxes: Vec<Value> = HighSkillCategory::ALL
        .iter()
        .map(|c| json!({ "label": c.box_label(), "ticked": *c == doc.category }))
        .collect();
    json!({ "boxes": boxes, "name": doc.name, "unit": doc.unit })
}

pub(crate) fn craftsman_application(doc: &CraftsmanApplication) -> Value {
    let classes: Vec<Value> = EnterpriseClass::all()
        .iter()
        .map(|c| json!({ "label": c.name_zh(), "ticked": Some(*c) == doc.enterprise_class }))
        .collect();
    let recognition = doc.craftsman_recognition.as_ref().map(|r| {
        json!({
            "year": r.recognised_on.year(),
            "month": r.recognised_on.month(),
            "day": r.recognised_on.day(),
            "enterprise": r.enterprise,
        })
    });
    json!({
        "industry_name": text(doc.industry.map(|i| i.name_zh())),
        "industry": text(doc.industry),
        "classes": classes,
        "name": doc.person.name,
        "unit": doc.unit,
        "contact": text(doc.contact.as_ref()),
        "person": person(&doc.person),
        "experience": experience(&doc.experience),
        "sections": [
            section("思想品德社会公德职业道德情况",
                Some("（填报内容应体现参选条件前三条内容及获得市级及以上表彰奖励情况）"), &doc.ethics),
            section("技能技艺专长情况",
                Some("（填报内容应体现参选条件第四条内容及参加市级以上职业技能竞赛获奖情况）"), &doc.skills),
            section("攻坚克难培养技能人才传授技艺情况",
                Some("（填报内容应体现参选条件第五条内容）"), &doc.mentoring),
            section("技术攻关技术革新突出贡献情况",
                Some("（填报内容应体现参选条件第六条内容及获得国家专利、荣获省部级以上科技进步奖、取得经济效益和社会效益情况）"),
                &doc.innovation),
        ],
        "recognition": recognition,
    })
}

pub(crate) fn studio_application(doc: &StudioApplication) -> Value {
    json!({
        "unit": doc.unit,
        "studio_occupation": doc.studio_occupation,
        "leader_name": doc.leader.name,
        "manager": doc.manager,
        "filled_on": text(doc.filled_on.map(date_zh)),
        "leader": person(&doc.leader),
        "experience": experience(&doc.experience),
        "sections": [
            section("领办人有何技术特长或技术绝招", None, &doc.specialty),
            section("领办人技术革新、技能竞赛获奖情况", None, &doc.innovation),
            section("领办人有何突出贡献获何种奖励和荣誉称号", None, &doc.honours),
            section("领办人主要论文（著作）及最新成果", None, &doc.publications),
        ],
    })
}

pub(crate) fn certificate(doc: &Certificate) -> Value {
    json!({
        "plaque": doc.form == AwardForm::Plaque,
        "title": doc.title,
        "holder": doc.holder,
        "unit": doc.unit,
        "basis": doc.basis,
        "number": doc.number,
        "code": doc.verification_code,
        "url": doc.verification_url,
        "issuer": doc.issuer,
        "issued_on": date_zh(doc.issued_on),
        "valid_until": text(doc.valid_until.map(date_zh)),
    })
}

pub(crate) fn public_notice(doc: &PublicNotice) -> Value {
    let entries: Vec<Value> = doc
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            json!({ "no": i + 1, "name": e.name, "unit": e.unit, "masked_id": e.masked_id })
        })
        .collect();
    json!({
        "title": doc.title,
        "preamble": doc.preamble,
        "entries": entries,
        "first_day": date_zh(doc.first_day),
        "last_day": date_zh(doc.last_day),
        "objections_to": doc.objections_to,
        "issuer": doc.issuer,
        "published_on": date_zh(doc.published_on),
    })
}
