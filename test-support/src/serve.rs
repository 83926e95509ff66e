//! `portico serve` as a child process, for tests of the CLI itself.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Starts `bin --root root serve --port 0` and waits for the address it
/// prints: the child (kill it when done) and its `host:port`. The rest of
/// its log is read on a thread, so the server never blocks on a full pipe
/// or fails writing to a closed one.
pub fn spawn_serve(bin: &Path, root: &Path) -> (Child, String) {
    let mut child = Command::new(bin)
        .arg("--root")
        .arg(root)
        .args(["serve", "--port", "0"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("portico serve starts");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr is piped")).lines();
    let host = loop {
        let line = lines.next().expect("serve exited early").expect("serve's log is text");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap_or_default().to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (child, host)
}
