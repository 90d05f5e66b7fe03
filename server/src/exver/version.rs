//! Span-aware parsing of ExVer version literals (`[#flavor:]upstream[-pre]:downstream[-pre]`).
//!
//! The grammar is Start9's (`exver` crate, `grammar.pest`); this parser exists so that an error can
//! name the failing component and point at its bytes. Ordering is delegated to `exver` itself.

use std::cmp::Ordering;
use std::ops::Range;

/// Which part of a version an error or a span refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Component {
    Flavor,
    Upstream,
    UpstreamPrerelease,
    Downstream,
    DownstreamPrerelease,
    Whole,
}

impl Component {
    pub fn describe(self) -> &'static str {
        match self {
            Component::Flavor => "flavor",
            Component::Upstream => "upstream version",
            Component::UpstreamPrerelease => "upstream prerelease",
            Component::Downstream => "downstream revision",
            Component::DownstreamPrerelease => "downstream prerelease",
            Component::Whole => "version",
        }
    }
}

/// A parse error: what is wrong, which component, and the byte span within the parsed string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExVerError {
    pub component: Component,
    pub message: String,
    pub span: Range<usize>,
}

/// `num(.num)*(-prerelease)?`, with byte spans relative to the parsed string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionPart {
    pub numbers: Vec<u64>,
    pub prerelease: Option<String>,
    /// The whole part, prerelease included.
    pub span: Range<usize>,
    /// The prerelease with its leading `-`.
    pub prerelease_span: Option<Range<usize>>,
}

impl VersionPart {
    pub fn text(&self) -> String {
        let mut s = self
            .numbers
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(".");
        if let Some(pre) = &self.prerelease {
            s.push('-');
            s.push_str(pre);
        }
        s
    }

    fn to_exver(&self) -> exver::Version {
        // Already validated against the grammar, which is stricter than exver's own FromStr.
        self.text().parse().unwrap_or_default()
    }
}

/// A complete version literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExVer {
    pub flavor: Option<(String, Range<usize>)>,
    pub upstream: VersionPart,
    pub downstream: VersionPart,
}

impl ExVer {
    pub fn flavor(&self) -> Option<&str> {
        self.flavor.as_ref().map(|(f, _)| f.as_str())
    }

    pub fn to_exver(&self) -> exver::ExtendedVersion {
        let mut v =
            exver::ExtendedVersion::new(self.upstream.to_exver(), self.downstream.to_exver());
        if let Some(f) = self.flavor() {
            v = v.with_flavor(f);
        }
        v
    }

    /// ExVer ordering; `None` when the flavors differ (incomparable).
    pub fn compare(&self, other: &ExVer) -> Option<Ordering> {
        self.to_exver().partial_cmp(&other.to_exver())
    }

    /// Canonical text: `#flavor:upstream:downstream`.
    pub fn text(&self) -> String {
        let mut s = String::new();
        if let Some(f) = self.flavor() {
            s.push('#');
            s.push_str(f);
            s.push(':');
        }
        s.push_str(&self.upstream.text());
        s.push(':');
        s.push_str(&self.downstream.text());
        s
    }

    /// StartOS packages write the downstream as a plain integer. For a literal with more (a
    /// prerelease suffix `0-alpha.2`, extra components `1.0`): the version without it, and the
    /// span (in the parsed string) to delete.
    pub fn plain_downstream(&self) -> Option<(ExVer, Range<usize>)> {
        let d = &self.downstream;
        if d.prerelease.is_none() && d.numbers.len() <= 1 {
            return None;
        }
        let first = d.numbers.first()?;
        let keep_end = d.span.start + first.to_string().len();
        let clean = ExVer {
            downstream: VersionPart {
                numbers: vec![*first],
                prerelease: None,
                span: d.span.start..keep_end,
                prerelease_span: None,
            },
            ..self.clone()
        };
        Some((clean, keep_end..d.span.end))
    }

