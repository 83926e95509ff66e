//! Reading a shard in the browser: tinysearch's exact-index storage format
//! (as `Storage::to_bytes` of tinysearch 0.11 writes it), decoded directly.
//!
//! Why not `Storage::from_bytes` and `tinysearch::search` at run time: they
//! bring bincode, serde's error formatting (with float printing) and
//! tinysearch's own query tokenizer into the wasm module, which made it 62 KB
//! gzipped instead of about 35 KB — most of the payload budget a search box
//! has. The format is small and stable (a magic string with a version byte),
//! the dependency is pinned, and `tests` checks that this reader and
//! tinysearch's own lookup agree on every term of real shards.
//!
//! Layout: `tinysearch\x02`, then (LEB128 lengths) the posts as bincode
//! (standard config: a `Vec<PostId>` of three strings each), the term count,
//! the vocabulary (sorted terms, each ending in `\n`), and per term its
//! posting list: a count and delta-coded post numbers.

use crate::keys::DocKey;

const MAGIC: &[u8] = b"tinysearch\x02";

/// A loaded shard: its pages and, for each term, the pages holding it.
#[derive(Debug, Default)]
pub struct Shard {
    posts: Vec<DocKey>,
    vocabulary: String,
    /// Byte range of each term in `vocabulary`, in sorted order.
    terms: Vec<(u32, u32)>,
    /// Where each term's postings start in `postings` (one extra entry at the end).
    starts: Vec<u32>,
    postings: Vec<u32>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn bad(what: &str) -> String {
    format!("not a tinysearch index ({what})")
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| bad("truncated"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    /// tinysearch's own lengths: LEB128.
    fn leb128(&mut self) -> Result<usize, String> {
        let mut value = 0usize;
        for shift in (0..64).step_by(7) {
            let byte = self.take(1)?[0];
            value |= usize::from(byte & 0x7f)
                .checked_shl(shift)
                .ok_or_else(|| bad("varint"))?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(bad("varint"))
    }

    /// bincode's standard-config integers: one byte below 251, else a tag and 2, 4 or 8 bytes.
    fn bincode_int(&mut self) -> Result<usize, String> {
        let tag = self.take(1)?[0];
        let width = match tag {
            0..=250 => return Ok(usize::from(tag)),
            251 => 2,
            252 => 4,
            253 => 8,
            _ => return Err(bad("integer")),
        };
        let mut value = 0u64;
        for (i, b) in self.take(width)?.iter().enumerate() {
            value |= u64::from(*b) << (8 * i);
        }
        usize::try_from(value).map_err(|_| bad("integer"))
    }

    fn bincode_str(&mut self) -> Result<&'a str, String> {
        let len = self.bincode_int()?;
        std::str::from_utf8(self.take(len)?).map_err(|_| bad("text"))
    }
}

impl Shard {
    pub fn parse(bytes: &[u8]) -> Result<Shard, String> {
        let rest = bytes.strip_prefix(MAGIC).ok_or_else(|| bad("header"))?;
        let mut r = Reader { bytes: rest, at: 0 };
        let posts_len = r.leb128()?;
        let mut p = Reader {
            bytes: r.take(posts_len)?,
            at: 0,
        };
        let count = p.bincode_int()?;
        let mut posts = Vec::with_capacity(count.min(posts_len));
        for _ in 0..count {
            let _title = p.bincode_str()?;
            let url = p.bincode_str()?;
            let _meta = p.bincode_str()?;
            posts.push(DocKey::decode(url).ok_or_else(|| bad("post is not a Portico page key"))?);
        }
        let term_count = r.leb128()?;
        let vocabulary_len = r.leb128()?;
        let vocabulary = std::str::from_utf8(r.take(vocabulary_len)?).map_err(|_| bad("vocabulary"))?;
        let mut terms = Vec::with_capacity(term_count.min(vocabulary_len));
        let mut start = 0;
        for line in vocabulary.split_terminator('\n') {
            terms.push((start as u32, (start + line.len()) as u32));
            start += line.len() + 1;
        }
        if terms.len() != term_count {
            return Err(bad("term count"));
        }
        let mut starts = Vec::with_capacity(term_count + 1);
        let mut postings = Vec::new();
        for _ in 0..term_count {
            starts.push(postings.len() as u32);
            let n = r.leb128()?;
            let mut post = 0usize;
            for i in 0..n {
                let delta = r.leb128()?;
                post = if i == 0 { delta } else { post + delta };
                if post >= posts.len() {
                    return Err(bad("posting out of range"));
                }
                postings.push(post as u32);
            }
        }
        starts.push(postings.len() as u32);
        Ok(Shard {
            posts,
            vocabulary: vocabulary.to_string(),
            terms,
            starts,
            postings,
        })
    }

    fn term(&self, i: usize) -> &str {
        let (s, e) = self.terms[i];
        &self.vocabulary[s as usize..e as usize]
    }

    /// Every page holding a term that starts with `key` (for keys ending in
    /// the end mark: exactly that term), as tinysearch's prefix lookup finds
    /// them, with the stored term that matched.
    pub fn pages_with<'s>(&'s self, key: &'s str) -> impl Iterator<Item = (&'s DocKey, &'s str)> + 's {
        let first = partition(self.terms.len(), |i| self.term(i) < key);
        (first..self.terms.len())
            .take_while(move |&i| self.term(i).starts_with(key))
            .flat_map(move |i| {
                let term = self.term(i);
                self.postings[self.starts[i] as usize..self.starts[i + 1] as usize]
                    .iter()
                    .map(move |&p| (&self.posts[p as usize], term))
            })
    }

    /// The stored keys, for checks against tinysearch.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        (0..self.terms.len()).map(|i| self.term(i))
    }
}

/// The first index in `0..len` for which `before` is false (`before` must be monotone).
fn partition(len: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
