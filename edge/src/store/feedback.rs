//! Article votes ("Was this helpful?") and search misses: the writes and the
//! agents' aggregates.

use super::{int_col, text_col, StoreError};
use crate::db::{Db, Row, Stmt};
use serde::Serialize;

/// One article version's votes, as `GET /api/feedback/summary` lists them.
/// Fields are in alphabetical order, the order the JSON bodies have always
/// had (they were built as sorted maps before these types existed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedbackSummary {
    pub article: String,
    /// Votes that came with a comment.
    pub comments: i64,
    pub helpful: i64,
    pub language: String,
    pub not_helpful: i64,
    /// `helpful / total`, 0 without votes.
    pub ratio: f64,
    pub total: i64,
    /// The docs version, `""` for unversioned articles.
    pub version: String,
}

impl FeedbackSummary {
    fn from_row(r: &Row) -> Result<Self, StoreError> {
        let (helpful, total) = (int_col(r, "helpful")?, int_col(r, "total")?);
        Ok(FeedbackSummary {
            article: text_col(r, "article")?,
            comments: int_col(r, "comments")?,
            helpful,
            language: text_col(r, "language")?,
            not_helpful: int_col(r, "not_helpful")?,
            ratio: if total > 0 { helpful as f64 / total as f64 } else { 0.0 },
            total,
            version: text_col(r, "version")?,
        })
    }
}

/// A search that found nothing, as `GET /api/search-misses` lists it
/// (fields alphabetical, like [`FeedbackSummary`]'s).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchMiss {
    pub count: i64,
    pub language: String,
    /// Unix milliseconds of the latest miss.
    pub last_seen: i64,
    /// The normalized query (trimmed, lower-cased, spaces collapsed).
    pub query: String,
}

/// Records a helpfulness vote; a second vote by the same client on the same
/// day for the same article version replaces the first.
#[allow(clippy::too_many_arguments)]
pub async fn vote(
    db: &dyn Db,
    article: &str,
    language: &str,
    version: &str,
    client: &str,
    helpful: bool,
    comment: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    db.batch(vec![Stmt::new(
        "INSERT INTO feedback_votes (article, language, version, client_hash, day, helpful, comment, created_at, \
         updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (article, language, version, client_hash, day) DO UPDATE SET helpful = excluded.helpful, \
         comment = COALESCE(excluded.comment, feedback_votes.comment), updated_at = excluded.updated_at",
        vec![
            article.into(),
            language.into(),
            version.into(),
            client.into(),
            now.div_euclid(86_400_000).into(),
            i64::from(helpful).into(),
            comment.into(),
            now.into(),
            now.into(),
        ],
    )])
    .await?;
    Ok(())
}

/// Per-article vote counts and helpfulness ratio, most-voted first.
pub async fn feedback_summary(db: &dyn Db, language: Option<&str>) -> Result<Vec<FeedbackSummary>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT article, language, version, SUM(helpful) AS helpful, COUNT(*) - SUM(helpful) AS not_helpful, \
             COUNT(*) AS total, COUNT(comment) AS comments FROM feedback_votes WHERE (? IS NULL OR language = ?) \
             GROUP BY article, language, version ORDER BY total DESC, article, language, version",
            vec![language.into(), language.into()],
        )])
        .await?;
    rows[0].iter().map(FeedbackSummary::from_row).collect()
}

/// Counts a search that found nothing.
pub async fn search_miss(db: &dyn Db, query: &str, language: &str, now: i64) -> Result<(), StoreError> {
    db.batch(vec![Stmt::new(
        "INSERT INTO search_misses (query, language, count, first_seen, last_seen) VALUES (?, ?, 1, ?, ?) \
         ON CONFLICT (query, language) DO UPDATE SET count = search_misses.count + 1, last_seen = excluded.last_seen",
        vec![query.into(), language.into(), now.into(), now.into()],
    )])
    .await?;
    Ok(())
}

/// The most frequent missed searches.
pub async fn search_misses(db: &dyn Db, limit: i64) -> Result<Vec<SearchMiss>, StoreError> {
    let rows = db
        .batch(vec![Stmt::new(
            "SELECT query, language, count, last_seen FROM search_misses ORDER BY count DESC, last_seen DESC LIMIT ?",
            vec![limit.into()],
        )])
        .await?;
    rows[0]
        .iter()
        .map(|r| {
            Ok(SearchMiss {
                count: int_col(r, "count")?,
                language: text_col(r, "language")?,
                last_seen: int_col(r, "last_seen")?,
                query: text_col(r, "query")?,
            })
        })
        .collect()
}
