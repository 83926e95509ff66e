//! "Last updated" from git: the date of the last commit that touched each file.
//!
//! One `git log` over the content folder answers for every file at once
//! (running git per page would dominate large builds). Outside a repository,
//! or without git, the map is simply empty and front matter dates are used.

use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Maps paths relative to `root` (e.g. `content/en/a.md`) to their last commit date.
pub fn last_commit_dates(root: &Path) -> HashMap<PathBuf, NaiveDate> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--relative",
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--",
            "content",
        ])
        .output();
    let Ok(output) = output else {
        return HashMap::new();
    };
    if !output.status.success() {
        return HashMap::new();
    }
    parse_log(&String::from_utf8_lossy(&output.stdout))
}

/// Newest commit first: the first date seen for a file is its last change.
fn parse_log(log: &str) -> HashMap<PathBuf, NaiveDate> {
    let mut dates = HashMap::new();
    let mut current = None;
    for line in log.lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok();
        } else if !line.trim().is_empty() {
            if let Some(d) = current {
                dates.entry(PathBuf::from(unquote(line.trim()))).or_insert(d);
            }
        }
    }
    dates
}

/// git quotes paths with non-ASCII bytes as "\343\202…" unless core.quotePath is off.
fn unquote(path: &str) -> String {
    let Some(inner) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::new();
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        let mut octal = Vec::new();
        while octal.len() < 3 && chars.peek().is_some_and(|c| c.is_ascii_digit()) {
            octal.push(chars.next().unwrap_or(b'0'));
        }
        if octal.is_empty() {
            bytes.extend(chars.next().map(|c| match c {
                b'n' => b'\n',
                b't' => b'\t',
                other => other,
            }));
        } else {
            let s = String::from_utf8_lossy(&octal).to_string();
            bytes.push(u8::from_str_radix(&s, 8).unwrap_or(b'?'));
        }
    }
    String::from_utf8_lossy(&bytes).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_date_wins_and_quoted_paths_decode() {
        let log = "\u{0}2026-03-01\n\ncontent/en/a.md\n\"content/ja/\\343\\201\\202.md\"\n\u{0}2025-01-01\n\ncontent/en/a.md\ncontent/en/b.md\n";
        let d = parse_log(log);
        assert_eq!(
            d[Path::new("content/en/a.md")],
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
        );
        assert_eq!(
            d[Path::new("content/en/b.md")],
            NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()
        );
        assert!(d.contains_key(Path::new("content/ja/あ.md")));
    }
}
