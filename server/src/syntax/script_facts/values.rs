//! Values: object literals, arrays and arguments, and the version facts read from them.

use std::ops::Range;

use super::{Reader, VALUE_WORDS};
use crate::syntax::script_lexer::Kind;
use crate::syntax::typescript::{
    DownMigration, Ident, NoteText, ReleaseNotes, StrLit, VersionGraphFacts, VersionInfoFacts,
};

/// A value: a token span, or a shorthand property (`{ current }`).
#[derive(Clone, Copy, Debug)]
pub(super) enum Value {
    Shorthand(usize),
    Span(usize, usize),
}

/// What the syntax tree would call a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ValueKind {
    Shorthand,
    Identifier,
    Str,
    Template,
    /// The opening brace.
    Object(usize),
    /// The opening bracket.
    Array(usize),
    Other,
}

/// A member of an object literal.
#[derive(Clone, Copy, Debug)]
pub(super) enum Member {
    /// `key: value`; `computed` for `[key]: value`.
    Pair {
        key: usize,
        computed: bool,
        value: Value,
    },
    Shorthand(usize),
    /// A spread or a method: the members are not all known.
    Opaque,
}

impl Reader<'_> {
    /// The comma-separated parts of the group opened at `open`, as token spans; an empty part
    /// is allowed only last (a trailing comma) unless `holes`.
    pub(super) fn parts(&self, open: usize, holes: bool) -> Option<Vec<(usize, usize)>> {
        let end = self.close[open];
        let mut out = Vec::new();
        let mut start = open + 1;
        let mut i = start;
        while i <= end {
            if i == end || self.punct(i, ",") {
                if start < i {
                    if !self.expression_plausible(start, i) {
                        return None;
                    }
                    out.push((start, i));
                } else if !(holes || i == end) {
                    return None;
                }
                start = i + 1;
                i += 1;
                continue;
            }
            i = self.after(i);
        }
        Some(out)
    }

    pub(super) fn members(&self, open: usize) -> Option<Vec<Member>> {
        let mut out = Vec::new();
        for (a, b) in self.parts(open, false)? {
            let tok = &self.t[a];
            let member = if self.punct(a, "...") {
                Member::Opaque
            } else if b == a + 1 && tok.kind == Kind::Word {
                Member::Shorthand(a)
            } else if matches!(tok.kind, Kind::Word | Kind::Str { .. } | Kind::Number)
                && self.punct(a + 1, ":")
                && a + 2 < b
            {
                Member::Pair {
                    key: a,
                    computed: false,
                    value: Value::Span(a + 2, b),
                }
            } else if self.opens(a, b'[') && self.punct(self.after(a), ":") && self.after(a) + 1 < b
            {
                Member::Pair {
                    key: a,
                    computed: true,
                    value: Value::Span(self.after(a) + 1, b),
                }
            } else if self.t[b - 1].kind == Kind::Close(b'}')
                && (matches!(
                    tok.kind,
                    Kind::Word | Kind::Str { .. } | Kind::Number | Kind::Open(b'[')
                ) || self.punct(a, "*"))
                && self.depth_zero(a, b).any(|i| self.opens(i, b'('))
            {
                Member::Opaque // a method
            } else {
                return None;
            };
            if let Member::Pair {
                value: Value::Span(s, e),
                ..
            } = member
            {
                if !self.expression_plausible(s, e) {
                    return None;
                }
            }
            out.push(member);
        }
        Some(out)
    }

    /// The tokens of `a..b` outside the groups among them.
    pub(super) fn depth_zero(&self, a: usize, b: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(a), move |&i| Some(self.after(i))).take_while(move |&i| i < b)
    }

    /// The value under its type wrappers (`x as T`, `x as const`, `x satisfies T`, `(x)`, `x!`),
    /// as `typescript::bare` gives it.
    pub(super) fn bare(&self, v: Value) -> Value {
        let Value::Span(mut s, mut e) = v else {
            return v;
        };
        loop {
            if self.opens(s, b'(') && self.after(s) == e && s + 1 < e - 1 {
                (s, e) = (s + 1, e - 1); // the close paren is the last token
                continue;
            }
            if e > s + 1 && self.punct(e - 1, "!") {
                e -= 1;
                continue;
            }
            let cast = self.depth_zero(s, e).skip(1).find(|&i| {
                self.t[i].kind == Kind::Word && matches!(self.str(i), "as" | "satisfies")
            });
            if let Some(k) = cast {
                e = k;
                continue;
            }
            return Value::Span(s, e);
        }
    }

    /// What `typescript::properties` gives: named values, and whether others may exist.
    pub(super) fn properties(&self, members: &[Member]) -> (Vec<(Ident, Value)>, bool) {
        let mut out = Vec::new();
        let mut open = false;
        for m in members {
            match *m {
                Member::Pair {
                    key,
                    computed: false,
                    value,
                } => match self.key_name(key) {
                    Some(name) => out.push((name, self.bare(value))),
                    None => open = true,
                },
                Member::Shorthand(i) => out.push((self.ident(i), Value::Shorthand(i))),
                Member::Pair { .. } | Member::Opaque => open = true,
            }
        }
        (out, open)
    }

    pub(super) fn key_name(&self, key: usize) -> Option<Ident> {
        match self.t[key].kind {
            Kind::Word | Kind::Number => Some(self.ident(key)),
            Kind::Str { .. } => self.str_lit(key).map(|s| Ident {
                name: s.value,
                range: s.range,
            }),
            _ => None,
        }
    }

    pub(super) fn str_lit(&self, i: usize) -> Option<StrLit> {
        let tok = &self.t[i];
        match tok.kind {
            Kind::Str { escaped: false }
            | Kind::Template {
                escaped: false,
                substituted: false,
            } => {}
            _ => return None,
        }
        let r = tok.range();
        let range = r.start + 1..r.end - 1;
        Some(StrLit {
            value: self.text[range.clone()].to_string(),
            range,
            node_range: r.clone(),
            quote: char::from(self.text.as_bytes()[r.start]),
        })
    }

    pub(super) fn value_kind(&self, v: Value) -> ValueKind {
        let Value::Span(s, e) = self.bare(v) else {
            return ValueKind::Shorthand;
        };
        let tok = &self.t[s];
        match tok.kind {
            _ if e != self.after(s) => ValueKind::Other,
            Kind::Word if !VALUE_WORDS.contains(&self.str(s)) => ValueKind::Identifier,
            Kind::Str { .. } => ValueKind::Str,
            Kind::Template { .. } => ValueKind::Template,
            Kind::Open(b'{') => ValueKind::Object(s),
            Kind::Open(b'[') => ValueKind::Array(s),
            _ => ValueKind::Other,
        }
    }

    pub(super) fn value_range(&self, v: Value) -> Range<usize> {
        match self.bare(v) {
            Value::Shorthand(i) => self.t[i].range(),
            Value::Span(s, e) => self.span(s, e),
        }
    }

    pub(super) fn value_lit(&self, v: Value) -> Option<StrLit> {
        match (self.value_kind(v), self.bare(v)) {
            (ValueKind::Str | ValueKind::Template, Value::Span(s, _)) => self.str_lit(s),
            _ => None,
        }
    }

    pub(super) fn note_text(&self, v: Value) -> Option<NoteText> {
        let kind = self.value_kind(v);
        matches!(kind, ValueKind::Str | ValueKind::Template).then(|| NoteText {
            node_range: self.value_range(v),
            is_template: kind == ValueKind::Template,
            content: self.value_lit(v),
        })
    }

    pub(super) fn version_info(
        &self,
        binding: &Ident,
        exported: bool,
        obj: usize,
        call_range: Range<usize>,
    ) -> Option<VersionInfoFacts> {
        let (props, _) = self.properties(&self.members(obj)?);
        let prop = |props: &[(Ident, Value)], name: &str| {
            props.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v)
        };
        let version = prop(&props, "version");
        let release_notes = match prop(&props, "releaseNotes") {
            None => None,
            Some(v) => Some(match self.value_kind(v) {
                ValueKind::Object(o) => {
                    let (entries, open) = self.properties(&self.members(o)?);
                    ReleaseNotes::Locales {
                        range: self.value_range(v),
                        entries: entries
                            .into_iter()
                            .map(|(k, n)| (k, self.note_text(n)))
                            .collect(),
                        open,
                    }
                }
                _ => self
                    .note_text(v)
                    .map_or(ReleaseNotes::Other, ReleaseNotes::Text),
            }),
        };
        let mut down = None;
        let mut migration_range_keys = Vec::new();
        if let Some(ValueKind::Object(m)) = prop(&props, "migrations").map(|v| self.value_kind(v)) {
            let (mprops, _) = self.properties(&self.members(m)?);
            down = prop(&mprops, "down").map(|d| DownMigration {
                is_impossible: self.value_kind(d) == ValueKind::Identifier
                    && self.text[self.value_range(d)] == *"IMPOSSIBLE",
                range: self.value_range(d),
            });
            if let Some(ValueKind::Object(o)) = prop(&mprops, "other").map(|v| self.value_kind(v)) {
                for member in self.members(o)? {
                    let Member::Pair { key, computed, .. } = member else {
                        continue;
                    };
                    // `'^28': …` or the computed form `['^28']: …`
                    let lit = if computed {
                        let inner = key + 1;
                        if self.t[inner].comment_before {
                            return None; // the tree's first child would be the comment
                        }
                        (self.after(inner) == self.close[key])
                            .then(|| self.str_lit(inner))
                            .flatten()
                    } else {
                        self.str_lit(key)
                    };
                    migration_range_keys.extend(lit);
                }
            }
        }
        Some(VersionInfoFacts {
            binding: binding.clone(),
            exported,
            version: version.and_then(|v| self.value_lit(v)),
            version_node: version.map(|v| self.value_range(v)),
            release_notes,
            down,
            migration_range_keys,
            call_range,
        })
    }

    /// The names of an array's plain identifiers (into `g.other`), or `other_has_unknown`.
    pub(super) fn graph_others(&self, g: &mut VersionGraphFacts, values: &[Value]) {
        for &v in values {
            match (self.value_kind(v), v) {
                (ValueKind::Identifier, Value::Span(s, _)) => g.other.push(self.ident(s)),
                _ => g.other_has_unknown = true,
            }
        }
    }

    pub(super) fn array_values(&self, open: usize) -> Option<Vec<Value>> {
        Some(
            self.parts(open, true)?
                .into_iter()
                .map(|(s, e)| Value::Span(s, e))
                .collect(),
        )
    }

    pub(super) fn version_graph(
        &self,
        args: usize,
        range: Range<usize>,
    ) -> Option<VersionGraphFacts> {
        let list: Vec<Value> = self
            .parts(args, false)?
            .into_iter()
            .map(|(s, e)| Value::Span(s, e))
            .collect();
        let mut g = VersionGraphFacts::empty(range, true);
        let first = list.first().map(|v| (*v, self.value_kind(*v)));
        match first {
            Some((_, ValueKind::Object(o))) if list.len() == 1 => {
                g.positional = false;
                let (props, open) = self.properties(&self.members(o)?);
                let prop = |name: &str| props.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v);
                match prop("current") {
                    Some(v) => match (self.value_kind(v), v) {
                        (ValueKind::Identifier, Value::Span(i, _)) | (_, Value::Shorthand(i)) => {
                            g.current = Some(self.ident(i))
                        }
                        _ => g.current_unknown = true,
                    },
                    None => g.current_unknown = open,
                }
                match prop("other").map(|v| (v, self.value_kind(v))) {
                    Some((v, ValueKind::Array(a))) => {
                        g.other_range = Some(self.value_range(v));
                        let values = self.array_values(a)?;
                        self.graph_others(&mut g, &values);
                    }
                    Some(_) => g.other_has_unknown = true,
                    None => g.other_has_unknown |= open,
                }
            }
            Some((v, kind)) => {
                match (kind, v) {
                    (ValueKind::Identifier, Value::Span(i, _)) => g.current = Some(self.ident(i)),
                    _ => g.current_unknown = true,
                }
                if list.len() > 1 {
                    let last = list[list.len() - 1];
                    g.other_range =
                        Some(self.value_range(list[1]).start..self.value_range(last).end);
                }
                self.graph_others(&mut g, &list[1..]);
            }
            None => {}
        }
        Some(g)
    }
}
