//! RP002: a dependency range Radpack cannot resolve.

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::npm::radpack_range::{support, Support};
use crate::npm::{NpmPackage, RUNTIME_SECTIONS};

pub const RULE: Rule = Rule {
    code: "RP002",
    source: file!(),
    name: "unsupported-range",
    severity: Severity::Error,
    summary: "a dependency range Radpack cannot resolve (only exact, caret and tilde)",
    docs: r#"## What it does
In a package built with Radpack, checks the ranges of `dependencies` and `peerDependencies`:
Radpack resolves exact versions (`1.0.0`), caret ranges (`^1.0`) and tilde ranges (`~1.0`) only.
Comparators (`>=1 <2`), x-ranges (`1.x`), alternatives (`a || b`) and hyphen ranges are not.
Workspace, file and git specifiers are not ranges and are left alone; a floating peer (`latest`,
`*`) is RP001's.

## Why is this bad?
What npm installs at build time and what Radpack loads at run time stop being the same thing.

## Example
```json
"dependencies": { "@shop/cart": ">=1 <2" }
```

## Fix
Use the caret range that means the same major: `^1`.
"#,
};

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    if !pkg.radpack {
        return;
    }
    for section in RUNTIME_SECTIONS {
        for m in pkg.section(section) {
            let Some(value) = &m.value else { continue };
            let Some(spec) = value.as_str() else { continue };
            if *section == "peerDependencies" && matches!(spec, "latest" | "*") {
                continue; // RP001
            }
            if let Support::Unsupported(kind) = support(spec) {
                sink.report(
                    &RULE,
                    &pkg.path,
                    value.inner_range(),
                    format!("`{spec}` is {kind}: Radpack resolves only exact versions, caret (`^1.0`) and tilde (`~1.0`) ranges"),
                );
            }
        }
    }
}
