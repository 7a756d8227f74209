use super::*;
use std::fs;

const VALID: &str = r#"+++
slug = "cap-in-practice"
title = "CAP in Practice"
level = 1
concepts = ["cap"]
order = 3
key_terms = ["replication lag", "partition"]
subtopics = ["cap-theorem"]
+++

## Prompt

Our MySQL database has a primary in US-East.

## What they're testing

- CAP theorem application to real systems
- Understanding of replication modes

## Strong answer

"This depends on **our** replication configuration, its replication lag and which side of a partition you are on:

```bash
## not a heading: inside a fence
$ etcdctl member list
```

## Further reading

- [Please stop calling databases CP or AP](https://martin.kleppmann.com/2015/05/11/please-stop-calling-databases-cp-or-ap.html) — Martin Kleppmann, 2015. What CAP's terms mean.
"#;

fn parse(text: &str) -> Result<QuestionDoc, ContentError> {
    parse_question(Path::new("q.md"), text)
}

fn error(text: &str) -> ContentError {
    parse(text).expect_err("the content should be rejected")
}

#[test]
fn parses_a_valid_question() {
    let q = parse(VALID).expect("valid");
    assert_eq!(q.slug.as_str(), "cap-in-practice");
    assert_eq!(q.title, "CAP in Practice");
    assert_eq!(q.level, Level::Conceptual);
    assert_eq!(q.concepts, vec![Concept::Cap]);
    assert_eq!(q.order, 3);
    assert_eq!(q.key_terms, vec!["replication lag", "partition"]);
    assert_eq!(
        q.rubric,
        vec![
            "CAP theorem application to real systems",
            "Understanding of replication modes"
        ]
    );
    assert!(
        q.prompt_html.contains("Our MySQL database"),
        "{}",
        q.prompt_html
    );
    assert!(
        q.answer_html.contains("<strong>our</strong>"),
        "{}",
        q.answer_html
    );
    assert!(
        q.answer_html.contains("## not a heading: inside a fence"),
        "{}",
        q.answer_html
    );
}

#[test]
fn slug_is_stable_when_the_title_changes() {
    let reworded = VALID.replace(
        "title = \"CAP in Practice\"",
        "title = \"CAP, in practice\"",
    );
    let a = parse(VALID).expect("valid");
    let b = parse(&reworded).expect("valid");
    assert_eq!(a.slug, b.slug);
    assert_ne!(a.title, b.title);
}

#[test]
fn windows_line_endings_are_accepted() {
    let dir = write_bank(&[("a.md", VALID.replace('\n', "\r\n"))]);
    let bank = load(dir.path()).expect("loads");
    assert_eq!(bank.questions[0].rubric.len(), 2);
}

#[test]
fn missing_front_matter() {
    let e = error("## Prompt\n\nHi\n");
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("front matter"), "{e}");
}

#[test]
fn unclosed_front_matter() {
    let e = error("+++\nslug = \"a\"\n## Prompt\n");
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("never closed"), "{e}");
}

#[test]
fn broken_front_matter_names_the_line() {
    let e = error(&VALID.replace("order = 3", "order = = 3"));
    assert_eq!(e.line, Some(6), "{e}");
    assert!(e.message.starts_with("front matter:"), "{e}");
}

#[test]
fn unknown_level() {
    let e = error(&VALID.replace("level = 1", "level = 7"));
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.message.contains("unknown level 7"), "{e}");
}

#[test]
fn unknown_concept() {
    let e = error(&VALID.replace("[\"cap\"]", "[\"cap\", \"acid\"]"));
    assert_eq!(e.line, Some(5), "{e}");
    assert!(e.message.contains("unknown concept `acid`"), "{e}");
}

#[test]
fn duplicate_concept() {
    let e = error(&VALID.replace("[\"cap\"]", "[\"cap\", \"cap\"]"));
    assert_eq!(e.line, Some(5), "{e}");
    assert!(e.message.contains("listed twice"), "{e}");
}

#[test]
fn no_concepts() {
    let e = error(&VALID.replace("[\"cap\"]", "[]"));
    assert!(e.message.contains("at least one concept"), "{e}");
}

#[test]
fn invalid_slug() {
    let e = error(&VALID.replace("slug = \"cap-in-practice\"", "slug = \"CAP in practice\""));
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("lowercase"), "{e}");
}

