//! `check` over the fixture workspaces: snapshots of what it reports, exit codes, formats.

mod common;
use common::run_cli;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn check(args: &[&str], dir: &Path) -> (i32, String, String) {
    run_cli(&[&["check"], args].concat(), dir)
}

#[test]
fn correct_packages_produce_no_diagnostics() {
    let (code, out, err) = check(&["--format", "json", "clean"], &fixtures());
    assert_eq!(code, 0, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0, "{out}");
}

#[test]
fn every_rule_fires_on_its_fixture() {
    let (code, out, _) = check(&["--format", "json", "violations"], &fixtures());
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for d in v["diagnostics"].as_array().unwrap() {
        let path = d["path"].as_str().unwrap();
        let code = d["code"].as_str().unwrap();
        let dir = path.split('/').nth(1).unwrap();
        // each package named after a rule reports that rule (and only rules it implies)
        if dir.len() > 5 && dir.as_bytes()[2].is_ascii_digit() {
            assert!(
                dir.to_uppercase().starts_with(code),
                "{dir} reported {code}: {d}"
            );
        }
    }
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for c in [
        "EX001", "EX002", "EX003", "EX004", "EX005", "EX006", "SO001", "SO002", "SO003", "SO004",
        "SO005", "SO006", "SO007", "SO008", "SO009", "SO010", "SO011", "CF001", "RP001", "RP002",
        "RP003", "SF001", "SF002", "SF003", "SF004", "SF005", "SU001", "PE001", "PE002", "PE003",
        "PE004", "PE005", "PE006", "CH041", "CH042", "CH043", "CH044", "CH045", "CH046",
    ] {
        assert!(codes.contains(&c), "{c} never fired");
    }
    insta::assert_snapshot!("violations_json", out);
}

#[test]
fn human_output_marks_the_range() {
    let (_, out, _) = check(&["violations/unicode-line"], &fixtures());
    insta::assert_snapshot!("unicode_human", out);
}

#[test]
fn legacy_names_are_hints_only() {
    let (code, out, _) = check(&["--format", "json", "legacy-names"], &fixtures());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = v["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert!(d
        .iter()
        .all(|d| d["code"] == "SO008" && d["severity"] == "hint"));
}

#[test]
fn config_turns_rules_off_and_changes_severity() {
    let (_, out, _) = check(&["--format", "json", "violations/configured"], &fixtures());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = v["diagnostics"].as_array().unwrap();
    assert!(d.iter().all(|d| d["code"] != "SO008"), "{out}");
    assert!(
        d.iter()
            .any(|d| d["code"] == "EX006" && d["severity"] == "warning"),
        "{out}"
    );
}

#[test]
fn sarif_and_github_formats() {
    let (_, out, _) = check(
        &["--format", "sarif", "violations/ex001-invalid-exver"],
        &fixtures(),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let r = &v["runs"][0]["results"][0];
    assert_eq!(r["ruleId"], "EX001");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    let (_, out, _) = check(
        &["--format", "github", "violations/ex001-invalid-exver"],
        &fixtures(),
    );
    assert!(out.starts_with("::error file=violations/ex001-invalid-exver/startos/versions/current.ts,line=4,col=13,"), "{out}");
}

#[test]
fn usage_and_missing_paths_exit_2() {
    let (code, _, err) = check(&["no/such/dir"], &fixtures());
    assert_eq!(code, 2);
    assert!(err.contains("no such file"));
    let (code, _, _) = check(&["--format", "yaml"], &fixtures());
    assert_eq!(code, 2);
}

#[test]
fn hostile_inputs_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let v = dir.path().join("pkg/startos/versions");
    std::fs::create_dir_all(&v).unwrap();
    std::fs::write(v.join("current.ts"), [0xff, 0xfe, 0x00, 0x80]).unwrap(); // invalid UTF-8
    std::fs::write(
        v.join("v1.0.0_0.ts"),
        "export const v_1_0_0_0 = VersionInfo.of({ version: '1.0",
    )
    .unwrap();
    let big = "// filler\n".repeat(500_000); // 5 MB
    std::fs::write(v.join("index.ts"), big).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path(), dir.path().join("pkg/loop")).unwrap();
    let (code, out, err) = check(&["."], dir.path());
    assert!(code == 0 || code == 1, "{out}{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
}

/// A graph entry whose import broke (the file renamed by hand, or the import rewritten by an
/// editor's "update imports" after a move) is named for what it is: listed, with a broken import
/// (SO005; SO004 yields to it), and the fix points the import at the one file that exports the name.
#[test]
fn broken_imports_of_listed_versions_say_so_and_offer_the_path() {
    let (_tmp, root) = common::copy_fixture("clean/ghost-startos");
    let versions = root.join("startos/versions");
    std::fs::rename(versions.join("v6.0.0_2.ts"), versions.join("v6.0.0-2.ts")).unwrap();
    let (code, out, _) = check(&["."], &root);
    assert_eq!(code, 1);
    // one finding per cause: SO005 alone (SO004 yields to it)
    assert!(!out.contains("error[SO004]"), "{out}");
    assert!(!out.contains("is not listed"), "{out}");
    assert!(out.contains("error[SO005]: `v_6_0_0_2` is imported from `./v6.0.0_2`, which does not exist; `v6.0.0-2.ts` exports it"), "{out}");
    assert!(
        out.contains("fix (unsafe: applied only with --fix --unsafe-fixes): Import `v_6_0_0_2` from `./v6.0.0-2`"),
        "{out}"
    );

    // VS Code's "update imports" after a move of current.ts
    let (_tmp, root) = common::copy_fixture("clean/ghost-startos");
    let index = root.join("startos/versions/index.ts");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        text.replace("from './current'", "from './v6.0.0_2'"),
    )
    .unwrap();
    let (_, out, _) = check(&["."], &root);
    assert!(out.contains("`current` is imported from `./v6.0.0_2`, which exports no VersionInfo named `current`; `current.ts` exports it"), "{out}");
    assert!(
        out.contains("): Import `current` from `./current`"),
        "{out}"
    );
}
