//! The real binary over stdio: diagnostics after open, after edits (emoji and CJK on the line),
//! after a file is deleted on disk; and the same diagnostics as `check`.

mod common;
use common::client::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[test]
fn diagnostics_follow_open_edit_and_delete() {
    let (_tmp, root) = fixture("violations/so004-unlisted-version");
    let versions = root.join("pkg/startos/versions");
    let mut c = Client::start(&root, false);
    // indexing publishes for files that are not open: the unlisted historical file
    let unlisted = versions.join("v1.0.0_0.ts");
    let d = c.wait_diags(&unlisted, |d| !d.is_empty());
    assert_eq!(codes(&d), ["SO004"]);

    // edit index.ts in the buffer (unsaved): list it, and the diagnostic on the other file clears
    let index = versions.join("index.ts");
    c.open(&index);
    let text = std::fs::read_to_string(&index).unwrap();
    let line = text.lines().position(|l| l.contains("other:")).unwrap();
    let col = text.lines().nth(line).unwrap().find(']').unwrap();
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(&index), "version": 2 }, "contentChanges": [
            { "range": { "start": { "line": line, "character": col }, "end": { "line": line, "character": col } }, "text": ", v_1_0_0_0" },
            { "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "import { v_1_0_0_0 } from './v1.0.0_0'\n" }
        ] }),
    );
    c.wait_diags(&unlisted, |d| d.is_empty());

    // delete the historical file on disk: index.ts now names a missing file (SO005)
    std::fs::remove_file(&unlisted).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&unlisted), "type": 3 }] }),
    );
    let d = c.wait_diags(&index, |d| codes(d).contains(&"SO005".to_string()));
    assert!(d.iter().all(|x| x["code"] == "SO005"), "{d:?}");
    c.shutdown();
}

#[test]
fn a_workspace_given_only_by_its_folders_is_indexed() {
    let (_tmp, root) = fixture("violations/so004-unlisted-version");
    let folders = json!([{ "uri": uri(&root), "name": "w" }]);
    let mut c = Client::start_roots(Value::Null, folders, false, json!({}), Value::Null);
    // not open, found by indexing the folder
    let unlisted = root.join("pkg/startos/versions/v1.0.0_0.ts");
    let d = c.wait_diags(&unlisted, |d| !d.is_empty());
    assert_eq!(codes(&d), ["SO004"]);
    c.shutdown();
}

#[test]
fn without_any_root_the_opened_files_project_is_analysed() {
    let (_tmp, root) = fixture("violations/so004-unlisted-version");
    let mut c = Client::start_roots(Value::Null, Value::Null, false, json!({}), Value::Null);
    let versions = root.join("pkg/startos/versions");
    c.open(&versions.join("index.ts"));
    // the other files of the opened file's package are published too
    let d = c.wait_diags(&versions.join("v1.0.0_0.ts"), |d| !d.is_empty());
    assert_eq!(codes(&d), ["SO004"]);
    c.shutdown();
}

#[test]
fn code_actions_at_column_zero_or_for_the_whole_line() {
    let (_tmp, root) = fixture("violations/so007-docker-tag-mismatch");
    let mut c = Client::start(&root, false);
    let manifest = root.join("pkg/startos/manifest/index.ts");
    c.open(&manifest);
    let d = c.wait_diags(&manifest, |d| codes(d).contains(&"SO007".to_string()));
    let so007 = d.iter().find(|x| x["code"] == "SO007").unwrap().clone();
    let line = so007["range"]["start"]["line"].as_u64().unwrap();
    let ask = |c: &mut Client, range: Value, diagnostics: Value| -> Vec<String> {
        let r = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(&manifest) }, "range": range,
                    "context": { "diagnostics": diagnostics } }),
        );
        r.as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect()
    };
    let at = |l: u64, ch: u64| json!({ "line": l, "character": ch });
    for (range, diagnostics) in [
        // Emacs: the cursor at column 0, the line's diagnostics named
        (
            json!({ "start": at(line, 0), "end": at(line, 0) }),
            json!([so007.clone()]),
        ),
        // Neovim: the whole line
        (
            json!({ "start": at(line, 0), "end": at(line + 1, 0) }),
            json!([so007.clone()]),
        ),
        // a bare cursor anywhere on the line, nothing named
        (
            json!({ "start": at(line, 1), "end": at(line, 1) }),
            json!([]),
        ),
    ] {
        let titles = ask(&mut c, range.clone(), diagnostics);
        assert!(
            titles.iter().any(|t| t.starts_with("Set the tag")),
            "{range}: {titles:?}"
        );
    }
    c.shutdown();
}

#[test]
fn positions_with_emoji_and_cjk_in_both_encodings() {
    for utf8 in [false, true] {
        let (_tmp, root) = fixture("violations/unicode-line");
        let current = root.join("pkg/startos/versions/current.ts");
        let mut c = Client::start(&root, utf8);
        c.open(&current);
        let d = c.wait_diags(&current, |d| !d.is_empty());
        let start = &d[0]["range"]["start"];
        // `  /* 🚀 版本 */ version: '1.2.3'`: the value starts after 24 UTF-16 units, 30 bytes
        assert_eq!(start["line"], 3);
        assert_eq!(start["character"], if utf8 { 30 } else { 24 });

        // type before the emoji on the same line: the range moves by what was typed
        let at = 5; // just before the emoji, in both encodings
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(&current), "version": 2 }, "contentChanges": [
                { "range": { "start": { "line": 3, "character": at }, "end": { "line": 3, "character": at } }, "text": "é" }
            ] }),
        );
        let moved = if utf8 { 32 } else { 25 };
        let d = c.wait_diags(&current, |d| {
            !d.is_empty() && d[0]["range"]["start"]["character"] == moved
        });
        assert_eq!(d[0]["code"], "EX001");

        // fix the version: the diagnostic goes away
        let v_end = if utf8 { 37 } else { 30 };
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(&current), "version": 3 }, "contentChanges": [
                { "range": { "start": { "line": 3, "character": v_end }, "end": { "line": 3, "character": v_end } }, "text": ":0" }
            ] }),
        );
        c.wait_diags(&current, |d| d.is_empty());

        // hover on the version shows its names
        let h = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri(&current) }, "position": { "line": 3, "character": moved + 2 } }),
        );
        let md = h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            md.contains("v1.2.3_0.ts") && md.contains("v_1_2_3_0"),
            "{h}"
        );
        c.shutdown();
    }
}

