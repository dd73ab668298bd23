//! The eligibility explanation as applicants and reviewers read it: the outcome, each criterion
//! with its result, reason and citation, what would have to change, what is missing, and the
//! benefits it would bring. One renderer for the decision stored with an application and for
//! the live preview while a form is filled in; both are the JSON of a
//! [`jiangxin_policy::Decision`].

use jiangxin_domain::money::Money;
use jiangxin_policy::{Outcome, Verdict};
use maud::{Markup, html};
use serde_json::Value;

fn outcome(value: &Value) -> Option<Outcome> {
    serde_json::from_value(value.clone()).ok()
}

fn verdict(value: &Value) -> Option<Verdict> {
    serde_json::from_value(value.clone()).ok()
}

fn money(value: &Value) -> Option<String> {
    serde_json::from_value::<Money>(value.clone())
        .ok()
        .map(|m| format!("{} 元", m.to_yuan_string()))
}

fn texts(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The explanation of a decision.
pub fn render(decision: &Value) -> Markup {
    let result = outcome(&decision["outcome"]);
    let class = match result {
        Some(Outcome::Eligible) => "verdict-eligible",
        Some(Outcome::Review) => "verdict-review",
        _ => "verdict-ineligible",
    };
    html! {
        div.decision {
            p {
                "结论：" span.(class) { (result.map_or("—", Outcome::name_zh)) }
                span.hint { "　按 " (decision["document"].as_str().unwrap_or("")) "，评估日 " (decision["as_of"].as_str().unwrap_or("")) }
            }
            @let changes = texts(&decision["changes_needed"]);
            @if !changes.is_empty() {
                div.notice.warn {
                    "须改变或补充：" ul { @for change in &changes { li { (change) } } }
                }
            }
            @let missing = texts(&decision["missing_facts"]);
            @if !missing.is_empty() {
                p.hint { "尚缺：" (missing.join("；")) }
            }
            @for parameter in decision["missing_parameters"].as_array().into_iter().flatten() {
                p.hint { "参数 " (parameter["id"].as_str().unwrap_or("")) " 尚未设定（" (parameter["source"].as_str().unwrap_or("")) "），由经办人员设定后再定" }
            }
            table.criteria {
                thead { tr { th { "条件" } th { "结果" } th { "理由" } th { "依据" } } }
                tbody {
                    @for criterion in decision["criteria"].as_array().into_iter().flatten() {
                        @let depth = criterion["depth"].as_u64().unwrap_or(0);
                        @let result = verdict(&criterion["result"]);
                        tr {
                            td { @for _ in 0..depth { "　" } (criterion["label"].as_str().unwrap_or("")) }
                            td { span.badge.ok[result == Some(Verdict::Pass)]
                                        .err[result == Some(Verdict::Fail)]
                                        .warn[matches!(result, Some(Verdict::Unknown | Verdict::Waivable | Verdict::Judgement))] {
                                    (result.map_or("—", Verdict::name_zh)) } }
                            td { (criterion["reason_zh"].as_str().unwrap_or("")) }
                            td.cite { (criterion["citation"].as_str().unwrap_or("")) }
                        }
                    }
                }
            }
            @let benefits = decision["benefits"].as_array().cloned().unwrap_or_default();
            @if !benefits.is_empty() {
                h3 { "可享受的待遇" }
                ul {
                    @for benefit in &benefits {
                        li {
                            (benefit["name"].as_str().unwrap_or(""))
                            @if let Some(total) = money(&benefit["total"]) { "：" (total) }
                            @for note in texts(&benefit["notes"]) { div.hint { (note) } }
                            div.cite { (benefit["citation"].as_str().unwrap_or("")) }
                        }
                    }
                }
            }
        }
    }
}
