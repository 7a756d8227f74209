//! The question bank loader (server only): reads `content/`, validates every file and renders
//! its Markdown once, at start-up. A request never parses Markdown.
//!
//! Layout: `content/questions/*.md` (one question each) and `content/pages/*.md` (prose such
//! as the study guide). Each file opens with TOML front matter between `+++` lines. A question
//! then has three `## ` sections: `Prompt`, `What they're testing` (a `- ` list: the rubric)
//! and `Strong answer`.
//!
//! Every error names the file, the line where one is known, and what is wrong, because the
//! person reading it is an editor who has just changed a file.

pub(crate) mod document;

use crate::domain::{Concept, Level, PageSlug, QuestionSlug};
use document::{Document, Section};
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

/// A validated, rendered question, ready to be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionDoc {
    pub slug: QuestionSlug,
    pub title: String,
    pub level: Level,
    pub concepts: Vec<Concept>,
    /// Position in the bank; unique across all questions.
    pub order: u32,
    pub key_terms: Vec<String>,
    pub prompt_html: String,
    pub rubric: Vec<String>,
    pub answer_html: String,
}

/// A validated, rendered prose page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageDoc {
    pub slug: PageSlug,
    pub title: String,
    pub body_html: String,
}

/// Everything `content/` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bank {
    pub questions: Vec<QuestionDoc>,
    pub pages: Vec<PageDoc>,
}

/// What is wrong with the content, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ContentError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ContentError {
    fn new(file: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            message: message.into(),
        }
    }
}

const TITLE_MAX: usize = 200;

