//! The builder and the engine together: a small help center indexed, then
//! queried the way the browser does it (manifest, the shards a query needs,
//! ranked pages, a fragment per result).

use crate::build::{build, Document, IndexFile, SHARD_BYTES};
use crate::engine::{Engine, Filter};
use crate::excerpt::excerpt;
use crate::fragment::{Fragment, Section};
use crate::manifest::{Manifest, Version, VersionRank};
use std::io::Read;

fn gunzip(gz: &[u8]) -> Vec<u8> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(gz).read_to_end(&mut raw).unwrap();
    raw
}

fn section(anchor: &str, heading: &str, text: &str) -> Section {
    Section {
        anchor: anchor.into(),
        heading: heading.into(),
        text: text.into(),
    }
}

fn doc(url: &str, title: &str, section_name: &str, version: Option<&str>, sections: Vec<Section>) -> Document<'static> {
    Document {
        url: url.into(),
        title: title.into(),
        section: section_name.into(),
        version: version.map(str::to_string),
        sections: sections.into(),
        ..Document::default()
    }
}

fn versions() -> Vec<Version> {
    vec![
        Version {
            name: "v3".into(),
            rank: VersionRank::Latest,
        },
        Version {
            name: "v2".into(),
            rank: VersionRank::Older,
        },
    ]
}

fn corpus() -> Vec<Document<'static>> {
    vec![
        doc(
            "/en/faq/void-label/",
            "Can I void a label and get a refund?",
            "faq",
            None,
            vec![section(
                "",
                "",
                "Void unused labels within 30 days to get the postage back.",
            )],
        ),
        doc(
            "/en/docs/v3/api/errors/",
            "Errors",
            "docs",
            Some("v3"),
            vec![
                section("", "", "Every error has a code."),
                section(
                    "codes",
                    "Error codes",
                    "E1042 means the street number is missing. E1429 means slow down.",
                ),
            ],
        ),
        doc(
            "/en/docs/v2/api/errors/",
            "Errors",
            "docs",
            Some("v2"),
            vec![section(
                "codes",
                "Error codes",
                "E1042 means the street number is missing.",
            )],
        ),
        doc(
            "/en/guides/labels/",
            "Print labels in bulk",
            "guides",
            None,
            vec![
                section(
                    "",
                    "",
                    "Upload a CSV file and print every label at once with pbx 2.4.1.",
                ),
                section("refunds", "Refunds", "A voided label is refunded."),
            ],
        ),
        doc(
            "/en/guides/rust/",
            "Rust client",
            "guides",
            None,
            vec![section(
                "",
                "",
                "Call Iterator::next on the pages of results. The refund arrives later.",
            )],
        ),
        doc(
            "/ja/faq/void-label/",
            "ラベルを無効化して返金を受けることはできますか?",
            "faq",
            None,
            vec![section(
                "",
                "",
                "未使用のラベルは 30 日以内なら無効化でき、送料が返金されます。",
            )],
        ),
    ]
}

/// Index files by path, with an engine that loads shards on demand.
struct Site {
    files: Vec<IndexFile>,
    engine: Engine,
}

impl Site {
    fn new(docs: Vec<Document>) -> Site {
        let files = build(docs, &versions()).unwrap();
        let manifest = Manifest::parse(std::str::from_utf8(&Site::file(&files, "manifest.txt")).unwrap()).unwrap();
        Site {
            files,
            engine: Engine::new(manifest),
        }
    }

    fn file(files: &[IndexFile], path: &str) -> Vec<u8> {
        files.iter().find(|f| f.path == path).unwrap().bytes.clone()
    }

    /// Result URLs, best first, loading the shards the query needs.
    fn search(&mut self, query: &str, filter: &Filter) -> Vec<String> {
        for shard in self.engine.missing_shards(query) {
            let raw = gunzip(&Site::file(&self.files, &format!("s/{shard}.bin")));
            self.engine.load_shard(shard, &raw).unwrap();
        }
        let results = self.engine.search(query, filter, 10);
        results.hits.iter().map(|h| self.fragment(h.doc).url).collect()
    }