#[test]
fn missing_field() {
    let e = error(&VALID.replace("order = 3\n", ""));
    assert!(e.message.contains("order"), "{e}");
}

#[test]
fn unknown_field() {
    let e = error(&VALID.replace("order = 3", "order = 3\ndifficulty = 2"));
    assert!(e.message.contains("difficulty"), "{e}");
}

#[test]
fn empty_title() {
    let e = error(&VALID.replace("\"CAP in Practice\"", "\"  \""));
    assert_eq!(e.line, Some(3), "{e}");
    assert_eq!(e.message, "`title` is empty");
}

#[test]
fn over_long_title() {
    let e = error(&VALID.replace("CAP in Practice", &"x".repeat(201)));
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.message.contains("longer than 200"), "{e}");
}

#[test]
fn empty_key_term() {
    let e = error(&VALID.replace("\"partition\"", "\" \""));
    assert_eq!(e.line, Some(7), "{e}");
    assert!(e.message.contains("non-empty term"), "{e}");
}

#[test]
fn no_key_terms() {
    let e = error(&VALID.replace("[\"replication lag\", \"partition\"]", "[]"));
    assert_eq!(e.line, Some(7), "{e}");
    assert!(e.message.contains("at least one"), "{e}");
}

#[test]
fn duplicate_key_term_ignoring_case() {
    let e = error(&VALID.replace("\"partition\"", "\"Replication Lag\""));
    assert_eq!(e.line, Some(7), "{e}");
    assert!(e.message.contains("listed twice"), "{e}");
}

#[test]
fn order_starts_at_one() {
    let e = error(&VALID.replace("order = 3", "order = 0"));
    assert_eq!(e.line, Some(6), "{e}");
    assert_eq!(e.message, "`order` starts at 1");
}

#[test]
fn negative_order_is_a_front_matter_error() {
    let e = error(&VALID.replace("order = 3", "order = -2"));
    assert_eq!(e.line, Some(6), "{e}");
}

#[test]
fn missing_section() {
    let text = VALID.replace("## Strong answer", "## Prompt again");
    let e = error(&text);
    assert!(
        e.message.contains("unknown section `## Prompt again`"),
        "{e}"
    );
    let without: String = VALID
        .split("## Strong answer")
        .next()
        .unwrap_or_default()
        .to_owned();
    let e = error(&without);
    assert_eq!(e.line, None);
    assert_eq!(e.message, "missing section `## Strong answer`");
}

#[test]
fn duplicate_section() {
    let e = error(&format!("{VALID}\n## Prompt\n\nAgain\n"));
    assert!(e.message.contains("appears twice"), "{e}");
}

#[test]
fn empty_section() {
    let e = error(&VALID.replace("Our MySQL database has a primary in US-East.", ""));
    assert_eq!(e.line, Some(11), "{e}");
    assert!(e.message.contains("`## Prompt` is empty"), "{e}");
}

#[test]
fn text_before_first_section() {
    let e = error(&VALID.replace("\n## Prompt", "Intro\n## Prompt"));
    assert_eq!(e.line, Some(10), "{e}");
    assert!(e.message.contains("text before the first section"), "{e}");
}

#[test]
fn rubric_must_be_a_list() {
    let e = error(&VALID.replace(
        "- Understanding of replication modes",
        "Understanding of replication modes",
    ));
    assert_eq!(e.line, Some(18), "{e}");
    assert!(e.message.contains("list"), "{e}");
}

