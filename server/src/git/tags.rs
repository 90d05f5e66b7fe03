//! Release tags of StartOS packages. The convention is `v<upstream>[-pre]_<downstream>`
//! (`2.3.2:1` → `v2.3.2_1`); repositories released before it spelled the same versions
//! `v2.3.2.1` (the downstream as a fourth number), `v2.3.2-1`, `v2.3.2` (downstream 0), or
//! without the `v`.
//! A version counts as tagged when any spelling the repository could have used is there; the
//! expected name follows the convention, unless the repository has never used it.

use crate::exver::{parse_exver, ExVer};

use super::Tag;

/// The ways a release of `v` may be tagged, the convention's first.
pub fn spellings(v: &ExVer) -> Vec<String> {
    let up = v.upstream.text();
    let down = v.downstream.text();
    let mut out = Vec::new();
    for prefix in ["v", ""] {
        out.push(format!("{prefix}{up}_{down}"));
        out.push(format!("{prefix}{up}.{down}"));
        out.push(format!("{prefix}{up}-{down}"));
        if down == "0" {
            out.push(format!("{prefix}{up}"));
        }
    }
    out
}

/// A tag's name without a folder-like prefix (`releases/v1.0.0_0`).
fn base(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The repository's release tags: those that look like a version (`v` and a digit, or a digit).
pub fn releases(tags: &[Tag]) -> impl Iterator<Item = &Tag> {
    tags.iter().filter(|t| {
        let b = base(&t.name);
        let b = b.strip_prefix(['v', 'V']).unwrap_or(b);
        b.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// The version a release tag names, in any spelling: `v2.3.2_1`, `v2.3.2.1` and `v2.3.2`
/// (downstream 0) are `2.3.2:1`, `2.3.2:1` and `2.3.2:0`.
pub fn version_of(name: &str) -> Option<ExVer> {
    let b = base(name);
    let b = b.strip_prefix(['v', 'V']).unwrap_or(b);
    if let Some((up, down)) = b.rsplit_once('_') {
        return parse_exver(&format!("{up}:{down}")).ok();
    }
    if let Some((up, down)) = hyphen_downstream(b) {
        return parse_exver(&format!("{up}:{down}")).ok();
    }
    let (numbers, pre) = match b.split_once('-') {
        Some((n, p)) => (n, Some(p)),
        None => (b, None),
    };
    let parts: Vec<&str> = numbers.split('.').collect();
    let (up, down) = match parts.len() {
        4 if pre.is_none() => (parts[..3].join("."), parts[3].to_string()),
        1..=3 => (numbers.to_string(), "0".to_string()),
        _ => return None,
    };
    let pre = pre.map(|p| format!("-{p}")).unwrap_or_default();
    parse_exver(&format!("{up}{pre}:{down}")).ok()
}

/// `1.96.5-2` → (`1.96.5`, `2`): a hyphen followed by digits only is a downstream (a
/// prerelease starts with a letter: `1.7.7-beta`).
fn hyphen_downstream(b: &str) -> Option<(&str, &str)> {
    let (up, down) = b.rsplit_once('-')?;
    (!down.is_empty() && down.bytes().all(|c| c.is_ascii_digit())).then_some((up, down))
}

/// The tag that releases `v`, in any spelling.
pub fn find<'a>(tags: &'a [Tag], v: &ExVer) -> Option<&'a Tag> {
    let names = spellings(v);
    releases(tags).find(|t| {
        let b = base(&t.name);
        names.iter().any(|n| n.eq_ignore_ascii_case(b))
    })
}

/// How a repository separates the downstream in its release tags.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `v2.3.2_1`: the convention.
    Underscore,
    /// `v2.3.2-1`
    Hyphen,
    /// `v2.3.2.1`
    Dotted,
}

fn style(tag: &str) -> Option<Style> {
    let b = base(tag).trim_start_matches(['v', 'V']);
    if b.contains('_') {
        Some(Style::Underscore)
    } else if hyphen_downstream(b).is_some() {
        Some(Style::Hyphen)
    } else if b.split('-').next().map_or(0, |n| n.split('.').count()) == 4 {
        Some(Style::Dotted)
    } else {
        None
    }
}

/// The name a missing tag should have: the convention's, unless the repository has never used
/// it, and spells its releases another way (`v1.2.3-4`, `v1.2.3.4`: the more frequent).
pub fn expected(tags: &[Tag], v: &ExVer) -> String {
    let styles: Vec<Style> = releases(tags).filter_map(|t| style(&t.name)).collect();
    let count = |s: Style| styles.iter().filter(|x| **x == s).count();
    let (up, down) = (v.upstream.text(), v.downstream.text());
    if count(Style::Underscore) > 0 || styles.is_empty() {
        return v.git_tag();
    }
    if count(Style::Hyphen) >= count(Style::Dotted) {
        return format!("v{up}-{down}");
    }
    if v.upstream.numbers.len() == 3 && v.upstream.prerelease.is_none() {
        return format!("v{up}.{down}");
    }
    v.git_tag()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exver::parse_exver;

    fn tags(names: &[&str]) -> Vec<Tag> {
        names
            .iter()
            .map(|n| Tag {
                name: n.to_string(),
                date: None,
            })
            .collect()
    }

    fn v(s: &str) -> ExVer {
        parse_exver(s).unwrap()
    }

    #[test]
    fn finds_every_spelling() {
        let t = tags(&[
            "v5.13.2.1",
            "v5.118.0",
            "0.11.0",
            "v6.24.0_0",
            "v0.20.1-beta_10",
        ]);
        assert_eq!(find(&t, &v("5.13.2:1")).unwrap().name, "v5.13.2.1");
        assert_eq!(find(&t, &v("5.118.0:0")).unwrap().name, "v5.118.0");
        assert_eq!(find(&t, &v("0.11.0:0")).unwrap().name, "0.11.0");
        assert_eq!(find(&t, &v("6.24.0:0")).unwrap().name, "v6.24.0_0");
        assert_eq!(
            find(&t, &v("0.20.1-beta:10")).unwrap().name,
            "v0.20.1-beta_10"
        );
        assert!(find(&t, &v("6.24.0:1")).is_none());
        assert!(find(&t, &v("5.118.0:1")).is_none());
    }

    #[test]
    fn expected_follows_the_repository() {
        let modern = tags(&["v5.13.2.1", "v6.24.0_0"]);
        assert_eq!(expected(&modern, &v("6.30.0:1")), "v6.30.0_1");
        let legacy = tags(&["v1.4.7.4", "v1.6.10"]);
        assert_eq!(expected(&legacy, &v("1.7.3:2")), "v1.7.3.2");
        assert_eq!(expected(&legacy, &v("1.8.0-beta:0")), "v1.8.0-beta_0");
        assert_eq!(expected(&[], &v("1.0.0:0")), "v1.0.0_0");
        let hyphen = tags(&["v0.1.2", "v1.96.5-1", "v1.98.4-0"]);
        assert_eq!(expected(&hyphen, &v("1.99.0:2")), "v1.99.0-2");
    }

    #[test]
    fn versions_of_tags() {
        let text = |n: &str| version_of(n).map(|v| v.text());
        assert_eq!(text("v2.3.2_1").as_deref(), Some("2.3.2:1"));
        assert_eq!(text("v2.3.2.1").as_deref(), Some("2.3.2:1"));
        assert_eq!(text("0.11.0").as_deref(), Some("0.11.0:0"));
        assert_eq!(text("v0.20.1-beta_10").as_deref(), Some("0.20.1-beta:10"));
        assert_eq!(text("v1.7.7-beta").as_deref(), Some("1.7.7-beta:0"));
        assert_eq!(text("v1.102.2-0").as_deref(), Some("1.102.2:0"));
        assert_eq!(text("latest"), None);
    }

    #[test]
    fn releases_are_version_tags() {
        let t = tags(&["latest", "v1.0.0_0", "1.2.3", "pkg/v2.0.0_0", "vfoo"]);
        let names: Vec<_> = releases(&t).map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["v1.0.0_0", "1.2.3", "pkg/v2.0.0_0"]);
    }
}