    fn fragment(&self, doc: u32) -> Fragment {
        let bytes = Site::file(&self.files, &format!("f/{doc}.txt"));
        Fragment::parse(std::str::from_utf8(&bytes).unwrap()).unwrap()
    }
}

#[test]
fn title_matches_rank_above_body_matches_and_all_terms_above_some() {
    let mut site = Site::new(corpus());
    let found = site.search("refund", &Filter::default());
    assert_eq!(found[0], "/en/faq/void-label/", "{found:?}");
    assert_eq!(
        found[1], "/en/guides/labels/",
        "a heading outranks body text: {found:?}"
    );
    assert_eq!(found[2], "/en/guides/rust/", "{found:?}");
    let found = site.search("void refund", &Filter::default());
    assert_eq!(found[..2], ["/en/faq/void-label/", "/en/guides/labels/"], "{found:?}");
    assert_eq!(found[2], "/en/guides/rust/", "one term of two comes last: {found:?}");
}

#[test]
fn identifiers_are_found_as_typed_and_by_their_parts() {
    let mut site = Site::new(corpus());
    assert_eq!(site.search("E1042", &Filter::default())[0], "/en/docs/v3/api/errors/");
    assert_eq!(site.search("2.4.1", &Filter::default()), ["/en/guides/labels/"]);
    assert_eq!(site.search("iterator::next", &Filter::default()), ["/en/guides/rust/"]);
    assert_eq!(site.search("Iterator", &Filter::default()), ["/en/guides/rust/"]);
    assert!(site.search("E1043", &Filter::default()).is_empty());
}

#[test]
fn the_latest_docs_version_wins_a_tie_and_filters_narrow_results() {
    let mut site = Site::new(corpus());
    assert_eq!(
        site.search("errors", &Filter::default())[..2],
        ["/en/docs/v3/api/errors/", "/en/docs/v2/api/errors/"]
    );
    let v2 = Filter {
        version: Some("v2".into()),
        ..Filter::default()
    };
    assert_eq!(site.search("E1042", &v2), ["/en/docs/v2/api/errors/"]);
    let guides = Filter {
        section: Some("guides".into()),
        ..Filter::default()
    };
    assert_eq!(
        site.search("refund", &guides),
        ["/en/guides/labels/", "/en/guides/rust/"]
    );
    let nowhere = Filter {
        section: Some("blog".into()),
        ..Filter::default()
    };
    assert!(site.search("refund", &nowhere).is_empty());
}

/// The corpus with its two errors pages marked as one page in two versions.
fn corpus_with_families() -> Vec<Document<'static>> {
    corpus()
        .into_iter()
        .map(|mut d| {
            if d.url.ends_with("/api/errors/") {
                d.family = Some("/en/docs/v3/api/errors/".into());
                d.version_label = format!("{}.x", &d.version.as_deref().unwrap()[1..]);
            }
            d
        })
        .collect()
}

#[test]
fn a_page_in_several_versions_is_one_result_unless_a_version_is_chosen() {
    let mut site = Site::new(corpus_with_families());
    let all = site.search("errors", &Filter::default());
    assert_eq!(
        all,
        ["/en/docs/v3/api/errors/"],
        "the latest version stands for the page"
    );
    let results = site.engine.search("errors", &Filter::default(), 10);
    assert_eq!(results.total, 1, "the total counts pages, not versions");
    assert_eq!(site.fragment(results.hits[0].doc).version, "3.x");

    let reading_v2 = Filter {
        prefer_version: Some("v2".into()),
        ..Filter::default()
    };
    assert_eq!(site.search("errors", &reading_v2), ["/en/docs/v2/api/errors/"]);
    // Text only v3 has still finds v3's page: preferring filters nothing out.
    assert_eq!(site.search("E1429", &reading_v2), ["/en/docs/v3/api/errors/"]);
    assert_eq!(site.search("refund", &reading_v2).len(), 3);

    let v2 = Filter {
        version: Some("v2".into()),
        ..Filter::default()
    };
    assert_eq!(site.search("errors", &v2), ["/en/docs/v2/api/errors/"]);
    let manifest = String::from_utf8(Site::file(&site.files, "manifest.txt")).unwrap();
    assert!(manifest.contains("\nfamilies "), "{manifest}");
}

