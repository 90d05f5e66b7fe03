use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::startos::upstream_image::upstream_tag_sites;
use crate::startos::StartOsPackage;

pub const RULE: Rule = Rule {
    code: "SO007",
    source: file!(),
    name: "docker-tag-mismatch",
    severity: Severity::Error,
    summary: "the upstream image's tag differs from the current upstream version",
    docs: r#"## What it does
Compares the upstream version of `current` with the tag of the upstream image in the manifest
(`images.*.source.dockerTag`), or with the Dockerfile's `FROM image:X` / `ARG <NAME>_VERSION=X` when
the image is built. A leading `v` and a `-suffix` on the tag are tolerated (`v3.3.1`,
`6.57.1-alpine`), and so is a tag without the upstream's bare prerelease label (an upstream that
calls every release `0.15.6-beta` and tags its image `v0.15.6`; a numbered prerelease such as
`-rc.1` is a real one and must match). The upstream image is the one named like the package, else
the only one whose tag has the version's shape (as many dot-separated numbers; among several, the
only one with the same major; a build argument's version needs the same major too, as tools are
pinned that way); databases, proxies and other helpers are never compared. Image specs are read under type wrappers (`{ … } as SDKImageInputSpec`, `satisfies`).

## Why is this bad?
The seed's consistency checklist: the package claims one upstream version and ships another.

## Example
```ts
version: '6.57.1:0'
dockerTag: 'ghost:6.56.0-alpine'   // should be 6.57.1
```

## Fix
Set the tag to the version (keeping its prefix and suffix).
"#,
};
pub fn check(pkg: &StartOsPackage, sink: &mut Sink) {
    let Some(current) = pkg.current() else { return };
    let (Some(version), Some(lit)) = (current.version(), current.info.version.as_ref()) else {
        return;
    };
    let upstream = version.upstream.text();
    for site in upstream_tag_sites(pkg, &version) {
        if site.matches {
            continue;
        }
        sink.report(
            &RULE,
            &site.path,
            site.range.clone(),
            format!(
                "{} has version `{}` but the current upstream version is `{upstream}` ({})",
                site.what,
                site.version,
                version.text()
            ),
        )
        .related(&current.file.path, lit.range.clone(), "the current version")
        .fix(Fix::edit(
            format!("Set the tag to {upstream}"),
            site.path.clone(),
            site.range,
            upstream.clone(),
        ));
    }
}
