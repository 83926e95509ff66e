//! A page's fragment (`search/<lang>/f/<doc>.txt`): what a result shows and
//! what its excerpt is cut from — URL, title, description, the docs version's
//! label (`2.x`, so results of several versions can be told apart) and the
//! text of each section under its heading. Fetched lazily, one per result shown.
//!
//! Fields are separated by ASCII unit separators (U+001F) and sections by
//! record separators (U+001E), so the wasm runtime reads it without a JSON
//! parser; the builder strips those characters from the text.

use crate::Error;

const UNIT: char = '\u{1f}';
const RECORD: char = '\u{1e}';

/// One part of a page: the text under one heading (the first has none).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    /// The heading's id (`rate-limits`), empty before the first heading.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fragment {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The docs version's label as readers see it; empty outside versioned docs.
    pub version: String,
    pub sections: Vec<Section>,
}

/// Text with the separators (and other control characters but newline and
/// tab) taken out, whitespace runs collapsed.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    let end_word = |out: &mut String, start: Option<usize>, end: usize| {
        if let Some(start) = start {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&text[start..end]);
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Decoding only where a gap can be: controls and whitespace are ASCII
        // or start with one of four lead bytes (U+0080–U+00BF, U+1680,
        // U+2000–U+205F, U+3000); Japanese text is mostly other lead bytes.
        let (gap, len) = match bytes[i] {
            b @ 0..=0x7f => (b <= b' ' || b == 0x7f, 1),
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace() || c.is_control(), c.len_utf8())
            }
            0xc0..=0xdf => (false, 2),
            0xe0..=0xef => (false, 3),
            _ => (false, 4),
        };
        if gap {
            end_word(&mut out, word_start.take(), i);
        } else if word_start.is_none() {
            word_start = Some(i);
        }
        i += len;
    }
    end_word(&mut out, word_start, text.len());
    out
}

impl Fragment {
    pub fn to_text(&self) -> String {
        let mut out = [self.url.as_str(), &self.title, &self.description, &self.version].join(&UNIT.to_string());
        for s in &self.sections {
            out.push(RECORD);
            out.push_str(&s.anchor);
            out.push(UNIT);
            out.push_str(&s.heading);
            out.push(UNIT);
            out.push_str(&s.text);
        }
        out
    }

    pub fn parse(text: &str) -> Result<Fragment, Error> {
        let mut records = text.split(RECORD);
        let head: Vec<&str> = records.next().unwrap_or_default().split(UNIT).collect();
        let [url, title, description, version] = head[..] else {
            return Err(Error::Fragment(
                "the first record needs url, title, description and version".into(),
            ));
        };
        let sections = records
            .map(|r| {
                let mut f = r.splitn(3, UNIT);
                let (Some(anchor), Some(heading), Some(text)) = (f.next(), f.next(), f.next()) else {
                    return Err(Error::Fragment("a section needs anchor, heading and text".into()));
                };
                Ok(Section {
                    anchor: anchor.into(),
                    heading: heading.into(),
                    text: text.into(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Fragment {
            url: url.into(),
            title: title.into(),
            description: description.into(),
            version: version.into(),
            sections,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_garbage() {
        let f = Fragment {
            url: "/en/faq/x/".into(),
            title: "Can I?".into(),
            description: "".into(),
            version: "2.x".into(),
            sections: vec![
                Section {
                    anchor: "".into(),
                    heading: "".into(),
                    text: "Intro".into(),
                },
                Section {
                    anchor: "a-b".into(),
                    heading: "A b".into(),
                    text: clean("x\u{1f}y \n\n z"),
                },
            ],
        };
        assert_eq!(f.sections[1].text, "x y z");
        assert_eq!(clean(" \u{7f}a\u{a0}b\u{2028}c\u{85} d\u{3000}é "), "a b c d é");
        assert_eq!(Fragment::parse(&f.to_text()).unwrap(), f);
        assert!(Fragment::parse("just text").is_err());
    }

    #[test]
    fn clean_splits_at_every_unicode_space_and_control_and_nowhere_else() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let gap = c.is_whitespace() || c.is_control();
            let expected = if gap { "x y".to_string() } else { format!("x{c}y") };
            assert_eq!(clean(&format!("x{c}y")), expected, "U+{:04X}", c as u32);
        }
    }
}