    /// The historical file stem the naming convention gives: `v26.0.0-rc.1_0`. The seed's naming
    /// table and tag format carry no flavor, so a flavor is not part of the stem.
    pub fn file_stem(&self) -> String {
        format!("v{}_{}", self.upstream.text(), self.downstream.text())
    }

    /// The export name of a historical file: every `.`, `:`, `-` (and `#`) becomes `_`.
    pub fn export_name(&self) -> String {
        let mut s = String::from("v_");
        if let Some(f) = self.flavor() {
            s.push_str(f);
            s.push('_');
        }
        s.push_str(&self.upstream.text());
        s.push('_');
        s.push_str(&self.downstream.text());
        s.replace(['.', ':', '-', '#'], "_")
    }

    /// The git tag: `v<upstream>[-pre]_<downstream>`.
    pub fn git_tag(&self) -> String {
        self.file_stem()
    }
}

/// Parse a full literal; the `:downstream` part is required.
pub fn parse_exver(s: &str) -> Result<ExVer, ExVerError> {
    parse_spec(s, true)
}

/// Parse a version as written in a range: the downstream is optional and defaults to `:0`.
pub fn parse_spec(s: &str, require_downstream: bool) -> Result<ExVer, ExVerError> {
    spec(s, require_downstream).map_err(|e| e.fitted(s))
}

impl ExVerError {
    /// The span made a span of `s`: inside it, on character boundaries, covering at least the
    /// character it starts at (an error "at byte 11" of `…bet\u{2028}a…` covers the whole character).
    pub fn fitted(mut self, s: &str) -> ExVerError {
        let mut start = self.span.start.min(s.len());
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = self.span.end.clamp(start, s.len());
        while !s.is_char_boundary(end) {
            end += 1;
        }
        self.span = start..end;
        self
    }
}

fn spec(s: &str, require_downstream: bool) -> Result<ExVer, ExVerError> {
    if s.is_empty() {
        return Err(err(Component::Whole, "empty version string", 0..0));
    }
    if let Some(i) = s.find(|c: char| c.is_whitespace()) {
        return Err(err(
            Component::Whole,
            "whitespace is not allowed in a version",
            i..i + 1,
        ));
    }
    let mut pos = 0;
    let mut flavor = None;
    if let Some(rest) = s.strip_prefix('#') {
        let end = rest.find(':').map(|i| i + 1);
        let Some(end) = end else {
            return Err(err(
                Component::Flavor,
                "a flavor must be followed by `:` and a version (`#flavor:1.0.0:0`)",
                0..s.len(),
            ));
        };
        let name = &s[1..end];
        if let Some((i, c)) = name.char_indices().find(|(_, c)| !c.is_ascii_lowercase()) {
            let detail = if c.is_ascii_uppercase() {
                "uppercase"
            } else {
                "only `a`–`z` are allowed"
            };
            return Err(err(
                Component::Flavor,
                &format!("invalid flavor `{name}`: {detail} (`{c}`)"),
                1 + i..1 + i + c.len_utf8(),
            ));
        }
        if !name.is_empty() {
            flavor = Some((name.to_string(), 1..end));
        }
        pos = end + 1;
    }
    let upstream = parse_part(s, pos, Component::Upstream)?;
    pos = upstream.span.end;
    let downstream = if pos < s.len() {
        if s.as_bytes()[pos] != b':' {
            let c = s[pos..].chars().next().unwrap_or(' ');
            return Err(err(
                Component::Upstream,
                &format!("unexpected `{c}` in the upstream version"),
                pos..pos + c.len_utf8(),
            ));
        }
        let d = parse_part(s, pos + 1, Component::Downstream)?;
        if d.span.end < s.len() {
            return Err(err(
                Component::Downstream,
                &format!(
                    "unexpected `{}` after the downstream revision",
                    &s[d.span.end..]
                ),
                d.span.end..s.len(),
            ));
        }
        d
    } else if require_downstream {
        return Err(err(
            Component::Downstream,
            &format!(
                "missing `:downstream` revision: write `{}:0`",
                &s[upstream.span.clone()]
            ),
            upstream.span.clone(),
        ));
    } else {
        VersionPart {
            numbers: vec![0],
            prerelease: None,
            span: s.len()..s.len(),
            prerelease_span: None,
        }
    };
    Ok(ExVer {
        flavor,
        upstream,
        downstream,
    })
}

