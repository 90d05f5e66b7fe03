use std::cmp::Ordering;

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::git::tags;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO013",
    source: file!(),
    name: "missing-release-tag",
    severity: Severity::Information,
    summary: "the repository tags its releases but a historical version has no tag",
    docs: r#"## What it does
In a repository that tags its releases (`v<upstream>[-pre]_<downstream>`, e.g. `v2.3.2_1` for
`2.3.2:1`), reports each historical version that has no tag. Older spellings the repository
already uses count as tags (`v2.3.2.1`, `v2.3.2` for a downstream 0, no `v`), and the expected
name follows the repository's own spelling when it has never used the current one. Versions older
than the repository's first release tag are not expected to have one.

It runs only where the package folder is the repository's root (the tags are its own), with the
history complete (not a shallow clone).

## Why is this bad?
Releases are published from tags: a version that was never tagged was never released through the
usual path, or its tag was not pushed, and the next person to look for the source of that release
will not find it.

## Example
```text
startos/versions/v2.4.0_2.ts holds 2.4.0:2     tags: v2.4.0_0 v2.4.0_1 v2.4.0_3
```

## Fix
Tag the commit that released it: `git tag v2.4.0_2 <commit> && git push origin v2.4.0_2`. The
message names that commit when the history tells: the newest commit on `HEAD`'s first-parent line
whose current-version file holds the version, else the commit that added its historical file.
"#,
};

pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let Some(all) = pkg.history.release_tags() else {
        return;
    };
    // versions from before the repository tagged its releases are not expected to have a tag
    let Some(oldest) = tags::releases(all)
        .filter_map(|t| tags::version_of(&t.name))
        .min_by(|a, b| a.compare(b).unwrap_or(Ordering::Equal))
    else {
        return;
    };
    let root = &pkg.layout.root;
    let current = pkg
        .current()
        .and_then(|c| c.file.path.strip_prefix(root).ok());
    for version in pkg.historical() {
        let (Some(lit), Some(v)) = (&version.info.version, version.version()) else {
            continue;
        };
        let v = v.plain_downstream().map_or(v, |(clean, _)| clean);
        if tags::find(all, &v).is_some() {
            continue;
        }
        if v.compare(&oldest) != Some(Ordering::Greater) {
            continue;
        }
        let expected = tags::expected(all, &v);
        let historical = version.file.path.strip_prefix(root).ok();
        let commit = current
            .zip(historical)
            .and_then(|(c, h)| pkg.history.repo.release_commit(c, h, &lit.value));
        let message = match commit {
            Some(commit) => format!(
                "{} has no release tag: expected `{expected}` (commit {commit} released it: \
                 `git tag {expected} {commit} && git push origin {expected}`)",
                v.text()
            ),
            None => format!(
                "{} has no release tag: expected `{expected}` (tag the commit that released it: \
                 `git tag {expected} <commit> && git push origin {expected}`)",
                v.text()
            ),
        };
        sink.report(&RULE, &version.file.path, lit.range.clone(), message);
    }
}
