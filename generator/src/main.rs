//! The `portico` command line: build, check, serve and scaffold help centers.

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use portico::a11y::Mode as A11yMode;
use portico::diagnostics::Diagnostics;
use portico::BuildOptions;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Portico turns a folder of markdown (FAQs, guides, versioned docs, in
/// several languages) into a fast, accessible, searchable help center.
#[derive(Parser)]
#[command(name = "portico", version)]
struct Cli {
    /// The site folder: the one holding portico.yaml.
    #[arg(long, short = 'r', global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into a folder, ready to upload or deploy.
    ///
    /// Every problem in the whole site is reported, as file:line:col, and the
    /// build fails (exit code 1) on any error. The output folder is replaced
    /// only when the build succeeds.
    Build {
        /// Also publish pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Where to write the site (default: public/ in the site folder).
        #[arg(long, short, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Override base_url from portico.yaml (e.g. for a preview deploy).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// With `brands:` in portico.yaml: build only this brand, into the
        /// output folder itself (default: every brand, each in OUT/<id>/).
        #[arg(long, value_name = "ID")]
        brand: Option<String>,
        /// Accessibility findings: `error` fails the build on errors, `warn`
        /// only prints them, `off` skips the checker.
        #[arg(long, value_enum, default_value_t = A11yMode::Error, value_name = "MODE")]
        a11y: A11yMode,
        /// Print how long each stage of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Run every check (front matter, links, images, …) without writing anything.
    Check {
        /// Also check pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// How to print the findings and the translation report.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// With `brands:` in portico.yaml: check only this brand.
        #[arg(long, value_name = "ID")]
        brand: Option<String>,
        /// Accessibility findings: `error` fails the build on errors, `warn`
        /// only prints them, `off` skips the checker.
        #[arg(long, value_enum, default_value_t = A11yMode::Error, value_name = "MODE")]
        a11y: A11yMode,
    },
    /// Build the site and serve it at http://127.0.0.1:PORT for previewing.
    Serve {
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Also show pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// With `brands:` in portico.yaml: the brand to preview (default: the first).
        #[arg(long, value_name = "ID")]
        brand: Option<String>,
        /// Accessibility findings: `error` fails the build on errors, `warn`
        /// only prints them, `off` skips the checker.
        #[arg(long, value_enum, default_value_t = A11yMode::Error, value_name = "MODE")]
        a11y: A11yMode,
        /// Open the site in the default browser once it is served.
        #[arg(long)]
        open: bool,
    },
    /// Create a new help center in DIR, with both languages and a page per section.
    New {
        /// Folder to create (must be new or empty).
        dir: PathBuf,
    },
    /// Manage the agent accounts of the local edge API (the database `portico serve` uses).
    Agents {
        #[command(subcommand)]
        command: AgentsCommand,
    },
}

#[derive(Subcommand)]
enum AgentsCommand {
    /// Add an agent and print a one-time link to set their password.
    Add {
        /// The agent's e-mail address (unique, in any case).
        email: String,
        /// The agent's display name.
        #[arg(long)]
        name: String,
        /// `admin` manages agents and reads the audit log; `agent` works on tickets.
        #[arg(long, value_enum)]
        role: AgentRole,
        /// The agent's language (default: the site's).
        #[arg(long, value_name = "CODE")]
        language: Option<String>,
        /// The port `portico serve` runs on, for the link.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
    },
    /// List the agents.
    List,
    /// Remove an agent, ending their sessions and API tokens.
    Remove {
        /// The agent's e-mail address.
        email: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AgentRole {
    Admin,
    Agent,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            drafts,
            out,
            base_url,
            brand,
            a11y,
            timings,
        } => {
            let out = out.unwrap_or_else(|| cli.root.join("public"));
            let opts = BuildOptions {
                root: cli.root,
                drafts,
                base_url,
                brand,
                a11y,
            };
            let started = Instant::now();
            let result = with_progress_timed(timings, |stage| portico::build(&opts, &out, stage));
            report(result, |c| {
                eprintln!(
                    "Built {} pages ({} files) in {} ms → {}",
                    c.pages,
                    c.output.len(),
                    started.elapsed().as_millis(),
                    out.display()
                )
            })
        }
        Command::Check {
            drafts,
            format,
            brand,
            a11y,
        } => {
            let opts = BuildOptions {
                root: cli.root,
                drafts,
                base_url: None,
                brand,
                a11y,
            };
            let result = with_progress(|stage| portico::compile(&opts, stage));
            if let Format::Json = format {
                let (diagnostics, translations) = match &result {
                    Ok(c) => (c.warnings.clone(), Some(&c.translations)),
                    Err(d) => (d.clone(), None),
                };
                let json = serde_json::json!({
                    "ok": result.is_ok(),
                    "diagnostics": diagnostics,
                    "translations": translations,
                });
                println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
                return if result.is_ok() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::FAILURE
                };
            }
            report(result, |c| {
                if !c.translations.is_empty() {
                    println!("{}", c.translations.table());
                }
                eprintln!("Checked {} pages: no errors.", c.pages)
            })
        }
        Command::Serve {
            port,
            drafts,
            brand,
            a11y,
            open,
        } => serve(&cli.root, port, drafts, brand, a11y, open),
        Command::Agents { command } => agents(&cli.root, command),
        Command::New { dir } => match portico::scaffold::new_site(&dir) {
            Ok(n) => {
                eprintln!("Created a help center with {n} files in {}.", dir.display());
                eprintln!("Next: cd {} && portico serve", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Runs `f` with a spinner naming the current stage, on a terminal only.
fn with_progress<T>(f: impl FnOnce(&dyn Fn(&str)) -> T) -> T {
    with_progress_timed(false, f)
}

/// `with_progress`, and with `timings` the wall time of each stage printed
/// at the end (`--timings`).
fn with_progress_timed<T>(timings: bool, f: impl FnOnce(&dyn Fn(&str)) -> T) -> T {
    let bar = if std::io::stderr().is_terminal() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(ProgressStyle::with_template("{spinner} {msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()));
    bar.enable_steady_tick(Duration::from_millis(80));
    let started = (Instant::now(), cpu_time());
    let marks: std::sync::Mutex<Vec<(String, Instant, Duration)>> = std::sync::Mutex::new(Vec::new());
    let result = f(&|stage: &str| {
        bar.set_message(stage.to_string());
        if let Ok(mut m) = marks.lock() {
            m.push((stage.to_string(), Instant::now(), cpu_time()));
        }
    });
    bar.finish_and_clear();
    if timings {
        let end = (Instant::now(), cpu_time());
        let marks = marks.into_inner().unwrap_or_default();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!("{:<28} {:>9} {:>9}", "stage", "ms", "CPU ms");
        for (i, (name, at, cpu)) in marks.iter().enumerate() {
            let (next, next_cpu) = marks.get(i + 1).map_or(end, |m| (m.1, m.2));
            eprintln!(
                "{name:<28} {:>9.1} {:>9.1}",
                ms(next - *at),
                ms(next_cpu.saturating_sub(*cpu))
            );
        }
        eprintln!(
            "{:<28} {:>9.1} {:>9.1}",
            "total",
            ms(end.0 - started.0),
            ms(end.1.saturating_sub(started.1))
        );
    }
    result
}

/// User and system CPU time of the whole process so far (all threads); zero
/// where it cannot be read.
fn cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes a whole `rusage` into the pointer it is given.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) } == 0 {
            // SAFETY: initialized by the successful call above.
            let u = unsafe { usage.assume_init() };
            let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
            return tv(u.ru_utime) + tv(u.ru_stime);
        }
    }
    Duration::ZERO
}

/// Prints warnings or errors; exit code 1 when there are errors.
fn report(result: Result<portico::Compiled, Diagnostics>, success: impl FnOnce(&portico::Compiled)) -> ExitCode {
    match result {
        Ok(compiled) => {
            for w in compiled.warnings.iter() {
                eprintln!("{w}");
            }
            success(&compiled);
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for d in problems.iter() {
                eprintln!("{d}");
            }
            eprintln!(
                "Build failed: {} error(s), {} warning(s).",
                problems.error_count(),
                problems.warning_count()
            );
            ExitCode::FAILURE
        }
    }
}

/// `portico serve`: the live preview with the edge API.
fn serve(root: &Path, port: u16, drafts: bool, brand: Option<String>, a11y: A11yMode, open: bool) -> ExitCode {
    let config = portico::config::Config::load(root).ok();
    let brand = brand.or_else(|| config.as_ref()?.brands.first().map(|b| b.id.clone()));
    let opts = BuildOptions {
        root: root.to_path_buf(),
        drafts,
        base_url: None,
        brand,
        a11y,
    };
    let edge = edge_setup(root, config.as_ref());
    let served = portico::serve::run(opts, &edge, port, PrintBuilds, |addr| {
        eprintln!("Serving the help center at http://{addr}/ and its edge API at /api/; watching for changes (Ctrl-C to stop)");
        if open {
            open_browser(&format!("http://{addr}/"));
        }
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot serve on port {port}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Where and how the local edge API keeps its data, for `serve` and `agents`.
fn edge_setup(root: &Path, config: Option<&portico::config::Config>) -> portico::serve::EdgeSetup {
    portico::serve::EdgeSetup {
        data_dir: root.join(".portico"),
        default_language: config.map_or_else(|| "en".into(), |c| c.default_language.clone()),
        search_misses: false,
        agent_api_key: std::env::var("PORTICO_EDGE_AGENT_KEY").ok().filter(|k| !k.is_empty()),
        webhook_url: std::env::var("PORTICO_EDGE_WEBHOOK_URL").ok().filter(|u| !u.is_empty()),
        mfa_key: std::env::var("PORTICO_EDGE_MFA_KEY").ok().filter(|k| !k.is_empty()),
        require_mfa: config.is_some_and(|c| c.support.agents.require_mfa),
        sso: config
            .and_then(|c| c.support.agents.sso.as_ref())
            .and_then(sso_settings),
    }
}

/// `support.agents.sso` with its secret from `PORTICO_EDGE_OIDC_SECRET`;
/// without the secret SSO stays off, and says so.
fn sso_settings(sso: &portico::config::Sso) -> Option<portico_edge::SsoSettings> {
    let Some(secret) = std::env::var("PORTICO_EDGE_OIDC_SECRET").ok().filter(|s| !s.is_empty()) else {
        eprintln!("warning: support.agents.sso is set but PORTICO_EDGE_OIDC_SECRET is not; single sign-on is off");
        return None;
    };
    let mut settings = portico_edge::SsoSettings::new(&sso.issuer, &sso.client_id, secret, sso.allowed_domains.clone());
    settings.scopes = sso.scopes.clone();
    settings.role_claim = sso.role_claim.clone();
    settings.admin_values = sso.admin_values.clone();
    settings.sso_only = sso.sso_only;
    Some(settings)
}

/// `portico agents …`.
fn agents(root: &Path, command: AgentsCommand) -> ExitCode {
    use portico_edge::store::Role;
    let config = portico::config::Config::load(root).ok();
    let port = match &command {
        AgentsCommand::Add { port, .. } => *port,
        _ => 1111,
    };
    let local = match portico::agents::LocalAgents::open(&edge_setup(root, config.as_ref()), port) {
        Ok(local) => local,
        Err(e) => {
            eprintln!("error: cannot open the agents database: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match command {
        AgentsCommand::Add {
            email,
            name,
            role,
            language,
            ..
        } => {
            let role = match role {
                AgentRole::Admin => Role::Admin,
                AgentRole::Agent => Role::Agent,
            };
            local.add(&email, &name, role, language.as_deref()).map(|added| {
                let a = &added.account;
                println!("Added {} <{}> as {} ({}).", a.name, a.email, a.role.as_str(), a.id);
                println!(
                    "One-time set-up link, valid for {} hours (open it while `portico serve --port {port}` runs):",
                    added.valid_hours
                );
                println!("  {}", added.setup_url);
                let token = added.setup_url.split("#token=").nth(1).unwrap_or_default();
                println!(
                    "Until the workspace pages exist, set the password with:\n  curl -X POST \
                     http://127.0.0.1:{port}/api/agent/setup -H 'Content-Type: application/json' \
                     -d '{{\"token\": \"{token}\", \"password\": \"at least 12 characters\"}}'"
                );
            })
        }
        AgentsCommand::List => local.list().map(|agents| {
            if agents.is_empty() {
                eprintln!("No agents yet; add one with `portico agents add EMAIL --name NAME --role admin`.");
            }
            for a in agents {
                let state = match (a.active, a.password_set) {
                    (false, _) => "inactive",
                    (true, false) => "not set up",
                    (true, true) => "active",
                };
                println!(
                    "{:<32} {:<24} {:<6} {:<6} {}",
                    a.email,
                    a.name,
                    a.role.as_str(),
                    a.language,
                    state
                );
            }
        }),
        AgentsCommand::Remove { email } => local.remove(&email).and_then(|removed| match removed {
            true => {
                println!("Removed {email}; their sessions and API tokens no longer work.");
                Ok(())
            }
            false => Err(format!("no agent has the address {email}")),
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints each live rebuild: what changed and how long it took, or its errors.
struct PrintBuilds;

impl portico::serve::Reporter for PrintBuilds {
    fn built(&self, result: &Result<portico::live::Update, Diagnostics>, took: std::time::Duration) {
        let ms = took.as_millis();
        match result {
            Ok(update) => eprintln!(
                "Built in {ms} ms: {} file(s) changed{}.",
                update.changed.len(),
                if update.incremental { " (incremental)" } else { "" }
            ),
            Err(problems) => {
                for d in problems.iter() {
                    eprintln!("{d}");
                }
                eprintln!(
                    "Build failed in {ms} ms: {} error(s); the last good pages stay served.",
                    problems.error_count()
                );
            }
        }
    }
}

/// Best effort: the platform's "open this URL" command.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("note: cannot open a browser ({opener}: {e}); open {url} yourself");
    }
}
