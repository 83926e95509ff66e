//! Verifying an OpenID Connect ID token (a JWS in compact form): the
//! signature against the provider's JWKS, RS256 or ES256 only (`none` and
//! the HMAC algorithms are refused: an HS256 token would be "signed" with
//! the client secret, which the edge shares with the provider), then
//! `iss`, `aud` (and `azp` when there are several audiences), `exp`, `iat`,
//! `nbf` with a minute of leeway, and `nonce`.

use super::provider::Jwks;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Clock difference tolerated between the provider and the edge.
const LEEWAY_SECS: i64 = 60;

/// Why a token was refused (for the audit entry, never for the client).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not three base64url parts of JSON.
    Malformed,
    /// `alg` is not RS256 or ES256.
    Algorithm(String),
    /// No key of the provider's matches the token's `kid` (after a refetch).
    UnknownKey,
    /// The signature does not verify.
    Signature,
    /// A claim is wrong: which.
    Claim(&'static str),
}

impl Refused {
    pub fn reason(&self) -> String {
        match self {
            Refused::Malformed => "malformed id_token".into(),
            Refused::Algorithm(alg) => format!("id_token alg `{alg}` refused"),
            Refused::UnknownKey => "id_token signed with an unknown key".into(),
            Refused::Signature => "id_token signature does not verify".into(),
            Refused::Claim(c) => format!("id_token claim `{c}` refused"),
        }
    }
}

/// A token split and decoded, not yet verified.
pub struct Parsed {
    alg: String,
    kid: Option<String>,
    signing_input: Vec<u8>,
    signature: Vec<u8>,
    pub claims: Value,
}

fn part(s: &str) -> Result<Value, Refused> {
    let bytes = Base64UrlUnpadded::decode_vec(s).map_err(|_| Refused::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| Refused::Malformed)
}

/// Splits and decodes `token`; refuses every algorithm but RS256 and ES256.
pub fn parse(token: &str) -> Result<Parsed, Refused> {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(Refused::Malformed);
    };
    let header = part(h)?;
    let alg = header["alg"].as_str().unwrap_or_default().to_owned();
    if alg != "RS256" && alg != "ES256" {
        return Err(Refused::Algorithm(alg));
    }
    let claims = part(p)?;
    if !claims.is_object() {
        return Err(Refused::Malformed);
    }
    Ok(Parsed {
        alg,
        kid: header["kid"].as_str().map(str::to_owned),
        signing_input: format!("{h}.{p}").into_bytes(),
        signature: Base64UrlUnpadded::decode_vec(s).map_err(|_| Refused::Malformed)?,
        claims,
    })
}

