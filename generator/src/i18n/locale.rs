//! Locale rules the UI strings need: CLDR plural categories for cardinal
//! numbers and digit grouping. A small table for the languages help centers
//! commonly ship in; unknown languages get English-like rules.

/// CLDR plural category of the integer `n` in `lang` (`zero`, `one`, `two`,
/// `few`, `many` or `other`).
pub fn plural_category(lang: &str, n: u64) -> &'static str {
    let primary = primary(lang);
    let (n10, n100) = (n % 10, n % 100);
    match primary {
        // No plural distinction.
        "ja" | "zh" | "ko" | "th" | "vi" | "id" | "ms" | "lo" | "my" | "km" => "other",
        // 0 and 1 are singular.
        "fr" | "hi" | "bn" | "fa" | "am" | "zu" if n <= 1 => "one",
        "fr" | "hi" | "bn" | "fa" | "am" | "zu" => "other",
        "pt" if lang.eq_ignore_ascii_case("pt-PT") => one_or_other(n),
        "pt" if n <= 1 => "one",
        "ru" | "uk" | "be" => {
            if n10 == 1 && n100 != 11 {
                "one"
            } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
                "few"
            } else {
                "many"
            }
        }
        "pl" => {
            if n == 1 {
                "one"
            } else if (2..=4).contains(&n10) && !(12..=14).contains(&n100) {
                "few"
            } else {
                "many"
            }
        }
        "cs" | "sk" => match n {
            1 => "one",
            2..=4 => "few",
            _ => "other",
        },
        "ar" => match (n, n100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        "he" | "iw" => match n {
            1 => "one",
            2 => "two",
            _ => "other",
        },
        _ => one_or_other(n),
    }
}

fn one_or_other(n: u64) -> &'static str {
    if n == 1 {
        "one"
    } else {
        "other"
    }
}

fn primary(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// `n` with the language's thousands separator: `12,345`, `12.345`, `12 345`.
pub fn format_number(lang: &str, n: i64) -> String {
    let sep = match primary(lang) {
        "de" | "es" | "it" | "nl" | "pt" | "id" | "da" | "tr" | "el" | "ro" | "hr" | "sl" | "sr" => ".",
        // Narrow no-break space, as CLDR has it for these.
        "fr" | "ru" | "uk" | "pl" | "cs" | "sk" | "sv" | "nb" | "no" | "fi" | "et" | "hu" | "bg" => "\u{202f}",
        _ => ",",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n < 0 {
        out.push('-');
    }
    // Spanish and Polish do not group four-digit numbers.
    let min_grouping = if matches!(primary(lang), "es" | "pl") { 5 } else { 4 };
    for (i, c) in digits.chars().enumerate() {
        let left = digits.len() - i;
        if i > 0 && left.is_multiple_of(3) && digits.len() >= min_grouping {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_categories_follow_cldr() {
        assert_eq!(plural_category("en", 1), "one");
        assert_eq!(plural_category("en", 0), "other");
        assert_eq!(plural_category("ja", 1), "other");
        assert_eq!(plural_category("fr", 0), "one");
        assert_eq!(plural_category("ru", 21), "one");
        assert_eq!(plural_category("ru", 23), "few");
        assert_eq!(plural_category("ru", 12), "many");
        assert_eq!(plural_category("pl", 22), "few");
        assert_eq!(plural_category("pl", 25), "many");
        assert_eq!(plural_category("ar", 2), "two");
        assert_eq!(plural_category("ar", 105), "few");
        assert_eq!(plural_category("pt-BR", 0), "one");
        assert_eq!(plural_category("pt-PT", 0), "other");
    }

    #[test]
    fn numbers_are_grouped_per_language() {
        assert_eq!(format_number("en", 1234567), "1,234,567");
        assert_eq!(format_number("ja", 999), "999");
        assert_eq!(format_number("de", 12345), "12.345");
        assert_eq!(format_number("fr", 1234), "1\u{202f}234");
        assert_eq!(format_number("es", 1234), "1234");
        assert_eq!(format_number("es", 12345), "12.345");
        assert_eq!(format_number("en", -1000), "-1,000");
    }
}