#[test]
fn further_reading_is_required_and_renders_its_links() {
    let q = parse(VALID).expect("valid");
    assert!(
        q.reading_html
            .contains(r#"href="https://martin.kleppmann.com/"#),
        "{}",
        q.reading_html
    );
    let without = VALID.split("## Further reading").next().unwrap_or_default();
    assert_eq!(
        error(without).message,
        "missing section `## Further reading`"
    );
}

#[test]
fn further_reading_items_are_https_links_with_a_note() {
    let item = "- [Please stop calling databases CP or AP](https://martin.kleppmann.com/2015/05/11/please-stop-calling-databases-cp-or-ap.html) — Martin Kleppmann, 2015. What CAP's terms mean.";
    for (bad, expected) in [
        ("- Kleppmann's blog", "each further-reading item reads"),
        ("- [Blog](http://example.com/post) — a blog.", "https"),
        (
            "- [Blog](https://example.com/post)",
            "each further-reading item reads",
        ),
        (
            "- [Blog](https://example.com/post) —  ",
            "each further-reading item reads",
        ),
        (
            "- [](https://example.com/post) — a blog.",
            "each further-reading item reads",
        ),
        ("- [Blog](javascript:alert(1)) — a blog.", "https"),
    ] {
        let e = error(&VALID.replace(item, bad));
        assert_eq!(e.line, Some(31), "{bad}: {e}");
        assert!(e.message.contains(expected), "{bad}: {e}");
    }
    let many = [item; 7].join("\n");
    assert!(
        error(&VALID.replace(item, &many))
            .message
            .contains("6 items or fewer")
    );
}

#[test]
fn subtopics_are_known_ids_of_the_questions_concepts() {
    let e = error(&VALID.replace("[\"cap-theorem\"]", "[]"));
    assert_eq!(e.line, Some(8), "{e}");
    assert!(e.message.contains("at least one sub-topic"), "{e}");
    let e = error(&VALID.replace("[\"cap-theorem\"]", "[\"cap-thoerem\"]"));
    assert!(e.message.contains("unknown sub-topic `cap-thoerem`"), "{e}");
    let e = error(&VALID.replace("[\"cap-theorem\"]", "[\"cap-theorem\", \"cap-theorem\"]"));
    assert!(e.message.contains("listed twice"), "{e}");
    let e = error(&VALID.replace("[\"cap-theorem\"]", "[\"percentiles\"]"));
    assert!(
        e.message
            .contains("belongs to the concept `latency-throughput`"),
        "{e}"
    );
    let e = error(&VALID.replace("subtopics = [\"cap-theorem\"]\n", ""));
    assert!(e.message.contains("subtopics"), "{e}");
}

/// VALID as a drill with `steps` steps.
fn drill(steps: usize) -> String {
    let mut text = VALID.replace("order = 3", "order = 3\nkind = \"drill\"");
    let body: String = (1..=steps)
        .map(|n| format!("## Step {n}: Look {n}\n\nYou see {n}.\n\n### Reveal\n\nCheck {n}.\n\n"))
        .collect();
    text = text.replace(
        "## What they're testing",
        &format!("{body}## What they're testing"),
    );
    text
}

#[test]
fn a_drill_unfolds_in_numbered_steps_each_with_a_reveal() {
    let q = parse(&drill(3)).expect("valid");
    assert_eq!(q.steps.len(), 3);
    assert_eq!(q.steps[1].title, "Look 2");
    assert!(q.steps[1].situation_html.contains("You see 2."));
    assert!(q.steps[1].reveal_html.contains("Check 2."));
    assert!(!q.steps[1].situation_html.contains("Check 2."));
    assert!(parse(VALID).expect("valid").steps.is_empty());
}

#[test]
fn drills_and_steps_go_together() {
    let e = error(&drill(3).replace("kind = \"drill\"\n", ""));
    assert!(e.message.contains("belong to drills"), "{e}");
    let e = error(&drill(1));
    assert!(e.message.contains("2 to 6"), "{e}");
    let e = error(&drill(7));
    assert!(e.message.contains("this one has 7"), "{e}");
    let e = error(&drill(2).replace("## Step 2: Look 2", "## Step 3: Look 2"));
    assert!(e.message.contains("expected `## Step 2`"), "{e}");
    let e = error(&drill(2).replace("## Step 2: Look 2", "## Step 2 Look 2"));
    assert!(e.message.contains("`## Step N: title`"), "{e}");
    let e = error(&drill(2).replace("### Reveal\n\nCheck 2.", "Check 2."));
    assert!(e.message.contains("needs a `### Reveal`"), "{e}");
    let e = error(&drill(2).replace("Check 2.", ""));
    assert!(
        e.message
            .contains("`### Reveal` in `## Step 2: Look 2` is empty"),
        "{e}"
    );
    let e = error(&drill(2).replace("You see 2.", ""));
    assert!(e.message.contains("no text before"), "{e}");
    // Steps belong between the prompt and the rubric.
    let moved = drill(2)
        .replace(
            "## Prompt\n\nOur MySQL database has a primary in US-East.\n\n",
            "",
        )
        .replace(
            "## What they're testing",
            "## Prompt\n\nOur MySQL database.\n\n## What they're testing",
        );
    let e = error(&moved);
    assert!(e.message.contains("after `## Prompt`"), "{e}");
    let e = error(&drill(2).replace("kind = \"drill\"", "kind = \"quiz\""));
    assert!(e.message.contains("quiz"), "{e}");
}

#[test]
fn heading_names_ignore_case_and_typographic_apostrophes() {
    let q = parse(&VALID.replace("## What they're testing", "## What They\u{2019}re Testing"))
        .expect("valid");
    assert_eq!(q.rubric.len(), 2);
}

#[test]
fn error_display_names_file_and_line() {
    let e = parse_question(
        Path::new("content/questions/x.md"),
        &VALID.replace("level = 1", "level = 9"),
    )
    .expect_err("rejected");
    assert!(
        e.to_string().starts_with("content/questions/x.md:4: "),
        "{e}"
    );
}

const GUIDE: &str =
    "+++\nslug = \"study-guide\"\ntitle = \"How to Prepare\"\n+++\n\n1. Practise.\n";

/// A content directory with these question files and the required study guide.
fn write_bank(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("questions")).expect("mkdir");
    fs::create_dir(dir.path().join("pages")).expect("mkdir");
    fs::write(dir.path().join("pages/study-guide.md"), GUIDE).expect("write");
    for (name, text) in files {
        fs::write(dir.path().join("questions").join(name), text).expect("write");
    }
    dir
}

