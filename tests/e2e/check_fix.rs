//! `check --fix`: safe fixes written atomically, nothing else touched, never outside the paths.

mod common;
use common::{copy_fixture, fixture, run_cli};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in ignore::WalkBuilder::new(root).hidden(false).build() {
        let e = e.unwrap();
        if e.file_type().is_some_and(|t| t.is_file()) {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn json_check(root: &Path) -> Vec<serde_json::Value> {
    let (_, out, err) = run_cli(&["check", "--format", "json", "."], root);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
    v["diagnostics"].as_array().unwrap().clone()
}

const SAFE: &[&str] = &[
    "EX006", "SO001", "SO003", "SO004", "SO009", "SU001", "PE001", "PE002", "CH043",
];

#[test]
fn applies_every_safe_fix_and_touches_nothing_else() {
    let (_dir, root) = copy_fixture("violations");
    let before = tree(&root);
    let found = json_check(&root);
    assert!(found
        .iter()
        .any(|d| SAFE.contains(&d["code"].as_str().unwrap())));

    let (code, out, err) = run_cli(&["check", "--fix", "."], &root);
    assert_eq!(code, 1, "unsafe findings remain: {out}{err}");
    assert!(
        err.contains("manifest-lsp: fixed 14 findings in 13 files"),
        "{err}"
    );

    // what is left is what was found, less the fourteen fixed findings (EX002 and CH044 change a
    // version or a dependency specifier: unsafe, left for --unsafe-fixes)
    let key = |d: &serde_json::Value| {
        format!(
            "{} {} {}",
            d["path"].as_str().unwrap(),
            d["code"],
            d["message"]
        )
    };
    let mut expected: Vec<String> = found.iter().map(key).collect();
    for fixed in [
        "configured/startos/versions/current.ts \"EX006\"",
        "ex006-implicit-caret/startos/versions/current.ts \"EX006\"",
        "so009-release-notes-style/startos/versions/current.ts \"SO009\" \"a one-line",
        "su001-unused-suppression/startos/versions/current.ts \"SU001\"",
        "pe001-forbidden-version-tag/src/object-form.ts \"PE001\"",
        "pe001-forbidden-version-tag/src/package.ts \"PE001\"",
        "pe001-forbidden-version-tag/src/package.ts \"PE001\"",
        "pe002-forbidden-contract-tag/src/package.ts \"PE002\"",
        "pe002-forbidden-contract-tag/src/package.ts \"PE002\"",
        "so004-unlisted-version/startos/versions/v1.0.0_0.ts \"SO004\"",
        "so001-current-export-name/startos/versions/current.ts \"SO001\"",
        "so003-export-name-mismatch/startos/versions/v1.1.0_2.ts \"SO003\"",
        "charter-monorepo/packages/traps/CHANGELOG.md \"CH043\"",
        "charter-monorepo/packages/traps/package.json \"CH043\"",
    ] {
        let i = expected
            .iter()
            .position(|k| k.starts_with(fixed))
            .unwrap_or_else(|| panic!("{fixed} not found in {expected:#?}"));
        expected.remove(i);
    }
    let mut left: Vec<String> = json_check(&root).iter().map(key).collect();
    expected.sort();
    left.sort();
    assert_eq!(left, expected);

    let after = tree(&root);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "files appeared or vanished (temporary files left behind?)"
    );
    let changed: Vec<&PathBuf> = before.keys().filter(|k| before[*k] != after[*k]).collect();
    assert_eq!(
        changed,
        [
            "charter-monorepo/packages/traps/CHANGELOG.md",
            "configured/startos/versions/current.ts",
            "ex006-implicit-caret/startos/versions/current.ts",
            "pe001-forbidden-version-tag/src/object-form.ts",
            "pe001-forbidden-version-tag/src/package.ts",
            "pe002-forbidden-contract-tag/src/package.ts",
            "so001-current-export-name/startos/versions/current.ts",
            "so001-current-export-name/startos/versions/index.ts",
            "so003-export-name-mismatch/startos/versions/index.ts",
            "so003-export-name-mismatch/startos/versions/v1.1.0_2.ts",
            "so004-unlisted-version/startos/versions/index.ts",
            "so009-release-notes-style/startos/versions/current.ts",
            "su001-unused-suppression/startos/versions/current.ts",
        ]
        .iter()
        .map(PathBuf::from)
        .collect::<Vec<_>>()
        .iter()
        .collect::<Vec<_>>()
    );
    // exactly the intended bytes
    let caret = PathBuf::from("ex006-implicit-caret/startos/versions/current.ts");
    let (old, new) = (
        String::from_utf8(before[&caret].clone()).unwrap(),
        String::from_utf8(after[&caret].clone()).unwrap(),
    );
    assert_eq!(old.len() + 1, new.len(), "{new}");

    // a second run has nothing left to do
    let (_, _, err) = run_cli(&["check", "--fix", "."], &root);
    assert!(err.contains("fixed 0 findings in 0 files"), "{err}");
    assert_eq!(tree(&root), after);
}

#[test]
fn never_writes_outside_the_given_paths() {
    let (_dir, root) = copy_fixture("violations");
    let before = tree(&root);
    let (_, _, err) = run_cli(&["check", "--fix", "ex006-implicit-caret"], &root);
    assert!(err.contains("fixed 1 finding in 1 file"), "{err}");
    let after = tree(&root);
    let changed: Vec<&PathBuf> = before.keys().filter(|k| before[*k] != after[*k]).collect();
    assert_eq!(
        changed,
        [&PathBuf::from(
            "ex006-implicit-caret/startos/versions/current.ts"
        )]
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_paths_is_not_followed_for_writing() {
    let (dir, root) = copy_fixture("violations/ex002-downstream-prerelease");
    // current.ts becomes a link to a file outside the checked folder
    let outside = dir.path().join("outside.ts");
    let current = root.join("startos/versions/current.ts");
    std::fs::rename(&current, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &current).unwrap();
    let original = std::fs::read(&outside).unwrap();
    let (_, _, err) = run_cli(&["check", "--fix", "."], &root);
    assert_eq!(std::fs::read(&outside).unwrap(), original);
    assert!(std::fs::symlink_metadata(&current)
        .unwrap()
        .file_type()
        .is_symlink());
    // links are not followed: the linked file is not analysed, so nothing is fixed
    assert!(err.contains("fixed 0 findings"), "{err}");
    assert!(tree(&fixture("violations/ex002-downstream-prerelease"))
        .values()
        .any(|t| String::from_utf8_lossy(t).contains("0-beta.0")));
}

#[cfg(unix)]
#[test]
fn permissions_and_line_endings_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, root) = copy_fixture("violations/pe001-forbidden-version-tag");
    let script = root.join("src/package.ts");
    // a CRLF file with unusual permissions
    let crlf = std::fs::read_to_string(&script)
        .unwrap()
        .replace("\r\n", "\n")
        .replace('\n', "\r\n");
    std::fs::write(&script, &crlf).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o751)).unwrap();
    let (_, _, err) = run_cli(&["check", "--fix", "."], &root);
    assert!(err.contains("fixed"), "{err}");
    let after = std::fs::read_to_string(&script).unwrap();
    assert_ne!(after, crlf, "nothing was fixed");
    assert!(!after.contains("versionTag"), "{after}");
    assert_eq!(
        after.matches('\n').count(),
        after.matches("\r\n").count(),
        "a bare LF crept in:\n{after:?}"
    );
    let mode = std::fs::metadata(&script).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o751);
}
