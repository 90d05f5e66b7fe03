//! The kept monorepo (the server's incremental analysis) against a fresh load (what `check`
//! does), after every one of many random edits to manifests, CHANGELOGs, sources and READMEs of a
//! generated charter monorepo: names, versions, dependencies, suppressions and removal promises
//! change; the two must never differ.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use manifest_lsp::analysis::{analyze, analyze_kept, config_for, Kept};
use manifest_lsp::workspace::{FactsCache, OverlaySource, Project, Source};

/// Comparable findings: file, range, code, message.
fn findings(report: Option<manifest_lsp::analysis::PackageReport>) -> Vec<String> {
    let mut out: Vec<String> = report
        .map(|r| r.diagnostics)
        .unwrap_or_default()
        .iter()
        .map(|d| {
            format!(
                "{} {:?} {} {}",
                d.path.display(),
                d.range,
                d.code,
                d.message
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_kept_monorepo_always_equals_a_fresh_load() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap().join("mono");
    common::generate_monorepo(&root, 12);
    let source = OverlaySource::default();
    source.trust_events(true); // as with a client that reports file events
    let cache = FactsCache::default();
    cache.trust_events(true);
    let kept = Kept::default();
    let project = Project::Charter(root.join(".changeset/config.json"));
    let files: Vec<PathBuf> = [
        "packages/pkg-0000/package.json",
        "packages/pkg-0001/package.json",
        "packages/pkg-0004/package.json",
        "packages/pkg-0001/CHANGELOG.md",
        "packages/pkg-0001/src/module03.ts",
        "packages/pkg-0004/src/module00.ts",
        "packages/pkg-0002/README.md",
    ]
    .iter()
    .map(|r| root.join(r))
    .collect();
    let mut texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let tokens = [
        "9",
        "0",
        ".",
        "\"",
        " ",
        "\n",
        "9.0.0",
        "workspace:*",
        "workspace:^",
        "will be removed in 1.0.0. ",
        "@deprecated since 2 — will be removed in 3. ",
        "removed in @bench/pkg-0004@2.0.0 ",
        "## 9.0.0\n",
        "\"private\": true, ",
        "\"name\": \"@bench/pkg-0004\", ",
        "\"@bench/pkg-0001\": \"^1.0.0\", ",
        "// manifest-lsp-ignore-next-line CH042 CH046\n",
        "<!-- manifest-lsp-ignore-next-line CH043 -->\n",
        "// CHARTER: keep\n",
    ];
    let mut rnd = common::xorshift(0x9e37_79b9_7f4a_7c15u64);
    let config = config_for(&root, &source);
    let names = [
        "@bench/pkg-0000",
        "@bench/pkg-0001",
        "@bench/pkg-0004",
        "@bench/renamed",
    ];
    let versions = ["1.0.0", "2.0.0", "3.0.0-next.1", "8.1.0", "9.0.0", "2.3.1"];
    let specs = ["workspace:*", "workspace:^", "^1.0.0", "npm:x@1"];
    for step in 0..250 {
        let i = rnd(files.len());
        let name = files[i].file_name().unwrap().to_str().unwrap().to_string();
        match rnd(3) {
            // a whole new manifest: name, version, privacy, dependencies and their specifiers
            0 if name == "package.json" => {
                let mut deps = Vec::new();
                for dep in ["@bench/pkg-0001", "@bench/pkg-0004", "@bench/pkg-0002"] {
                    if rnd(2) == 0 {
                        deps.push(format!("\"{dep}\": \"{}\"", specs[rnd(specs.len())]));
                    }
                }
                let suppress = if rnd(4) == 0 {
                    "\"//\": \"manifest-lsp-ignore-next-line CH044\",\n    "
                } else {
                    ""
                };
                texts[i] = format!(
                    "{{\n  \"name\": \"{}\",\n  \"version\": \"{}\",{}\n  \"dependencies\": {{\n    {suppress}{}\n  }}\n}}\n",
                    names[rnd(names.len())],
                    versions[rnd(versions.len())],
                    if rnd(5) == 0 { " \"private\": true," } else { "" },
                    deps.join(",\n    ")
                );
            }
            // a removal promise, plain or naming a package, sometimes kept or suppressed
            0 if name.ends_with(".ts") || name == "README.md" => {
                let major = 1 + rnd(9);
                let promise = match rnd(3) {
                    0 => format!("will be removed in {major}.0.0."),
                    1 => format!("will be removed in @bench/pkg-0004@{major}.0.0."),
                    _ => format!(
                        "deprecated in {major}.0.0 and will be removed in {}.0.0.",
                        major + 1
                    ),
                };
                let line = if name == "README.md" {
                    format!("\n{promise}\n")
                } else {
                    let before = [
                        "",
                        "// CHARTER: keep\n",
                        "// manifest-lsp-ignore-next-line CH042\n",
                    ][rnd(3)];
                    format!("\n{before}// {promise}\n")
                };
                texts[i].push_str(&line);
            }
            0 => {
                let major = 1 + rnd(9);
                texts[i] = format!("# changelog\n\n## {major}.0.0\n\n- Major.\n");
            }
            // a keystroke or a deletion anywhere
            _ => {
                let text = &mut texts[i];
                let mut at = rnd(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                if rnd(3) == 0 && at < text.len() {
                    let mut end = (at + 1 + rnd(8)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                } else {
                    text.insert_str(at, tokens[rnd(tokens.len())]);
                }
            }
        }
        let text = &texts[i];
        source.set(files[i].clone(), Arc::from(text.as_str()));
        // now and then the editor saves, and the file event arrives
        if step % 37 == 0 {
            std::fs::write(&files[i], text).unwrap();
            source.forget_disk(&files[i]);
        }
        let kept_now = findings(analyze_kept(&project, &source, &cache, &config, &kept));
        let fresh = findings(analyze(&project, &source, &FactsCache::default(), &config));
        if kept_now != fresh {
            let missing: Vec<_> = fresh.iter().filter(|f| !kept_now.contains(f)).collect();
            let extra: Vec<_> = kept_now.iter().filter(|f| !fresh.contains(f)).collect();
            panic!(
                "step {step}, after an edit to {}:\nmissing: {missing:#?}\nextra: {extra:#?}",
                files[i].display()
            );
        }
    }
    // and the edits found something to say: the comparison is not between two empty lists
    let end = findings(analyze(&project, &source, &FactsCache::default(), &config));
    eprintln!("{} findings at the end", end.len());
    assert!(!end.is_empty());
    let _: &dyn Source = &source;
}
