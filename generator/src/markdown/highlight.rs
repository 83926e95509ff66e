//! Server-side syntax highlighting with syntect, using bat's curated syntax set
//! (from `two-face`: TypeScript, TOML, Dockerfile, modern Rust …).
//!
//! Code is marked up with CSS classes, never inline colours, so one stylesheet
//! serves light mode and another (inside `prefers-color-scheme: dark`) dark mode.
//! The syntax set loads once per process, lazily, and is shared across threads.
//! Highlighted blocks and lines are remembered (see [`Bounded`]): translations
//! and docs versions repeat most of a site's code, and syntect's regex
//! matching is the build's largest cost.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Common fence names that are not a syntax's own token.
fn alias(lang: &str) -> &str {
    match lang {
        "sh" | "shell" | "console" | "zsh" => "bash",
        "ts" => "typescript",
        "js" | "mjs" | "cjs" => "javascript",
        "py" => "python",
        "rs" => "rust",
        "yml" => "yaml",
        "docker" => "dockerfile",
        "jsonc" => "json",
        other => other,
    }
}

fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.trim().to_lowercase();
    if lang.is_empty() {
        return None;
    }
    let token = alias(&lang);
    SYNTAXES
        .find_syntax_by_token(token)
        .or_else(|| SYNTAXES.find_syntax_by_name(token))
}

/// What the parser and the scope stack know between two lines.
type State = (ParseState, ScopeStack);

/// One line as highlighted from one state: its HTML, the spans it opens
/// (or closes, if negative), and the state after it.
struct Line {
    before: State,
    html: Box<str>,
    delta: isize,
    after: State,
}

/// Values by (syntax name, text), bounded so that a long live preview session
/// does not grow without end: past `limit` bytes it starts over.
struct Bounded<T> {
    by_syntax: HashMap<&'static str, HashMap<Box<str>, T>>,
    bytes: usize,
    limit: usize,
}

impl<T: Default> Bounded<T> {
    fn new(limit: usize) -> Self {
        Bounded {
            by_syntax: HashMap::new(),
            bytes: 0,
            limit,
        }
    }

    fn get(&self, syntax: &str, text: &str) -> Option<&T> {
        self.by_syntax.get(syntax)?.get(text)
    }

    /// The slot for `text`, charged `bytes` (after starting over if they
    /// would pass the bound).
    fn slot(&mut self, syntax: &'static str, text: &str, bytes: usize) -> &mut T {
        if self.bytes + bytes > self.limit {
            self.by_syntax.clear();
            self.bytes = 0;
        }
        self.bytes += bytes;
        self.by_syntax
            .entry(syntax)
            .or_default()
            .entry(text.into())
            .or_default()
    }
}

/// Highlighted blocks: a block seen before costs a lookup.
static BLOCKS: LazyLock<Mutex<Bounded<Box<str>>>> = LazyLock::new(|| Mutex::new(Bounded::new(16 << 20)));

thread_local! {
    /// Lines, per thread (syntect's parser state holds regex captures, which may
    /// not cross threads), each with the states it was highlighted from: a new
    /// block re-parses only the lines it does not share with earlier ones
    /// (imports, calls, braces, a snippet with one name changed).
    static LINES: RefCell<Bounded<Vec<Line>>> = RefCell::new(Bounded::new(4 << 20));
}

/// A rough size of a remembered line's two states.
const STATE_BYTES: usize = 256;

fn blocks() -> std::sync::MutexGuard<'static, Bounded<Box<str>>> {
    BLOCKS.lock().unwrap_or_else(|e| e.into_inner())
}

/// Highlights `code` as `lang` into classed `<span>`s. `None` when the language
/// is unknown (the caller then renders the block plain).
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let syntax = syntax_for(lang)?;
    let name = syntax.name.as_str();
    if let Some(html) = blocks().get(name, code) {
        return Some(html.to_string());
    }
    let html = highlight_lines(code, syntax)?;
    *blocks().slot(name, code, code.len() + html.len()) = html.as_str().into();
    Some(html)
}