#[test]
fn a_valid_bank_loads() {
    let dir = write_bank(&[("a.md", VALID.to_owned())]);
    let bank = load(dir.path()).expect("valid");
    assert_eq!(bank.questions.len(), 1);
    assert_eq!(bank.pages[0].slug.href(), "/study-guide");
}

#[test]
fn the_study_guide_is_required() {
    let dir = write_bank(&[("a.md", VALID.to_owned())]);
    fs::remove_file(dir.path().join("pages/study-guide.md")).expect("rm");
    let e = load(dir.path()).expect_err("rejected");
    assert!(e.message.contains("`study-guide` is missing"), "{e}");
}

#[test]
fn a_page_without_text() {
    let e = parse_page(
        Path::new("p.md"),
        "+++\nslug = \"a\"\ntitle = \"A\"\n+++\n\n  \n",
    )
    .expect_err("rejected");
    assert_eq!(e.line, Some(5), "{e}");
    assert_eq!(e.message, "the page has no text");
}

#[test]
fn a_page_with_broken_front_matter() {
    let e = parse_page(
        Path::new("p.md"),
        "+++\nslug = \"a\"\ntitle = A\n+++\nText\n",
    )
    .expect_err("rejected");
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.message.starts_with("front matter:"), "{e}");
}

#[test]
fn duplicate_page_slug_names_both_files() {
    let dir = write_bank(&[("a.md", VALID.to_owned())]);
    fs::write(dir.path().join("pages/again.md"), GUIDE).expect("write");
    let e = load(dir.path()).expect_err("rejected");
    assert!(
        e.message.contains("duplicate page slug `study-guide`"),
        "{e}"
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    let other = VALID.replace("order = 3", "order = 4");
    let dir = write_bank(&[("a.md", VALID.to_owned()), ("b.md", other)]);
    let e = load(dir.path()).expect_err("rejected");
    assert!(e.file.ends_with("b.md"), "{e}");
    assert!(
        e.message.contains("duplicate slug `cap-in-practice`") && e.message.contains("a.md"),
        "{e}"
    );
}

#[test]
fn duplicate_order_names_both_files() {
    let other = VALID.replace("cap-in-practice", "cap-again");
    let dir = write_bank(&[("a.md", VALID.to_owned()), ("b.md", other)]);
    let e = load(dir.path()).expect_err("rejected");
    assert!(
        e.message.contains("duplicate order 3") && e.message.contains("a.md"),
        "{e}"
    );
}

#[test]
fn empty_bank_is_an_error() {
    let dir = write_bank(&[]);
    let e = load(dir.path()).expect_err("rejected");
    assert!(e.message.contains("no question files"), "{e}");
}

#[test]
fn missing_directory_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let e = load(&dir.path().join("nowhere")).expect_err("rejected");
    assert!(e.file.ends_with("nowhere/questions"), "{e}");
}

#[test]
fn non_utf8_file_is_named() {
    let dir = write_bank(&[]);
    fs::write(dir.path().join("questions/bad.md"), [0xff, 0xfe]).expect("write");
    let e = load(dir.path()).expect_err("rejected");
    assert!(
        e.file.ends_with("bad.md") && e.message.contains("UTF-8"),
        "{e}"
    );
}