/// The server opened on `server_root` publishes exactly what `check` reports for `root` (paths
/// compared after resolving symbolic links).
fn assert_server_matches_check(root: &Path, server_root: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_manifest-lsp"))
        .args(["check", "--format", "json", "."])
        .current_dir(root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let mut expected: Vec<(PathBuf, String, Value)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                canonical(&root.join(d["path"].as_str().unwrap())),
                d["code"].as_str().unwrap().to_string(),
                d["range"].clone(),
            )
        })
        .collect();
    expected.sort_by(|a, b| (&a.0, &a.1, a.2.to_string()).cmp(&(&b.0, &b.1, b.2.to_string())));
    assert!(!expected.is_empty());

    let mut c = Client::start(server_root, false);
    // the server names files under the root it was given
    let in_server = |p: &Path| server_root.join(p.strip_prefix(canonical(root)).unwrap());
    let files: Vec<PathBuf> = expected.iter().map(|e| in_server(&e.0)).collect();
    for f in &files {
        c.wait_diags(f, |d| !d.is_empty());
    }
    let mut got: Vec<(PathBuf, String, Value)> = c
        .diags
        .iter()
        .flat_map(|(u, ds)| {
            let path = canonical(Path::new(u.strip_prefix("file://").unwrap()));
            ds.as_array().unwrap().iter().map(move |d| {
                (
                    path.clone(),
                    d["code"].as_str().unwrap().to_string(),
                    d["range"].clone(),
                )
            })
        })
        .collect();
    got.sort_by(|a, b| (&a.0, &a.1, a.2.to_string()).cmp(&(&b.0, &b.1, b.2.to_string())));
    assert_eq!(got, expected);
    c.shutdown();
}

#[test]
fn server_and_check_agree() {
    let (_tmp, root) = fixture("violations");
    assert_server_matches_check(&root, &root);
}

#[test]
fn server_and_check_agree_through_a_symlinked_root() {
    let (tmp, root) = fixture("violations");
    let link = tmp.path().canonicalize().unwrap().join("link");
    std::os::unix::fs::symlink(&root, &link).unwrap();
    assert_server_matches_check(&root, &link);
}

/// A UTF-16 LSP position → byte offset in `text`.
fn code_actions(c: &mut Client, file: &Path, line: u32, character: u32, only: Value) -> Vec<Value> {
    let pos = json!({ "line": line, "character": character });
    c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri(file) },
            "range": { "start": pos, "end": pos },
            "context": { "diagnostics": [], "only": only }
        }),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
}

#[test]
fn spin_off_through_code_actions_with_resource_operations() {
    // a client that can create files but not rename them: the spin-off moves no file (an
    // editor that saw a rename would offer to "update imports" and break index.ts)
    let (_dir, root) = fixture("clean/hello-world-startos");
    let mut c = Client::start_with(
        &root,
        false,
        json!({ "documentChanges": true, "resourceOperations": ["create"] }),
    );
    let current = root.join("pkg/startos/versions/current.ts");
    c.open(&current);
    let actions = code_actions(&mut c, &current, 3, 14, json!(["refactor"]));
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.starts_with("Bump to 0.13.6:0")),
        "{titles:?}"
    );
    let spin = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("start 0.14.0:0"))
        .unwrap_or_else(|| panic!("no minor spin-off in {titles:?}"));
    assert_eq!(spin["kind"], "refactor");
    let ops = spin["edit"]["documentChanges"].as_array().unwrap();
    assert!(ops.iter().all(|op| op["kind"] != "rename"), "{ops:?}");
    let before = std::fs::read_to_string(&current).unwrap();
    apply_document_changes(&spin["edit"]);
    c.shutdown();

    // the historical file holds the old current.ts, its export renamed, byte for byte otherwise
    let historical =
        std::fs::read_to_string(root.join("pkg/startos/versions/v0.13.5_0.ts")).unwrap();
    assert_eq!(
        historical,
        before.replace("export const current", "export const v_0_13_5_0")
    );
    let fresh = std::fs::read_to_string(&current).unwrap();
    assert!(
        fresh.contains("export const current") && fresh.contains("'0.14.0:0'"),
        "{fresh}"
    );
    let index = std::fs::read_to_string(root.join("pkg/startos/versions/index.ts")).unwrap();
    assert!(
        index.contains("import { v_0_13_5_0 } from './v0.13.5_0'"),
        "{index}"
    );
    assert!(index.contains("other: [v_0_13_5_0],"), "{index}");
    assert_check_clean(&root.join("pkg"));
}

/// An undone spin-off deletes the historical file it created: a change on disk, not in the
/// buffer, so the editor would not ask for the lenses again. The server asks it to.
#[test]
fn the_lenses_come_back_when_the_file_that_blocked_them_goes() {
    let (_dir, root) = fixture("clean/hello-world-startos");
    let mut c = Client::start_with_capabilities(
        &root,
        json!({ "documentChanges": true, "resourceOperations": ["create", "rename"] }),
        json!({ "workspace": { "codeLens": { "refreshSupport": true },
                               "inlayHint": { "refreshSupport": true } } }),
    );
    let current = root.join("pkg/startos/versions/current.ts");
    c.open(&current);
    let lenses = |c: &mut Client| -> usize {
        c.request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": uri(&current) } }),
        )
        .as_array()
        .map_or(0, |l| l.len())
    };
    assert_eq!(lenses(&mut c), 4);
    // the spin-off's target exists: no spin-off, no lens
    let target = root.join("pkg/startos/versions/v0.13.5_0.ts");
    std::fs::copy(&current, &target).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&target), "type": 1 }] }),
    );
    c.settle(std::time::Duration::from_millis(300));
    assert_eq!(lenses(&mut c), 0);
    // it goes (the undo): the server asks for the lenses and hints again, and they are back
    c.server_requests.clear();
    std::fs::remove_file(&target).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&target), "type": 3 }] }),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !["workspace/codeLens/refresh", "workspace/inlayHint/refresh"]
        .iter()
        .all(|m| c.server_requests.iter().any(|r| r == m))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no refresh: {:?}",
            c.server_requests
        );
        c.settle(std::time::Duration::from_millis(100));
    }
    assert_eq!(lenses(&mut c), 4);
    c.shutdown();
}

