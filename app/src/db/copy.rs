//! `rehearse copy-database`: everything a SQLite database holds, moved into a PostgreSQL
//! database in one transaction, and shown to have arrived.
//!
//! Both databases are migrated first; both must then hold this build's tables and columns, and
//! the target no learner rows. The source is read from one snapshot. The content tables (the bank,
//! the pages, the search index and the content version), which a server fills from
//! `content/` when it starts, are replaced by the source's: attempts point at questions the
//! source retired, which a fresh sync would not hold. Then every table is copied in
//! [`TABLES`] order (parents first), its identity sequence moved past every id SQLite handed
//! out, and
//! each table's rows are read back from the target, counted and hashed, and compared with
//! the source's before the transaction commits. Any difference rolls everything back.
//!
//! Values are copied as they are, with one exception PostgreSQL forces: its text cannot hold
//! NUL (U+0000), which SQLite stored from answers written before NUL was dropped on input.
//! Those characters are removed, counted and reported; the checksums compare the text as
//! stored on PostgreSQL.

use super::{Db, DbError, Engine};
use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::{Postgres, QueryBuilder, Row, Sqlite};

/// Every table of the schema, parents before children. Each copy first checks that both
/// databases hold exactly these tables with the same columns, and refuses otherwise.
pub const TABLES: &[&str] = &[
    "questions",
    "question_concepts",
    "rubric_items",
    "key_terms",
    "pages",
    "question_steps",
    "question_search",
    "content_version",
    "users",
    "sessions",
    "throttle_buckets",
    "attempts",
    "attempt_ticks",
    "attempt_key_terms",
    "review_states",
    "daily_activity",
    "question_progress",
    "practice_sets",
    "set_questions",
    "set_members",
    "shared_answers",
    "peer_reviews",
    "peer_review_ticks",
    "stories",
    "story_concepts",
    "story_versions",
    "story_rehearsals",
    "story_rehearsal_ticks",
    "story_review_states",
    "shared_stories",
    "story_reviews",
    "story_review_ticks",
];

/// The tables a server fills from `content/`; a target may hold them (a server started on it
/// once), and the copy replaces them.
const CONTENT_TABLES: &[&str] = &[
    "questions",
    "question_concepts",
    "rubric_items",
    "key_terms",
    "pages",
    "question_steps",
    "question_search",
    "content_version",
];

/// PostgreSQL takes at most 65 535 parameters in one statement.
const MAX_BINDS: usize = 60_000;

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(
        "copy-database copies a SQLite database (--from sqlite://…) into PostgreSQL (--to postgres://…)"
    )]
    Direction,
    #[error("there is no SQLite database at {path}")]
    NoSource { path: String },
    #[error(
        "the target already holds learner data ({rows} rows in `{table}`); copy into an empty database"
    )]
    NotEmpty { table: &'static str, rows: i64 },
    #[error(
        "the two databases' tables differ from this build's ({detail}); copy with the build \
         that last served the SQLite database"
    )]
    Schema { detail: String },
    #[error("`{table}` has a column of type {data_type}, which the copy does not know")]
    UnknownType {
        table: &'static str,
        data_type: String,
    },
    #[error(
        "`{table}` did not arrive whole ({source_rows} rows with checksum {source_checksum} \
         read, {target_rows} rows with checksum {target_checksum} stored); nothing was copied"
    )]
    Mismatch {
        table: &'static str,
        source_rows: u64,
        source_checksum: String,
        target_rows: u64,
        target_checksum: String,
    },
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<sqlx::Error> for CopyError {
    fn from(err: sqlx::Error) -> Self {
        Self::Db(err.into())
    }
}

/// What one table's copy found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub table: &'static str,
    pub rows: u64,
    /// SHA-256 over the sorted digests of the rows, in hex: the same on both sides.
    pub checksum: String,
    /// NUL characters removed from this table's text.
    pub nul_removed: u64,
}

/// How far the copy is: `(table, rows copied, rows in the table)`, after each batch.
pub type Progress<'a> = &'a mut (dyn FnMut(&str, u64, u64) + Send);

