//! Which files make up a StartOS package. Recognised by `startos/versions/` (or the older
//! `startos/install/versions/`).

use std::path::{Path, PathBuf};

use crate::workspace::Source;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub root: PathBuf,
    pub versions_dir: PathBuf,
    /// `index.ts` (or the oldest layout's `versionGraph.ts`).
    pub index: Option<PathBuf>,
    /// Every other `.ts` file in the versions folder.
    pub version_files: Vec<PathBuf>,
    /// `startos/manifest/index.ts` or `startos/manifest.ts`.
    pub manifest: Option<PathBuf>,
    /// The other `.ts` files under `startos/` (where version ranges may be written).
    pub other_ts: Vec<PathBuf>,
    /// What the versions folder holds but is not read: the folder itself when it cannot be
    /// listed, symbolic links; each is reported, never skipped in silence.
    pub skipped: Vec<(PathBuf, crate::workspace::ReadError)>,
}

const INDEX_NAMES: [&str; 2] = ["index.ts", "versionGraph.ts"];

pub use crate::workspace::files::{package_root_of, versions_dir};

fn is_ts(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "ts") && !p.to_string_lossy().ends_with(".d.ts")
}

impl Layout {
    pub fn scan(root: &Path, source: &dyn Source) -> Option<Layout> {
        let versions_dir = versions_dir(root, source)?;
        let mut skipped = Vec::new();
        match std::fs::read_dir(&versions_dir) {
            Ok(entries) => {
                for e in entries.flatten() {
                    let p = e.path();
                    if e.file_type().is_ok_and(|t| t.is_symlink()) && is_ts(&p) {
                        skipped.push((p, crate::workspace::ReadError::Symlink));
                    }
                }
                skipped.sort_by(|a, b| a.0.cmp(&b.0));
            }
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => skipped.push((
                versions_dir.clone(),
                crate::workspace::ReadError::Io(format!("cannot list this folder: {e}")),
            )),
            Err(_) => {} // only open buffers (a package being created in the editor)
        }
        let files: Vec<PathBuf> = source
            .list_files(&versions_dir)
            .into_iter()
            .filter(|p| is_ts(p))
            // a link opened in the editor is read by neither, as `check` reads none
            .filter(|p| !skipped.iter().any(|(s, _)| s == p))
            .collect();
        let index = INDEX_NAMES
            .iter()
            .map(|n| versions_dir.join(n))
            .find(|p| files.contains(p));
        let version_files = files
            .iter()
            .filter(|p| Some(*p) != index.as_ref())
            .cloned()
            .collect();
        // the `.ts` files under `startos/` on disk (not the versions folder)
        let mut other_ts = Vec::new();
        let startos = root.join("startos");
        let mut stack = vec![startos];
        while let Some(dir) = stack.pop() {
            if dir == versions_dir || dir.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let Ok(t) = e.file_type() else { continue };
                let p = e.path();
                if t.is_dir() {
                    stack.push(p);
                } else if t.is_file() && is_ts(&p) {
                    other_ts.push(p);
                }
            }
        }
        // the manifest: seen on disk by that walk, or an unsaved buffer the source holds
        let manifest = [
            root.join("startos/manifest/index.ts"),
            root.join("startos/manifest.ts"),
        ]
        .into_iter()
        .find(|p| other_ts.contains(p) || source.read(p).is_ok());
        other_ts.retain(|p| Some(p) != manifest.as_ref());
        other_ts.sort();
        Some(Layout {
            root: root.to_path_buf(),
            versions_dir,
            index,
            version_files,
            manifest,
            other_ts,
            skipped,
        })
    }
}
