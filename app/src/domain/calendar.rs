//! Time, in two types: a [`Timestamp`] is an instant (Unix seconds, as stored and as the
//! server's clock reads it), and a [`Date`] is a calendar day (a learner's local day, a due
//! date, an interview date), with the labels pages show. Durations stay whole seconds (`i64`).
//!
//! Dates are computed here without a time-zone library (civil dates, proleptic Gregorian, to
//! and from days since the Unix epoch) because this module is compiled into the browser bundle
//! too, where a time-zone database would cost more than the whole bundle; which local day an
//! instant falls on for a learner is the server's `time_zone` module (jiff), which hands back a
//! `Date`. The `time` crate appears only inside tower-sessions' cookie expiry.

use super::words::counted;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Seconds in a day (of UTC; a local day across a daylight-saving change has 23 or 25 hours,
/// which the server's `time_zone` module accounts for).
pub const DAY: i64 = 24 * 60 * 60;

/// An instant: whole seconds since 1970-01-01 00:00 UTC.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(i64);

impl Timestamp {
    pub const fn from_secs(secs: i64) -> Self {
        Self(secs)
    }

    /// Unix seconds.
    pub const fn secs(self) -> i64 {
        self.0
    }

    /// `secs` later (earlier when negative), saturating.
    #[must_use]
    pub const fn plus_secs(self, secs: i64) -> Self {
        Self(self.0.saturating_add(secs))
    }

    /// Whole days later (earlier when negative), saturating.
    #[must_use]
    pub const fn plus_days(self, days: i64) -> Self {
        self.plus_secs(days.saturating_mul(DAY))
    }

    /// Seconds from `earlier` to `self` (negative when `earlier` is later).
    pub const fn secs_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// The UTC day this instant falls on (a learner's own day comes from their zone).
    pub fn utc_date(self) -> Date {
        Date::of_time(self.0)
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both are in range by construction (1..=31, 1..=12).
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// A calendar day, as `<input type="date">` sends it: `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum DateError {
    #[error("Enter a date as year-month-day, for example 2027-03-14.")]
    Format,
    #[error("There is no such day in the calendar.")]
    NoSuchDay,
}

impl Date {
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DateError::Format);
        };
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(DateError::Format);
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>())
        else {
            return Err(DateError::Format);
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(DateError::NoSuchDay);
        }
        Ok(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// The day numbered `days` since 1970-01-01 (a learner's local day, as the server's
    /// time-zone code counts them).
    pub fn from_day_number(days: i64) -> Self {
        Date { days }
    }

    /// Days since 1970-01-01.
    pub fn day_number(self) -> i64 {
        self.days
    }

    /// The UTC day a Unix time falls on.
    pub fn of_time(unix_secs: i64) -> Self {
        Date {
            days: unix_secs.div_euclid(DAY),
        }
    }

    /// Midnight UTC at the start of this day.
    pub fn start(self) -> Timestamp {
        Timestamp::from_secs(self.days.saturating_mul(DAY))
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.days - self.days
    }

    /// The day `days` later (earlier when negative).
    #[must_use]
    pub fn plus_days(self, days: i64) -> Self {
        Date {
            days: self.days.saturating_add(days),
        }
    }

    /// "Mon 30 Nov 2026".
    pub fn long(self) -> String {
        format!(
            "{} {} {}",
            self.weekday_short(),
            self.day_of_month(),
            self.month_year()
        )
    }

    /// "30 Nov 2026".
    pub fn medium(self) -> String {
        format!("{} {}", self.day_of_month(), self.month_year())
    }

    /// "Nov 2026".
    pub fn month_year(self) -> String {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (year, month, _) = civil_from_days(self.days);
        let month = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
        format!("{month} {year}")
    }

    /// The day of the month, 1 to 31.
    pub fn day_of_month(self) -> u32 {
        civil_from_days(self.days).2
    }

    /// "Mon".
    pub fn weekday_short(self) -> &'static str {
        const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        WEEKDAYS[usize::try_from(self.days.rem_euclid(7)).unwrap_or(0)]
    }

    /// Monday 0 to Sunday 6.
    pub fn weekday_from_monday(self) -> i64 {
        (self.days + 3).rem_euclid(7)
    }
}

/// Instants move by whole seconds: `at + 60` is a minute later, `later - earlier` the seconds
/// between them.
impl std::ops::Add<i64> for Timestamp {
    type Output = Timestamp;

    fn add(self, secs: i64) -> Timestamp {
        self.plus_secs(secs)
    }
}

impl std::ops::AddAssign<i64> for Timestamp {
    fn add_assign(&mut self, secs: i64) {
        *self = self.plus_secs(secs);
    }
}

impl std::ops::Sub<i64> for Timestamp {
    type Output = Timestamp;

    fn sub(self, secs: i64) -> Timestamp {
        self.plus_secs(secs.saturating_neg())
    }
}

impl std::ops::Sub for Timestamp {
    type Output = i64;

    fn sub(self, earlier: Timestamp) -> i64 {
        self.secs_since(earlier)
    }
}

