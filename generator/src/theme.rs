//! The theme: tera templates plus static files (CSS and JavaScript).
//!
//! The default theme (`themes/default/` in this repository) is compiled into
//! the binary, so a docs writer's CI needs only `portico`. A site may override
//! any file by placing one at the same path under `themes/<theme>/`.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{I18n, TranslateFn};
use crate::paths::UrlPath;
use std::path::{Path, PathBuf};
use std::sync::Arc;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of the default theme, by path inside the theme folder.
const DEFAULT_THEME: &[(&str, &[u8])] = embed!(
    "templates/macros.html",
    "templates/base.html",
    "templates/home.html",
    "templates/section.html",
    "templates/article.html",
    "templates/docs.html",
    "templates/docs_sidebar.html",
    "templates/docs_contents.html",
    "templates/faq_index.html",
    "templates/faq_question.html",
    "templates/faq_category.html",
    "templates/search.html",
    "templates/support.html",
    "templates/support_status.html",
    "templates/404.html",
    "templates/language_chooser.html",
    "templates/redirect.html",
    "static/assets/portico.css",
    "static/assets/portico.js",
    "static/assets/search-calls.mjs",
    "static/assets/portico-search.js",
    "static/assets/support.js",
    "static/assets/feedback.js",
    "static/assets/docs-sidebar.js",
);

pub struct Theme {
    pub tera: tera::Tera,
    /// Files published as they are, at their URL.
    pub static_files: Vec<(UrlPath, Vec<u8>)>,
}

impl Theme {
    /// Loads the configured theme over the embedded default.
    pub fn load(root: &Path, config: &Config, i18n: Arc<I18n>) -> Result<Theme, Diagnostics> {
        let dir = root.join("themes").join(&config.theme);
        if config.theme != "default" && !dir.is_dir() {
            return Err(Diagnostics::from_iter([Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!(
                    "theme `{}` not found: there is no folder themes/{}/",
                    config.theme, config.theme
                ),
            )
            .hint("create the folder, or remove `theme:` to use the built-in default theme")]));
        }
        let mut files: Vec<(String, Vec<u8>, PathBuf)> = DEFAULT_THEME
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec(), PathBuf::from(format!("themes/default/{p}"))))
            .collect();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let Ok(bytes) = std::fs::read(entry.path()) else {
                continue;
            };
            let shown = crate::diagnostics::display_path(root, entry.path());
            match files.iter_mut().find(|(p, _, _)| *p == rel) {
                Some(slot) => *slot = (rel, bytes, shown),
                None => files.push((rel, bytes, shown)),
            }
        }

        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // tera's default also escapes `/`, which bloats every URL; quotes, `&`,
        // `<` and `>` are what HTML text and quoted attributes need.
        tera.set_escape_fn(crate::markdown::escape);
        tera.register_function("t", TranslateFn(i18n));
        let mut problems = Diagnostics::new();
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        for (rel, bytes, shown) in files {
            if let Some(name) = rel.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => templates.push((name.to_string(), text, shown)),
                    Err(_) => problems.push(Diagnostic::error(shown, "template is not valid UTF-8")),
                }
            } else if let Some(path) = rel.strip_prefix("static/") {
                match UrlPath::parse_site_path(&format!("/{path}")) {
                    Ok(url) => static_files.push((url, bytes)),
                    Err(e) => problems.push(Diagnostic::error(shown, e)),
                }
            }
        }
        // Adding all at once lets templates extend and import one another in any order.
        let raw: Vec<(&str, &str)> = templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())).collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            let path = templates
                .iter()
                .find(|(n, _, _)| e.to_string().contains(n.as_str()))
                .map(|(_, _, s)| s.clone())
                .unwrap_or_else(|| dir.clone());
            problems.push(Diagnostic::error(path, error_chain(&e)).hint("fix the template syntax"));
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(Theme { tera, static_files })
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.tera.get_template_names().any(|n| n == name)
    }
}

/// tera nests the useful message inside its error's sources.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}
