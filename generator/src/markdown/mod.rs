//! Markdown → HTML for one page, with what later stages need to know about it:
//! the table of contents, every id on the page, every link and image with
//! its source line (for the link check and for `file:line` errors), and the
//! plain text under each heading (for the search index).
//!
//! pulldown-cmark parses (tables, footnotes, strikethrough, task lists, heading
//! attributes, GitHub callouts); this module rewrites the event stream — heading
//! ids, highlighted code, callouts, link targets — and lets pulldown write HTML.
//! It knows nothing of the site: link targets are resolved through [`Resolve`].

mod headings;
pub(crate) mod highlight;

pub use headings::{prefix_ids, slugify, TocEntry};

use crate::diagnostics::LineIndex;
use headings::HeadingIds;
use portico_search::fragment::Section;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

/// Where a link or image written in markdown points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// Another site (`https://…`): marked as external, never checked.
    External,
    /// `mailto:`, `tel:` and the like: left alone.
    Other,
    /// A URL on this site; `href` is what the HTML gets.
    Internal {
        url: crate::paths::UrlPath,
        fragment: Option<String>,
        href: String,
    },
    /// A fragment on the same page (`#setup`).
    SamePage { fragment: String },
    /// Cannot point anywhere (e.g. a `.md` file that does not exist); the reason says why.
    Unresolved { reason: String },
}

/// Resolves link and image destinations; implemented by the site graph.
pub trait Resolve {
    fn link(&self, dest: &str) -> Reference;
    fn image(&self, dest: &str) -> Reference;
}

/// Whether a reference came from a link or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    Link,
    Image,
}

/// A link or image as written, with its position in the source file.
#[derive(Debug, Clone)]
pub struct FoundRef {
    pub kind: RefKind,
    pub dest: String,
    pub reference: Reference,
    pub line: usize,
    pub col: usize,
    /// An image's alt text (or a link's text), as written.
    pub text: String,
    /// An image marked decorative with `![""](…)`: rendered with `alt=""`.
    pub decorative: bool,
}

/// The rendered body of one page.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every `id` on the page body: headings, footnotes, raw HTML.
    pub ids: Vec<String>,
    pub refs: Vec<FoundRef>,
    /// Reading effort in "words", counting two CJK characters as one word.
    pub words: usize,
    /// Text of the first paragraph, for a description fallback.
    pub summary: String,
    /// Plain text under each heading (code included), in order; the first
    /// section is the text before the first heading, when there is any.
    pub sections: Vec<Section>,
}

/// Appends text to the current search section; `" "` separates blocks.
fn section_text(sections: &mut [Section], text: &str) {
    if let Some(s) = sections.last_mut() {
        if text != " " {
            s.text.push_str(text);
        } else if !s.text.is_empty() && !s.text.ends_with(char::is_whitespace) {
            s.text.push(' ');
        }
    }
}

/// Localized labels the body needs (callout titles, task states).
pub trait Labels {
    fn label(&self, key: &str) -> String;
}