/// Days move by whole days: `today + 1` is tomorrow, `later - earlier` the days between.
impl std::ops::Add<i64> for Date {
    type Output = Date;

    fn add(self, days: i64) -> Date {
        self.plus_days(days)
    }
}

impl std::ops::Sub<i64> for Date {
    type Output = Date;

    fn sub(self, days: i64) -> Date {
        self.plus_days(days.saturating_neg())
    }
}

impl std::ops::Sub for Date {
    type Output = i64;

    fn sub(self, earlier: Date) -> i64 {
        earlier.days_until(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = civil_from_days(self.days);
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Date::parse(&value)
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

/// "30 Nov 2026, 14:05 UTC" (a list of attempts reads better without the weekday).
pub fn date_time(at: Timestamp) -> String {
    let secs = at.secs().rem_euclid(DAY);
    format!(
        "{}, {:02}:{:02} UTC",
        at.utc_date().medium(),
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// How far `at` is from `now`, in words: "now", "in 5 minutes", "in 3 hours", "tomorrow",
/// "in 4 days", "2 days ago".
pub fn relative(at: Timestamp, now: Timestamp) -> String {
    let delta = at.secs_since(now);
    let ahead = delta >= 0;
    let size = delta.abs();
    let amount = if size < 60 {
        return "now".to_owned();
    } else if size < 3600 {
        counted(size / 60, "minute", "minutes")
    } else if size < DAY {
        counted(size / 3600, "hour", "hours")
    } else {
        let days = (size + DAY / 2) / DAY;
        if days == 1 {
            return if ahead { "tomorrow" } else { "yesterday" }.to_owned();
        }
        counted(days, "day", "days")
    };
    if ahead {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// "45 s", "1 min 20 s", "12 min", "7 h 48 min".
pub fn duration(secs: i64) -> String {
    let secs = secs.max(0);
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) if m < 60 => format!("{m} min"),
        (m, s) if m < 10 => format!("{m} min {s} s"),
        (m, _) if m < 60 => format!("{m} min"),
        (m, _) if m % 60 == 0 => format!("{} h", m / 60),
        (m, _) => format!("{} h {} min", m / 60, m % 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            Date::parse("1970-01-01").map(Date::start),
            Ok(Timestamp::from_secs(0))
        );
        assert_eq!(
            Date::parse("2026-11-28").map(Date::start),
            Ok(Timestamp::from_secs(1_795_824_000))
        );
        assert_eq!(
            Date::parse("2028-02-29").map(|d| d.to_string()),
            Ok("2028-02-29".into())
        );
        assert_eq!(Date::parse("2027-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2100-02-29"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2026-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(Date::parse("2026-04-31"), Err(DateError::NoSuchDay));
        for bad in [
            "",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "2026-01-01-01",
            "+026-01-01",
            "2026-01-0x",
        ] {
            assert_eq!(Date::parse(bad), Err(DateError::Format), "{bad:?}");
        }
    }

    #[test]
    fn dates_read_as_people_write_them() {
        let date = Date::parse("2026-11-30").expect("a date");
        assert_eq!(date.long(), "Mon 30 Nov 2026");
        assert_eq!(date.medium(), "30 Nov 2026");
        assert_eq!(date.month_year(), "Nov 2026");
        assert_eq!(date.day_of_month(), 30);
        assert_eq!(date.weekday_from_monday(), 0);
        assert_eq!(date.plus_days(-1).weekday_short(), "Sun");
        assert_eq!(date.plus_days(2).long(), "Wed 2 Dec 2026");
        assert_eq!(
            date_time(date.start().plus_secs(14 * 3600 + 5 * 60)),
            "30 Nov 2026, 14:05 UTC"
        );
        assert_eq!(
            Date::parse("2026-11-28").expect("a date").days_until(date),
            2
        );
    }

    #[test]
    fn relative_times() {
        let now = Timestamp::from_secs(1_800_000_000);
        let at = |secs: i64| now.plus_secs(secs);
        assert_eq!(relative(at(30), now), "now");
        assert_eq!(relative(at(300), now), "in 5 minutes");
        assert_eq!(relative(at(3 * 3600), now), "in 3 hours");
        assert_eq!(relative(at(DAY), now), "tomorrow");
        assert_eq!(relative(at(2 * DAY + 7 * 3600), now), "in 2 days");
        assert_eq!(relative(at(-3 * DAY), now), "3 days ago");
        assert_eq!(relative(at(-60), now), "1 minute ago");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(80), "1 min 20 s");
        assert_eq!(duration(600), "10 min");
        assert_eq!(duration(725), "12 min");
        assert_eq!(duration(3600), "1 h");
        assert_eq!(duration(468 * 60 + 5), "7 h 48 min");
        assert_eq!(duration(-5), "0 s");
    }

    proptest! {
        #[test]
        fn days_and_civil_dates_round_trip(days in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn printed_dates_parse_back(days in 0i64..200_000) {
            let date = Date { days };
            prop_assert_eq!(Date::parse(&date.to_string()), Ok(date));
        }
    }
}