fn err(component: Component, message: &str, span: Range<usize>) -> ExVerError {
    ExVerError {
        component,
        message: message.to_string(),
        span,
    }
}

/// Parse `num(.num)*(-pre)?` starting at `start`; stops at `:` or the end.
fn parse_part(s: &str, start: usize, which: Component) -> Result<VersionPart, ExVerError> {
    let bytes = s.as_bytes();
    let pre_component = if which == Component::Upstream {
        Component::UpstreamPrerelease
    } else {
        Component::DownstreamPrerelease
    };
    let mut numbers = Vec::new();
    let mut pos = start;
    loop {
        let seg_start = pos;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
        if pos == seg_start {
            let (what, span) = match s[pos..].chars().next() {
                None if pos == start => (format!("missing {}", which.describe()), pos..pos),
                None => (format!("{} ends with `.`", which.describe()), pos - 1..pos),
                Some(c) => (
                    format!("expected a number in the {}, found `{c}`", which.describe()),
                    pos..pos + c.len_utf8(),
                ),
            };
            return Err(err(which, &what, span));
        }
        let digits = &s[seg_start..pos];
        if digits.len() > 1 && digits.starts_with('0') {
            return Err(err(
                which,
                &format!(
                    "leading zero in `{digits}` ({}): numbers are written without leading zeros",
                    which.describe()
                ),
                seg_start..pos,
            ));
        }
        let Ok(n) = digits.parse::<u64>() else {
            return Err(err(
                which,
                &format!("number `{digits}` is too large"),
                seg_start..pos,
            ));
        };
        numbers.push(n);
        match bytes.get(pos) {
            Some(b'.') => pos += 1,
            _ => break,
        }
    }
    let mut prerelease = None;
    let mut prerelease_span = None;
    if bytes.get(pos) == Some(&b'-') {
        let pre_start = pos;
        pos += 1;
        let body_start = pos;
        while pos < bytes.len() && bytes[pos] != b':' {
            pos += 1;
        }
        let body = &s[body_start..pos];
        validate_prerelease(body, body_start, pre_component)?;
        prerelease = Some(body.to_string());
        prerelease_span = Some(pre_start..pos);
    } else if pos < bytes.len() && bytes[pos] != b':' {
        let c = s[pos..].chars().next().unwrap_or(' ');
        let end = s[pos..].find(':').map_or(s.len(), |i| pos + i);
        return Err(err(
            which,
            &format!("unexpected `{c}` in the {}", which.describe()),
            pos..end,
        ));
    }
    Ok(VersionPart {
        numbers,
        prerelease,
        span: start..pos,
        prerelease_span,
    })
}

