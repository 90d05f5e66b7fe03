//! RP001: a Radpack peer dependency left floating (`latest` or `*`).

use super::{Rule, Sink};
use crate::diagnostic::{Fix, Severity};
use crate::npm::NpmPackage;

pub const RULE: Rule = Rule {
    code: "RP001",
    source: file!(),
    name: "floating-peer-range",
    severity: Severity::Warning,
    summary: "a Radpack peerDependencies entry of `latest` or `*`",
    docs: r#"## What it does
In a package built with Radpack, flags `peerDependencies` entries of `latest` (the next build picks
up whatever major is newest) and `*` (clients pick up a new major at run time, out of band, as soon
as it is deployed).

## Why is this bad?
Either way a new major reaches your users without you building or testing against it.

## Example
```json
"peerDependencies": { "@shop/cart": "latest" }
```

## Fix
Pin to the major you build with: `^<current major>` (read from your other dependency sections or
the copy installed in `node_modules`).
"#,
};

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    if !pkg.radpack {
        return;
    }
    for m in pkg.section("peerDependencies") {
        let Some(value) = &m.value else { continue };
        let Some(spec @ ("latest" | "*")) = value.as_str() else {
            continue;
        };
        let when = if spec == "latest" {
            "at the next build"
        } else {
            "at run time, out of band"
        };
        let report = sink.report(
            &RULE,
            &pkg.path,
            value.inner_range(),
            format!(
                "peer `{}` is `{spec}`: a new major reaches your users {when}",
                m.key
            ),
        );
        if let Some(major) = pkg.known_major(&m.key) {
            report.fix(Fix::edit(
                format!("Use ^{major}"),
                pkg.path.clone(),
                value.inner_range(),
                format!("^{major}"),
            ));
        }
    }
}
