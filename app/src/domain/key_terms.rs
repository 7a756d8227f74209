//! Which of a question's key terms an answer used. Matching ignores case, punctuation and
//! simple plurals, and accepts a multi-word term written as one word ("trade-off",
//! "trade off", "tradeoffs" all count), so a learner is not marked down for spelling style.

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

/// True when `answer` uses `term`.
pub fn uses_term(answer: &str, term: &str) -> bool {
    let answer = words(answer);
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

/// The key terms split into those the answer used and those it missed, in the given order.
pub fn split_terms<'a>(answer: &str, terms: &'a [String]) -> (Vec<&'a str>, Vec<&'a str>) {
    terms
        .iter()
        .map(String::as_str)
        .partition(|term| uses_term(answer, term))
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
