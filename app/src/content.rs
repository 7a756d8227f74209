//! The question bank loader (server only): reads `content/`, validates every file and renders
//! its Markdown once, at start-up. A request never parses Markdown.
//!
//! Layout: `content/questions/*.md` (one question each) and `content/pages/*.md` (prose such
//! as the study guide). Each file opens with TOML front matter between `+++` lines. A question
//! then has four `## ` sections: `Prompt`, `What they're testing` (a `- ` list: the rubric),
//! `Strong answer` and `Further reading` (a list of links to the public sources that back the
//! answer). An incident drill (`kind = "drill"`) also has steps between the prompt and the
//! rubric, `## Step 1: What you see` and so on, each with a `### Reveal` subsection. A
//! reviewer's note, `## What an interviewer would push back on`, may follow the strong answer
//! (the seed's own answers keep their text and carry the review there). A story the learner
//! tells from their own work may head its answer `## Strong answer using your projects`, as
//! the seed does.
//!
//! Every error names the file, the line where one is known, and what is wrong, because the
//! person reading it is an editor who has just changed a file.

pub(crate) mod document;

use crate::domain::{Concept, Level, PageSlug, QuestionSlug, key_terms};
use document::{Document, Headed, Section};
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
    /// The strong answer is a model of the learner's own story ("using your projects").
    pub own_story: bool,
    /// "What an interviewer would push back on", rendered, when the question has one.
    pub pushback_html: Option<String>,
    /// The sub-topics of [`SUBTOPICS`] the question covers.
    pub subtopics: Vec<&'static str>,
    /// An incident drill's steps, in order; empty for other questions.
    pub steps: Vec<StepDoc>,
    /// "Further reading", rendered: a list of links to public sources.
    pub reading_html: String,
}

/// One step of an incident drill: what the learner sees, then what an experienced engineer
/// checks or decides, shown only when the learner asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepDoc {
    pub title: String,
    pub situation_html: String,
    pub reveal_html: String,
}

