//! The tokens of a TypeScript file, by a lexer: what the prose rules and the version facts read,
//! at the speed of reading the bytes. It answers only where the lexical grammar leaves no doubt:
//! an unterminated comment, string or template, a `/` that could start a regular expression or
//! divide (after `}` or `++`), an escape it does not know, or a byte it does not expect (outside
//! comments and literals, anything not ASCII) make it give up (`None`), and the caller parses the
//! file with tree-sitter instead. Where it answers, it agrees with the syntax tree (`comment`,
//! `string` and `template_string` nodes, not descending into templates): the tests check that on
//! every fixture and on real repositories.

use std::ops::Range;

/// What `/` means after the previous token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// A regular expression may start: the start, an operator, `(`, `,`, a keyword like `return`.
    Operand,
    /// A value ends here: `/` divides (after an identifier, a number, a literal, `)` or `]`).
    Value,
    /// Either could follow (`}`, `++`, `--`): the lexer gives up on a `/` here.
    Unknown,
}

/// Keywords after which an expression (so a regular expression) starts. A `match` on the word:
/// compiled to a test of its length and bytes, not a comparison with each keyword in turn.
fn is_operand_keyword(word: &str) -> bool {
    matches!(
        word,
        "return"
            | "typeof"
            | "instanceof"
            | "in"
            | "of"
            | "new"
            | "delete"
            | "void"
            | "throw"
            | "case"
            | "do"
            | "else"
            | "yield"
            | "await"
    )
}

