//! The comments and string literals of a TypeScript file, by a lexer: what the prose rules read,
//! at the speed of reading the bytes. It answers only where the lexical grammar leaves no doubt:
//! an unterminated comment, string or template, a `/` that could start a regular expression or
//! divide (after `}` or `++`), or a byte it does not expect make it give up (`None`), and the
//! caller parses the file with tree-sitter instead. Where it answers, it agrees with the syntax
//! tree (`comment`, `string` and `template_string` nodes, not descending into templates): the
//! tests check that on every fixture and on real repositories.

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

/// Keywords after which an expression (so a regular expression) starts.
const OPERAND_KEYWORDS: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

#[derive(Default, Debug, PartialEq, Eq)]
pub struct Literals {
    pub comments: Vec<Range<usize>>,
    /// Strings and template strings (a template whole, with its substitutions).
    pub strings: Vec<Range<usize>>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// The comments and strings of `text`, or `None` where the lexer is not sure.
pub fn literals(text: &str) -> Option<Literals> {
    let b = text.as_bytes();
    let mut out = Literals::default();
    let mut i = 0;
    let mut prev = Prev::Operand;
    // `${` of templates (true) and plain `{` (false) still open
    let mut braces: Vec<bool> = Vec::new();
    // where the outermost template being read began (its substitutions are not read for prose)
    let mut template_start: Option<usize> = None;
    if b.starts_with(b"#!") {
        i = b.iter().position(|&c| c == b'\n').unwrap_or(b.len());
    }
    while i < b.len() {
        let c = b[i];
        let inside = template_start.is_some();
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n' || c == b'\r')
                    .map_or(b.len(), |n| i + n);
                if !inside {
                    out.comments.push(i..end);
                }
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/")? + i + 4;
                if !inside {
                    out.comments.push(i..end);
                }
                i = end;
            }
            b'/' => match prev {
                Prev::Value => {
                    i += 1;
                    prev = Prev::Operand;
                }
                Prev::Operand => {
                    i = regex_end(b, i)?;
                    prev = Prev::Value;
                }
                Prev::Unknown => return None,
            },
            b'\'' | b'"' => {
                let end = string_end(b, i, c)?;
                if !inside {
                    out.strings.push(i..end);
                }
                i = end;
                prev = Prev::Value;
            }
            b'`' => {
                if !inside {
                    template_start = Some(i);
                }
                (i, prev) = resume_template(b, i + 1, &mut braces, &mut template_start, &mut out)?;
            }
            b'{' => {
                braces.push(false);
                i += 1;
                prev = Prev::Operand;
            }
            b'}' => match braces.pop()? {
                true => {
                    (i, prev) =
                        resume_template(b, i + 1, &mut braces, &mut template_start, &mut out)?;
                }
                false => {
                    i += 1;
                    prev = Prev::Unknown;
                }
            },
            b')' | b']' => {
                i += 1;
                prev = Prev::Value;
            }
            b'+' | b'-' if b.get(i + 1) == Some(&c) => {
                i += 2;
                prev = Prev::Unknown;
            }
            b'0'..=b'9' => {
                while i < b.len() && (is_ident_byte(b[i]) || b[i] == b'.') {
                    i += 1;
                }
                prev = Prev::Value;
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                i += 1;
                while i < b.len() && (is_ident_byte(b[i]) || b[i] == b'.') {
                    i += 1;
                }
                prev = Prev::Value;
            }
            _ if is_ident_byte(c) || c == b'#' || c == b'@' || c == b'\\' => {
                let start = i;
                i += 1;
                while i < b.len() && is_ident_byte(b[i]) {
                    i += 1;
                }
                let word = &text[start..i];
                let member = text[..start].trim_end().ends_with('.');
                prev = if !member && OPERAND_KEYWORDS.contains(&word) {
                    Prev::Operand
                } else {
                    Prev::Value
                };
            }
            b'(' | b'[' | b',' | b';' | b':' | b'?' | b'=' | b'!' | b'<' | b'>' | b'&' | b'|'
            | b'^' | b'~' | b'*' | b'%' | b'+' | b'-' | b'.' => {
                i += 1;
                prev = Prev::Operand;
            }
            _ => return None,
        }
    }
    // everything opened was closed
    (braces.is_empty() && template_start.is_none()).then_some(out)
}

/// The end of the string literal opened by `quote` at `start`.
fn string_end(b: &[u8], start: usize, quote: u8) -> Option<usize> {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\n' | b'\r' => return None,
            c if c == quote => return Some(i + 1),
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
/// recorded when it was the outermost template, or into its next substitution. Where the lexer
/// goes on, and what a `/` there means.
fn resume_template(
    b: &[u8],
    from: usize,
    braces: &mut Vec<bool>,
    template_start: &mut Option<usize>,
    out: &mut Literals,
) -> Option<(usize, Prev)> {
    match template_rest(b, from)? {
        TemplatePart::End(end) => {
            // the outermost template ends when no substitution is open any more
            if !braces.contains(&true) {
                if let Some(start) = template_start.take() {
                    out.strings.push(start..end);
                }
            }
            Some((end, Prev::Value))
        }
        TemplatePart::Substitution(at) => {
            // a template inside a substitution nests: its end comes back here
            braces.push(true);
            Some((at, Prev::Operand))
        }
    }
}

enum TemplatePart {
    /// The closing backtick's end.
    End(usize),
    /// A `${`: where the substitution's code begins.
    Substitution(usize),
}

/// Template text from `i` to its end or its next substitution.
fn template_rest(b: &[u8], mut i: usize) -> Option<TemplatePart> {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return Some(TemplatePart::End(i + 1)),
            b'$' if b.get(i + 1) == Some(&b'{') => return Some(TemplatePart::Substitution(i + 2)),
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
