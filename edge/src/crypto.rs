//! The few cryptographic primitives the edge needs: randomness for tokens
//! and ticket numbers, SHA-256 for stored secrets and client hashes, and a
//! constant-time comparison. Written to work the same natively (the OS
//! generator) and on wasm32 (Web Crypto).

use sha2::{Digest, Sha256};

/// Fills `buf` from the OS (natively) or `crypto.getRandomValues` (Worker).
pub fn random_bytes(buf: &mut [u8]) {
    #[cfg(not(target_arch = "wasm32"))]
    getrandom::fill(buf).expect("the OS random number generator is unavailable");
    #[cfg(target_arch = "wasm32")]
    web_crypto::get_random_values(buf);
}

/// Web Crypto randomness on the Worker (what `getrandom` would call, without
/// its cfg dance).
#[cfg(target_arch = "wasm32")]
mod web_crypto {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
        pub fn get_random_values(buf: &mut [u8]);
    }
}

/// A fresh access token: 24 random bytes (192 bits) as 48 hex digits.
pub fn new_token() -> String {
    let mut buf = [0u8; 24];
    random_bytes(&mut buf);
    hex(&buf)
}

/// A fresh 256-bit secret as 64 hex digits: agent session ids, API tokens
/// and set-up links.
pub fn new_secret() -> String {
    let mut buf = [0u8; 32];
    random_bytes(&mut buf);
    hex(&buf)
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// Parses lower/upper-case hex; `None` on any other character or odd length.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    s.as_bytes()
        .chunks(2)
        .map(|p| Some(digit(p[0])? << 4 | digit(p[1])?))
        .collect()
}

/// SHA-256 of the parts, each length-prefixed so ("ab","c") ≠ ("a","bc").
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    h.finalize().into()
}

/// Hex SHA-256 of the parts.
pub fn sha256_hex(parts: &[&[u8]]) -> String {
    hex(&sha256(parts))
}

/// Compares without an early exit, so timing does not reveal how much of a
/// secret matched.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips_and_ct_eq_compares() {
        assert_eq!(unhex(&hex(&[0, 1, 254, 255])).unwrap(), vec![0, 1, 254, 255]);
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }

    #[test]
    fn tokens_are_fresh() {
        assert_eq!(new_token().len(), 48);
        assert_ne!(new_token(), new_token());
        assert_eq!(new_secret().len(), 64);
    }
}
