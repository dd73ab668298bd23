use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use jiangxin_web::{ServerClock, Settings};

use crate::cli::ServeArgs;
use crate::error::CliError;

/// How often the background worker runs its round. Notice windows and payment dates are whole
/// days, so a few minutes late is never late.
const WORKER_INTERVAL: Duration = Duration::from_secs(300);

/// `jiangxin serve`: the web application and API on the database given, until Ctrl-C.
pub fn run(data_dir: &Path, database_url: &str, args: ServeArgs) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(CliError::Runtime)?;
    runtime.block_on(async {
        let clock = Arc::new(if args.demo {
            ServerClock::demo(jiangxin_web::demo::FIRST_DAY)
        } else {
            ServerClock::system()
        });
        let workflow = super::workflow(data_dir, database_url, clock.clone()).await?;
        let settings = Settings {
            secure_cookies: args.behind_tls,
            idle_timeout: Duration::from_secs(args.idle_timeout_minutes.max(1) * 60),
            data_dir: data_dir.to_owned(),
            ..Settings::default()
        };
        let state = jiangxin_web::state(workflow, clock, settings).await?;
        if args.demo {
            jiangxin_web::demo::seed(&state).await?;
            println!("{}", jiangxin_web::demo::describe());
        }
        let listener = tokio::net::TcpListener::bind(&args.bind)
            .await
            .map_err(|source| CliError::Serve {
                addr: args.bind.clone(),
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| CliError::Serve {
            addr: args.bind.clone(),
            source,
        })?;
        jiangxin_web::worker::spawn(state.clone(), WORKER_INTERVAL);
        println!("匠心已启动：http://{addr}/ （按 Ctrl-C 停止；接口文档 http://{addr}/api/docs/）");
        jiangxin_web::serve(listener, state)
            .await
            .map_err(|source| CliError::Serve {
                addr: addr.to_string(),
                source,
            })
    })
}