/// Pages the site's navigation links to; start-up refuses content without them.
pub const REQUIRED_PAGES: [&str; 1] = ["study-guide"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFront {
    slug: QuestionSlug,
    title: String,
    level: Level,
    concepts: Vec<Concept>,
    order: u32,
    key_terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageFront {
    slug: PageSlug,
    title: String,
}

/// Reads and validates the whole content directory.
pub fn load(dir: &Path) -> Result<Bank, ContentError> {
    let question_files = markdown_files(&dir.join("questions"))?;
    if question_files.is_empty() {
        return Err(ContentError::new(
            &dir.join("questions"),
            None,
            "no question files (*.md) found",
        ));
    }
    let mut questions = Vec::with_capacity(question_files.len());
    let mut slugs: HashMap<QuestionSlug, PathBuf> = HashMap::new();
    let mut orders: HashMap<u32, PathBuf> = HashMap::new();
    for path in question_files {
        let question = parse_question(&path, &read(&path)?)?;
        if let Some(other) = slugs.insert(question.slug.clone(), path.clone()) {
            return Err(ContentError::new(
                &path,
                None,
                format!(
                    "duplicate slug `{}`: {} already uses it",
                    question.slug,
                    other.display()
                ),
            ));
        }
        if let Some(other) = orders.insert(question.order, path.clone()) {
            return Err(ContentError::new(
                &path,
                None,
                format!(
                    "duplicate order {}: {} already uses it",
                    question.order,
                    other.display()
                ),
            ));
        }
        questions.push(question);
    }
    questions.sort_by_key(|q| (q.level, q.order));

    let pages_dir = dir.join("pages");
    let mut pages = Vec::new();
    if pages_dir.exists() {
        let mut page_slugs: HashMap<PageSlug, PathBuf> = HashMap::new();
        for path in markdown_files(&pages_dir)? {
            let page = parse_page(&path, &read(&path)?)?;
            if let Some(other) = page_slugs.insert(page.slug.clone(), path.clone()) {
                return Err(ContentError::new(
                    &path,
                    None,
                    format!(
                        "duplicate page slug `{}`: {} already uses it",
                        page.slug,
                        other.display()
                    ),
                ));
            }
            pages.push(page);
        }
    }
    for required in REQUIRED_PAGES {
        if !pages.iter().any(|p| p.slug.as_str() == required) {
            return Err(ContentError::new(
                &pages_dir,
                None,
                format!("the page with slug `{required}` is missing; the site links to it"),
            ));
        }
    }
    Ok(Bank { questions, pages })
}

fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, ContentError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ContentError::new(dir, None, format!("cannot read the directory: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry
            .map_err(|e| ContentError::new(dir, None, format!("cannot list the directory: {e}")))?;
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "md") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn read(path: &Path) -> Result<String, ContentError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ContentError::new(path, None, format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| ContentError::new(path, None, "the file is not valid UTF-8"))?;
    Ok(text.replace("\r\n", "\n"))
}

/// Parses one question file. `path` is only used to name the file in errors.
pub fn parse_question(path: &Path, text: &str) -> Result<QuestionDoc, ContentError> {
    let doc = Document::split(text).map_err(|(line, msg)| ContentError::new(path, line, msg))?;
    let front: QuestionFront = doc.front_matter(path)?;

    let title = checked_title(path, &doc, &front.title)?;
    if front.concepts.is_empty() {
        return Err(doc.error_at_key(path, "concepts", "`concepts` needs at least one concept"));
    }
    if let Some(dup) = first_duplicate(front.concepts.iter().map(|c| c.slug().to_owned())) {
        return Err(doc.error_at_key(path, "concepts", format!("concept `{dup}` is listed twice")));
    }
    let key_terms: Vec<String> = front
        .key_terms
        .iter()
        .map(|t| t.trim().to_owned())
        .collect();
    if key_terms.is_empty() || key_terms.iter().any(String::is_empty) {
        return Err(doc.error_at_key(
            path,
            "key_terms",
            "`key_terms` needs at least one non-empty term",
        ));
    }
    if let Some(dup) = first_duplicate(key_terms.iter().map(|t| t.to_lowercase())) {
        return Err(doc.error_at_key(
            path,
            "key_terms",
            format!("key term `{dup}` is listed twice"),
        ));
    }
    if front.order == 0 {
        return Err(doc.error_at_key(path, "order", "`order` starts at 1"));
    }

    let sections = doc
        .sections(&["Prompt", "What they're testing", "Strong answer"])
        .map_err(|(line, msg)| ContentError::new(path, line, msg))?;
    let [prompt, testing, answer] = sections;
    let rubric = rubric_items(path, &testing)?;

    Ok(QuestionDoc {
        slug: front.slug,
        title,
        level: front.level,
        concepts: front.concepts,
        order: front.order,
        key_terms,
        prompt_html: crate::markdown::render(&prompt.body),
        rubric,
        answer_html: crate::markdown::render(&answer.body),
    })
}

/// Parses one prose page.
pub fn parse_page(path: &Path, text: &str) -> Result<PageDoc, ContentError> {
    let doc = Document::split(text).map_err(|(line, msg)| ContentError::new(path, line, msg))?;
    let front: PageFront = doc.front_matter(path)?;
    let title = checked_title(path, &doc, &front.title)?;
    if doc.body.trim().is_empty() {
        return Err(ContentError::new(
            path,
            Some(doc.body_line),
            "the page has no text",
        ));
    }
    Ok(PageDoc {
        slug: front.slug,
        title,
        body_html: crate::markdown::render(&doc.body),
    })
}

fn checked_title(path: &Path, doc: &Document, title: &str) -> Result<String, ContentError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(doc.error_at_key(path, "title", "`title` is empty"));
    }
    if title.chars().count() > TITLE_MAX {
        return Err(doc.error_at_key(
            path,
            "title",
            format!("`title` is longer than {TITLE_MAX} characters"),
        ));
    }
    Ok(title.to_owned())
}

/// "What they're testing" must be a flat list; each item is one line of plain text.
fn rubric_items(path: &Path, section: &Section) -> Result<Vec<String>, ContentError> {
    let mut items = Vec::new();
    for (offset, line) in section.body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let item = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .map(str::trim)
            .filter(|item| !item.is_empty());
        match item {
            Some(item) => items.push(item.to_owned()),
            None => {
                return Err(ContentError::new(
                    path,
                    Some(section.body_line + offset),
                    "\"What they're testing\" must be a list with one `- ` item per line",
                ));
            }
        }
    }
    Ok(items)
}

fn first_duplicate(values: impl Iterator<Item = String>) -> Option<String> {
    let mut seen = BTreeSet::new();
    values.into_iter().find(|v| !seen.insert(v.clone()))
}

#[cfg(test)]
mod tests;
