//! The rules, over one parsed page. Rule ids are axe-core's where a rule
//! corresponds, so a finding here and one in the browser read the same.
//!
//! The page goes through html5ever's tokenizer once, in document order, with
//! a stack of open elements: cheap enough to run on every page of every
//! build. Source markers met on the way say which markdown block (file and
//! line) each element came from.

use crate::source_map::{self as markers, Marker};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use html5ever::LocalName;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// One problem on one page, before it is tied to a file.
#[derive(Debug, Clone)]
pub struct RawFinding {
    pub rule: &'static str,
    pub message: String,
    /// (node id, line) of the markdown block the element came from.
    pub source: Option<(usize, usize)>,
    /// For images and links: the destination, to find the exact line.
    pub dest: Option<String>,
}

/// Link texts that do not say where a link goes.
const VAGUE: &[&str] = &[
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "learn more",
    "link",
    "this link",
    "this",
    "details",
    "こちら",
    "ここ",
    "ここをクリック",
    "詳細",
    "詳しくはこちら",
    "リンク",
];

/// Checks one rendered page.
pub fn check_page(html: &str) -> Vec<RawFinding> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&without_code_bodies(html)));
    let tokenizer = Tokenizer::new(Sink(RefCell::new(Walk::default())), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut walk = tokenizer.sink.0.into_inner();
    walk.finish();
    walk.findings
}

struct Sink(RefCell<Walk>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut walk = self.0.borrow_mut();
        match token {
            Token::TagToken(tag) => return walk.tag(tag),
            Token::CharacterTokens(text) => walk.text(&text),
            Token::CommentToken(c) => match markers::parse(&c) {
                Some(Marker::Block { node, line }) => walk.source = Some((node, line)),
                Some(Marker::End) => walk.source = None,
                None => {}
            },
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// An element that is open, with what the rules need to know about it.
struct Open {
    name: LocalName,
    hidden: bool,
    /// Text and alt text inside it, for elements whose name is their content.
    text: Option<String>,
    /// aria-label / aria-labelledby / title given on the element.
    named: bool,
    /// Where it started (the source marker in force then).
    source: Option<(usize, usize)>,
    href: Option<String>,
    /// Tables: a header cell was seen. Videos: a captions track was seen.
    satisfied: bool,
}

#[derive(Default)]
struct Walk {
    stack: Vec<Open>,
    source: Option<(usize, usize)>,
    ids: HashMap<String, usize>,
    label_targets: HashSet<String>,
    /// Fields with an id and no other label: labelled if a `label for` names them.
    maybe_unlabelled: Vec<(String, RawFinding)>,
    html_lang: Option<String>,
    title: Option<String>,
    mains: usize,
    first_link: Option<Option<String>>,
    last_heading: Option<u8>,
    h1: usize,
    findings: Vec<RawFinding>,
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param",
];

fn attr<'t>(tag: &'t Tag, name: &str) -> Option<&'t str> {
    tag.attrs.iter().find(|a| &*a.name.local == name).map(|a| &*a.value)
}

fn has_value(tag: &Tag, name: &str) -> bool {
    attr(tag, name).is_some_and(|v| !v.trim().is_empty())
}

impl Walk {
    fn report_at(&mut self, rule: &'static str, message: String, source: Option<(usize, usize)>, dest: Option<&str>) {
        self.findings.push(RawFinding {
            rule,
            message,
            source,
            dest: dest.map(str::to_string),
        });
    }

    fn report(&mut self, rule: &'static str, message: String, dest: Option<&str>) {
        self.report_at(rule, message, self.source, dest);
    }

    fn hidden(&self) -> bool {
        self.stack.last().is_some_and(|o| o.hidden)
    }

    fn text(&mut self, text: &str) {
        if let Some(title) = self
            .title
            .as_mut()
            .filter(|_| self.stack.last().is_some_and(|o| &*o.name == "title"))
        {
            title.push_str(text);
        }
        for open in self.stack.iter_mut() {
            if let Some(t) = open.text.as_mut() {
                t.push_str(text);
            }
        }
    }

