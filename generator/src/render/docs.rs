//! What docs pages show beyond an article (besides the sidebar, see
//! `sidebar.rs`): the version switcher, the banner of older versions and their canonical link.

use super::view::*;
use super::Renderer;
use crate::graph::NodeId;

pub(super) fn version_view(d: &crate::config::DocsVersion) -> VersionView {
    VersionView {
        name: d.name.clone(),
        label: d.label.clone(),
        latest: d.latest,
        archived: d.archived,
        unreleased: d.unreleased,
    }
}

/// The version switcher, the latest-version link of the banner, the
/// canonical link (older versions point at the latest equivalent) and
/// `noindex` for unreleased versions.
pub(super) fn fill_versions(r: &Renderer, id: NodeId, view: &mut View) {
    let g = r.graph;
    let Some(own) = g.node(id).version.as_deref() else {
        return;
    };
    let targets = g.versions.targets(id);
    view.versions = r
        .config
        .docs
        .versions
        .iter()
        .filter_map(|v| {
            let (url, exact) = if v.name == own {
                (g.node(id).url.to_string(), true)
            } else {
                let t = targets.iter().find(|t| t.version == v.name)?;
                (g.node(t.node).url.to_string(), t.exact)
            };
            Some(VersionLinkView {
                version: version_view(v),
                url,
                exact,
                current: v.name == own,
            })
        })
        .collect();
    if view.versions.len() < 2 {
        view.versions.clear();
    }
    view.latest_version_url = view
        .versions
        .iter()
        .find(|v| v.version.latest && !v.current)
        .map(|v| v.url.clone());
    let canonical = crate::graph::versions::canonical(r.config, g, id);
    view.canonical = r.config.permalink(&g.node(canonical).url);
    if crate::graph::versions::is_unreleased(r.config, g, id) {
        view.noindex = true;
    }
}
