//! Mapping rendered HTML back to markdown lines: the one home of the source
//! markers. The markdown stage writes an HTML comment before every top-level
//! block (`<!--pl:NODE:LINE-->`, [`block`]) and one after the body
//! ([`END`]); the accessibility check reads them ([`parse`]) to name the file
//! and line behind a finding; [`strip`] removes them before anything is
//! published (see `paths::OutputFile::published`). Nothing else knows their
//! format.

const OPEN: &str = "<!--pl:";

/// The marker before a block of node `node`'s body starting at `line`.
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

/// A body's markers moved to node `node`: live preview keeps a page's
/// rendered body when only other pages changed, but a page added before it
/// (in source order) shifts its node number.
pub fn renumber(html: &str, node: usize) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(found) = rest.find(OPEN) {
        let after = &rest[found + OPEN.len()..];
        out.push_str(&rest[..found + OPEN.len()]);
        rest = after;
        let Some(end) = after.find("-->") else { continue };
        if let Some(Marker::Block { line, .. }) = parse(&format!("pl:{}", &after[..end])) {
            out.push_str(&format!("{node}:{line}"));
            rest = &after[end..];
        }
    }
    out.push_str(rest);
    out
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
        let body = format!("{}<p>a</p>{}", block(3, 12), END);
        assert_eq!(parse("pl:3:12"), Some(Marker::Block { node: 3, line: 12 }));
        assert_eq!(parse("pl:end"), Some(Marker::End));
        assert_eq!(parse("ordinary comment"), None);
        assert_eq!(String::from_utf8(strip(body.as_bytes())).unwrap(), "<p>a</p>");
        assert_eq!(renumber(&body, 41), format!("{}<p>a</p>{}", block(41, 12), END));
        let kept = "<!--pl:not a marker--><p>x</p>";
        assert_eq!(renumber(kept, 2), kept);
        assert_eq!(String::from_utf8(strip(kept.as_bytes())).unwrap(), kept);
        assert_eq!(block(7, 5), "<!--pl:7:5-->");
        let mixed = format!("<!--pl:<b>{}x<!--pl:end", block(1, 2));
        assert_eq!(
            String::from_utf8(strip(mixed.as_bytes())).unwrap(),
            "<!--pl:<b>x<!--pl:end"
        );
    }
}
