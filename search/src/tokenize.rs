//! Text → search terms, one way for the index, the query and the excerpt, so
//! that what a reader types meets what the writer wrote.
//!
//! - **Words** (letters and digits outside CJK scripts) are case-folded
//!   (full-width Latin is folded to ASCII first), lightly stemmed when they
//!   are plain ASCII words (`labels`, `labelled` → `label`; `rotating`,
//!   `rotate` → `rotat`), and common English function words are dropped.
//!   One-character words are not terms.
//! - **Identifiers** — words joined by `.`, `:`, `_` or `-` (`2.4.1`,
//!   `Iterator::next`, `pbx.toml`, `two-factor`) — are a term as written
//!   (case-folded, unstemmed) *and* each part is a term, so `Iterator::next`
//!   is found by `iterator::next` and by `next`. `E0382` is a word of its own.
//! - **CJK runs** (Japanese has no spaces) give character bigrams, plus the
//!   run's last character alone. A one-character query is looked up as a
//!   prefix: every place a character occurs either starts a bigram or ends
//!   its run, so nothing is missed, and the index holds no other unigrams (a
//!   fifth of a Japanese index). Hiragana alone (particles: の, を, は) is
//!   never a term: it occurs on every page and says nothing. Hiragana
//!   bigrams stay, so that words written in hiragana (はじめに) are found.
//!
//! Not here: ranking (see `engine`) and how terms are stored (see `keys`).

/// One term found in a text, with the byte range of the text it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub start: usize,
    pub end: usize,
}

/// A term of a query, matched exactly or as a prefix (the word being typed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QueryTerm {
    pub term: String,
    pub prefix: bool,
}

/// One thing the reader asked for: a word, an identifier (matched as written,
/// or else by all of its parts) or a CJK run (matched by its bigrams).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub whole: Option<QueryTerm>,
    pub parts: Vec<QueryTerm>,
}

impl Group {
    /// Every term of the group, whole first.
    pub fn terms(&self) -> impl Iterator<Item = &QueryTerm> {
        self.whole.iter().chain(&self.parts)
    }
}

/// English words too common to tell pages apart; dropped from index and
/// query. A `match` rather than a binary search over a sorted table: each
/// arm compares lengths before bytes, so most words are turned away without
/// a `memcmp` (this runs for every word of every page).
fn is_stopword(word: &str) -> bool {
    matches!(
        word,
        "a" | "about"
            | "an"
            | "and"
            | "are"
            | "as"
            | "at"
            | "be"
            | "but"
            | "by"
            | "can"
            | "do"
            | "does"
            | "for"
            | "from"
            | "how"
            | "i"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "me"
            | "my"
            | "not"
            | "of"
            | "on"
            | "or"
            | "so"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "this"
            | "to"
            | "was"
            | "we"
            | "what"
            | "when"
            | "where"
            | "which"
            | "who"
            | "why"
            | "will"
            | "with"
            | "you"
            | "your"
    )
}

/// Characters that join words into one identifier (`2.4.1`, `a::b`, `x_y`, `two-factor`).
fn is_joiner(c: char) -> bool {
    matches!(c, '.' | ':' | '_' | '-')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Chinese, Japanese and Korean characters: runs of these are split into bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007 | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0xFF66..=0xFF9F | 0x20000..=0x2FFFF)
}

fn is_hiragana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x309F)
}

/// Full-width ASCII (`Ｅ１０４２`) folds to ASCII, the ideographic space to a space.
fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Lower case for the scripts help centers are written in — Latin (with
/// Latin-1 and Latin Extended-A), Greek, Cyrillic, Armenian — and as it is
/// for others. Not `char::to_lowercase`: its tables would double the size of
/// the wasm runtime's text handling, and index and query only need to agree.
pub fn fold_case(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let n = c as u32;
    let lower = match n {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => n + 32,
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 | 0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if n & 1 == 0 => {
            n + 1
        }
        0x139..=0x148 | 0x179..=0x17E | 0x4C1..=0x4CE if n & 1 == 1 => n + 1,
        0x130 => 0x69, // İ: i (Unicode adds a combining dot)
        0x178 => 0xFF,
        0x386 => 0x3AC,
        0x388..=0x38A => n + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => n + 63,
        0x400..=0x40F => n + 80,
        0x4C0 => 0x4CF,
        0x531..=0x556 => n + 48,
        _ => n,
    };
    char::from_u32(lower).unwrap_or(c)
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() && !is_cjk(c)
}

/// A run of the text: a CJK run, or words joined into one identifier. It
/// borrows the segmenter's buffers, which are reused from run to run: a
/// page's text is read once, without a copy of it or a string per word.
enum Segment<'s> {
    Cjk {
        chars: &'s [(usize, char)],
        end: usize,
    },
    Latin {
        parts: &'s [Part],
        /// Every part's case-folded word, back to back.
        words: &'s str,
    },
}

