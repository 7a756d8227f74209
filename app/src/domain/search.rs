//! Search: what a learner typed, read into plain words, and what a search finds.
//!
//! A query is never handed to the search engine as typed: it is split into words of letters
//! and digits, so quotes, `*`, `NEAR`, `OR`, brackets and column filters are just text, and
//! each word is matched as a quoted term. A snippet travels as parts (plain text and matched
//! words) that the page renders as text and `<mark>`, so nothing in an answer or a query can
//! become markup.

use super::stories::{StoryId, StoryKind};
use super::{AttemptId, Level, QuestionSlug, Timestamp};
use serde::{Deserialize, Serialize};

/// The longest query accepted, in characters.
pub const QUERY_MAX: usize = 200;
/// The most words a query is searched by.
pub const WORDS_MAX: usize = 12;
/// Results on one page.
pub const PAGE_SIZE: u32 = 10;

/// Why a query cannot be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum QueryProblem {
    #[error("Type a word or two to search for.")]
    Empty,
    #[error("Keep a search to 200 characters or fewer.")]
    TooLong,
    #[error("Search for words: letters or digits, such as “fencing token”.")]
    NoWords,
}

/// The words of a query, lower-cased, at most [`WORDS_MAX`], each with its other spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchWords(Vec<Vec<String>>);

impl SearchWords {
    pub fn parse(query: &str) -> Result<Self, QueryProblem> {
        if query.chars().count() > QUERY_MAX {
            return Err(QueryProblem::TooLong);
        }
        if query.trim().is_empty() {
            return Err(QueryProblem::Empty);
        }
        let mut words: Vec<Vec<String>> = Vec::new();
        for word in query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
        {
            if words.len() == WORDS_MAX {
                break;
            }
            if !words.iter().any(|forms| forms[0] == word) {
                words.push(spellings(&word));
            }
        }
        if words.is_empty() {
            return Err(QueryProblem::NoWords);
        }
        Ok(Self(words))
    }

    /// Each word with its other spellings, the word first.
    pub fn words(&self) -> &[Vec<String>] {
        &self.0
    }
}

/// A word and its British or American twin: "linearisable" also searches "linearizable",
/// "utilization" also "utilisation". Stemming (on the engine's side) then joins
/// "idempotent" and "idempotency".
fn spellings(word: &str) -> Vec<String> {
    const PAIRS: [(&str, &str); 8] = [
        ("isation", "ization"),
        ("isable", "izable"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ise", "ize"),
        ("ises", "izes"),
        ("our", "or"),
        ("yse", "yze"),
    ];
    let mut forms = vec![word.to_owned()];
    for (british, american) in PAIRS {
        for (from, to) in [(british, american), (american, british)] {
            if let Some(stem) = word.strip_suffix(from)
                && stem.len() >= 3
            {
                let other = format!("{stem}{to}");
                if !forms.contains(&other) {
                    forms.push(other);
                }
            }
        }
    }
    forms
}

/// Part of a snippet: text, and whether it is a word the search matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

/// Splits a snippet the engine marked with `open` and `close` into parts. Markers are control
/// characters no stored text contains; an unbalanced one is dropped.
pub fn snippet_parts(marked: &str, open: char, close: char) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut matched = false;
    for c in marked.chars() {
        if c == open || c == close {
            if !text.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut text),
                    matched,
                });
            }
            matched = c == open;
        } else {
            text.push(c);
        }
    }
    if !text.is_empty() {
        parts.push(SnippetPart { text, matched });
    }
    parts
}

/// A question a search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionHit {
    pub slug: QuestionSlug,
    pub title: String,
    pub level: Level,
    pub snippet: Vec<SnippetPart>,
}

/// One of my answers a search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerHit {
    pub id: AttemptId,
    pub slug: QuestionSlug,
    pub question_title: String,
    pub submitted_at: Timestamp,
    pub snippet: Vec<SnippetPart>,
}

/// One of my stories a search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryHit {
    pub id: StoryId,
    pub title: String,
    pub kind: StoryKind,
    pub snippet: Vec<SnippetPart>,
}

/// What a search shows: every group (the questions a page at a time, with the best few of my
/// answers and stories on the first page), or one of my groups a page at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Group {
    All,
    Answers,
    Stories,
}

