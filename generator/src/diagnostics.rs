//! Problems a writer can cause, collected across the whole site and printed as
//! `path:line:col: severity: message` with a hint, so an editor can jump to them.
//!
//! Every stage returns its findings instead of stopping at the first one; the
//! pipeline decides at the end whether errors make the build fail.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a finding is: errors fail `portico build`, warnings are printed,
/// notes record a finding someone chose to silence (and why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// One finding, pointing at a source file and (where known) a position in it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// File the writer should open, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = line;
        self.col = col;
        self
    }

    pub fn note(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, ": {label}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// All findings of a run, in a stable order (by file, then position).
#[derive(Debug, Default, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file and position and drops exact repeats (e.g. the same broken
    /// link reported from two passes).
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.col, a.severity, &a.message).cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
        });
        self.0.dedup();
        self
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// Maps byte offsets of a text to 1-based line and character columns.
///
/// Markdown bodies start some lines into their file (after front matter), so
/// `first_line` is the file line of the text's first byte.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: usize,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            text,
            starts,
            first_line,
        }
    }

    /// (line, column) of a byte offset, both 1-based, column counted in chars.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let idx = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[idx];
        let col = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (self.first_line + idx, col)
    }
}

/// Renders a path relative to `root` when it lies under it, for messages.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_path_line_col_and_hint() {
        let d = Diagnostic::error("content/en/a.md", "broken link")
            .at(3, 7)
            .hint("fix it");
        assert_eq!(d.to_string(), "content/en/a.md:3:7: error: broken link\n  hint: fix it");
        let whole_file = Diagnostic::warning("portico.yaml", "odd");
        assert_eq!(whole_file.to_string(), "portico.yaml: warning: odd");
    }

    #[test]
    fn line_index_counts_from_first_line_and_in_chars() {
        let text = "ab\nサポート x\n";
        let idx = LineIndex::new(text, 5);
        assert_eq!(idx.position(0), (5, 1));
        assert_eq!(idx.position(3), (6, 1));
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(x), (6, 6));
    }
}
