use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::startos::package::Resolution;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO005",
    source: file!(),
    name: "dangling-version-entry",
    severity: Severity::Error,
    summary: "the version graph names something that is not a VersionInfo from versions/",
    docs: r#"## What it does
Follows `current` and each `other` entry of `VersionGraph.of(...)` to its import and checks that it
names an exported `VersionInfo` in an existing file.

## Why is this bad?
The package fails to build, or the graph silently lacks a version.

## Example
```ts
import { v_1_0_0_0 } from './v1.0.0_0'   // no such file
export const versionGraph = VersionGraph.of({ current, other: [v_1_0_0_0, v_0_9_0_0] })   // v_0_9_0_0 not imported
```
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let Some((index, graph)) = pkg.graph() else {
        return;
    };
    for id in graph.current.iter().chain(&graph.other) {
        if let Some(broken) = pkg.broken_import(index, id) {
            let fits = broken
                .fits
                .map(|f| {
                    format!(
                        "; `{}` exports it",
                        f.path.file_name().unwrap_or_default().to_string_lossy()
                    )
                })
                .unwrap_or_default();
            let report = sink.report(
                &RULE,
                &index.path,
                broken.source.range.clone(),
                format!(
                    "`{}` is imported from `{}`, {}{fits}",
                    id.name, broken.source.value, broken.problem
                ),
            );
            if let Some(fix) = broken.fix {
                report.fix(fix);
            }
            continue;
        }
        let (range, message) = match pkg.resolve(index, id) {
            Resolution::Version(_) | Resolution::Unknown => continue,
            Resolution::Undeclared => (
                id.range.clone(),
                format!(
                    "`{}` is neither imported nor declared in this file",
                    id.name
                ),
            ),
            Resolution::MissingFile { import_source } => (
                import_source.range.clone(),
                format!(
                    "`{}` is imported from `{}`, which does not exist",
                    id.name, import_source.value
                ),
            ),
            Resolution::MissingExport { file, name } => (
                id.range.clone(),
                format!(
                    "`{}` does not export a VersionInfo named `{name}`",
                    file.path.file_name().unwrap_or_default().to_string_lossy()
                ),
            ),
        };
        sink.report(&RULE, &index.path, range, message);
    }
}