impl Group {
    /// From the `in` parameter; anything else is every group.
    pub fn from_param(value: Option<&str>) -> Group {
        match value.map(str::trim) {
            Some("answers") => Group::Answers,
            Some("stories") => Group::Stories,
            _ => Group::All,
        }
    }

    pub fn param(self) -> Option<&'static str> {
        match self {
            Group::All => None,
            Group::Answers => Some("answers"),
            Group::Stories => Some("stories"),
        }
    }
}

/// The most of my answers a search counts; beyond it, it says "more than" (see
/// `db::search::search_answers`: counting every match of a common word in a long history
/// would cost what the search saves).
pub const ANSWERS_COUNTED: u32 = 100;

/// How many of my answers and of my stories the first page of every group shows.
pub const PREVIEW_SIZE: u32 = 5;

/// A group of hits: one page of them, and how many were found over every page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hits<T> {
    pub hits: Vec<T>,
    pub total: u32,
    /// More follow this page (known without counting them all).
    pub more: bool,
}

/// One page of what a search found, best first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub group: Group,
    pub questions: Vec<QuestionHit>,
    /// Questions found in all, over every page (0 when only one of my groups is shown).
    pub total: u32,
    /// From 1.
    pub page: u32,
    /// My answers and my stories; `None` when nobody is signed in.
    pub answers: Option<Hits<AnswerHit>>,
    pub stories: Option<Hits<StoryHit>>,
}

impl SearchResults {
    /// Pages of the group being paged: the questions, or the one group shown.
    pub fn pages(&self) -> u32 {
        let total = match self.group {
            Group::All => self.total,
            // My answers are counted only so far: whether a next page exists is known from
            // this one.
            Group::Answers => {
                let more = self.answers.as_ref().is_some_and(|h| h.more);
                return if more {
                    self.page + 1
                } else {
                    self.page.max(1)
                };
            }
            Group::Stories => self.stories.as_ref().map_or(0, |h| h.total),
        };
        total.div_ceil(PAGE_SIZE).max(1)
    }
}

/// What the search page shows: nothing searched yet, a refusal for the query field, or
/// results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Search {
    NotYet,
    Refused(QueryProblem),
    Found(SearchResults),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_only_words_whatever_syntax_it_carries() {
        let words =
            SearchWords::parse(r#"  "fencing" NEAR(token*) OR title:lease -x  "#).expect("words");
        let firsts: Vec<&str> = words.words().iter().map(|w| w[0].as_str()).collect();
        assert_eq!(
            firsts,
            ["fencing", "near", "token", "or", "title", "lease", "x"]
        );
        assert_eq!(SearchWords::parse(""), Err(QueryProblem::Empty));
        assert_eq!(SearchWords::parse("   "), Err(QueryProblem::Empty));
        assert_eq!(SearchWords::parse("\"*()\" ^-"), Err(QueryProblem::NoWords));
        assert_eq!(
            SearchWords::parse(&"a".repeat(QUERY_MAX + 1)),
            Err(QueryProblem::TooLong)
        );
        assert!(SearchWords::parse(&"a ".repeat(QUERY_MAX / 2)).is_ok());
        let many = SearchWords::parse(&(0..30).map(|n| format!("w{n} ")).collect::<String>())
            .expect("words");
        assert_eq!(many.words().len(), WORDS_MAX);
    }

    #[test]
    fn british_and_american_spellings_find_each_other() {
        assert_eq!(spellings("linearisable"), ["linearisable", "linearizable"]);
        assert_eq!(spellings("linearizable"), ["linearizable", "linearisable"]);
        assert_eq!(spellings("utilisation"), ["utilisation", "utilization"]);
        assert_eq!(spellings("quorum"), ["quorum"]);
        assert_eq!(
            spellings("rise"),
            ["rise"],
            "too short a stem to be a spelling"
        );
    }

    #[test]
    fn snippets_split_into_text_and_marked_words() {
        let parts = snippet_parts("a \u{2}fencing\u{3} <b>token</b>", '\u{2}', '\u{3}');
        assert_eq!(
            parts,
            [
                SnippetPart {
                    text: "a ".into(),
                    matched: false
                },
                SnippetPart {
                    text: "fencing".into(),
                    matched: true
                },
                SnippetPart {
                    text: " <b>token</b>".into(),
                    matched: false
                },
            ]
        );
        assert!(snippet_parts("", '\u{2}', '\u{3}').is_empty());
    }
}