#[test]
fn on_the_version_line_the_version_actions_come_first() {
    let (_dir, root) = fixture("clean/hello-world-startos");
    let mut c = Client::start_with(
        &root,
        false,
        json!({ "documentChanges": true, "resourceOperations": ["create", "rename"] }),
    );
    let current = root.join("pkg/startos/versions/current.ts");
    c.open(&current);
    let summary = |actions: &[Value]| -> Vec<(String, String, bool)> {
        actions
            .iter()
            .map(|a| {
                let title = a["title"].as_str().unwrap();
                (
                    title.split_whitespace().next().unwrap().to_string(),
                    a["kind"].as_str().unwrap().to_string(),
                    a["isPreferred"] == true,
                )
            })
            .collect()
    };
    // Ctrl+. on the `version` line (at its key, not only in the literal): the spin-offs, then the
    // bumps, all preferred, in the editor's first group
    let on_line = summary(&code_actions(&mut c, &current, 3, 3, json!(null)));
    assert_eq!(on_line.len(), 8, "{on_line:?}");
    assert!(on_line[..4].iter().all(|a| a.0 == "Spin"), "{on_line:?}");
    assert!(on_line[4..].iter().all(|a| a.0 == "Bump"), "{on_line:?}");
    assert!(
        on_line.iter().all(|a| a.1 == "quickfix" && a.2),
        "{on_line:?}"
    );
    // elsewhere in current.ts: offered as the refactors they are, not preferred
    let elsewhere = summary(&code_actions(&mut c, &current, 5, 6, json!(null)));
    assert!(
        elsewhere
            .iter()
            .all(|a| a.1.starts_with("refactor") && !a.2),
        "{elsewhere:?}"
    );
    // a client asking for refactors gets them as refactors, even on the line
    let asked = summary(&code_actions(&mut c, &current, 3, 3, json!(["refactor"])));
    assert_eq!(asked.len(), 8, "{asked:?}");
    assert!(
        asked.iter().all(|a| a.1.starts_with("refactor")),
        "{asked:?}"
    );
    c.shutdown();
}

#[test]
fn without_resource_operations_only_text_actions_are_offered() {
    let (_dir, root) = fixture("violations/ex006-implicit-caret");
    let mut c = Client::start(&root, false);
    let current = root.join("pkg/startos/versions/current.ts");
    c.open(&current);
    let all = code_actions(&mut c, &current, 11, 15, json!(null));
    let kinds: Vec<&str> = all.iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"quickfix"), "{kinds:?}");
    assert!(kinds.contains(&"refactor.rewrite"), "{kinds:?}");
    assert!(
        !kinds.contains(&"refactor"),
        "a spin-off needs resource operations: {kinds:?}"
    );
    let fix = all.iter().find(|a| a["kind"] == "quickfix").unwrap();
    assert_eq!(fix["diagnostics"][0]["code"], "EX006");
    // the plain `changes` form, positioned in the open buffer
    let edits = fix["edit"]["changes"][uri(&current)].as_array().unwrap();
    assert_eq!(edits[0]["newText"], "^");
    // and, after the real fix, an ignore comment above the line, in its indentation
    let ignore = all
        .iter()
        .find(|a| a["title"] == "Ignore EX006 on this line")
        .unwrap_or_else(|| panic!("{all:?}"));
    let edits = ignore["edit"]["changes"][uri(&current)].as_array().unwrap();
    assert_eq!(
        edits[0]["newText"],
        "    // manifest-lsp-ignore-next-line EX006\n"
    );
    assert_eq!(
        edits[0]["range"]["start"],
        json!({ "line": 11, "character": 0 })
    );
    // fix-all, asked for explicitly
    let fix_all = code_actions(&mut c, &current, 0, 0, json!(["source.fixAll"]));
    assert_eq!(fix_all.len(), 1);
    assert_eq!(fix_all[0]["kind"], "source.fixAll.manifest-lsp");
    c.shutdown();
}

fn completion(c: &mut Client, file: &Path, line: u32, character: u32) -> Vec<Value> {
    let r = c.request(
        "textDocument/completion",
        json!({
            "textDocument": { "uri": uri(file) },
            "position": { "line": line, "character": character }
        }),
    );
    r["items"].as_array().cloned().unwrap_or_default()
}

