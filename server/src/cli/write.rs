//! Writing a fixed file without losing a byte: the new text goes to a temporary file beside the
//! target (with its mode, owner and extended attributes), which then takes the target's place only
//! if the target still holds exactly the text the fix was computed from.
//!
//! On Linux the swap is `renameat2(RENAME_EXCHANGE)`: the two names trade places atomically, and
//! what was swapped out is compared with that text once more; if a writer got in between (an
//! editor's atomic save), the names trade back, so the writer's bytes are what the file holds and
//! nothing is lost. Elsewhere, a plain rename right after the comparison.

use std::fs::{File, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `text` over `path` (through a symbolic link, when its target is inside `allowed`) if
/// `path` still holds `original`; refuses otherwise, and refuses a file with several hard links
/// (replacing it would split them).
pub fn write_file(
    path: &Path,
    text: &str,
    original: &str,
    allowed: &[PathBuf],
) -> Result<(), String> {
    // the real file, so a symbolic link is written through, not replaced, and only when its
    // target is inside the given paths too
    let real = path.canonicalize().map_err(|e| e.to_string())?;
    if !allowed.iter().any(|a| real.starts_with(a)) {
        return Err("outside the paths given to check".into());
    }
    let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(format!(
                "it has {} hard links: not rewritten (a new file would split them)",
                meta.nlink()
            ));
        }
    }
    write_atomically(&real, text, &meta, original)
}

fn unchanged(path: &Path, before: &str) -> bool {
    crate::workspace::source::read_disk(path).ok().as_deref() == Some(before)
}

/// Writes `text` to a new file beside `path` and puts it in `path`'s place, keeping its
/// permissions, owner and extended attributes; refuses when `path` no longer holds `before`.
fn write_atomically(path: &Path, text: &str, meta: &Metadata, before: &str) -> Result<(), String> {
    let dir = path.parent().ok_or("no parent folder")?;
    let name = path.file_name().ok_or("no file name")?.to_string_lossy();
    let temp = dir.join(format!(".{name}.manifest-lsp-{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(text.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        keep_owner_and_attributes(path, &f, meta);
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(format!("cannot write {}: {e}", temp.display()));
    }
    let changed = || {
        let _ = std::fs::remove_file(&temp);
        Err("the file changed while it was being fixed; left as it is".to_string())
    };
    if !unchanged(path, before) {
        return changed();
    }
    match exchange(&temp, path) {
        Ok(()) => {
            // `temp` now holds what `path` held at the instant of the swap
            if unchanged(&temp, before) {
                let _ = std::fs::remove_file(&temp);
                return Ok(());
            }
            // a writer got in: its bytes go back in place
            if exchange(&temp, path).is_err() {
                return Err(format!(
                    "the file changed while it was being fixed, and could not be put back: its \
                     new text is in {}",
                    temp.display()
                ));
            }
            changed()
        }
        Err(_) => std::fs::rename(&temp, path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            format!("cannot replace the file: {e}")
        }),
    }
}

/// The new file gets the old one's owner (where this process may give it) and its extended
/// attributes (where the file system keeps them); neither is worth refusing the fix for.
#[cfg(unix)]
fn keep_owner_and_attributes(path: &Path, new: &File, meta: &Metadata) {
    use std::os::unix::fs::MetadataExt;
    let _ = std::os::unix::fs::fchown(new, Some(meta.uid()), Some(meta.gid()));
    copy_xattrs(path, new);
}

#[cfg(not(unix))]
fn keep_owner_and_attributes(_path: &Path, _new: &File, _meta: &Metadata) {}

#[cfg(target_os = "linux")]
fn copy_xattrs(path: &Path, new: &File) {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let Ok(c_path) = CString::new(path.as_os_str().as_bytes()) else {
        return;
    };
    // SAFETY: each buffer is as long as the length passed with it; the path is NUL-terminated
    let mut names = vec![0u8; 64 * 1024];
    let n = unsafe { libc::listxattr(c_path.as_ptr(), names.as_mut_ptr().cast(), names.len()) };
    if n <= 0 {
        return;
    }
    let mut value = vec![0u8; 64 * 1024];
    for name in names[..n as usize]
        .split(|b| *b == 0)
        .filter(|n| !n.is_empty())
    {
        let Ok(c_name) = CString::new(name) else {
            continue;
        };
        let len = unsafe {
            libc::getxattr(
                c_path.as_ptr(),
                c_name.as_ptr(),
                value.as_mut_ptr().cast(),
                value.len(),
            )
        };
        if len < 0 {
            continue;
        }
        unsafe {
            libc::fsetxattr(
                new.as_raw_fd(),
                c_name.as_ptr(),
                value.as_ptr().cast(),
                len as usize,
                0,
            );
        }
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
fn copy_xattrs(_path: &Path, _new: &File) {}

/// `a` and `b` trade names atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated and live across the call; a raw syscall, as not
    // every libc exposes renameat2
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_inside_the_allowed_paths_and_only_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let (inside, outside) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::create_dir_all(&inside).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        let (a, b) = (inside.join("a.ts"), outside.join("b.ts"));
        std::fs::write(&a, "abc").unwrap();
        std::fs::write(&b, "abc").unwrap();
        let allowed = [inside.canonicalize().unwrap()];

        let err = write_file(&b, "Xbc", "abc", &allowed).unwrap_err();
        assert!(err.contains("outside"), "{err}");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "abc");

        // a file that no longer holds what the fix was computed from is left alone
        let err = write_file(&a, "Xbc", "abd", &allowed).unwrap_err();
        assert!(err.contains("changed"), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "abc");

        write_file(&a, "Xbc", "abc", &allowed).unwrap();
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "Xbc");
        let names: Vec<_> = std::fs::read_dir(&inside)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.ts"], "a temporary file was left behind");
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_are_never_split() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.ts"), dir.path().join("b.ts"));
        std::fs::write(&a, "abc").unwrap();
        std::fs::hard_link(&a, &b).unwrap();
        let allowed = [dir.path().canonicalize().unwrap()];
        let err = write_file(&a, "Xbc", "abc", &allowed).unwrap_err();
        assert!(err.contains("hard links"), "{err}");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "abc");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn mode_owner_and_extended_attributes_are_kept() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.ts");
        std::fs::write(&a, "abc").unwrap();
        std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
        let c = |s: &str| std::ffi::CString::new(s).unwrap();
        let (path, name) = (c(a.to_str().unwrap()), c("user.manifest-lsp-test"));
        // SAFETY: NUL-terminated strings and a 3-byte value
        let has_xattr =
            unsafe { libc::setxattr(path.as_ptr(), name.as_ptr(), b"yes".as_ptr().cast(), 3, 0) }
                == 0;
        // as root: another owner, which the rewrite must keep
        let root = unsafe { libc::geteuid() } == 0;
        if root {
            std::os::unix::fs::chown(&a, Some(4242), Some(4343)).unwrap();
        }
        let allowed = [dir.path().canonicalize().unwrap()];
        write_file(&a, "Xbc", "abc", &allowed).unwrap();
        let meta = std::fs::metadata(&a).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o640);
        if root {
            assert_eq!((meta.uid(), meta.gid()), (4242, 4343));
        }
        if has_xattr {
            let mut buf = [0u8; 8];
            let n = unsafe {
                libc::getxattr(
                    path.as_ptr(),
                    name.as_ptr(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                )
            };
            assert_eq!(&buf[..n.max(0) as usize], b"yes");
        }
    }
}
