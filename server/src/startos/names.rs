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
    // an upstream with a prerelease and the downstream 0 left out (`v0.18.5-beta`)
    if body.contains('-') {
        if let Ok(v) = parse_spec(body, false) {
            if v.upstream.prerelease.is_some() {
                return Some(NamedVersion {
                    upstream: v.upstream.numbers,
                    prerelease: v.upstream.prerelease,
                    downstream: 0,
                });
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

/// A name without the downstream prerelease it spells at its end, in any of the spellings real
/// packages use (`v1.17.2.2-alpha.1`, `v0.4.0.0.b0`, `v_2_2_1_1_beta0`, `v29_1_0_2-beta.1`).
fn without_downstream_suffix(name: &str) -> Option<&str> {
    let digits = name.len() - name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &name[..name.len() - digits];
    let rest = rest
        .strip_suffix(['.', '_'])
        .filter(|_| digits > 0)
        .unwrap_or(rest);
    let word = ["alpha", "beta", "rc", "pre", "a", "b"]
        .iter()
        .find(|w| rest.ends_with(*w))?;
    let before = &rest[..rest.len() - word.len()];
    let base = before.strip_suffix(['-', '.', '_'])?;
    base.ends_with(|c: char| c.is_ascii_digit()).then_some(base)
}

/// Whether a file stem or export name encodes `v`, where names never carry a downstream
/// prerelease (EX002 reports it): a name for the plain version, with or without the suffix
/// spelled, encodes a version that carries one.
pub fn name_encodes(name: &str, v: &ExVer, export: bool) -> bool {
    let direct = |name: &str, v: &ExVer| {
        if export {
            export_matches(name, v)
        } else {
            decode(name).is_some_and(|n| n.matches(v))
        }
    };
    if direct(name, v) {
        return true;
    }
    let Some((clean, _)) = v.plain_downstream() else {
        return false;
    };
    direct(name, &clean) || without_downstream_suffix(name).is_some_and(|base| direct(base, &clean))
}

/// A legacy export spelling of the same version: numbers glued together (`v0360` for 0.3.6:0,
/// `v206_1` for 2.0.6:1), or the downstream 0 left out (`v0_13_3` for 0.13.3:0). Only for
/// versions without prereleases, whose numbers say everything.
fn legacy_export_matches(name: &str, v: &ExVer) -> bool {
    if v.upstream.prerelease.is_some() || v.downstream.prerelease.is_some() {
        return false;
    }
    let Some(body) = name.strip_prefix('v') else {
        return false;
    };
    let groups: Vec<&str> = body.split('_').filter(|g| !g.is_empty()).collect();
    if groups.is_empty() || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let up: Vec<String> = v.upstream.numbers.iter().map(u64::to_string).collect();
    let down: Vec<String> = v.downstream.numbers.iter().map(u64::to_string).collect();
    let all = [up.clone(), down].concat();
    let glued = groups.len() < all.len() && groups.concat() == all.concat();
    let no_downstream = v.downstream.numbers == [0] && groups == up;
    glued || no_downstream
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
    }) || legacy_export_matches(name, v)
        // the downstream 0 left out (`v0_18_5_beta` for 0.18.5-beta:0)
        || (v.downstream.numbers == [0]
            && v.downstream.prerelease.is_none()
            && format!("v_{}_0", name.trim_start_matches('v').trim_start_matches('_'))
                == v.export_name())
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
            ("v0.18.5-beta", "0.18.5-beta:0"),
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
        // legacy exports: glued numbers, a left-out downstream 0
        assert!(export_matches("v0360", &v("0.3.6:0")));
        assert!(export_matches("v206_1", &v("2.0.6:1")));
        assert!(export_matches("v0_13_3", &v("0.13.3:0")));
        assert!(!export_matches("v0_13_3", &v("0.13.3:1")));
        assert!(!export_matches("v0361", &v("0.3.6:0")));
        assert!(export_matches("v0_18_5_beta", &v("0.18.5-beta:0")));
        assert!(!export_matches("v0_18_5_beta", &v("0.18.5-beta:1")));
    }

    #[test]
    fn names_encode_the_plain_downstream_with_or_without_its_suffix() {
        let v = |s| parse_exver(s).unwrap();
        for (name, version, export) in [
            ("v1.17.2.2-alpha.1", "1.17.2:2-alpha.1", false),
            ("v_1_17_2_2", "1.17.2:2-alpha.1", true),
            ("v0.4.0.0.b0", "0.4.0:0-beta.0", false),
            ("v_0_4_0_0_b0", "0.4.0:0-beta.0", true),
            ("v29_1_0_2-beta.1", "29.1:2-beta.1", false),
            ("v29_1_0_2_beta1", "29.1:2-beta.1", true),
            ("v_2_2_1_1_beta0", "2.2.1:1-beta.0", true),
            ("v2.1.6_0", "2.1.6:0-alpha.0", false),
            ("v2025.8.1_1", "2025.8.1:1.0", false),
        ] {
            assert!(
                name_encodes(name, &v(version), export),
                "{name} ~ {version}"
            );
        }
        // an upstream prerelease is part of the version, not a downstream suffix
        assert!(!name_encodes("v0.21.2_1", &v("0.21.2-beta:1"), false));
        assert!(!name_encodes(
            "v1.17.2.3-alpha.1",
            &v("1.17.2:2-alpha.1"),
            false
        ));
    }
}
