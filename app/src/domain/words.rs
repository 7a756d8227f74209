//! Small pieces of English the pages share.

/// A count with its noun, singular for exactly one: "1 day", "3 days", "0 reviews".
pub fn counted(n: i64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// [`counted`] for a length or other `usize` count.
pub fn counted_len(n: usize, one: &str, many: &str) -> String {
    counted(i64::try_from(n).unwrap_or(i64::MAX), one, many)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(counted(1, "day", "days"), "1 day");
        assert_eq!(counted(0, "day", "days"), "0 days");
        assert_eq!(counted(2, "day", "days"), "2 days");
        assert_eq!(counted(-1, "day", "days"), "-1 days");
        assert_eq!(counted_len(1, "question", "questions"), "1 question");
        assert_eq!(counted_len(61, "question", "questions"), "61 questions");
    }
}
