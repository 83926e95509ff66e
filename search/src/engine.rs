//! The query engine: given the manifest and the shards a query touches, the
//! ranked pages. The same code runs natively (tests) and in the browser (the
//! wasm runtime).
//!
//! Each shard is a tinysearch index (read by [`crate::shard`]), asked which
//! pages hold a term — exactly, or as a prefix for the word being typed — in
//! each field. Ranking is Portico's, as tinysearch only counts matching words:
//!
//! 1. **coverage** first — pages matching every part of the query come before
//!    pages matching some (an identifier counts when found as written or by
//!    all its parts; a CJK run by the share of its bigrams found);
//! 2. then a BM25-like **score**: per term, its rarity (idf) times where it
//!    occurs (title, above headings/keywords/description, above body), body
//!    matches normalized by page length, title matches higher for shorter
//!    titles, exact words above mere prefixes; older and archived docs
//!    versions are weighted down;
//! 3. then the page number (pages sorted by family and URL), so the order is
//!    stable.
//!
//! Filters (docs version, section) drop pages before ranking. Without a
//! version filter, a docs page found in several versions is one result (see
//! [`Manifest::families`]): the page of the version being read
//! ([`Filter::prefer_version`]) if it is among them, else the most current.

use crate::keys::{self, DocKey, Field};
use crate::manifest::{Manifest, VersionRank};
use crate::shard::Shard;
use crate::tokenize::{parse_query, Group, QueryTerm};
use crate::Error;

/// Restricts results to one docs version and/or one section (by name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub version: Option<String>,
    pub section: Option<String>,
    /// The docs version the reader is in: its pages rank as the latest
    /// version's do, and stand for their family. Filters nothing out.
    pub prefer_version: Option<String>,
}

/// A ranked page: its number (fragment `f/<doc>.txt`) and why it ranks there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub coverage: f32,
    pub score: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Results {
    /// Pages matching at least part of the query.
    pub total: usize,
    /// The best `limit` of them, best first.
    pub hits: Vec<Hit>,
}

/// Where one page matches one term.
#[derive(Debug, Clone, Copy)]
struct Match {
    key: DocKey,
    field: Field,
    exact: bool,
}

/// The pages holding one term: by page number, its most prominent field
/// and whether any match was the exact word (dense, for O(1) lookups).
struct Matches {
    by_doc: Vec<Option<(Field, bool)>>,
    /// Pages holding the term.
    df: usize,
}

pub struct Engine {
    manifest: Manifest,
    shards: Vec<Option<Shard>>,
}

