//! Calendar dates as written in news pages ("July 4, 2017", "21 July 2019", "2017-07-04"),
//! found inside a line and normalised to ISO dates.

use std::fmt;
use std::ops::Range;

/// A calendar date, shown as ISO 8601 (`2017-07-04`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` (for 30 February, month 13, years outside 1800–2200).
    pub fn new(year: u32, month: u32, day: u32) -> Option<Self> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1800..=2200).contains(&year) && (1..=days).contains(&day)).then_some(Self {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }
}

impl Date {
    /// The date `days` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days(days: i64) -> Option<Self> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::new(
            u32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// The UTC date of a Unix time written as digits: seconds (9 or 10 digits) or
    /// milliseconds (12 or 13), as JSON exports write them.
    pub fn from_unix_digits(text: &str) -> Option<Self> {
        let text = text.trim();
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: i64 = text.parse().ok()?;
        let secs = match text.len() {
            9 | 10 => n,
            12 | 13 => n / 1000,
            _ => return None,
        };
        Self::from_days(secs.div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The month number of a full or abbreviated English month name ("Jul", "Sept").
fn month_number(word: &str) -> Option<u32> {
    // Compared in place, ignoring ASCII case: every token of a short line is tried.
    let w = word.as_bytes();
    if w.len() < 3 {
        return None;
    }
    let abbreviated = w.len() == 3 || w.eq_ignore_ascii_case(b"sept");
    MONTHS
        .iter()
        .position(|m| {
            let m = m.as_bytes();
            m.eq_ignore_ascii_case(w)
                || (abbreviated && m.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))
        })
        .map(|i| i as u32 + 1)
}

/// Whether a word is a weekday name, full or abbreviated ("Sunday", "Sun").
pub fn is_weekday(word: &str) -> bool {
    let w = word.as_bytes();
    w.len() >= 3
        && WEEKDAYS.iter().any(|d| {
            d.as_bytes()
                .get(..w.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(w))
        })
}

/// A run of letters or digits in a line, with its byte range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Token<'_> {
    fn number(&self, max_digits: usize) -> Option<u32> {
        (self.text.len() <= max_digits && self.text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| self.text.parse().ok())
            .flatten()
    }
}

/// Splits a line into runs of letters and digits; a run switching between letters and
/// digits is split there too ("UAESunday21" → "UAESunday", "21").
pub(crate) fn tokens(line: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in line.char_indices() {
        let class = c.is_alphanumeric().then(|| c.is_ascii_digit());
        if let Some((s, digit)) = start {
            if class == Some(digit) {
                continue;
            }
            out.push(Token {
                text: &line[s..i],
                start: s,
                end: i,
            });
        }
        start = class.map(|d| (i, d));
    }
    if let Some((s, _)) = start {
        out.push(Token {
            text: &line[s..],
            start: s,
            end: line.len(),
        });
    }
    out
}

/// Whether a word is an English ordinal suffix ("4th", "1st").
fn is_ordinal_suffix(word: &str) -> bool {
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(word))
}

