//! The index builder (feature `build`, so the wasm runtime does not carry
//! it): one language's pages in, that language's index files out —
//! `manifest.txt`, the shards `s/<n>.bin` and one fragment `f/<doc>.txt` per
//! page.
//!
//! The sorted vocabulary is cut into shards of about [`SHARD_BYTES`], so the
//! browser fetches only the shards holding a query's terms, however large
//! the site. Each shard is a tinysearch exact index holding Portico's own
//! terms (tinysearch's tokenizer would drop digits and split identifiers):
//! the builder inverts the pages itself, hands the result to tinysearch
//! (see [`exact_index`] for how and why), `Storage::to_bytes` serializes it
//! and libdeflate gzips it.

use crate::fragment::{clean, Fragment, Section};
use crate::keys::{self, DocKey, Field, MAX_CODE};
use crate::manifest::{Manifest, Version};
use crate::tokenize::each_term;
use crate::Error;
use hashbrown::HashTable;
use libdeflater::{CompressionLvl, Compressor};
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use serde::Serialize;
use std::borrow::Cow;
use std::cell::RefCell;
use std::hash::BuildHasher;
use std::ops::Range;
use tinysearch::{SearchIndex, Storage};

/// A shard is closed once its estimated size reaches this many bytes
/// (before gzip); a single term's postings are never split.
pub const SHARD_BYTES: usize = 8 * 1024;

/// libdeflate's level for the shards. On the 10,000-page en+ja index (50 MB
/// before gzip): level 4 took 0.50 s for 17.1 MB, 5 took 0.63 s for 14.8 MB,
/// 6 took 0.87 s for 14.4 MB, 7 took 1.69 s for 14.0 MB and 9 took 5.6 s for
/// 13.7 MB (zlib-rs at 7, before: 2.84 s for 14.8 MB). Level 5 balances the
/// two search targets: index time is the tighter one, and 3% more shard
/// bytes leave the payload well under half of Pagefind's.
const GZIP_LEVEL: i32 = 5;

/// Pages tokenized in parallel before their terms join the index.
const PAGES_AT_ONCE: usize = 256;

/// One page to index; its sections may be borrowed from the caller (a
/// large site's text is not copied twice).
#[derive(Debug, Clone, Default)]
pub struct Document<'a> {
    pub url: String,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    /// Top-level section (`faq`, `guides`, `docs`, …), for the section filter.
    pub section: String,
    /// Docs version name, for the version filter; must be one of the versions given.
    pub version: Option<String>,
    /// The version's label as readers see it (`2.x`), shown with the result.
    pub version_label: String,
    /// Pages with the same family are one docs page in several versions
    /// (any string they share, such as the latest version's URL); results
    /// show one of them unless a version filter is chosen.
    pub family: Option<String>,
    /// The page's text under each heading, in order.
    pub sections: Cow<'a, [Section]>,
}

/// A file of the index, at `path` relative to the language's index folder.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Terms of one page, each with the most prominent field it occurs in. The
/// terms' text is kept back to back in one string: a page names hundreds of
/// distinct terms, and a string each was most of the index's allocations.
struct PageTerms {
    text: String,
    terms: Vec<(Range<usize>, Field)>,
    body_words: usize,
    title_words: usize,
}

impl PageTerms {
    fn iter(&self) -> impl Iterator<Item = (&str, Field)> {
        self.terms.iter().map(|(r, f)| (&self.text[r.clone()], *f))
    }
}

/// A page's cleaned text as its fragment file, and its terms.
fn page(doc: &Document) -> (String, PageTerms) {
    let fragment = Fragment {
        url: doc.url.clone(),
        title: clean(&doc.title),
        description: clean(&doc.description),
        version: clean(&doc.version_label),
        sections: doc
            .sections
            .iter()
            .map(|s| Section {
                anchor: s.anchor.clone(),
                heading: clean(&s.heading),
                text: clean(&s.text),
            })
            .collect(),
    };
    let terms = page_terms(&fragment, &doc.keywords);
    (fragment.to_text(), terms)
}

