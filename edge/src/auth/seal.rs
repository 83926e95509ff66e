//! Sealing secrets the server must read back: a TOTP secret cannot be
//! hashed like a password, since verifying a code needs the secret itself.
//! It is stored sealed with ChaCha20-Poly1305 under a key derived from the
//! deployment's MFA key (`PORTICO_EDGE_MFA_KEY` natively, the `MFA_KEY`
//! secret in the Worker), bound to its account by the associated data, so a
//! database dump alone reveals no secret and a sealed value cannot be moved
//! to another account.

use crate::crypto::{hex, random_bytes, sha256, unhex};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

const NONCE: usize = 12;

fn cipher(key: &str) -> ChaCha20Poly1305 {
    let key = sha256(&[b"portico-seal", key.as_bytes()]);
    ChaCha20Poly1305::new(Key::from_slice(&key))
}

/// `secret` sealed under `key` for `owner`, as hex of nonce ‖ ciphertext.
pub fn seal(key: &str, owner: &str, secret: &[u8]) -> String {
    let mut nonce = [0u8; NONCE];
    random_bytes(&mut nonce);
    let payload = Payload {
        msg: secret,
        aad: owner.as_bytes(),
    };
    // Encryption fails only past ChaCha20's 256 GiB message limit.
    let sealed = cipher(key)
        .encrypt(Nonce::from_slice(&nonce), payload)
        .unwrap_or_default();
    hex(&[&nonce[..], &sealed].concat())
}

/// The secret of a [`seal`]ed value; `None` when it was sealed under
/// another key or owner, or altered.
pub fn open(key: &str, owner: &str, sealed: &str) -> Option<Vec<u8>> {
    let bytes = unhex(sealed).filter(|b| b.len() > NONCE)?;
    let (nonce, body) = bytes.split_at(NONCE);
    let payload = Payload {
        msg: body,
        aad: owner.as_bytes(),
    };
    cipher(key).decrypt(Nonce::from_slice(nonce), payload).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_only_with_its_key_and_owner() {
        let sealed = seal("k", "ag_1", b"secret");
        assert_eq!(open("k", "ag_1", &sealed).as_deref(), Some(&b"secret"[..]));
        assert_eq!(open("other", "ag_1", &sealed), None);
        assert_eq!(open("k", "ag_2", &sealed), None);
        let mut tampered = sealed.into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(open("k", "ag_1", std::str::from_utf8(&tampered).unwrap()), None);
        assert_eq!(open("k", "ag_1", "zz"), None);
    }
}
