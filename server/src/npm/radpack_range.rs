//! Which version ranges Radpack resolves: exact versions, caret ranges (`^1.0`) and tilde ranges
//! (`~1.0`), nothing else. Specifiers that are not ranges (workspace, file, git, aliases) are not
//! Radpack's business.

/// What Radpack makes of a dependency specifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Support {
    Supported,
    /// A range it cannot resolve, and what kind it is.
    Unsupported(&'static str),
    /// Not a version range at all (a path, a protocol, a git URL).
    NotARange,
}

/// `1`, `1.2`, `1.2.3`, `1.2.3-beta.1`: numeric parts, an optional prerelease or build suffix.
fn is_partial_version(s: &str) -> bool {
    let core = s.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    !core.is_empty()
        && parts.len() <= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && (core.len() == s.len() || parts.len() == 3)
}

pub fn support(spec: &str) -> Support {
    let s = spec.trim();
    const PROTOCOLS: &[&str] = &[
        "workspace:",
        "file:",
        "link:",
        "portal:",
        "patch:",
        "npm:",
        "git",
        "http:",
        "https:",
        "github:",
    ];
    if PROTOCOLS.iter().any(|p| s.starts_with(p)) || s.contains('/') {
        return Support::NotARange;
    }
    let exact = s
        .strip_prefix('=')
        .or_else(|| s.strip_prefix('v'))
        .unwrap_or(s);
    if is_partial_version(exact)
        && exact
            .split(['-', '+'])
            .next()
            .unwrap_or("")
            .split('.')
            .count()
            == 3
    {
        return Support::Supported;
    }
    if let Some(rest) = s.strip_prefix(['^', '~']) {
        if is_partial_version(rest) {
            return Support::Supported;
        }
    }
    Support::Unsupported(if s.contains("||") {
        "alternatives (`||`)"
    } else if s.contains(" - ") {
        "a hyphen range"
    } else if s.starts_with(['>', '<']) {
        "a comparator range"
    } else if s == "*" || s.is_empty() || s.split('.').any(|p| matches!(p, "x" | "X" | "*")) {
        "an x-range"
    } else if s.bytes().all(|b| b.is_ascii_alphabetic()) {
        "a dist-tag"
    } else {
        "not an exact, caret or tilde version"
    })
}

/// The major of an exact, caret or tilde version (`^2.1` → 2).
pub fn major_of(spec: &str) -> Option<u64> {
    if support(spec) != Support::Supported {
        return None;
    }
    spec.trim()
        .trim_start_matches(['^', '~', '=', 'v'])
        .split('.')
        .next()?
        .split(['-', '+'])
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_caret_and_tilde_only() {
        for ok in [
            "1.0.0",
            "^1.0",
            "~1.0",
            "^1",
            "~1.2.3",
            "1.2.3-beta.1",
            "^2.0.0-rc.1",
            "=1.2.3",
        ] {
            assert_eq!(support(ok), Support::Supported, "{ok}");
        }
        for (bad, kind) in [
            (">=1 <2", "a comparator range"),
            ("1.x", "an x-range"),
            ("*", "an x-range"),
            ("^1 || ^2", "alternatives (`||`)"),
            ("1.0.0 - 2.0.0", "a hyphen range"),
            ("latest", "a dist-tag"),
            ("1.0", "not an exact, caret or tilde version"),
        ] {
            assert_eq!(support(bad), Support::Unsupported(kind), "{bad}");
        }
        for other in [
            "workspace:^",
            "file:../x",
            "github:a/b",
            "git+https://x",
            "npm:react@18",
        ] {
            assert_eq!(support(other), Support::NotARange, "{other}");
        }
        assert_eq!(major_of("^2.1"), Some(2));
        assert_eq!(major_of("3.0.0"), Some(3));
        assert_eq!(major_of(">=1"), None);
    }
}