#[test]
fn completion_offers_next_versions_and_missing_locales() {
    let (_dir, root) = fixture("clean/ghost-startos");
    let mut c = Client::start(&root, false);
    let current = root.join("pkg/startos/versions/current.ts");
    c.open(&current);
    // line 3 is `  version: '6.57.1:0',`: inside the string
    let items = completion(&mut c, &current, 3, 14);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["6.57.2:0", "6.58.0:0", "7.0.0:0", "6.57.1:1"]);
    assert_eq!(items[1]["detail"], "upstream minor of 6.57.1:0");
    assert_eq!(
        items[1]["textEdit"]["range"],
        json!({ "start": { "line": 3, "character": 12 }, "end": { "line": 3, "character": 20 } })
    );
    // outside the string: nothing
    assert!(completion(&mut c, &current, 3, 2).is_empty());

    // a version being retyped from scratch: the successors of the newest historical version
    let text = std::fs::read_to_string(&current)
        .unwrap()
        .replace("'6.57.1:0'", "''");
    c.change(&current, 2, &text);
    let labels: Vec<String> = completion(&mut c, &current, 3, 12)
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect();
    assert!(labels.contains(&"6.0.0:3".to_string()), "{labels:?}");
    c.shutdown();

    // a release-notes object that lacks a locale the package uses
    let (_dir, root) = fixture("violations/so010-release-notes-locales");
    let mut c = Client::start(&root, false);
    let current = root.join("pkg/startos/versions/current.ts");
    c.open(&current);
    // line 5 is `    en_US: 'Only English',`: at its end, a new key would go after it
    let items = completion(&mut c, &current, 5, 26);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["es_ES"]);
    assert_eq!(items[0]["kind"], 21); // Constant
                                      // inside a note's text: nothing
    assert!(completion(&mut c, &current, 5, 15).is_empty());
    c.shutdown();
}

#[test]
fn the_spin_off_lens_runs_through_execute_command_and_apply_edit() {
    let (_dir, root) = fixture("clean/hello-world-startos");
    let mut c = Client::start_with(
        &root,
        false,
        json!({ "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] }),
    );
    let current = root.join("pkg/startos/versions/current.ts");
    c.open(&current);
    let lenses = c.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri(&current) } }),
    );
    let lenses = lenses.as_array().cloned().unwrap_or_default();
    let titles: Vec<&str> = lenses
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Start 0.13.6:0",
            "Start 0.14.0:0",
            "Start 1.0.0:0",
            "Start 0.13.5:1",
        ]
    );
    // over the version literal
    assert_eq!(lenses[0]["range"]["start"]["line"], 3);
    let command = lenses[1]["command"].clone();
    let run = |c: &mut Client| {
        c.request(
            "workspace/executeCommand",
            json!({ "command": command["command"], "arguments": command["arguments"] }),
        )
    };
    run(&mut c);
    assert_eq!(c.applied.len(), 1, "{:?}", c.messages);
    apply_document_changes(&c.applied[0].clone());
    assert!(root.join("pkg/startos/versions/v0.13.5_0.ts").is_file());

    // the same lens once more, after the editor saved and closed the files: computed anew, the
    // version is no longer a next one, so nothing is sent and the user is told why
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri(&current) } }),
    );
    run(&mut c);
    // a notification may arrive after the response: wait for it
    let deadline = Instant::now() + Duration::from_secs(10);
    while !c
        .messages
        .iter()
        .any(|m| m.starts_with("Spin-off not done"))
    {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no message; got {:?}", c.messages);
        if let Ok(msg) = c.rx.recv_timeout(left) {
            c.handle(msg);
        }
    }
    assert_eq!(c.applied.len(), 1);
    c.shutdown();
    assert_check_clean(&root.join("pkg"));
}

#[test]
fn json_projects_update_live_even_half_typed() {
    let (_dir, root) = fixture("violations/sf004-invalid-version-number");
    let mut c = Client::start(&root, false);
    let sfdx = root.join("pkg/sfdx-project.json");
    c.open(&sfdx);
    let d = c.wait_diags(&sfdx, |d| d.len() == 3);
    assert!(codes(&d).iter().all(|c| c == "SF004"), "{d:?}");
    // the crate names no real repository yet: no link that leads nowhere
    assert!(d[0].get("codeDescription").is_none(), "{:?}", d[0]);
    // hover on the finding: the rule in one line, and where its full text is
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&sfdx) }, "position": d[0]["range"]["start"] }),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**SF004** invalid-version-number (error)"),
        "{md}"
    );
    assert!(
        md.contains("Full text: `manifest-lsp explain SF004`"),
        "{md}"
    );
    assert!(!md.contains("## Why is this bad?"), "no scrolling: {md}");
    // half-typed: the closing brackets are gone, the bad version still shows, the others are fixed
    let text = "{\n  \"packageDirectories\": [\n    { \"package\": \"A\", \"versionNumber\": \"1.2.0\" },\n    { \"package\": \"B\", \"versionNumber\": \"1.0.0.NEXT\"";
    c.change(&sfdx, 2, text);
    let d = c.wait_diags(&sfdx, |d| d.len() == 1);
    assert_eq!(
        d[0]["range"]["start"],
        json!({ "line": 2, "character": 40 })
    );
    c.shutdown();

    // a Radpack package.json: diagnostics, and the quick fix over the wire
    let (_dir, root) = fixture("violations/rp001-floating-peer-range");
    let mut c = Client::start(&root, false);
    let manifest = root.join("pkg/package.json");
    c.open(&manifest);
    let d = c.wait_diags(&manifest, |d| d.len() == 2);
    let line = d[0]["range"]["start"]["line"].as_u64().unwrap() as u32;
    let actions = code_actions(&mut c, &manifest, line, 21, json!(["quickfix"]));
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["title"], "Use ^2");
    assert_eq!(actions[0]["isPreferred"], json!(null)); // not a safe fix
    c.shutdown();
}

#[test]
fn ancestor_completion_offers_keywords_and_released_versions() {
    let (_dir, root) = fixture("violations/sf005-patch-version-ancestry");
    let mut c = Client::start(&root, false);
    let sfdx = root.join("pkg/sfdx-project.json");
    c.open(&sfdx);
    // line 6 is `      "ancestorVersion": "1.1.0"`: inside the value
    let items = completion(&mut c, &sfdx, 6, 29);
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["HIGHEST", "NONE", "1.2.0", "1.1.0"]);
    assert_eq!(
        items[2]["textEdit"]["range"],
        json!({ "start": { "line": 6, "character": 26 }, "end": { "line": 6, "character": 31 } })
    );
    c.shutdown();
}

