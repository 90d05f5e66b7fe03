//! The fix plan's promise (issue 24, RULES "Fixes"): whatever `check --fix` applies, with or
//! without `--unsafe-fixes`, leaves no finding of a code its file did not have, never more errors
//! and warnings, no historical `version` changed, and a second run changes nothing. Checked over
//! every fixture workspace, a generated corpus of the shapes real packages have, and (ignored by
//! default) a local corpus of real trees named by `FIX_CORPUS`.

mod common;
use common::{fixture, run_cli};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in ignore::WalkBuilder::new(root)
        .hidden(false)
        .build()
        .flatten()
    {
        if e.file_type().is_some_and(|t| t.is_file())
            && !e.path().components().any(|c| c.as_os_str() == ".git")
        {
            let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
            out.insert(rel, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// (path, code) → count, and the number of errors and warnings.
fn standing(root: &Path) -> (BTreeMap<(String, String), usize>, usize) {
    let (_, out, err) = run_cli(&["check", "--format", "json", "--allow-empty", "."], root);
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|_| panic!("{}: {out}{err}", root.display()));
    let mut codes = BTreeMap::new();
    let mut loud = 0;
    for d in v["diagnostics"].as_array().unwrap() {
        let key = (
            d["path"].as_str().unwrap().to_string(),
            d["code"].as_str().unwrap().to_string(),
        );
        *codes.entry(key).or_insert(0) += 1;
        if matches!(d["severity"].as_str(), Some("error" | "warning")) {
            loud += 1;
        }
    }
    (codes, loud)
}

/// The `version:` strings of each historical file (not `current.ts`, not `index.ts`), read
/// plainly from the text: the test's own view, independent of the product's parser.
fn historical_versions(tree: &BTreeMap<PathBuf, Vec<u8>>) -> BTreeMap<PathBuf, Vec<String>> {
    let mut out = BTreeMap::new();
    for (path, bytes) in tree {
        let in_versions = path.parent().is_some_and(|p| p.ends_with("versions"));
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !in_versions || name == "current.ts" || name == "index.ts" || !name.ends_with(".ts") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        let mut found = Vec::new();
        let mut rest = text.as_ref();
        while let Some(i) = rest.find("version:") {
            rest = &rest[i + "version:".len()..];
            let t = rest.trim_start();
            if let Some(q) = t.chars().next().filter(|c| matches!(c, '\'' | '"' | '`')) {
                if let Some(end) = t[1..].find(q) {
                    found.push(t[1..1 + end].to_string());
                }
            }
        }
        out.insert(path.clone(), found);
    }
    out
}

/// Runs `check --fix` (with `extra` flags) on a copy of `tree` twice and asserts the promise;
/// returns how many findings the first run fixed.
fn assert_promise(tree: &Path, extra: &[&str]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("t");
    // `cp -a`: real trees hold symbolic links (some dangling), kept as they are
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(tree)
        .arg(&root)
        .status()
        .unwrap();
    assert!(status.success(), "cannot copy {}", tree.display());
    let (codes_before, loud_before) = standing(&root);
    let files_before = files(&root);
    let mut args = vec!["check", "--fix", "--allow-empty"];
    args.extend_from_slice(extra);
    args.push(".");
    let (_, _, err) = run_cli(&args, &root);
    assert!(!err.contains("panicked"), "{}: {err}", tree.display());
    let (codes_after, loud_after) = standing(&root);
    for (key, n) in &codes_after {
        assert!(
            codes_before.get(key).is_some_and(|m| n <= m),
            "{} {extra:?}: --fix added {key:?}\n{err}",
            tree.display()
        );
    }
    assert!(
        loud_after <= loud_before,
        "{} {extra:?}: {loud_before} loud findings became {loud_after}\n{err}",
        tree.display()
    );
    let files_after = files(&root);
    // with --unsafe-fixes the current version may change; in a layout with no current.ts it sits
    // in a `v*.ts` file like history, so there only the safe run is held to this
    let has_current_ts = files_before
        .keys()
        .any(|p| p.ends_with("versions/current.ts"));
    let mut unchanged = (
        historical_versions(&files_before),
        historical_versions(&files_after),
    );
    if !extra.is_empty() && !has_current_ts {
        unchanged = (BTreeMap::new(), BTreeMap::new());
    }
    assert_eq!(
        unchanged.0,
        unchanged.1,
        "{} {extra:?}: a historical version changed\n{err}",
        tree.display()
    );
    assert_eq!(
        files_before.keys().collect::<Vec<_>>(),
        files_after.keys().collect::<Vec<_>>(),
        "{}: files appeared or vanished",
        tree.display()
    );
    let (_, _, err2) = run_cli(&args, &root);
    let again = files(&root);
    let changed: Vec<&PathBuf> = again
        .keys()
        .filter(|k| files_after.get(*k) != again.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "{} {extra:?}: a second --fix changed {changed:?}\n{err}\n{err2}",
        tree.display()
    );
    err.split("fixed ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The workspaces below `dir` that hold a project: each direct child folder.
fn children(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

#[test]
fn every_fixture_workspace_keeps_the_promise() {
    let mut fixed = 0;
    let mut trees = 0;
    for group in ["violations", "legacy-names", "actions", "clean"] {
        for tree in children(&fixture(group)) {
            for extra in [&[][..], &["--unsafe-fixes"][..]] {
                fixed += assert_promise(&tree, extra);
            }
            trees += 1;
        }
    }
    for tree in children(&fixture("../realworld")) {
        fixed += assert_promise(&tree, &[]);
        trees += 1;
    }
    assert!(trees > 20, "{trees} trees");
    assert!(
        fixed > 10,
        "only {fixed} fixes applied: the test would prove nothing"
    );
}

const IMPORTS: &str = "import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'\n";

fn version_file(export: &str, version: &str) -> String {
    format!(
        "{IMPORTS}\nexport const {export} = VersionInfo.of({{\n  version: '{version}',\n  releaseNotes: 'Update',\n  migrations: {{\n    up: async ({{ effects }}) => {{}},\n    down: IMPOSSIBLE,\n  }},\n}})\n"
    )
}

/// A StartOS package: `current.ts` at `current`, and historical files (file stem, export, version),
/// of which `listed` are in the graph (by export name, imported from their stem).
fn package(root: &Path, current: &str, history: &[(&str, &str, &str)], listed: &[(&str, &str)]) {
    let dir = root.join("startos/versions");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("current.ts"), version_file("current", current)).unwrap();
    for (stem, export, version) in history {
        std::fs::write(
            dir.join(format!("{stem}.ts")),
            version_file(export, version),
        )
        .unwrap();
    }
    let mut index = String::from("import { VersionGraph } from '@start9labs/start-sdk'\nimport { current } from './current'\n");
    for (export, stem) in listed {
        index.push_str(&format!("import {{ {export} }} from './{stem}'\n"));
    }
    let names: Vec<&str> = listed.iter().map(|(e, _)| *e).collect();
    index.push_str(&format!(
        "\nexport const versionGraph = VersionGraph.of({{\n  current,\n  other: [{}],\n}})\n",
        names.join(", ")
    ));
    std::fs::write(dir.join("index.ts"), index).unwrap();
}

/// The shapes that made the old `--fix` worse on real packages, and their neighbours.
fn generated_corpus(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut add = |name: &str, f: &dyn Fn(&Path)| {
        let p = root.join(name);
        f(&p);
        out.push(p);
    };
    // a released prerelease downstream under a legacy name (btcpayserver's v2.3.6.0.b9.ts)
    add("history-suffix", &|p| {
        package(
            p,
            "2.3.7:0",
            &[("v2.3.6.0.b9", "v2_3_6_0_b9", "2.3.6:0-beta.9")],
            &[("v2_3_6_0_b9", "v2.3.6.0.b9")],
        )
    });
    // two released prerelease downstreams that would collide once cut (lnd's 0.19.3-beta:1-beta.N)
    add("history-collide", &|p| {
        package(
            p,
            "0.19.3-beta:2",
            &[
                (
                    "v0.19.3-beta_1-beta.0",
                    "v_0_19_3_beta_1_beta_0",
                    "0.19.3-beta:1-beta.0",
                ),
                (
                    "v0.19.3-beta_1-beta.1",
                    "v_0_19_3_beta_1_beta_1",
                    "0.19.3-beta:1-beta.1",
                ),
            ],
            &[
                ("v_0_19_3_beta_1_beta_0", "v0.19.3-beta_1-beta.0"),
                ("v_0_19_3_beta_1_beta_1", "v0.19.3-beta_1-beta.1"),
            ],
        )
    });
    // the current version's suffix, cut, would equal a historical version (unsafe fix: rejected)
    add("current-collide", &|p| {
        package(
            p,
            "1.0.0:0-beta.1",
            &[("v1.0.0_0", "v_1_0_0_0", "1.0.0:0")],
            &[("v_1_0_0_0", "v1.0.0_0")],
        )
    });
    // an export renamed in a historical file: listed under its old name
    add("renamed-export", &|p| {
        package(
            p,
            "1.1.0:0",
            &[("v1.0.0_0", "v_1_0_0_0_new", "1.0.0:0")],
            &[("v_1_0_0_0", "v1.0.0_0")],
        )
    });
    // an unlisted historical file: the safe fix lists it
    add("unlisted", &|p| {
        package(p, "1.1.0:0", &[("v1.0.0_0", "v_1_0_0_0", "1.0.0:0")], &[])
    });
    // a legacy name in history, and a dotted downstream in the current version
    add("legacy-and-dotted", &|p| {
        package(
            p,
            "2.0.0:1.0",
            &[("v1.35.7.1", "v1_35_7_1", "1.35.7:1")],
            &[("v1_35_7_1", "v1.35.7.1")],
        )
    });
    out
}

#[test]
fn a_generated_corpus_of_real_shapes_keeps_the_promise() {
    let dir = tempfile::tempdir().unwrap();
    for tree in generated_corpus(dir.path()) {
        assert_promise(&tree, &[]);
        assert_promise(&tree, &["--unsafe-fixes"]);
    }
    // the safe plan lists the unlisted file: a fix that can fail to happen
    let unlisted = dir.path().join("unlisted");
    let (codes_before, _) = standing(&unlisted);
    assert!(
        codes_before.keys().any(|(_, c)| c == "SO004"),
        "{codes_before:?}"
    );
    let (_, _, err) = run_cli(&["check", "--fix", "."], &unlisted);
    assert!(err.contains("fixed 1 finding in 1 file"), "{err}");
    let (codes_after, _) = standing(&unlisted);
    assert!(
        !codes_after.keys().any(|(_, c)| c == "SO004"),
        "{codes_after:?}"
    );
}

#[test]
fn released_history_is_a_hint_without_a_version_fix() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    package(
        &root,
        "2.3.7:0",
        &[("v2.3.6_0", "v_2_3_6_0", "2.3.6:0-beta.9")],
        &[("v_2_3_6_0", "v2.3.6_0")],
    );
    let (_, out, _) = run_cli(&["check", "--format", "json", "."], &root);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let ex002: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "EX002")
        .collect();
    assert_eq!(ex002.len(), 1, "{out}");
    assert_eq!(ex002[0]["severity"], "hint", "{out}");
    // no fix but the ignore comment, which --fix never applies
    assert!(
        ex002[0]["fix"].is_null() || ex002[0]["fix"] == "unsafe",
        "{out}"
    );
    // on current.ts it keeps its severity, and its fix is unsafe
    let cur = dir.path().join("c");
    package(&cur, "2.3.7:0-beta.0", &[], &[]);
    let (_, out, _) = run_cli(&["check", "--format", "json", "."], &cur);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EX002")
        .unwrap()
        .clone();
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["fix"], "unsafe");
    let (_, _, err) = run_cli(&["check", "--fix", "."], &cur);
    assert!(err.contains("fixed 0 findings"), "{err}");
    let (_, _, err) = run_cli(&["check", "--fix", "--unsafe-fixes", "."], &cur);
    assert!(err.contains("fixed 1 finding in 1 file"), "{err}");
    let text = std::fs::read_to_string(cur.join("startos/versions/current.ts")).unwrap();
    assert!(text.contains("'2.3.7:0'"), "{text}");
}

/// Over real trees: `FIX_CORPUS=/path/to/trees cargo test --test fix_plan -- --ignored`, each
/// child folder one tree (a StartOS repository at some commit).
#[test]
#[ignore]
fn a_local_corpus_of_real_trees_keeps_the_promise() {
    let Ok(corpus) = std::env::var("FIX_CORPUS") else {
        eprintln!("FIX_CORPUS is not set: nothing to check");
        return;
    };
    let (mut trees, mut fixed) = (0, 0);
    for tree in children(Path::new(&corpus)) {
        fixed += assert_promise(&tree, &[]);
        fixed += assert_promise(&tree, &["--unsafe-fixes"]);
        trees += 1;
    }
    eprintln!("{trees} trees, {fixed} fixes applied (safe runs plus unsafe runs)");
}