/// The shipped bank: valid, and holding the nine seed questions with the seed's titles and
/// levels. Slugs are permanent (learners' attempts point at them): this list may only grow.
#[test]
fn the_seed_bank_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let bank = load(&dir).expect("the shipped content is valid");
    let seed = [
        ("performance-vs-scalability", "Trade-offs Explanation", 1),
        ("log-aggregation-throughput", "Latency vs Throughput", 1),
        ("cap-mysql-partition", "CAP in Practice", 1),
        ("trading-order-latency", "Design Decision", 2),
        ("scaling-a-monolith", "Architecture Evolution", 2),
        ("multi-region-checkout", "Real-World Problem Solving", 3),
        ("distributed-rate-limiter", "Trade-off Analysis", 3),
        ("quorum-loss-incident", "Debugging Under Pressure", 3),
        ("consistency-vs-availability-story", "Past Experience", 4),
    ];
    for (slug, title, level) in seed {
        let q = bank
            .questions
            .iter()
            .find(|q| q.slug.as_str() == slug)
            .unwrap_or_else(|| panic!("the seed question `{slug}` is missing"));
        assert_eq!(
            (q.title.as_str(), q.level.number()),
            (title, level),
            "{slug}"
        );
    }
    // Study order: by level, then by `order` within a level.
    let keys: Vec<(u8, u32)> = bank
        .questions
        .iter()
        .map(|q| (q.level.number(), q.order))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(keys, sorted);
    for q in &bank.questions {
        assert!(
            !q.rubric.is_empty() && !q.key_terms.is_empty(),
            "{}",
            q.slug
        );
    }
    let guide = bank
        .pages
        .iter()
        .find(|p| p.slug.as_str() == "study-guide")
        .expect("study guide");
    assert_eq!(guide.title, "How to Prepare");
    assert!(
        guide
            .body_html
            .contains("Mental framework for any question")
    );
}

/// The shipped content directory.
fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// The coverage table of `content/README.md`: (sub-topic id, question slugs) per row.
fn coverage_table(readme: &str) -> Vec<(String, Vec<String>)> {
    let unquote = |cell: &str| cell.trim().trim_matches('`').to_owned();
    readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim().strip_prefix('|')?.split('|').collect();
            let id = cells.get(2)?.trim();
            if !(id.starts_with('`') && id.ends_with('`')) {
                return None; // the header and separator rows
            }
            let slugs = cells
                .get(3)?
                .split(',')
                .map(unquote)
                .filter(|s| !s.is_empty())
                .collect();
            Some((unquote(id), slugs))
        })
        .collect()
}

#[test]
fn the_coverage_table_is_in_step_with_the_question_files() {
    let bank = load(&shipped()).expect("the shipped content is valid");
    let readme = fs::read_to_string(shipped().join("README.md")).expect("content/README.md");
    let table = coverage_table(&readme);
    let ids: Vec<&str> = table.iter().map(|(id, _)| id.as_str()).collect();
    let expected: Vec<&str> = SUBTOPICS.iter().map(|(_, id, _)| *id).collect();
    assert_eq!(
        ids, expected,
        "one row per sub-topic, in the loader's order"
    );
    for (id, slugs) in &table {
        assert!(!slugs.is_empty(), "no question covers the sub-topic `{id}`");
        for slug in slugs {
            assert!(
                bank.questions.iter().any(|q| q.slug.as_str() == slug),
                "the row for `{id}` names `{slug}`, which is not a question"
            );
        }
        let mut listed: Vec<&str> = slugs.iter().map(String::as_str).collect();
        listed.sort_unstable();
        let mut declared: Vec<&str> = bank
            .questions
            .iter()
            .filter(|q| q.subtopics.contains(&id.as_str()))
            .map(|q| q.slug.as_str())
            .collect();
        declared.sort_unstable();
        assert_eq!(
            listed, declared,
            "the row for `{id}` must list exactly the questions whose `subtopics` name it"
        );
    }
}

