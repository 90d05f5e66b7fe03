//! File and export names of historical versions: the convention, and the legacy spellings that
//! encode the same version differently (`v1.35.7.1.ts`, `v2_0_6_1.ts`, `v3.0.1:1.ts`, `v1_2_3`).

use crate::exver::{parse_spec, ExVer};

/// What a name says about the version it holds, if it reads as a version at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedVersion {
    pub upstream: Vec<u64>,
    pub prerelease: Option<String>,
    pub downstream: u64,
}

impl NamedVersion {
    /// Same upstream (missing segments are 0), prerelease and downstream; flavors are not named.
    pub fn matches(&self, v: &ExVer) -> bool {
        let pad = |x: &[u64]| {
            let mut x = x.to_vec();
            while x.len() > 1 && x.last() == Some(&0) {
                x.pop();
            }
            x
        };
        pad(&self.upstream) == pad(&v.upstream.numbers)
            && self.prerelease == v.upstream.prerelease
            && v.downstream.prerelease.is_none()
            && v.downstream.numbers.len() == 1
            && v.downstream.numbers[0] == self.downstream
    }
}

impl NamedVersion {
    /// The version the name spells, as ExVer text (`v3.2.1_2` → `3.2.1:2`).
    pub fn version_text(&self) -> String {
        let up: Vec<String> = self.upstream.iter().map(u64::to_string).collect();
        let pre = self
            .prerelease
            .as_ref()
            .map(|p| format!("-{p}"))
            .unwrap_or_default();
        format!("{}{pre}:{}", up.join("."), self.downstream)
    }
}

/// Decode a file stem or export name. Accepts the convention (`v26.0.0-rc.1_0`, `v_26_0_0_rc_1_0`)
/// and the legacy spellings: all-dots with the downstream last (`v1.35.7.1`), all-underscores
/// (`v2_0_6_1`, `v_2_0_6_1`), a colon (`v3.0.1:1`).
pub fn decode(name: &str) -> Option<NamedVersion> {
    let body = name.strip_prefix('v')?;
    let body = body.strip_prefix('_').unwrap_or(body);
    // `<upstream>_<down>` or `<upstream>:<down>`, with a dotted upstream (convention / colon form)
    for sep in ['_', ':'] {
        if let Some((up, down)) = body.rsplit_once(sep) {
            if up.contains('.') || up.contains('-') || sep == ':' {
                if let (Ok(v), Ok(d)) = (parse_spec(up, false), down.parse::<u64>()) {
                    if !down.is_empty() && (down == "0" || !down.starts_with('0')) {
                        return Some(NamedVersion {
                            upstream: v.upstream.numbers,
                            prerelease: v.upstream.prerelease,
                            downstream: d,
                        });
                    }
                }
            }
        }
    }
    // all numbers, joined by `.` or `_`, the last one the downstream; an export name may spell a
    // prerelease with underscores too (`v_26_0_0_rc_1_0`): letters start it.
    let parts: Vec<&str> = body.split(['.', '_']).collect();
    if parts.len() < 2 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let (down, rest) = parts.split_last()?;
    let downstream = down.parse().ok()?;
    let first_alpha = rest
        .iter()
        .position(|p| !p.bytes().all(|b| b.is_ascii_digit()));
    let (nums, pre) = rest.split_at(first_alpha.unwrap_or(rest.len()));
    if nums.is_empty() {
        return None;
    }
    let upstream = nums
        .iter()
        .map(|n| n.parse().ok())
        .collect::<Option<Vec<u64>>>()?;
    let prerelease = (!pre.is_empty()).then(|| pre.join("."));
    Some(NamedVersion {
        upstream,
        prerelease,
        downstream,
    })
}

/// An export name that encodes the version with underscores instead of `.`/`-` in a prerelease
/// can't tell `rc.1` from `rc-1`: compare in the underscore spelling.
pub fn export_matches(name: &str, v: &ExVer) -> bool {
    if name == v.export_name() {
        return true;
    }
    decode(name).is_some_and(|n| {
        let mut w = v.clone();
        w.flavor = None;
        let canon = w.export_name();
        let mine = format!("v_{}", name.trim_start_matches('v').trim_start_matches('_'));
        n.matches(v) || mine == canon
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exver::parse_exver;

    #[test]
    fn decodes_convention_and_legacy_names() {
        let v = |s| parse_exver(s).unwrap();
        for (name, version) in [
            ("v26.0.0_0", "26.0.0:0"),
            ("v26.0.0-rc.1_0", "26.0.0-rc.1:0"),
            ("v1.35.7.1", "1.35.7:1"),
            ("v2_0_6_1", "2.0.6:1"),
            ("v0_20_3_0", "0.20.3:0"),
            ("v3.0.1:1", "3.0.1:1"),
            ("v30.2_13", "30.2:13"),
            ("v_2_3_2_1", "2.3.2:1"),
            ("v0.21.2-beta_1", "0.21.2-beta:1"),
            ("v2026.6.12_0", "2026.6.12:0"),
        ] {
            let n = decode(name).unwrap_or_else(|| panic!("{name}"));
            assert!(n.matches(&v(version)), "{name} ~ {version}: {n:?}");
        }
        assert!(decode("helpers").is_none());
        assert!(decode("v1").is_none());
        assert!(!decode("v3.2.1_2").unwrap().matches(&v("3.2.1:4")));
        assert!(export_matches("v_26_0_0_rc_1_0", &v("26.0.0-rc.1:0")));
        assert!(export_matches("v1_2_3_0", &v("1.2.3:0")));
        assert!(!export_matches("v_1_2_3_1", &v("1.2.3:0")));
    }
}
