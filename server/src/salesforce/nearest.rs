//! The version number a malformed `versionNumber` most likely meant, when there is one clear
//! reading (SF004's fixes): a missing patch before the build keyword (`4.19.NEXT` →
//! `4.19.0.NEXT`), a missing build on a package's own version (`1.2.0` → `1.2.0.NEXT`), a keyword
//! in lower case or with blanks, a leading `v`, `LATEST`/`RELEASED` on a package's own version.
//! A dependency's `NEXT` has two readings (`LATEST`, `RELEASED`): both are returned.

use super::{parse_version_number, VersionPlace};

/// The readings of `text` that parse for `place`; empty when there is none, or no clear one.
pub fn readings(text: &str, place: VersionPlace) -> Vec<String> {
    if parse_version_number(text, place).is_ok() {
        return Vec::new();
    }
    let trimmed = text.trim();
    let trimmed = trimmed
        .strip_prefix(['v', 'V'])
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(trimmed);
    let mut parts: Vec<String> = trimmed.split('.').map(|p| p.trim().to_string()).collect();
    if parts.iter().any(String::is_empty) || parts.len() < 3 || parts.len() > 4 {
        return Vec::new();
    }
    let last = parts.len() - 1;
    let upper = parts[last].to_ascii_uppercase();
    if matches!(upper.as_str(), "NEXT" | "LATEST" | "RELEASED") {
        parts[last] = upper;
    }
    let numeric = |p: &String| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let builds: Vec<&str> = match place {
        VersionPlace::Package => vec!["NEXT"],
        VersionPlace::Dependency => vec!["LATEST", "RELEASED"],
    };
    let candidates: Vec<Vec<String>> = match parts.len() {
        // `4.19.NEXT`: the patch left out before the keyword
        3 if numeric(&parts[0]) && numeric(&parts[1]) && !numeric(&parts[2]) => {
            vec![vec![
                parts[0].clone(),
                parts[1].clone(),
                "0".into(),
                parts[2].clone(),
            ]]
        }
        // `1.2.0` on a package's own version: the next build
        3 if parts.iter().all(numeric) && place == VersionPlace::Package => {
            let mut p = parts.clone();
            p.push("NEXT".into());
            vec![p]
        }
        4 if parts[..3].iter().all(numeric) => {
            let keyword = matches!(parts[3].as_str(), "NEXT" | "LATEST" | "RELEASED");
            if keyword && !builds.contains(&parts[3].as_str()) {
                // a keyword of the other place: this place's own
                builds
                    .iter()
                    .map(|b| {
                        let mut p = parts.clone();
                        p[3] = b.to_string();
                        p
                    })
                    .collect()
            } else {
                vec![parts.clone()]
            }
        }
        _ => Vec::new(),
    };
    let mut out: Vec<String> = candidates
        .into_iter()
        .map(|p| p.join("."))
        .filter(|s| s != text && parse_version_number(s, place).is_ok())
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_clear_reading_or_none() {
        let p = |s| readings(s, VersionPlace::Package);
        let d = |s| readings(s, VersionPlace::Dependency);
        assert_eq!(p("4.19.NEXT"), ["4.19.0.NEXT"]);
        assert_eq!(p("4.19.next"), ["4.19.0.NEXT"]);
        assert_eq!(p("1.2.0"), ["1.2.0.NEXT"]);
        assert_eq!(p("1.2.0.next"), ["1.2.0.NEXT"]);
        assert_eq!(p(" v1.2.0.NEXT "), ["1.2.0.NEXT"]);
        assert_eq!(p("1.2.0.LATEST"), ["1.2.0.NEXT"]);
        assert_eq!(d("1.2.0.NEXT"), ["1.2.0.LATEST", "1.2.0.RELEASED"]);
        assert_eq!(d("2.1.LATEST"), ["2.1.0.LATEST"]);
        // no clear reading
        assert!(d("1.2.0").is_empty());
        assert!(p("1.2").is_empty());
        assert!(p("1.NEXT.0.1").is_empty());
        assert!(p("1.2.0.NEXT").is_empty());
        assert!(p("a.b.c.d").is_empty());
        assert!(p("1..2.NEXT").is_empty());
    }
}
