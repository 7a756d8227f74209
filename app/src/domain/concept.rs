//! The concepts a question can be tagged with.

use serde::{Deserialize, Serialize};

/// A trade-off the bank teaches. The slug is what content files, URLs and the database use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Concept {
    Cap,
    LatencyThroughput,
    PerformanceScalability,
}

impl Concept {
    pub const ALL: [Concept; 3] = [
        Concept::Cap,
        Concept::LatencyThroughput,
        Concept::PerformanceScalability,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Concept::Cap => "cap",
            Concept::LatencyThroughput => "latency-throughput",
            Concept::PerformanceScalability => "performance-scalability",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Concept::Cap => "CAP and consistency",
            Concept::LatencyThroughput => "Latency vs throughput",
            Concept::PerformanceScalability => "Performance vs scalability",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Concept> {
        Concept::ALL.into_iter().find(|c| c.slug() == slug.trim())
    }
}

impl TryFrom<String> for Concept {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Concept::from_slug(&value).ok_or_else(|| {
            let known: Vec<_> = Concept::ALL.iter().map(|c| c.slug()).collect();
            format!(
                "unknown concept `{value}`: expected one of {}",
                known.join(", ")
            )
        })
    }
}

impl From<Concept> for String {
    fn from(concept: Concept) -> String {
        concept.slug().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for concept in Concept::ALL {
            assert_eq!(Concept::from_slug(concept.slug()), Some(concept));
        }
    }

    #[test]
    fn unknown_slug_names_the_known_ones() {
        let err = Concept::try_from("acid".to_owned()).unwrap_err();
        assert!(
            err.contains("acid") && err.contains("latency-throughput"),
            "{err}"
        );
    }
}
