//! PE006: a package id that is not 25 ASCII alphanumerics.

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::npm::NpmPackage;

pub const RULE: Rule = Rule {
    code: "PE006",
    source: file!(),
    name: "invalid-package-id",
    severity: Severity::Error,
    summary: "peers.packageId (package.json) or pkg.packageId not exactly 25 ASCII alphanumerics",
    docs: r#"## What it does
Checks `"peers": { "packageId": … }` in `package.json` and `pkg.packageId = '…'` in
`definePackage(...)`: a package id is exactly 25 ASCII letters and digits.

## Why is this bad?
The id keys the package's records and per-device preferences (`packagePrefs_${packageId}`); a
malformed one is rejected, or silently names another package's records.

## Example
```json
"peers": { "packageId": "my-package" }
```
"#,
};

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    for (path, value, range) in pkg.peers_settings("packageId") {
        let ok = value.len() == 25 && value.bytes().all(|b| b.is_ascii_alphanumeric());
        if !ok {
            sink.report(
                &RULE,
                &path,
                range,
                format!(
                    "package id `{value}` must be exactly 25 ASCII letters and digits (it has {} characters)",
                    value.chars().count()
                ),
            );
        }
    }
}
