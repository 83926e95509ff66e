//! Watching a site's sources with `notify`: `content/`, `themes/`, `i18n/`,
//! `static/` (recursively, including folders created later) and
//! `portico.yaml`. Events are debounced — an editor's save burst (write,
//! rename over the original, delete the backup) is one rebuild — and each
//! rebuild's outcome goes to open pages through [`Live::publish`]. The
//! search index of fast-path edits is rebuilt when edits pause.

use super::server::{Live, Notice};
use super::session::Session;
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Folders of a site whose changes rebuild it.
pub const WATCHED_DIRS: [&str; 4] = ["content", "themes", "i18n", "static"];

/// Quiet time that ends a burst of events, and the longest a burst may delay a rebuild.
const SETTLE: Duration = Duration::from_millis(25);
const MAX_WAIT: Duration = Duration::from_millis(300);
/// A pause in editing this long lets the search index catch up.
const IDLE: Duration = Duration::from_millis(400);

/// Starts watching `root`; rebuilds `session` and tells `live` after each
/// burst of changes, on a thread of its own, until the process ends.
/// `on_rebuild` sees each outcome (the CLI prints it).
pub fn spawn(
    root: &Path,
    mut session: Session,
    live: Live,
    on_rebuild: impl Fn(&Result<super::session::Update, crate::diagnostics::Diagnostics>, Duration) + Send + 'static,
) -> notify::Result<()> {
    let root = root.canonicalize().map_err(notify::Error::io)?;
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    std::thread::Builder::new()
        .name("portico-watch".into())
        .spawn(move || {
            loop {
                // With edits missing from the search index, a pause catches it up.
                let idle = session.search_is_stale().then_some(IDLE);
                let paths = match next_burst(&rx, &root, &mut watcher, idle) {
                    Burst::Changed(paths) => paths,
                    Burst::Idle => {
                        let result = session.catch_up_search();
                        publish(&live, &result);
                        continue;
                    }
                    Burst::Closed => return,
                };
                let started = Instant::now();
                let result = session.apply(&paths);
                on_rebuild(&result, started.elapsed());
                publish(&live, &result);
            }
        })
        .map_err(notify::Error::io)?;
    Ok(())
}

fn publish(live: &Live, result: &Result<super::session::Update, crate::diagnostics::Diagnostics>) {
    match result {
        Ok(update) if update.changed.is_empty() => {}
        Ok(update) => live.publish(Notice::from_update(update)),
        Err(problems) => live.publish(Notice::Broken(message(problems))),
    }
}

/// What the watcher waits for.
enum Burst {
    Changed(Vec<PathBuf>),
    /// Nothing happened for the idle time asked for.
    Idle,
    Closed,
}

/// A failed build's messages as the CLI prints them, one per line.
pub fn message(problems: &crate::diagnostics::Diagnostics) -> String {
    let text: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
    text.join("\n")
}

/// Waits for relevant changes (at most `idle`, if given), then for the
/// burst to settle; returns the paths touched. Watches folders of
/// [`WATCHED_DIRS`] created meanwhile.
fn next_burst(
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    root: &Path,
    watcher: &mut notify::RecommendedWatcher,
    idle: Option<Duration>,
) -> Burst {
    let mut paths = BTreeSet::new();
    let mut first: Option<Instant> = None;
    loop {
        let wait = match first {
            Some(start) => Some(SETTLE.min(MAX_WAIT.saturating_sub(start.elapsed()))),
            None => idle,
        };
        let event = match wait.map_or_else(|| rx.recv().map_err(|_| None), |w| rx.recv_timeout(w).map_err(Some)) {
            Ok(event) => event,
            Err(Some(mpsc::RecvTimeoutError::Timeout)) if first.is_some() => {
                return Burst::Changed(paths.into_iter().collect())
            }
            Err(Some(mpsc::RecvTimeoutError::Timeout)) => return Burst::Idle,
            Err(_) => return Burst::Closed,
        };
        let Ok(event) = event else { continue };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            continue;
        }
        for path in event.paths {
            if !relevant(root, &path) {
                continue;
            }
            let top_level_dir = path.parent() == Some(root) && path.is_dir();
            if top_level_dir {
                let _ = watcher.watch(&path, RecursiveMode::Recursive);
            }
            paths.insert(path);
            first.get_or_insert_with(Instant::now);
        }
    }
}

/// A change a rebuild must see: under a watched folder or `portico.yaml`,
/// and not an editor's hidden swap or backup file.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913" {
        return false;
    }
    let mut parts = rel.components();
    match parts.next().and_then(|c| c.as_os_str().to_str()) {
        Some(crate::config::CONFIG_FILE) => parts.next().is_none(),
        Some(top) => WATCHED_DIRS.contains(&top),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::relevant;
    use std::path::Path;

    #[test]
    fn only_sources_count_and_editor_litter_does_not() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/content/en/faq/a.md")));
        assert!(relevant(root, Path::new("/site/portico.yaml")));
        assert!(relevant(root, Path::new("/site/themes/default/templates/base.html")));
        assert!(!relevant(root, Path::new("/site/.portico/site/index.html")));
        assert!(!relevant(root, Path::new("/site/target/debug/x")));
        assert!(!relevant(root, Path::new("/site/content/en/faq/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/en/faq/a.md~")));
        assert!(!relevant(root, Path::new("/site/README.md")));
    }
}
