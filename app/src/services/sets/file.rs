//! The set file: a practice set as Markdown, for export and import. TOML front matter (the
//! format, the title, the due date and the question slugs in order), then the description.
//! Parsing checks the form only; whether each slug is in the bank is the importer's check.

use super::Access;
use crate::db::sets::{self as store, SetDetails};
use crate::db::{Db, questions};
use crate::domain::Timestamp;
use crate::domain::{Date, QuestionSlug, SetDescription, SetTitle};
use crate::domain::{SetId, UserId};
use crate::error::Context;
use crate::error::{AppError, FieldName, FieldProblem};
use serde::{Deserialize, Serialize};

/// The largest set file accepted, and the most questions one may name.
const SET_FILE_MAX_BYTES: usize = 64 * 1024;
const SET_FILE_MAX_QUESTIONS: usize = 500;

/// The `format` line of a set file.
const SET_FILE_FORMAT: &str = "rehearse-set/1";

/// The front matter of a set file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SetFileFront {
    format: String,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_on: Option<String>,
    questions: Vec<String>,
}

/// A set as a Markdown file: TOML front matter (format, title, due date, the question slugs
/// in order), then the description.
pub fn render_set_file(
    title: &str,
    due_on: Option<Date>,
    slugs: &[QuestionSlug],
    description_md: &str,
) -> String {
    let front = SetFileFront {
        format: SET_FILE_FORMAT.to_owned(),
        title: title.to_owned(),
        due_on: due_on.map(|d| d.to_string()),
        questions: slugs.iter().map(|s| s.as_str().to_owned()).collect(),
    };
    // Serialising this struct of strings cannot fail; an empty front matter would still
    // import as "not a set file" rather than as something else.
    let toml = toml::to_string(&front).unwrap_or_default();
    let mut file = format!("+++\n{toml}+++\n");
    if !description_md.is_empty() {
        file.push('\n');
        file.push_str(description_md);
        file.push('\n');
    }
    file
}

/// A parsed set file, every slug still to be checked against the bank.
#[derive(Debug, PartialEq, Eq)]
pub struct SetFile {
    pub title: SetTitle,
    pub description: SetDescription,
    pub due_on: Option<Date>,
    pub questions: Vec<QuestionSlug>,
}

/// Parses a set file. Anything that is not one, in any way, is the same clear error; a
/// field that is one but is wrong says which.
pub fn parse_set_file(text: &str) -> Result<SetFile, AppError> {
    let not_a_set = || AppError::field(FieldName::SetFile, FieldProblem::NotASetFile);
    if text.len() > SET_FILE_MAX_BYTES {
        return Err(not_a_set());
    }
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let doc = crate::content::document::Document::split(&text).map_err(|_| not_a_set())?;
    let front: SetFileFront = toml::from_str(doc.front_text()).map_err(|_| not_a_set())?;
    if front.format != SET_FILE_FORMAT || front.questions.len() > SET_FILE_MAX_QUESTIONS {
        return Err(not_a_set());
    }
    let title =
        SetTitle::parse(&front.title).map_err(|e| AppError::field(FieldName::SetFile, e))?;
    let description =
        SetDescription::parse(&doc.body).map_err(|e| AppError::field(FieldName::SetFile, e))?;
    let due_on = front
        .due_on
        .as_deref()
        .map(Date::parse)
        .transpose()
        .map_err(|e| AppError::field(FieldName::SetFile, e))?;
    let mut questions = Vec::with_capacity(front.questions.len());
    for (index, slug) in front.questions.iter().enumerate() {
        // Named by its place in the list: the text itself could be anything.
        let Ok(slug) = QuestionSlug::parse(slug.trim()) else {
            return Err(AppError::field(
                FieldName::SetFile,
                FieldProblem::MalformedQuestion(u32::try_from(index + 1).unwrap_or(u32::MAX)),
            ));
        };
        if !questions.contains(&slug) {
            questions.push(slug);
        }
    }
    if questions.is_empty() {
        return Err(AppError::field(
            FieldName::SetFile,
            FieldProblem::EmptySetFile,
        ));
    }
    Ok(SetFile {
        title,
        description,
        due_on,
        questions,
    })
}

/// A set of mine or one I joined, as a file: (file name, contents).
pub async fn export(db: &Db, user: UserId, set: SetId) -> Result<(String, String), AppError> {
    let row = Access::to_see(db, user, set).await?.row;
    let slugs = store::set_slugs(db, set)
        .await
        .context("loading a set's questions")?;
    let file = render_set_file(&row.title, row.due_on, &slugs, &row.description_md);
    Ok((format!("rehearse-set-{}.md", set.0), file))
}

