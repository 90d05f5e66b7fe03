//! The version facts of a TypeScript file read from its tokens, without a syntax tree: the fast
//! path of `typescript::parse`. It reads the shapes version files are made of (imports, exports,
//! declarations whose value is `VersionInfo.of({…})` or `VersionGraph.of(…)`, the legacy
//! re-export index) and skips the rest as balanced runs of tokens. It declines (`None`), and the
//! caller parses with tree-sitter, wherever a fact could sit in what it skips (`VersionInfo.` or
//! `VersionGraph.` it did not place, an `id:` or `images:` key, `versionRange`), wherever it
//! cannot place a statement, and where the tokens look broken (`syntax_plausible`). Where it
//! answers, its facts equal the tree's: the tests compare both on every fixture and on real
//! packages.

use std::ops::Range;

use super::script_lexer::{self, Kind, Token};

mod manifest;
mod plausible;
mod statements;
mod values;
use super::typescript::{Ident, Import, StrLit, TsFacts};

/// Words that take a value after them: a line break after one does not end a statement, and a
/// name or literal may follow one on the same line.
const KEYWORDS: &[&str] = &[
    "abstract",
    "accessor",
    "as",
    "asserts",
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "declare",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "finally",
    "for",
    "from",
    "function",
    "get",
    "global",
    "if",
    "implements",
    "import",
    "in",
    "infer",
    "instanceof",
    "interface",
    "is",
    "keyof",
    "let",
    "module",
    "namespace",
    "new",
    "of",
    "out",
    "override",
    "package",
    "private",
    "protected",
    "public",
    "readonly",
    "return",
    "satisfies",
    "set",
    "static",
    "switch",
    "throw",
    "try",
    "type",
    "typeof",
    "unique",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Words that go on with the expression before them, on the next line too.
const CONTINUING: &[&str] = &[
    "in",
    "instanceof",
    "as",
    "satisfies",
    "extends",
    "implements",
    "is",
    "of",
    "from",
];

/// Keywords after which an expression surely goes on, on the next line too.
const OPERATOR_WORDS: &[&str] = &[
    "as",
    "satisfies",
    "in",
    "instanceof",
    "typeof",
    "keyof",
    "new",
    "extends",
    "implements",
    "is",
    "delete",
    "await",
    "case",
    "return",
    "throw",
];

/// Words the syntax tree gives a kind of their own (not `identifier`).
const VALUE_WORDS: &[&str] = &["true", "false", "null", "undefined", "this", "super"];

/// Operators that need an operand after them.
const BINARY: &[&str] = &[
    "=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=",
    "??=", "+", "-", "*", "/", "%", "**", "==", "===", "!=", "!==", "<=", ">=", "&&", "||", "??",
    "=>", ".", "?.", "...", "<<", ">>", ">>>", "&", "|", "^",
];

pub fn read(text: &str) -> Option<TsFacts> {
    if text.contains("versionRange") || text.len() > super::typescript::MAX_PARSE_BYTES {
        return None;
    }
    let lexed = script_lexer::tokens(text)?;
    let mut r = Reader::new(text, &lexed.tokens)?;
    if !r.syntax_plausible() {
        return None;
    }
    let facts_to_place = r.count_fact_tokens()?;
    r.program()?;
    r.finish_legacy_graph()?;
    if r.placed != facts_to_place {
        return None;
    }
    let mut facts = r.facts;
    let keys: Vec<StrLit> = facts
        .version_infos
        .iter()
        .flat_map(|vi| vi.migration_range_keys.iter().cloned())
        .collect();
    facts.range_values = keys;
    Some(facts)
}

pub(super) struct Reader<'a> {
    text: &'a str,
    t: &'a [Token],
    /// For an opening bracket, the index of its closing one.
    close: Vec<usize>,
    placed: usize,
    facts: TsFacts,
    /// The legacy index: its re-exports, its `current` and the value of its exported `other`.
    reexports: Vec<Import>,
    legacy_current: Option<(Ident, Range<usize>)>,
    legacy_other: Option<Option<usize>>,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str, t: &'a [Token]) -> Option<Self> {
        let mut close = vec![usize::MAX; t.len()];
        let mut open: Vec<usize> = Vec::new();
        for (i, tok) in t.iter().enumerate() {
            match tok.kind {
                Kind::Open(_) => open.push(i),
                Kind::Close(c) => {
                    let o = open.pop()?;
                    let pair = matches!(
                        (t[o].kind, c),
                        (Kind::Open(b'('), b')')
                            | (Kind::Open(b'['), b']')
                            | (Kind::Open(b'{'), b'}')
                    );
                    if !pair {
                        return None;
                    }
                    close[o] = i;
                }
                _ => {}
            }
        }
        open.is_empty().then_some(Reader {
            text,
            t,
            close,
            placed: 0,
            facts: TsFacts::default(),
            reexports: Vec::new(),
            legacy_current: None,
            legacy_other: None,
        })
    }

    pub(super) fn str(&self, i: usize) -> &'a str {
        &self.text[self.t[i].range()]
    }

    pub(super) fn word(&self, i: usize) -> Option<&'a str> {
        (self.t.get(i)?.kind == Kind::Word).then(|| self.str(i))
    }

    pub(super) fn is_word(&self, i: usize, w: &str) -> bool {
        self.word(i) == Some(w)
    }

    pub(super) fn punct(&self, i: usize, p: &str) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Punct) && self.str(i) == p
    }

    pub(super) fn opens(&self, i: usize, c: u8) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Open(c))
    }

    /// The index after the token at `i`, or after its group when it opens one.
    pub(super) fn after(&self, i: usize) -> usize {
        match self.t[i].kind {
            Kind::Open(_) => self.close[i] + 1,
            _ => i + 1,
        }
    }

    pub(super) fn ident(&self, i: usize) -> Ident {
        Ident {
            name: self.str(i).to_string(),
            range: self.t[i].range(),
        }
    }

    pub(super) fn span(&self, s: usize, e: usize) -> Range<usize> {
        self.t[s].start..self.t[e - 1].end
    }

    /// How many `VersionInfo.`/`VersionGraph.`, `id:` and `images:` the file holds: each must be
    /// placed by the reader, or it declines.
    pub(super) fn count_fact_tokens(&self) -> Option<usize> {
        let mut n = 0;
        for i in 0..self.t.len() {
            let s = self.str(i);
            let next_is = |p: &str| self.punct(i + 1, p);
            match self.t[i].kind {
                Kind::Word
                    if matches!(s, "VersionInfo" | "VersionGraph")
                        && (next_is(".") || next_is("?.")) =>
                {
                    n += 1
                }
                // the manifest's keys: placed where the reader walks a manifest's object
                Kind::Word if matches!(s, "id" | "images") && next_is(":") => n += 1,
                Kind::Str { .. }
                    if s.len() > 2 && &s[1..s.len() - 1] == "images" && next_is(":") =>
                {
                    n += 1
                }
                _ => {}
            }
        }
        Some(n)
    }
}

#[cfg(test)]
mod tests;