#[test]
fn peers_definitions_update_live() {
    let (_dir, root) = fixture("violations/pe001-forbidden-version-tag");
    let mut c = Client::start(&root, false);
    let def = root.join("pkg/src/package.ts");
    c.open(&def);
    let d = c.wait_diags(&def, |d| d.len() == 2);
    assert!(codes(&d).iter().all(|c| c == "PE001"), "{d:?}");
    // the helper no longer receives the builder: its assignment is not the package's any more
    let text = std::fs::read_to_string(&def)
        .unwrap()
        .replace("  channel(p)\n", "");
    c.change(&def, 2, &text);
    let d = c.wait_diags(&def, |d| d.len() == 1);
    assert_eq!(d[0]["range"]["start"]["line"], 9);
    c.shutdown();
}

#[test]
fn follow_settings_complete_their_values() {
    let (_dir, root) = fixture("violations/pe003-invalid-follow-range");
    let mut c = Client::start(&root, false);
    let def = root.join("pkg/src/package.ts");
    c.open(&def);
    // line 4 is `  pkg.versionFollowRange = 'major'`: inside the string
    let labels: Vec<String> = completion(&mut c, &def, 4, 30)
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(labels, ["pinned", "patch", "minor", "latest"]);
    c.shutdown();
}

#[test]
fn charter_rules_follow_edits_across_files() {
    let (_dir, root) = fixture("violations/charter-monorepo");
    let mut c = Client::start(&root, false);
    let traps = root.join("pkg/packages/traps/package.json");
    let changelog = root.join("pkg/packages/traps/CHANGELOG.md");
    c.open(&traps);
    c.wait_diags(&traps, |d| codes(d) == ["CH043"]);
    // adding the heading to the CHANGELOG clears the open package.json
    c.open(&changelog);
    let text = std::fs::read_to_string(&changelog)
        .unwrap()
        .replace("## 8.0.0", "## 9.0.0\n\n- v5.\n\n## 8.0.0");
    c.change(&changelog, 2, &text);
    c.wait_diags(&traps, |d| d.is_empty());
    c.wait_diags(&changelog, |d| d.is_empty());
    // bumping a linked member's major flags its siblings
    let contracts = root.join("pkg/packages/surface-contracts/package.json");
    c.open(&contracts);
    let text = std::fs::read_to_string(&traps)
        .unwrap()
        .replace("9.0.0", "10.0.0");
    c.change(&traps, 2, &text);
    let d = c.wait_diags(&contracts, |d| codes(d).contains(&"CH045".to_string()));
    assert!(d[0]["message"].as_str().unwrap().contains("at 10"), "{d:?}");
    c.shutdown();
}

#[test]
fn editor_settings_set_rule_levels() {
    let (_dir, root) = fixture("violations/ex006-implicit-caret");
    let options = json!({ "rules": { "EX006": "off" } });
    let mut c = Client::start_full(&root, false, json!({}), options);
    let current = root.join("pkg/startos/versions/current.ts");
    c.open(&current);
    c.wait_diags(&current, |d| d.is_empty());
    // a client without workspace/configuration sends the settings with the notification
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "manifest-lsp": { "rules": { "implicit-caret": "error" } } } }),
    );
    let d = c.wait_diags(&current, |d| !d.is_empty());
    assert_eq!(codes(&d), ["EX006"]);
    assert_eq!(d[0]["severity"], 1);
    c.shutdown();
}

/// A UTF-16 position of a byte offset.
/// Whether an LSP range lies inside `text` (UTF-16 columns).
fn range_fits(text: &str, range: &Value) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    ["start", "end"].iter().all(|k| {
        let line = range[k]["line"].as_u64().unwrap() as usize;
        let ch = range[k]["character"].as_u64().unwrap() as usize;
        lines.get(line).is_some_and(|l| {
            ch <= l
                .trim_end_matches('\r')
                .chars()
                .map(char::len_utf16)
                .sum::<usize>()
        })
    })
}

#[test]
fn a_thousand_random_edits_end_with_what_check_says() {
    let (_tmp, root) = fixture("violations");
    let pkg = root.join("pkg");
    let c = Client::start(&root, false);
    let open: Vec<PathBuf> = [
        "so004-unlisted-version/startos/versions/index.ts",
        "so004-unlisted-version/startos/versions/current.ts",
        "so002-file-name-mismatch/startos/versions/current.ts",
        "sf003-ancestor-conflict/sfdx-project.json",
        "charter-monorepo/packages/push/package.json",
        "charter-monorepo/packages/push/src/index.ts",
    ]
    .iter()
    .map(|r| pkg.join(r))
    .collect();
    let tokens = [
        "'",
        "0",
        ".",
        ":",
        "1",
        "\n",
        " ",
        ",",
        "v",
        "_",
        "9.0.0",
        "}",
        "{",
        "\"",
        "-beta.0",
        "é",
        "😀",
        "workspace:^",
        "will be removed in 2.0.0 ",
    ];
    let new_dir = pkg.join("so004-unlisted-version/startos/versions");
    random_edits(
        c,
        &root,
        open,
        &tokens,
        &new_dir,
        |step| {
            (
            format!("v1.{step}.0_0.ts"),
            format!("import {{ VersionInfo }} from '@start9labs/start-sdk'\nexport const v_1_{step}_0_0 = VersionInfo.of({{ version: '1.{step}.0:0', releaseNotes: 'x', migrations: {{}} }})\n"),
        )
        },
        1000,
    );
}