impl Parsed {
    /// The key of `jwks` this token names: by `kid` and type, or when the
    /// token names none, the only key of its type.
    fn key<'a>(&self, jwks: &'a Jwks) -> Option<&'a Value> {
        let kty = if self.alg == "RS256" { "RSA" } else { "EC" };
        let mut fitting = jwks.keys.iter().filter(|k| {
            k["kty"] == kty
                && k.get("use").is_none_or(|u| u == "sig")
                && k.get("alg").is_none_or(|a| a == self.alg.as_str())
        });
        match &self.kid {
            Some(kid) => fitting.find(|k| k["kid"] == kid.as_str()),
            None => {
                let first = fitting.next();
                fitting.next().is_none().then_some(first).flatten()
            }
        }
    }

    /// Whether a key for this token is in `jwks` (else: refetch once).
    pub fn has_key(&self, jwks: &Jwks) -> bool {
        self.key(jwks).is_some()
    }

    /// Checks the signature with the named key of `jwks`.
    pub fn verify_signature(&self, jwks: &Jwks) -> Result<(), Refused> {
        let key = self.key(jwks).ok_or(Refused::UnknownKey)?;
        let b64 = |name: &str| {
            key[name]
                .as_str()
                .and_then(|v| Base64UrlUnpadded::decode_vec(v).ok())
                .ok_or(Refused::UnknownKey)
        };
        let ok = if self.alg == "RS256" {
            let n = rsa::BigUint::from_bytes_be(&b64("n")?);
            let e = rsa::BigUint::from_bytes_be(&b64("e")?);
            let public = rsa::RsaPublicKey::new(n, e).map_err(|_| Refused::UnknownKey)?;
            let hashed = Sha256::digest(&self.signing_input);
            public
                .verify(rsa::Pkcs1v15Sign::new::<Sha256>(), &hashed, &self.signature)
                .is_ok()
        } else {
            use p256::ecdsa::signature::Verifier;
            if key["crv"] != "P-256" {
                return Err(Refused::UnknownKey);
            }
            let (x, y) = (b64("x")?, b64("y")?);
            if x.len() != 32 || y.len() != 32 {
                return Err(Refused::UnknownKey);
            }
            let point = p256::EncodedPoint::from_affine_coordinates(x.as_slice().into(), y.as_slice().into(), false);
            let public = p256::ecdsa::VerifyingKey::from_encoded_point(&point).map_err(|_| Refused::UnknownKey)?;
            let signature = p256::ecdsa::Signature::from_slice(&self.signature).map_err(|_| Refused::Signature)?;
            public.verify(&self.signing_input, &signature).is_ok()
        };
        ok.then_some(()).ok_or(Refused::Signature)
    }

    /// Checks the claims for a token meant for `client_id` from `issuer`,
    /// carrying `nonce`, at `now_ms`.
    pub fn verify_claims(&self, issuer: &str, client_id: &str, nonce: &str, now_ms: i64) -> Result<(), Refused> {
        let c = &self.claims;
        if c["iss"] != issuer {
            return Err(Refused::Claim("iss"));
        }
        let audiences: Vec<&str> = match &c["aud"] {
            Value::String(a) => vec![a.as_str()],
            Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !audiences.contains(&client_id) {
            return Err(Refused::Claim("aud"));
        }
        let azp = c["azp"].as_str();
        if (audiences.len() > 1 && azp != Some(client_id)) || azp.is_some_and(|a| a != client_id) {
            return Err(Refused::Claim("azp"));
        }
        let now = now_ms / 1000;
        let time = |name: &str| c[name].as_i64().or_else(|| c[name].as_f64().map(|f| f as i64));
        if time("exp").is_none_or(|exp| exp + LEEWAY_SECS <= now) {
            return Err(Refused::Claim("exp"));
        }
        if time("iat").is_none_or(|iat| iat - LEEWAY_SECS > now) {
            return Err(Refused::Claim("iat"));
        }
        if time("nbf").is_some_and(|nbf| nbf - LEEWAY_SECS > now) {
            return Err(Refused::Claim("nbf"));
        }
        let sent = c["nonce"].as_str().unwrap_or_default();
        if !crate::crypto::ct_eq(sent.as_bytes(), nonce.as_bytes()) || nonce.is_empty() {
            return Err(Refused::Claim("nonce"));
        }
        if c["sub"].as_str().is_none_or(str::is_empty) {
            return Err(Refused::Claim("sub"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(v: &Value) -> String {
        Base64UrlUnpadded::encode_string(v.to_string().as_bytes())
    }

    #[test]
    fn none_and_hmac_algorithms_are_refused_before_any_key_is_read() {
        let claims = b64(&serde_json::json!({"sub": "x"}));
        for alg in ["none", "HS256", "HS512", "RS512", ""] {
            let token = format!("{}.{claims}.", b64(&serde_json::json!({ "alg": alg })));
            assert!(matches!(parse(&token), Err(Refused::Algorithm(_))), "{alg}");
        }
        assert_eq!(parse("a.b").err(), Some(Refused::Malformed));
        assert_eq!(parse("a.b.c.d").err(), Some(Refused::Malformed));
    }

    #[test]
    fn claims_are_checked_with_a_minute_of_leeway() {
        let now = 1_800_000_000;
        let token = |claims: Value| {
            let t = format!("{}.{}.AA", b64(&serde_json::json!({"alg": "RS256"})), b64(&claims));
            parse(&t).unwrap()
        };
        let good =
            serde_json::json!({"iss": "https://i", "aud": "c", "exp": now + 10, "iat": now, "nonce": "n", "sub": "s"});
        assert_eq!(
            token(good.clone()).verify_claims("https://i", "c", "n", now * 1000),
            Ok(())
        );
        let check = |key: &str, value: Value| {
            let mut claims = good.clone();
            claims[key] = value;
            token(claims).verify_claims("https://i", "c", "n", now * 1000)
        };
        assert_eq!(check("iss", "https://j".into()), Err(Refused::Claim("iss")));
        assert_eq!(check("aud", "d".into()), Err(Refused::Claim("aud")));
        assert_eq!(check("aud", serde_json::json!(["c", "d"])), Err(Refused::Claim("azp")));
        assert_eq!(check("exp", (now - 61).into()), Err(Refused::Claim("exp")));
        assert_eq!(check("exp", (now - 30).into()), Ok(()));
        assert_eq!(check("iat", (now + 120).into()), Err(Refused::Claim("iat")));
        assert_eq!(check("nbf", (now + 120).into()), Err(Refused::Claim("nbf")));
        assert_eq!(check("nonce", "m".into()), Err(Refused::Claim("nonce")));
        assert_eq!(check("sub", "".into()), Err(Refused::Claim("sub")));
    }
}
