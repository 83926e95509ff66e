//! Hostile payloads shared by the hostile-input tests (tests/hostile.rs,
//! tests/hostile_workspace.rs); `assert_inert` beside them in `common`
//! checks the answers that carry them.

/// Payloads a single-line field takes: no control characters.
pub const LINE_PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(document.cookie)>",
    "'><svg/onload=alert(1)>",
    "<svg><script>alert&#40;1&#41;</script></svg>",
    "javascript:alert(document.domain)",
    "JaVaScRiPt:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<a href=\"javascript:alert(1)\">click</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "{{7*7}} ${7*7} <%= 7*7 %> #{7*7} {{constructor.constructor('alert(1)')()}}",
    "'; DROP TABLE tickets; --",
    "\" OR \"1\"=\"1",
    "\"}]},{\"status\":\"solved\",\"x\":\"",
    "</script><!--<script>-->]]><![CDATA[",
    "\u{202e}gpj.exe \u{2066}bidi\u{2069} \u{200f}rtl\u{200e}",
    "zero\u{200b}width\u{feff}bom\u{2060}joiner",
    "line\u{2028}separator\u{2029}paragraph",
    "𝕏😀 combining e\u{301}\u{301}\u{301} 日本語 العربية",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E &lt;b&gt; &amp;amp;",
    "\\u003cscript\\u003e \\\" \\\\",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
];

/// Extra payloads for multi-line fields (ticket and comment bodies).
pub const TEXT_PAYLOADS: &[&str] = &[
    "<script>\nalert(1)\n</script>\r\n<img src=x\tonerror=alert(1)>",
    "line one\r\nSet-Cookie: x=y\r\n\r\n<html>injected</html>",
];

/// Characters no field stores: NUL, ESC (terminal injection), DEL, C1.
pub const CONTROL_PAYLOADS: &[&str] = &["a\u{0}b", "a\u{1b}[31mred", "a\u{7f}b", "a\u{85}b", "a\u{9b}b"];

pub fn all_payloads() -> impl Iterator<Item = &'static str> {
    LINE_PAYLOADS.iter().chain(TEXT_PAYLOADS).copied()
}
