//! The path model: inside the engine every path is absolute and normalised. Roots named on the
//! command line are canonicalised once (symlinks included); relative paths exist only at output.

use std::path::{Component, Path, PathBuf};

/// `a/./b/../c` → `a/c`, without touching the disk (`..` above the start is dropped).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// The roots a user named, as the engine sees them: absolute, symlinks resolved, each once, and
/// none inside another (`. startos` is `.`). The error names the first path that does not exist.
pub fn resolve_roots(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut roots: Vec<PathBuf> = Vec::new();
    for p in paths {
        let spelled = if p.as_os_str().is_empty() {
            Path::new(".")
        } else {
            p
        };
        let canonical = spelled
            .canonicalize()
            .map_err(|e| format!("{}: {}", spelled.display(), io_reason(&e)))?;
        roots.push(canonical);
    }
    roots.sort();
    roots.dedup();
    // sorted, a folder comes before what it holds
    let mut kept: Vec<PathBuf> = Vec::new();
    for r in roots {
        if !kept.iter().any(|k| r.starts_with(k)) {
            kept.push(r);
        }
    }
    Ok(kept)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// How a path is shown to the user: relative to `cwd` (with `../` when it lies outside), forward
/// slashes; absolute when the two share nothing but the filesystem root.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let rel = relative_to(path, cwd).unwrap_or_else(|| path.to_path_buf());
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    if !path.is_absolute() || !base.is_absolute() {
        return Some(normalize(path.strip_prefix(base).unwrap_or(path)));
    }
    let p: Vec<Component> = path.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = p.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // only the root in common: a relative path would be all `..`
    if common <= 1 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_relative_with_parent_steps() {
        let cwd = Path::new("/w/pkg/startos");
        assert_eq!(
            display_path(Path::new("/w/pkg/startos/versions/a.ts"), cwd),
            "versions/a.ts"
        );
        assert_eq!(
            display_path(Path::new("/w/pkg/startos/manifest.ts"), cwd),
            "manifest.ts"
        );
        assert_eq!(
            display_path(Path::new("/w/pkg/Dockerfile"), cwd),
            "../Dockerfile"
        );
        assert_eq!(
            display_path(Path::new("/w/other/x.json"), cwd),
            "../../other/x.json"
        );
        assert_eq!(display_path(Path::new("/elsewhere/x"), cwd), "/elsewhere/x");
        assert_eq!(display_path(Path::new("./a/b"), Path::new(".")), "a/b");
    }

    #[test]
    fn roots_are_canonical_and_never_nested() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("a/b")).unwrap();
        std::os::unix::fs::symlink(base.join("a"), base.join("link")).unwrap();
        let roots =
            resolve_roots(&[base.join("a/b"), base.join("link"), base.join("a/./b/..")]).unwrap();
        assert_eq!(roots, [base.join("a")]);
        let err = resolve_roots(&[base.join("missing")]).unwrap_err();
        assert!(err.ends_with("missing: no such file or directory"), "{err}");
    }

    #[test]
    fn normalize_drops_dots() {
        assert_eq!(normalize(Path::new("./a/./b/../c")), Path::new("a/c"));
        assert_eq!(normalize(Path::new("./")), Path::new("."));
    }
}
