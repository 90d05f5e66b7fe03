//! PE001: `versionTag` set inside `definePackage(...)`.

use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::npm::NpmPackage;

pub const RULE: Rule = Rule {
    code: "PE001",
    source: file!(),
    name: "forbidden-version-tag",
    severity: Severity::Error,
    summary: "versionTag set inside definePackage(): the platform assigns it",
    docs: r#"## What it does
Finds `versionTag` set inside `definePackage(...)`: `pkg.versionTag = …` through the builder
parameter (whatever its name), a local alias of it, or a helper function of the same file that
receives it; or a `versionTag:` property in the object form or in an object handed to the builder.

## Why is this bad?
"The platform assigns versionTag (dev / beta / stable)": it changes when a version is promoted in
the Versions UI. A tag written in code contradicts the promotion level the group sees.

## Example
```ts
export default definePackage((pkg) => {
  pkg.packageId = 'e7f2k9q4m1x8c3v6b0n5z2a7s'
  pkg.versionTag = 'stable'   // remove
})
```

## Fix
Remove the statement or property (safe: its line and comma go with it).
"#,
};

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    for file in &pkg.peers_files {
        for tag in file.facts.tags.iter().filter(|t| !t.in_contract) {
            sink.report(
                &RULE,
                &file.path,
                tag.range.clone(),
                "`versionTag` is assigned by the platform (dev / beta / stable): do not set it in definePackage()",
            )
            .fix(Fix::edit("Remove the versionTag", file.path.clone(), tag.removal.clone(), "").safe());
        }
    }
}
