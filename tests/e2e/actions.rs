//! Version actions end to end: each action's changes are applied to a copy of a fixture package,
//! the resulting file tree is snapshotted, and `check` must find it clean with the graph intact.

mod common;
use common::copy_fixture as copy;
use std::collections::BTreeMap;
use std::path::Path;

use manifest_lsp::actions::apply::apply;
use manifest_lsp::actions::{version_actions, Bump, VersionActions};
use manifest_lsp::analysis::with_startos;
use manifest_lsp::cli::run_check;
use manifest_lsp::diagnostic::Fix;
use manifest_lsp::workspace::{DiskSource, FactsCache};

fn actions(root: &Path) -> VersionActions {
    with_startos(root, &DiskSource, &FactsCache::default(), |pkg| {
        version_actions(pkg, &DiskSource)
    })
    .expect("a StartOS package")
}

/// Apply like a client would: all or nothing, then write the end state.
fn apply_to_disk(fix: &Fix) {
    let end = apply(&fix.changes, |p| std::fs::read_to_string(p).ok()).expect("applies");
    for (path, text) in end {
        match text {
            Some(t) => std::fs::write(&path, t).unwrap(),
            None => std::fs::remove_file(&path).unwrap(),
        }
    }
}

/// Every file under `root`, with its text (CR shown as ␍ so line endings are visible).
fn tree(root: &Path) -> String {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, root, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&p).unwrap().replace('\r', "␍"));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files);
    files
        .into_iter()
        .map(|(p, t)| format!("=== {p}\n{t}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Spin off with `bump`, check the result is clean and the graph intact; returns the tree.
fn spin_off(rel: &str, bump: Bump) -> String {
    let (_dir, root) = copy(rel);
    let found = actions(&root);
    let (next, fix) = found
        .spin_offs
        .iter()
        .find(|(n, _)| n.bump == bump)
        .unwrap_or_else(|| panic!("no {bump:?} spin-off; refused: {:?}", found.refused));
    let old = with_startos(&root, &DiskSource, &FactsCache::default(), |pkg| {
        pkg.current().and_then(|c| c.version()).map(|v| v.text())
    })
    .flatten()
    .unwrap();
    apply_to_disk(fix);

    let result = run_check(std::slice::from_ref(&root));
    let found: Vec<String> = result
        .diagnostics
        .iter()
        .map(|d| format!("{} {}: {}", d.path.display(), d.code, d.message))
        .collect();
    assert!(
        found.is_empty(),
        "{} after the spin-off:\n{}",
        rel,
        found.join("\n")
    );

    with_startos(&root, &DiskSource, &FactsCache::default(), |pkg| {
        let current = pkg.current().expect("a current version");
        assert_eq!(current.version().unwrap().text(), next.version);
        assert!(current.file.path.ends_with("current.ts"));
        let (index, graph) = pkg.graph().unwrap();
        let listed: Vec<String> = graph
            .other
            .iter()
            .filter_map(|id| match pkg.resolve(index, id) {
                manifest_lsp::startos::package::Resolution::Version(v) => {
                    v.version().map(|v| v.text())
                }
                _ => None,
            })
            .collect();
        assert!(listed.contains(&old), "{old} is not in other: {listed:?}");
    })
    .unwrap();
    tree(&root)
}

#[test]
fn spin_off_a_conformant_package() {
    insta::assert_snapshot!(spin_off("clean/ghost-startos", Bump::Patch));
}

#[test]
fn spin_off_a_flavored_package_with_a_dockerfile() {
    insta::assert_snapshot!(spin_off("clean/bitcoin-knots-startos", Bump::Minor));
}

#[test]
fn spin_off_a_prerelease_to_its_release() {
    insta::assert_snapshot!(spin_off("actions/prerelease-startos", Bump::Release));
}

#[test]
fn spin_off_into_an_empty_single_line_other() {
    insta::assert_snapshot!(spin_off("clean/hello-world-startos", Bump::Downstream));
}

#[test]
fn spin_off_keeps_an_unusual_style() {
    insta::assert_snapshot!(spin_off("actions/odd-style-startos", Bump::Major));
}

#[test]
fn spin_off_is_refused_when_the_target_file_exists() {
    let (_dir, root) = copy("actions/target-exists-startos");
    let found = actions(&root);
    assert!(found.spin_offs.is_empty());
    let why = found.refused.expect("a reason");
    assert!(why.contains("v1.0.0_0.ts already exists"), "{why}");
    // bumping in place is still offered
    assert_eq!(found.bumps.len(), 4);
}

#[test]
fn bump_in_place_edits_the_version_and_the_upstream_tag_only() {
    let (_dir, root) = copy("clean/ghost-startos");
    let before = tree(&root);
    let found = actions(&root);
    let (_, fix) = found
        .bumps
        .iter()
        .find(|(n, _)| n.bump == Bump::Minor)
        .unwrap();
    apply_to_disk(fix);
    assert!(run_check(std::slice::from_ref(&root))
        .diagnostics
        .is_empty());
    let after = tree(&root);
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [
            (
                "      source: { dockerTag: 'ghost:6.57.1-alpine' },",
                "      source: { dockerTag: 'ghost:6.58.0-alpine' },"
            ),
            ("  version: '6.57.1:0',", "  version: '6.58.0:0',"),
        ]
    );
}

/// Applies fix `n` of the first `code` finding to a copy of `rel`; returns the copy's tree and the
/// codes left.
fn apply_fix(rel: &str, code: &str, n: usize) -> (String, String, Vec<&'static str>) {
    let (_dir, root) = copy(rel);
    let before = run_check(std::slice::from_ref(&root));
    let d = before
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {rel}"));
    let fix = d
        .fixes
        .get(n)
        .unwrap_or_else(|| panic!("{code} has no fix {n}"));
    apply_to_disk(fix);
    let after = run_check(std::slice::from_ref(&root));
    let left = after.diagnostics.iter().map(|d| d.code).collect();
    (fix.title.clone(), tree(&root), left)
}

/// Applies fix `n` of the `code` finding to a copy of `rel`; the package must then check clean.
/// Returns the resulting tree.
fn fix_leaves_clean(rel: &str, code: &str, n: usize) -> String {
    let (title, tree, left) = apply_fix(rel, code, n);
    assert!(left.is_empty(), "{title}: {left:?}\n{tree}");
    format!("# {title}\n{tree}")
}

#[test]
fn the_unlisted_version_fix_lists_it_and_leaves_the_package_clean() {
    fix_leaves_clean("violations/so004-unlisted-version", "SO004", 0);
}

#[test]
fn the_current_export_fix_renames_it_and_its_uses() {
    insta::assert_snapshot!(fix_leaves_clean(
        "violations/so001-current-export-name",
        "SO001",
        0
    ));
}

#[test]
fn the_file_name_fixes_rename_the_file_or_change_the_version() {
    let renamed = fix_leaves_clean("violations/so002-file-name-mismatch", "SO002", 0);
    assert!(
        renamed.contains("=== startos/versions/v1.1.0_4.ts"),
        "{renamed}"
    );
    assert!(renamed.contains("from './v1.1.0_4'"), "{renamed}");
    insta::assert_snapshot!(renamed);
    // the file is released history: its version is never changed by a fix (RULES §2)
    let (_dir, root) = copy("violations/so002-file-name-mismatch");
    let found = run_check(std::slice::from_ref(&root));
    let d = found
        .diagnostics
        .iter()
        .find(|d| d.code == "SO002")
        .unwrap();
    assert_eq!(d.fixes.len(), 1, "{:?}", d.fixes);
    assert!(d.fixes[0].safe, "a rename with its imports is safe");
}

#[test]
fn the_export_name_fix_renames_its_imports_and_uses() {
    insta::assert_snapshot!(fix_leaves_clean(
        "violations/so003-export-name-mismatch",
        "SO003",
        0
    ));
}

#[test]
fn a_legacy_name_in_released_history_has_no_fix() {
    // a convention broken in released history is only known: a hint, no rename (RULES §2)
    let (_dir, root) = copy("violations/so008-legacy-file-name");
    let found = run_check(std::slice::from_ref(&root));
    let d = found
        .diagnostics
        .iter()
        .find(|d| d.code == "SO008")
        .unwrap();
    assert!(d.fixes.is_empty(), "{:?}", d.fixes);
}

#[test]
fn the_patch_ancestor_fixes_leave_the_project_clean() {
    let highest = fix_leaves_clean("violations/sf001-patch-ancestor", "SF001", 0);
    assert!(
        highest.contains(r#""ancestorVersion": "HIGHEST""#),
        "{highest}"
    );
    let base = fix_leaves_clean("violations/sf001-patch-ancestor", "SF001", 1);
    assert!(base.contains(r#""ancestorVersion": "1.0.0""#), "{base}");
}

#[test]
fn the_floating_peer_fix_pins_the_major_built_with() {
    let (title, tree, left) = apply_fix("violations/rp001-floating-peer-range", "RP001", 0);
    assert_eq!(title, "Use ^2");
    assert!(tree.contains(r#""@shop/cart": "^2","#), "{tree}");
    // `@shop/theme` has no known major: it keeps its finding, and no fix
    assert_eq!(left, ["RP001"]);
}

#[test]
fn the_unused_ignore_fix_removes_its_line() {
    let tree = fix_leaves_clean("violations/su001-unused-suppression", "SU001", 0);
    assert!(!tree.contains("ignore-next-line SO002"), "{tree}");
    // the used ignore stays, and still hides its finding
    assert!(tree.contains("ignore-next-line SO011"), "{tree}");
    assert!(
        tree.contains("export const current = VersionInfo.of({\n  version: '1.0.0:0',"),
        "{tree}"
    );
}

#[test]
fn a_json_member_ignore_hides_the_next_line() {
    let (_dir, root) = copy("violations/rp002-unsupported-range");
    let manifest = root.join("package.json");
    let text = std::fs::read_to_string(&manifest).unwrap().replace(
        "    \"@shop/ui\": \">=1 <2\",",
        "    \"//\": \"manifest-lsp-ignore-next-line RP002\",\n    \"@shop/ui\": \">=1 <2\",",
    );
    std::fs::write(&manifest, text).unwrap();
    let found = run_check(std::slice::from_ref(&root));
    let messages: Vec<&str> = found
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(found.diagnostics.len(), 3, "{messages:#?}");
    assert!(
        messages.iter().all(|m| !m.contains(">=1 <2")),
        "{messages:#?}"
    );
}

#[test]
fn charter_fixes_add_the_heading_and_move_the_promise() {
    let (title, tree, left) = apply_fix("violations/charter-monorepo", "CH043", 0);
    assert_eq!(title, "Create CHANGELOG.md with `## 3.0.0`");
    assert!(
        tree.contains("=== packages/push/CHANGELOG.md\n# @ms/push\n\n## 3.0.0\n\n- Linked-group bump in `@ms/surface-contracts`. No `@ms/push` API change.\n"),
        "{tree}"
    );
    assert_eq!(
        left.iter().filter(|c| **c == "CH043").count(),
        2,
        "{left:?}"
    ); // traps' two remain

    let (_, tree, _) = apply_fix("violations/charter-monorepo", "CH042", 0);
    assert!(tree.contains("scheduled for\nremoval in v4."), "{tree}");
    let (_, tree, _) = apply_fix("violations/charter-monorepo", "CH042", 1);
    assert!(
        tree.contains(
            "# @ms/push\n\n<!-- CHARTER: keep -->\nThe legacy token API is scheduled for"
        ),
        "{tree}"
    );
}

/// With a forbidden downstream suffix (`1.2.3:0-beta.0`, EX002), the version actions reason about
/// the version without it: the spin-off names and writes `1.2.3:0`, the next downstream is
/// `1.2.3:1`, and the package is clean afterwards.
#[test]
fn version_actions_drop_a_forbidden_downstream_suffix_first() {
    let (_dir, root) = copy("violations/ex002-downstream-prerelease");
    let found = actions(&root);
    let titles: Vec<&str> = found
        .spin_offs
        .iter()
        .chain(&found.bumps)
        .map(|(_, f)| f.title.as_str())
        .collect();
    assert!(
        titles.iter().all(|t| !t.contains("beta")),
        "the suffix leaks into {titles:?}"
    );
    assert!(
        titles.contains(&"Bump to 1.2.3:1 (next downstream, no migration)"),
        "{titles:?}"
    );
    let (_, fix) = found
        .spin_offs
        .iter()
        .find(|(n, _)| n.bump == Bump::Minor)
        .unwrap_or_else(|| panic!("no minor spin-off: {titles:?} {:?}", found.refused));
    assert!(
        fix.title.starts_with("Spin off 1.2.3:0 into v1.2.3_0.ts"),
        "{}",
        fix.title
    );
    apply_to_disk(fix);
    let historical = std::fs::read_to_string(root.join("startos/versions/v1.2.3_0.ts")).unwrap();
    assert!(historical.contains("version: '1.2.3:0',"), "{historical}");
    let result = run_check(std::slice::from_ref(&root));
    assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
}

/// Issue 27: the new `current.ts` swapped the import's names (`IMPOSSIBLE, VersionInfo` became
/// `VersionInfo, IMPOSSIBLE`) and added a parameter nobody uses. It keeps the old order now, and
/// imports and declares nothing unused.
#[test]
fn the_new_current_keeps_the_import_order_and_adds_nothing_unused() {
    let (_dir, root) = copy("clean/ghost-startos");
    let current = root.join("startos/versions/current.ts");
    let text = std::fs::read_to_string(&current).unwrap();
    let swapped = text.replace("{ VersionInfo, IMPOSSIBLE }", "{ IMPOSSIBLE, VersionInfo }");
    assert_ne!(swapped, text, "the fixture's import changed: {text}");
    std::fs::write(&current, swapped).unwrap();
    let found = actions(&root);
    let (_, fix) = found
        .spin_offs
        .iter()
        .find(|(n, _)| n.bump == Bump::Patch)
        .expect("a patch spin-off");
    apply_to_disk(fix);
    let fresh = std::fs::read_to_string(&current).unwrap();
    assert!(
        fresh.starts_with("import { IMPOSSIBLE, VersionInfo } from"),
        "{fresh}"
    );
    assert!(!fresh.contains("effects"), "{fresh}");
}