/// Random incremental edits over `open` (tokens from `tokens`), interleaved with files created
/// in `new_dir` by `new_file`, renamed and deleted on disk; the server must end with exactly what
/// `check` reports on the final tree, nothing stale, every publish fitting its version's text.
fn random_edits(
    mut c: Client,
    root: &Path,
    open: Vec<PathBuf>,
    tokens: &[&str],
    new_dir: &Path,
    new_file: impl Fn(usize) -> (String, String),
    edits: usize,
) {
    let mut texts: Vec<String> = open
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut versions = vec![1i64; open.len()];
    // every text each document had, by version: what a publish must fit
    let mut history: std::collections::HashMap<(usize, i64), String> = Default::default();
    for (i, p) in open.iter().enumerate() {
        c.open(p);
        history.insert((i, 1), texts[i].clone());
    }
    let mut rnd = common::xorshift(0x2545_f491_4f6c_dd1du64);
    let mut extra: Vec<PathBuf> = Vec::new();
    for step in 0..edits {
        let i = rnd(open.len());
        let text = &texts[i];
        // a char boundary
        let mut at = rnd(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let (range_end, new_text) = if rnd(3) == 0 && at < text.len() {
            let mut end = (at + 1 + rnd(6)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            (end, String::new())
        } else {
            (at, tokens[rnd(tokens.len())].to_string())
        };
        let start_pos = position_of(text, at);
        let end_pos = position_of(text, range_end);
        let mut next = text.clone();
        next.replace_range(at..range_end, &new_text);
        texts[i] = next;
        versions[i] += 1;
        history.insert((i, versions[i]), texts[i].clone());
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(&open[i]), "version": versions[i] },
                    "contentChanges": [{ "range": { "start": start_pos, "end": end_pos }, "text": new_text }] }),
        );
        // the disk changes too: files created, renamed and deleted outside the editor
        if step % 97 == 50 {
            let (name, content) = new_file(step);
            let p = new_dir.join(name);
            std::fs::write(&p, content).unwrap();
            c.notify(
                "workspace/didChangeWatchedFiles",
                json!({ "changes": [{ "uri": uri(&p), "type": 1 }] }),
            );
            extra.push(p);
        } else if step % 97 == 80 && !extra.is_empty() {
            let from = extra.remove(0);
            if rnd(2) == 0 {
                std::fs::remove_file(&from).unwrap();
                c.notify(
                    "workspace/didChangeWatchedFiles",
                    json!({ "changes": [{ "uri": uri(&from), "type": 3 }] }),
                );
            } else {
                let to = from.with_file_name(format!("renamed-{step}.ts"));
                std::fs::rename(&from, &to).unwrap();
                c.notify(
                    "workspace/didChangeWatchedFiles",
                    json!({ "changes": [
                    { "uri": uri(&from), "type": 3 }, { "uri": uri(&to), "type": 1 } ] }),
                );
                extra.push(to);
            }
        }
        // read what has arrived so far, without waiting
        while let Ok(msg) = c.rx.try_recv() {
            c.handle(msg);
        }
    }
    // the final state: save the buffers, and the server must show exactly what check reports
    for (p, t) in open.iter().zip(&texts) {
        std::fs::write(p, t).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_manifest-lsp"))
        .args(["check", "--format", "json", "."])
        .current_dir(root)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected: Vec<(String, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                uri(&root.join(d["path"].as_str().unwrap())),
                d["code"].as_str().unwrap().to_string(),
                d["range"].to_string(),
            )
        })
        .collect();
    expected.sort();
    eprintln!("final state: {} findings", expected.len());
    // the server catches up with the backlog of edits: wait (bounded) until it shows exactly what
    // check reports
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        c.settle(Duration::from_millis(300));
        let mut got: Vec<(String, String, String)> = c
            .diags
            .iter()
            .flat_map(|(u, ds)| {
                ds.as_array().unwrap().iter().map(move |d| {
                    (
                        u.clone(),
                        d["code"].as_str().unwrap().to_string(),
                        d["range"].to_string(),
                    )
                })
            })
            .collect();
        got.sort();
        if got == expected {
            break;
        }
        if Instant::now() > deadline {
            let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
            let extra_found: Vec<_> = got.iter().filter(|g| !expected.contains(g)).collect();
            panic!("missing: {missing:#?}\nextra: {extra_found:#?}");
        }
    }
    // every publish for an open document fits the text of the version it names
    for (u, version, diags) in &c.publishes {
        let Some(i) = open.iter().position(|p| uri(p) == *u) else {
            continue;
        };
        let Some(v) = version else { continue };
        let text = history
            .get(&(i, *v))
            .unwrap_or_else(|| panic!("{u}: unknown version {v}"));
        for d in diags.as_array().unwrap() {
            assert!(
                range_fits(text, &d["range"]),
                "{u} v{v}: {d} does not fit that text"
            );
        }
    }
    // deleted and renamed-away files show nothing
    for (u, ds) in &c.diags {
        let path = Path::new(u.strip_prefix("file://").unwrap());
        if !path.exists() {
            assert!(
                ds.as_array().unwrap().is_empty(),
                "stale diagnostics for {u}"
            );
        }
    }
    c.shutdown();
}

/// The same in a generated charter monorepo (30 packages, about 600 files): edits to manifests,
/// sources and READMEs that change majors, dependencies and removal promises, while sources are
/// created, renamed and deleted: the kept walks, texts and facts must never go stale.
#[test]
fn random_edits_in_a_monorepo_end_with_what_check_says() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap().join("mono");
    common::generate_monorepo(&root, 30);
    let c = Client::start(&root, false);
    let open: Vec<PathBuf> = [
        "packages/pkg-0000/package.json",
        "packages/pkg-0001/package.json",
        "packages/pkg-0005/package.json",
        "packages/pkg-0005/src/module03.ts",
        "packages/pkg-0007/README.md",
        "packages/pkg-0002/CHANGELOG.md",
    ]
    .iter()
    .map(|r| root.join(r))
    .collect();
    let tokens = [
        "9",
        "0",
        ".",
        "1",
        "\"",
        ",",
        " ",
        "\n",
        "9.0.0",
        "workspace:*",
        "workspace:^",
        "^2.0.0",
        "will be removed in 1.0.0. ",
        "@deprecated since 2 — will be removed in 3. ",
        "## 9.0.0\n",
        "\"private\": true, ",
        "// manifest-lsp-ignore-next-line CH042 CH046\n",
        "<!-- manifest-lsp-ignore-next-line CH042 -->\n",
        "\"name\": \"@bench/pkg-0001\", ",
    ];
    let new_dir = root.join("packages/pkg-0009/src");
    random_edits(
        c,
        &root,
        open,
        &tokens,
        &new_dir,
        |step| {
            (
                format!("added{step}.ts"),
                format!("// this helper will be removed in 1.0.0 (step {step})\nexport const x{step} = {step}\n"),
            )
        },
        400,
    );
}

