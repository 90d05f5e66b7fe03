use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::startos::names::decode;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO002",
    name: "version-file-name-mismatch",
    severity: Severity::Error,
    summary: "a historical version file whose name does not encode the version it holds",
    docs: r#"## What it does
Compares a historical version file's name with the version it holds: `2.3.2:1` lives in
`v2.3.2_1.ts` (prefix `v`, `:` becomes `_`, the upstream keeps its dots and prerelease).

## Why is this bad?
The file name is how people (and tools) find a version and its migration; a name that says another
version sends them to the wrong place, and usually means a copy-paste left the content behind.

## Example
```ts
// v3.2.1_2.ts
export const v_3_2_1_2 = VersionInfo.of({ version: '3.2.1:4', ... })
```

## Fix
Rename the file to match its content (updating `index.ts`), or change the version.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    for (v, version, stem) in pkg.named_historical() {
        if decode(&stem).is_some_and(|n| n.matches(&version)) {
            continue; // the convention, or a legacy spelling of the same version (SO008)
        }
        let lit = v
            .info
            .version
            .as_ref()
            .expect("version() implies a literal");
        sink.report(
            &RULE,
            &v.file.path,
            lit.range.clone(),
            format!(
                "`{stem}.ts` holds version {}; a file holding it is named `{}.ts`",
                version.text(),
                version.file_stem()
            ),
        );
    }
}