fn page_terms(doc: &Fragment, keywords: &[String]) -> PageTerms {
    let mut text = String::new();
    let mut terms: Vec<(Range<usize>, Field)> = Vec::new();
    // Indices into `terms`, found by the text they name.
    let mut table: HashTable<usize> = HashTable::new();
    let mut put = |s: &str, field: Field| {
        let mut n = 0;
        each_term(s, |term, _, _| {
            n += 1;
            let hash = FxBuildHasher.hash_one(term);
            match table.find(hash, |&i| &text[terms[i].0.clone()] == term) {
                Some(&i) => terms[i].1 = terms[i].1.min(field),
                None => {
                    let start = text.len();
                    text.push_str(term);
                    terms.push((start..text.len(), field));
                    table.insert_unique(hash, terms.len() - 1, |&i| {
                        FxBuildHasher.hash_one(&text[terms[i].0.clone()])
                    });
                }
            }
        });
        n
    };
    let title_words = put(&doc.title, Field::Title);
    put(&doc.description, Field::Heading);
    for k in keywords {
        put(k, Field::Heading);
    }
    let mut body_words = 0;
    for s in &doc.sections {
        put(&s.heading, Field::Heading);
        body_words += put(&s.text, Field::Body);
    }
    PageTerms {
        text,
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
    // Pages are numbered by family, then in the order versions are given,
    // so each family is a run of consecutive numbers (see `families`).
    let rank = |d: &Document| {
        d.version
            .as_ref()
            .and_then(|v| versions.iter().position(|x| &x.name == v))
    };
    docs.sort_by_cached_key(|d| {
        (
            d.family.clone().unwrap_or_else(|| d.url.clone()),
            rank(d),
            d.url.clone(),
        )
    });
    let families = families(&docs);
    let mut sections: Vec<String> = docs.iter().map(|d| d.section.clone()).collect();
    sections.sort();
    sections.dedup();
    // Pages are read in parallel a chunk at a time, and each page's terms
    // move into the inverted index at once: a large site's per-page term
    // lists are never all in memory.
    let mut fragments = Vec::with_capacity(docs.len());
    let mut keys = Vec::with_capacity(docs.len());
    let mut total_words = 0;
    let mut inverted: FxHashMap<String, Vec<(u32, Field)>> = FxHashMap::default();
    for chunk in docs.chunks(PAGES_AT_ONCE) {
        let read: Vec<(String, PageTerms)> = chunk.par_iter().map(page).collect();
        for (d, (text, p)) in chunk.iter().zip(read) {
            let doc = u32::try_from(keys.len()).map_err(|_| Error::Build("too many pages".into()))?;
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
                doc,
            });
            total_words += p.body_words;
            fragments.push(text);
            for (term, field) in p.iter() {
                match inverted.get_mut(term) {
                    Some(postings) => postings.push((doc, field)),
                    None => {
                        inverted.insert(term.to_string(), vec![(doc, field)]);
                    }
                }
            }
        }
    }
    let docs_len = docs.len();
    drop(docs);
    let mut inverted: Vec<(String, Vec<(u32, Field)>)> = inverted.into_iter().collect();
    inverted.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let shards = cut_shards(&inverted, docs_len);
    let doc_keys: Vec<String> = keys.iter().map(DocKey::encode).collect();

    let mut shard_keys = Vec::new();
    let mut previous_last: Option<&str> = None;
    for shard in &shards {
        // A language with no pages yet has one empty shard.
        shard_keys.push(separator(previous_last, shard.first().map_or("", |t| t.0)));
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
    files.extend(fragments.into_iter().enumerate().map(|(i, text)| IndexFile {
        path: format!("f/{i}.txt"),
        bytes: text.into_bytes(),
    }));
    let manifest = Manifest {
        build: String::new(),
        docs: docs_len as u32,
        avg_len: (total_words / docs_len.max(1)) as u32,
        sections,
        versions: versions.to_vec(),
        families,
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

/// The runs of consecutive pages (sorted by family) sharing a family, as
/// (first page, length).
fn families(docs: &[Document]) -> Vec<(u32, u32)> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=docs.len() {
        let same = i < docs.len() && docs[i].family.is_some() && docs[i].family == docs[start].family;
        if !same {
            if i - start >= 2 {
                runs.push((start as u32, (i - start) as u32));
            }
            start = i;
        }
    }
    runs
}

type Postings<'a> = (&'a str, &'a Vec<(u32, Field)>);

/// Cuts the sorted vocabulary into runs of about [`SHARD_BYTES`], counting
/// each term, its postings and every page a shard names.
fn cut_shards(inverted: &[(String, Vec<(u32, Field)>)], docs: usize) -> Vec<Vec<Postings<'_>>> {
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
            if named_in[doc as usize] != n {
                named_in[doc as usize] = n;
                size += 8;
            }
        }
        shards[n].push((term.as_str(), postings));
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
    gzip(&exact_index(shard, doc_keys)?)
}

