//! The learner's time zone (server only): which local calendar day an instant falls on, and
//! when a local day starts. IANA names ("Europe/Berlin"), resolved against the time-zone
//! database compiled into the binary (jiff's bundle), so daylight-saving changes are handled
//! the same on every machine.

use crate::domain::calendar::DAY;
use crate::domain::{Date, Timestamp};
use jiff::tz::TimeZone;

#[derive(Debug, Clone)]
pub struct LearnerZone {
    name: String,
    tz: TimeZone,
    /// False when the learner has not set one and UTC stands in.
    chosen: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone `{0}`")]
pub struct UnknownZone(pub String);

impl LearnerZone {
    /// A zone by its IANA name.
    pub fn parse(name: &str) -> Result<Self, UnknownZone> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 {
            return Err(UnknownZone(name.chars().take(64).collect()));
        }
        let tz = TimeZone::get(name).map_err(|_| UnknownZone(name.to_owned()))?;
        // The database's own spelling: lookups ignore case, so "europe/berlin" is found, and
        // is stored and shown as "Europe/Berlin".
        let name = tz.iana_name().unwrap_or(name).to_owned();
        Ok(Self {
            name,
            tz,
            chosen: true,
        })
    }

    pub fn utc() -> Self {
        Self {
            name: "UTC".to_owned(),
            tz: TimeZone::UTC,
            chosen: false,
        }
    }

    /// The stored setting, or UTC when there is none (or it names a zone this build lacks).
    pub fn from_setting(stored: Option<&str>) -> Self {
        stored
            .and_then(|name| Self::parse(name).ok())
            .unwrap_or_else(Self::utc)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn chosen(&self) -> bool {
        self.chosen
    }

    /// The local day that the instant `at` falls on.
    pub fn day(&self, at: Timestamp) -> Date {
        let Ok(timestamp) = jiff::Timestamp::from_second(at.secs()) else {
            return at.utc_date();
        };
        let offset = i64::from(self.tz.to_offset(timestamp).seconds());
        Date::from_day_number((at.secs() + offset).div_euclid(DAY))
    }

    /// The instant at which local day `day` begins (its first instant, which is not
    /// midnight where a daylight-saving change skips it).
    pub fn day_start(&self, day: Date) -> Timestamp {
        let fallback = day.start();
        let Some(date) = i32::try_from(day.day_number()).ok().and_then(|d| {
            jiff::civil::Date::new(1970, 1, 1)
                .ok()?
                .checked_add(jiff::Span::new().days(d))
                .ok()
        }) else {
            return fallback;
        };
        date.to_zoned(self.tz.clone()).map_or(fallback, |zoned| {
            Timestamp::from_secs(zoned.timestamp().as_second())
        })
    }
}

/// The zone names a learner picks from: "Area/Place" names and UTC, sorted (the legacy
/// aliases such as "EST5EDT" and the "Etc/GMT+5" family are left out of the list, though
/// typing one still works).
pub fn names() -> Vec<String> {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.to_string())
        .filter(|name| name.contains('/') && !name.starts_with("Etc/"))
        .collect();
    names.push("UTC".to_owned());
    names.sort();
    names.dedup();
    names
}

/// An RFC 3339 instant ("2026-03-29T12:00:00Z"), for tests across the crate.
#[cfg(test)]
pub(crate) fn unix(text: &str) -> Timestamp {
    Timestamp::from_secs(
        text.parse::<jiff::Timestamp>()
            .expect("a timestamp")
            .as_second(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i64) -> Date {
        Date::from_day_number(n)
    }

    #[test]
    fn a_local_day_follows_the_zone() {
        let utc = LearnerZone::utc();
        let tokyo = LearnerZone::parse("Asia/Tokyo").expect("a zone");
        let la = LearnerZone::parse("America/Los_Angeles").expect("a zone");
        let at = unix("2026-11-28T20:00:00Z");
        assert_eq!(utc.day(at), day(20_785));
        assert_eq!(tokyo.day(at), day(20_786), "already the 29th in Tokyo");
        assert_eq!(la.day(at), day(20_785), "noon on the 28th in Los Angeles");
        assert_eq!(
            la.day(unix("2026-11-29T07:30:00Z")),
            day(20_785),
            "23:30 on the 28th"
        );
    }

    #[test]
    fn days_stay_whole_across_a_daylight_saving_change() {
        let berlin = LearnerZone::parse("Europe/Berlin").expect("a zone");
        // Clocks go forward at 02:00 on 29 March 2026: that day has 23 hours.
        let day = berlin.day(unix("2026-03-29T12:00:00Z"));
        let start = berlin.day_start(day);
        let next = berlin.day_start(day.plus_days(1));
        assert_eq!(start, unix("2026-03-28T23:00:00Z"), "midnight CET");
        assert_eq!(next.secs_since(start), 23 * 3600);
        assert_eq!(
            berlin.day(unix("2026-03-29T21:59:59Z")),
            day,
            "23:59:59 CEST"
        );
        assert_eq!(berlin.day(unix("2026-03-29T22:00:00Z")), day.plus_days(1));
        // And back at 03:00 on 25 October: 25 hours.
        let autumn = berlin.day(unix("2026-10-25T12:00:00Z"));
        assert_eq!(
            berlin
                .day_start(autumn.plus_days(1))
                .secs_since(berlin.day_start(autumn)),
            25 * 3600
        );
    }

    #[test]
    fn unknown_zones_are_refused_and_a_bad_setting_falls_back_to_utc() {
        assert!(LearnerZone::parse("Mars/Olympus_Mons").is_err());
        assert!(LearnerZone::parse("").is_err());
        assert!(LearnerZone::parse(&"A".repeat(100)).is_err());
        let fallback = LearnerZone::from_setting(Some("Mars/Olympus_Mons"));
        assert_eq!(fallback.name(), "UTC");
        assert!(!fallback.chosen());
        assert!(LearnerZone::from_setting(Some("Europe/Berlin")).chosen());
        assert_eq!(
            LearnerZone::parse("europe/berlin").map(|z| z.name().to_owned()),
            Ok("Europe/Berlin".to_owned()),
            "stored in the database's spelling"
        );
    }

    #[test]
    fn the_list_offers_real_places_and_utc() {
        let names = names();
        assert!(names.len() > 300, "{}", names.len());
        for name in ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"] {
            assert!(names.iter().any(|n| n == name), "{name}");
        }
        assert!(names.iter().all(|n| LearnerZone::parse(n).is_ok()));
    }
}
