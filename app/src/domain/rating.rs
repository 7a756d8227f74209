//! The self-rating of an attempt, on Anki's four-point scale, and the rating the rubric
//! suggests before the learner chooses.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Rating {
    Again = 1,
    Hard = 2,
    Good = 3,
    Easy = 4,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Choose a rating from 1 (Again) to 4 (Easy).")]
pub struct RatingError;

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }

    /// What each choice means, for the form.
    pub fn meaning(self) -> &'static str {
        match self {
            Rating::Again => "I missed the main trade-off",
            Rating::Hard => "I got there, with gaps",
            Rating::Good => "I covered what they test",
            Rating::Easy => "Complete and effortless",
        }
    }

    /// The rating the rubric suggests: every item ticked is Easy, two thirds or more Good,
    /// a third or more Hard, less than that Again. A question without rubric items suggests
    /// Good. The learner's own choice always wins; this only pre-selects.
    pub fn suggested(ticked: usize, total: usize) -> Rating {
        if total == 0 {
            return Rating::Good;
        }
        let ticked = ticked.min(total);
        // Compare ticked/total with 1/3 and 2/3 in integers: no rounding surprises.
        if ticked == total {
            Rating::Easy
        } else if 3 * ticked >= 2 * total {
            Rating::Good
        } else if 3 * ticked >= total {
            Rating::Hard
        } else {
            Rating::Again
        }
    }
}

impl TryFrom<u8> for Rating {
    type Error = RatingError;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        match value {
            1 => Ok(Rating::Again),
            2 => Ok(Rating::Hard),
            3 => Ok(Rating::Good),
            4 => Ok(Rating::Easy),
            _ => Err(RatingError),
        }
    }
}

impl From<Rating> for u8 {
    fn from(rating: Rating) -> u8 {
        rating.number()
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_rubric_suggests_a_rating() {
        assert_eq!(Rating::suggested(0, 5), Rating::Again);
        assert_eq!(Rating::suggested(1, 5), Rating::Again);
        assert_eq!(Rating::suggested(2, 5), Rating::Hard);
        assert_eq!(Rating::suggested(3, 5), Rating::Hard);
        assert_eq!(Rating::suggested(4, 5), Rating::Good);
        assert_eq!(Rating::suggested(5, 5), Rating::Easy);
        assert_eq!(Rating::suggested(1, 3), Rating::Hard, "exactly a third");
        assert_eq!(Rating::suggested(2, 3), Rating::Good, "exactly two thirds");
        assert_eq!(Rating::suggested(0, 0), Rating::Good, "nothing to tick");
        assert_eq!(
            Rating::suggested(9, 4),
            Rating::Easy,
            "more ticks than items count as all"
        );
    }

    #[test]
    fn ratings_are_one_to_four_only() {
        assert_eq!(Rating::try_from(3), Ok(Rating::Good));
        assert_eq!(Rating::try_from(0), Err(RatingError));
        assert_eq!(Rating::try_from(5), Err(RatingError));
        assert_eq!(
            serde_json::from_str::<Rating>("4").expect("a rating"),
            Rating::Easy
        );
        assert!(serde_json::from_str::<Rating>("7").is_err());
    }

    proptest! {
        #[test]
        fn more_ticks_never_suggest_a_lower_rating(total in 1usize..12, a in 0usize..12, b in 0usize..12) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(Rating::suggested(low, total) <= Rating::suggested(high, total));
        }
    }
}
