//! The versions that can follow a current version: what bump and spin-off actions offer.

use crate::exver::{ExVer, VersionPart};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bump {
    /// The upstream's prerelease dropped (`26.0.0-rc.1` → `26.0.0`).
    Release,
    /// The upstream prerelease's last number raised (`rc.1` → `rc.2`).
    Prerelease,
    Patch,
    Minor,
    Major,
    /// Same upstream, next downstream revision.
    Downstream,
}

impl Bump {
    pub fn describe(self) -> &'static str {
        match self {
            Bump::Release => "upstream release",
            Bump::Prerelease => "next upstream prerelease",
            Bump::Patch => "upstream patch",
            Bump::Minor => "upstream minor",
            Bump::Major => "upstream major",
            Bump::Downstream => "next downstream",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Next {
    pub bump: Bump,
    /// Canonical text, flavor included: `#knots:29.3.0:0`.
    pub version: String,
}

fn text(flavor: Option<&str>, upstream: &str, downstream: &str) -> String {
    match flavor {
        Some(f) => format!("#{f}:{upstream}:{downstream}"),
        None => format!("{upstream}:{downstream}"),
    }
}

fn numbers(n: &[u64]) -> String {
    n.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
}

/// `rc.1` → `rc.2`; `beta` (no number) has no next prerelease.
fn next_prerelease(pre: &str) -> Option<String> {
    let (head, last) = match pre.rsplit_once('.') {
        Some((h, l)) => (Some(h), l),
        None => (None, pre),
    };
    let n: u64 = last.parse().ok()?;
    Some(match head {
        Some(h) => format!("{h}.{}", n + 1),
        None => (n + 1).to_string(),
    })
}

/// Raise component `i` of the upstream, zero the ones after it. Only components the version
/// has are offered: a two-component `30.2` has no patch.
fn raise(up: &VersionPart, i: usize) -> Option<String> {
    let mut n = up.numbers.clone();
    let raised = n.get(i)?.checked_add(1)?;
    n[i] = raised;
    n[i + 1..].iter_mut().for_each(|x| *x = 0);
    Some(numbers(&n))
}

/// Every sensible successor of `v`, lowest first.
pub fn next_versions(v: &ExVer) -> Vec<Next> {
    let flavor = v.flavor();
    let up = &v.upstream;
    let mut out = Vec::new();
    if let Some(pre) = &up.prerelease {
        if let Some(next) = next_prerelease(pre) {
            let upstream = format!("{}-{next}", numbers(&up.numbers));
            out.push(Next {
                bump: Bump::Prerelease,
                version: text(flavor, &upstream, "0"),
            });
        }
        out.push(Next {
            bump: Bump::Release,
            version: text(flavor, &numbers(&up.numbers), "0"),
        });
    }
    for (bump, i) in [(Bump::Patch, 2), (Bump::Minor, 1), (Bump::Major, 0)] {
        if let Some(upstream) = raise(up, i) {
            out.push(Next {
                bump,
                version: text(flavor, &upstream, "0"),
            });
        }
    }
    // the downstream is a plain revision number; a prerelease on it (EX002) is dropped
    if let Some(&last) = v.downstream.numbers.last() {
        let mut down = v.downstream.numbers.clone();
        if let Some(d) = down.last_mut() {
            *d = last.saturating_add(1);
        }
        out.push(Next {
            bump: Bump::Downstream,
            version: text(flavor, &up.text(), &numbers(&down)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exver::parse_exver;

    fn nexts(s: &str) -> Vec<(Bump, String)> {
        next_versions(&parse_exver(s).unwrap())
            .into_iter()
            .map(|n| (n.bump, n.version))
            .collect()
    }

    #[test]
    fn plain_flavored_short_and_prerelease_versions() {
        assert_eq!(
            nexts("2.3.2:1"),
            [
                (Bump::Patch, "2.3.3:0".into()),
                (Bump::Minor, "2.4.0:0".into()),
                (Bump::Major, "3.0.0:0".into()),
                (Bump::Downstream, "2.3.2:2".into()),
            ]
        );
        assert_eq!(
            nexts("#knots:29.3:15"),
            [
                (Bump::Minor, "#knots:29.4:0".into()),
                (Bump::Major, "#knots:30.0:0".into()),
                (Bump::Downstream, "#knots:29.3:16".into()),
            ]
        );
        assert_eq!(
            nexts("26.0.0-rc.1:0"),
            [
                (Bump::Prerelease, "26.0.0-rc.2:0".into()),
                (Bump::Release, "26.0.0:0".into()),
                (Bump::Patch, "26.0.1:0".into()),
                (Bump::Minor, "26.1.0:0".into()),
                (Bump::Major, "27.0.0:0".into()),
                (Bump::Downstream, "26.0.0-rc.1:1".into()),
            ]
        );
        assert_eq!(
            nexts("0.21.2-beta:1")[0],
            (Bump::Release, "0.21.2:0".into())
        );
        assert_eq!(nexts("1.0.0:0-beta.0").last().unwrap().1, "1.0.0:1");
    }

    #[test]
    fn every_successor_sorts_after_the_version() {
        for s in [
            "2.3.2:1",
            "#knots:29.3:15",
            "26.0.0-rc.1:0",
            "2026.6.12:0",
            "1.0:0",
        ] {
            let v = parse_exver(s).unwrap();
            for n in next_versions(&v) {
                let next = parse_exver(&n.version).unwrap();
                assert_eq!(
                    v.compare(&next),
                    Some(std::cmp::Ordering::Less),
                    "{s} → {}",
                    n.version
                );
            }
        }
    }
}
