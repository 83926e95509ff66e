//! Turns serde_yaml errors into writer-facing diagnostics: file, line, column,
//! and for an unknown key the nearest valid key ("did you mean `title`?").
//!
//! Shared by `portico.yaml` and front matter so both read the same way.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Converts a YAML error into a diagnostic. `first_line` is the file line on
/// which the YAML text starts (front matter starts on line 2, after `---`).
pub fn diagnostic(path: &Path, err: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let message = strip_location(&err.to_string());
    let mut d = Diagnostic::error(path, message.clone());
    if let Some(loc) = err.location() {
        d = d.at(first_line + loc.line() - 1, loc.column());
    }
    if let Some((unknown, expected)) = parse_unknown_field(&message) {
        d.message = format!("unknown key `{unknown}`");
        d = match nearest(&unknown, &expected) {
            Some(best) => d.hint(format!(
                "did you mean `{best}`? Valid keys here: {}",
                expected.join(", ")
            )),
            None => d.hint(format!("valid keys here: {}", expected.join(", "))),
        };
    }
    d
}

/// serde_yaml appends " at line L column C" to messages; the diagnostic
/// carries the position itself.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.split_once("unknown field ")?.1;
    let mut quoted = rest.split('`').skip(1).step_by(2).map(str::to_string);
    let unknown = quoted.next()?;
    Some((unknown, quoted.collect()))
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn nearest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        base_url: String,
    }

    #[test]
    fn unknown_key_names_line_and_suggests_nearest() {
        let err = serde_yaml::from_str::<Sample>("title: x\nbase_ur: y\n").unwrap_err();
        let d = diagnostic(Path::new("portico.yaml"), &err, 1);
        assert_eq!(d.message, "unknown key `base_ur`");
        assert_eq!(d.line, 2);
        assert!(d.hint.unwrap().contains("did you mean `base_url`?"));
    }

    #[test]
    fn positions_are_offset_by_first_line() {
        let err = serde_yaml::from_str::<Sample>("title: [unclosed\n").unwrap_err();
        let d = diagnostic(Path::new("a.md"), &err, 2);
        assert!(d.line >= 2, "{d}");
    }
}
