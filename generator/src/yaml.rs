//! Turns serde_yaml errors into writer-facing diagnostics: file, line, column,
//! and for an unknown key the nearest valid key ("did you mean `title`?").
//!
//! Shared by `portico.yaml` and front matter so both read the same way.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Converts a YAML error into a diagnostic. `first_line` is the file line on
/// which the YAML text starts (front matter starts on line 2, after `---`).
pub fn diagnostic(path: &Path, err: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    diagnostic_in(path, err, first_line, "")
}

/// [`diagnostic`], with the YAML `text` to place errors serde_yaml reports
/// without a position (alias bombs) or at the enclosing mapping (a key given
/// twice).
pub fn diagnostic_in(path: &Path, err: &serde_yaml::Error, first_line: usize, text: &str) -> Diagnostic {
    let message = strip_location(&err.to_string());
    let mut d = Diagnostic::error(path, message.clone());
    if let Some(loc) = err.location() {
        d = d.at(first_line + loc.line() - 1, loc.column());
        // libyaml also breaks lines at a lone `\r` (and NEL, U+2028…), which
        // Portico and editors do not; count `\n`s up to the error instead.
        if !text.is_empty() {
            let before: String = text.chars().take(loc.index()).collect();
            let line = before.matches('\n').count();
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            d = d.at(first_line + line, col);
        }
    }
    // libyaml reports bad characters at a byte offset of the text.
    if let Some((head, pos)) = message.rsplit_once(" at position ") {
        if let Some(offset) = pos.parse::<usize>().ok().filter(|&o| o <= text.len()) {
            let line = text.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count();
            d.message = head.to_string();
            d = d.at(first_line + line, 1);
            if head.contains("control characters") {
                d = d.hint("remove the invisible control character (such as NUL) from this line");
            }
        }
    }
    if message.contains("repetition limit exceeded") {
        d.message = "YAML aliases (`*name`) expand to too much data".into();
        d = d.hint("write the values out instead of nesting aliases");
        if let Some(i) = text
            .lines()
            .position(|l| l.split('*').skip(1).any(|a| a.starts_with(char::is_alphanumeric)))
        {
            d = d.at(first_line + i, 1);
        } else if d.line == 0 {
            d = d.at(first_line, 1);
        }
    }
    if let Some(key) = message
        .strip_prefix("duplicate field `")
        .and_then(|m| m.split('`').next())
    {
        let starts = |l: &&str| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        };
        if let Some((i, _)) = text.lines().enumerate().filter(|(_, l)| starts(l)).nth(1) {
            d = d.at(first_line + i, 1).hint(format!("remove one of the `{key}` lines"));
        }
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

/// The deepest `[`/`{` nesting serde_yaml is handed: its parser slows down
/// quadratically with depth (100,000 levels took minutes), and no real
/// front matter or configuration nests more than a few levels.
pub const MAX_FLOW_DEPTH: usize = 64;

/// The file line of the first line of `text` holding `needle`, where `text`
/// starts on file line `first_line`: for checks made after parsing, when
/// serde no longer knows positions.
pub fn line_holding(text: &str, needle: &str, first_line: usize) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + first_line)
}

/// Refuses YAML whose flow collections (`[…]`, `{…}`) or block indentation
/// nest deeper than [`MAX_FLOW_DEPTH`], at the line where the limit is crossed.
pub fn check_depth(path: &Path, text: &str, first_line: usize) -> Result<(), Diagnostic> {
    let refuse = |i: usize| {
        Err(
            Diagnostic::error(path, format!("YAML nested more than {MAX_FLOW_DEPTH} levels deep"))
                .at(first_line + i, 1)
                .hint("flatten the structure; front matter and portico.yaml need only a few levels"),
        )
    };
    let mut depth = 0usize;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '-']).len();
        if indent / 2 > MAX_FLOW_DEPTH * 2 {
            return refuse(i);
        }
        let mut quote: Option<char> = None;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return refuse(i);
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    Ok(())
}

