//! How Portico's terms and documents are written into a tinysearch index.
//!
//! tinysearch looks a query up with its own tokenizer, which keeps only
//! letters and lower-cases them: `E0382` would become `e`. So each stored
//! term is spelled in letters only — letters stay, digits and joiners become
//! a `ǀ`-escape (`2.4.1` → `ǀcǀkǀeǀkǀb`) — which tinysearch passes through
//! untouched. The spelling keeps prefixes: the key of a prefix is a prefix of
//! the key, so tinysearch's own prefix search serves search-as-you-type.
//!
//! A stored key is `<field><term>ǂ`: the field letter (`t` title, `h`
//! headings, keywords and description, `b` body) says where the page uses the
//! term most prominently, and the end mark `ǂ` lets an exact lookup (`…ǂ`) be
//! told from a prefix lookup (without it). Each page is one tinysearch post
//! whose URL is its [`DocKey`].

/// Where a term occurs on a page, most prominent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title,
    Heading,
    Body,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::Title, Field::Heading, Field::Body];

    fn letter(self) -> char {
        match self {
            Field::Title => 't',
            Field::Heading => 'h',
            Field::Body => 'b',
        }
    }
}

/// Escape mark: the next letter stands for a digit or joiner, or starts a code point.
const ESCAPE: char = 'ǀ';
/// Ends every stored key, so that exact lookups can be told from prefix lookups.
const END: char = 'ǂ';

fn push_escaped(out: &mut String, c: char) {
    let code = match c {
        '0'..='9' => (b'a' + (c as u8 - b'0')) as char,
        '.' => 'k',
        ':' => 'l',
        '_' => 'm',
        '-' => 'n',
        _ => {
            // Anything else: `ǀx`, the code point in letters a–p (hex), `ǀ`.
            out.push(ESCAPE);
            out.push('x');
            for shift in (0..6).rev() {
                out.push((b'a' + ((c as u32 >> (shift * 4)) & 0xF) as u8) as char);
            }
            out.push(ESCAPE);
            return;
        }
    };
    out.push(ESCAPE);
    out.push(code);
}

/// A letter tinysearch's tokenizer keeps as it is: alphabetic, and not
/// changed by lower-casing (Portico's folding, and not an upper-case letter
/// of another script either).
fn passes_through(c: char) -> bool {
    c != ESCAPE && c != END && c.is_alphabetic() && !c.is_uppercase() && crate::tokenize::fold_case(c) == c
}

fn push_term(out: &mut String, term: &str) {
    for c in term.chars() {
        if passes_through(c) {
            out.push(c);
        } else {
            push_escaped(out, c);
        }
    }
}

/// The key under which a term is stored for a field.
pub fn stored(field: Field, term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 4);
    out.push(field.letter());
    push_term(&mut out, term);
    out.push(END);
    out
}

/// The key to look a term up with: every stored key of the field starting
/// with the term (`prefix`), or exactly the term.
pub fn lookup(field: Field, term: &str, prefix: bool) -> String {
    let mut out = String::with_capacity(term.len() + 4);
    out.push(field.letter());
    push_term(&mut out, term);
    if !prefix {
        out.push(END);
    }
    out
}

/// Whether a stored key found by looking up `lookup` is that exact term
/// (not a longer word it is a prefix of).
pub fn is_exact(stored: &str, lookup: &str) -> bool {
    stored.len() <= lookup.len() + END.len_utf8()
}

/// What ranking and filters need to know of a page, carried in every shard
/// that mentions it (as the tinysearch post URL): `SVLTdoc`, one base-36
/// digit each for section, version, length class and title length, then the
/// document number in base 36.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocKey {
    /// Index into the manifest's sections.
    pub section: u8,
    /// 0 for pages outside versioned docs, else 1 + index into the manifest's versions.
    pub version: u8,
    /// ⌊log2(words + 1)⌋ of the page's text.
    pub length: u8,
    /// Words in the title (at most 35).
    pub title_words: u8,
    /// The page's number: its fragment is `f/<doc>.txt`.
    pub doc: u32,
}

/// The largest value one base-36 digit holds.
pub const MAX_CODE: u8 = 35;

fn digit(n: u8) -> char {
    char::from_digit(u32::from(n.min(MAX_CODE)), 36).unwrap_or('z')
}

impl DocKey {
    pub fn encode(&self) -> String {
        let mut out: String = [self.section, self.version, self.length, self.title_words]
            .into_iter()
            .map(digit)
            .collect();
        let start = out.len();
        let mut n = self.doc;
        loop {
            out.insert(start, char::from_digit(n % 36, 36).unwrap_or('0'));
            n /= 36;
            if n == 0 {
                break;
            }
        }
        out
    }

    pub fn decode(key: &str) -> Option<DocKey> {
        let mut chars = key.chars();
        let mut next = || chars.next().and_then(|c| c.to_digit(36)).map(|d| d as u8);
        let (section, version, length, title_words) = (next()?, next()?, next()?, next()?);
        Some(DocKey {
            section,
            version,
            length,
            title_words,
            doc: u32::from_str_radix(key.get(4..)?, 36).ok()?,
        })
    }

    /// The length class of a text of `words` words.
    pub fn length_class(words: usize) -> u8 {
        (usize::BITS - words.leading_zeros()) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_letters_only_and_keep_prefixes() {
        let key = stored(Field::Body, "2.4.1");
        assert!(key.chars().all(char::is_alphabetic), "{key}");
        assert!(key.starts_with(&lookup(Field::Body, "2.4", true)));
        assert!(!key.starts_with(&lookup(Field::Body, "2.4", false)));
        assert_eq!(key, lookup(Field::Body, "2.4.1", false));
        let cjk = stored(Field::Title, "返金");
        assert_eq!(cjk, "t返金ǂ");
        for odd in ["a'b", "ǀ", "ǂx", "İ", "x\u{1F600}"] {
            let key = stored(Field::Title, odd);
            assert!(key.chars().all(char::is_alphabetic), "{odd} → {key}");
            assert_eq!(key.to_lowercase(), key, "{odd} → {key}");
        }
        assert_ne!(stored(Field::Title, "ab"), stored(Field::Heading, "ab"));
    }

    #[test]
    fn doc_keys_round_trip() {
        let k = DocKey {
            section: 3,
            version: 2,
            length: 11,
            title_words: 40,
            doc: 1234,
        };
        let decoded = DocKey::decode(&k.encode()).unwrap();
        assert_eq!(decoded.title_words, MAX_CODE);
        assert_eq!(
            DocKey {
                title_words: 40,
                ..decoded
            },
            k
        );
        assert_eq!(DocKey::length_class(0), 0);
        assert_eq!(DocKey::length_class(1000), 10);
    }
}
