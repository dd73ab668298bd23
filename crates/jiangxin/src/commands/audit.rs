use jiangxin_store::Store;
use jiangxin_store::audit::{VerifyReport, verify};
use serde::Serialize;

use crate::cli::AuditCommand;
use crate::error::CliError;
use crate::output::emit;

#[derive(Serialize)]
struct VerifyOutput {
    intact: bool,
    entries: u64,
    last_hash: String,
    first_broken: Option<String>,
    rows: Vec<String>,
}

impl From<&VerifyReport> for VerifyOutput {
    fn from(report: &VerifyReport) -> Self {
        VerifyOutput {
            intact: report.is_intact(),
            entries: report.entries,
            last_hash: report.last_hash.to_string(),
            first_broken: report.first_broken.as_ref().map(ToString::to_string),
            rows: report.rows.iter().map(ToString::to_string).collect(),
        }
    }
}

pub fn run(json: bool, database_url: &str, cmd: AuditCommand) -> Result<(), CliError> {
    match cmd {
        AuditCommand::Verify => {
            let report = super::runtime()?.block_on(async {
                let store = Store::connect(database_url).await?;
                let report = verify(&store).await?;
                store.close().await?;
                Ok::<_, CliError>(report)
            })?;
            let output = VerifyOutput::from(&report);
            emit(json, &output, |o| {
                let mut text = format!("审计日志共 {} 条，末条哈希 {}", o.entries, o.last_hash);
                match &o.first_broken {
                    Some(broken) => text.push_str(&format!("\n第一处断裂：{broken}")),
                    None => text.push_str("\n哈希链完整"),
                }
                for row in &o.rows {
                    text.push_str(&format!("\n{row}"));
                }
                if o.intact {
                    text.push_str("\n校验通过：未发现篡改");
                }
                text
            })?;
            match (&output.first_broken, output.rows.first()) {
                (None, None) => Ok(()),
                (Some(first), _) | (None, Some(first)) => Err(CliError::Tampered(first.clone())),
            }
        }
    }
}
