//! Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA-1,
//! 6 digits, 30-second steps, what every authenticator app shows by default.
//! A code is accepted for the step before, at and after now (clock drift);
//! the store remembers the last step used, so a code is never accepted twice.
//!
//! Also the pieces of enrolment: a fresh secret, its base32 form, the
//! `otpauth://` URI apps read and that URI as an SVG QR code. Written here
//! rather than taken from `totp-rs`: the algorithm is a dozen lines over the
//! RustCrypto HMAC and SHA-1 the edge builds for wasm32 anyway, and the
//! crate's extras (URL parsing, PNG QR codes) are not needed.

use crate::crypto::{ct_eq, random_bytes};
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECS: i64 = 30;
/// Bytes of a secret: 160 bits, RFC 4226's recommendation for SHA-1.
pub const SECRET_BYTES: usize = 20;

/// A fresh secret.
pub fn new_secret() -> [u8; SECRET_BYTES] {
    let mut secret = [0u8; SECRET_BYTES];
    random_bytes(&mut secret);
    secret
}

/// The step of time `now_ms`.
pub fn step_at(now_ms: i64) -> i64 {
    now_ms.div_euclid(STEP_SECS * 1000)
}

/// The 6-digit code of `secret` at `step`.
pub fn code(secret: &[u8], step: i64) -> String {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(&(step as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let at = (h[19] & 0x0f) as usize;
    let n = u32::from_be_bytes([h[at] & 0x7f, h[at + 1], h[at + 2], h[at + 3]]);
    format!("{:06}", n % 1_000_000)
}

/// Whether `given` looks like a TOTP code (six digits, spaces allowed), as
/// opposed to a recovery code.
pub fn looks_like_code(given: &str) -> bool {
    let digits: Vec<u8> = given.bytes().filter(|b| *b != b' ').collect();
    digits.len() == 6 && digits.iter().all(u8::is_ascii_digit)
}

/// The step within one of now's whose code `given` is, if any.
pub fn matching_step(secret: &[u8], given: &str, now_ms: i64) -> Option<i64> {
    let given: String = given.chars().filter(|c| *c != ' ').collect();
    if !looks_like_code(&given) {
        return None;
    }
    let now = step_at(now_ms);
    (now - 1..=now + 1).find(|s| ct_eq(code(secret, *s).as_bytes(), given.as_bytes()))
}

/// RFC 4648 base32 without padding, how apps take a secret typed by hand.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buf >> bits) & 31) as usize] as char);
        }
        buf &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(ALPHABET[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// The `otpauth://totp/…` URI of `secret` for `account` at `issuer`.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period={STEP_SECS}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

/// `uri` as a standalone SVG QR code.
pub fn qr_svg(uri: &str) -> Option<String> {
    let qr = qrcode::QrCode::new(uri.as_bytes()).ok()?;
    Some(
        qr.render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_vectors() {
        // Appendix B, SHA-1, the last 6 of the 8 digits.
        let secret = b"12345678901234567890";
        for (t, want) in [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
        ] {
            assert_eq!(code(secret, step_at(t * 1000)), want, "t={t}");
        }
        assert_eq!(matching_step(secret, "287 082", 89_000), Some(1));
        assert_eq!(matching_step(secret, "287082", 120_000), None);
        assert_eq!(matching_step(secret, "28708", 59_000), None);
    }

    #[test]
    fn base32_and_uri() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32(b"12345678901234567890"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let uri = otpauth_uri("help.example.com", "ana@example.com", b"12345678901234567890");
        assert_eq!(
            uri,
            "otpauth://totp/help%2Eexample%2Ecom:ana%40example%2Ecom?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=help%2Eexample%2Ecom&algorithm=SHA1&digits=6&period=30"
        );
        assert!(qr_svg(&uri).unwrap().starts_with("<?xml"));
    }
}
