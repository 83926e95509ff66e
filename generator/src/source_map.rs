//! Source markers: HTML comments the markdown stage puts before every
//! top-level block (`<!--pl:ID:LINE-->`) and after the body (`<!--pl:end-->`),
//! so a finding on a rendered element can be traced to the markdown file and
//! line that produced it. They are stripped before anything is written.

const OPEN: &str = "<!--pl:";

/// What the markdown stage writes before a block starting at `line`: it does
/// not know the node, so the node field stays empty until [`assign_node`].
pub fn before_block(line: usize) -> String {
    format!("{UNASSIGNED}{line}-->")
}

/// How a marker without its node begins.
const UNASSIGNED: &str = "<!--pl::";

/// The marker closing a body.
pub const END: &str = "<!--pl:end-->";

/// What a marker comment's text (between `<!--` and `-->`) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    Block { node: usize, line: usize },
    End,
}

pub fn parse(comment: &str) -> Option<Marker> {
    let rest = comment.strip_prefix("pl:")?;
    if rest == "end" {
        return Some(Marker::End);
    }
    let (node, line) = rest.split_once(':')?;
    Some(Marker::Block {
        node: node.parse().ok()?,
        line: line.parse().ok()?,
    })
}

/// Tags every block marker of a rendered body with the node it belongs to.
pub fn assign_node(html: &str, node: usize) -> String {
    html.replace(UNASSIGNED, &format!("{OPEN}{node}:"))
}

/// Removes every marker from a rendered file, in one pass (copying the runs
/// between markers whole).
pub fn strip(bytes: &[u8]) -> Vec<u8> {
    let open = OPEN.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], open) {
        let start = at + found;
        let marker_end = find(&bytes[start..], b"-->").map(|end| start + end);
        match marker_end {
            Some(end) if is_marker(&bytes[start + open.len()..end]) => {
                out.extend_from_slice(&bytes[copied..start]);
                copied = end + 3;
                at = copied;
            }
            _ => at = start + 1,
        }
    }
    out.extend_from_slice(&bytes[copied..]);
    out
}

/// A marker's text after `pl:`: `NODE:LINE` or `end`.
fn is_marker(inner: &[u8]) -> bool {
    inner.iter().all(|b| b.is_ascii_digit() || *b == b':') || inner == b"end"
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(i) = haystack[from..].iter().position(|&b| b == first) {
        let at = from + i;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_strip_cleanly() {
        let body = format!("{}<p>a</p>{}", assign_node(&before_block(12), 3), END);
        assert_eq!(parse("pl:3:12"), Some(Marker::Block { node: 3, line: 12 }));
        assert_eq!(parse("pl:end"), Some(Marker::End));
        assert_eq!(parse("ordinary comment"), None);
        assert_eq!(String::from_utf8(strip(body.as_bytes())).unwrap(), "<p>a</p>");
        let kept = "<!--pl:not a marker--><p>x</p>";
        assert_eq!(String::from_utf8(strip(kept.as_bytes())).unwrap(), kept);
        assert_eq!(assign_node("<!--pl::5--><p>", 7), "<!--pl:7:5--><p>");
        let mixed = format!("<!--pl:<b>{}x<!--pl:end", assign_node(&before_block(2), 1));
        assert_eq!(
            String::from_utf8(strip(mixed.as_bytes())).unwrap(),
            "<!--pl:<b>x<!--pl:end"
        );
    }
}