/// The first calendar date in `line` and the byte range it covers.
///
/// Besides the written forms, numeric ones: `2017-07-04`, `19980314`, `14.03.1998` (day
/// first, as written where dots are used), and `03/14/1998` or `14/03/1998` with slashes —
/// a number over 12 settles which is the day; when both could be (`03/04/1998`) the month
/// comes first, as the US wires that write slashes do.
pub fn find_date(line: &str) -> Option<(Date, Range<usize>)> {
    // Every form has a year: a line with fewer than four ASCII digits has no date (most
    // short lines, looked at for one, are headlines and standfirsts).
    if line.bytes().filter(u8::is_ascii_digit).count() < 4 {
        return None;
    }
    let toks = tokens(line);
    for i in 0..toks.len() {
        let t = |k: usize| toks.get(i + k);
        let between = |a: usize, b: usize| match (t(a), t(b)) {
            (Some(x), Some(y)) => &line[x.end..y.start],
            _ => "",
        };
        // 19980314
        if let Some(x) = t(0)
            && x.text.len() == 8
            && let Some(n) = x.number(8)
            && let Some(date) = Date::new(n / 10_000, n / 100 % 100, n % 100)
        {
            return Some((date, x.start..x.end));
        }
        // 03/14/1998, 14/03/1998, 14.03.1998
        if let (Some(a), Some(b), Some(y)) = (t(0), t(1), t(2))
            && y.text.len() == 4
            && let (Some(p), Some(q), Some(yy)) = (a.number(2), b.number(2), y.number(4))
            && let Some(sep @ ("/" | ".")) = Some(between(0, 1)).filter(|s| *s == between(1, 2))
        {
            let day_first = sep == "." || (p > 12 && q <= 12);
            let (mm, dd) = if day_first { (q, p) } else { (p, q) };
            if let Some(date) = Date::new(yy, mm, dd) {
                return Some((date, a.start..y.end));
            }
        }
        // July 4th, 2017
        if let (Some(m), Some(d), Some(th), Some(y)) = (t(0), t(1), t(2), t(3))
            && let Some(mm) = month_number(m.text)
            && is_ordinal_suffix(th.text)
            && th.start == d.end
            && let (Some(dd), Some(yy)) = (d.number(2), y.number(4))
            && y.text.len() == 4
            && let Some(date) = Date::new(yy, mm, dd)
        {
            return Some((date, m.start..y.end));
        }
        // 2017-07-04
        if let (Some(y), Some(m), Some(d)) = (t(0), t(1), t(2))
            && y.text.len() == 4
            && between(0, 1) == "-"
            && between(1, 2) == "-"
            && let (Some(yy), Some(mm), Some(dd)) = (y.number(4), m.number(2), d.number(2))
            && let Some(date) = Date::new(yy, mm, dd)
        {
            return Some((date, y.start..d.end));
        }
        // July 4, 2017 / Jul. 4 2017
        if let (Some(m), Some(d), Some(y)) = (t(0), t(1), t(2))
            && let Some(mm) = month_number(m.text)
            && let (Some(dd), Some(yy)) = (d.number(2), y.number(4))
            && y.text.len() == 4
            && let Some(date) = Date::new(yy, mm, dd)
        {
            return Some((date, m.start..y.end));
        }
        // 21 July 2019
        if let (Some(d), Some(m), Some(y)) = (t(0), t(1), t(2))
            && let Some(mm) = month_number(m.text)
            && let (Some(dd), Some(yy)) = (d.number(2), y.number(4))
            && y.text.len() == 4
            && let Some(date) = Date::new(yy, mm, dd)
        {
            return Some((date, d.start..y.end));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(line: &str) -> Option<String> {
        find_date(line).map(|(d, _)| d.to_string())
    }

    #[test]
    fn reads_common_news_date_forms() {
        assert_eq!(
            iso("Updated: July 4, 2017 09:11 PM").as_deref(),
            Some("2017-07-04")
        );
        assert_eq!(
            iso("Abu Dhabi, UAESunday 21 July 2019").as_deref(),
            Some("2019-07-21")
        );
        assert_eq!(
            iso("Published 2016-02-29T10:00Z").as_deref(),
            Some("2016-02-29")
        );
        assert_eq!(iso("Sept. 3, 2020").as_deref(), Some("2020-09-03"));
        assert_eq!(
            iso("Tue 3 Dec 2019 14:00 GMT").as_deref(),
            Some("2019-12-03")
        );
    }

    #[test]
    fn reads_numeric_dates_and_says_which_number_is_the_day() {
        assert_eq!(iso("03/14/1998 12:00 EST").as_deref(), Some("1998-03-14"));
        assert_eq!(iso("14/03/1998").as_deref(), Some("1998-03-14"));
        assert_eq!(iso("14.03.1998").as_deref(), Some("1998-03-14"));
        assert_eq!(iso("19980314").as_deref(), Some("1998-03-14"));
        // Both could be the month: month first, as US wires write slashes.
        assert_eq!(iso("03/04/1998").as_deref(), Some("1998-03-04"));
        assert_eq!(iso("04.03.1998").as_deref(), Some("1998-03-04"));
        assert_eq!(iso("July 4th, 2017").as_deref(), Some("2017-07-04"));
        assert_eq!(iso("March 1st 2020").as_deref(), Some("2020-03-01"));
        assert_eq!(iso("13/13/1998"), None);
        assert_eq!(iso("12345678"), None);
        assert_eq!(iso("1/2/3"), None);
    }

    #[test]
    fn reads_unix_times_in_seconds_and_milliseconds() {
        let d = |t: &str| Date::from_unix_digits(t).map(|d| d.to_string());
        assert_eq!(d("1499158800").as_deref(), Some("2017-07-04"));
        assert_eq!(d("1499158800000").as_deref(), Some("2017-07-04"));
        assert_eq!(d("889833600").as_deref(), Some("1998-03-14"));
        assert_eq!(d("2017"), None);
        assert_eq!(d("-5"), None);
    }

    #[test]
    fn rejects_impossible_or_partial_dates() {
        assert_eq!(iso("February 30, 2017"), None);
        assert_eq!(iso("2017-02-29"), None);
        assert_eq!(iso("on May 4, the three countries"), None);
        assert_eq!(iso("Jan. 23-24"), None);
        assert_eq!(iso("March 2017"), None);
        assert_eq!(iso("Mayor 4, 2017"), None);
    }

    #[test]
    fn reports_the_byte_range_of_the_date() {
        let line = "Posted: Sunday 21 July 2019 by staff";
        let (_, r) = find_date(line).expect("date");
        assert_eq!(&line[r], "21 July 2019");
    }

    #[test]
    fn month_names_full_abbreviated_and_in_any_case() {
        for (word, month) in [
            ("July", Some(7)),
            ("JUL", Some(7)),
            ("sept", Some(9)),
            ("Sep", Some(9)),
            ("september", Some(9)),
            ("may", Some(5)),
            ("Ma", None),
            ("Janu", None),
            ("Julyy", None),
            ("Mär", None),
            ("decembre", None),
        ] {
            assert_eq!(month_number(word), month, "{word}");
        }
        assert!(is_ordinal_suffix("TH") && !is_ordinal_suffix("t") && !is_ordinal_suffix("ths"));
    }

    #[test]
    fn weekdays_full_and_short() {
        assert!(
            is_weekday("Sunday") && is_weekday("tue") && !is_weekday("Su") && !is_weekday("July")
        );
    }
}
