//! Difficulty levels of the question bank, as the seed document arranges them.

use serde::{Deserialize, Serialize};

/// How hard a question is. The number is what content files and URLs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Level {
    Conceptual = 1,
    SystemDesign = 2,
    ComplexScenarios = 3,
    BehavioralTechnical = 4,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Conceptual,
        Level::SystemDesign,
        Level::ComplexScenarios,
        Level::BehavioralTechnical,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Conceptual => "Conceptual understanding",
            Level::SystemDesign => "System design application",
            Level::ComplexScenarios => "Complex scenarios",
            Level::BehavioralTechnical => "Behavioral + technical",
        }
    }

    /// The heading the bank shows: numbered levels carry their number, the behavioural
    /// combination stands apart as it does in the seed.
    pub fn heading(self) -> String {
        match self {
            Level::BehavioralTechnical => self.label().to_owned(),
            _ => format!("Level {}: {}", self.number(), self.label()),
        }
    }

    /// Parses the value of a URL query parameter (`?level=2`).
    pub fn from_param(value: &str) -> Option<Level> {
        value
            .trim()
            .parse::<u8>()
            .ok()
            .and_then(|n| Level::try_from(n).ok())
    }
}

impl TryFrom<u8> for Level {
    type Error = String;

    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Level::ALL
            .into_iter()
            .find(|level| level.number() == n)
            .ok_or_else(|| format!("unknown level {n}: expected 1, 2, 3 or 4"))
    }
}

impl From<Level> for u8 {
    fn from(level: Level) -> u8 {
        level.number()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip() {
        for level in Level::ALL {
            assert_eq!(Level::try_from(level.number()), Ok(level));
            assert_eq!(Level::from_param(&level.number().to_string()), Some(level));
        }
    }

    #[test]
    fn rejects_unknown_numbers() {
        assert!(Level::try_from(0).is_err());
        assert!(Level::try_from(5).is_err());
        assert_eq!(Level::from_param("nine"), None);
        assert_eq!(Level::from_param(""), None);
    }

    #[test]
    fn behavioural_heading_has_no_number() {
        assert_eq!(
            Level::BehavioralTechnical.heading(),
            "Behavioral + technical"
        );
        assert_eq!(
            Level::Conceptual.heading(),
            "Level 1: Conceptual understanding"
        );
    }
}