/// Copies `from` (SQLite) into `to` (PostgreSQL); see the module's documentation.
pub async fn copy_database(
    from: &Db,
    to: &Db,
    progress: Progress<'_>,
) -> Result<Vec<Copied>, CopyError> {
    let (Engine::Sqlite(source), Engine::Postgres(target)) = (from.engine(), to.engine()) else {
        return Err(CopyError::Direction);
    };
    // The source is brought to this build's schema, as a server starting on it would.
    from.migrate().await?;
    to.migrate().await?;
    // Every table is read from one snapshot of the source.
    let mut src = source.reader().begin().await?;
    let mut tx = target.writer().begin().await?;
    same_schema(&mut src, &mut tx).await?;
    for &table in TABLES {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await?;
        if rows > 0 && !CONTENT_TABLES.contains(&table) {
            return Err(CopyError::NotEmpty { table, rows });
        }
    }
    for &table in CONTENT_TABLES.iter().rev() {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    let mut report = Vec::with_capacity(TABLES.len());
    for &table in TABLES {
        let columns = columns(&mut tx, table).await?;
        let (copied, nul_removed) =
            copy_table(&mut src, &mut tx, table, &columns, progress).await?;
        let (rows, checksum) = read_back(&mut tx, table, &columns).await?;
        if (rows, &checksum) != (copied.rows, &copied.checksum) {
            return Err(CopyError::Mismatch {
                table,
                source_rows: copied.rows,
                source_checksum: copied.checksum,
                target_rows: rows,
                target_checksum: checksum,
            });
        }
        report.push(Copied {
            table,
            rows,
            checksum,
            nul_removed,
        });
    }
    move_sequences(&mut src, &mut tx).await?;
    tx.commit().await?;
    src.rollback().await?;
    Ok(report)
}

/// Refuses unless both databases hold exactly [`TABLES`], each with the same columns (but
/// PostgreSQL's generated search vectors): a table or column this build does not know would
/// otherwise be left behind. SQLite's full-text indexes (virtual tables and their shadow
/// tables) are rebuilt by PostgreSQL and not compared, except the bank's, which is a table
/// on both.
async fn same_schema(
    source: &mut sqlx::Transaction<'_, Sqlite>,
    target: &mut sqlx::Transaction<'_, Postgres>,
) -> Result<(), CopyError> {
    use std::collections::BTreeSet;
    let listed: BTreeSet<String> = TABLES.iter().map(|t| (*t).to_owned()).collect();
    let in_target: BTreeSet<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
           AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut **target)
    .await?
    .into_iter()
    .collect();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, COALESCE(sql, '') FROM sqlite_master
         WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&mut **source)
    .await?;
    let virtual_tables: Vec<&str> = tables
        .iter()
        .filter(|(_, sql)| sql.starts_with("CREATE VIRTUAL TABLE"))
        .map(|(name, _)| name.as_str())
        .collect();
    let in_source: BTreeSet<String> = tables
        .iter()
        .map(|(name, _)| name)
        .filter(|name| {
            name.as_str() == "question_search"
                || !virtual_tables
                    .iter()
                    .any(|v| name.as_str() == *v || name.starts_with(&format!("{v}_")))
        })
        .cloned()
        .collect();
    for (side, found) in [("SQLite", &in_source), ("PostgreSQL", &in_target)] {
        if *found != listed {
            let extra: Vec<&String> = found.difference(&listed).collect();
            let missing: Vec<&String> = listed.difference(found).collect();
            return Err(CopyError::Schema {
                detail: format!("{side} has the tables {extra:?} more and {missing:?} fewer"),
            });
        }
    }
    for &table in TABLES {
        let source_columns: BTreeSet<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1)")
                .bind(table)
                .fetch_all(&mut **source)
                .await?
                .into_iter()
                .collect();
        let target_columns: BTreeSet<String> = columns(target, table)
            .await?
            .into_iter()
            .map(|c| c.name)
            .collect();
        if source_columns != target_columns {
            return Err(CopyError::Schema {
                detail: format!(
                    "`{table}` has the columns {source_columns:?} on SQLite and \
                     {target_columns:?} on PostgreSQL"
                ),
            });
        }
    }
    Ok(())
}

/// How a column's values are read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Text,
}

struct Column {
    name: String,
    kind: Kind,
}

/// The target table's columns that take values (not the generated search vectors), in order.
async fn columns(
    tx: &mut sqlx::Transaction<'_, Postgres>,
    table: &'static str,
) -> Result<Vec<Column>, CopyError> {
    let found: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    found
        .into_iter()
        .map(|(name, data_type)| {
            let kind = match data_type.as_str() {
                "bigint" => Kind::Integer,
                "double precision" => Kind::Real,
                "text" => Kind::Text,
                _ => return Err(CopyError::UnknownType { table, data_type }),
            };
            Ok(Column { name, kind })
        })
        .collect()
}

/// One stored value, as both engines hold it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Integer(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
}

impl Value {
    /// Feeds the value to a row's digest, tagged so that no two values hash alike.
    fn digest(&self, hasher: &mut Sha256) {
        match self {
            Self::Integer(None) | Self::Real(None) | Self::Text(None) => hasher.update([0]),
            Self::Integer(Some(n)) => {
                hasher.update([1]);
                hasher.update(n.to_be_bytes());
            }
            Self::Real(Some(x)) => {
                hasher.update([2]);
                hasher.update(x.to_bits().to_be_bytes());
            }
            Self::Text(Some(text)) => {
                hasher.update([3]);
                hasher.update(u64::try_from(text.len()).unwrap_or(u64::MAX).to_be_bytes());
                hasher.update(text.as_bytes());
            }
        }
    }
}

/// Reads column `i` of `row` as `kind`.
fn value<R: Row>(row: &R, i: usize, kind: Kind) -> Result<Value, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    Option<i64>: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<f64>: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<String>: for<'r> sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    Ok(match kind {
        Kind::Integer => Value::Integer(row.try_get(i)?),
        Kind::Real => Value::Real(row.try_get(i)?),
        Kind::Text => Value::Text(row.try_get(i)?),
    })
}

