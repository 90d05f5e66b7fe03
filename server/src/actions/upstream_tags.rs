//! A new upstream version moves the upstream image's tag with it (the seed's "Upstream Update":
//! update the dockerTag together with current.ts), so the package stays consistent (SO007).

use crate::diagnostic::Change;
use crate::exver::{parse_exver, ExVer};
use crate::startos::upstream_image::upstream_tag_sites;
use crate::startos::StartOsPackage;

/// Edits that set every upstream tag carrying `old`'s upstream to `new`'s; none when the upstream
/// does not change or no tag carries the old one.
pub fn retag(pkg: &StartOsPackage, old: &ExVer, new: &str) -> Vec<Change> {
    let Ok(new) = parse_exver(new) else {
        return Vec::new();
    };
    let upstream = new.upstream.text();
    if upstream == old.upstream.text() {
        return Vec::new();
    }
    upstream_tag_sites(pkg, old)
        .into_iter()
        .filter(|s| s.matches)
        .map(|s| Change::Edit {
            path: s.path,
            range: s.range,
            new_text: upstream.clone(),
        })
        .collect()
}
