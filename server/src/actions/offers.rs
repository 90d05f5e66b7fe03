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
    /// What the user most likely wants here: a safe fix, or a version action on the `version`
    /// line of `current.ts` (the point of that file). Editors list it first.
    pub preferred: bool,
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

/// The bytes of the line(s) `range` is on, line breaks excluded.
fn line_of(text: &str, range: &Range<usize>) -> Range<usize> {
    let start = text
        .get(..range.start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let end = text
        .get(range.end..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| range.end + i);
    start..end
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
                preferred: f.safe,
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
        let on_version_line = pkg
            .current_export()
            .filter(|c| c.file.path == path)
            .and_then(|c| c.info.version.as_ref())
            .zip(source.read(path).ok())
            .is_some_and(|(lit, text)| overlaps(&line_of(&text, &lit.node_range), &at.range));
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
        offers.extend(spins.chain(bumps).map(|(kind, fix)| Offer {
            kind,
            fix,
            diagnostic: None,
            preferred: on_version_line,
        }));
    }
    Offers { offers, refused }
}
