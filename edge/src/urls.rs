//! Where the support pages (and the agents' set-up page) are on the site. The generator publishes them
//! there and the edge sends customers there (a new ticket's status link, a
//! refused form's way back), so both take the paths from here and cannot
//! disagree.

/// The ticket form of `lang`: `/<lang>/support/`.
pub fn support_page(lang: &str) -> String {
    format!("/{lang}/support/")
}

/// The private ticket status page of `lang`: `/<lang>/support/status/`.
pub fn status_page(lang: &str) -> String {
    format!("/{lang}/support/status/")
}

/// A ticket's status link: `/<lang>/support/status/?id=…#token=…`. The token
/// sits in the fragment so it never reaches server logs or Referer headers.
pub fn ticket_status(lang: &str, id: &str, token: &str) -> String {
    format!("{}?id={id}#token={token}", status_page(lang))
}

/// The agent workspace's set-up page, where a one-time link lets an agent
/// set a password: `/agent/setup/#token=…` (the token in the fragment, like a
/// ticket's). The workspace pages come with a later step; until then the
/// link's token is what `POST /api/agent/setup` takes.
pub fn agent_setup(token: &str) -> String {
    format!("/agent/setup/#token={token}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_have_the_published_shape() {
        assert_eq!(super::support_page("ja"), "/ja/support/");
        assert_eq!(
            super::ticket_status("en", "PB-X", "t"),
            "/en/support/status/?id=PB-X#token=t"
        );
    }
}
