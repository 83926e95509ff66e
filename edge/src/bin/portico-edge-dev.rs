//! `portico-edge-dev`: the edge API alone on 127.0.0.1, over a SQLite file.
//! Used by the crash tests and the load benchmark (`bench/load.sh`), and
//! handy for trying the API with curl.
//!
//! Usage: `portico-edge-dev [--port N] [--db PATH] [--origin URL]
//! [--header-timeout-ms N] [--body-timeout-ms N] [--max-connections N]
//! [--max-connections-per-ip N] [--synchronous full|normal]`; prints `listening on 127.0.0.1:PORT` once
//! it accepts connections. The limits default to
//! `portico_edge::native::ServeLimits::default()`, commits to `full`
//! (see `portico_edge::native::Synchronous`). Env:
//! `PORTICO_EDGE_AGENT_KEY`, `PORTICO_EDGE_WEBHOOK_URL`, `PORTICO_EDGE_SALT`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Write;
    use std::time::Duration;
    let mut port = 8787u16;
    let mut db = portico_edge::sqlite::DEFAULT_PATH.to_owned();
    let mut origin = "http://127.0.0.1:1111".to_owned();
    let mut limits = portico_edge::native::ServeLimits::default();
    let mut sync = portico_edge::native::Synchronous::Full;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--port" => port = value()?.parse()?,
            "--db" => db = value()?,
            "--origin" => origin = value()?,
            "--header-timeout-ms" => limits.header_read_timeout = Duration::from_millis(value()?.parse()?),
            "--body-timeout-ms" => limits.body_read_timeout = Duration::from_millis(value()?.parse()?),
            "--max-connections" => limits.max_connections = value()?.parse()?,
            "--max-connections-per-ip" => limits.max_connections_per_ip = value()?.parse()?,
            "--synchronous" => {
                sync = match value()?.as_str() {
                    "full" => portico_edge::native::Synchronous::Full,
                    "normal" => portico_edge::native::Synchronous::Normal,
                    other => return Err(format!("--synchronous takes full or normal, not {other}").into()),
                }
            }
            _ => return Err(format!("unknown argument {arg}").into()),
        }
    }
    let salt = std::env::var("PORTICO_EDGE_SALT").unwrap_or_else(|_| "portico-edge-dev".into());
    let mut config = portico_edge::EdgeConfig::new(origin, salt);
    config.agent_api_key = std::env::var("PORTICO_EDGE_AGENT_KEY").ok();
    config.webhook_url = std::env::var("PORTICO_EDGE_WEBHOOK_URL").ok();
    config.limits.writes = 1_000_000;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let state = portico_edge::native::state_with(config, &db, sync)?;
        let state = portico_edge::native::spawn_outbox_task(state, Duration::from_secs(30));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
        println!("listening on {}", listener.local_addr()?);
        std::io::stdout().flush()?;
        let app = portico_edge::router(state);
        portico_edge::native::serve_with(listener, app, limits, std::future::pending()).await?;
        Ok(())
    })
}

#[cfg(target_arch = "wasm32")]
fn main() {}