/// Operators of more than one byte, longest first.
const OPERATORS: &[&str] = &[
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", "&&=", "||=", "??=", ">>>", "=>", "?.", "==",
    "!=", "<=", ">=", "&&", "||", "??", "++", "--", "**", "+=", "-=", "*=", "%=", "&=", "|=", "^=",
    "<<", ">>",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A name or a keyword.
    Word,
    Number,
    /// A string literal; `escaped` when it holds an escape sequence.
    Str {
        escaped: bool,
    },
    /// A template, its substitutions included.
    Template {
        escaped: bool,
        substituted: bool,
    },
    Regex,
    /// `(`, `[` or `{` (a template's `${` is inside its template).
    Open(u8),
    Close(u8),
    /// Any operator or punctuation (`=`, `=>`, `,`, `...`, `?.` …).
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// A line ends between the previous token and this one (in a comment, too).
    pub line_break_before: bool,
    /// A comment lies between the previous token and this one.
    pub comment_before: bool,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

#[derive(Debug, Default)]
pub struct Lexed {
    pub tokens: Vec<Token>,
    pub comments: Vec<Range<usize>>,
}

#[derive(Default, Debug, PartialEq, Eq)]
pub struct Literals {
    pub comments: Vec<Range<usize>>,
    /// Strings and template strings (a template whole, with its substitutions).
    pub strings: Vec<Range<usize>>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// The comments and strings of `text`, or `None` where the lexer is not sure.
pub fn literals(text: &str) -> Option<Literals> {
    tokens_with(text, false, true).map(Literals::of)
}

impl Literals {
    /// The comments and the string and template tokens of a lexed text.
    fn of(lexed: Lexed) -> Literals {
        Literals {
            comments: lexed.comments,
            strings: lexed
                .tokens
                .iter()
                .filter(|t| matches!(t.kind, Kind::Str { .. } | Kind::Template { .. }))
                .map(Token::range)
                .collect(),
        }
    }
}

/// What an open `{` belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Brace {
    /// A block or an object.
    Plain,
    /// A template's `${`.
    Template,
    /// A JSX expression container (`{…}` in an element's attributes or children).
    Jsx,
}

/// An open JSX element: its tag name (matched by its closing tag; empty for a fragment) and
/// whether its attributes are still being read (else its children).
struct JsxFrame {
    name: Range<usize>,
    in_tag: bool,
    /// Opened where code expected an expression (not as another element's child): when it
    /// closes, the code goes on.
    root: bool,
}

/// The outermost template being read, while its substitutions are lexed.
struct Template {
    start: usize,
    escaped: bool,
    substituted: bool,
    line_break_before: bool,
    comment_before: bool,
}

/// The comments and strings of a script that may hold JSX (`.tsx`, `.jsx`, `.js`): as
/// [`literals`], with JSX elements read as TypeScript reads them in a `.tsx` file (a `<` where an
/// expression starts opens an element; an attribute's quoted value is a string, its text is not
/// prose; `{…}` holds code). `None` where the lexer is not sure (a generic arrow function
/// `<T,>()`, a closing tag that does not match, anything unterminated).
pub fn literals_jsx(text: &str) -> Option<Literals> {
    tokens_with(text, true, true).map(Literals::of)
}

/// The tokens and comments of `text`, or `None` where the lexer is not sure.
pub fn tokens(text: &str) -> Option<Lexed> {
    tokens_with(text, false, false)
}

/// [`tokens`], reading JSX elements where `jsx` (their attribute strings are tokens; the rest of
/// an element is not, except the code in its `{…}`); with `literals_only`, only the string and
/// template tokens are kept (what the prose reads: a file's other tokens are not stored).
fn tokens_with(text: &str, jsx: bool, literals_only: bool) -> Option<Lexed> {
    let b = text.as_bytes();
    let mut out = Lexed::default();
    let mut i = 0;
    let mut prev = Prev::Operand;
    // whether the last token was `.` or `?.` (a keyword after it is a property name)
    let mut after_dot = false;
    let (mut line_break, mut comment) = (false, false);
    // the `{` still open
    let mut braces: Vec<Brace> = Vec::new();
    // the JSX elements open around the code being read
    let mut elements: Vec<JsxFrame> = Vec::new();
    // the outermost template being read (its substitutions are lexed, not recorded)
    let mut template: Option<Template> = None;
    if b.starts_with(b"#!") {
        i = b.iter().position(|&c| c == b'\n').unwrap_or(b.len());
    }
    while i < b.len() {
        let c = b[i];
        let inside = template.is_some();
        let start = i;
        let mut kind = Kind::Punct;
        match c {
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                i += 1;
                continue;
            }
            b'\n' => {
                line_break = true;
                i += 1;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = line_comment_end(b, i);
                if !inside {
                    out.comments.push(i..end);
                }
                comment = true;
                i = end;
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = block_comment_end(b, i)?;
                if !inside {
                    out.comments.push(i..end);
                }
                comment = true;
                line_break |= memchr::memchr(b'\n', &b[i..end]).is_some();
                i = end;
                continue;
            }
            b'/' => match prev {
                Prev::Value => {
                    i += 1;
                    prev = Prev::Operand;
                }
                Prev::Operand => {
                    i = regex_end(b, i)?;
                    kind = Kind::Regex;
                    prev = Prev::Value;
                }
                Prev::Unknown => return None,
            },
            b'\'' | b'"' => {
                let (end, escaped) = string_end(b, i, c)?;
                i = end;
                kind = Kind::Str { escaped };
                prev = Prev::Value;
            }
            // a template begins, or goes on after one of its substitutions
            b'}' if braces.last() == Some(&Brace::Jsx) => {
                // the end of a JSX expression container: the element goes on
                braces.pop();
                let done;
                (i, done) = resume_jsx(text, i + 1, &mut elements, &mut braces, &mut out, inside)?;
                prev = if done { Prev::Value } else { Prev::Operand };
                (line_break, comment, after_dot) = (false, false, false);
                continue;
            }
            b'<' if jsx && prev == Prev::Operand => {
                let done;
                (i, done) = open_jsx(text, i, &mut elements, &mut braces, &mut out, inside)?;
                prev = if done { Prev::Value } else { Prev::Operand };
                (line_break, comment, after_dot) = (false, false, false);
                continue;
            }
            b'`' | b'}' if c == b'`' || braces.last() == Some(&Brace::Template) => {
                if c == b'}' {
                    braces.pop();
                } else if !inside {
                    template = Some(Template {
                        start: i,
                        escaped: false,
                        substituted: false,
                        line_break_before: line_break,
                        comment_before: comment,
                    });
                }
                let ended;
                (i, prev, ended) = resume_template(b, i + 1, &mut braces, &mut template)?;
                if let Some(t) = ended {
                    out.tokens.push(t);
                    (line_break, comment, after_dot) = (false, false, false);
                }
                continue;
            }
            b'{' => {
                braces.push(Brace::Plain);
                i += 1;
                kind = Kind::Open(c);
                prev = Prev::Operand;
            }
            b'}' => {
                braces.pop()?; // a plain `{` (a substitution's is taken above)
                i += 1;
                kind = Kind::Close(c);
                prev = Prev::Unknown;
            }
            b'(' | b'[' => {
                i += 1;
                kind = Kind::Open(c);
                prev = Prev::Operand;
            }
            b')' | b']' => {
                i += 1;
                kind = Kind::Close(c);
                prev = Prev::Value;
            }
            b'0'..=b'9' => {
                i = number_end(b, i);
                kind = Kind::Number;
                prev = Prev::Value;
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i = number_end(b, i);
                kind = Kind::Number;
                prev = Prev::Value;
            }
            _ if is_ident_byte(c) || c == b'#' => {
                i += 1;
                while i < b.len() && is_ident_byte(b[i]) {
                    i += 1;
                }
                let word = &text[start..i];
                kind = Kind::Word;
                prev = if !after_dot && is_operand_keyword(word) {
                    Prev::Operand
                } else {
                    Prev::Value
                };
            }
            b',' | b';' | b':' | b'?' | b'=' | b'!' | b'<' | b'>' | b'&' | b'|' | b'^' | b'~'
            | b'*' | b'%' | b'+' | b'-' | b'.' => {
                let rest = &text[i..];
                // every longer operator's second byte is one of these: most punctuation is one byte
                let longer = b.get(i + 1).is_some_and(|n| {
                    matches!(
                        n,
                        b'>' | b'.' | b'=' | b'*' | b'<' | b'&' | b'|' | b'?' | b'+' | b'-'
                    )
                });
                let op = OPERATORS
                    .iter()
                    .filter(|_| longer)
                    .find(|op| rest.starts_with(**op))
                    // `a?.5:b` is a conditional
                    .filter(|op| **op != "?." || !b.get(i + 2).is_some_and(u8::is_ascii_digit))
                    .map_or(1, |op| op.len());
                i += op;
                prev = if matches!(&rest[..op], "++" | "--") {
                    Prev::Unknown
                } else {
                    Prev::Operand
                };
            }
            _ => return None,
        }
        if !inside {
            if !literals_only || matches!(kind, Kind::Str { .. }) {
                out.tokens.push(Token {
                    kind,
                    start,
                    end: i,
                    line_break_before: line_break,
                    comment_before: comment,
                });
            }
            after_dot = kind == Kind::Punct && matches!(&text[start..i], "." | "?.");
            (line_break, comment) = (false, false);
        } else {
            after_dot = false;
        }
    }
    // everything opened was closed
    (braces.is_empty() && template.is_none() && elements.is_empty()).then_some(out)
}