/// What syntect's `ClassedHTMLGenerator` does, line by line, with each line
/// looked up in this thread's memo first.
fn highlight_lines(code: &str, syntax: &'static SyntaxReference) -> Option<String> {
    LINES.with_borrow_mut(|memo| {
        let name = syntax.name.as_str();
        let mut state: State = (ParseState::new(syntax), ScopeStack::new());
        let mut html = String::with_capacity(code.len() * 4);
        let mut open = 0isize;
        for line in LinesWithEndings::from(code) {
            let seen = memo.get(name, line);
            let delta = match seen.and_then(|seen| seen.iter().find(|l| l.before == state)) {
                Some(known) => {
                    html.push_str(&known.html);
                    state.clone_from(&known.after);
                    known.delta
                }
                None => {
                    let before = state.clone();
                    let ops = state.0.parse_line(line, &SYNTAXES).ok()?;
                    let (line_html, delta) =
                        line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut state.1).ok()?;
                    html.push_str(&line_html);
                    let bytes = line.len() + line_html.len() + STATE_BYTES;
                    memo.slot(name, line, bytes).push(Line {
                        before,
                        html: line_html.into(),
                        delta,
                        after: state.clone(),
                    });
                    delta
                }
            };
            open += delta;
        }
        for _ in 0..open {
            html.push_str("</span>");
        }
        Some(html)
    })
}

/// The block highlighted afresh by syntect's own generator, for tests.
#[cfg(test)]
fn highlight_with(code: &str, syntax: &'static SyntaxReference) -> Option<String> {
    let mut gen = syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

/// The stylesheet for highlighted code: Coldark, a palette designed for WCAG
/// contrast, light by default and dark under `prefers-color-scheme: dark`.
pub fn stylesheet() -> String {
    use two_face::theme::EmbeddedThemeName;
    let themes = two_face::theme::extra();
    let css = |name| syntect::html::css_for_theme_with_class_style(themes.get(name), CLASS_STYLE).unwrap_or_default();
    let light = css(EmbeddedThemeName::ColdarkCold);
    let dark = css(EmbeddedThemeName::ColdarkDark);
    format!("/* Generated by Portico from the Coldark themes. */\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modern_languages_are_known() {
        for lang in [
            "rust",
            "typescript",
            "ts",
            "toml",
            "dockerfile",
            "bash",
            "python",
            "yaml",
            "json",
        ] {
            let html = highlight("let x = 1;\n", lang).unwrap_or_else(|| panic!("{lang} unknown"));
            assert!(html.contains("class=\"hl-"), "{lang}: {html}");
        }
    }

    #[test]
    fn a_remembered_block_is_the_block_highlighted_afresh() {
        let code = "fn main() {\n    println!(\"memo\");\n}\n";
        let first = highlight(code, "rust").unwrap();
        let again = highlight(code, "rs").unwrap();
        let fresh = highlight_with(code, syntax_for("rust").unwrap()).unwrap();
        assert_eq!(first, fresh);
        assert_eq!(again, fresh);
        assert_ne!(highlight(code, "python").unwrap(), fresh, "the memo is per language");
    }

    #[test]
    fn a_line_seen_in_another_state_is_highlighted_for_its_own() {
        // The same line outside and inside a comment, a string and a
        // heredoc: each block must come out as syntect alone makes it.
        let blocks = [
            ("rust", "let a = 1;\n/*\nlet a = 1;\n*/\nlet a = 1;\n"),
            ("rust", "/*\nlet a = 1;\n*/\nlet a = 1;\n/* one */ let a = 1;\n"),
            ("typescript", "const s = `\nconst s = 1;\n`;\nconst s = 1;\n"),
            ("typescript", "const s = 1;\nconst t = `${s}\nconst s = 1;\n`;\n"),
            ("bash", "cat <<EOF\necho hi\nEOF\necho hi\n"),
            ("python", "x = '''\nx = 1\n'''\nx = 1\n"),
        ];
        for round in 0..2 {
            for (lang, code) in blocks {
                let syntax = syntax_for(lang).unwrap();
                let fresh = highlight_with(code, syntax).unwrap();
                assert_eq!(highlight_lines(code, syntax).unwrap(), fresh, "{lang} {round}: {code}");
                assert_eq!(highlight(code, lang).unwrap(), fresh, "{lang} {round}: {code}");
            }
        }
    }

    #[test]
    fn unknown_language_is_none_and_css_has_both_modes() {
        assert!(highlight("x", "pbxquery").is_none());
        let css = stylesheet();
        assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"));
    }
}
