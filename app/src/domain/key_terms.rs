//! Which of a question's key terms an answer used. Matching ignores case, punctuation and
//! simple plurals, and accepts a multi-word term written as one word ("trade-off",
//! "trade off", "tradeoffs" all count), so a learner is not marked down for spelling style.
//!
//! A term may name its other forms after its name, separated by `|`: "idempotency |
//! idempotent | idempotence" counts an answer that says any of them, and is shown as
//! "idempotency". That is how a learner who says "linearizable" gets the credit for
//! "linearizability", and "utilisation" for "utilization".

/// Splits text into lower-case words of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The forms a word may stand for: itself and its possible singulars (caches → cache,
/// indexes → index, latencies → latency).
fn forms(word: &str) -> Vec<String> {
    let mut forms = vec![word.to_owned()];
    if word.len() > 3 {
        if let Some(stem) = word.strip_suffix("ies") {
            forms.push(format!("{stem}y"));
        }
        if let Some(stem) = word.strip_suffix("es") {
            forms.push(stem.to_owned());
        }
        if !word.ends_with("ss")
            && let Some(stem) = word.strip_suffix('s')
        {
            forms.push(stem.to_owned());
        }
    }
    forms
}

fn same_word(a: &str, b: &str) -> bool {
    let b_forms = forms(b);
    forms(a).iter().any(|form| b_forms.contains(form))
}

/// The name a term is shown by: its first form.
pub fn name(term: &str) -> &str {
    term.split('|').next().unwrap_or(term).trim()
}

/// Every form of a term, its name first.
pub fn forms_of(term: &str) -> impl Iterator<Item = &str> {
    term.split('|')
        .map(str::trim)
        .filter(|form| !form.is_empty())
}

/// True when `answer` uses `term` in any of its forms.
pub fn uses_term(answer: &str, term: &str) -> bool {
    let answer = words(answer);
    forms_of(term).any(|form| uses_words(&answer, form))
}

fn uses_words(answer: &[String], term: &str) -> bool {
    let term = words(term);
    if term.is_empty() {
        return false;
    }
    let by_words = answer
        .windows(term.len())
        .any(|window| window.iter().zip(&term).all(|(a, t)| same_word(a, t)));
    // "auto-scaling" written "autoscaling": the term's words run together.
    let joined = term.concat();
    by_words || (term.len() > 1 && answer.iter().any(|word| same_word(word, &joined)))
}

/// The key terms, by name, split into those the answer used and those it missed, in the
/// given order.
pub fn split_terms<'a>(answer: &str, terms: &'a [String]) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut used = Vec::new();
    let mut missed = Vec::new();
    for term in terms {
        if uses_term(answer, term) {
            used.push(name(term));
        } else {
            missed.push(name(term));
        }
    }
    (used, missed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_and_plurals_do_not_matter() {
        assert!(uses_term("We hit a Split-Brain.", "split brain"));
        assert!(uses_term("two QUORUMS overlap", "quorum"));
        assert!(uses_term("read replicas lag", "read replica"));
        assert!(uses_term("the caches were cold", "cache"));
        assert!(uses_term("p99 latencies rose", "latency"));
        assert!(uses_term("rebuild the indexes", "index"));
        assert!(uses_term("watch the P99!", "P99"));
    }

    #[test]
    fn hyphenated_terms_match_however_they_are_written() {
        for answer in ["a trade-off", "a trade off", "the tradeoffs", "Trade-offs:"] {
            assert!(uses_term(answer, "trade-off"), "{answer}");
        }
        assert!(uses_term("autoscaling groups", "auto-scaling"));
        assert!(uses_term(
            "read-after-write consistency",
            "read-after-write consistency"
        ));
    }

    #[test]
    fn words_must_appear_together_and_whole() {
        assert!(!uses_term("the brain was split", "split brain"));
        assert!(!uses_term("quorumless", "quorum"));
        assert!(!uses_term("", "quorum"));
        assert!(!uses_term("anything", ""));
        assert!(!uses_term("class", "clas"), "no stripping of a double s");
    }

    #[test]
    fn any_form_of_a_term_counts_and_its_name_is_the_first() {
        let term = "idempotency | idempotent | idempotence";
        assert_eq!(name(term), "idempotency");
        assert!(uses_term("make the handler idempotent", term));
        assert!(uses_term("Idempotence keys stop double charges.", term));
        assert!(!uses_term("retry until it works", term));
        assert!(uses_term("high utilisation", "utilization | utilisation"));
        assert!(uses_term(
            "not linearizable",
            "linearizability | linearizable"
        ));
        assert_eq!(
            forms_of("a |  | b").collect::<Vec<_>>(),
            ["a", "b"],
            "empty forms are ignored"
        );
        let terms = vec![term.to_owned(), "runbook".to_owned()];
        assert_eq!(
            split_terms("idempotent", &terms),
            (vec!["idempotency"], vec!["runbook"])
        );
    }

    #[test]
    fn terms_split_into_used_and_missed_in_order() {
        let terms = vec![
            "quorum".to_owned(),
            "split brain".to_owned(),
            "runbook".to_owned(),
        ];
        let (used, missed) = split_terms("Lost quorum; follow the runbook.", &terms);
        assert_eq!(used, ["quorum", "runbook"]);
        assert_eq!(missed, ["split brain"]);
    }
}
