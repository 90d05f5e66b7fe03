//! Statements: imports, exports, declarations, and the statements skipped whole.

use std::ops::Range;

use super::{Reader, CONTINUING, KEYWORDS, OPERATOR_WORDS, VALUE_WORDS};
use crate::syntax::script_lexer::Kind;
use crate::syntax::typescript::{Ident, Import, ImportName, VersionGraphFacts};

/// `name` or `name as alias` of an import or export list.
#[derive(Clone, Copy, Debug)]
pub(super) struct Specifier {
    name: usize,
    alias: Option<usize>,
}

impl Reader<'_> {
    pub(super) fn program(&mut self) -> Option<()> {
        let mut i = 0;
        while i < self.t.len() {
            i = self.statement(i)?;
        }
        Some(())
    }

    pub(super) fn statement(&mut self, i: usize) -> Option<usize> {
        if self.punct(i, ";") {
            return Some(i + 1);
        }
        let w = self.word(i)?;
        match w {
            "import" => self.import(i),
            "export" => self.export(i),
            "const" | "let" | "var" => self.declaration(i + 1, false).map(|(end, _)| end),
            "function" | "async" | "class" | "abstract" | "interface" | "enum" => {
                self.named_declaration(i).map(|(_, end)| end)
            }
            "type" if self.word(i + 1).is_some() => self.statement_end(i + 2, true),
            "await" => self.statement_end(i, true),
            _ if !KEYWORDS.contains(&w) && !VALUE_WORDS.contains(&w) => self.statement_end(i, true),
            _ => None,
        }
    }

    /// A statement ends at a line break before the token at `i` (automatic semicolon insertion):
    /// `Some(true)` if it does, `None` where that is not sure.
    pub(super) fn line_ends_statement(&self, i: usize) -> Option<bool> {
        let (prev, tok) = (&self.t[i - 1], &self.t[i]);
        if !tok.line_break_before {
            return Some(false);
        }
        let prev_s = self.str(i - 1);
        let s = self.str(i);
        let starts = match tok.kind {
            Kind::Word => !CONTINUING.contains(&s),
            Kind::Str { .. } | Kind::Number | Kind::Open(b'{') => true,
            Kind::Punct if matches!(s, "!" | "++" | "--") => return None,
            _ => false,
        };
        match prev.kind {
            // an operator keyword: the expression goes on
            Kind::Word if OPERATOR_WORDS.contains(&prev_s) => Some(false),
            // a keyword that may end a value too (`as const`, `=> void`): not sure
            Kind::Word if KEYWORDS.contains(&prev_s) => (!starts).then_some(false),
            Kind::Punct if matches!(prev_s, "++" | "--") => None,
            // `Record<string, V>` closes a type at the line's end, `a >` goes on to `b`: which
            // one, only the syntax knows (a simplex-startos file lost five exports here)
            Kind::Punct if matches!(prev_s, ">" | ">>" | ">>>") && starts => None,
            Kind::Punct | Kind::Open(_) => Some(false),
            _ => Some(starts),
        }
    }

    /// From `s`, the end of an expression or statement: the index of the `;` (or `,` when
    /// `commas` is false) that ends it, or of the first token after a line break that ends it.
    pub(super) fn run_end(&self, s: usize, commas: bool, types: bool) -> Option<usize> {
        let mut i = s;
        let mut angles = 0i32;
        while i < self.t.len() {
            if i > s && angles == 0 && self.line_ends_statement(i)? {
                return Some(i);
            }
            let tok = &self.t[i];
            if tok.kind == Kind::Punct {
                let p = self.str(i);
                if angles == 0 && (p == ";" || (!commas && p == ",") || (types && p == "=")) {
                    return Some(i);
                }
                if types {
                    match p {
                        "<" => angles += 1,
                        ">" => angles -= 1,
                        ">>" => angles -= 2,
                        ">>>" => angles -= 3,
                        _ => {}
                    }
                }
            }
            i = self.after(i);
        }
        (angles == 0).then_some(i)
    }

    /// A statement skipped whole: the index after it.
    pub(super) fn statement_end(&self, s: usize, commas: bool) -> Option<usize> {
        let e = self.run_end(s, commas, false)?;
        Some(if self.punct(e, ";") { e + 1 } else { e })
    }

    /// After a statement's last token at `e` (exclusive): its optional `;`; the next statement
    /// must start on a new line otherwise.
    pub(super) fn end_of_statement(&self, e: usize) -> Option<usize> {
        if self.punct(e, ";") {
            return Some(e + 1);
        }
        match self.t.get(e) {
            Some(t) if !t.line_break_before => None,
            _ => Some(e),
        }
    }

    /// The byte range of the statement of tokens `i..end`. One ended by a line break takes in a
    /// `//` comment on its last line, as the tree does (its automatic semicolon comes after it);
    /// any other text there is left to the parser.
    pub(super) fn statement_range(&self, i: usize, end: usize) -> Option<Range<usize>> {
        let range = self.span(i, end);
        if self.punct(end - 1, ";") {
            return Some(range);
        }
        let rest = &self.text[range.end..];
        let line = &rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())];
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() {
            Some(range)
        } else if trimmed.starts_with("//") {
            Some(range.start..range.end + line.len())
        } else {
            None
        }
    }

    /// `const|let|var` declarators from `i`: the index after the statement, and the names bound.
    pub(super) fn declaration(
        &mut self,
        mut i: usize,
        exported: bool,
    ) -> Option<(usize, Vec<Ident>)> {
        let mut names = Vec::new();
        loop {
            let tok = self.t.get(i)?;
            let binding = match tok.kind {
                Kind::Word if !KEYWORDS.contains(&self.str(i)) => {
                    let id = self.ident(i);
                    i += 1;
                    Some(id)
                }
                Kind::Open(b'{' | b'[') => {
                    i = self.after(i);
                    None
                }
                _ => return None,
            };
            if self.punct(i, "!") {
                i += 1;
            }
            if self.punct(i, ":") {
                i = self.run_end(i + 1, false, true)?;
            }
            let mut value = None;
            if self.punct(i, "=") {
                let s = i + 1;
                let e = self.run_end(s, false, false)?;
                if e == s || !self.expression_plausible(s, e) {
                    return None;
                }
                value = Some((s, e));
                i = e;
            }
            if let Some(binding) = binding {
                if let Some((s, e)) = value {
                    self.declarator(&binding, exported, s, e)?;
                }
                names.push(binding);
            }
            if self.punct(i, ",") {
                i += 1;
                continue;
            }
            return self.end_of_statement(i).map(|end| (end, names));
        }
    }

    /// A declarator's value `s..e`: a version, a version graph, or something else.
    pub(super) fn declarator(
        &mut self,
        binding: &Ident,
        exported: bool,
        s: usize,
        e: usize,
    ) -> Option<()> {
        if exported && binding.name == "other" {
            let array = self.opens(s, b'[') && self.after(s) == e;
            self.legacy_other = Some(array.then_some(s));
        }
        let call_of = |name: &str| {
            self.is_word(s, name)
                && self.punct(s + 1, ".")
                && self.is_word(s + 2, "of")
                && self.opens(s + 3, b'(')
        };
        if call_of("VersionInfo") {
            self.placed += 1;
            let args_end = self.close[s + 3] + 1;
            // `VersionInfo.of({…})`, or chained once: `VersionInfo.of({…}).satisfies('…')`
            let whole = args_end == e
                || (self.punct(args_end, ".")
                    && self.word(args_end + 1).is_some()
                    && self.opens(args_end + 2, b'(')
                    && self.after(args_end + 2) == e);
            // the first argument is an object literal, alone (not `{…} as const`)
            let first = s + 4;
            let object = self.opens(first, b'{')
                && !self.t[first].comment_before
                && (self.after(first) == args_end - 1 || self.punct(self.after(first), ","));
            if whole && object {
                let info = self.version_info(binding, exported, first, self.span(s, e))?;
                self.facts.version_infos.push(info);
            }
        } else if call_of("VersionGraph") && self.after(s + 3) == e {
            self.placed += 1;
            let graph = self.version_graph(s + 3, self.span(s, e))?;
            self.facts.version_graphs.push(graph);
        } else {
            // program › [export ›] declaration › declarator
            self.manifest_call(s, e, if exported { 3 } else { 2 })?;
        }
        Some(())
    }

    /// `{ a, b as c, 'd' as e }` of an import or export.
    pub(super) fn specifiers(&self, open: usize) -> Option<Vec<Specifier>> {
        let mut out = Vec::new();
        for (a, b) in self.parts(open, false)? {
            let name_ok = |i: usize| {
                matches!(self.t[i].kind, Kind::Word | Kind::Str { .. })
                    // `type X` marks a type-only name: left to the parser
                    && !(self.is_word(i, "type") && b > i + 1)
            };
            let spec = match b - a {
                1 if name_ok(a) => Specifier {
                    name: a,
                    alias: None,
                },
                3 if name_ok(a)
                    && self.is_word(a + 1, "as")
                    && matches!(self.t[a + 2].kind, Kind::Word | Kind::Str { .. }) =>
                {
                    Specifier {
                        name: a,
                        alias: Some(a + 2),
                    }
                }
                _ => return None,
            };
            out.push(spec);
        }
        Some(out)
    }

    /// `import …`: the index after the statement.
    pub(super) fn import(&mut self, i: usize) -> Option<usize> {
        let mut j = i + 1;
        if matches!(self.word(j), Some("type" | "typeof")) {
            if self.is_word(j + 1, "from") || self.punct(j + 1, ",") || self.punct(j + 1, "=") {
                return None; // a default import named `type`, or `import type X = …`
            }
            j += 1;
        }
        let mut names = Vec::new();
        let source;
        if matches!(self.t.get(j)?.kind, Kind::Str { .. }) {
            source = j;
        } else {
            if self.word(j).is_some_and(|w| w != "from") && !self.opens(j, b'{') {
                names.push(ImportName {
                    imported: "default".into(),
                    imported_range: None,
                    local: self.ident(j),
                });
                j += 1;
                if self.punct(j, ",") {
                    j += 1;
                    if !self.opens(j, b'{') && !self.punct(j, "*") {
                        return None;
                    }
                } else if !self.is_word(j, "from") {
                    return None; // `import x = require(…)`
                }
            }
            if self.opens(j, b'{') {
                for s in self.specifiers(j)? {
                    let imported = self
                        .key_name(s.name)
                        .map_or_else(|| self.str(s.name).to_string(), |k| k.name);
                    names.push(ImportName {
                        imported,
                        imported_range: Some(self.t[s.name].range()),
                        local: self.ident(s.alias.unwrap_or(s.name)),
                    });
                }
                j = self.after(j);
            } else if self.punct(j, "*") {
                if !self.is_word(j + 1, "as") || self.word(j + 2).is_none() {
                    return None;
                }
                names.push(ImportName {
                    imported: "*".into(),
                    imported_range: None,
                    local: self.ident(j + 2),
                });
                j += 3;
            }
            if !self.is_word(j, "from") || !matches!(self.t.get(j + 1)?.kind, Kind::Str { .. }) {
                return None;
            }
            source = j + 1;
        }
        let after_source = source + 1;
        if matches!(self.word(after_source), Some("with" | "assert")) {
            return None;
        }
        let end = self.end_of_statement(after_source)?;
        let range = self.statement_range(i, end)?;
        if let Some(source) = self.str_lit(source) {
            self.facts.imports.push(Import {
                source,
                names,
                range,
            });
        }
        Some(end)
    }

    /// `export …`: the index after the statement.
    pub(super) fn export(&mut self, i: usize) -> Option<usize> {
        let j = i + 1;
        let tok = self.t.get(j)?;
        if tok.kind == Kind::Open(b'{') || self.punct(j, "*") {
            let specs = if tok.kind == Kind::Open(b'{') {
                self.specifiers(j)?
            } else {
                Vec::new()
            };
            let mut k = self.after(j);
            if self.punct(j, "*") && self.is_word(k, "as") {
                if !matches!(self.t.get(k + 1)?.kind, Kind::Word | Kind::Str { .. }) {
                    return None;
                }
                k += 2;
            }
            let mut source = None;
            if self.is_word(k, "from") {
                if !matches!(self.t.get(k + 1)?.kind, Kind::Str { .. }) {
                    return None;
                }
                source = Some(k + 1);
                k += 2;
            } else if self.punct(j, "*") {
                return None;
            }
            if matches!(self.word(k), Some("with" | "assert")) {
                return None;
            }
            let end = self.end_of_statement(k)?;
            let range = self.statement_range(i, end)?;
            for s in &specs {
                self.facts
                    .exports
                    .push(self.ident(s.alias.unwrap_or(s.name)));
            }
            if let Some(source) = source.and_then(|s| self.str_lit(s)) {
                let mut names = Vec::new();
                for s in &specs {
                    let local = self.ident(s.alias.unwrap_or(s.name));
                    if local.name == "current" {
                        self.legacy_current = Some((local.clone(), range.clone()));
                    }
                    names.push(ImportName {
                        imported: self.str(s.name).to_string(),
                        imported_range: Some(self.t[s.name].range()),
                        local,
                    });
                }
                self.reexports.push(Import {
                    source,
                    names,
                    range,
                });
            }
            return Some(end);
        }
        match self.word(j)? {
            "const" | "let" | "var" => {
                let (end, names) = self.declaration(j + 1, true)?;
                self.facts.exports.extend(names);
                Some(end)
            }
            "function" | "async" | "class" | "abstract" | "interface" | "enum" => {
                let (name, end) = self.named_declaration(j)?;
                self.facts.exports.push(name);
                Some(end)
            }
            "type" if self.word(j + 1).is_some() => {
                let name = self.ident(j + 1);
                if KEYWORDS.contains(&name.name.as_str()) {
                    return None;
                }
                let end = self.statement_end(j + 2, true)?;
                self.facts.exports.push(name);
                Some(end)
            }
            _ => None,
        }
    }

    /// `[async] function [*] name …{…}`, `[abstract] class name …{…}`, `interface name …{…}`,
    /// `enum name {…}`: the name and the index after the body (or after an overload's `;`).
    pub(super) fn named_declaration(&self, i: usize) -> Option<(Ident, usize)> {
        let mut j = i;
        let kw = match self.word(j)? {
            "async" => {
                j += 1;
                (self.word(j)? == "function").then_some("function")?
            }
            "abstract" => {
                j += 1;
                (self.word(j)? == "class").then_some("class")?
            }
            w => w,
        };
        j += 1;
        if kw == "function" && self.punct(j, "*") {
            j += 1;
        }
        let name = self.word(j).filter(|w| !KEYWORDS.contains(w))?;
        let name = Ident {
            name: name.to_string(),
            range: self.t[j].range(),
        };
        j += 1;
        // the body: the first `{` after something that ends a heading (a name, `)`, `]`, `>`,
        // or the `}` of an object type), not one that starts a type (after `:`, `|`, `<` …)
        while j < self.t.len() {
            let tok = &self.t[j];
            match tok.kind {
                Kind::Open(b'{') => {
                    let prev = &self.t[j - 1];
                    let heading_ends = match prev.kind {
                        Kind::Word | Kind::Close(_) => true,
                        Kind::Punct => self.str(j - 1) == ">",
                        _ => false,
                    };
                    if heading_ends {
                        return Some((name, self.after(j)));
                    }
                }
                Kind::Punct if self.str(j) == ";" && kw == "function" => {
                    return Some((name, j + 1));
                }
                Kind::Word
                    if tok.line_break_before
                        && matches!(
                            self.str(j),
                            "function" | "export" | "import" | "const" | "let" | "var" | "class"
                        ) =>
                {
                    return None;
                }
                _ => {}
            }
            j = self.after(j);
        }
        None
    }

    /// The legacy index (no `VersionGraph.of`): `export { v as current } from './v'` beside
    /// `export const other = [a, b]`.
    pub(super) fn finish_legacy_graph(&mut self) -> Option<()> {
        if !self.facts.version_graphs.is_empty() {
            return Some(());
        }
        let (Some((current, range)), Some(other)) =
            (self.legacy_current.take(), self.legacy_other.take())
        else {
            return Some(());
        };
        let array = other?; // anything but an array literal is left to the parser
        let mut g = VersionGraphFacts {
            current: Some(current),
            other_range: Some(self.span(array, self.after(array))),
            ..VersionGraphFacts::empty(range, false)
        };
        let values = self.array_values(array)?;
        self.graph_others(&mut g, &values);
        let reexports = std::mem::take(&mut self.reexports);
        self.facts.imports.extend(reexports);
        self.facts.version_graphs.push(g);
        Some(())
    }
}
