//! How the domain types are stored, so that rows decode straight into them
//! (`#[derive(sqlx::FromRow)]` structs with a `QuestionSlug`, a `Rating`, a `Date` field) and
//! binds take them as they are. Each type is stored as its plain form: a slug, a share token and
//! a date as TEXT (`YYYY-MM-DD`), a level and a rating as their number, ids and instants
//! (Unix seconds) as BIGINT. A learner's local day in the roll-ups is a day number (BIGINT),
//! converted where it is read and written (`Date::day_number`), not through these impls. Decoding
//! parses: a stored value this build cannot read (a row written by hand or by a newer build) is
//! a decode error, which reaches the caller as a failed query, never a panic.
//!
//! The impls are generic over the database, by way of the plain form's own impls, so they hold
//! for PostgreSQL as they do for SQLite.

use crate::domain::sets::ListVersion;
use crate::domain::stories::{StoryId, StoryKind};
use crate::domain::{
    AttemptId, Concept, Date, Level, PageSlug, QuestionSlug, Rating, SetId, ShareToken, Timestamp,
    UserId,
};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

/// Implements `Type`, `Encode` and `Decode` for `$ty`, stored as `$plain`: `$to` turns a
/// value into its plain form, `$from` parses the plain form back.
macro_rules! stored_as {
    ($ty:ty, $plain:ty, to: $to:expr, from: $from:expr) => {
        impl<DB: Database> Type<DB> for $ty
        where
            $plain: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <$plain as Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <$plain as Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: Database> Encode<'q, DB> for $ty
        where
            $plain: Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as Database>::ArgumentBuffer<'q>,
            ) -> Result<IsNull, BoxDynError> {
                let to: fn(&$ty) -> $plain = $to;
                to(self).encode(buf)
            }
        }

        impl<'r, DB: Database> Decode<'r, DB> for $ty
        where
            $plain: Decode<'r, DB>,
        {
            fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
                let from: fn($plain) -> Result<$ty, String> = $from;
                Ok(from(<$plain as Decode<'r, DB>>::decode(value)?)?)
            }
        }
    };
}

stored_as!(Timestamp, i64, to: |at| at.secs(), from: |n| Ok(Timestamp::from_secs(n)));
stored_as!(UserId, i64, to: |id| id.0, from: |n| Ok(UserId(n)));
stored_as!(AttemptId, i64, to: |id| id.0, from: |n| Ok(AttemptId(n)));
stored_as!(SetId, i64, to: |id| id.0, from: |n| Ok(SetId(n)));
stored_as!(ListVersion, i64, to: |v| v.0, from: |n| Ok(ListVersion(n)));
stored_as!(StoryId, i64, to: |id| id.0, from: |n| Ok(StoryId(n)));
stored_as!(
    StoryKind,
    String,
    to: |kind| kind.slug().to_owned(),
    from: |text| StoryKind::from_slug(&text).ok_or_else(|| format!("story kind {text:?}"))
);
stored_as!(
    Concept,
    String,
    to: |concept| concept.slug().to_owned(),
    from: |text| Concept::from_slug(&text).ok_or_else(|| format!("concept {text:?}"))
);
stored_as!(
    QuestionSlug,
    String,
    to: |slug| slug.as_str().to_owned(),
    from: |text| QuestionSlug::try_from(text).map_err(|e| e.to_string())
);
stored_as!(
    PageSlug,
    String,
    to: |slug| slug.as_str().to_owned(),
    from: |text| PageSlug::try_from(text).map_err(|e| e.to_string())
);
stored_as!(
    ShareToken,
    String,
    to: |token| token.as_str().to_owned(),
    from: |text| ShareToken::parse(&text).map_err(|_| format!("not a share token: {text:?}"))
);
stored_as!(
    Date,
    String,
    to: |date| date.to_string(),
    from: |text| Date::parse(&text).map_err(|e| format!("{text:?}: {e}"))
);
stored_as!(
    Level,
    i64,
    to: |level| i64::from(level.number()),
    from: |n| {
        u8::try_from(n)
            .map_err(|e| e.to_string())
            .and_then(Level::try_from)
    }
);
stored_as!(
    Rating,
    i64,
    to: |rating| i64::from(rating.number()),
    from: |n| {
        u8::try_from(n)
            .ok()
            .and_then(|n| Rating::try_from(n).ok())
            .ok_or_else(|| format!("rating {n}"))
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    async fn db() -> (tempfile::TempDir, crate::db::Db) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = crate::db::Db::connect(&format!("sqlite://{}", dir.path().join("t.db").display()))
            .await
            .expect("connect");
        (dir, db)
    }

    #[tokio::test]
    async fn domain_values_round_trip_through_their_stored_form() {
        let (_dir, db) = db().await;
        let slug = QuestionSlug::parse("cap-mysql-partition").expect("slug");
        let date = Date::parse("2027-03-14").expect("date");
        let row: (QuestionSlug, Date, Level, Rating, UserId, String, i64) =
            sqlx::query_as("SELECT $1, $2, $3, $4, $5, $6, $7")
                .bind(&slug)
                .bind(date)
                .bind(Level::ComplexScenarios)
                .bind(Rating::Hard)
                .bind(UserId(42))
                .bind(date)
                .bind(Rating::Hard)
                .fetch_one(db.sqlite_pools().reader())
                .await
                .expect("round trip");
        assert_eq!(
            row,
            (
                slug,
                date,
                Level::ComplexScenarios,
                Rating::Hard,
                UserId(42),
                "2027-03-14".to_owned(),
                2
            ),
            "stored as their plain forms"
        );
    }

    #[tokio::test]
    async fn a_stored_value_this_build_cannot_read_is_an_error_not_a_panic() {
        let (_dir, db) = db().await;
        async fn fails<T>(db: &crate::db::Db, sql: &str) -> bool
        where
            T: for<'r> Decode<'r, sqlx::Sqlite> + Type<sqlx::Sqlite> + Send + Unpin,
        {
            sqlx::query_scalar::<_, T>(sql)
                .fetch_one(db.sqlite_pools().reader())
                .await
                .is_err()
        }
        for sql in ["SELECT 'Not A Slug!'", "SELECT ''", "SELECT 7"] {
            assert!(fails::<QuestionSlug>(&db, sql).await, "{sql}");
        }
        for sql in [
            "SELECT '2027-02-30'",
            "SELECT '14/03/2027'",
            "SELECT 20270314",
        ] {
            assert!(fails::<Date>(&db, sql).await, "{sql}");
        }
        for sql in ["SELECT 0", "SELECT 5", "SELECT -1", "SELECT 'good'"] {
            assert!(fails::<Rating>(&db, sql).await, "{sql}");
            assert!(fails::<Level>(&db, sql).await, "{sql}");
        }
    }
}