#[test]
fn git_rules_follow_keystrokes_commits_and_tags() {
    let (_tmp, root) = fixture("clean/ghost-startos");
    let pkg = root.join("pkg");
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["commit", "-q", "-m", "ghost"],
        &["tag", "-a", "v5.0.0_0", "-m", "first"],
        &["tag", "-a", "v6.0.0_2", "-m", "6.0.0:2"],
    ] {
        common::git(&pkg, args);
    }
    let versions = pkg.join("startos/versions");
    let (current, untagged) = (
        versions.join("current.ts"),
        versions.join("v5.9.0-rc.1_0.ts"),
    );
    let mut c = Client::start(&root, false);
    // indexing reads the tags: the untagged historical version, in a file nobody opened
    let d = c.wait_diags(&untagged, |d| !d.is_empty());
    assert_eq!(codes(&d), ["SO013"]);
    // plain text in the editor (no Markdown backticks), the tag named all the same
    let message = d[0]["message"].as_str().unwrap();
    assert!(message.contains("expected v5.9.0-rc.1_0 "), "{message}");
    assert!(!message.contains('`'), "{message}");

    // one keystroke: a new upstream that keeps the downstream
    c.open(&current);
    let text = std::fs::read_to_string(&current).unwrap();
    let edited = text.replace("'6.57.1:0'", "'6.58.0:1'");
    c.change(&current, 2, &edited);
    let d = c.wait_diags(&current, |d| codes(d).contains(&"SO012".to_string()));
    let so012 = d.iter().find(|x| x["code"] == "SO012").unwrap().clone();
    assert!(so012["message"]
        .as_str()
        .unwrap()
        .contains("committed at HEAD"));
    // its fix resets the downstream, in the buffer's coordinates
    let fixes = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(&current) }, "range": so012["range"],
                "context": { "diagnostics": [so012], "only": ["quickfix"] } }),
    );
    let reset = fixes
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Reset the downstream: 6.58.0:0")
        .unwrap_or_else(|| panic!("{fixes}"));
    let edits = reset["edit"]["changes"][uri(&current)].as_array().unwrap();
    assert_eq!(edits[0]["newText"], "0");
    assert_eq!(edits[0]["range"], so012["range"]);

    // hover on the edited version: not released, the version at HEAD
    let line = edited.lines().position(|l| l.contains("version:")).unwrap();
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&current) }, "position": { "line": line, "character": 15 } }),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("At git HEAD: `6.57.1:0`"), "{md}");
    assert!(md.contains("Not released: no tag `v6.58.0_1`"), "{md}");
    // no file that does not exist is named as if it did (issue 27)
    assert!(
        md.contains("| file once spun off | `v6.58.0_1.ts` |"),
        "{md}"
    );

    // a historical version's hover names its release
    let v6 = versions.join("v6.0.0_2.ts");
    let v6_text = std::fs::read_to_string(&v6).unwrap();
    let line = v6_text
        .lines()
        .position(|l| l.contains("version:"))
        .unwrap();
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&v6) }, "position": { "line": line, "character": 15 } }),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Released as `v6.0.0_2` on 2025-03-04"), "{md}");
    assert!(md.contains("| file name | `v6.0.0_2.ts` |"), "{md}");

    // save and commit: the watcher reports the ref, and the finding goes
    std::fs::write(&current, &edited).unwrap();
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&current) } }),
    );
    common::git(&pkg, &["commit", "-q", "-am", "6.58.0:1"]);
    let head_ref = pkg.join(".git/refs/heads/main");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&head_ref), "type": 2 }] }),
    );
    c.wait_diags(&current, |d| !codes(d).contains(&"SO012".to_string()));

    // the server and check agree on the git rules (check reads the disk: the same text now)
    let out = Command::new(env!("CARGO_BIN_EXE_manifest-lsp"))
        .args(["check", "--format", "json"])
        .arg(&pkg)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let from_check: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("SO01"))
        .map(|d| {
            let file = d["path"].as_str().unwrap();
            let name = file.rsplit('/').next().unwrap();
            (d["code"].as_str().unwrap().to_string(), name.to_string())
        })
        .collect();
    assert_eq!(
        from_check,
        [("SO013".to_string(), "v5.9.0-rc.1_0.ts".to_string())]
    );
    assert_eq!(
        codes(&c.wait_diags(&untagged, |d| !d.is_empty())),
        ["SO013"]
    );

    // the missing tag is pushed: SO013 goes
    common::git(&pkg, &["tag", "v5.9.0-rc.1_0"]);
    let tag_ref = pkg.join(".git/refs/tags/v5.9.0-rc.1_0");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&tag_ref), "type": 1 }] }),
    );
    c.wait_diags(&untagged, |d| d.is_empty());
    c.shutdown();
}

#[test]
fn the_first_indexing_can_be_cancelled() {
    // 400 packages: long enough an indexing to cancel in its course
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    for i in 0..400 {
        common::copy_dir(
            &common::fixture("clean/ghost-startos"),
            &root.join(format!("p{i}")),
        );
    }
    let mut c = Client::start(&root, false);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut token = None;
    let mut end = None;
    while end.is_none() && Instant::now() < deadline {
        let Ok(msg) = c.rx.recv_timeout(Duration::from_secs(20)) else {
            break;
        };
        if msg["method"] == "$/progress" {
            let value = &msg["params"]["value"];
            match value["kind"].as_str() {
                Some("begin") => {
                    assert_eq!(value["cancellable"], true, "{value}");
                    token = Some(msg["params"]["token"].clone());
                    c.notify(
                        "window/workDoneProgress/cancel",
                        json!({ "token": msg["params"]["token"] }),
                    );
                }
                Some("end") => end = Some(value["message"].as_str().unwrap_or("").to_string()),
                _ => {}
            }
            continue;
        }
        c.handle(msg);
    }
    assert!(token.is_some(), "no progress began");
    let end = end.expect("the progress never ended");
    assert!(end.starts_with("cancelled after"), "{end}");
    // the server still answers, and analyses what is opened
    let current = root.join("p399/startos/versions/current.ts");
    c.open(&current);
    let hover = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri(&current) }, "position": { "line": 3, "character": 14 } }),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("6.57.1:0"),
        "{hover}"
    );
    c.shutdown();
}