    fn tag(&mut self, tag: Tag) -> TokenSinkResult<()> {
        let name = tag.name.clone();
        if tag.kind == TagKind::EndTag {
            if let Some(i) = self.stack.iter().rposition(|o| o.name == name) {
                let closed: Vec<Open> = self.stack.drain(i..).collect();
                for open in closed.into_iter().rev() {
                    self.close(open);
                }
            }
            return TokenSinkResult::Continue;
        }
        self.start(&name, &tag);
        let name_str: &str = &name;
        let hidden = self.hidden()
            || attr(&tag, "aria-hidden") == Some("true")
            || attr(&tag, "hidden").is_some()
            || name_str == "template";
        if !VOID.contains(&name_str) && !tag.self_closing {
            let collects = matches!(name_str, "a" | "button" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
            self.stack.push(Open {
                text: collects.then(String::new),
                named: has_value(&tag, "aria-label") || has_value(&tag, "aria-labelledby") || has_value(&tag, "title"),
                source: self.source,
                href: attr(&tag, "href").map(str::to_string),
                satisfied: matches!(attr(&tag, "role"), Some("presentation" | "none")),
                name: tag.name.clone(),
                hidden,
            });
        }
        // Text-only elements: their content is not markup.
        match &*tag.name {
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => TokenSinkResult::RawData(RawKind::Rawtext),
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            _ => TokenSinkResult::Continue,
        }
    }

    /// Rules decided at an element's start tag.
    fn start(&mut self, name: &str, tag: &Tag) {
        if let Some(id) = attr(tag, "id") {
            let n = self.ids.entry(id.to_string()).or_default();
            *n += 1;
            if *n == 2 {
                self.report("duplicate-id", format!("id \"{id}\" is used more than once"), None);
            }
        }
        if let Some(lang) = attr(tag, "lang") {
            if name != "html" && !valid_lang(lang.trim()) {
                self.report("valid-lang", format!("lang=\"{lang}\" is not a language tag"), None);
            }
        }
        if attr(tag, "role") == Some("main") && name != "main" {
            self.mains += 1;
        }
        let hidden = self.hidden() || attr(tag, "aria-hidden") == Some("true");
        match name {
            "html" => self.html_lang = Some(attr(tag, "lang").unwrap_or_default().to_string()),
            "title" if self.title.is_none() => self.title = Some(String::new()),
            "main" => self.mains += 1,
            "label" => {
                if let Some(target) = attr(tag, "for") {
                    self.label_targets.insert(target.to_string());
                }
            }
            "a" if attr(tag, "href").is_some() && self.first_link.is_none() => {
                self.first_link = Some(attr(tag, "href").map(str::to_string));
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if !hidden => self.heading(name.as_bytes()[1] - b'0'),
            "img" => self.image(tag, hidden),
            "input" | "select" | "textarea" => self.field(name, tag),
            "th" => self.mark_open("table"),
            "track" if matches!(attr(tag, "kind"), Some("captions" | "subtitles")) => self.mark_open("video"),
            "iframe" if !has_value(tag, "title") && !has_value(tag, "aria-label") && !hidden => {
                let src = attr(tag, "src").unwrap_or_default().to_string();
                self.report("frame-title", format!("an iframe ({src}) has no title"), None);
            }
            _ => {}
        }
        if matches!(attr(tag, "role"), Some("columnheader" | "rowheader")) {
            self.mark_open("table");
        }
    }

    /// Rules decided at an element's end, once its content is known.
    fn close(&mut self, open: Open) {
        if open.hidden {
            return;
        }
        let text = open
            .text
            .as_deref()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
        let empty = !open.named && text.as_deref().is_some_and(str::is_empty);
        match &*open.name {
            "a" if open.href.is_some() => {
                let href = open.href.as_deref().unwrap_or_default();
                if empty {
                    self.report_at(
                        "link-name",
                        format!("the link to {href} has no text"),
                        open.source,
                        Some(href),
                    );
                } else if !open.named {
                    let name = text.unwrap_or_default();
                    let key = name
                        .trim_matches(|c: char| {
                            c.is_ascii_punctuation() || matches!(c, '。' | '»' | '→') || c.is_whitespace()
                        })
                        .to_lowercase();
                    if VAGUE.contains(&key.as_str()) {
                        self.report_at(
                            "link-text-vague",
                            format!("link text \"{name}\" does not say where the link to {href} goes"),
                            open.source,
                            Some(href),
                        );
                    }
                }
            }
            "button" if empty => self.report_at("button-name", "a button has no text".into(), open.source, None),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if empty => {
                let msg = format!("an <{}> has no text", open.name);
                self.report_at("empty-heading", msg, open.source, None);
            }
            "table" if !open.satisfied => self.report_at(
                "td-has-header",
                "a table has no header cells (<th>)".into(),
                open.source,
                None,
            ),
            "video" if !open.satisfied => self.report_at(
                "video-caption",
                "a video has no captions track".into(),
                open.source,
                None,
            ),
            _ => {}
        }
    }

    /// Notes on the innermost open `name` that what it needs was found.
    fn mark_open(&mut self, name: &str) {
        if let Some(o) = self.stack.iter_mut().rev().find(|o| &*o.name == name) {
            o.satisfied = true;
        }
    }

    fn heading(&mut self, level: u8) {
        if level == 1 {
            self.h1 += 1;
            if self.h1 == 2 {
                self.report("page-has-heading-one", "the page has more than one <h1>".into(), None);
            }
        }
        if let Some(prev) = self.last_heading {
            if level > prev + 1 {
                self.report(
                    "heading-order",
                    format!("<h{level}> follows <h{prev}>, skipping a level"),
                    None,
                );
            }
        }
        self.last_heading = Some(level);
    }

    fn image(&mut self, tag: &Tag, hidden: bool) {
        let alt = attr(tag, "alt");
        for open in self.stack.iter_mut() {
            if let Some(t) = open.text.as_mut() {
                t.push(' ');
                t.push_str(alt.unwrap_or_default());
            }
        }
        let decorative = matches!(attr(tag, "role"), Some("presentation" | "none")) || hidden;
        let named = has_value(tag, "aria-label") || has_value(tag, "aria-labelledby") || has_value(tag, "title");
        if alt.is_none() && !decorative && !named {
            let src = attr(tag, "src").unwrap_or_default().to_string();
            self.report("image-alt", format!("image {src} has no alt attribute"), Some(&src));
        }
    }

    fn field(&mut self, name: &str, tag: &Tag) {
        let kind = attr(tag, "type").unwrap_or("text");
        if name == "input" && matches!(kind, "hidden" | "submit" | "reset" | "button" | "image") {
            let unnamed = !has_value(tag, "value") && !has_value(tag, "aria-label") && !has_value(tag, "alt");
            if kind != "hidden" && unnamed {
                self.report(
                    "button-name",
                    format!("an <input type=\"{kind}\"> button has no value"),
                    None,
                );
            }
            return;
        }
        // A field's own text (a select's options, a textarea's value) does not name it.
        let named = ["aria-label", "aria-labelledby", "title", "placeholder"]
            .iter()
            .any(|a| has_value(tag, a));
        let wrapped = self.stack.iter().any(|o| &*o.name == "label");
        if named || wrapped {
            return;
        }
        let (rule, what) = if name == "select" {
            ("select-name", "select box")
        } else {
            ("label", "form field")
        };
        let message = format!("{what} \"{}\" has no label", attr(tag, "name").unwrap_or_default());
        match attr(tag, "id") {
            Some(id) => {
                let finding = RawFinding {
                    rule,
                    message,
                    source: self.source,
                    dest: None,
                };
                self.maybe_unlabelled.push((id.to_string(), finding));
            }
            None => self.report(rule, message, None),
        }
    }

    /// Whole-page rules, once the page has been read.
    fn finish(&mut self) {
        self.source = None;
        let pending = std::mem::take(&mut self.maybe_unlabelled);
        for (id, finding) in pending {
            if !self.label_targets.contains(&id) {
                self.findings.push(finding);
            }
        }
        match self.html_lang.as_deref().map(str::trim) {
            None | Some("") => self.report("html-has-lang", "<html> has no lang attribute".into(), None),
            Some(lang) if !valid_lang(lang) => {
                let message = format!("<html lang=\"{lang}\"> is not a language tag");
                self.report("html-lang-valid", message, None)
            }
            _ => {}
        }
        if self.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            self.report("document-title", "the page has no <title>".into(), None);
        }
        if self.mains != 1 {
            let message = format!("the page has {} <main> landmarks, not one", self.mains);
            self.report("landmark-one-main", message, None);
        }
        match self
            .first_link
            .clone()
            .flatten()
            .as_deref()
            .and_then(|h| h.strip_prefix('#'))
        {
            None => self.report(
                "bypass",
                "the first link on the page is not a skip link to the main content".into(),
                None,
            ),
            Some(target) if !self.ids.contains_key(target) => self.report(
                "skip-link",
                format!("the skip link's target #{target} does not exist"),
                None,
            ),
            Some(_) => {}
        }
        if self.h1 == 0 {
            self.report("page-has-heading-one", "the page has no <h1>".into(), None);
        }
    }
}

/// The page without what no rule reads: the insides of highlighted code
/// blocks (hundreds of spans each, half the bytes of a docs page) and the
/// head's metadata, so that tokenizing the rest keeps the checker cheap.
fn without_code_bodies(html: &str) -> String {
    let html = without_head_meta(html);
    skip_insides(&html, "<pre class=\"code\"", "</pre>").into_owned()
}

/// The `<head>` reduced to its `<title>`, the only part of it a rule reads
/// (meta, link, style and JSON-LD elements are a fifth of a page's bytes).
fn without_head_meta(html: &str) -> std::borrow::Cow<'_, str> {
    let (Some(open), Some(close)) = (html.find("<head>"), html.find("</head>")) else {
        return html.into();
    };
    let head = &html[open + "<head>".len()..close.max(open + "<head>".len())];
    let title = match (head.find("<title"), head.find("</title>")) {
        (Some(a), Some(b)) if a < b => &head[a..b + "</title>".len()],
        _ => "",
    };
    format!("{}<head>{title}{}", &html[..open], &html[close..]).into()
}

/// `html` without what lies between each `open…>` start tag and its `close`.
fn skip_insides<'h>(html: &'h str, open: &str, close: &str) -> std::borrow::Cow<'h, str> {
    if !html.contains(open) {
        return html.into();
    }
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let Some(tag_end) = rest[start..].find('>').map(|i| start + i + 1) else {
            break;
        };
        let Some(end) = rest[tag_end..].find(close).map(|i| tag_end + i) else {
            break;
        };
        out.push_str(&rest[..tag_end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.into()
}

/// BCP 47 in shape: a 2–3 letter primary language, then 1–8 character subtags.
pub fn valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests;
