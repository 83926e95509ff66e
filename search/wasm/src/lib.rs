//! The search runtime the browser runs: `portico-search`'s engine and
//! excerpts behind plain exported functions (no wasm-bindgen, to stay
//! small). The generator embeds the compiled module, committed at
//! `dist/portico_search.wasm` (`scripts/search-runtime` builds and checks it);
//! `portico-search.js` in the default theme drives it.
//!
//! Calling convention: the caller gets memory with `alloc(len)`, writes its
//! UTF-8 input there and passes `(ptr, len)`; the callee takes ownership and
//! frees it. Answers are written to one output buffer (`output_ptr()`); a
//! function returns the answer's length, or -(length) of an error message.
//!
//! | export | input | answer |
//! | --- | --- | --- |
//! | `init` | manifest text | empty |
//! | `plan` | query | missing shard numbers, comma-separated |
//! | `load_shard(n, …)` | shard bytes (gunzipped) | empty |
//! | `search(…, limit)` | `query␟version␟section␟preferred version` | `{"total":N,"docs":[doc,…]}`, best first |
//! | `excerpt(…, …)` | fragment, query | `{"url","title","version","heading","html"}` |

use portico_search::engine::{Engine, Filter};
use portico_search::excerpt::excerpt as excerpt_of;
use portico_search::fragment::Fragment;
use portico_search::manifest::Manifest;
use std::cell::RefCell;

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static OUTPUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Memory for an input of `len` bytes, owned by the next call it is passed to.
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len);
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Where the last answer is.
#[no_mangle]
pub extern "C" fn output_ptr() -> *const u8 {
    OUTPUT.with_borrow(|o| o.as_ptr())
}

/// Takes back an input written by the caller into memory from [`alloc`].
///
/// # Safety
/// `ptr` must come from `alloc(len)` with `len` bytes written, and be passed once.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    Vec::from_raw_parts(ptr, len, len)
}

fn text(bytes: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(bytes).map_err(|_| "input is not UTF-8".to_string())
}

/// Stores the answer (or error) and returns its signed length.
fn answer(result: Result<String, String>) -> isize {
    let (text, sign) = match result {
        Ok(t) => (t, 1),
        Err(e) => (e, -1),
    };
    let len = text.len() as isize;
    OUTPUT.with_borrow_mut(|o| *o = text);
    sign * len
}

fn with_engine(f: impl FnOnce(&mut Engine) -> Result<String, String>) -> Result<String, String> {
    ENGINE.with_borrow_mut(|e| match e {
        Some(engine) => f(engine),
        None => Err("call init with the manifest first".into()),
    })
}

/// Loads a language's manifest (and forgets any shards loaded before).
///
/// # Safety
/// See the calling convention in the module docs.
#[no_mangle]
pub unsafe extern "C" fn init(ptr: *mut u8, len: usize) -> isize {
    let input = take(ptr, len);
    answer(text(&input).and_then(|t| {
        let manifest = Manifest::parse(t).map_err(|e| e.to_string())?;
        ENGINE.with_borrow_mut(|e| *e = Some(Engine::new(manifest)));
        Ok(String::new())
    }))
}

/// The shards a query needs that are not loaded yet.
///
/// # Safety
/// See the calling convention in the module docs.
#[no_mangle]
pub unsafe extern "C" fn plan(ptr: *mut u8, len: usize) -> isize {
    let input = take(ptr, len);
    answer(text(&input).and_then(|q| {
        with_engine(|e| {
            let mut out = String::new();
            for (i, shard) in e.missing_shards(q).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_number(&mut out, shard as u64);
            }
            Ok(out)
        })
    }))
}

/// Loads shard `shard` from its (gunzipped) bytes.
///
/// # Safety
/// See the calling convention in the module docs.
#[no_mangle]
pub unsafe extern "C" fn load_shard(shard: usize, ptr: *mut u8, len: usize) -> isize {
    let input = take(ptr, len);
    answer(with_engine(|e| {
        e.load_shard(shard, &input)
            .map(|_| String::new())
            .map_err(|e| e.to_string())
    }))
}

