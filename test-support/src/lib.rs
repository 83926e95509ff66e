//! What the tests of several crates share (a dev-dependency of the root
//! package and of `portico-edge`), so no test reaches into another crate's
//! test folder: a blocking HTTP/1.1 client that sends exactly the bytes it is
//! given, ticket fixtures, a webhook receiver, and the site's CSP as written.

pub mod http;
pub mod receiver;
pub mod serve;
pub mod tickets;

/// The Content-Security-Policy line of a built `_headers` file (what
/// Cloudflare sends with every page).
pub fn csp_of(headers_file: &str) -> String {
    headers_file
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy:"))
        .expect("_headers sets a Content-Security-Policy")
        .trim()
        .to_owned()
}
