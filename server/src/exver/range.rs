//! Span-aware parsing of ExVer ranges, following the `exver` grammar:
//! atoms are `(range)`, `[op]version`, `!atom`, `*`, bare `!`, `#flavor`; ops `= != > >= < <= ^ ~`;
//! atoms are joined by `&&`, `||` or nothing (juxtaposition), folded left to right.
//! Satisfiability is delegated to `exver` itself.

use std::ops::Range;

use super::version::{parse_spec, Component, ExVerError};

/// The operator (or absence of one) between two atoms of the same group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    And,
    Or,
    /// Nothing between the atoms: exver repeats the previous operator of the group (AND if none).
    Juxtaposed,
}

/// A group where `&&` and `||` are mixed without parentheses, or atoms are juxtaposed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ambiguity {
    /// The atoms of the group, in order.
    pub atoms: Vec<Range<usize>>,
    /// `joins[i]` stands between `atoms[i]` and `atoms[i + 1]`, with the span of its text
    /// (empty where atoms are juxtaposed).
    pub joins: Vec<(Join, Range<usize>)>,
}

impl Ambiguity {
    pub fn span(&self) -> Range<usize> {
        self.atoms[0].start..self.atoms[self.atoms.len() - 1].end
    }
    pub fn is_mixed(&self) -> bool {
        let and = self.joins.iter().any(|(j, _)| *j == Join::And);
        let or = self.joins.iter().any(|(j, _)| *j == Join::Or);
        and && or
    }
    pub fn has_juxtaposition(&self) -> bool {
        self.joins.iter().any(|(j, _)| *j == Join::Juxtaposed)
    }
    /// How exver reads each join: juxtaposition repeats the group's previous operator.
    pub fn effective_joins(&self) -> Vec<Join> {
        let mut last = Join::And;
        self.joins
            .iter()
            .map(|(j, _)| {
                if *j != Join::Juxtaposed {
                    last = *j;
                }
                last
            })
            .collect()
    }
}

/// What a valid range tells the rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RangeFacts {
    /// Anchors written without an operator (which means caret): the span of the version.
    pub implicit_carets: Vec<Range<usize>>,
    pub ambiguities: Vec<Ambiguity>,
}

pub fn parse_range(s: &str) -> Result<RangeFacts, ExVerError> {
    range(s).map_err(|e| e.fitted(s))
}

/// A range longer than this, or nesting `(` and `!` deeper, is not analysed: real ranges are a
/// few atoms, and the parser recurses once per level.
const MAX_RANGE_BYTES: usize = 1024;
const MAX_RANGE_NESTING: usize = 64;

fn range(s: &str) -> Result<RangeFacts, ExVerError> {
    if s.len() > MAX_RANGE_BYTES {
        return Err(ExVerError {
            component: Component::Whole,
            message: format!(
                "a range of {} characters, over the {MAX_RANGE_BYTES} this reads",
                s.len()
            ),
            span: 0..s.len(),
        });
    }
    if s.bytes().filter(|b| matches!(b, b'(' | b'!')).count() > MAX_RANGE_NESTING {
        return Err(ExVerError {
            component: Component::Whole,
            message: format!(
                "more than {MAX_RANGE_NESTING} parentheses and negations: not analysed"
            ),
            span: 0..s.len(),
        });
    }
    let mut p = Parser {
        s,
        pos: 0,
        facts: RangeFacts::default(),
    };
    p.ws();
    if p.pos == s.len() {
        return Err(p.error("empty version range", 0..s.len()));
    }
    p.group()?;
    p.ws();
    if p.pos < s.len() {
        let c = p.peek_char();
        return Err(p.error(
            &format!("unexpected `{c}` in the version range"),
            p.pos..p.pos + c.len_utf8(),
        ));
    }
    Ok(p.facts)
}

/// Whether some version satisfies the range, per `exver`. `None` when exver cannot read it.
pub fn satisfiable(s: &str) -> Option<bool> {
    // the reference parser backtracks exponentially on some malformed ranges (`(!(!(!(…` left
    // open, found by fuzzing): it only sees what this crate's own parser accepts
    parse_range(s).ok()?;
    s.parse::<exver::VersionRange>()
        .ok()
        .map(|r| r.satisfiable())
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    facts: RangeFacts,
}

