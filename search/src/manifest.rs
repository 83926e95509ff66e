//! The manifest of one language's index (`search/<lang>/manifest.txt`): the
//! first file the browser fetches. It names the build (for cache busting),
//! the sections and docs versions filters refer to, and where the sorted
//! vocabulary is cut into shards — so a query can name the few shards it
//! needs before fetching any.
//!
//! A line-based text format, so that the wasm runtime needs no JSON parser:
//!
//! ```text
//! portico-search 1
//! build 5e0c2a91
//! docs 118
//! avglen 412
//! section faq
//! version v3 latest
//! families 4:3 0:2
//! shard
//! shard e1
//! ```
//!
//! Shard `i` holds the terms from its key up to the next shard's key; the
//! first shard's key is empty.
//!
//! `families` lists the runs of consecutive pages that are one docs page in
//! several versions (the builder numbers them side by side), as `gap:length`:
//! pages skipped since the previous run ended, then the run's length. Above:
//! pages 4–6 are one page, and 7–8 another. Results show one page of a family
//! unless a version filter is chosen.

use crate::Error;

const HEADER: &str = "portico-search 1";

/// How a docs version ranks: the latest version's pages come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionRank {
    Latest,
    Older,
    Archived,
}

impl VersionRank {
    fn name(self) -> &'static str {
        match self {
            VersionRank::Latest => "latest",
            VersionRank::Older => "older",
            VersionRank::Archived => "archived",
        }
    }

    /// What a page's score is multiplied by.
    pub fn weight(self) -> f32 {
        match self {
            VersionRank::Latest => 1.0,
            VersionRank::Older => 0.7,
            VersionRank::Archived => 0.5,
        }
    }
}

/// A docs version as the index knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub name: String,
    pub rank: VersionRank,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Manifest {
    /// A hash of everything in the index; appended to shard and fragment URLs.
    pub build: String,
    pub docs: u32,
    /// Average words per page, for length normalization.
    pub avg_len: u32,
    pub sections: Vec<String>,
    pub versions: Vec<Version>,
    /// Runs of pages that are one docs page in several versions, as (first
    /// page, length), ascending and disjoint.
    pub families: Vec<(u32, u32)>,
    /// The first term (or a shorter separating prefix) of each shard, sorted.
    pub shards: Vec<String>,
}

impl Manifest {
    pub fn parse(text: &str) -> Result<Manifest, Error> {
        let bad = |msg: String| Error::Manifest(msg);
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Err(bad(format!("does not start with `{HEADER}`")));
        }
        let mut m = Manifest::default();
        for line in lines {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            let number = |v: &str| v.parse().map_err(|_| bad(format!("`{line}`: not a number")));
            match key {
                "build" => m.build = value.to_string(),
                "docs" => m.docs = number(value)?,
                "avglen" => m.avg_len = number(value)?,
                "section" => m.sections.push(value.to_string()),
                "version" => {
                    let (name, rank) = value.split_once(' ').unwrap_or((value, ""));
                    let rank = match rank {
                        "latest" => VersionRank::Latest,
                        "older" => VersionRank::Older,
                        "archived" => VersionRank::Archived,
                        _ => return Err(bad(format!("`{line}`: unknown version rank"))),
                    };
                    m.versions.push(Version {
                        name: name.to_string(),
                        rank,
                    });
                }
                "families" => {
                    let mut end = 0u32;
                    for run in value.split(' ').filter(|r| !r.is_empty()) {
                        let (gap, len) = run
                            .split_once(':')
                            .ok_or_else(|| bad(format!("family `{run}`: not gap:length")))?;
                        let (gap, len): (u32, u32) = (number(gap)?, number(len)?);
                        let start = end.checked_add(gap).filter(|_| len >= 2);
                        let Some(start) = start else {
                            return Err(bad(format!("family `{run}`: a family has at least two pages")));
                        };
                        end = start
                            .checked_add(len)
                            .ok_or_else(|| bad(format!("family `{run}`: too large")))?;
                        m.families.push((start, len));
                    }
                }
                "shard" => m.shards.push(value.to_string()),
                "" => {}
                _ => return Err(bad(format!("unknown line `{line}`"))),
            }
        }
        if m.shards.first().is_none_or(|s| !s.is_empty()) || m.shards.windows(2).any(|w| w[0] >= w[1]) {
            return Err(bad("shard keys must start with an empty key and be sorted".into()));
        }
        if m.families.last().is_some_and(|&(start, len)| start + len > m.docs) {
            return Err(bad("a family names pages beyond `docs`".into()));
        }
        Ok(m)
    }

    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{HEADER}\nbuild {}\ndocs {}\navglen {}\n",
            self.build, self.docs, self.avg_len
        );
        for s in &self.sections {
            out.push_str(&format!("section {s}\n"));
        }
        for v in &self.versions {
            out.push_str(&format!("version {} {}\n", v.name, v.rank.name()));
        }
        if !self.families.is_empty() {
            out.push_str("families");
            let mut end = 0;
            for &(start, len) in &self.families {
                out.push_str(&format!(" {}:{len}", start - end));
                end = start + len;
            }
            out.push('\n');
        }
        for s in &self.shards {
            if s.is_empty() {
                out.push_str("shard\n");
            } else {
                out.push_str(&format!("shard {s}\n"));
            }
        }
        out
    }

    /// The shard holding `term`.
    pub fn shard_of(&self, term: &str) -> usize {
        self.shards.partition_point(|k| k.as_str() <= term).saturating_sub(1)
    }

    /// The shards holding `term` (exact) or every term starting with it (prefix).
    pub fn shards_for(&self, term: &str, prefix: bool) -> std::ops::Range<usize> {
        let first = self.shard_of(term);
        if !prefix {
            return first..first + 1;
        }
        let more = self.shards[first + 1..]
            .iter()
            .take_while(|k| k.starts_with(term))
            .count();
        first..first + 1 + more
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(keys: &[&str]) -> Manifest {
        Manifest {
            build: "b".into(),
            docs: 3,
            avg_len: 10,
            sections: vec!["faq".into(), "docs".into()],
            versions: vec![Version {
                name: "v3".into(),
                rank: VersionRank::Latest,
            }],
            families: vec![(0, 2)],
            shards: keys.iter().map(|k| k.to_string()).collect(),
        }
    }

    #[test]
    fn round_trips_through_text() {
        let m = manifest(&["", "e1", "la", "lab", "q"]);
        assert_eq!(Manifest::parse(&m.to_text()).unwrap(), m);
        assert!(Manifest::parse("portico-search 1\nshard b\n").is_err());
        assert!(Manifest::parse("hello").is_err());
        let families = "portico-search 1\ndocs 9\nfamilies 4:3 0:2\nshard\n";
        assert_eq!(Manifest::parse(families).unwrap().families, [(4, 3), (7, 2)]);
        for bad in [
            "families 8:3",
            "families 1:1",
            "families x",
            "families 4294967295:2 1:2",
        ] {
            assert!(
                Manifest::parse(&format!("portico-search 1\ndocs 9\n{bad}\nshard\n")).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_prefix_needs_every_shard_its_terms_can_be_in() {
        let m = manifest(&["", "e1", "la", "lab", "lad", "q"]);
        assert_eq!(m.shards_for("dog", false), 0..1);
        assert_eq!(m.shards_for("e1042", false), 1..2);
        assert_eq!(m.shards_for("la", true), 2..5);
        assert_eq!(m.shards_for("lab", true), 3..4);
        assert_eq!(m.shards_for("l", true), 1..5);
        assert_eq!(m.shards_for("zebra", true), 5..6);
    }
}
