//! Suppression comments: `manifest-lsp-ignore-next-line CODE[, CODE]` hides those findings on the
//! next line. TypeScript/JavaScript and JSON-with-comments take a `//` or `/* */` comment (found in
//! the syntax tree), JSON also a `"//"` member, Markdown an HTML comment. An ignore that hides
//! nothing is reported (SU001).

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Fix};
use crate::rules::{self, Sink};
use crate::syntax::{json, typescript};
use crate::text::LineIndex;
use crate::workspace::Source;

pub const MARKER: &str = "manifest-lsp-ignore-next-line";

/// One ignore comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignore {
    /// The comment (or `"//"` member).
    pub range: Range<usize>,
    pub codes: Vec<String>,
    /// The 0-based line it applies to.
    pub line: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Script,
    Json,
    Markdown,
}

fn syntax_of(path: &Path) -> Option<Syntax> {
    match path.extension()?.to_str()? {
        "ts" | "tsx" | "mts" | "cts" | "js" | "jsx" | "mjs" | "cjs" => Some(Syntax::Script),
        "json" | "jsonc" => Some(Syntax::Json),
        "md" | "markdown" => Some(Syntax::Markdown),
        _ => None,
    }
}

/// The codes after the marker in a comment's text: `SO002, EX004 -- reason` gives both codes.
fn codes_after_marker(comment: &str) -> Option<Vec<String>> {
    let rest = &comment[comment.find(MARKER)? + MARKER.len()..];
    let codes: Vec<String> = rest
        // the comment's own closing (`*/`, `-->`, a JSON string's quote) ends the list too
        .split([',', ' ', '\t', '\r', '\n', '"', '*', '/', '-', '>'])
        .filter(|t| !t.is_empty())
        .take_while(|t| {
            t.len() == 5
                && t[..2].bytes().all(|b| b.is_ascii_uppercase())
                && t[2..].bytes().all(|b| b.is_ascii_digit())
        })
        .map(str::to_string)
        .collect();
    (!codes.is_empty()).then_some(codes)
}

/// The ignore comments of a file.
pub fn ignores_in(path: &Path, text: &str) -> Vec<Ignore> {
    if !text.contains(MARKER) {
        return Vec::new();
    }
    let Some(syntax) = syntax_of(path) else {
        return Vec::new();
    };
    let index = LineIndex::new(text);
    let line_of = |offset: usize| index.line_of(offset);
    let comments: Vec<Range<usize>> = match syntax {
        Syntax::Script => typescript::comment_ranges(text),
        Syntax::Json => {
            let mut c = json::comment_ranges(text);
            c.extend(json::parse(text).root.iter().flat_map(slash_members));
            c
        }
        Syntax::Markdown => html_comments(text),
    };
    comments
        .into_iter()
        .filter_map(|range| {
            let codes = codes_after_marker(&text[range.clone()])?;
            let line = line_of(range.end) + 1;
            Some(Ignore { range, codes, line })
        })
        .collect()
}

/// `"//": "manifest-lsp-ignore-next-line CODE"` members, at any depth.
fn slash_members(node: &json::Node) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for m in node.members() {
        if m.key == "//" {
            out.push(m.range.clone());
        }
        out.extend(m.value.iter().flat_map(slash_members));
    }
    for item in node.items() {
        out.extend(slash_members(item));
    }
    out
}

/// `<!-- … -->` spans in Markdown prose.
fn html_comments(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("<!--").map(|i| at + i) {
        let Some(end) = text[start..].find("-->").map(|i| start + i + 3) else {
            break;
        };
        out.push(start..end);
        at = end;
    }
    out
}