#[test]
fn search_as_you_type_matches_prefixes_from_the_second_character() {
    let mut site = Site::new(corpus());
    assert!(site.search("r", &Filter::default()).is_empty());
    assert!(site
        .search("ru", &Filter::default())
        .contains(&"/en/guides/rust/".to_string()));
    assert_eq!(site.search("E104", &Filter::default())[0], "/en/docs/v3/api/errors/");
    assert_eq!(site.search("void ref", &Filter::default())[0], "/en/faq/void-label/");
    assert!(
        site.search("ref ", &Filter::default()).is_empty(),
        "a finished word is not a prefix"
    );
}

#[test]
fn japanese_is_found_by_bigrams_and_single_characters() {
    let mut site = Site::new(corpus());
    assert_eq!(site.search("返金", &Filter::default()), ["/ja/faq/void-label/"]);
    assert_eq!(site.search("無効化 返金", &Filter::default()), ["/ja/faq/void-label/"]);
    assert_eq!(site.search("券", &Filter::default()), Vec::<String>::new());
    assert_eq!(site.search("送", &Filter::default()), ["/ja/faq/void-label/"]);
}

#[test]
fn the_order_is_the_same_every_time() {
    let a = Site::new(corpus()).search("label", &Filter::default());
    let mut reversed = corpus();
    reversed.reverse();
    assert_eq!(Site::new(reversed).search("label", &Filter::default()), a);
    assert_eq!(
        build(corpus(), &versions())
            .unwrap()
            .iter()
            .map(|f| &f.bytes)
            .collect::<Vec<_>>(),
        build(corpus(), &versions())
            .unwrap()
            .iter()
            .map(|f| &f.bytes)
            .collect::<Vec<_>>(),
        "builds are reproducible"
    );
}

#[test]
fn excerpts_come_from_the_fetched_fragment() {
    let mut site = Site::new(corpus());
    site.search("E1042", &Filter::default());
    let e = excerpt(&site.fragment(1), "E1042");
    assert_eq!(e.url, "/en/docs/v3/api/errors/#codes");
    assert_eq!(e.heading, "Error codes");
    assert!(e.html.starts_with("<mark>E1042</mark> means"), "{}", e.html);
}

#[test]
fn a_large_vocabulary_is_split_into_shards_a_query_fetches_few_of() {
    let docs: Vec<Document> = (0..300)
        .map(|i| {
            let words: String = (0..60).map(|w| format!("w{}x{} ", i, w)).collect();
            doc(
                &format!("/en/guides/p{i:03}/"),
                &format!("Page {i}"),
                "guides",
                None,
                vec![section("", "", &words)],
            )
        })
        .collect();
    let mut site = Site::new(docs);
    let shards = site.engine.manifest().shards.len();
    assert!(shards > 10, "{shards} shards");
    assert!(site
        .files
        .iter()
        .filter(|f| f.path.starts_with("s/"))
        .all(|f| f.bytes.len() < SHARD_BYTES));
    assert_eq!(site.engine.shards_for("w123x7").len(), 1);
    assert_eq!(site.search("w123x7", &Filter::default()), ["/en/guides/p123/"]);
    assert!(site.engine.shards_for("w1").len() > 1, "a short prefix spans shards");
}

