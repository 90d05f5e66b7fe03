//! "Bump in place": the common case, a new version with no migration. The `version` string
//! changes (and the upstream image's tag with a new upstream); the release notes are left for the
//! author.

use super::next::Next;
use super::upstream_tags::retag;
use crate::diagnostic::Fix;
use crate::startos::{StartOsPackage, VersionRef};

pub fn bump(pkg: &StartOsPackage, next: &Next) -> Option<Fix> {
    let current = pkg.current_export()?;
    let VersionRef { file, info } = current;
    let literal = info.version.as_ref()?;
    let old = current.plain_version()?;
    let mut fix = Fix::edit(
        format!(
            "Bump to {} ({}, no migration)",
            next.version,
            next.bump.describe()
        ),
        file.path.clone(),
        literal.range.clone(),
        next.version.clone(),
    );
    fix.changes.extend(retag(pkg, &old, &next.version));
    Some(fix)
}