/// A JSX tag or attribute name from `i` (letters, digits, `_`, `$`, `-`, `.` and `:`): its end.
fn jsx_name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (is_ident_byte(b[i]) || matches!(b[i], b'-' | b'.' | b':')) {
        i += 1;
    }
    i
}

fn skip_blank(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// A `<` where an expression starts, at `i`: a JSX element (or fragment) opens. Reads it as far as
/// it goes without code: to its end (`true`), or into a `{…}` (`false`, the brace pushed).
fn open_jsx(
    text: &str,
    i: usize,
    elements: &mut Vec<JsxFrame>,
    braces: &mut Vec<Brace>,
    out: &mut Lexed,
    inside: bool,
) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let at = i + 1;
    let end = jsx_name_end(b, at);
    let after = skip_blank(b, end);
    // `<T,>(…) =>`, `<T extends U>(…) =>`: a generic arrow function, not an element
    if b.get(after) == Some(&b',') || text[after..].starts_with("extends") {
        return None;
    }
    if end == at && b.get(at) != Some(&b'>') {
        return None; // `< div`, `<5`: not what the lexer reads
    }
    elements.push(JsxFrame {
        name: at..end,
        in_tag: true,
        root: true,
    });
    resume_jsx(text, end, elements, braces, out, inside)
}

