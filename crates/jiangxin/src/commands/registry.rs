//! `jiangxin registry stats`: the counts of the talent registry kept in the database.
use jiangxin_reports::registry::{Count, stats};
use jiangxin_store::Store;

use super::runtime;
use crate::cli::RegistryCommand;
use crate::error::CliError;
use crate::output::emit;

fn lines(title: &str, counts: &[Count]) -> String {
    let items: Vec<String> = counts
        .iter()
        .map(|c| format!("{} {}", c.name, c.people))
        .collect();
    format!(
        "{title}：{}",
        if items.is_empty() {
            "—".to_owned()
        } else {
            items.join("；")
        }
    )
}

pub fn run(json: bool, database_url: &str, cmd: RegistryCommand) -> Result<(), CliError> {
    match cmd {
        RegistryCommand::Stats => {
            let stats = runtime()?.block_on(async {
                let store = Store::connect(database_url).await?;
                let stats = stats(&store).await;
                store.close().await?;
                Ok::<_, CliError>(stats?)
            })?;
            emit(json, &stats, |s| {
                [
                    format!("技能人才名册共 {} 人", s.people),
                    lines("按技能等级", &s.by_skill_level),
                    lines("按社保缴纳地", &s.by_district),
                    lines("按单位类型", &s.by_unit_type),
                    format!(
                        "{}；无荣誉 {}",
                        lines("按荣誉（持有该荣誉的人数）", &s.by_honour),
                        s.without_honours
                    ),
                ]
                .join("\n")
            })
        }
    }
}
