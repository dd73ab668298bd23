//! The background worker in the server process: every interval it runs the workflow's round
//! (closing ended notices, marking overdue stages, scheduling annual payments due). The round
//! is idempotent, so a restart simply runs it again; a failed round is reported and the next
//! one tries again. Only counts are printed, never personal data.

use std::time::Duration;

use crate::AppState;

/// Runs the worker until the process ends, first right away (catching up after a restart).
pub fn spawn(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match state.workflow().run_worker_round().await {
                Ok(round) => {
                    let busy = !round.notices_closed.is_empty()
                        || round.overdue_marked > 0
                        || round.payments_scheduled > 0;
                    if busy {
                        eprintln!(
                            "定时任务：结束公示 {} 项，标记逾期 {} 项，生成到期发放 {} 笔（worker round）",
                            round.notices_closed.len(),
                            round.overdue_marked,
                            round.payments_scheduled
                        );
                    }
                }
                Err(err) => eprintln!("定时任务失败，下次重试（worker round failed）：{err}"),
            }
        }
    })
}
