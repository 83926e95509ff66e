//! WCAG 2.2 colour contrast: relative luminance, contrast ratio, and the
//! nearest colour of the same hue that meets a required ratio. Used by the
//! brand colours' check and the theme palette check, whose findings the
//! accessibility report lists under `color-contrast`.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb` or `#rgb`.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        let expanded: String = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect(),
            6 => hex.to_string(),
            _ => return None,
        };
        let v = u32::from_str_radix(&expanded, 16).ok()?;
        Some(Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8))
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance as WCAG defines it.
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Linear blend towards `other` by `t` in 0..=1.
    fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// Contrast ratio between two colours, 1.0 to 21.0.
pub fn ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The colour closest to `fg` (blended towards black on light backgrounds,
/// white on dark ones) that reaches `required` against `bg`.
pub fn nearest_passing(fg: Rgb, bg: Rgb, required: f64) -> Rgb {
    if ratio(fg, bg) >= required {
        return fg;
    }
    let darker = bg.luminance() > 0.18;
    let target = if darker { Rgb(0, 0, 0) } else { Rgb(255, 255, 255) };
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if ratio(fg.mix(target, mid), bg) >= required {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // Rounding to 8-bit channels can land just short; step on until it passes.
    let mut t = hi;
    let mut c = fg.mix(target, t);
    while ratio(c, bg) < required && t < 1.0 {
        t = (t + 0.002).min(1.0);
        c = fg.mix(target, t);
    }
    c
}

/// Ratio shown as WCAG tools print it: `4.48:1`.
pub fn show(r: f64) -> String {
    format!("{:.2}:1", (r * 100.0).floor() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_known_values() {
        let white = Rgb(255, 255, 255);
        assert!((ratio(Rgb(0, 0, 0), white) - 21.0).abs() < 1e-9);
        assert_eq!(show(ratio(Rgb::parse("#777").unwrap(), white)), "4.47:1");
        assert_eq!(show(ratio(Rgb::parse("#767676").unwrap(), white)), "4.54:1");
    }

    #[test]
    fn nearest_passing_colour_passes_and_stays_close() {
        let white = Rgb(255, 255, 255);
        let fixed = nearest_passing(Rgb::parse("#777777").unwrap(), white, 4.5);
        assert!(ratio(fixed, white) >= 4.5);
        assert!(fixed.0 >= 0x70, "{}", fixed.hex());
        let dark = Rgb::parse("#0d1117").unwrap();
        let lighter = nearest_passing(Rgb::parse("#444c56").unwrap(), dark, 4.5);
        assert!(ratio(lighter, dark) >= 4.5 && lighter.0 > 0x44);
    }
}
