//! One answer for every spelling of a path: `check` with no argument, `.`, `./`, an absolute
//! path, `..` and `../name` from a subfolder, a symlink to the folder, a symlinked current
//! directory, overlapping paths; in a folder whose path has spaces and non-ASCII characters.
//! Findings are compared as (absolute path, code, range), after resolving the printed relative
//! paths against the directory `check` ran in.

mod common;
use common::{copy_dir, fixture, run_cli};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

type Finding = (PathBuf, String, String);

/// Runs `check --format json` in `cwd` and returns the findings with absolute paths.
fn findings(args: &[&str], cwd: &Path) -> (i32, BTreeSet<Finding>, String) {
    let (code, out, err) = run_cli(&[&["check", "--format", "json"], args].concat(), cwd);
    let v: serde_json::Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{args:?} in {}: {e}\n{out}\n{err}", cwd.display()));
    // the child resolves relative paths against its physical working directory
    let base = cwd.canonicalize().unwrap();
    let set = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let p = base.join(d["path"].as_str().unwrap());
            (
                p.canonicalize().unwrap_or(p),
                d["code"].as_str().unwrap().to_string(),
                d["range"].to_string(),
            )
        })
        .collect();
    (code, set, err)
}

/// A fixture copied under a folder whose path has a space and non-ASCII characters.
fn placed(rel: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let name = Path::new(rel).file_name().unwrap().to_str().unwrap();
    let root = tmp
        .path()
        .canonicalize()
        .unwrap()
        .join("my work")
        .join(format!("ünïcødé {name}"));
    copy_dir(&fixture(rel), &root);
    (tmp, root)
}

/// Every spelling of `root` gives the same findings, the ones `check /abs/root` gives; `sub` is a
/// subfolder of it and `inner` a path inside it that overlaps the root.
fn same_everywhere(rel: &str, sub: &str, inner: &str, expect_findings: bool) {
    let (tmp, root) = placed(rel);
    let abs = root.to_str().unwrap();
    let parent = root.parent().unwrap();
    let name = root.file_name().unwrap().to_str().unwrap();
    let (code, expected, err) = findings(&[abs], Path::new("/"));
    assert_ne!(code, 2, "{rel}: {err}");
    assert_eq!(
        !expected.is_empty(),
        expect_findings,
        "{rel}: {expected:#?}"
    );
    let link = tmp.path().join("link to it");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    let subdir = root.join(sub);
    assert!(subdir.is_dir(), "{}", subdir.display());
    let depth = Path::new(sub)
        .components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .count();
    let up_to_root = if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    };
    let by_name = format!("{up_to_root}../{name}");
    let spellings: Vec<(&str, Vec<&str>, &Path)> = vec![
        ("no argument", vec![], &root),
        (".", vec!["."], &root),
        ("./", vec!["./"], &root),
        ("absolute, from elsewhere", vec![abs], tmp.path()),
        (
            "`..` from a subfolder",
            vec![up_to_root.trim_end_matches('/')],
            &subdir,
        ),
        ("`../name` from a subfolder", vec![&by_name], &subdir),
        ("relative from the parent", vec![name], parent),
        ("a symlink to the folder", vec!["link to it"], tmp.path()),
        ("a symlinked current directory", vec!["."], &link),
        ("overlapping paths", vec![".", inner], &root),
    ];
    for (what, args, cwd) in spellings {
        let (got_code, got, err) = findings(&args, cwd);
        assert_eq!(got_code, code, "{rel}, {what}: exit code\n{err}");
        assert_eq!(got, expected, "{rel}, {what}: findings differ\n{err}");
    }
}

#[test]
fn a_startos_package_with_history() {
    same_everywhere(
        "violations/so004-unlisted-version",
        "startos",
        "startos/versions",
        true,
    );
    same_everywhere("clean/ghost-startos", "startos/versions", "startos", false);
}

#[test]
fn a_charter_monorepo() {
    same_everywhere(
        "violations/charter-monorepo",
        "packages/push/src",
        "packages",
        true,
    );
}

#[test]
fn a_salesforce_project_and_a_peers_package() {
    same_everywhere("violations/sf002-ancestor-not-lower", ".", ".", true);
    same_everywhere("violations/pe001-forbidden-version-tag", "src", "src", true);
}

#[test]
fn the_whole_violations_tree() {
    same_everywhere(
        "violations",
        "so004-unlisted-version/startos",
        "charter-monorepo",
        true,
    );
}

#[test]
fn nothing_to_check_is_an_error_unless_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("README.md"), "# nothing here\n").unwrap();
    let (code, out, err) = run_cli(&["check"], tmp.path());
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("nothing to check under `.`"), "{err}");
    assert!(err.contains("--allow-empty"), "{err}");
    let (code, _, err) = run_cli(&["check", "--allow-empty"], tmp.path());
    assert_eq!(code, 0, "{err}");
    // a changesets monorepo that never adopted the charter is nothing to check either, and says why
    copy_dir(&fixture("clean/charter-monorepo"), &tmp.path().join("mono"));
    std::fs::remove_file(tmp.path().join("mono/manifest-lsp.toml")).unwrap();
    let (code, out, err) = run_cli(&["check", "mono"], tmp.path());
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("charter family off for mono: not adopted"),
        "{err}"
    );
    // `..` from inside a package checks the package
    let (code, out, err) = run_cli(
        &["check", ".."],
        &fixture("clean/hello-world-startos/startos"),
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("checked 1 StartOS package:"), "{out}");
}

#[test]
fn max_warnings_gates_on_warnings() {
    let dir = fixture("violations/ex002-downstream-prerelease");
    let (code, out, err) = run_cli(&["check", "--format", "json"], &dir);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let warnings = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .count();
    assert!(warnings > 0 && code == 0, "{out}{err}");
    let n = warnings.to_string();
    let (code, _, _) = run_cli(&["check", "--max-warnings", &n], &dir);
    assert_eq!(code, 0);
    let fewer = (warnings - 1).to_string();
    let (code, _, err) = run_cli(&["check", "--max-warnings", &fewer], &dir);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("more than --max-warnings {fewer}")),
        "{err}"
    );
}