/// Ranked pages for `query␟version␟section` (empty version/section: all).
///
/// # Safety
/// See the calling convention in the module docs.
#[no_mangle]
pub unsafe extern "C" fn search(ptr: *mut u8, len: usize, limit: usize) -> isize {
    let input = take(ptr, len);
    answer(text(&input).and_then(|t| {
        let mut fields = t.split('\u{1f}');
        let query = fields.next().unwrap_or("");
        let mut named = || fields.next().filter(|s| !s.is_empty()).map(str::to_string);
        let filter = Filter {
            version: named(),
            section: named(),
            prefer_version: named(),
        };
        with_engine(|e| {
            let results = e.search(query, &filter, limit);
            // Hits are in rank order already; the caller needs only the pages.
            let mut json = String::from("{\"total\":");
            push_number(&mut json, results.total as u64);
            json.push_str(",\"docs\":[");
            for (i, h) in results.hits.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                push_number(&mut json, u64::from(h.doc));
            }
            json.push_str("]}");
            Ok(json)
        })
    }))
}

/// The excerpt of a fetched fragment for a query.
///
/// # Safety
/// See the calling convention in the module docs.
#[no_mangle]
pub unsafe extern "C" fn excerpt(frag_ptr: *mut u8, frag_len: usize, q_ptr: *mut u8, q_len: usize) -> isize {
    let fragment = take(frag_ptr, frag_len);
    let query = take(q_ptr, q_len);
    answer(text(&fragment).and_then(|f| {
        let fragment = Fragment::parse(f).map_err(|e| e.to_string())?;
        let e = excerpt_of(&fragment, text(&query)?);
        let mut json = String::from("{");
        for (i, (key, value)) in [
            ("url", &e.url),
            ("title", &e.title),
            ("version", &e.version),
            ("heading", &e.heading),
            ("html", &e.html),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                json.push(',');
            }
            json_string(&mut json, key);
            json.push(':');
            json_string(&mut json, value);
        }
        json.push('}');
        Ok(json)
    }))
}

/// Decimal digits without `core::fmt`, which would grow the module.
fn push_number(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits[i..].iter().for_each(|&d| out.push(d as char));
}

fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                for nibble in [c as u32 >> 4, c as u32 & 0xF] {
                    out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: impl Fn(*mut u8, usize) -> isize, input: &str) -> Result<String, String> {
        let ptr = alloc(input.len());
        unsafe {
            std::ptr::copy_nonoverlapping(input.as_ptr(), ptr, input.len());
            let n = f(ptr, input.len());
            let out = OUTPUT.with_borrow(|o| o.clone());
            assert_eq!(out.len(), n.unsigned_abs());
            if n >= 0 {
                Ok(out)
            } else {
                Err(out)
            }
        }
    }

    #[test]
    fn calls_answer_through_the_output_buffer() {
        assert_eq!(
            call(|p, l| unsafe { plan(p, l) }, "x"),
            Err("call init with the manifest first".into())
        );
        assert!(call(|p, l| unsafe { init(p, l) }, "not a manifest")
            .unwrap_err()
            .contains("manifest"));
        let manifest = "portico-search 1\nbuild x\ndocs 0\navglen 0\nshard\nshard m\n";
        assert_eq!(call(|p, l| unsafe { init(p, l) }, manifest), Ok(String::new()));
        assert_eq!(call(|p, l| unsafe { plan(p, l) }, "alpha zulu"), Ok("0,1".into()));
        let results = call(|p, l| unsafe { search(p, l, 5) }, "alpha\u{1f}\u{1f}").unwrap();
        assert_eq!(results, "{\"total\":0,\"docs\":[]}");
    }

    #[test]
    fn json_strings_are_escaped() {
        let mut s = String::new();
        json_string(&mut s, "a\"b\\c\nd<mark>");
        assert_eq!(s, "\"a\\\"b\\\\c\\u000ad<mark>\"");
    }
}
