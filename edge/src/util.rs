//! Small primitives shared by the handlers: randomness, hashing, constant-time
//! comparison, ticket numbers and time, written to work the same natively and
//! on wasm32 (where `std::time::SystemTime::now` panics, hence `web_time`).

use sha2::{Digest, Sha256};

/// Fills `buf` from the OS (natively) or `crypto.getRandomValues` (Worker).
pub fn random_bytes(buf: &mut [u8]) {
    #[cfg(not(target_arch = "wasm32"))]
    getrandom::fill(buf).expect("the OS random number generator is unavailable");
    #[cfg(target_arch = "wasm32")]
    crate::worker_host::fill_random(buf);
}

/// A fresh access token: 24 random bytes (192 bits) as 48 hex digits.
pub fn new_token() -> String {
    let mut buf = [0u8; 24];
    random_bytes(&mut buf);
    hex(&buf)
}

/// Alphabet for ticket numbers: Crockford-like, without 0/O/1/I/L/U so a
/// number read over the phone is unambiguous.
const TICKET_ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A random ticket number like `PB-7K3QXM` (30^6 ≈ 7·10^8 numbers). Random rather than sequential so
/// that numbers reveal nothing about volume and cannot be walked; collisions
/// are caught by the primary key and retried.
pub fn new_ticket_number(prefix: &str) -> String {
    let mut buf = [0u8; 6];
    random_bytes(&mut buf);
    let tail: String = buf
        .iter()
        .map(|b| TICKET_ALPHABET[(*b as usize) % TICKET_ALPHABET.len()] as char)
        .collect();
    format!("{prefix}-{tail}")
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

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    web_time::SystemTime::now()
        .duration_since(web_time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// RFC 3339 UTC (`2026-11-25T19:22:21Z`) for a Unix-milliseconds time.
pub fn rfc3339(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_795_634_541_000), "2026-11-25T19:22:21Z");
        assert_eq!(rfc3339(951_782_400_000), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn hex_round_trips_and_ct_eq_compares() {
        assert_eq!(unhex(&hex(&[0, 1, 254, 255])).unwrap(), vec![0, 1, 254, 255]);
        assert!(ct_eq(b"abc", b"abc"));
        assert!(!ct_eq(b"abc", b"abd"));
        assert!(!ct_eq(b"abc", b"ab"));
    }

    #[test]
    fn ticket_numbers_look_right() {
        let n = new_ticket_number("PB");
        assert_eq!(n.len(), 9);
        assert!(n.starts_with("PB-"));
        assert!(n[3..].bytes().all(|b| TICKET_ALPHABET.contains(&b)));
        assert_ne!(new_token(), new_token());
    }
}
