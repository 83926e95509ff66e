//! Time: the current Unix milliseconds (how the schema stores every time)
//! and their RFC 3339 form in API bodies and webhooks. On wasm32
//! `std::time::SystemTime::now` panics, hence `web_time`.
//!
//! The router reads the time through its [`Clock`] (in `AppState`), which
//! tests can move forward: session expiry and sign-in lockouts are then
//! tested in milliseconds instead of hours.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// The router's clock: the system time plus an offset that only tests move
/// ([`Clock::advance`]). Clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    /// Milliseconds since the Unix epoch, as this clock tells them.
    pub fn now_ms(&self) -> i64 {
        now_ms() + self.offset_ms.load(Ordering::Relaxed)
    }

    /// Moves this clock (and its clones) forward by `ms`.
    pub fn advance(&self, ms: i64) {
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
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

/// Unix milliseconds of an RFC 3339 UTC time as [`rfc3339`] writes it, with
/// optional fractional seconds (`2026-11-25T19:22:21.5Z`); `None` otherwise.
/// Offsets other than `Z` are refused rather than guessed at.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let shape = b.len() >= 20 && b[4] == b'-' && b[7] == b'-' && b[10] == b'T' && b[13] == b':' && b[16] == b':';
    if !shape || *b.last()? != b'Z' {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    let millis = match &s[19..s.len() - 1] {
        "" => 0,
        fraction => {
            let f = fraction.strip_prefix('.')?;
            if f.is_empty() || f.len() > 9 || !f.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            format!("{f:0<3}")[..3].parse::<i64>().ok()?
        }
    };
    let month_days = [
        31,
        28 + i64::from(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)),
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&month)
        || day < 1
        || day > month_days[month as usize - 1]
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    // Howard Hinnant's days_from_civil, the inverse of the above.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000) + millis)
}

/// A time in Unix milliseconds, serialized as [`rfc3339`]: the times of the
/// store's rows as API bodies show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp(pub i64);

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&rfc3339(self.0))
    }
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
    fn rfc3339_parses_what_it_writes() {
        for ms in [0, 951_782_400_000, 1_795_634_541_000, 4_102_444_799_000] {
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
        }
        assert_eq!(parse_rfc3339("2026-11-25T19:22:21.5Z"), Some(1_795_634_541_500));
        assert_eq!(parse_rfc3339("2026-11-25T19:22:21.123456Z"), Some(1_795_634_541_123));
        for bad in [
            "",
            "2026-11-25",
            "2026-11-25T19:22:21",
            "2026-11-25T19:22:21+01:00",
            "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z",
            "2026-11-25T24:00:00Z",
            "2026-11-25T19:22:21.Z",
            "2026-11-25T19:22:2aZ",
            "+026-11-25T19:22:21Z",
            "2026-11-25T19:22:21.1234567890Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn clocks_move_forward_together() {
        let clock = Clock::default();
        let clone = clock.clone();
        let before = clock.now_ms();
        clone.advance(3_600_000);
        assert!(clock.now_ms() >= before + 3_600_000);
    }

    #[test]
    fn timestamps_serialize_as_rfc3339() {
        let json = serde_json::to_string(&Timestamp(951_782_400_000)).unwrap();
        assert_eq!(json, "\"2000-02-29T00:00:00Z\"");
    }
}
