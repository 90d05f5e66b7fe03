//! CH045: linked-group members at different majors.

use super::{Rule, Sink};
use crate::charter::Monorepo;
use crate::diagnostic::Severity;

pub const RULE: Rule = Rule {
    code: "CH045",
    source: file!(),
    name: "linked-group-lockstep",
    severity: Severity::Error,
    summary: "members of a linked release group whose majors differ",
    docs: r#"## What it does
Reads the linked groups of `.changeset/config.json` and flags every member whose major is behind
the group's highest.

## Why is this bad?
The members share one wire-format contract: a breaking change moves all their majors together. A
member left behind pairs incompatible versions for consumers who pin one and expect a matching set.

## Example
```json
"linked": [["@ms/surface-contracts", "@ms/validators", "@ms/traps"]]
// surface-contracts 9.0.0, validators 8.4.0
```
"#,
};

pub fn check(repo: &Monorepo, sink: &mut Sink) {
    for (g, group) in repo.linked.iter().enumerate() {
        let fixed = repo.fixed.get(g).copied().unwrap_or(false);
        // only what is published moves together: a private member at 0.0.x a group glob
        // happens to match is nobody's release
        let members: Vec<_> = group
            .iter()
            .filter_map(|n| repo.package_named(n))
            .filter(|p| p.published())
            .filter_map(|p| Some((p, p.major()?, p.version.as_ref()?.1.clone())))
            .collect();
        let Some((lead, top, lead_range)) = members.iter().max_by_key(|(_, m, _)| *m).cloned()
        else {
            continue;
        };
        for (pkg, major, range) in &members {
            if *major < top {
                sink.report(
                    &RULE,
                    &pkg.path,
                    range.clone(),
                    format!(
                        "{} is at major {major} while {} is at {top}: {} packages move their majors together",
                        pkg.name.as_deref().unwrap_or("this package"),
                        lead.name.as_deref().unwrap_or("another member"),
                        if fixed { "fixed" } else { "linked" },
                    ),
                )
                .related(&lead.path, lead_range.clone(), "the group's highest major");
            }
        }
    }
}
