//! CH043: a major version without its CHANGELOG heading.

use super::{Rule, Sink};
use crate::charter::{Monorepo, WsPackage, CHANGELOG};
use crate::diagnostic::{Change, Fix, Severity};

pub const RULE: Rule = Rule {
    code: "CH043",
    source: file!(),
    name: "changelog-missing-major",
    severity: Severity::Error,
    summary: "package.json at X.0.0 with no `## X.0.0` heading in the package's CHANGELOG.md",
    docs: r#"## What it does
Every published package (a workspace member without `"private": true`) whose `package.json`
declares `X.0.0` (X ≥ 1, no prerelease) must have a `## X.0.0` heading in its `CHANGELOG.md`. The diagnostic sits on the `version` value; the CHANGELOG gets one
too. Prereleases (`X.0.0-rc.1`) are an interim state and are not checked.

## Why is this bad?
Each major documents its migration in its CHANGELOG entry; a hand-bumped major or a missed
changeset ships a breaking release with nothing to read.

## Example
```json
{ "name": "@ms/push", "version": "9.0.0" }   // CHANGELOG.md starts at ## 8.2.0
```

## Fix
Insert the heading at the top of the entries, in the file's heading style. A package outside the
linked group that depends on it gets the charter's one-line template.
"#,
};

/// One package (by index): its version against its CHANGELOG.
pub fn check(repo: &Monorepo, package: usize, sink: &mut Sink) {
    let pkg = &repo.packages[package];
    {
        if !pkg.published() {
            return;
        }
        let (Some(v), Some((_, range))) = (pkg.semver(), pkg.version.as_ref()) else {
            return;
        };
        if v.major == 0 || v.minor != 0 || v.patch != 0 || !v.pre.is_empty() {
            return;
        }
        let version = format!("{}.0.0", v.major);
        if pkg.changelog_unread.is_some() {
            return; // not read (and said so): nothing to conclude
        }
        if pkg
            .changelog
            .as_ref()
            .is_some_and(|c| c.heads_major(v.major))
        {
            return;
        }
        let name = pkg.name.clone().unwrap_or_else(|| "this package".into());
        let message =
            format!("{name} is at {version}, and its CHANGELOG.md has no `## {version}` heading");
        let fix = heading_fix(repo, pkg, &version);
        let report = sink.report(&RULE, &pkg.path, range.clone(), message.clone());
        if let Some(c) = &pkg.changelog {
            report.related(&c.path, 0..0, "the CHANGELOG");
        }
        report.fix(fix.clone());
        if let Some(c) = &pkg.changelog {
            sink.report(&RULE, &c.path, 0..0, message).fix(fix);
        }
    }
}

/// The heading (and the template line for a linked-group bump), in the CHANGELOG's style.
fn heading_fix(repo: &Monorepo, pkg: &WsPackage, version: &str) -> Fix {
    let name = pkg.name.as_deref().unwrap_or("");
    let linked_dep = (repo.group_of(name).is_none())
        .then(|| {
            pkg.dependencies()
                .into_iter()
                .map(|(_, m)| m.key.as_str())
                .find(|d| repo.group_of(d).is_some())
        })
        .flatten();
    let Some(changelog) = &pkg.changelog else {
        let mut body = format!("# {name}\n\n## {version}\n");
        if let Some(dep) = linked_dep {
            body += &format!("\n- Linked-group bump in `{dep}`. No `{name}` API change.\n");
        }
        return Fix {
            title: format!("Create CHANGELOG.md with `## {version}`"),
            safe: true, // a new file: applied by editors, not by check --fix
            changes: vec![Change::Create {
                path: pkg.dir().join(CHANGELOG),
                text: body,
            }],
        };
    };
    let nl = if changelog.crlf { "\r\n" } else { "\n" };
    let title = if changelog.bracketed {
        format!("[{version}]")
    } else {
        version.to_string()
    };
    let mut insert = format!("## {title}{nl}{nl}");
    if let Some(dep) = linked_dep {
        insert += &format!("- Linked-group bump in `{dep}`. No `{name}` API change.{nl}{nl}");
    }
    // before the first entry, else after the title block
    let at = changelog.first_entry.unwrap_or_else(|| {
        if !changelog.ends_with_break {
            insert = format!("{nl}{nl}{insert}");
        }
        changelog.len
    });
    Fix {
        title: format!("Add `## {version}` to CHANGELOG.md"),
        safe: true, // a heading (RULES, Fixes)
        changes: vec![Change::Edit {
            path: changelog.path.clone(),
            range: at..at,
            new_text: insert,
        }],
    }
}
