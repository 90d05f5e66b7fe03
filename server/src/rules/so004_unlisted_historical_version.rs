use super::{Rule, Sink};
use crate::actions::{add_to_graph, Entry};
use crate::diagnostic::{Fix, Severity};
use crate::startos::package::Resolution;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO004",
    source: file!(),
    name: "unlisted-historical-version",
    severity: Severity::Error,
    summary: "a historical version file that index.ts does not list in `other`",
    docs: r#"## What it does
Finds historical version files whose `VersionInfo` is not in the version graph's `other` list.

## Why is this bad?
A historical file exists only because a later migration upgrades from it; if `index.ts` does not
list it, its migration never runs and users upgrading through it skip it silently.

## Example
```ts
// index.ts
export const versionGraph = VersionGraph.of({ current, other: [] })   // v1.0.0_0.ts is missing
```

## Fix
Add the import and the `other` entry (safe). Never reported on the file that holds the current
version, nor when the graph lists the file under a broken import or an old export name: that is
SO005's finding.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let Some((index, graph)) = pkg.graph() else {
        return;
    };
    if graph.other_has_unknown || graph.current_unknown || index.facts.has_syntax_errors {
        return;
    }
    let listed: std::collections::HashSet<_> = graph
        .current
        .iter()
        .chain(&graph.other)
        .filter_map(|id| match pkg.resolve(index, id) {
            Resolution::Version(v) => Some((v.file.path.clone(), v.info.call_range.clone())),
            _ => None,
        })
        .collect();
    for v in pkg.historical() {
        if !v.info.exported || listed.contains(&(v.file.path.clone(), v.info.call_range.clone())) {
            continue;
        }
        let name = &v.info.binding.name;
        // listed under its name, but the import that should bring it is broken: not unlisted
        let listed_broken = graph
            .current
            .iter()
            .chain(&graph.other)
            .filter(|id| id.name == *name)
            .find_map(|id| pkg.broken_import(index, id));
        if listed_broken.is_some() {
            continue; // SO005's finding, whose fix repairs the import
        }
        // listed under an old export name of this very file (it was renamed): SO005 says so
        let listed_by_old_name = graph.current.iter().chain(&graph.other).any(|id| {
            matches!(pkg.resolve(index, id), Resolution::MissingExport { file, .. } if file.path == v.file.path)
        });
        if listed_by_old_name {
            continue;
        }
        // the fix imports the file by its own name (no extension), next to its neighbours
        let fix = v.version().and_then(|version| {
            let stem = v.file.path.file_stem()?.to_str()?;
            let entry = Entry {
                export: name,
                stem,
                version: &version,
            };
            let changes = add_to_graph(pkg, &entry)?;
            Some(Fix {
                title: format!("Add `{name}` to `other` in index.ts"),
                safe: true, // adds an import and an entry (RULES, Fixes); verified by the plan
                changes,
            })
        });
        let report = sink.report(
            &RULE,
            &v.file.path,
            v.info.binding.range.clone(),
            format!("`{name}` is not listed in the version graph's `other` in index.ts: its migration never runs"),
        )
        .related(&index.path, graph.other_range.clone().unwrap_or(graph.range.clone()), "the version graph");
        if let Some(fix) = fix {
            report.fix(fix);
        }
    }
}
