//! Code actions as plain changes (edits, renames, creations): computed from the package's current
//! buffers, applied by the client (or by `check --fix`). No LSP types here.

pub mod apply;
mod bump;
mod graph_edit;
mod next;
mod offers;
pub mod plan;
mod renames;
mod spin_off;
mod style;
mod upstream_tags;

pub use graph_edit::{add_to_graph, Entry};
pub use next::{next_versions, Bump, Next};
pub use offers::{offers_at, quick_fixes, Offer, OfferKind, Offers, Selection};
pub use renames::{rename_export, rename_version_file};
pub use style::Style;

use crate::diagnostic::Fix;
use crate::startos::StartOsPackage;
use crate::workspace::Source;

/// What `current.ts` offers: a bump in place and a spin-off per next version.
#[derive(Default)]
pub struct VersionActions {
    pub bumps: Vec<(Next, Fix)>,
    pub spin_offs: Vec<(Next, Fix)>,
    /// Why no spin-off is offered, when none is.
    pub refused: Option<String>,
}

pub fn version_actions(pkg: &StartOsPackage, source: &dyn Source) -> VersionActions {
    // a forbidden downstream suffix (EX002) is dropped first: `33.0.8:3-beta.0` is 33.0.8:3
    let Some(version) = pkg.current_export().and_then(|c| c.plain_version()) else {
        return VersionActions::default();
    };
    let mut out = VersionActions::default();
    for next in next_versions(&version) {
        out.bumps
            .extend(bump::bump(pkg, &next).map(|f| (next.clone(), f)));
        match spin_off::spin_off(pkg, source, &next) {
            Ok(fix) => out.spin_offs.push((next, fix)),
            Err(why) => out.refused = Some(why),
        }
    }
    out
}