#[test]
fn the_bank_covers_every_concept_at_every_level() {
    let bank = load(&shipped()).expect("the shipped content is valid");
    assert!(
        bank.questions.len() >= 60,
        "{} questions",
        bank.questions.len()
    );
    for concept in Concept::ALL {
        for level in Level::ALL {
            assert!(
                bank.questions
                    .iter()
                    .any(|q| q.level == level && q.concepts.contains(&concept)),
                "no {} question at level {}",
                concept.slug(),
                level.number()
            );
        }
    }
    let drills = bank
        .questions
        .iter()
        .filter(|q| !q.steps.is_empty())
        .count();
    assert!(drills >= 3, "{drills} incident drills");
}

#[test]
fn a_reviewers_note_is_optional_and_goes_between_the_answer_and_the_reading() {
    assert_eq!(parse(VALID).expect("valid").pushback_html, None);
    let with_note = VALID.replace(
        "## Further reading",
        "## What an interviewer would push back on\n\n- Semi-sync **falls back** to async.\n\n## Further reading",
    );
    let q = parse(&with_note).expect("valid with a note");
    let note = q.pushback_html.expect("the note");
    assert!(note.contains("<strong>falls back</strong>"), "{note}");
    assert!(
        !q.answer_html.contains("falls back"),
        "the answer keeps its own text"
    );

    let misplaced = VALID.replace(
        "## Strong answer",
        "## What an interviewer would push back on\n\n- Too early.\n\n## Strong answer",
    );
    let err = error(&misplaced).to_string();
    assert!(err.contains("goes after `## Strong answer`"), "{err}");
    let twice = with_note.replace(
        "## Further reading",
        "## What an interviewer would push back on\n\n- Again.\n\n## Further reading",
    );
    assert!(error(&twice).to_string().contains("appears twice"));
    let empty = VALID.replace(
        "## Further reading",
        "## What an interviewer would push back on\n\n## Further reading",
    );
    assert!(error(&empty).to_string().contains("is empty"));
}

#[test]
fn a_story_may_head_its_answer_with_the_seeds_cue() {
    assert!(!parse(VALID).expect("valid").own_story);
    let story = VALID.replace("## Strong answer", "## Strong answer using your projects");
    let q = parse(&story).expect("valid");
    assert!(q.own_story);
    assert!(q.answer_html.contains("<strong>our</strong>"));
}

#[test]
fn key_terms_must_be_said_by_the_strong_answer_in_one_of_their_forms() {
    let unsaid = VALID.replace(
        r#"key_terms = ["replication lag", "partition"]"#,
        r#"key_terms = ["replication lag", "quorum"]"#,
    );
    let err = error(&unsaid).to_string();
    assert!(
        err.contains("`quorum` does not occur in the strong answer"),
        "{err}"
    );
    let aliased = VALID.replace(
        r#"key_terms = ["replication lag", "partition"]"#,
        r#"key_terms = ["replica lag|replication lag", "network partition  |  partition"]"#,
    );
    let q = parse(&aliased).expect("an alias the answer says is enough");
    assert_eq!(
        q.key_terms,
        [
            "replica lag | replication lag",
            "network partition | partition"
        ],
        "stored in one spelling"
    );
    let duplicate = VALID.replace(
        r#"key_terms = ["replication lag", "partition"]"#,
        r#"key_terms = ["partition | replication lag", "Partition"]"#,
    );
    assert!(error(&duplicate).to_string().contains("listed twice"));
}

#[test]
fn generic_key_terms_are_refused_in_any_form() {
    for generic in ["load", "Queue", "cap", "zone"] {
        let text = VALID.replace(
            r#"key_terms = ["replication lag", "partition"]"#,
            &format!(r#"key_terms = ["replication lag", "partition | {generic}"]"#),
        );
        let err = error(&text).to_string();
        assert!(err.contains("too common"), "{generic}: {err}");
    }
}

#[test]
fn every_key_term_of_the_bank_is_said_by_its_own_strong_answer() {
    // The loader refuses a question otherwise; this names every offender at once.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/questions");
    let mut unsaid = Vec::new();
    for path in markdown_files(&dir).expect("the bank") {
        let text = read(&path).expect("readable");
        let doc = Document::split(&text).expect("a document");
        let front: QuestionFront = doc.front_matter(&path).expect("front matter");
        let body = QuestionBody::split(&doc).expect("sections");
        for term in &front.key_terms {
            if !key_terms::uses_term(&body.answer.body, term) {
                unsaid.push(format!("{}: {term}", path.display()));
            }
        }
    }
    assert!(
        unsaid.is_empty(),
        "key terms the answer does not say:\n{}",
        unsaid.join("\n")
    );
}
