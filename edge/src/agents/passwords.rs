//! Agent passwords: Argon2id hashes in PHC string form
//! (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), so a stored hash names
//! its own parameters and a later change of [`PARAMS`] still verifies old
//! ones; the length rules of a new password; and a verification whose cost
//! does not tell an unknown account from a wrong password.

use crate::crypto::random_bytes;
use crate::error::{ApiError, ErrorCode};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// Argon2id cost: m = 19 MiB (19,456 KiB), t = 2 passes, p = 1 lane.
///
/// The first of the equivalent settings in the OWASP Password Storage Cheat
/// Sheet ("use Argon2id with a minimum configuration of 19 MiB of memory, an
/// iteration count of 2, and 1 degree of parallelism";
/// <https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id>).
/// Of that list it is the one that fits a Worker best: one lane (a Worker
/// runs one thread), 19 MiB well inside an isolate's 128 MB, and the fewest
/// passes but one. The list's m=46 MiB,t=1 would double the memory; its
/// m=12 MiB,t=3 and lower trade memory for more CPU, which is what a Worker
/// bills. `edge/examples/password_hash.rs` prints what it costs natively.
pub const PARAMS: (u32, u32, u32) = (19 * 1024, 2, 1);

/// Shortest password accepted (OWASP ASVS 4.0 2.1.1: at least 12 characters).
pub const MIN_CHARS: usize = 12;
/// Longest password accepted (ASVS 2.1.2 asks for at least 64 to be allowed;
/// the cap bounds the hashing work one request can ask for).
pub const MAX_CHARS: usize = 128;

fn argon2() -> Argon2<'static> {
    let (m, t, p) = PARAMS;
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        // The constants are valid; the fallback is argon2's own default,
        // which is the same setting.
        Params::new(m, t, p, None).unwrap_or_default(),
    )
}

/// Refuses a new password outside [`MIN_CHARS`]..=[`MAX_CHARS`] characters,
/// naming `field`. Nothing else is required of it (ASVS 2.1.9: no
/// composition rules).
pub fn check_new(field: &'static str, password: &str) -> Result<(), ApiError> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return Err(ApiError::invalid(
            field,
            ErrorCode::TooShort,
            format!("`{field}` must be at least {MIN_CHARS} characters."),
        ));
    }
    if n > MAX_CHARS {
        return Err(ApiError::invalid(
            field,
            ErrorCode::TooLong,
            format!("`{field}` must be at most {MAX_CHARS} characters."),
        ));
    }
    Ok(())
}

/// The PHC string of `password` under [`PARAMS`] with a fresh 128-bit salt.
pub fn hash(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    random_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| ApiError::Internal(format!("password salt: {e}")))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("password hash: {e}")))
}

/// A hash of a random password, computed once per process (isolate): what a
/// sign-in for an unknown account, or one without a password, is checked
/// against, so it costs the same as a wrong password.
fn dummy() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash(&crate::crypto::new_secret()).unwrap_or_default())
}

/// Whether `password` matches `stored`. With no stored hash (no account, or
/// one not set up yet) it still runs one full Argon2id verification, against
/// [`dummy`], and answers `false`.
pub fn verify(stored: Option<&str>, password: &str) -> bool {
    let (phc, real) = match stored {
        Some(s) => (s, true),
        None => (dummy(), false),
    };
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let matches = argon2().verify_password(password.as_bytes(), &parsed).is_ok();
    matches && real
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_name_their_parameters() {
        let h = hash("correct horse battery staple").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify(Some(&h), "correct horse battery staple"));
        assert!(!verify(Some(&h), "correct horse battery stapl"));
        assert!(!verify(None, "correct horse battery staple"));
        assert!(!verify(Some("not a hash"), "x"));
        assert_ne!(h, hash("correct horse battery staple").unwrap(), "salted");
    }

    #[test]
    fn new_passwords_have_bounds() {
        assert_eq!(check_new("password", "short").unwrap_err().code(), ErrorCode::TooShort);
        assert!(check_new("password", "twelve chars").is_ok());
        assert!(check_new("password", "日本語のパスワードです。長い").is_ok());
        assert_eq!(
            check_new("password", &"x".repeat(129)).unwrap_err().code(),
            ErrorCode::TooLong
        );
    }
}