/// One word of an identifier: its byte range in the text, and where its
/// case-folded form (without apostrophes) is in [`Segment::Latin`]'s `words`.
struct Part {
    start: usize,
    end: usize,
    word: std::ops::Range<usize>,
}

/// The character at byte `i` (width-folded), and the byte after it.
fn char_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = *text.as_bytes().get(i)?;
    if b.is_ascii() {
        return Some((char::from(b), i + 1));
    }
    let c = text.get(i..)?.chars().next()?;
    Some((fold_width(c), i + c.len_utf8()))
}

/// Calls `f` for each CJK run and identifier of `text`, in order; everything
/// else separates them.
fn each_segment(text: &str, mut f: impl FnMut(Segment)) {
    let mut cjk = Vec::new();
    let mut parts = Vec::new();
    let mut words = String::new();
    let mut i = 0;
    while let Some((c, next)) = char_at(text, i) {
        if is_cjk(c) {
            cjk.clear();
            while let Some((c, n)) = char_at(text, i).filter(|&(c, _)| is_cjk(c)) {
                cjk.push((i, c));
                i = n;
            }
            f(Segment::Cjk { chars: &cjk, end: i });
        } else if is_word_char(c) {
            parts.clear();
            words.clear();
            loop {
                let (start, from) = (i, words.len());
                while let Some((c, n)) = char_at(text, i) {
                    if is_word_char(c) {
                        words.push(fold_case(c));
                    } else if !(is_apostrophe(c) && char_at(text, n).is_some_and(|(c, _)| is_word_char(c))) {
                        break;
                    }
                    i = n;
                }
                parts.push(Part {
                    start,
                    end: i,
                    word: from..words.len(),
                });
                // One or two joiners followed by a word continue the identifier.
                let mut after = i;
                for _ in 0..2 {
                    match char_at(text, after) {
                        Some((c, n)) if is_joiner(c) => after = n,
                        _ => break,
                    }
                }
                if after > i && char_at(text, after).is_some_and(|(c, _)| is_word_char(c)) {
                    i = after;
                } else {
                    break;
                }
            }
            f(Segment::Latin {
                parts: &parts,
                words: &words,
            });
        } else {
            i = next;
        }
    }
}

/// The term of one (case-folded) word, stemmed, written into `term`;
/// false for stopwords and one-character words.
fn word_term(word: &str, term: &mut String) -> bool {
    if is_stopword(word) || word.chars().nth(1).is_none() {
        return false;
    }
    term.clear();
    term.push_str(word);
    stem_in_place(term);
    true
}

/// A light English stemmer (plurals, -ing, -ed, final -e) for plain ASCII
/// words of four letters or more; anything else is returned as it is.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    stem_in_place(&mut w);
    w
}

/// [`stem`], in place (every step only shortens the word or swaps its end).
fn stem_in_place(w: &mut String) {
    if w.len() < 4 || !w.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with('s') && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")) {
        w.pop();
    }
    let has_vowel = |s: &[u8]| s.iter().any(|b| b"aeiouy".contains(b));
    for suffix in ["ing", "ed"] {
        if let Some(base) = w.as_bytes().strip_suffix(suffix.as_bytes()) {
            if base.len() >= 3 && has_vowel(base) {
                let doubled =
                    base[base.len() - 1] == base[base.len() - 2] && !b"aeioulsz".contains(&base[base.len() - 1]);
                let keep = base.len() - usize::from(doubled);
                w.truncate(keep);
                break;
            }
        }
    }
    if w.len() > 4 && w.ends_with('e') && !w.ends_with("ee") {
        w.pop();
    }
}

/// What a half-typed word should be looked up as: its stem, less a trailing
/// `i`/`in` that may be the start of `-ing` (`rotati` finds `rotation` and `rotate`).
fn prefix_root(word: &str) -> String {
    let mut w = stem(word);
    if w.len() >= 5 && w.ends_with("in") {
        w.truncate(w.len() - 2);
    } else if w.len() >= 4 && w.ends_with('i') {
        w.pop();
    }
    w
}