/// Digests of the rows, sorted, hashed once more: a table's checksum whatever order the
/// engines return its rows in.
fn checksum(mut rows: Vec<[u8; 32]>) -> String {
    rows.sort_unstable();
    let mut hasher = Sha256::new();
    for row in &rows {
        hasher.update(row);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn row_digest(values: &[Value]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for value in values {
        value.digest(&mut hasher);
    }
    hasher.finalize().into()
}

struct Read {
    rows: u64,
    checksum: String,
}

/// Streams `table` out of SQLite into the transaction, in batches; what was read, and how
/// many NUL characters were dropped.
async fn copy_table(
    source: &mut sqlx::Transaction<'_, Sqlite>,
    tx: &mut sqlx::Transaction<'_, Postgres>,
    table: &'static str,
    columns: &[Column],
    progress: Progress<'_>,
) -> Result<(Read, u64), CopyError> {
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let list = names.join(", ");
    let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut **source)
        .await?;
    let total = u64::try_from(total).unwrap_or(0);
    progress(table, 0, total);
    let batch_rows = (MAX_BINDS / columns.len().max(1)).clamp(1, 5_000);
    let select = format!("SELECT {list} FROM {table}");
    let mut rows = sqlx::query(&select).fetch(&mut **source);
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(batch_rows);
    let mut digests = Vec::new();
    let mut nul_removed = 0_u64;
    let mut done = 0_u64;
    while let Some(row) = rows.try_next().await? {
        let mut values = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            let mut value = value(&row, i, column.kind)?;
            if let Value::Text(Some(text)) = &mut value
                && text.contains('\0')
            {
                nul_removed += u64::try_from(text.matches('\0').count()).unwrap_or(0);
                text.retain(|c| c != '\0');
            }
            values.push(value);
        }
        digests.push(row_digest(&values));
        batch.push(values);
        if batch.len() == batch_rows {
            insert(tx, table, &list, &batch).await?;
            done += u64::try_from(batch.len()).unwrap_or(0);
            batch.clear();
            progress(table, done, total);
        }
    }
    if !batch.is_empty() {
        insert(tx, table, &list, &batch).await?;
        done += u64::try_from(batch.len()).unwrap_or(0);
        progress(table, done, total);
    }
    let read = Read {
        rows: u64::try_from(digests.len()).unwrap_or(u64::MAX),
        checksum: checksum(digests),
    };
    Ok((read, nul_removed))
}

async fn insert(
    tx: &mut sqlx::Transaction<'_, Postgres>,
    table: &str,
    list: &str,
    rows: &[Vec<Value>],
) -> Result<(), CopyError> {
    let mut insert = QueryBuilder::<Postgres>::new(format!("INSERT INTO {table} ({list}) "));
    insert.push_values(rows, |mut out, row| {
        for value in row {
            match value {
                Value::Integer(n) => out.push_bind(*n),
                Value::Real(x) => out.push_bind(*x),
                Value::Text(text) => out.push_bind(text.clone()),
            };
        }
    });
    insert.build().execute(&mut **tx).await?;
    Ok(())
}

/// The rows of `table` as the target now holds them: how many, and their checksum.
async fn read_back(
    tx: &mut sqlx::Transaction<'_, Postgres>,
    table: &str,
    columns: &[Column],
) -> Result<(u64, String), CopyError> {
    let list: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let select = format!("SELECT {} FROM {table}", list.join(", "));
    let mut rows = sqlx::query(&select).fetch(&mut **tx);
    let mut digests = Vec::new();
    while let Some(row) = rows.try_next().await? {
        let values = columns
            .iter()
            .enumerate()
            .map(|(i, column)| value(&row, i, column.kind))
            .collect::<Result<Vec<_>, _>>()?;
        digests.push(row_digest(&values));
    }
    Ok((
        u64::try_from(digests.len()).unwrap_or(u64::MAX),
        checksum(digests),
    ))
}

/// Moves each identity column's sequence past the largest id SQLite ever handed out (its
/// `AUTOINCREMENT` high-water mark, which a deleted row leaves above the largest copied id),
/// so that no id is used twice.
async fn move_sequences(
    source: &mut sqlx::Transaction<'_, Sqlite>,
    tx: &mut sqlx::Transaction<'_, Postgres>,
) -> Result<(), CopyError> {
    let handed_out: std::collections::HashMap<String, i64> =
        sqlx::query_as::<_, (String, i64)>("SELECT name, seq FROM sqlite_sequence")
            .fetch_all(&mut **source)
            .await?
            .into_iter()
            .collect();
    let identities: Vec<(String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
    )
    .fetch_all(&mut **tx)
    .await?;
    for (table, column) in identities {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence($1, $2),
                           GREATEST(COALESCE((SELECT MAX({column}) FROM {table}), 0), $3) + 1,
                           false)"
        ))
        .bind(&table)
        .bind(&column)
        .bind(handed_out.get(&table).copied().unwrap_or(0))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