/// JSX goes on at `i` in the innermost open element: its attributes or its children, nested
/// elements and closing tags, up to the end of the outermost element (`true`) or the next `{`
/// (`false`: the code inside is read by the caller, the brace pushed).
fn resume_jsx(
    text: &str,
    mut i: usize,
    elements: &mut Vec<JsxFrame>,
    braces: &mut Vec<Brace>,
    out: &mut Lexed,
    inside: bool,
) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    loop {
        let frame = elements.last_mut()?;
        if frame.in_tag {
            i = skip_blank(b, i);
            match *b.get(i)? {
                b'/' if b.get(i + 1) == Some(&b'>') => {
                    // self-closing
                    let root = frame.root;
                    elements.pop();
                    i += 2;
                    if root {
                        return Some((i, true));
                    }
                }
                b'>' => {
                    frame.in_tag = false;
                    i += 1;
                }
                b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => {
                    let end = if b[i + 1] == b'/' {
                        line_comment_end(b, i)
                    } else {
                        block_comment_end(b, i)?
                    };
                    if !inside {
                        out.comments.push(i..end);
                    }
                    i = end;
                }
                b'{' => {
                    braces.push(Brace::Jsx);
                    return Some((i + 1, false));
                }
                c if is_ident_byte(c) => {
                    i = jsx_name_end(b, i);
                    let eq = skip_blank(b, i);
                    if b.get(eq) != Some(&b'=') {
                        continue; // an attribute without a value
                    }
                    i = skip_blank(b, eq + 1);
                    match *b.get(i)? {
                        quote @ (b'"' | b'\'') => {
                            // a JSX string: no escapes, line breaks allowed
                            let end = b[i + 1..].iter().position(|&c| c == quote)? + i + 2;
                            if !inside {
                                out.tokens.push(Token {
                                    kind: Kind::Str { escaped: false },
                                    start: i,
                                    end,
                                    line_break_before: false,
                                    comment_before: false,
                                });
                            }
                            i = end;
                        }
                        b'{' => {
                            braces.push(Brace::Jsx);
                            return Some((i + 1, false));
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        } else {
            // children: text up to the next tag or container
            let next = b[i..].iter().position(|&c| c == b'<' || c == b'{')? + i;
            i = next;
            if b[i] == b'{' {
                braces.push(Brace::Jsx);
                return Some((i + 1, false));
            }
            if b.get(i + 1) == Some(&b'/') {
                // a closing tag: it must name the open element
                let at = skip_blank(b, i + 2);
                let end = jsx_name_end(b, at);
                let close = skip_blank(b, end);
                let frame = elements.pop()?;
                if text[at..end] != text[frame.name.clone()] || b.get(close) != Some(&b'>') {
                    return None;
                }
                i = close + 1;
                if frame.root {
                    return Some((i, true));
                }
            } else {
                let at = i + 1;
                let end = jsx_name_end(b, at);
                if end == at && b.get(at) != Some(&b'>') {
                    return None;
                }
                elements.push(JsxFrame {
                    name: at..end,
                    in_tag: true,
                    root: false,
                });
                i = end;
            }
        }
    }
}

/// The end of the `//` comment at `i`: the next line break (`memchr`), or the end.
fn line_comment_end(b: &[u8], i: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(b.len(), |n| i + n)
}

/// The end of the `/*` comment at `i`, past its `*/` (`memmem`); `None` when it is not closed.
fn block_comment_end(b: &[u8], i: usize) -> Option<usize> {
    Some(memchr::memmem::find(&b[i + 2..], b"*/")? + i + 4)
}

fn number_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (is_ident_byte(b[i]) || b[i] == b'.') {
        i += 1;
    }
    i
}

/// An escape at `i` (a backslash): the bytes it takes, or `None` for one the lexer does not
/// read as tree-sitter does (a line continuation, a malformed `\x` or `\u`).
fn escape_len(b: &[u8], i: usize) -> Option<usize> {
    let hex = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_hexdigit))
    };
    match b.get(i + 1)? {
        b'\n' | b'\r' => None,
        b'x' => hex(i + 2, 2).then_some(4),
        b'u' if b.get(i + 2) == Some(&b'{') => {
            let close = b[i + 3..].iter().position(|&c| c == b'}')?;
            (close > 0 && hex(i + 3, close)).then_some(close + 4)
        }
        b'u' => hex(i + 2, 4).then_some(6),
        c if c.is_ascii() => Some(2),
        _ => None,
    }
}

/// The end of the string literal opened by `quote` at `start`, and whether it has escapes.
fn string_end(b: &[u8], start: usize, quote: u8) -> Option<(usize, bool)> {
    let mut i = start + 1;
    let mut escaped = false;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += escape_len(b, i)?;
                escaped = true;
            }
            b'\n' | b'\r' => return None,
            c if c == quote => return Some((i + 1, escaped)),
            _ => i += 1,
        }
    }
    None
}