/// Calls `f(term, start, end)` for every term of `text`, in order, with the
/// byte range of the text it stands for.
pub fn each_term(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    let mut term = String::new();
    each_segment(text, |seg| match seg {
        Segment::Latin { parts, words } => {
            if let [first, .., last] = parts {
                identifier(&text[first.start..last.end], &mut term);
                f(&term, first.start, last.end);
            }
            for p in parts {
                if word_term(&words[p.word.clone()], &mut term) {
                    f(&term, p.start, p.end);
                }
            }
        }
        Segment::Cjk { chars, end } => {
            // Width folding never touches CJK characters, so each term is
            // a slice of the text itself.
            let offset = |i: usize| chars.get(i).map_or(end, |c| c.0);
            for (i, &(start, c)) in chars.iter().enumerate() {
                if i + 1 < chars.len() {
                    f(&text[start..offset(i + 2)], start, offset(i + 2));
                } else if !is_hiragana(c) {
                    f(&text[start..end], start, end);
                }
            }
        }
    });
}

/// Every term of `text`, in order, with the text each stands for.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    each_term(text, |term, start, end| {
        out.push(Token {
            term: term.to_string(),
            start,
            end,
        })
    });
    out
}

/// The groups of a query. The last word is a prefix (search as you type)
/// unless the query ends in a space or punctuation; prefixes need two
/// characters.
pub fn parse_query(query: &str) -> Vec<Group> {
    let typed_end = query.len();
    let mut groups = Vec::new();
    each_segment(query, |seg| match seg {
        Segment::Latin { parts, words } => {
            let last = parts.len() - 1;
            let typing = parts[last].end == typed_end;
            let part_terms: Vec<QueryTerm> = parts
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let word = &words[p.word.clone()];
                    let prefix = typing && i == last && word.chars().count() >= 2;
                    let mut term = String::new();
                    if prefix {
                        term = prefix_root(word);
                    } else if !word_term(word, &mut term) {
                        return None;
                    }
                    Some(QueryTerm { term, prefix })
                })
                .collect();
            if parts.len() == 1 {
                if let Some(t) = part_terms.into_iter().next() {
                    groups.push(Group {
                        whole: Some(t),
                        parts: Vec::new(),
                    });
                }
            } else {
                let mut whole = String::new();
                identifier(&query[parts[0].start..parts[last].end], &mut whole);
                groups.push(Group {
                    whole: Some(QueryTerm {
                        term: whole,
                        prefix: typing,
                    }),
                    parts: part_terms,
                });
            }
        }
        Segment::Cjk { chars, .. } => {
            if let [(_, c)] = chars {
                if !is_hiragana(*c) {
                    groups.push(Group {
                        whole: Some(QueryTerm {
                            term: c.to_string(),
                            prefix: true,
                        }),
                        parts: Vec::new(),
                    });
                }
                return;
            }
            let parts: Vec<QueryTerm> = chars
                .windows(2)
                .map(|w| QueryTerm {
                    term: [w[0].1, w[1].1].iter().collect(),
                    prefix: false,
                })
                .collect();
            groups.push(Group { whole: None, parts });
        }
    });
    groups
}