/// Drops the findings an ignore comment names on its line, and reports the codes an ignore names
/// that hide nothing. `files` are every file the project decides (ignores in files without
/// findings are unused too).
pub fn apply(
    diagnostics: Vec<Diagnostic>,
    files: &[PathBuf],
    source: &dyn Source,
) -> Vec<Diagnostic> {
    let mut paths: BTreeSet<&Path> = files.iter().map(PathBuf::as_path).collect();
    paths.extend(diagnostics.iter().map(|d| d.path.as_path()));
    let mut kept = diagnostics.clone();
    let mut sink = Sink::default();
    for path in paths {
        let Ok(text) = source.read(path) else {
            continue;
        };
        let ignores = ignores_in(path, &text);
        if ignores.is_empty() {
            continue;
        }
        let index = LineIndex::new(&text);
        let mut used: BTreeSet<(usize, &str)> = BTreeSet::new();
        kept.retain(|d| {
            if d.path != path {
                return true;
            }
            let line = index.line_of(d.range.start);
            match ignores
                .iter()
                .enumerate()
                .find(|(_, i)| i.line == line && i.codes.iter().any(|c| c == d.code))
            {
                Some((n, _)) => {
                    used.insert((n, d.code));
                    false
                }
                None => true,
            }
        });
        for (n, ignore) in ignores.iter().enumerate() {
            let unused: Vec<&str> = ignore
                .codes
                .iter()
                .map(String::as_str)
                .filter(|c| !used.contains(&(n, *c)))
                .collect();
            if unused.is_empty() {
                continue;
            }
            let report = sink.report(
                &rules::UNUSED_SUPPRESSION,
                path,
                ignore.range.clone(),
                format!(
                    "`{MARKER} {}` suppresses nothing on the next line",
                    unused.join(", ")
                ),
            );
            if unused.len() == ignore.codes.len() {
                report.fix(remove_ignore(path, &text, &index, ignore));
            }
        }
    }
    kept.extend(sink.out);
    kept
}

/// Removes an ignore: its whole line when nothing else is on it.
fn remove_ignore(path: &Path, text: &str, index: &LineIndex, ignore: &Ignore) -> Fix {
    let line = index.line_of(ignore.range.start);
    let line_range = index.line_range(text, line);
    let alone = index.line_of(ignore.range.end) == line
        && text[line_range.start..ignore.range.start].trim().is_empty()
        && text[ignore.range.end..line_range.end]
            .trim_start_matches(',')
            .trim()
            .is_empty();
    let range = if alone {
        // through the line break
        let end = text[line_range.end..]
            .find('\n')
            .map_or(text.len(), |i| line_range.end + i + 1);
        line_range.start..end
    } else {
        ignore.range.clone()
    };
    Fix::edit(
        "Remove the unused ignore comment",
        path.to_path_buf(),
        range,
        "",
    )
    .safe()
}

/// The quick fix that hides `d` with a comment above its line, in the line's indentation; none for
/// files that take no comments (plain JSON).
pub fn ignore_fix(d: &Diagnostic, text: &str) -> Option<Fix> {
    let syntax = syntax_of(&d.path)?;
    let index = LineIndex::new(text);
    let line = index.line_range(text, index.line_of(d.range.start));
    let indent: String = text[line.clone()]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if text[line.end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let comment = match syntax {
        Syntax::Script => format!("// {MARKER} {}", d.code),
        Syntax::Markdown => format!("<!-- {MARKER} {} -->", d.code),
        Syntax::Json => return None,
    };
    Some(Fix::edit(
        format!("Ignore {} on this line", d.code),
        d.path.clone(),
        line.start..line.start,
        format!("{indent}{comment}{newline}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ignores_in_each_syntax() {
        let ts = "const a = 1\n  // manifest-lsp-ignore-next-line SO002, EX004 -- legacy\nx\n/* not an ignore */\n";
        let found = ignores_in(Path::new("a.ts"), ts);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].codes, ["SO002", "EX004"]);
        assert_eq!(found[0].line, 2);
        // a marker inside a string is not a comment
        assert!(ignores_in(
            Path::new("a.ts"),
            "const s = '// manifest-lsp-ignore-next-line SO002'\n"
        )
        .is_empty());

        let json = "{\n  \"//\": \"manifest-lsp-ignore-next-line RP002\",\n  \"a\": \">=1\"\n}\n";
        let found = ignores_in(Path::new("package.json"), json);
        assert_eq!(
            (found[0].codes.as_slice(), found[0].line),
            (["RP002".to_string()].as_slice(), 2)
        );

        let md = "text\n<!-- manifest-lsp-ignore-next-line CH042 -->\nwill be removed in 2.0\n";
        assert_eq!(ignores_in(Path::new("README.md"), md)[0].line, 2);
    }
}