/// The sub-topics the bank covers, by concept, with their ids (used in `subtopics`) and
/// names. `content/README.md` holds the coverage table from sub-topic to questions, and a
/// test keeps it in step with the files.
pub const SUBTOPICS: &[(Concept, &str, &str)] = &[
    (
        Concept::Cap,
        "cap-theorem",
        "What CAP does and does not say",
    ),
    (Concept::Cap, "pacelc", "PACELC"),
    (
        Concept::Cap,
        "consistency-models",
        "The consistency-model ladder and which models survive a partition",
    ),
    (
        Concept::Cap,
        "session-guarantees",
        "Read-your-writes, monotonic reads, consistent prefix",
    ),
    (
        Concept::Cap,
        "sync-async-replication",
        "Synchronous vs asynchronous replication",
    ),
    (
        Concept::Cap,
        "replication-topologies",
        "Single-leader, multi-leader and leaderless designs",
    ),
    (
        Concept::Cap,
        "quorums",
        "Quorums (R + W > N) and their limits",
    ),
    (
        Concept::Cap,
        "conflict-resolution",
        "Conflict resolution: last-write-wins, version vectors, CRDTs",
    ),
    (
        Concept::Cap,
        "failover-fencing",
        "Failover, split brain, leases and fencing tokens",
    ),
    (
        Concept::Cap,
        "consensus",
        "Consensus (Raft, Paxos) and coordination services",
    ),
    (
        Concept::Cap,
        "quorum-loss-recovery",
        "Quorum loss and recovery in a consensus cluster",
    ),
    (
        Concept::Cap,
        "isolation-write-skew",
        "Isolation levels and write skew",
    ),
    (
        Concept::Cap,
        "clocks",
        "Clocks: Lamport and hybrid logical clocks",
    ),
    (
        Concept::Cap,
        "availability-arithmetic",
        "Availability arithmetic and choosing per feature",
    ),
    (
        Concept::Cap,
        "idempotency-exactly-once",
        "Idempotency keys, retries and exactly-once effects (outbox, deduplication)",
    ),
    (
        Concept::Cap,
        "distributed-transactions",
        "Two-phase commit vs sagas",
    ),
    (
        Concept::Cap,
        "truetime-commit-wait",
        "TrueTime and commit-wait",
    ),
    (
        Concept::LatencyThroughput,
        "percentiles",
        "Percentiles vs means",
    ),
    (
        Concept::LatencyThroughput,
        "sli-slo-sla",
        "SLIs, SLOs and SLAs",
    ),
    (
        Concept::LatencyThroughput,
        "tail-fanout-hedging",
        "Tail-latency amplification under fan-out, and hedged requests",
    ),
    (
        Concept::LatencyThroughput,
        "batching-compression-pipelining",
        "Batching, compression and pipelining",
    ),
    (
        Concept::LatencyThroughput,
        "queueing-littles-law",
        "Queueing and Little's law",
    ),
    (
        Concept::LatencyThroughput,
        "backpressure",
        "Back pressure and bounded queues",
    ),
    (
        Concept::LatencyThroughput,
        "latency-numbers",
        "Latency numbers and back-of-the-envelope estimates",
    ),
    (
        Concept::LatencyThroughput,
        "cross-region-durability",
        "Replication latency vs durability across regions",
    ),
    (
        Concept::LatencyThroughput,
        "fast-and-bulk-paths",
        "A low-latency path beside a bulk path",
    ),
    (
        Concept::LatencyThroughput,
        "batch-vs-stream",
        "Batch vs stream processing",
    ),
    (
        Concept::LatencyThroughput,
        "resilience",
        "Timeouts and budgets, retries with jitter, circuit breakers, load shedding",
    ),
    (
        Concept::PerformanceScalability,
        "slow-alone-vs-under-load",
        "Slow for one user vs slow under load",
    ),
    (
        Concept::PerformanceScalability,
        "describing-load",
        "Describing load (load parameters, fan-out)",
    ),
    (
        Concept::PerformanceScalability,
        "vertical-vs-horizontal",
        "Vertical vs horizontal scaling",
    ),
    (
        Concept::PerformanceScalability,
        "shared-nothing",
        "Shared-nothing architecture",
    ),
    (
        Concept::PerformanceScalability,
        "stateless-tiers",
        "Stateless tiers and external session state",
    ),
    (
        Concept::PerformanceScalability,
        "l4-vs-l7-balancing",
        "Layer-4 vs layer-7 load balancing",
    ),
    (
        Concept::PerformanceScalability,
        "scaling-reads",
        "Scaling reads: caches, replicas, replication lag",
    ),
    (
        Concept::PerformanceScalability,
        "scaling-writes",
        "Scaling writes: sharding, hot keys, consistent hashing",
    ),
    (
        Concept::PerformanceScalability,
        "federation-and-splitting",
        "Federation and splitting a monolith",
    ),
    (
        Concept::PerformanceScalability,
        "async-workers-autoscaling",
        "Asynchronous workers and autoscaling",
    ),
    (
        Concept::PerformanceScalability,
        "multi-region-dr",
        "Multi-region active-active and disaster recovery",
    ),
    (
        Concept::PerformanceScalability,
        "amdahl-usl",
        "Amdahl's law and the Universal Scalability Law",
    ),
    (
        Concept::PerformanceScalability,
        "cost-vs-performance",
        "Cost vs performance",
    ),
    (
        Concept::PerformanceScalability,
        "rate-limiting",
        "Rate limiting: token and leaky buckets, fixed and sliding windows, distributed counters",
    ),
    (
        Concept::PerformanceScalability,
        "caching-strategies",
        "Caching strategies: write-through, write-behind, invalidation, stampedes, CDN and Cache-Control",
    ),
    (
        Concept::PerformanceScalability,
        "consistent-hashing",
        "Consistent hashing",
    ),
    (
        Concept::PerformanceScalability,
        "cqrs",
        "CQRS: separate models for writes and reads",
    ),
];

/// The fewest and most steps a drill has, and the most reading items a question lists.
const DRILL_STEPS: std::ops::RangeInclusive<usize> = 2..=6;
const READING_MAX: usize = 6;

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
    /// What this content is, as every server that loads the same files computes it: a
    /// digest of each file's name and text (see [`ContentDigest`]).
    pub version: String,
}

/// The content's version: SHA-256 over each file's path under `content/` and its text, in
/// the order they are read, shortened to 128 bits of hex. The same files give the same
/// version on every machine; any edit, new file or removed file gives another.
struct ContentDigest {
    hasher: sha2::Sha256,
    root: PathBuf,
}