/// An identifier as the index holds it, written into `out`: case-folded,
/// full-width folded, apostrophes dropped, joiners kept.
fn identifier(text: &str, out: &mut String) {
    out.clear();
    out.extend(
        text.chars()
            .map(fold_width)
            .filter(|c| !is_apostrophe(*c))
            .map(fold_case),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn case_folding_agrees_with_unicode_where_it_folds() {
        for c in (0..0x600).filter_map(char::from_u32) {
            let folded = fold_case(c);
            if folded != c && c != 'İ' {
                assert_eq!(c.to_lowercase().collect::<String>(), folded.to_string(), "{c:?}");
            }
        }
        assert_eq!(terms("ÉTÉ Ärger ΣΟΦΙΑ МОСКВА"), ["été", "ärger", "σοφια", "москва"]);
    }

    #[test]
    fn words_are_case_folded_stemmed_and_stopwords_dropped() {
        assert_eq!(terms("The Labels of THE Shipments"), ["label", "shipment"]);
        assert_eq!(terms("rotating rotate rotated"), ["rotat", "rotat", "rotat"]);
        assert_eq!(terms("shipping invoices carriers"), ["ship", "invoic", "carrier"]);
        assert_eq!(terms("status address"), ["status", "address"]);
        assert_eq!(terms("don't x"), ["dont"]);
    }

    #[test]
    fn identifiers_are_terms_as_typed_and_by_their_parts() {
        assert_eq!(terms("Error E0382."), ["error", "e0382"]);
        assert_eq!(terms("pbx 2.4.1."), ["pbx", "2.4.1"]);
        assert_eq!(terms("Iterator::next()"), ["iterator::next", "iterator", "next"]);
        assert_eq!(terms("two-factor"), ["two-factor", "two", "factor"]);
        assert_eq!(terms("pbx_live_ key"), ["pbx_live", "pbx", "live", "key"]);
    }

    #[test]
    fn token_spans_point_at_the_original_text() {
        let text = "Use Ｅ１０４２ now";
        let t = tokens(text);
        assert_eq!(t[1].term, "e1042");
        assert_eq!(&text[t[1].start..t[1].end], "Ｅ１０４２");
    }

    #[test]
    fn cjk_runs_become_bigrams_and_their_last_character_without_hiragana_particles() {
        assert_eq!(terms("返金を"), ["返金", "金を"]);
        assert_eq!(terms("返金"), ["返金", "金"]);
        assert_eq!(terms("はじめに"), ["はじ", "じめ", "めに"]);
        let t = tokens("API キー 円");
        assert_eq!(
            t.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(),
            ["api", "キー", "ー", "円"]
        );
        assert_eq!(&"API キー 円"[t[1].start..t[1].end], "キー");
        assert_eq!(&"API キー 円"[t[3].start..t[3].end], "円");
    }

    #[test]
    fn every_occurrence_of_a_character_starts_a_term() {
        // A one-character query is a prefix lookup: each place the character
        // occurs (but in hiragana) must begin some indexed term.
        let text = "料金は500円です。返金、円高";
        let t = tokens(text);
        for (i, c) in text.char_indices().filter(|&(_, c)| is_cjk(c) && !is_hiragana(c)) {
            assert!(t.iter().any(|t| t.start == i && t.term.starts_with(c)), "{c} at {i}");
        }
    }

    #[test]
    fn queries_use_the_same_segmentation() {
        let g = parse_query("料金プラン");
        assert_eq!(g.len(), 1);
        let bigrams: Vec<&str> = g[0].parts.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(bigrams, ["料金", "金プ", "プラ", "ラン"]);
        for b in bigrams {
            assert!(terms("料金プランの変更").iter().any(|t| t == b), "{b}");
        }
        let g = parse_query("返");
        assert_eq!(g[0].whole.as_ref().unwrap().term, "返");
        assert!(
            g[0].whole.as_ref().unwrap().prefix,
            "one character finds the bigrams it starts"
        );
    }

    #[test]
    fn mixed_japanese_and_english_queries_split_into_groups() {
        let g = parse_query("APIキー ローテーション");
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].whole.as_ref().unwrap().term, "api");
        assert!(
            !g[0].whole.as_ref().unwrap().prefix,
            "a word followed by CJK is complete"
        );
        assert_eq!(g[1].parts[0].term, "キー");
    }

    #[test]
    fn the_last_word_is_a_prefix_from_its_second_character() {
        let g = parse_query("void labe");
        assert_eq!(
            g[0].whole,
            Some(QueryTerm {
                term: "void".into(),
                prefix: false
            })
        );
        assert_eq!(
            g[1].whole,
            Some(QueryTerm {
                term: "labe".into(),
                prefix: true
            })
        );
        assert!(parse_query("void label ")[1].whole.as_ref().is_some_and(|t| !t.prefix));
        assert!(parse_query("v").is_empty(), "one letter is not a query term yet");
        assert_eq!(parse_query("rotati")[0].whole.as_ref().unwrap().term, "rotat");
        // A stopword being typed may be the start of a longer word.
        assert_eq!(parse_query("how to")[0].whole.as_ref().unwrap().term, "to");
    }

    #[test]
    fn identifier_queries_keep_the_whole_and_the_parts() {
        let g = parse_query("Iterator::ne");
        assert_eq!(g[0].whole.as_ref().unwrap().term, "iterator::ne");
        assert!(g[0].whole.as_ref().unwrap().prefix);
        assert_eq!(g[0].parts[0].term, "iterator");
        assert_eq!(
            g[0].parts[1],
            QueryTerm {
                term: "ne".into(),
                prefix: true
            }
        );
        assert_eq!(parse_query("2.4.1 ")[0].whole.as_ref().unwrap().term, "2.4.1");
        assert_eq!(parse_query("Ｅ１０４２")[0].whole.as_ref().unwrap().term, "e1042");
    }
}
