//! What the charter reads of a package's `CHANGELOG.md`, kept instead of its text (a CHANGELOG of
//! a long-lived package runs to hundreds of kilobytes, and a monorepo holds one a package): the
//! majors it has a heading for, and where and how CH043's fix would write one.

use std::path::PathBuf;

/// A CHANGELOG's facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changelog {
    pub path: PathBuf,
    /// The majors `N` that have a `## N.0.0` heading (also `## [N.0.0]`, `## vN.0.0`, and with a
    /// date or link after it), sorted.
    major_headings: Vec<u64>,
    /// Its lines end with `\r\n`.
    pub crlf: bool,
    /// Its headings are bracketed (`## [1.2.0]`).
    pub bracketed: bool,
    /// Where its first `## ` line starts: where a new entry goes.
    pub first_entry: Option<usize>,
    /// Its length, and whether it is empty or ends with a line break.
    pub len: usize,
    pub ends_with_break: bool,
    /// It holds a suppression comment.
    pub suppressing: bool,
}

impl Changelog {
    pub fn read(path: PathBuf, text: &str) -> Changelog {
        let mut major_headings: Vec<u64> = text.lines().filter_map(heading_major).collect();
        major_headings.sort_unstable();
        major_headings.dedup();
        let mut first_entry = None;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if line.starts_with("## ") {
                first_entry = Some(offset);
                break;
            }
            offset += line.len();
        }
        Changelog {
            path,
            major_headings,
            crlf: text.contains("\r\n"),
            bracketed: text.lines().any(|l| l.starts_with("## [")),
            first_entry,
            len: text.len(),
            ends_with_break: text.is_empty() || text.ends_with('\n'),
            suppressing: text.contains(crate::suppress::MARKER),
        }
    }

    /// Whether it has a `## N.0.0` heading for `major`.
    pub fn heads_major(&self, major: u64) -> bool {
        self.major_headings.binary_search(&major).is_ok()
    }
}

/// The major of a `## N.0.0` heading line: after `## `, blanks, `[`s and `v`s, the digits of `N`
/// as a number is written (no leading zero), `.0.0`, and then no digit, `.` or `-` (`1.0.0-rc.1`
/// and `1.0.0.1` head no major).
fn heading_major(line: &str) -> Option<u64> {
    let h = line
        .trim_start()
        .strip_prefix("## ")?
        .trim_start()
        .trim_start_matches('[')
        .trim_start_matches('v');
    let digits = h.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits > 1 && h.starts_with('0')) {
        return None;
    }
    let rest = h[digits..].strip_prefix(".0.0")?;
    if rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    h[..digits].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What CH043 asked of the whole text before its facts were kept.
    fn has_heading(changelog: &str, version: &str) -> bool {
        changelog.lines().any(|l| {
            let Some(h) = l.trim_start().strip_prefix("## ") else {
                return false;
            };
            let h = h
                .trim_start()
                .trim_start_matches('[')
                .trim_start_matches('v');
            h.strip_prefix(version).is_some_and(|rest| {
                !rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '-')
            })
        })
    }

    /// The kept headings answer as the text did, for every major, on lines made of the
    /// heading's pieces in every order.
    #[test]
    fn headings_answer_as_the_text_did() {
        let pieces = [
            "## ", "##", " ", "\t", "[", "v", "V", "1", "0", "2", "10", ".0", ".0.0", ".1", "-rc",
            "]", " - 2024", "\r", "\u{a0}", "x",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut headed = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..rnd(3) + 1 {
                if rnd(2) == 0 {
                    text.push_str("## ");
                }
                for _ in 0..rnd(6) {
                    text.push_str(pieces[rnd(pieces.len())]);
                }
                text.push('\n');
            }
            let facts = Changelog::read(PathBuf::from("CHANGELOG.md"), &text);
            for major in [0, 1, 2, 10, 20, 100, 1010] {
                let want = has_heading(&text, &format!("{major}.0.0"));
                headed += usize::from(want);
                assert_eq!(facts.heads_major(major), want, "{text:?} {major}");
            }
        }
        assert!(headed > 100, "the texts hold headings: {headed}");
    }
}