fn validate_prerelease(body: &str, offset: usize, which: Component) -> Result<(), ExVerError> {
    if body.is_empty() {
        return Err(err(
            which,
            &format!("empty {} after `-`", which.describe()),
            offset - 1..offset,
        ));
    }
    let mut seg_start = offset;
    for seg in body.split('.') {
        let span = seg_start..seg_start + seg.len();
        if seg.is_empty() {
            return Err(err(
                which,
                &format!("empty segment in the {}", which.describe()),
                span.start.saturating_sub(1)..span.start.max(1),
            ));
        }
        if let Some((i, c)) = seg
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(err(
                which,
                &format!(
                    "invalid character `{c}` in the {} (allowed: letters, digits, `-`)",
                    which.describe()
                ),
                span.start + i..span.start + i + c.len_utf8(),
            ));
        }
        if seg.len() > 1 && seg.starts_with('0') && seg.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(
                which,
                &format!(
                    "leading zero in numeric {} segment `{seg}`",
                    which.describe()
                ),
                span,
            ));
        }
        seg_start += seg.len() + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> ExVer {
        parse_exver(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn seed_ordering_table() {
        let order = [
            "1.0.0-alpha.0:0",
            "1.0.0-beta.0:0",
            "1.0.0-rc.0:0",
            "1.0.0:0",
            "1.0.0:1",
            "1.1.0:0",
        ];
        for w in order.windows(2) {
            assert_eq!(v(w[0]).compare(&v(w[1])), Some(Ordering::Less), "{w:?}");
            assert_eq!(v(w[1]).compare(&v(w[0])), Some(Ordering::Greater), "{w:?}");
        }
    }

    #[test]
    fn missing_segments_are_zero_and_flavors_incomparable() {
        assert_eq!(v("1.0:0").compare(&v("1.0.0:0")), Some(Ordering::Equal));
        assert_eq!(v("30.2:13").compare(&v("30.10:0")), Some(Ordering::Less));
        assert_eq!(v("#knots:29.3:15").compare(&v("29.3:15")), None);
        assert_eq!(
            v("#knots:29.3:15").compare(&v("#knots:29.3:16")),
            Some(Ordering::Less)
        );
        // numeric prerelease segments sort below alphanumeric ones
        assert_eq!(
            v("1.0.0-1:0").compare(&v("1.0.0-a:0")),
            Some(Ordering::Less)
        );
        assert_eq!(
            v("0.21.2-beta:1").compare(&v("0.21.2:0")),
            Some(Ordering::Less)
        );
    }

    #[test]
    fn names_and_tags() {
        let x = v("26.0.0-rc.1:0");
        assert_eq!(x.file_stem(), "v26.0.0-rc.1_0");
        assert_eq!(x.export_name(), "v_26_0_0_rc_1_0");
        assert_eq!(v("2.3.2:1").export_name(), "v_2_3_2_1");
        assert_eq!(v("2.3.2:1").git_tag(), "v2.3.2_1");
        assert_eq!(v("2026.6.12:0").file_stem(), "v2026.6.12_0");
    }

    #[test]
    fn errors_name_the_component() {
        let cases: &[(&str, Component, Range<usize>)] = &[
            ("1.2.3", Component::Downstream, 0..5),
            ("01.2.3:0", Component::Upstream, 0..2),
            ("1.2.3:00", Component::Downstream, 6..8),
            ("1.2.3-beta.01:0", Component::UpstreamPrerelease, 11..13),
            ("1.2.3-be_ta:0", Component::UpstreamPrerelease, 8..9),
            ("#Knots:1.0:0", Component::Flavor, 1..2),
            ("#knots", Component::Flavor, 0..6),
            ("1..2:0", Component::Upstream, 2..3),
            ("1.2.x:0", Component::Upstream, 4..5),
            ("1.2.3:0:1", Component::Downstream, 7..9),
            ("1.2.3-:0", Component::UpstreamPrerelease, 5..6),
            ("", Component::Whole, 0..0),
            ("v1.2.3:0", Component::Upstream, 0..1),
        ];
        for (s, comp, span) in cases {
            let e = parse_exver(s).expect_err(s);
            assert_eq!(
                (e.component, e.span.clone()),
                (*comp, span.clone()),
                "{s}: {}",
                e.message
            );
        }
    }

    #[test]
    fn accepts_what_exver_accepts() {
        for s in [
            "26.0.0:0",
            "26.0.0-rc.1:0",
            "0.13.5:0",
            "2.3.2:1",
            "#knots:29.3:15",
            "1.0.0:0-beta.0",
            "0.21.2-beta:1",
            "2026.6.12:0",
            "1:0",
        ] {
            let ours = v(s);
            let theirs: exver::ExtendedVersion = s.parse().expect(s);
            assert_eq!(ours.to_exver(), theirs, "{s}");
        }
        // An empty flavor is no flavor (exver's range parser drops it too).
        assert_eq!(v("#:1.0:0").flavor(), None);
    }
}