/// serde_yaml appends " at line L column C" to messages, and libyaml's own
/// messages hold one too ("… at line 10 column 1, while scanning a simple
/// key"), counted from the start of the YAML rather than of the file; the
/// diagnostic carries the position itself, so every one is removed.
fn strip_location(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(i) = out.find(" at line ") {
        let rest = &out[i + " at line ".len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n = digits(rest);
        let Some(after) = rest[n..].strip_prefix(" column ").filter(|_| n > 0) else {
            break;
        };
        let m = digits(after);
        let end = i + " at line ".len() + n + " column ".len() + m;
        out.replace_range(i..end, "");
    }
    out
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

    /// tests/fixtures/hostile/{fm,config}-deep-nesting: refused before
    /// serde_yaml sees it, at the line crossing the limit.
    #[test]
    fn deep_nesting_is_refused_quickly() {
        let deep = format!("a: 1\nb: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = check_depth(Path::new("a.md"), &deep, 2).unwrap_err();
        assert_eq!(d.line, 3);
        assert!(check_depth(Path::new("a.md"), "a: '[[[[' # [[[[\nb: [[1], {c: [2]}]\n", 1).is_ok());
        let indented: String = (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i * 2))).collect();
        assert!(check_depth(Path::new("p.yaml"), &indented, 1).is_err());
    }

    /// tests/fixtures/hostile/fm-billion-laughs and fm-duplicate-key.
    #[test]
    fn alias_bombs_and_duplicate_keys_get_a_line() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
        let err = serde_yaml::from_str::<serde_yaml::Value>(bomb).unwrap_err();
        let d = diagnostic_in(Path::new("a.md"), &err, 2, bomb);
        assert_eq!(
            (d.line, d.message.as_str()),
            (3, "YAML aliases (`*name`) expand to too much data")
        );
        let nul = "title: x\nbase_url: a\u{0}b\n";
        let err = serde_yaml::from_str::<Sample>(nul).unwrap_err();
        let d = diagnostic_in(Path::new("a.md"), &err, 2, nul);
        assert_eq!((d.line, d.message.as_str()), (3, "control characters are not allowed"));
        let twice = "title: x\nbase_url: y\ntitle: z\n";
        let err = serde_yaml::from_str::<Sample>(twice).unwrap_err();
        assert_eq!(diagnostic_in(Path::new("p.yaml"), &err, 1, twice).line, 3);
    }

    /// Found by fuzz/fuzz_targets/front_matter.rs: `\n\r` made libyaml count
    /// two lines, placing the error beyond the end of the file, and the
    /// message kept libyaml's own YAML-relative "at line 10 column 1".
    #[test]
    fn lone_carriage_returns_do_not_shift_lines() {
        let yaml = "titlor API detaiis, see the [docqmentation](../dock answers about your Parcelbox account, s s:\n\r often. For step-by-step insdesctrs:\n\r ofte about your Parcelbox account, s s:\n\r often. For step-by-step insdesctructions, see the [guides]ut your Parcelbox account, s s:\n\r often. For step-by-step insdesctructions, see the [guides](../guides=\n";
        let err = serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err();
        let d = diagnostic_in(Path::new("a.md"), &err, 2, yaml);
        assert!(d.line <= 2 + yaml.matches('\n').count(), "{d}");
        assert!(!d.message.contains(" at line "), "{d}");
        assert_eq!(
            strip_location(
                "could not find expected ':' at line 10 column 1, while scanning a simple key at line 9 column 2"
            ),
            "could not find expected ':', while scanning a simple key"
        );
    }

    #[test]
    fn positions_are_offset_by_first_line() {
        let err = serde_yaml::from_str::<Sample>("title: [unclosed\n").unwrap_err();
        let d = diagnostic(Path::new("a.md"), &err, 2);
        assert!(d.line >= 2, "{d}");
    }
}
