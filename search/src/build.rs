//! The index builder (feature `build`, so the wasm runtime does not carry
//! it): one language's pages in, that language's index files out —
//! `manifest.txt`, the shards `s/<n>.bin` and one fragment `f/<doc>.txt` per
//! page.
//!
//! The sorted vocabulary is cut into shards of about [`SHARD_BYTES`], so the
//! browser fetches only the shards holding a query's terms, however large
//! the site. Each shard is a tinysearch index: its pages go through
//! `TinySearch::build_index_with` with a backend ([`PorticoTerms`]) that
//! supplies Portico's own terms as `IndexedDocument`s (tinysearch's tokenizer
//! would drop digits and split identifiers) and hands them to tinysearch's
//! exact backend; `Storage::to_bytes` serializes it and the builder gzips it.

use crate::fragment::{clean, Fragment, Section};
use crate::keys::{self, DocKey, Field, MAX_CODE};
use crate::manifest::{Manifest, Version};
use crate::tokenize::each_term;
use crate::Error;
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use tinysearch::{ExactIndexBackend, IndexBackend, IndexedDocument, Post, SearchIndex, Storage, TinySearch};

/// A shard is closed once its estimated size reaches this many bytes
/// (before gzip); a single term's postings are never split.
pub const SHARD_BYTES: usize = 8 * 1024;

/// One page to index.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub url: String,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    /// Top-level section (`faq`, `guides`, `docs`, …), for the section filter.
    pub section: String,
    /// Docs version name, for the version filter; must be one of the versions given.
    pub version: Option<String>,
    /// The page's text under each heading, in order.
    pub sections: Vec<Section>,
}

/// A file of the index, at `path` relative to the language's index folder.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A page as tinysearch sees it: a post whose URL is its [`DocKey`].
struct ShardPost(String);

impl Post for ShardPost {
    fn title(&self) -> &str {
        ""
    }
    fn url(&self) -> &str {
        &self.0
    }
    fn body(&self) -> Option<&str> {
        None
    }
    fn meta(&self) -> HashMap<String, String> {
        HashMap::new()
    }
}

/// A tinysearch index backend that indexes each post under Portico's terms
/// (by post URL) and builds tinysearch's exact index from them.
struct PorticoTerms {
    terms: RefCell<HashMap<String, Vec<String>>>,
}

impl IndexBackend for PorticoTerms {
    fn build(&self, documents: Vec<IndexedDocument>) -> SearchIndex {
        let mut terms = self.terms.borrow_mut();
        let mut documents: Vec<IndexedDocument> = documents
            .into_iter()
            .map(|d| {
                let own = terms.remove(&d.post.url).unwrap_or_default();
                IndexedDocument::new(d.post, own)
            })
            .collect();
        // tinysearch gathers posts in a HashMap; page order keeps shards reproducible.
        documents.sort_by_key(|d| DocKey::decode(&d.post.url).map(|k| k.doc));
        ExactIndexBackend.build(documents)
    }
}

/// Terms of one page, each with the most prominent field it occurs in.
struct PageTerms {
    terms: HashMap<String, Field>,
    body_words: usize,
    title_words: usize,
}

fn page_terms(doc: &Document) -> PageTerms {
    let mut terms: HashMap<String, Field> = HashMap::new();
    let mut put = |text: &str, field: Field| {
        let mut n = 0;
        each_term(text, |term, _, _| {
            n += 1;
            match terms.get_mut(term) {
                Some(slot) => *slot = (*slot).min(field),
                None => {
                    terms.insert(term.to_string(), field);
                }
            }
        });
        n
    };
    let title_words = put(&doc.title, Field::Title);
    put(&doc.description, Field::Heading);
    for k in &doc.keywords {
        put(k, Field::Heading);
    }
    let mut body_words = 0;
    for s in &doc.sections {
        put(&s.heading, Field::Heading);
        body_words += put(&s.text, Field::Body);
    }
    PageTerms {
        terms,
        body_words,
        title_words,
    }
}

fn code(what: &str, index: usize) -> Result<u8, Error> {
    u8::try_from(index)
        .ok()
        .filter(|&c| c <= MAX_CODE)
        .ok_or_else(|| Error::Build(format!("the search index holds at most {MAX_CODE} {what} per language")))
}

