//! PE004: a `followVersionTags` that is not `*` or a list of `stable`/`beta`.

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::npm::NpmPackage;

pub const RULE: Rule = Rule {
    code: "PE004",
    source: file!(),
    name: "invalid-follow-tags",
    severity: Severity::Error,
    summary: "followVersionTags not `*` or a comma list of stable/beta (`dev` is a warning)",
    docs: r#"## What it does
Checks `followVersionTags` values, in `definePackage(...)` and in `package.json`'s `peers`
settings: `*`, or a comma-separated list of `stable` and `beta` (`stable` or `stable,beta`).
Naming `dev` is a warning: dev versions never auto-activate on other devices.

## Why is this bad?
An unknown tag follows nothing; `dev` looks like it opts a device into dev builds, and doesn't.

## Example
```ts
pkg.followVersionTags = 'stable,dev'
```
"#,
};

pub const VALUES: &[&str] = &["stable", "stable,beta", "*"];

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    for (path, value, range) in pkg.peers_settings("followVersionTags") {
        if value.trim() == "*" {
            continue;
        }
        let tags: Vec<&str> = value.split(',').map(str::trim).collect();
        if let Some(bad) = tags
            .iter()
            .find(|t| !matches!(**t, "stable" | "beta" | "dev"))
        {
            sink.report(
                &RULE,
                &path,
                range,
                format!(
                    "`{bad}` is not a release channel: follow `*` or a list of stable and beta"
                ),
            );
        } else if tags.contains(&"dev") {
            sink.report(
                &RULE,
                &path,
                range,
                "`dev` versions never auto-activate on other devices: following `dev` has no effect",
            )
            .severity = Severity::Warning;
        }
    }
}
