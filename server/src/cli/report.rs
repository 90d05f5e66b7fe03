//! Renderers for `check`: human (rustc-like), json, sarif 2.1.0, github annotations.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use serde_json::{json, Value};

use super::CheckResult;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;
use crate::text::{Encoding, LineCol, LineIndex};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

/// A diagnostic's file: its text and line index, for positions and snippets.
struct Located {
    text: Arc<str>,
    index: LineIndex,
}

type Reader<'a> = &'a dyn Fn(&Path) -> Option<Arc<str>>;

pub use crate::workspace::paths::display_path;

struct Files<'a> {
    read: Reader<'a>,
    cache: HashMap<std::path::PathBuf, Option<Located>>,
}

impl Files<'_> {
    fn get(&mut self, path: &Path) -> Option<&Located> {
        let read = self.read;
        self.cache
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                read(path).map(|text| Located {
                    index: LineIndex::new(&text),
                    text,
                })
            })
            .as_ref()
    }

    fn span(&mut self, d: &Diagnostic, enc: Encoding) -> (LineCol, LineCol) {
        match self.get(&d.path) {
            Some(f) => (
                f.index.position(&f.text, d.range.start, enc),
                f.index.position(&f.text, d.range.end, enc),
            ),
            None => (LineCol { line: 0, col: 0 }, LineCol { line: 0, col: 0 }),
        }
    }
}

pub fn render(format: Format, result: &CheckResult, cwd: &Path, read: Reader) -> String {
    let mut files = Files {
        read,
        cache: HashMap::new(),
    };
    match format {
        Format::Human => human(result, cwd, &mut files),
        Format::Json => json_report(result, cwd, &mut files),
        Format::Sarif => sarif(result, cwd, &mut files),
        Format::Github => github(result, cwd, &mut files),
    }
}