/// Creates a set of mine from a set file. Every slug must name a question in the bank (a
/// retired one included: it stays in the set, marked); otherwise nothing is created and the
/// error names the unknown ones.
pub async fn import(db: &Db, user: UserId, text: &str, now: Timestamp) -> Result<SetId, AppError> {
    let file = parse_set_file(text)?;
    let known = questions::known_slugs(db, &file.questions)
        .await
        .context("checking imported questions")?;
    let unknown: Vec<QuestionSlug> = file
        .questions
        .iter()
        .filter(|slug| !known.contains(slug.as_str()))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(AppError::field(
            FieldName::SetFile,
            FieldProblem::UnknownQuestions(unknown),
        ));
    }
    store::create_set(
        db,
        user,
        &SetDetails {
            title: &file.title,
            description: &file.description,
            description_html: &crate::markdown::render_learner(file.description.as_str()),
            due_on: file.due_on,
        },
        &file.questions,
        now,
    )
    .await
    .context("importing a set")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(names: &[&str]) -> Vec<QuestionSlug> {
        names
            .iter()
            .map(|n| QuestionSlug::parse(n).expect("slug"))
            .collect()
    }

    #[test]
    fn a_set_file_round_trips() {
        let questions = slugs(&["cap-mysql-partition", "performance-vs-scalability"]);
        let due = Date::parse("2027-01-05").ok();
        let text = render_set_file(
            "CAP \"before\" Thursday",
            due,
            &questions,
            "Do these *first*.\n\n- then the rest",
        );
        let file = parse_set_file(&text).expect("parses");
        assert_eq!(file.title.as_str(), "CAP \"before\" Thursday");
        assert_eq!(file.due_on, due);
        assert_eq!(file.questions, questions);
        assert_eq!(
            file.description.as_str(),
            "Do these *first*.\n\n- then the rest"
        );
    }

    #[test]
    fn a_question_file_or_anything_else_is_not_a_set() {
        let question = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../content/questions/01-performance-vs-scalability.md"
        ))
        .expect("a question file");
        for text in [
            question.as_str(),
            "",
            "just some notes",
            "+++\ntitle = \"x\"\nquestions = [\"a\"]\n+++\n",
            "+++\nformat = \"rehearse-set/2\"\ntitle = \"x\"\nquestions = [\"a\"]\n+++\n",
            "+++\nformat = \"rehearse-set/1\"\ntitle = \"x\"\nquestions = [\"a\"]\n",
        ] {
            assert_eq!(
                parse_set_file(text),
                Err(AppError::field(
                    FieldName::SetFile,
                    FieldProblem::NotASetFile
                )),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_set_file_says_what_is_wrong_with_its_fields() {
        let file = |front: &str| format!("+++\nformat = \"rehearse-set/1\"\n{front}\n+++\n");
        assert_eq!(
            parse_set_file(&file("title = \"  \"\nquestions = [\"a\"]")),
            Err(AppError::field(
                FieldName::SetFile,
                crate::domain::SetTitleError::Empty
            ))
        );
        assert_eq!(
            parse_set_file(&file("title = \"t\"\nquestions = []")),
            Err(AppError::field(
                FieldName::SetFile,
                FieldProblem::EmptySetFile
            ))
        );
        assert!(matches!(
            parse_set_file(&file(
                "title = \"t\"\ndue_on = \"2027-02-30\"\nquestions = [\"a\"]"
            )),
            Err(AppError::Field {
                field: FieldName::SetFile,
                problem: FieldProblem::Date(_)
            })
        ));
        assert_eq!(
            parse_set_file(&file("title = \"t\"\nquestions = [\"a\", \"Not A Slug\"]")),
            Err(AppError::field(
                FieldName::SetFile,
                FieldProblem::MalformedQuestion(2)
            ))
        );
        // Duplicates collapse to the first place; a BOM and CRLF line endings are fine.
        let parsed = parse_set_file(&format!(
            "\u{feff}{}",
            file("title = \"t\"\nquestions = [\"a\", \"b\", \"a\"]").replace('\n', "\r\n")
        ))
        .expect("parses");
        assert_eq!(parsed.questions, slugs(&["a", "b"]));
    }
}
