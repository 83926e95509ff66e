//! The search tokenizer and query path: any text as a query is tokenized,
//! parsed and run against a small index built at start-up (English,
//! Japanese, identifiers, versions), then excerpted from each hit's page.
//! Must never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use portico_search::build::{build, Document};
use portico_search::engine::{Engine, Filter};
use portico_search::excerpt::excerpt;
use portico_search::fragment::{Fragment, Section};
use portico_search::manifest::{Manifest, Version, VersionRank};
use portico_search::tokenize::{parse_query, tokens};
use std::io::Read;
use std::sync::OnceLock;

struct Index {
    engine: Engine,
    fragments: Vec<Fragment>,
}

fn doc(url: &str, title: &str, section: &str, version: Option<&str>, text: &str) -> Document<'static> {
    Document {
        url: url.into(),
        title: title.into(),
        description: format!("About {title}"),
        keywords: vec!["parcel".into(), "E0382".into()],
        section: section.into(),
        version: version.map(str::to_string),
        version_label: version.map(|v| format!("{v} label")).unwrap_or_default(),
        // The same page across versions: a family per URL without its version.
        family: version.map(|v| url.replace(&format!("/{v}/"), "/")),
        sections: vec![
            Section {
                anchor: String::new(),
                heading: String::new(),
                text: text.into(),
            },
            Section {
                anchor: "more".into(),
                heading: "More 詳細".into(),
                text: format!("{text} Iterator::next 2.4.1"),
            },
        ]
        .into(),
    }
}

fn index() -> Index {
    let versions = vec![
        Version {
            name: "v2".into(),
            rank: VersionRank::Latest,
        },
        Version {
            name: "v1".into(),
            rank: VersionRank::Older,
        },
    ];
    let docs = vec![
        doc(
            "/en/faq/void/",
            "Can I void a label?",
            "faq",
            None,
            "Void unused labels within 30 days.",
        ),
        doc(
            "/en/docs/v2/api/errors/",
            "Errors",
            "docs",
            Some("v2"),
            "Error E0382 means the token expired. Retry-After: 30",
        ),
        doc(
            "/en/docs/v1/api/errors/",
            "Errors (old)",
            "docs",
            Some("v1"),
            "Version 2.4.1 fixed Iterator::next.",
        ),
        doc(
            "/ja/guides/track/",
            "荷物を追跡する",
            "guides",
            None,
            "追跡番号を入力してください。ひらがなとカタカナ。",
        ),
        doc(
            "/en/guides/ship/",
            "Ship a parcel",
            "guides",
            None,
            "Print the label, pack the parcel, drop it off.",
        ),
    ];
    let files = build(docs, &versions).unwrap();
    let file = |p: &str| files.iter().find(|f| f.path == p).map(|f| f.bytes.clone());
    let manifest = Manifest::parse(std::str::from_utf8(&file("manifest.txt").unwrap()).unwrap()).unwrap();
    let mut engine = Engine::new(manifest);
    let mut fragments = Vec::new();
    for f in &files {
        if let Some(n) = f.path.strip_prefix("s/").and_then(|p| p.strip_suffix(".bin")) {
            let mut raw = Vec::new();
            if flate2::read::GzDecoder::new(&f.bytes[..])
                .read_to_end(&mut raw)
                .is_err()
            {
                raw = f.bytes.clone();
            }
            engine.load_shard(n.parse().unwrap(), &raw).unwrap();
        }
    }
    for doc in 0.. {
        match file(&format!("f/{doc}.txt")) {
            Some(bytes) => fragments.push(Fragment::parse(std::str::from_utf8(&bytes).unwrap()).unwrap()),
            None => break,
        }
    }
    Index { engine, fragments }
}

static INDEX: OnceLock<Index> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(query) = std::str::from_utf8(data) else { return };
    let ix = INDEX.get_or_init(index);
    for t in tokens(query) {
        assert!(
            t.start <= t.end && t.end <= query.len(),
            "token {t:?} outside the query"
        );
    }
    let _ = parse_query(query);
    let _ = ix.engine.shards_for(query);
    for filter in [
        Filter::default(),
        Filter {
            version: Some("v1".into()),
            section: Some("docs".into()),
            prefer_version: None,
        },
        Filter {
            prefer_version: Some("v1".into()),
            ..Filter::default()
        },
    ] {
        let results = ix.engine.search(query, &filter, 10);
        for hit in &results.hits {
            let fragment = &ix.fragments[hit.doc as usize];
            let e = excerpt(fragment, query);
            let _ = e;
        }
    }
});