#[test]
fn the_shard_reader_agrees_with_tinysearch_on_every_term() {
    let mut docs = corpus();
    docs.extend((0..40).map(|i| {
        doc(
            &format!("/en/guides/g{i}/"),
            &format!("Guide {i} v{i}.{i}"),
            "guides",
            None,
            vec![section("", "", &format!("e{i}0{i} label{i} 返金{i} refund"))],
        )
    }));
    let files = build(docs, &versions()).unwrap();
    let mut checked = 0;
    for f in files.iter().filter(|f| f.path.starts_with("s/")) {
        let raw = gunzip(&f.bytes);
        let ours = crate::shard::Shard::parse(&raw).unwrap();
        let theirs = tinysearch::Storage::from_bytes(&raw).unwrap().filters;
        for key in ours.keys() {
            let prefix: String = key.chars().take(3).collect();
            for k in [key, prefix.as_str()] {
                let mut a: Vec<String> = ours.pages_with(k).map(|(d, _)| d.encode()).collect();
                let mut b: Vec<String> = tinysearch::search(&theirs, k, usize::MAX)
                    .iter()
                    .map(|p| p.url.clone())
                    .collect();
                a.sort();
                a.dedup();
                b.sort();
                assert_eq!(a, b, "{} key {k}", f.path);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn shards_are_byte_for_byte_what_tinysearchs_exact_backend_builds() {
    // The builder hands tinysearch an index it has inverted itself; from the
    // same pages and terms, tinysearch's own backend must write the same bytes.
    use tinysearch::{ExactIndexBackend, IndexBackend, IndexedDocument, PostId, Storage};
    let mut docs = corpus();
    docs.extend((0..300).map(|i| {
        let words: String = (0..40).map(|w| format!("w{}x{} 返金{w} ", i % 70, w)).collect();
        let heading = format!("w{}x1 setup", i % 50);
        doc(
            &format!("/en/guides/p{i:03}/"),
            &format!("Page {i} w{}x2", i % 30),
            "guides",
            None,
            vec![section("a", &heading, &words)],
        )
    }));
    let files = build(docs, &versions()).unwrap();
    let mut shards = 0;
    for f in files.iter().filter(|f| f.path.starts_with("s/")) {
        let raw = gunzip(&f.bytes);
        let shard = crate::shard::Shard::parse(&raw).unwrap();
        let mut pages: std::collections::BTreeMap<u32, (String, Vec<String>)> = Default::default();
        for key in shard.keys() {
            for (page, _) in shard.pages_with(key) {
                let entry = pages.entry(page.doc).or_insert_with(|| (page.encode(), Vec::new()));
                entry.1.push(key.to_string());
            }
        }
        let documents = pages
            .into_values()
            .map(|(url, terms)| {
                let post = PostId {
                    title: String::new(),
                    url,
                    meta: String::new(),
                };
                IndexedDocument::new(post, terms)
            })
            .collect();
        let theirs = Storage::from(ExactIndexBackend.build(documents)).to_bytes().unwrap();
        assert!(theirs == raw, "{} differs", f.path);
        shards += 1;
    }
    assert!(shards > 10, "{shards}");
}

#[test]
fn a_language_with_no_pages_gets_an_index_that_finds_nothing() {
    let files = build(Vec::new(), &versions()).unwrap();
    let manifest_file = files.iter().find(|f| f.path == "manifest.txt").unwrap();
    let manifest = Manifest::parse(std::str::from_utf8(&manifest_file.bytes).unwrap()).unwrap();
    let mut engine = Engine::new(manifest);
    for shard in engine.missing_shards("refund label") {
        let file = files.iter().find(|f| f.path == format!("s/{shard}.bin")).unwrap();
        engine.load_shard(shard, &gunzip(&file.bytes)).unwrap();
    }
    let found = engine.search("refund label", &Filter::default(), 10);
    assert_eq!(found.total, 0);
    assert!(found.hits.is_empty());
}