/// Renders `body`, whose first line is line `first_line` of its file, with
/// the source markers of graph node `node` (see [`crate::source_map`]).
pub fn render(body: &str, first_line: usize, node: usize, resolve: &dyn Resolve, labels: &dyn Labels) -> Rendered {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    let lines = LineIndex::new(body, first_line);
    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(usize, String)> = None; // (index in events, text so far)
    let mut code: Option<(String, String)> = None; // (language, code so far)
    let mut external_links: Vec<bool> = Vec::new();
    let mut paragraph_depth = 0usize;
    let mut summary_done = false;
    let mut block_depth = 0usize;
    // (index in events where the link/image text starts, index in refs)
    let mut labelled: Vec<(usize, usize)> = Vec::new();
    let mut sections = vec![Section::default()];

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        // A source marker before every top-level block, for the a11y checker.
        match &event {
            Event::Start(_) | Event::Rule if block_depth == 0 => {
                let (line, _) = lines.position(range.start);
                events.push(Event::Html(crate::source_map::block(node, line).into()));
            }
            _ => {}
        }
        match &event {
            Event::Start(_) => block_depth += 1,
            Event::End(_) => block_depth = block_depth.saturating_sub(1),
            _ => {}
        }
        if let Some((_, code_text)) = code.as_mut() {
            match event {
                Event::Text(t) => code_text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let (lang, text) = code.take().unwrap_or_default();
                    section_text(&mut sections, " ");
                    section_text(&mut sections, &text);
                    section_text(&mut sections, " ");
                    events.push(Event::Html(code_block_html(&text, &lang).into()));
                }
                _ => {}
            }
            continue;
        }
        match (heading.as_mut(), &event) {
            (Some((_, text)), Event::Text(t) | Event::Code(t)) => text.push_str(t),
            (None, Event::Text(t) | Event::Code(t)) => section_text(&mut sections, t),
            (None, Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item))
            | (None, Event::End(TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition)) => {
                section_text(&mut sections, " ")
            }
            _ => {}
        }
        match &event {
            Event::Text(t) => {
                out.words += count_words(t);
                if paragraph_depth > 0 && !summary_done {
                    out.summary.push_str(t);
                }
            }
            Event::Code(t) => {
                out.words += count_words(t);
                if paragraph_depth > 0 && !summary_done {
                    out.summary.push_str(t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => out.ids.extend(html_ids(h)),
            Event::Start(Tag::FootnoteDefinition(name)) => out.ids.push(name.to_string()),
            _ => {}
        }
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraph_depth += 1;
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth -= 1;
                summary_done |= !out.summary.trim().is_empty();
                events.push(event);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                mut attrs,
            }) => {
                // `{onclick=…}` is heading-attribute syntax for script; the
                // CSP would block it, so it is not written at all.
                attrs.retain(|(k, _)| !k.to_ascii_lowercase().starts_with("on"));
                heading = Some((events.len(), String::new()));
                // The id is filled in at the end of the heading, once its text is known.
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = heading.take() {
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let unique = ids.assign(id.as_deref(), &text);
                        let title = text;
                        *id = Some(CowStr::from(unique.clone()));
                        out.ids.push(unique.clone());
                        sections.push(Section {
                            anchor: unique.clone(),
                            heading: title.trim().to_string(),
                            text: String::new(),
                        });
                        out.toc.push(TocEntry {
                            level: level as u8,
                            id: unique,
                            title: title.trim().to_string(),
                        });
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = callout(kind);
                let title = escape(&labels.label(key));
                events.push(Event::Html(
                    format!("<div class=\"callout callout-{class}\"><p class=\"callout-title\">{title}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html("</div>\n".into())),
            Event::Start(Tag::Table(align)) => {
                // Focusable, so keyboard users can scroll a wide table.
                events.push(Event::Html("<div class=\"table-scroll\" tabindex=\"0\">\n".into()));
                events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            Event::TaskListMarker(done) => {
                let (class, key) = if done {
                    ("task task-done", "task_done")
                } else {
                    ("task", "task_todo")
                };
                let label = escape(&labels.label(key));
                events.push(Event::InlineHtml(
                    format!("<span class=\"{class}\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">{label}</span> ").into(),
                ));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let reference = record(
                    &mut out.refs,
                    &lines,
                    RefKind::Link,
                    &dest_url,
                    resolve.link(&dest_url),
                    range.start,
                );
                let external = reference == Reference::External;
                external_links.push(external);
                labelled.push((events.len() + 1, out.refs.len() - 1));
                if external {
                    let mut html = String::from("<a class=\"external\" rel=\"external noopener\" href=\"");
                    let _ = escape_href(&mut html, &dest_url);
                    html.push('"');
                    if !title.is_empty() {
                        html.push_str(" title=\"");
                        html.push_str(&escape(&title));
                        html.push('"');
                    }
                    html.push('>');
                    events.push(Event::InlineHtml(html.into()));
                } else {
                    let dest_url = rewritten(reference, dest_url);
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((start, r)) = labelled.pop() {
                    out.refs[r].text = plain_text(&events[start.min(events.len())..]);
                }
                if external_links.pop().unwrap_or(false) {
                    events.push(Event::InlineHtml("</a>".into()));
                } else {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let reference = record(
                    &mut out.refs,
                    &lines,
                    RefKind::Image,
                    &dest_url,
                    resolve.image(&dest_url),
                    range.start,
                );
                let dest_url = rewritten(reference, dest_url);
                labelled.push((events.len() + 1, out.refs.len() - 1));
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, r)) = labelled.pop() {
                    let start = start.min(events.len());
                    let alt = plain_text(&events[start..]);
                    if alt.trim() == "\"\"" {
                        // `![""](…)`: decorative on purpose; the alt attribute stays empty.
                        events.truncate(start);
                        out.refs[r].decorative = true;
                    }
                    out.refs[r].text = alt;
                }
                events.push(Event::End(TagEnd::Image));
            }
            other => events.push(other),
        }
    }
    out.summary = truncate_words(out.summary.trim(), 160);
    for section in &mut sections {
        section.text.truncate(section.text.trim_end().len());
    }
    if sections.len() > 1 && sections[0].text.is_empty() {
        sections.remove(0);
    }
    out.sections = sections;
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.html.push_str(crate::source_map::END);
    out
}

/// Notes where a link or image points and where it was written; returns the reference.
fn record(
    refs: &mut Vec<FoundRef>,
    lines: &LineIndex,
    kind: RefKind,
    dest: &str,
    reference: Reference,
    offset: usize,
) -> Reference {
    let (line, col) = lines.position(offset);
    refs.push(FoundRef {
        kind,
        dest: dest.to_string(),
        reference: reference.clone(),
        line,
        col,
        text: String::new(),
        decorative: false,
    });
    reference
}

/// The text of a run of inline events (a link's label, an image's alt).
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The destination the HTML gets: an internal reference's rewritten href, else as written.
fn rewritten(reference: Reference, dest: CowStr) -> CowStr {
    match reference {
        Reference::Internal { href, .. } => CowStr::from(href),
        _ => dest,
    }
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "callout_note"),
        BlockQuoteKind::Tip => ("tip", "callout_tip"),
        BlockQuoteKind::Important => ("important", "callout_important"),
        BlockQuoteKind::Warning => ("warning", "callout_warning"),
        BlockQuoteKind::Caution => ("caution", "callout_caution"),
    }
}

/// A fenced block: highlighted when the language is known, plain otherwise.
/// `tabindex=0` lets keyboard users scroll wide code.
fn code_block_html(code: &str, lang: &str) -> String {
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let body = highlight::highlight(code, lang).unwrap_or_else(|| escape(code));
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    format!("<pre class=\"code\" tabindex=\"0\"{lang_attr}><code{class}>{body}</code></pre>\n")
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = escape_html(&mut out, s);
    out
}

/// Words for reading time: whitespace-separated words, plus half a word per
/// CJK character (Japanese is read at roughly twice as many characters per
/// minute as English words).
pub fn count_words(text: &str) -> usize {
    use portico_search::tokenize::is_cjk;
    let cjk = text.chars().filter(|c| is_cjk(*c)).count();
    let words = text.split_whitespace().filter(|w| !w.chars().all(is_cjk)).count();
    words + cjk / 2
}

fn truncate_words(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let cut: String = s.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// `id="…"` attributes in raw HTML, so links to them are not reported broken.
fn html_ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("id=") {
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        rest = &rest[i + 3..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            if before_ok {
                ids.push(rest[1..=end].to_string());
            }
            rest = &rest[end + 1..];
        }
    }
    ids
}

#[cfg(test)]
mod tests;
