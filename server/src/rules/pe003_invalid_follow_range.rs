//! PE003: a `versionFollowRange` that is not one of the four policies.

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::npm::NpmPackage;

pub const RULE: Rule = Rule {
    code: "PE003",
    source: file!(),
    name: "invalid-follow-range",
    severity: Severity::Error,
    summary: "versionFollowRange not pinned, patch, minor or latest",
    docs: r#"## What it does
Checks `versionFollowRange` values, in `definePackage(...)` and in `package.json`'s `peers`
settings: the auto-update range is one of `pinned` (no auto-updates), `patch`, `minor` or
`latest`. Completion offers the four.

## Why is this bad?
Any other value is not a policy the platform knows: devices fall back to a default nobody chose.

## Example
```ts
pkg.versionFollowRange = 'major'   // use 'latest'
```
"#,
};

pub const VALUES: &[&str] = &["pinned", "patch", "minor", "latest"];

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    for (path, value, range) in pkg.peers_settings("versionFollowRange") {
        if !VALUES.contains(&value.as_str()) {
            sink.report(
                &RULE,
                &path,
                range,
                format!(
                    "`{value}` is not an auto-update range: use pinned, patch, minor or latest"
                ),
            );
        }
    }
}
