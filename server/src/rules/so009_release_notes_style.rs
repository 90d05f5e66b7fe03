use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::startos::StartOsPackage;
use crate::syntax::typescript::{NoteText, ReleaseNotes};

pub const RULE: Rule = Rule {
    code: "SO009",
    source: file!(),
    name: "release-notes-style",
    severity: Severity::Warning,
    summary:
        "a one-line note in backticks (hint), or a multi-line note with indented lines (warning)",
    docs: r#"## What it does
Checks release notes against the packaging guide: use a template literal (backticks) only when the
note spans several lines (a hint otherwise), and never indent its content lines (a warning).

## Why is this bad?
Release notes render as Markdown in the StartOS UI: indented lines become code blocks, and a
backtick string for one line is noise.

## Example
```ts
en_US: `Bumps Ghost → 6.38.0.`      // a plain string will do
en_US: `- Ghost → 6.38.0
    - MySQL → 8.4.9`                 // indented: renders as code
```

## Fix
For a one-line note, swap the backticks for quotes (safe).
"#,
};

fn check_note(note: &NoteText, path: &std::path::Path, sink: &mut Sink) {
    let Some(lit) = note.content.as_ref().filter(|_| note.is_template) else {
        return;
    };
    if !lit.value.contains(['\n', '\r']) {
        let quote = if lit.value.contains('\'') { '"' } else { '\'' };
        if lit.value.contains(quote) {
            return;
        }
        sink.report(
            &RULE,
            path,
            note.node_range.clone(),
            "a one-line release note needs no template literal: use a plain string",
        )
        .fix(
            Fix::edit(
                "Use a plain string",
                path.to_path_buf(),
                note.node_range.clone(),
                format!("{quote}{}{quote}", lit.value),
            )
            .safe(),
        )
        .severity = Severity::Hint;
        return;
    }
    let mut offset = lit.range.start;
    for (i, line) in lit.value.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if i == 0 || body.trim().is_empty() {
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        if indent > 0 {
            sink.report(
                &RULE,
                path,
                start..start + indent,
                "release note lines must not be indented: Markdown renders indented lines as code",
            );
        }
    }
}

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for file in &pkg.version_files {
        for info in &file.facts.version_infos {
            match &info.release_notes {
                Some(ReleaseNotes::Text(note)) => check_note(note, &file.path, sink),
                Some(ReleaseNotes::Locales { entries, .. }) => {
                    for note in entries.iter().filter_map(|(_, n)| n.as_ref()) {
                        check_note(note, &file.path, sink);
                    }
                }
                _ => {}
            }
        }
    }
}
