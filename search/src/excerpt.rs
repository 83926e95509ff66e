//! Excerpts: for one result, the section of the page that best answers the
//! query and a short window of its text with the matched words in `<mark>`.
//! Matching uses the query's own terms and the tokenizer's spans, so what is
//! highlighted is exactly what was found (a prefix, a CJK bigram, a part of
//! an identifier). Everything else is HTML-escaped: the output is safe to
//! insert as HTML.

use crate::fragment::Fragment;
use crate::tokenize::{is_cjk, parse_query, tokens, Group, QueryTerm};

/// Bytes of text an excerpt shows (about 200 Latin characters or 70 CJK
/// characters, which take about the same width).
const WINDOW: usize = 200;
/// Bytes shown before the first match.
const LEAD: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// The page's URL, with `#anchor` when the match is under a heading.
    pub url: String,
    pub title: String,
    /// The docs version's label; empty outside versioned docs.
    pub version: String,
    /// The heading the match is under; empty for the page's introduction.
    pub heading: String,
    /// Escaped text with `<mark>`ed matches, `…` where it was cut.
    pub html: String,
}

/// Byte spans of `text` matching any of `terms`. A one-character CJK query
/// matches the bigrams it starts, and marks only its own character.
fn matches(text: &str, terms: &[&QueryTerm]) -> Vec<(usize, usize, usize)> {
    tokens(text)
        .into_iter()
        .filter_map(|tok| {
            let i = terms
                .iter()
                .position(|q| tok.term == q.term || (q.prefix && tok.term.starts_with(&q.term)))?;
            let cjk = terms[i].term.chars().next().is_some_and(is_cjk);
            let end = if cjk { tok.start + terms[i].term.len() } else { tok.end };
            Some((tok.start, end, i))
        })
        .collect()
}

/// How many different query terms the spans match.
fn distinct(spans: &[(usize, usize, usize)]) -> usize {
    let seen = spans.iter().fold(0u64, |seen, s| seen | 1 << s.2.min(63));
    seen.count_ones() as usize
}