/// One shard as tinysearch's exact index, serialized by `Storage::to_bytes`.
///
/// The index is handed to tinysearch already inverted ([`ExactLayout`]):
/// its pages (a post each, named by its [`DocKey`]), its stored keys in
/// order and each key's posts. Going through `IndexedDocument`s instead
/// cost a string, a hash-set insert and two B-tree inserts per posting, to
/// invert again what the builder has just inverted: 27% of the index's
/// instructions.
fn exact_index(shard: &[Postings], doc_keys: &[String]) -> Result<Vec<u8>, Error> {
    // The pages the shard names, in page order (so that shards are
    // reproducible), and each one's post number.
    const NAMED: u32 = u32::MAX;
    let mut post_of = vec![0u32; doc_keys.len()];
    for &(_, postings) in shard {
        for &(doc, _) in postings {
            post_of[doc as usize] = NAMED;
        }
    }
    let mut pages = Vec::new();
    for (doc, slot) in post_of.iter_mut().enumerate().filter(|(_, slot)| **slot == NAMED) {
        *slot = pages.len() as u32;
        pages.push(doc);
    }
    let post = |doc: u32| post_of[doc as usize] as usize;
    let mut keys: Vec<(String, Vec<usize>)> = Vec::new();
    for &(term, postings) in shard {
        for field in Field::ALL {
            // Postings are in page order, each page once per term.
            let posts: Vec<usize> = postings.iter().filter(|p| p.1 == field).map(|p| post(p.0)).collect();
            if !posts.is_empty() {
                keys.push((keys::stored(field, term), posts));
            }
        }
    }
    keys.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let (terms, postings) = keys.into_iter().unzip();
    let posts = pages
        .iter()
        .map(|&doc| PostLayout {
            title: "",
            url: &doc_keys[doc],
            meta: "",
        })
        .collect();
    let layout = IndexLayout {
        data: DataLayout::Exact(ExactLayout { posts, terms, postings }),
    };
    let config = bincode::config::standard();
    let bytes = bincode::serde::encode_to_vec(&layout, config).map_err(|e| Error::Build(format!("tinysearch: {e}")))?;
    let (index, _): (SearchIndex, _) =
        bincode::serde::decode_from_slice(&bytes, config).map_err(|e| Error::Build(format!("tinysearch: {e}")))?;
    Storage::from(index)
        .to_bytes()
        .map_err(|e| Error::Build(format!("tinysearch: {e}")))
}

/// tinysearch 0.11.1's `SearchIndex`, field for field: the exact backend's
/// inverted index. tinysearch has no public constructor for it, only
/// `IndexBackend::build` from per-page term sets; its serde form is how an
/// index built elsewhere reaches it. The pin to 0.11.1 keeps the layout
/// fixed, and a test checks that shards come out byte for byte as
/// `ExactIndexBackend` builds them.
#[derive(Serialize)]
struct IndexLayout<'a> {
    data: DataLayout<'a>,
}

#[derive(Serialize)]
enum DataLayout<'a> {
    Exact(ExactLayout<'a>),
}

#[derive(Serialize)]
struct ExactLayout<'a> {
    posts: Vec<PostLayout<'a>>,
    terms: Vec<String>,
    postings: Vec<Vec<usize>>,
}

/// tinysearch's `PostId`, borrowed: a page's key is not copied for every shard.
#[derive(Serialize)]
struct PostLayout<'a> {
    title: &'a str,
    url: &'a str,
    meta: &'a str,
}

thread_local! {
    /// One compressor and output buffer per thread, allocated once rather
    /// than per shard; each shard keeps only its own bytes.
    static COMPRESSOR: RefCell<Option<(Compressor, Vec<u8>)>> = const { RefCell::new(None) };
}

fn gzip(raw: &[u8]) -> Result<Vec<u8>, Error> {
    COMPRESSOR.with_borrow_mut(|slot| {
        let (c, buffer) = match slot {
            Some(s) => s,
            None => {
                let level = CompressionLvl::new(GZIP_LEVEL).map_err(|e| Error::Build(format!("gzip: {e:?}")))?;
                slot.insert((Compressor::new(level), Vec::new()))
            }
        };
        buffer.resize(c.gzip_compress_bound(raw.len()), 0);
        let n = c
            .gzip_compress(raw, buffer)
            .map_err(|e| Error::Build(format!("gzip: {e}")))?;
        Ok(buffer[..n].to_vec())
    })
}

fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
