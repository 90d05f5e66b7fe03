//! Which actions a position offers: the fixes of the diagnostics under it, and on `current.ts`
//! the version actions; plus "fix all" for a file. Front ends only translate these.

use std::ops::Range;
use std::path::Path;

use super::version_actions;
use crate::diagnostic::{Diagnostic, Fix};
use crate::startos::StartOsPackage;
use crate::workspace::Source;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferKind {
    QuickFix,
    Bump,
    SpinOff,
}

pub struct Offer {
    pub kind: OfferKind,
    pub fix: Fix,
    /// The diagnostic a quick fix resolves.
    pub diagnostic: Option<Diagnostic>,
}

#[derive(Default)]
pub struct Offers {
    pub offers: Vec<Offer>,
    /// Why the spin-off is not offered, when it is not.
    pub refused: Option<String>,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Which diagnostics a code-action request is about: those touching the requested range, and
/// those the client names in its context (matched by code and exact range: Emacs and Neovim ask
/// at column 0, or for the whole line, and name the diagnostic they mean).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    pub range: Range<usize>,
    pub named: Vec<(String, Range<usize>)>,
}

impl Selection {
    pub fn at(range: Range<usize>) -> Selection {
        Selection {
            range,
            named: Vec::new(),
        }
    }

    pub fn contains(&self, d: &Diagnostic) -> bool {
        overlaps(&d.range, &self.range)
            || self
                .named
                .iter()
                .any(|(code, r)| code == d.code && *r == d.range)
    }
}

/// The fixes of the diagnostics of `path` that the selection is about.
pub fn quick_fixes(diagnostics: &[Diagnostic], path: &Path, at: &Selection) -> Vec<Offer> {
    diagnostics
        .iter()
        .filter(|d| d.path == path && at.contains(d))
        .flat_map(|d| {
            d.fixes.iter().map(move |f| Offer {
                kind: OfferKind::QuickFix,
                fix: f.clone(),
                diagnostic: Some(d.clone()),
            })
        })
        .collect()
}

/// The actions at `range` of `path`. `diagnostics` are the package's, as analysed just now.
pub fn offers_at(
    pkg: &StartOsPackage,
    source: &dyn Source,
    diagnostics: &[Diagnostic],
    path: &Path,
    at: &Selection,
) -> Offers {
    let mut offers = quick_fixes(diagnostics, path, at);
    let mut refused = None;
    if pkg.current_ts().is_some_and(|f| f.path == path) {
        let found = version_actions(pkg, source);
        refused = found.refused;
        let bumps = found
            .bumps
            .into_iter()
            .map(|(_, fix)| (OfferKind::Bump, fix));
        let spins = found
            .spin_offs
            .into_iter()
            .map(|(_, fix)| (OfferKind::SpinOff, fix));
        offers.extend(bumps.chain(spins).map(|(kind, fix)| Offer {
            kind,
            fix,
            diagnostic: None,
        }));
    }
    Offers { offers, refused }
}
