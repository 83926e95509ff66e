//! The translation report of `portico check`: pages missing in a language,
//! and translations older than their source (the source's `lastmod` or last
//! git commit is newer than the translation's).
//!
//! The source of a group of translations is its page in the default language;
//! a group without one is reported as missing in the default language.

use crate::config::Config;
use crate::graph::{NodeId, SiteGraph};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Default, Serialize)]
pub struct TranslationReport {
    pub source_language: String,
    pub missing: Vec<Missing>,
    pub stale: Vec<Stale>,
}

/// A page with no translation in `language`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Missing {
    pub language: String,
    /// The file that exists (the source, or another translation).
    pub source: PathBuf,
    pub url: String,
}

/// A translation updated before its source last changed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stale {
    pub language: String,
    pub page: PathBuf,
    pub updated: String,
    pub source: PathBuf,
    pub source_updated: String,
}

impl TranslationReport {
    pub fn build(config: &Config, graph: &SiteGraph) -> TranslationReport {
        let mut report = TranslationReport {
            source_language: config.default_language.clone(),
            ..TranslationReport::default()
        };
        let mut seen = vec![false; graph.nodes.len()];
        for id in 0..graph.nodes.len() {
            if seen[id] || graph.node(id).page.source.is_generated() {
                continue; // already grouped, or a generated section page
            }
            let mut group: Vec<NodeId> = graph.node(id).translations.clone();
            group.push(id);
            group.sort();
            group.iter().for_each(|&n| seen[n] = true);
            let lang_of = |n: NodeId| graph.node(n).page.source.lang.as_str();
            let source = group
                .iter()
                .copied()
                .find(|&n| lang_of(n) == config.default_language)
                .unwrap_or(group[0]);
            for l in &config.languages {
                if !group.iter().any(|&n| lang_of(n) == l.code) {
                    report.missing.push(Missing {
                        language: l.code.clone(),
                        source: graph.node(source).page.source.shown.clone(),
                        url: graph.node(source).url.to_string(),
                    });
                }
            }
            let source_updated = graph.node(source).updated;
            for &n in group.iter().filter(|&&n| n != source) {
                let updated = graph.node(n).updated;
                if let (Some(src), Some(tr)) = (source_updated, updated) {
                    if tr < src {
                        report.stale.push(Stale {
                            language: lang_of(n).to_string(),
                            page: graph.node(n).page.source.shown.clone(),
                            updated: tr.to_string(),
                            source: graph.node(source).page.source.shown.clone(),
                            source_updated: src.to_string(),
                        });
                    }
                }
            }
        }
        report.missing.sort();
        report.stale.sort();
        report
    }

    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.stale.is_empty()
    }

    /// A plain-text table for the terminal.
    pub fn table(&self) -> String {
        let mut rows: Vec<[String; 4]> = vec![["LANGUAGE".into(), "STATUS".into(), "PAGE".into(), "DETAIL".into()]];
        for m in &self.missing {
            rows.push([
                m.language.clone(),
                "missing".into(),
                m.source.display().to_string(),
                format!("no {} version of {}", m.language, m.url),
            ]);
        }
        for s in &self.stale {
            rows.push([
                s.language.clone(),
                "stale".into(),
                s.page.display().to_string(),
                format!(
                    "updated {}; {} changed {}",
                    s.updated,
                    s.source.display(),
                    s.source_updated
                ),
            ]);
        }
        let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
        let widths = [width(0), width(1), width(2)];
        let mut out = format!(
            "Translations (source language: {}): {} missing, {} stale\n",
            self.source_language,
            self.missing.len(),
            self.stale.len()
        );
        for r in &rows {
            let mut line = String::new();
            for (i, w) in widths.iter().enumerate() {
                line.push_str(&r[i]);
                line.push_str(&" ".repeat(w - r[i].chars().count() + 2));
            }
            line.push_str(&r[3]);
            out.push_str("  ");
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}