/// Builds one language's index from its pages. `versions` are the site's
/// docs versions, latest first or in any order.
pub fn build(mut docs: Vec<Document>, versions: &[Version]) -> Result<Vec<IndexFile>, Error> {
    docs.sort_by(|a, b| a.url.cmp(&b.url));
    for d in &mut docs {
        d.title = clean(&d.title);
        d.description = clean(&d.description);
        for s in &mut d.sections {
            s.heading = clean(&s.heading);
            s.text = clean(&s.text);
        }
    }
    let mut sections: Vec<String> = docs.iter().map(|d| d.section.clone()).collect();
    sections.sort();
    sections.dedup();
    let pages: Vec<PageTerms> = docs.par_iter().map(page_terms).collect();
    let mut keys = Vec::with_capacity(docs.len());
    for (i, (d, p)) in docs.iter().zip(&pages).enumerate() {
        let version = match &d.version {
            None => 0,
            Some(v) => match versions.iter().position(|x| &x.name == v) {
                Some(i) => code("docs versions", i + 1)?,
                None => return Err(Error::Build(format!("{}: unknown docs version `{v}`", d.url))),
            },
        };
        keys.push(DocKey {
            section: code("sections", sections.binary_search(&d.section).unwrap_or(0))?,
            version,
            length: DocKey::length_class(p.body_words),
            title_words: p.title_words.min(usize::from(MAX_CODE)) as u8,
            doc: u32::try_from(i).map_err(|_| Error::Build("too many pages".into()))?,
        });
    }

    let mut inverted: BTreeMap<&str, Vec<(usize, Field)>> = BTreeMap::new();
    for (doc, p) in pages.iter().enumerate() {
        for (term, &field) in &p.terms {
            inverted.entry(term.as_str()).or_default().push((doc, field));
        }
    }
    let shards = cut_shards(&inverted, docs.len());
    let doc_keys: Vec<String> = keys.iter().map(DocKey::encode).collect();

    let mut shard_keys = Vec::new();
    let mut previous_last: Option<&str> = None;
    for shard in &shards {
        shard_keys.push(separator(previous_last, shard[0].0));
        previous_last = shard.last().map(|t| t.0);
    }
    let mut files: Vec<IndexFile> = shards
        .par_iter()
        .enumerate()
        .map(|(n, shard)| {
            Ok(IndexFile {
                path: format!("s/{n}.bin"),
                bytes: shard_bytes(shard, &doc_keys)?,
            })
        })
        .collect::<Result<_, Error>>()?;
    for (i, d) in docs.iter().enumerate() {
        let fragment = Fragment {
            url: d.url.clone(),
            title: d.title.clone(),
            description: d.description.clone(),
            sections: d.sections.clone(),
        };
        files.push(IndexFile {
            path: format!("f/{i}.txt"),
            bytes: fragment.to_text().into_bytes(),
        });
    }
    let total_words: usize = pages.iter().map(|p| p.body_words).sum();
    let manifest = Manifest {
        build: String::new(),
        docs: docs.len() as u32,
        avg_len: (total_words / docs.len().max(1)) as u32,
        sections,
        versions: versions.to_vec(),
        shards: shard_keys,
    };
    let mut hash = fnv1a(manifest.to_text().as_bytes(), 0xcbf2_9ce4_8422_2325);
    for f in &files {
        hash = fnv1a(&f.bytes, hash);
    }
    let manifest = Manifest {
        build: format!("{:08x}", hash as u32 ^ (hash >> 32) as u32),
        ..manifest
    };
    files.insert(
        0,
        IndexFile {
            path: "manifest.txt".into(),
            bytes: manifest.to_text().into_bytes(),
        },
    );
    Ok(files)
}

type Postings<'a> = (&'a str, &'a Vec<(usize, Field)>);

/// Cuts the sorted vocabulary into runs of about [`SHARD_BYTES`], counting
/// each term, its postings and every page a shard names.
fn cut_shards<'a>(inverted: &'a BTreeMap<&'a str, Vec<(usize, Field)>>, docs: usize) -> Vec<Vec<Postings<'a>>> {
    let mut shards: Vec<Vec<Postings>> = vec![Vec::new()];
    let mut size = 0;
    let mut named_in = vec![usize::MAX; docs];
    for (term, postings) in inverted {
        if size >= SHARD_BYTES {
            shards.push(Vec::new());
            size = 0;
        }
        let n = shards.len() - 1;
        size += term.len() + 4 + postings.len() * 2;
        for &(doc, _) in postings {
            if named_in[doc] != n {
                named_in[doc] = n;
                size += 8;
            }
        }
        shards[n].push((term, postings));
    }
    shards
}

/// The shortest prefix of `first` that sorts after `previous` (empty for the first shard).
fn separator(previous: Option<&str>, first: &str) -> String {
    let Some(previous) = previous else {
        return String::new();
    };
    let ends = first.char_indices().map(|(i, c)| i + c.len_utf8());
    ends.map(|e| &first[..e])
        .find(|p| *p > previous)
        .unwrap_or(first)
        .to_string()
}

/// One shard as a gzipped tinysearch index. `doc_keys`: each page's encoded [`DocKey`].
fn shard_bytes(shard: &[Postings], doc_keys: &[String]) -> Result<Vec<u8>, Error> {
    let mut terms: HashMap<String, Vec<String>> = HashMap::new();
    for &(term, postings) in shard {
        let stored = Field::ALL.map(|f| keys::stored(f, term));
        for &(doc, field) in postings {
            let key = &doc_keys[doc];
            let slot = match terms.get_mut(key) {
                Some(slot) => slot,
                None => terms.entry(key.clone()).or_default(),
            };
            slot.push(stored[field as usize].clone());
        }
    }
    let posts: Vec<ShardPost> = terms.keys().cloned().map(ShardPost).collect();
    let backend = PorticoTerms {
        terms: RefCell::new(terms),
    };
    let index = TinySearch::new()
        .with_stopwords(Vec::new())
        .build_index_with(&posts, &backend)
        .map_err(|e| Error::Build(format!("tinysearch: {e}")))?;
    let raw = Storage::from(index)
        .to_bytes()
        .map_err(|e| Error::Build(format!("tinysearch: {e}")))?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(7));
    gz.write_all(&raw)
        .and_then(|_| gz.finish())
        .map_err(|e| Error::Build(format!("gzip: {e}")))
}

fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