/// VS Code asks every `willRenameFiles` participant about a rename, the one our own quick fix
/// makes included, and shows a modal ("Extension 'manifest-lsp' wants to make refactoring
/// changes with this file move") whenever one answers with edits. A client that will ask gets
/// the rename fix as a command: the server sends the edit itself and answers `null` when asked
/// about that very rename; a rename it did not send is still answered with the import updates.
#[test]
fn our_own_rename_fix_is_not_answered_twice() {
    let (_dir, root) = fixture("violations/so002-file-name-mismatch");
    let vscode = json!({
        "workspace": {
            "applyEdit": true,
            "fileOperations": { "willRename": true, "didRename": true }
        }
    });
    let mut c = Client::start_with_capabilities(
        &root,
        json!({ "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] }),
        vscode,
    );
    let versions = root.join("pkg/startos/versions");
    let file = versions.join("v1.1.0_2.ts");
    c.open(&file);
    let actions = code_actions(&mut c, &file, 3, 14, json!(["quickfix"]));
    let rename = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap_or("")
                .starts_with("Rename the file")
        })
        .unwrap_or_else(|| panic!("{actions:?}"))
        .clone();
    assert!(rename["edit"].is_null(), "{rename}");
    assert_eq!(rename["isPreferred"], true, "{rename}");
    let command = &rename["command"];
    assert_eq!(command["command"], "manifest-lsp.applyFix", "{rename}");
    let advertised = &c.initialize_result["capabilities"]["executeCommandProvider"]["commands"];
    assert!(
        advertised.as_array().unwrap().contains(&command["command"]),
        "{advertised}"
    );
    // the same rename made in the Explorer is answered with the import updates
    let explorer = c.request(
        "workspace/willRenameFiles",
        json!({ "files": [{ "oldUri": uri(&file), "newUri": uri(&versions.join("v1.1.0_4.ts")) }] }),
    );
    assert!(
        !explorer.is_null(),
        "an Explorer rename must update the imports"
    );
    // run it: the server sends the edit; while the editor applies it, it asks about the rename
    c.hold_apply = true;
    let id = c.next_id;
    c.next_id += 1;
    c.send(json!({ "jsonrpc": "2.0", "id": id, "method": "workspace/executeCommand",
                   "params": { "command": command["command"], "arguments": command["arguments"] } }));
    let deadline = Instant::now() + Duration::from_secs(20);
    while c.held.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no applyEdit");
        if let Ok(msg) = c.rx.recv_timeout(left) {
            c.handle(msg);
        }
    }
    let edit = c.applied[0].clone();
    let renamed = edit["documentChanges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|op| op["kind"] == "rename")
        .unwrap_or_else(|| panic!("{edit}"))
        .clone();
    let asked = c.request(
        "workspace/willRenameFiles",
        json!({ "files": [{ "oldUri": renamed["oldUri"], "newUri": renamed["newUri"] }] }),
    );
    assert!(
        asked.is_null(),
        "our own rename answered with edits: {asked}"
    );
    let held = c.held.remove(0);
    c.send(json!({ "jsonrpc": "2.0", "id": held, "result": { "applied": true } }));
    c.hold_apply = false;
    apply_document_changes(&edit);
    c.shutdown();
    assert_check_clean(&root.join("pkg"));
}

/// Fix-all applies safe fixes only, as `check --fix` does; the `fixAll.unsafe` setting opts in to
/// the rest, as `--unsafe-fixes` does. Either way it is planned and verified the same way.
#[test]
fn fix_all_is_safe_unless_the_setting_says_otherwise() {
    let (_dir, root) = fixture("violations/ex002-downstream-prerelease");
    let current = root.join("pkg/startos/versions/current.ts");
    let mut c = Client::start(&root, false);
    c.open(&current);
    let all = code_actions(&mut c, &current, 0, 0, json!(["source.fixAll"]));
    assert!(all.is_empty(), "the only fix is unsafe: {all:?}");
    c.shutdown();

    let options = json!({ "fixAll": { "unsafe": true } });
    let mut c = Client::start_full(&root, false, json!({}), options);
    c.open(&current);
    let all = code_actions(&mut c, &current, 0, 0, json!(["source.fixAll"]));
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0]["title"], "Fix the manifest-lsp finding");
    let edits = all[0]["edit"]["changes"][uri(&current)].as_array().unwrap();
    assert_eq!(edits.len(), 1, "one edit per file: {edits:?}");
    let text = std::fs::read_to_string(&current).unwrap();
    let (start, end) = (
        byte_offset(
            &text,
            edits[0]["range"]["start"]["line"].as_u64().unwrap(),
            edits[0]["range"]["start"]["character"].as_u64().unwrap(),
        ),
        byte_offset(
            &text,
            edits[0]["range"]["end"]["line"].as_u64().unwrap(),
            edits[0]["range"]["end"]["character"].as_u64().unwrap(),
        ),
    );
    let mut fixed = text.clone();
    fixed.replace_range(start..end, edits[0]["newText"].as_str().unwrap());
    assert!(fixed.contains("version: '1.2.3:0'"), "{fixed}");
    c.shutdown();
    std::fs::write(&current, fixed).unwrap();
    assert_check_clean(&root.join("pkg"));
}