impl Engine {
    pub fn new(manifest: Manifest) -> Engine {
        let shards = manifest.shards.iter().map(|_| None).collect();
        Engine { manifest, shards }
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Every shard the query needs, loaded or not, in order.
    pub fn shards_for(&self, query: &str) -> Vec<usize> {
        let mut needed = vec![false; self.shards.len()];
        for t in parse_query(query).iter().flat_map(Group::terms) {
            for s in self.manifest.shards_for(&t.term, t.prefix) {
                needed[s] = true;
            }
        }
        (0..needed.len()).filter(|&s| needed[s]).collect()
    }

    /// The shards the query needs that are not loaded yet.
    pub fn missing_shards(&self, query: &str) -> Vec<usize> {
        let mut needed = self.shards_for(query);
        needed.retain(|&s| self.shards[s].is_none());
        needed
    }

    pub fn load_shard(&mut self, shard: usize, bytes: &[u8]) -> Result<(), Error> {
        let slot = self
            .shards
            .get_mut(shard)
            .ok_or_else(|| Error::Shard(shard, "no such shard in the manifest".into()))?;
        *slot = Some(Shard::parse(bytes).map_err(|e| Error::Shard(shard, e))?);
        Ok(())
    }

    /// The best `limit` pages for `query`. Shards not loaded are skipped.
    pub fn search(&self, query: &str, filter: &Filter, limit: usize) -> Results {
        let groups = parse_query(query);
        let Some(accept) = self.filter_codes(filter) else {
            return Results::default();
        };
        let terms: Vec<&QueryTerm> = groups.iter().flat_map(Group::terms).collect();
        let mut pages: Vec<Option<DocKey>> = vec![None; self.manifest.docs as usize];
        let mut candidates: Vec<u32> = Vec::new();
        let matches: Vec<Matches> = terms
            .iter()
            .map(|t| self.lookup(t, &accept, &mut pages, &mut candidates))
            .collect();
        let idf: Vec<f32> = matches.iter().map(|m| self.idf(m.df)).collect();
        // Each group's terms as indexes into `terms`, found once per query, not per page.
        let found = |t: &QueryTerm| terms.iter().position(|x| *x == t);
        let group_terms: Vec<(Option<usize>, Vec<usize>)> = groups
            .iter()
            .map(|g| {
                (
                    g.whole.as_ref().and_then(found),
                    g.parts.iter().filter_map(found).collect(),
                )
            })
            .collect();
        let prefer = self.version_code(&filter.prefer_version);
        let mut hits: Vec<Hit> = candidates
            .iter()
            .filter_map(|&doc| pages[doc as usize].map(|key| (doc, key)))
            .map(|(doc, key)| {
                let (mut coverage, mut score) = (0.0, 0.0);
                for (g, (whole, parts_of)) in groups.iter().zip(&group_terms) {
                    let term_score = |&i: &usize| {
                        let (field, exact) = matches[i].by_doc[doc as usize]?;
                        Some(idf[i] * self.weight(&Match { key, field, exact }))
                    };
                    let whole = whole.as_ref().and_then(term_score);
                    let (mut parts, mut parts_sum) = (0usize, 0.0f32);
                    for p in parts_of.iter().filter_map(term_score) {
                        parts += 1;
                        parts_sum += p;
                    }
                    coverage += match whole {
                        Some(_) => 1.0,
                        None if g.parts.is_empty() => 0.0,
                        None => parts as f32 / g.parts.len() as f32,
                    };
                    score += whole.unwrap_or(0.0).max(parts_sum);
                }
                let weight = if prefer.is_some() && prefer == Some(key.version) {
                    1.0
                } else {
                    self.version_weight(key)
                };
                Hit {
                    doc,
                    coverage,
                    score: score * weight,
                }
            })
            .collect();
        if filter.version.is_none() && !self.manifest.families.is_empty() {
            hits = self.one_per_family(hits, &pages, prefer);
        }
        let order = |a: &Hit, b: &Hit| {
            b.coverage
                .total_cmp(&a.coverage)
                .then(b.score.total_cmp(&a.score))
                .then(a.doc.cmp(&b.doc))
        };
        let total = hits.len();
        // Only the best `limit` need sorting; a common term can match most pages.
        if limit < hits.len() {
            hits.select_nth_unstable_by(limit, order);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(order);
        Results { total, hits }
    }

    /// A family's hits as one: the member of the preferred version, else of
    /// the most current version, ranked by the best of the members.
    fn one_per_family(&self, hits: Vec<Hit>, pages: &[Option<DocKey>], prefer: Option<u8>) -> Vec<Hit> {
        // Lower stands for the family: the preferred version, then the
        // versions in the order given (latest first, as the builder writes them).
        let standing = |doc: u32| {
            let version = pages[doc as usize].map_or(0, |k| k.version);
            let rank = version
                .checked_sub(1)
                .and_then(|v| self.manifest.versions.get(usize::from(v)))
                .map(|v| v.rank);
            let current = match rank {
                Some(VersionRank::Latest) => 0,
                Some(VersionRank::Older) => 1,
                Some(VersionRank::Archived) => 2,
                None => 3,
            };
            (prefer != Some(version), current, version)
        };
        let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
        let mut slots: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
        for hit in hits {
            let Some(head) = self.family_of(hit.doc) else {
                out.push(hit);
                continue;
            };
            match slots.get(&head) {
                None => {
                    slots.insert(head, out.len());
                    out.push(hit);
                }
                Some(&i) => {
                    let kept = out[i];
                    let doc = if standing(hit.doc) < standing(kept.doc) {
                        hit.doc
                    } else {
                        kept.doc
                    };
                    out[i] = Hit {
                        doc,
                        coverage: kept.coverage.max(hit.coverage),
                        score: kept.score.max(hit.score),
                    };
                }
            }
        }
        out
    }

    /// The first page of the family `doc` belongs to, if it is in one.
    fn family_of(&self, doc: u32) -> Option<u32> {
        let families = &self.manifest.families;
        let i = families.partition_point(|&(start, _)| start <= doc).checked_sub(1)?;
        let (start, len) = families[i];
        (doc < start + len).then_some(start)
    }

    /// The code pages of a version carry (1 + its index), if it is one of the manifest's.
    fn version_code(&self, name: &Option<String>) -> Option<u8> {
        let name = name.as_ref()?;
        let i = self.manifest.versions.iter().position(|v| &v.name == name)?;
        u8::try_from(i + 1).ok()
    }

    /// The section and version codes a filter lets through (`None`: nothing can match).
    fn filter_codes(&self, filter: &Filter) -> Option<(Option<u8>, Option<u8>)> {
        let code = |names: Vec<&String>, wanted: &Option<String>, offset: u8| match wanted {
            None => Some(None),
            Some(w) => names.iter().position(|n| *n == w).map(|i| Some(i as u8 + offset)),
        };
        let section = code(self.manifest.sections.iter().collect(), &filter.section, 0)?;
        let version = code(
            self.manifest.versions.iter().map(|v| &v.name).collect(),
            &filter.version,
            1,
        )?;
        Some((section, version))
    }

    /// Every page holding `term` in any field (its most prominent), filtered;
    /// pages seen for the first time are noted in `pages` and `candidates`.
    fn lookup(
        &self,
        term: &QueryTerm,
        &(section, version): &(Option<u8>, Option<u8>),
        pages: &mut [Option<DocKey>],
        candidates: &mut Vec<u32>,
    ) -> Matches {
        let accepts = |k: &DocKey| section.is_none_or(|s| s == k.section) && version.is_none_or(|v| v == k.version);
        let mut by_doc: Vec<Option<(Field, bool)>> = vec![None; pages.len()];
        let mut df = 0;
        for shard in self.manifest.shards_for(&term.term, term.prefix) {
            let Some(shard) = &self.shards[shard] else {
                continue;
            };
            for field in Field::ALL {
                let key = keys::lookup(field, &term.term, term.prefix);
                for (page, stored) in shard.pages_with(&key) {
                    let doc = page.doc as usize;
                    if doc >= pages.len() || !accepts(page) {
                        continue;
                    }
                    if pages[doc].is_none() {
                        pages[doc] = Some(*page);
                        candidates.push(page.doc);
                    }
                    let exact = keys::is_exact(stored, &key);
                    by_doc[doc] = Some(match by_doc[doc] {
                        None => {
                            df += 1;
                            (field, exact)
                        }
                        // Fields come most prominent first: keep the field, note exactness.
                        Some((f, e)) => (f, e || exact),
                    });
                }
            }
        }
        Matches { by_doc, df }
    }

    /// BM25's idf for a term found on `df` pages.
    fn idf(&self, df: usize) -> f32 {
        let n = self.manifest.docs.max(1) as f32;
        let df = df as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// What one match is worth before idf.
    fn weight(&self, m: &Match) -> f32 {
        let field = match m.field {
            Field::Title => 6.0 + 6.0 / f32::from(m.key.title_words.max(1)),
            Field::Heading => 3.0,
            Field::Body => {
                let len = (1u64 << m.key.length) as f32 * 0.75;
                let avg = self.manifest.avg_len.max(1) as f32;
                1.0 / (0.6 + 0.4 * len / avg)
            }
        };
        if m.exact {
            field
        } else {
            field * 0.6
        }
    }

    fn version_weight(&self, key: DocKey) -> f32 {
        match key.version.checked_sub(1) {
            Some(v) => self
                .manifest
                .versions
                .get(usize::from(v))
                .map_or(1.0, |v| v.rank.weight()),
            None => 1.0,
        }
    }
}
