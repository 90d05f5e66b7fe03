//! Small trees reduced by hand from real public repositories (see `tests/realworld/README.md`):
//! each holds the shape that once raised a false alarm or hid a real finding. `check .` in each
//! must report exactly what its `expected.txt` lists (`exit N`, then `CODE path:line`, sorted).
//! `MANIFEST_LSP_BLESS=1` rewrites the files from what `check` reports now.

mod common;
use common::run_cli;
use std::path::Path;

fn cases() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/realworld");
    let mut out: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// `exit N` and one `CODE path:line` per finding, as `check --format json .` reports them.
fn report(dir: &Path) -> String {
    let (code, out, err) = run_cli(&["check", "--format", "json", "."], dir);
    let v: serde_json::Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{}: {e}\n{out}\n{err}", dir.display()));
    let mut lines: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["range"]["start"]["line"].as_u64().unwrap() + 1
            )
        })
        .collect();
    lines.sort();
    format!(
        "exit {code}\n{}",
        lines.iter().map(|l| format!("{l}\n")).collect::<String>()
    )
}

#[test]
fn every_reduction_reports_what_its_expectation_says() {
    let bless = std::env::var_os("MANIFEST_LSP_BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 10, "{cases:?}");
    for case in cases {
        let got = report(&case);
        let file = case.join("expected.txt");
        if bless {
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file)
            .unwrap_or_else(|_| panic!("{} has no expected.txt", case.display()));
        if got != want {
            failures.push(format!(
                "{}:\n--- expected\n{want}--- got\n{got}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The graph rules run in the legacy re-export index: unlisting a version is noticed.
#[test]
fn the_reexport_index_is_a_version_graph() {
    let (_tmp, root) = common::copy_fixture("../realworld/startos-reexport-index");
    let index = root.join("startos/install/versions/index.ts");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replace("  v_2_3_0_0\n", "")).unwrap();
    let (code, out, _) = run_cli(&["check", "--format", "json", "."], &root);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("SO004"), "{out}");
}