/// `s` with its control characters written as escapes (`\n`, `\x1b`): a file name or a message
/// printed to a terminal or a CI log can neither move the cursor, colour the screen, nor start a
/// line of its own (a `::error::` workflow command).
pub fn inert(s: &str) -> String {
    if !s.chars().any(|c| c.is_control() && c != '\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push('\t'),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn human(result: &CheckResult, cwd: &Path, files: &mut Files) -> String {
    let mut s = String::new();
    for d in &result.diagnostics {
        let (start, end) = files.span(d, Encoding::Utf8);
        let _ = writeln!(
            s,
            "{}[{}]: {}",
            d.severity.as_str(),
            d.code,
            inert(&d.message)
        );
        let path = inert(&display_path(&d.path, cwd));
        let _ = writeln!(s, "  --> {path}:{}:{}", start.line + 1, start.col + 1);
        if let Some(f) = files.get(&d.path) {
            let line = f.index.line_range(&f.text, start.line as usize);
            let line_text = &f.text[line.clone()];
            let num = (start.line + 1).to_string();
            let pad = " ".repeat(num.len());
            // the marker's width in characters, on the first line of the range
            let from = line_text[..(start.col as usize).min(line_text.len())]
                .chars()
                .count();
            let to_byte = if end.line == start.line {
                end.col as usize
            } else {
                line_text.len()
            };
            let width = line_text
                .get(start.col as usize..to_byte.min(line_text.len()))
                .map_or(1, |t| t.chars().count().max(1));
            let _ = writeln!(s, "{pad} |");
            let _ = writeln!(s, "{num} | {}", inert(&line_text.replace('\t', " ")));
            let _ = writeln!(s, "{pad} | {}{}", " ".repeat(from), "^".repeat(width));
        }
        for r in &d.related {
            let (rs, _) = files.span(
                &Diagnostic {
                    path: r.path.clone(),
                    range: r.range.clone(),
                    ..d.clone()
                },
                Encoding::Utf8,
            );
            let _ = writeln!(
                s,
                "  = note: {}: {}:{}:{}",
                inert(&r.message),
                inert(&display_path(&r.path, cwd)),
                rs.line + 1,
                rs.col + 1
            );
        }
        if let Some(fix) = d.fixes.first() {
            let _ = writeln!(
                s,
                "  = fix{}: {}",
                if fix.safe {
                    " (safe)"
                } else {
                    " (unsafe: applied only with --fix --unsafe-fixes)"
                },
                fix.title
            );
        }
        s.push('\n');
    }
    if result.summary.checked() == 0 {
        return s; // `check` explains on stderr that there was nothing to check
    }
    let count = |sev| result.count(sev);
    let show = |p: &Path| inert(&display_path(p, cwd));
    let mut lines = result.summary.lines(&show).into_iter();
    let _ = writeln!(
        s,
        "{}: {} error(s), {} warning(s), {} other",
        lines.next().unwrap_or_default(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Information) + count(Severity::Hint)
    );
    for line in lines {
        let _ = writeln!(s, "{line}");
    }
    s
}

fn position(p: LineCol) -> Value {
    json!({ "line": p.line, "character": p.col })
}

fn json_report(result: &CheckResult, cwd: &Path, files: &mut Files) -> String {
    let diagnostics: Vec<Value> = result
        .diagnostics
        .iter()
        .map(|d| {
            let (start, end) = files.span(d, Encoding::Utf16);
            json!({
                "path": display_path(&d.path, cwd),
                "code": d.code,
                "severity": d.severity.as_str(),
                "message": d.message,
                "range": { "start": position(start), "end": position(end) },
                "fixable": !d.fixes.is_empty(),
                "fix": fix_safety(d),
            })
        })
        .collect();
    let count = |sev: Severity| result.count(sev);
    // the counts the human summary line gives, for scripts
    let summary = json!({
        "checked": {
            "startos": result.summary.startos,
            "sfdx": result.summary.sfdx,
            "radpack": result.summary.radpack,
            "peers": result.summary.peers,
            "charter": result.summary.charter_on().count(),
        },
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "other": count(Severity::Information) + count(Severity::Hint),
    });
    #[allow(clippy::expect_used)] // a `Value` always serializes
    let mut s = serde_json::to_string_pretty(
        &json!({ "version": 1, "summary": summary, "diagnostics": diagnostics }),
    )
    .expect("JSON values serialize");
    s.push('\n');
    s
}

fn sarif(result: &CheckResult, cwd: &Path, files: &mut Files) -> String {
    let rules: Vec<Value> = rules::all()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.summary },
                "help": { "text": r.docs, "markdown": r.docs },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = result
        .diagnostics
        .iter()
        .map(|d| {
            let (start, end) = files.span(d, Encoding::Utf16);
            json!({
                "ruleId": d.code,
                "ruleIndex": rules::all().position(|r| r.code == d.code),
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "properties": { "fix": fix_safety(d) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": display_path(&d.path, cwd) },
                        "region": {
                            "startLine": start.line + 1, "startColumn": start.col + 1,
                            "endLine": end.line + 1, "endColumn": end.col + 1,
                        }
                    }
                }],
            })
        })
        .collect();
    let mut driver = json!({
        "name": "manifest-lsp",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if let Some(url) = rules::project_url() {
        driver["informationUri"] = json!(url);
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }]
    });
    #[allow(clippy::expect_used)] // a `Value` always serializes
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
    s.push('\n');
    s
}

/// `"safe"` when `check --fix` applies a fix of this finding, `"unsafe"` when only
/// `--unsafe-fixes` (or a person) would, `null` when it has none.
fn fix_safety(d: &Diagnostic) -> Value {
    if d.fixes.iter().any(|f| f.safe) {
        json!("safe")
    } else if d.fixes.is_empty() {
        Value::Null
    } else {
        json!("unsafe")
    }
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "note",
    }
}

/// GitHub workflow commands: `::error file=…,line=…,col=…::message`.
fn github(result: &CheckResult, cwd: &Path, files: &mut Files) -> String {
    fn data(s: &str) -> String {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    }
    fn prop(s: &str) -> String {
        data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut s = String::new();
    for d in &result.diagnostics {
        let (start, end) = files.span(d, Encoding::Utf16);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information | Severity::Hint => "notice",
        };
        let _ = writeln!(
            s,
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            prop(&display_path(&d.path, cwd)),
            start.line + 1,
            start.col + 1,
            end.line + 1,
            end.col + 1,
            prop(&format!(
                "{} {}",
                d.code,
                rules::find(d.code).map_or("", |r| r.name)
            )),
            data(&d.message)
        );
    }
    s
}