impl Parser<'_> {
    fn error(&self, message: &str, span: Range<usize>) -> ExVerError {
        ExVerError {
            component: Component::Whole,
            message: message.to_string(),
            span,
        }
    }

    fn peek_char(&self) -> char {
        self.s[self.pos..].chars().next().unwrap_or(' ')
    }

    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    /// The grammar's implicit whitespace is the space character only.
    fn ws(&mut self) {
        while self.rest().starts_with(' ') {
            self.pos += 1;
        }
    }

    fn group(&mut self) -> Result<(), ExVerError> {
        let mut atoms = vec![self.atom()?];
        let mut joins = Vec::new();
        loop {
            let before = self.pos;
            self.ws();
            let rest = self.rest();
            if rest.is_empty() || rest.starts_with(')') {
                self.pos = before;
                break;
            }
            let (join, len) = if rest.starts_with("||") {
                (Join::Or, 2)
            } else if rest.starts_with("&&") {
                (Join::And, 2)
            } else {
                (Join::Juxtaposed, 0)
            };
            let join_span = if len == 0 {
                before..self.pos
            } else {
                self.pos..self.pos + len
            };
            self.pos += len;
            self.ws();
            if self.pos == self.s.len() {
                return Err(self.error(
                    "the range ends with an operator: a version must follow",
                    join_span,
                ));
            }
            joins.push((join, join_span));
            atoms.push(self.atom()?);
        }
        let group = Ambiguity { atoms, joins };
        if group.is_mixed() || group.has_juxtaposition() {
            self.facts.ambiguities.push(group);
        }
        Ok(())
    }

    fn atom(&mut self) -> Result<Range<usize>, ExVerError> {
        let start = self.pos;
        let rest = self.rest();
        if rest.starts_with('(') {
            self.pos += 1;
            self.ws();
            self.group()?;
            self.ws();
            if !self.rest().starts_with(')') {
                return Err(self.error("unclosed `(` in the version range", start..start + 1));
            }
            self.pos += 1;
            return Ok(start..self.pos);
        }
        if rest.starts_with('*') {
            self.pos += 1;
            return Ok(start..self.pos);
        }
        const OPS: [&str; 8] = [">=", "<=", "!=", "=", "<", ">", "^", "~"];
        if let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) {
            self.pos += op.len();
            self.ws();
            if self.pos == self.s.len() {
                return Err(self.error(
                    "expected a version after the operator",
                    start..start + op.len(),
                ));
            }
            self.version()?;
            return Ok(start..self.pos);
        }
        if rest.starts_with('!') {
            self.pos += 1;
            let after_bang = self.pos;
            self.ws();
            if self.starts_atom() {
                self.atom()?;
            } else {
                self.pos = after_bang; // bare `!`: matches nothing
            }
            return Ok(start..self.pos);
        }
        if let Some(name) = rest.strip_prefix('#') {
            let name_len = name
                .find(|c: char| !c.is_ascii_lowercase())
                .unwrap_or(name.len());
            if rest[1 + name_len..].starts_with(':')
                || rest[1 + name_len..].starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                // `#flavor:version` (or a malformed flavor, reported by the version parser)
                let span = self.version()?;
                self.facts.implicit_carets.push(span);
                return Ok(start..self.pos);
            }
            self.pos += 1 + name_len;
            return Ok(start..self.pos);
        }
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            let span = self.version()?;
            self.facts.implicit_carets.push(span);
            return Ok(start..self.pos);
        }
        let c = self.peek_char();
        Err(self.error(
            &format!(
                "unexpected `{c}`: expected a version, an operator (`>=`, `^`, …), `*`, `!`, `#flavor` or `(`"
            ),
            start..start + c.len_utf8(),
        ))
    }

    fn starts_atom(&self) -> bool {
        self.rest()
            .starts_with(|c: char| c.is_ascii_digit() || "(*!#>=<^~".contains(c))
    }

    /// A version spec token, up to a delimiter; the downstream is optional in a range.
    fn version(&mut self) -> Result<Range<usize>, ExVerError> {
        let start = self.pos;
        let len = self
            .rest()
            .find([' ', '(', ')', '|', '&', '!', '*'])
            .unwrap_or(self.rest().len());
        if len == 0 {
            return Err(self.error("expected a version after the operator", start..start + 1));
        }
        let token = &self.s[start..start + len];
        parse_spec(token, false).map_err(|mut e| {
            e.span = e.span.start + start..e.span.end + start;
            if e.span.is_empty() {
                e.span = start..start + len;
            }
            e
        })?;
        self.pos = start + len;
        Ok(start..self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ranges_parse_like_exver() {
        for s in [
            "*",
            "!",
            ">=1.0.0:0",
            ">= 1.0.0:0",
            "29",
            "^29.3:0",
            "~1.2",
            "=1.0.0:0 || =2.0.0:0",
            ">=1.0:0 && <2.0:0",
            "(>=1:0 && <2:0) || >=3:0",
            "!=1.0.0:0",
            "!(>=1:0)",
            "#knots",
            "#knots:29.3:15",
            ">=#knots:29.3:15",
            "1.0 2.0",
        ] {
            parse_range(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
            assert!(
                s.parse::<exver::VersionRange>().is_ok(),
                "exver rejects {s}"
            );
        }
    }

    #[test]
    fn invalid_ranges() {
        for (s, span) in [
            (">=", 0..2),
            (">=1.0:0 &&", 8..10),
            ("(>=1:0", 0..1),
            (">=01.0:0", 2..4),
            ("abc", 0..1),
            ("", 0..0),
            (">=1.0:0 )", 8..9),
        ] {
            let e = parse_range(s).expect_err(s);
            assert_eq!(e.span, span, "{s}: {}", e.message);
        }
    }

    #[test]
    fn implicit_carets_and_ambiguity() {
        let f = parse_range("29 || >=30:0").unwrap();
        assert_eq!(f.implicit_carets, vec![0..2]);
        assert!(f.ambiguities.is_empty());

        let f = parse_range(">=1:0 || >=2:0 && <3:0").unwrap();
        assert_eq!(f.ambiguities.len(), 1);
        assert!(f.ambiguities[0].is_mixed());
        assert_eq!(f.ambiguities[0].span(), 0..22);

        let f = parse_range(">=1:0 <2:0").unwrap();
        assert!(f.ambiguities[0].has_juxtaposition());
        assert_eq!(f.ambiguities[0].effective_joins(), vec![Join::And]);

        let f = parse_range(">=1:0 || >=2:0 <3:0").unwrap();
        assert_eq!(
            f.ambiguities[0].effective_joins(),
            vec![Join::Or, Join::Or],
            "exver repeats the previous operator"
        );

        let f = parse_range("(>=1:0 || >=2:0) && <3:0").unwrap();
        assert!(f.ambiguities.is_empty());
    }

    #[test]
    fn satisfiability_follows_exver() {
        assert_eq!(satisfiable(">=2:0 && <1:0"), Some(false));
        assert_eq!(satisfiable(">=1:0 && <2:0"), Some(true));
        assert_eq!(satisfiable("#a && #b"), Some(false));
        assert_eq!(satisfiable("29"), Some(true));
    }
}