/// The end of the regular expression opened at `start` (its flags included).
fn regex_end(b: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    let mut class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' | b'\r' => return None,
            b'[' => {
                class = true;
                i += 1;
            }
            b']' => {
                class = false;
                i += 1;
            }
            b'/' if !class => {
                i += 1;
                while i < b.len() && is_ident_byte(b[i]) {
                    i += 1;
                }
                return Some(i);
            }
            _ => i += 1,
        }
    }
    None
}

/// Template text goes on at `from` (after its backtick, or after a substitution's `}`): to its end,
/// or into its next substitution. Where the lexer goes on, what a `/` there means, and the
/// outermost template's token when it ended here.
fn resume_template(
    b: &[u8],
    from: usize,
    braces: &mut Vec<Brace>,
    template: &mut Option<Template>,
) -> Option<(usize, Prev, Option<Token>)> {
    let (part, escaped) = template_rest(b, from)?;
    if let Some(t) = template.as_mut() {
        t.escaped |= escaped;
    }
    match part {
        TemplatePart::End(end) => {
            // the outermost template ends when no substitution is open any more
            let mut token = None;
            if !braces.contains(&Brace::Template) {
                if let Some(t) = template.take() {
                    token = Some(Token {
                        kind: Kind::Template {
                            escaped: t.escaped,
                            substituted: t.substituted,
                        },
                        start: t.start,
                        end,
                        line_break_before: t.line_break_before,
                        comment_before: t.comment_before,
                    });
                }
            }
            Some((end, Prev::Value, token))
        }
        TemplatePart::Substitution(at) => {
            // a template inside a substitution nests: its end comes back here
            braces.push(Brace::Template);
            if let Some(t) = template.as_mut() {
                t.substituted = true;
            }
            Some((at, Prev::Operand, None))
        }
    }
}

enum TemplatePart {
    /// The closing backtick's end.
    End(usize),
    /// A `${`: where the substitution's code begins.
    Substitution(usize),
}

/// Template text from `i` to its end or its next substitution, and whether it has escapes.
fn template_rest(b: &[u8], mut i: usize) -> Option<(TemplatePart, bool)> {
    let mut escaped = false;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                i += escape_len(b, i)?;
                escaped = true;
            }
            b'`' => return Some((TemplatePart::End(i + 1), escaped)),
            b'$' if b.get(i + 1) == Some(&b'{') => {
                return Some((TemplatePart::Substitution(i + 2), escaped))
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(text: &str) -> Option<(Vec<&str>, Vec<&str>)> {
        let l = literals(text)?;
        Some((
            l.comments.iter().map(|r| &text[r.clone()]).collect(),
            l.strings.iter().map(|r| &text[r.clone()]).collect(),
        ))
    }

    #[test]
    fn finds_comments_and_strings() {
        let (c, s) = lex("// a\nconst x = 'b' /* c */ + \"d\\\"\" // e\r\n").unwrap();
        assert_eq!(c, ["// a", "/* c */", "// e"]);
        assert_eq!(s, ["'b'", "\"d\\\"\""]);
    }

    #[test]
    fn reads_templates_whole_and_regexes_as_code() {
        let (c, s) =
            lex("const t = `a ${f(`b ${'c'}`) /* d */} e`; const r = /\\/'x[/]/g; x = a / b / c")
                .unwrap();
        assert!(c.is_empty());
        assert_eq!(s, ["`a ${f(`b ${'c'}`) /* d */} e`"]);
        let (_, s) = lex("return /'/.test(x) ? 'y' : 'z'").unwrap();
        assert_eq!(s, ["'y'", "'z'"]);
        let (_, s) = lex("const o = { a: 1 }; x.return / 2; 'q'").unwrap();
        assert_eq!(s, ["'q'"]);
    }

    #[test]
    fn gives_up_where_unsure() {
        for text in [
            "if (a) {} /re/.test(x)",
            "a++ / 2",
            "'unterminated\n'",
            "/* open",
            "`open ${x}",
            "f(}",
            "<div>it's</div>",
        ] {
            assert_eq!(literals(text), None, "{text}");
        }
    }
}
