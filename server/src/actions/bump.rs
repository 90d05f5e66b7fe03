//! "Bump in place": the common case, a new version with no migration. Only the `version` string
//! changes; the release notes are left for the author.

use super::next::Next;
use crate::diagnostic::Fix;
use crate::startos::StartOsPackage;

pub fn bump(pkg: &StartOsPackage, next: &Next) -> Option<Fix> {
    let file = pkg.current_ts()?;
    let info = file
        .facts
        .version_infos
        .iter()
        .find(|i| i.exported && i.binding.name == "current")?;
    let literal = info.version.as_ref()?;
    Some(Fix::edit(
        format!(
            "Bump to {} ({}, no migration)",
            next.version,
            next.bump.describe()
        ),
        file.path.clone(),
        literal.range.clone(),
        next.version.clone(),
    ))
}