impl ContentDigest {
    fn new(root: &Path) -> Self {
        Self {
            hasher: sha2::Digest::new(),
            root: root.to_owned(),
        }
    }

    fn add(&mut self, path: &Path, text: &str) {
        use sha2::Digest;
        let name = path.strip_prefix(&self.root).unwrap_or(path);
        for part in [name.to_string_lossy().as_bytes(), text.as_bytes()] {
            self.hasher
                .update(u64::try_from(part.len()).unwrap_or(u64::MAX).to_be_bytes());
            self.hasher.update(part);
        }
    }

    fn finish(self) -> String {
        use sha2::Digest;
        self.hasher.finalize()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
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
    subtopics: Vec<String>,
    #[serde(default)]
    kind: Kind,
}

/// An ordinary question, or an incident drill that unfolds in steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    #[default]
    Question,
    Drill,
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
    let mut digest = ContentDigest::new(dir);
    let mut questions = Vec::with_capacity(question_files.len());
    let mut slugs: HashMap<QuestionSlug, PathBuf> = HashMap::new();
    let mut orders: HashMap<u32, PathBuf> = HashMap::new();
    for path in question_files {
        let text = read(&path)?;
        digest.add(&path, &text);
        let question = parse_question(&path, &text)?;
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
            let text = read(&path)?;
            digest.add(&path, &text);
            let page = parse_page(&path, &text)?;
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
    Ok(Bank {
        questions,
        pages,
        version: digest.finish(),
    })
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
    // Each term in one spelling: its forms trimmed and joined by " | ", the name first.
    let key_terms: Vec<String> = front
        .key_terms
        .iter()
        .map(|t| key_terms::forms_of(t).collect::<Vec<_>>().join(" | "))
        .collect();
    if key_terms.is_empty() || key_terms.iter().any(String::is_empty) {
        return Err(doc.error_at_key(
            path,
            "key_terms",
            "`key_terms` needs at least one non-empty term",
        ));
    }
    if let Some(generic) = key_terms
        .iter()
        .flat_map(|t| key_terms::forms_of(t))
        .find(|form| GENERIC_TERMS.contains(&form.to_lowercase().as_str()))
    {
        return Err(doc.error_at_key(
            path,
            "key_terms",
            format!(
                "key term `{generic}` is too common to show that an answer knows the topic; name what the answer should say instead"
            ),
        ));
    }
    if let Some(dup) = first_duplicate(key_terms.iter().map(|t| key_terms::name(t).to_lowercase()))
    {
        return Err(doc.error_at_key(
            path,
            "key_terms",
            format!("key term `{dup}` is listed twice"),
        ));
    }
    if front.order == 0 {
        return Err(doc.error_at_key(path, "order", "`order` starts at 1"));
    }

    let subtopics = checked_subtopics(path, &doc, &front.subtopics, &front.concepts)?;
    let body =
        QuestionBody::split(&doc).map_err(|(line, msg)| ContentError::new(path, line, msg))?;
    // A learner is judged by the key terms, so each must be something the question's own
    // strong answer says: otherwise the model answer itself would be marked as missing it.
    if let Some(unsaid) = key_terms
        .iter()
        .find(|term| !key_terms::uses_term(&body.answer.body, term))
    {
        return Err(doc.error_at_key(
            path,
            "key_terms",
            format!(
                "key term `{unsaid}` does not occur in the strong answer: add the form the answer uses (`{} | …`) or choose a term it says",
                key_terms::name(unsaid)
            ),
        ));
    }
    match (front.kind, body.steps.len()) {
        (Kind::Question, 0) => {}
        (Kind::Question, _) => {
            return Err(doc.error_at_key(
                path,
                "kind",
                "`## Step` sections belong to drills: add `kind = \"drill\"` to the front matter",
            ));
        }
        (Kind::Drill, n) if !DRILL_STEPS.contains(&n) => {
            return Err(doc.error_at_key(
                path,
                "kind",
                format!(
                    "a drill has {} to {} `## Step N: …` sections, each with a `### Reveal`; this one has {n}",
                    DRILL_STEPS.start(),
                    DRILL_STEPS.end()
                ),
            ));
        }
        (Kind::Drill, _) => {}
    }
    let rubric = rubric_items(path, &body.testing)?;
    reading_items(path, &body.reading)?;

    Ok(QuestionDoc {
        slug: front.slug,
        title,
        level: front.level,
        concepts: front.concepts,
        order: front.order,
        key_terms,
        prompt_html: crate::markdown::render(&body.prompt.body),
        rubric,
        answer_html: crate::markdown::render(&body.answer.body),
        own_story: body.own_story,
        pushback_html: body
            .pushback
            .as_ref()
            .map(|section| crate::markdown::render(&section.body)),
        subtopics,
        steps: body
            .steps
            .into_iter()
            .map(|(title, situation, reveal)| StepDoc {
                title,
                situation_html: crate::markdown::render(&situation.body),
                reveal_html: crate::markdown::render(&reveal.body),
            })
            .collect(),
        reading_html: crate::markdown::render(&body.reading.body),
    })
}

/// The `## ` sections of a question, checked for presence, uniqueness and order.
struct QuestionBody {
    prompt: Section,
    /// (title, situation, reveal) per step, in order.
    steps: Vec<(String, Section, Section)>,
    testing: Section,
    answer: Section,
    /// The strong answer was headed "Strong answer using your projects".
    own_story: bool,
    /// The optional reviewer's note.
    pushback: Option<Section>,
    reading: Section,
}

/// Terms too common to show that an answer knows the topic: every answer says them.
const GENERIC_TERMS: [&str; 6] = ["load", "local", "queue", "peak", "zone", "cap"];

/// The optional reviewer's note: after the strong answer, before the further reading.
const PUSHBACK: &str = "What an interviewer would push back on";

/// The seed's heading for a story the learner tells from their own work.
const OWN_STORY_ANSWER: &str = "Strong answer using your projects";

const SECTIONS: [&str; 4] = [
    "Prompt",
    "What they're testing",
    "Strong answer",
    "Further reading",
];

impl QuestionBody {
    fn split(doc: &Document) -> Result<Self, document::Located> {
        let mut named: [Option<&Headed>; 4] = [None; 4];
        let mut steps: Vec<(String, Section, Section)> = Vec::new();
        let mut pushback: Option<&Headed> = None;
        let mut own_story = false;
        let headed = doc.headed_sections()?;
        for section in &headed {
            let wanted = document::normalise(&section.heading);
            if wanted == document::normalise(PUSHBACK) {
                if pushback.is_some() {
                    return Err((
                        Some(section.line),
                        format!("section `## {PUSHBACK}` appears twice"),
                    ));
                }
                if named[2].is_none() || named[3].is_some() {
                    return Err((
                        Some(section.line),
                        format!(
                            "`## {PUSHBACK}` goes after `## Strong answer` and before `## Further reading`"
                        ),
                    ));
                }
                pushback = Some(section);
                continue;
            }
            let index = if wanted == document::normalise(OWN_STORY_ANSWER) {
                own_story = true;
                Some(2)
            } else {
                SECTIONS
                    .iter()
                    .position(|n| document::normalise(n) == wanted)
            };
            if let Some(index) = index {
                if named[index].is_some() {
                    return Err((
                        Some(section.line),
                        format!("section `## {}` appears twice", SECTIONS[index]),
                    ));
                }
                named[index] = Some(section);
            } else if let Some(rest) = step_heading(&section.heading) {
                let (number, title) = rest.map_err(|msg| (Some(section.line), msg))?;
                if named[0].is_none() || named[1].is_some() {
                    return Err((
                        Some(section.line),
                        "steps go after `## Prompt` and before `## What they're testing`"
                            .to_owned(),
                    ));
                }
                if number != steps.len() + 1 {
                    return Err((
                        Some(section.line),
                        format!(
                            "expected `## Step {}`, found step {number}",
                            steps.len() + 1
                        ),
                    ));
                }
                let (situation, reveal) = section.split_at("Reveal")?;
                steps.push((title, situation, reveal));
            } else {
                return Err((
                    Some(section.line),
                    format!(
                        "unknown section `## {}`: expected {}, optionally `## {PUSHBACK}` (and, in a drill, `## Step 1: …`)",
                        section.heading,
                        SECTIONS
                            .iter()
                            .map(|n| format!("`## {n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        let mut bodies = Vec::with_capacity(4);
        for (index, entry) in named.into_iter().enumerate() {
            let section =
                entry.ok_or_else(|| (None, format!("missing section `## {}`", SECTIONS[index])))?;
            bodies.push(section.body(SECTIONS[index])?);
        }
        let [prompt, testing, answer, reading]: [Section; 4] = bodies
            .try_into()
            .map_err(|_| (None, "internal: section count mismatch".to_owned()))?;
        let pushback = pushback.map(|section| section.body(PUSHBACK)).transpose()?;
        Ok(Self {
            prompt,
            steps,
            testing,
            answer,
            own_story,
            pushback,
            reading,
        })
    }
}

/// `Step 2: What the checks show` → `Some(Ok((2, "What the checks show")))`; a heading that
/// is not a step → `None`.
fn step_heading(heading: &str) -> Option<Result<(usize, String), String>> {
    let rest = heading
        .strip_prefix("Step ")
        .or_else(|| heading.strip_prefix("step "))?;
    let malformed = || format!("a step heading reads `## Step N: title`, not `## {heading}`");
    Some((|| {
        let (number, title) = rest.split_once(':').ok_or_else(malformed)?;
        let number: usize = number.trim().parse().map_err(|_| malformed())?;
        let title = title.trim();
        if title.is_empty() || title.chars().count() > TITLE_MAX {
            return Err(malformed());
        }
        Ok((number, title.to_owned()))
    })())
}

/// Sub-topic ids: known, listed once, and of one of the question's concepts.
fn checked_subtopics(
    path: &Path,
    doc: &Document,
    ids: &[String],
    concepts: &[Concept],
) -> Result<Vec<&'static str>, ContentError> {
    if ids.is_empty() {
        return Err(doc.error_at_key(
            path,
            "subtopics",
            "`subtopics` needs at least one sub-topic id (see content/README.md)",
        ));
    }
    if let Some(dup) = first_duplicate(ids.iter().cloned()) {
        return Err(doc.error_at_key(
            path,
            "subtopics",
            format!("sub-topic `{dup}` is listed twice"),
        ));
    }
    ids.iter()
        .map(|id| {
            let (concept, known, _) = SUBTOPICS
                .iter()
                .find(|(_, known, _)| known == id)
                .ok_or_else(|| {
                    doc.error_at_key(
                        path,
                        "subtopics",
                        format!("unknown sub-topic `{id}`: the ids are listed in content/README.md"),
                    )
                })?;
            if !concepts.contains(concept) {
                return Err(doc.error_at_key(
                    path,
                    "subtopics",
                    format!(
                        "sub-topic `{id}` belongs to the concept `{}`, which the question does not list",
                        concept.slug()
                    ),
                ));
            }
            Ok(*known)
        })
        .collect()
}

/// "Further reading": one to [`READING_MAX`] items, each a link to an https address followed
/// by ` — ` and what the source is and backs.
fn reading_items(path: &Path, section: &Section) -> Result<(), ContentError> {
    let mut count = 0;
    for (offset, line) in section.body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = Some(section.body_line + offset);
        let expected =
            "each further-reading item reads `- [Title](https://…) — source, year. What it backs.`";
        let item = line
            .strip_prefix("- ")
            .or_else(|| line.strip_prefix("* "))
            .ok_or_else(|| ContentError::new(path, at, expected))?;
        let (title, rest) = item
            .strip_prefix('[')
            .and_then(|rest| rest.split_once("]("))
            .ok_or_else(|| ContentError::new(path, at, expected))?;
        let (url, note) = rest
            .split_once(')')
            .ok_or_else(|| ContentError::new(path, at, expected))?;
        if title.trim().is_empty() {
            return Err(ContentError::new(path, at, expected));
        }
        if !url.starts_with("https://") || url.contains(char::is_whitespace) || url.len() < 12 {
            return Err(ContentError::new(
                path,
                at,
                format!("further reading links to public https addresses, not `{url}`"),
            ));
        }
        let note = note.trim_start();
        let note = note
            .strip_prefix('\u{2014}')
            .or_else(|| note.strip_prefix("--"))
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ContentError::new(path, at, expected))?;
        let _ = note;
        count += 1;
    }
    if count > READING_MAX {
        return Err(ContentError::new(
            path,
            Some(section.body_line),
            format!("keep further reading to {READING_MAX} items or fewer"),
        ));
    }
    Ok(())
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
