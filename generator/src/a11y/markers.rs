//! Source markers: HTML comments the markdown stage puts before every
//! top-level block (`<!--pl:ID:LINE-->`) and after the body (`<!--pl:end-->`),
//! so a finding on a rendered element can be traced to the markdown file and
//! line that produced it. They are stripped before anything is written.

const OPEN: &str = "<!--pl:";

/// The marker before a block starting at `line` of node `node`'s source.
pub fn block(node: usize, line: usize) -> String {
    format!("{OPEN}{node}:{line}-->")
}

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

/// Tags every block marker of a rendered body with the node it belongs to:
/// the markdown stage writes `<!--pl::LINE-->`, not knowing the node.
pub fn assign_node(html: &str, node: usize) -> String {
    html.replace("<!--pl::", &format!("{OPEN}{node}:"))
}

/// Removes every marker from a rendered file, in one pass.
pub fn strip(bytes: &[u8]) -> Vec<u8> {
    let open = OPEN.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' && bytes[i..].starts_with(open) {
            if let Some(end) = find(&bytes[i..], b"-->") {
                let inner = &bytes[i + open.len()..i + end];
                if inner.iter().all(|b| b.is_ascii_digit() || *b == b':') || inner == b"end" {
                    i += end + 3;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_strip_cleanly() {
        let body = format!("{}<p>a</p>{}", block(3, 12), END);
        assert_eq!(parse("pl:3:12"), Some(Marker::Block { node: 3, line: 12 }));
        assert_eq!(parse("pl:end"), Some(Marker::End));
        assert_eq!(parse("ordinary comment"), None);
        assert_eq!(String::from_utf8(strip(body.as_bytes())).unwrap(), "<p>a</p>");
        let kept = "<!--pl:not a marker--><p>x</p>";
        assert_eq!(String::from_utf8(strip(kept.as_bytes())).unwrap(), kept);
        assert_eq!(assign_node("<!--pl::5--><p>", 7), "<!--pl:7:5--><p>");
    }
}
