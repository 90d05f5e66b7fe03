//! SF003: `ancestorId` and `ancestorVersion` that disagree.

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::salesforce::{alias_version, looks_like_id, Ancestor, SfdxProject};

pub const RULE: Rule = Rule {
    code: "SF003",
    source: file!(),
    name: "ancestor-conflict",
    severity: Severity::Error,
    summary: "ancestorId and ancestorVersion both given, and they disagree",
    docs: r#"## What it does
When a package directory gives both `ancestorId` and `ancestorVersion`, checks that they can name
the same ancestor: two different keywords (`HIGHEST` and `NONE`) disagree, and so do a keyword and
a specific id or version, and a `packageAliases` name (`Pkg@1.2.0-1`) and another version. An
`ancestorId` that is neither an id nor a `packageAliases` name is flagged too.

## Why is this bad?
The two fields say the same thing in two ways; when they contradict each other, package creation
fails (or builds on an ancestor nobody meant).

## Example
```json
{ "ancestorId": "HIGHEST", "ancestorVersion": "NONE" }
```

## Fix
Keep one of the two, or make them agree.
"#,
};

pub fn check(project: &SfdxProject, sink: &mut Sink) {
    for dir in project.package_dirs() {
        let Some(id_node) = dir.ancestor_id else {
            continue;
        };
        let Some(id) = id_node.as_str() else { continue };
        let a = Ancestor::parse_id(id);
        // an alias (`Pkg@1.2.0-1`) must be one `packageAliases` defines
        let alias = matches!(a, Ancestor::Id(_)) && !looks_like_id(id);
        if alias && !project.has_alias(id) {
            sink.report(
                &RULE,
                &project.path,
                id_node.inner_range(),
                format!("ancestorId `{id}` is neither an id (04t…) nor a name in packageAliases"),
            );
            continue;
        }
        let Some(ver_node) = dir.ancestor_version else {
            continue;
        };
        let Some(ver) = ver_node.as_str() else {
            continue;
        };
        let b = Ancestor::parse_version(ver);
        if a == Ancestor::Invalid || b == Ancestor::Invalid {
            continue;
        }
        let disagree = match (a.is_keyword(), b.is_keyword()) {
            (true, true) => a != b,
            (false, false) => match (alias_version(id).filter(|_| alias), &b) {
                // an alias names its version: it must be the ancestorVersion
                (Some((_, named)), Ancestor::Version(x, y, z)) => named != (*x, *y, *z),
                _ => false, // an id and a version: only the org can tell
            },
            _ => true,
        };
        if disagree {
            sink.report(
                &RULE,
                &project.path,
                id_node.inner_range(),
                format!("ancestorId `{id}` and ancestorVersion `{ver}` name different ancestors"),
            )
            .related(&project.path, ver_node.inner_range(), "the ancestorVersion");
        }
    }
}