/// The excerpt of `fragment` for `query`.
pub fn excerpt(fragment: &Fragment, query: &str) -> Excerpt {
    let groups = parse_query(query);
    let terms: Vec<&QueryTerm> = groups.iter().flat_map(Group::terms).collect();
    let mut best: Option<(usize, usize)> = None; // (score, section index)
    for (i, s) in fragment.sections.iter().enumerate() {
        let in_heading = matches(&s.heading, &terms);
        let in_text = matches(&s.text, &terms);
        let mut all = in_heading.clone();
        all.extend(&in_text);
        let score = distinct(&all) * 8 + distinct(&in_heading) * 4 + in_text.len().min(4);
        if score > 0 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, i));
        }
    }
    let (heading, anchor, text) = match best {
        Some((_, i)) => {
            let s = &fragment.sections[i];
            (s.heading.as_str(), s.anchor.as_str(), s.text.as_str())
        }
        // Only the title (or keywords) matched: the description says what the page is.
        None if !fragment.description.is_empty() => ("", "", fragment.description.as_str()),
        None => ("", "", fragment.sections.first().map_or("", |s| s.text.as_str())),
    };
    let url = if anchor.is_empty() {
        fragment.url.clone()
    } else {
        format!("{}#{anchor}", fragment.url)
    };
    Excerpt {
        url,
        title: fragment.title.clone(),
        version: fragment.version.clone(),
        heading: heading.to_string(),
        html: highlight(text, &matches(text, &terms)),
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The window of `text` holding the most distinct matched terms, with its
/// matches marked.
fn highlight(text: &str, spans: &[(usize, usize, usize)]) -> String {
    let mut start = 0;
    let mut best = 0;
    for s in spans {
        let from = s.0.saturating_sub(LEAD);
        let inside: Vec<_> = spans
            .iter()
            .filter(|t| t.0 >= from && t.1 <= from + WINDOW)
            .copied()
            .collect();
        if distinct(&inside) > best {
            best = distinct(&inside);
            start = from;
        }
    }
    let mut start = floor_boundary(text, start);
    let mut end = floor_boundary(text, start + WINDOW);
    // Start and end on word boundaries where the text has spaces nearby.
    if start > 0 {
        if let Some(space) = text[start..].find(' ').filter(|&i| i < 20) {
            start += space + 1;
        }
    }
    if end < text.len() {
        if let Some(space) = text[start..end].rfind(' ').filter(|&i| end - (start + i) < 20) {
            end = start + space;
        }
    }
    // Tokens come in text order, so the spans are sorted by start.
    let inside: Vec<(usize, usize)> = spans
        .iter()
        .filter(|s| s.0 >= start && s.1 <= end)
        .map(|s| (s.0, s.1))
        .collect();
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    let mut at = start;
    let mut i = 0;
    while i < inside.len() {
        let (s, mut e) = inside[i];
        // Overlapping and touching spans (CJK bigrams) become one mark.
        while i + 1 < inside.len() && inside[i + 1].0 <= e {
            e = e.max(inside[i + 1].1);
            i += 1;
        }
        let s = s.max(at);
        escape_into(&mut html, &text[at..s]);
        html.push_str("<mark>");
        escape_into(&mut html, &text[s..e]);
        html.push_str("</mark>");
        at = e;
        i += 1;
    }
    escape_into(&mut html, &text[at..end.max(at)]);
    if end < text.len() {
        html.push('…');
    }
    html
}

/// Escapes text for HTML content and attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fragment::Section;

    fn page(sections: &[(&str, &str, &str)]) -> Fragment {
        Fragment {
            url: "/en/docs/v3/api/labels/".into(),
            title: "Labels".into(),
            description: "Create, download and void labels.".into(),
            version: "3.x".into(),
            sections: sections
                .iter()
                .map(|(a, h, t)| Section {
                    anchor: a.to_string(),
                    heading: h.to_string(),
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn picks_the_section_that_answers_and_links_to_its_heading() {
        let f = page(&[
            ("", "", "A label is what you print."),
            (
                "void-a-label",
                "Void a label",
                "Voiding refunds the postage within 30 days.",
            ),
        ]);
        let e = excerpt(&f, "void refund");
        assert_eq!(e.url, "/en/docs/v3/api/labels/#void-a-label");
        assert_eq!(e.heading, "Void a label");
        assert_eq!(
            e.html,
            "<mark>Voiding</mark> <mark>refunds</mark> the postage within 30 days."
        );
    }

    #[test]
    fn escapes_everything_but_its_own_marks() {
        let f = page(&[("", "", "Send <script>alert(1)</script> & the \"E1042\" code")]);
        let e = excerpt(&f, "e1042");
        assert_eq!(
            e.html,
            "Send &lt;script&gt;alert(1)&lt;/script&gt; &amp; the &quot;<mark>E1042</mark>&quot; code"
        );
    }

    #[test]
    fn marks_prefixes_identifiers_and_cjk_runs() {
        let f = page(&[("", "", "Call Iterator::next until it returns None.")]);
        assert_eq!(
            excerpt(&f, "iterator::next").html,
            "Call <mark>Iterator::next</mark> until it returns None."
        );
        assert_eq!(
            excerpt(&f, "retu").html,
            "Call Iterator::next until it <mark>returns</mark> None."
        );
        let ja = page(&[("", "", "ラベルを無効化すると返金されます。")]);
        assert_eq!(
            excerpt(&ja, "返金").html,
            "ラベルを無効化すると<mark>返金</mark>されます。"
        );
        assert_eq!(
            excerpt(&ja, "無効化 返金").html,
            "ラベルを<mark>無効化</mark>すると<mark>返金</mark>されます。"
        );
        let yen = page(&[("", "", "料金は500円です。円高")]);
        assert_eq!(
            excerpt(&yen, "円").html,
            "料金は500<mark>円</mark>です。<mark>円</mark>高",
            "one character marks itself, not the bigram it starts"
        );
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let f = page(&[("", "", &format!("{filler}the rate limit is 100 requests {filler}"))]);
        let html = excerpt(&f, "rate limit").html;
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>rate</mark> <mark>limit</mark>"), "{html}");
        assert!(html.len() < WINDOW + 40, "{html}");
    }

    #[test]
    fn a_title_only_match_shows_the_description() {
        let f = page(&[("", "", "Nothing relevant here.")]);
        let e = excerpt(&f, "labels");
        assert_eq!(e.url, "/en/docs/v3/api/labels/");
        assert_eq!(e.html, "Create, download and void <mark>labels</mark>.");
    }
}
