//! Whether tokens could be a program: the marks of broken or half-typed code.

use super::{Reader, BINARY, CONTINUING, KEYWORDS};
use crate::syntax::script_lexer::Kind;

impl Reader<'_> {
    /// Whether the token at `i` can end an operand; `expression`: in an expression, where a
    /// closing bracket ends one too (`(a) b` is broken there, `if (a) b` is not).
    pub(super) fn operand_end(&self, i: usize, expression: bool) -> bool {
        match self.t[i].kind {
            Kind::Str { .. } | Kind::Number | Kind::Regex | Kind::Template { .. } => true,
            Kind::Close(b']') => true,
            Kind::Close(_) => expression,
            Kind::Word => !KEYWORDS.contains(&self.str(i)),
            _ => false,
        }
    }

    pub(super) fn operand_start(&self, i: usize) -> bool {
        match self.t[i].kind {
            Kind::Str { .. } | Kind::Number => true,
            Kind::Word => !CONTINUING.contains(&self.str(i)),
            _ => false,
        }
    }

    /// Whether the tokens could be a program: the common marks of broken or half-typed code (two
    /// operands side by side, an operator before a closing bracket or another operator, a `.`
    /// before no name) are absent. Inside `(…)` and `[…]` a line break separates nothing. What
    /// it misses, a file that only tree-sitter finds broken, is read as whole.
    pub(super) fn syntax_plausible(&self) -> bool {
        // the groups open around the token: whether each is an expression (a line break
        // separates nothing in one)
        let mut groups: Vec<bool> = Vec::new();
        for i in 0..self.t.len().saturating_sub(1) {
            let (a, b) = (&self.t[i], &self.t[i + 1]);
            if let Kind::Close(_) = a.kind {
                groups.pop();
            }
            let (sa, sb) = (self.str(i), self.str(i + 1));
            let in_expression = groups.last().copied().unwrap_or(false);
            if (!b.line_break_before || in_expression)
                && self.operand_end(i, in_expression)
                && self.operand_start(i + 1)
            {
                return false;
            }
            if a.kind == Kind::Punct && BINARY.contains(&sa) && sa != "..." {
                let closes = matches!(b.kind, Kind::Close(_))
                    || (b.kind == Kind::Punct
                        && !matches!(
                            sb,
                            "+" | "-" | "..." | "|" | "&" | "!" | "~" | "++" | "--" | "<"
                        ));
                if closes {
                    return false;
                }
            }
            if a.kind == Kind::Punct && sa == "." && b.kind != Kind::Word {
                return false;
            }
            // `key: .x`, `(a:)`: a colon wants an operand or a type after it (`case 1: }` aside)
            let wants_operand = matches!(b.kind, Kind::Close(b')' | b']'))
                || (b.kind == Kind::Punct && matches!(sb, "." | "?." | "=" | "=>" | ","));
            if a.kind == Kind::Punct && sa == ":" && wants_operand {
                return false;
            }
            // `{ : x }`, `(: x`, `, : x`: a colon with nothing before it
            let opens = matches!(a.kind, Kind::Open(_)) || (a.kind == Kind::Punct && sa == ",");
            if opens && b.kind == Kind::Punct && sb == ":" {
                return false;
            }
            if a.kind == Kind::Punct
                && sa == "?."
                && !matches!(b.kind, Kind::Word | Kind::Open(b'(') | Kind::Open(b'['))
            {
                return false;
            }
            if matches!(a.kind, Kind::Open(b'(') | Kind::Open(b'{'))
                && b.kind == Kind::Punct
                && sb == ","
            {
                return false;
            }
            if let Kind::Open(c) = a.kind {
                groups.push(c != b'{' || self.object_literal(i, in_expression));
            }
        }
        let last = self.t.len().checked_sub(1);
        !last.is_some_and(|l| self.t[l].kind == Kind::Punct && BINARY.contains(&self.str(l)))
    }

    /// Whether the `{` at `i` opens an object literal for sure (not a block, a type or a class
    /// body): after `(`, `[`, `...`, `return` or a logical operator, or after `,` or `:` inside an
    /// expression. Where unsure it says no, and line breaks are taken to separate.
    pub(super) fn object_literal(&self, i: usize, in_expression: bool) -> bool {
        let Some(p) = i.checked_sub(1) else {
            return false;
        };
        let s = self.str(p);
        match self.t[p].kind {
            Kind::Open(b'(' | b'[') => true,
            Kind::Word => s == "return",
            Kind::Punct => {
                matches!(s, "..." | "?" | "||" | "&&" | "??")
                    || (in_expression && matches!(s, "," | ":"))
            }
            _ => false,
        }
    }

    /// Whether the tokens `s..e` could be one expression: no two operands side by side (a line
    /// break separates nothing here), and a `(…)` before a `{…}` only in a function.
    pub(super) fn expression_plausible(&self, s: usize, e: usize) -> bool {
        // a type wrapper needs an expression before it and a type after it (`x as`, `as T` are
        // half-typed)
        let cast = |i: usize| self.is_word(i, "as") || self.is_word(i, "satisfies");
        if s < e && (cast(s) || cast(e - 1)) {
            return false;
        }
        // nor does a member access start one (`.of(…)` with its object cut away)
        if s < e && self.punct(s, ".") {
            return false;
        }
        let mut i = s;
        while i < e {
            // a statement's keyword cannot sit in an expression (`import(…)` aside)
            let statement_word = match self.word(i) {
                Some("export" | "var") => true,
                Some("import") => !self.opens(i + 1, b'(') && !self.punct(i + 1, "."),
                _ => false,
            };
            if statement_word {
                return false;
            }
            let next = self.after(i);
            if next >= e {
                break;
            }
            let (last, n) = (
                if let Kind::Open(_) = self.t[i].kind {
                    self.close[i]
                } else {
                    i
                },
                next,
            );
            // `as const` ends an operand as a name would (`x as const y` is broken)
            let as_const = self.is_word(last, "const") && last > s && self.is_word(last - 1, "as");
            if (self.operand_end(last, true) || as_const) && self.operand_start(n) {
                return false;
            }
            if self.t[last].kind == Kind::Close(b')') && self.opens(n, b'{') {
                let function = (i.saturating_sub(3)..i).any(|k| self.is_word(k, "function"));
                if !function {
                    return false;
                }
            }
            if self.t[last].kind == Kind::Word
                && !KEYWORDS.contains(&self.str(last))
                && self.opens(n, b'{')
            {
                return false;
            }
            i = next;
        }
        true
    }
}
