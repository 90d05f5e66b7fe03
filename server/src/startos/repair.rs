//! A graph entry whose import is broken (the file was renamed, or the import points at a file
//! that does not export the name), and the one version file that would fit it.

use std::path::Path;

use super::package::{Resolution, StartOsPackage, TsFile};
use crate::diagnostic::Fix;
use crate::syntax::typescript::{Ident, StrLit};

pub struct BrokenImport<'a> {
    /// The import's path literal in `index.ts`.
    pub source: &'a StrLit,
    /// What is wrong with it, in words (`which does not exist`).
    pub problem: String,
    /// The only version file that exports the imported name, when there is exactly one.
    pub fits: Option<&'a TsFile>,
    /// Point the import at `fits`.
    pub fix: Option<Fix>,
}

impl StartOsPackage {
    /// When `id` (a graph entry in `index`) is imported from a path that does not exist, or
    /// from a file that does not export it: what is wrong, and the repair.
    pub fn broken_import<'a>(&'a self, index: &'a TsFile, id: &Ident) -> Option<BrokenImport<'a>> {
        let (import, name) = index.facts.import_of(&id.name)?;
        let problem = match self.resolve(index, id) {
            Resolution::MissingFile { .. } => "which does not exist".to_string(),
            Resolution::MissingExport { .. } => {
                format!("which exports no VersionInfo named `{}`", name.imported)
            }
            _ => return None,
        };
        let mut candidates = self.version_files.iter().filter(|f| {
            f.facts
                .version_infos
                .iter()
                .any(|i| i.exported && i.binding.name == name.imported)
        });
        let fits = match (candidates.next(), candidates.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        };
        let fix = fits.and_then(|file| {
            let spec = relative_spec(index, file, &import.source.value)?;
            Some(Fix::edit(
                format!("Import `{}` from `{spec}`", name.imported),
                index.path.clone(),
                import.source.range.clone(),
                spec,
            ))
        });
        Some(BrokenImport {
            source: &import.source,
            problem,
            fits,
            fix,
        })
    }
}

/// `./v1.0.0_0` for a file next to `index.ts`, keeping a `.js` ending the old path used.
fn relative_spec(index: &TsFile, target: &TsFile, old: &str) -> Option<String> {
    if index.path.parent() != target.path.parent() {
        return None;
    }
    let stem = Path::new(target.path.file_stem()?).to_str()?;
    let js = if old.ends_with(".js") { ".js" } else { "" };
    Some(format!("./{stem}{js}"))
}
