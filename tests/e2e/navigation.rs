//! Navigation over stdio with the real binary: definition, document and workspace symbols, inlay
//! hints, rename with prepare, files renamed in the editor, and pull diagnostics.

mod common;
use common::client::*;
use std::path::Path;

use serde_json::{json, Value};

fn pos(file: &Path, needle: &str, nth: usize) -> Value {
    let text = std::fs::read_to_string(file).unwrap();
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} not in {}", file.display()))
        .0;
    position_of(&text, offset + 1)
}

fn at(file: &Path, p: Value) -> Value {
    json!({ "textDocument": { "uri": uri(file) }, "position": p })
}

fn line_of(file: &Path, needle: &str) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines().position(|l| l.contains(needle)).unwrap() as u64
}

#[test]
fn initialize_advertises_navigation() {
    let (_tmp, root) = fixture("clean/ghost-startos");
    let c = Client::start(&root, false);
    let caps = &c.initialize_result["capabilities"];
    assert_eq!(caps["definitionProvider"], true);
    assert_eq!(caps["documentSymbolProvider"], true);
    assert_eq!(caps["workspaceSymbolProvider"], true);
    assert_eq!(caps["inlayHintProvider"], true);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    let filters = &caps["workspace"]["fileOperations"]["willRename"]["filters"];
    assert_eq!(filters[0]["pattern"]["glob"], "**/startos/versions/*.ts");
    // this client does not pull diagnostics: it is pushed them, and no provider is announced
    assert!(caps.get("diagnosticProvider").is_none(), "{caps}");
    c.shutdown();
}

#[test]
fn definitions_lead_to_versions_packages_aliases_and_contracts() {
    let (_tmp, root) = fixture("clean/ghost-startos");
    let versions = root.join("pkg/startos/versions");
    let index = versions.join("index.ts");
    let mut c = Client::start(&root, false);
    // a graph entry → the VersionInfo's export in its file
    let p = pos(&index, "v_6_0_0_2,", 0);
    let found = c.request("textDocument/definition", at(&index, p));
    assert_eq!(found[0]["uri"], uri(&versions.join("v6.0.0_2.ts")));
    let line = line_of(&versions.join("v6.0.0_2.ts"), "export const v_6_0_0_2");
    assert_eq!(found[0]["range"]["start"]["line"], line);
    // an import path → the file
    let p = pos(&index, "./v5.9.0-rc.1_0", 0);
    let found = c.request("textDocument/definition", at(&index, p));
    assert_eq!(found[0]["uri"], uri(&versions.join("v5.9.0-rc.1_0.ts")));
    c.shutdown();

    // a `workspace:^` dependency → the workspace package's package.json
    let (_tmp, root) = fixture("clean/charter-monorepo");
    let push = root.join("pkg/packages/push/package.json");
    let mut c = Client::start(&root, false);
    let p = pos(&push, "workspace:^", 0);
    let found = c.request("textDocument/definition", at(&push, p));
    assert_eq!(
        found[0]["uri"],
        uri(&root.join("pkg/packages/contracts/package.json"))
    );
    c.shutdown();

    // an `ancestorId` alias → its packageAliases entry
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let sfdx = root.join("sfdx-project.json");
    std::fs::write(
        &sfdx,
        r#"{
  "packageDirectories": [
    { "path": "app", "package": "Expenses", "versionNumber": "1.3.0.NEXT",
      "ancestorId": "Expenses@1.2.0-1" }
  ],
  "packageAliases": {
    "Expenses": "0Ho000000000001AAA",
    "Expenses@1.2.0-1": "04t000000000002AAA"
  }
}
"#,
    )
    .unwrap();
    let mut c = Client::start(&root, false);
    let p = pos(&sfdx, "\"Expenses@1.2.0-1\" }", 0);
    let found = c.request("textDocument/definition", at(&sfdx, p));
    assert_eq!(found[0]["uri"], uri(&sfdx));
    assert_eq!(found[0]["range"]["start"]["line"], 7);
    c.shutdown();

    // a Peers `alsoImplements` id → the contract that declares it
    let (_tmp, root) = fixture("clean/peers-app");
    let script = root.join("pkg/src/package.ts");
    let mut c = Client::start(&root, false);
    let p = pos(&script, "alsoImplements('files'", 0);
    let p = json!({ "line": p["line"], "character": p["character"].as_u64().unwrap() + 16 });
    let found = c.request("textDocument/definition", at(&script, p));
    assert_eq!(found[0]["uri"], uri(&script));
    let contract = pos(&script, "contract('files'", 0);
    assert_eq!(found[0]["range"]["start"]["line"], contract["line"]);
    c.shutdown();
}

#[test]
fn outlines_and_workspace_symbols() {
    let (_tmp, root) = fixture("clean/ghost-startos");
    let versions = root.join("pkg/startos/versions");
    let mut c = Client::start(&root, false);
    let index = versions.join("index.ts");
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&index) } }),
    );
    let graph = &symbols[0];
    assert_eq!(graph["name"], "versionGraph");
    let names: Vec<&str> = graph["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["6.57.1:0", "6.0.0:2", "5.9.0-rc.1:0"]);
    let file = versions.join("v6.0.0_2.ts");
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&file) } }),
    );
    assert_eq!(symbols[0]["name"], "v_6_0_0_2");
    assert_eq!(symbols[0]["detail"], "6.0.0:2");
    let children: Vec<&str> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(children.contains(&"version"), "{children:?}");

    // every version by its version string, after indexing
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let found = loop {
        let found = c.request("workspace/symbol", json!({ "query": "6.0.0:2" }));
        if !found.as_array().unwrap().is_empty() || std::time::Instant::now() > deadline {
            break found;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["location"]["uri"], uri(&file));
    assert_eq!(found[0]["name"], "6.0.0:2");
    c.shutdown();

    // a Salesforce project: its packages with their versions
    let (_tmp, root) = fixture("clean/salesforce-app");
    let sfdx = root.join("pkg/sfdx-project.json");
    let mut c = Client::start(&root, false);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&sfdx) } }),
    );
    let packages = &symbols[0]["children"];
    assert_eq!(packages[0]["name"], "Expenses");
    assert_eq!(packages[0]["detail"], "1.3.0.NEXT");
    c.shutdown();
}

fn hints(c: &mut Client, file: &Path) -> Vec<String> {
    let found = c.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri(file) },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9999, "character": 0 } } }),
    );
    found
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| h["label"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn inlay_hints_show_versions_resolved_ancestors_and_published_ranges() {
    let (_tmp, root) = fixture("clean/ghost-startos");
    let index = root.join("pkg/startos/versions/index.ts");
    let mut c = Client::start(&root, false);
    assert_eq!(
        hints(&mut c, &index),
        ["6.57.1:0", "6.0.0:2", "5.9.0-rc.1:0"]
    );
    // a third version listed out of the newest-first order, in the buffer: marked
    let v6_30 = root.join("pkg/startos/versions/v6.30.0_0.ts");
    let v6 = std::fs::read_to_string(root.join("pkg/startos/versions/v6.0.0_2.ts")).unwrap();
    std::fs::write(
        &v6_30,
        v6.replace("v_6_0_0_2", "v_6_30_0_0")
            .replace("6.0.0:2", "6.30.0:0"),
    )
    .unwrap();
    c.open(&index);
    let text = std::fs::read_to_string(&index).unwrap();
    let text = format!("import {{ v_6_30_0_0 }} from './v6.30.0_0'\n{text}").replace(
        "[v_6_0_0_2, v_5_9_0_rc_1_0]",
        "[v_6_0_0_2, v_6_30_0_0, v_5_9_0_rc_1_0]",
    );
    c.change(&index, 2, &text);
    let labels = hints(&mut c, &index);
    assert_eq!(
        labels,
        [
            "6.57.1:0",
            "6.0.0:2",
            "6.30.0:0 ⚠ out of order",
            "5.9.0-rc.1:0"
        ]
    );
    c.shutdown();

    let (_tmp, root) = fixture("clean/salesforce-app");
    let mut c = Client::start(&root, false);
    assert_eq!(
        hints(&mut c, &root.join("pkg/sfdx-project.json")),
        ["→ 1.2.0"]
    );
    c.shutdown();

    let (_tmp, root) = fixture("clean/charter-monorepo");
    let mut c = Client::start(&root, false);
    assert_eq!(
        hints(&mut c, &root.join("pkg/packages/push/package.json")),
        ["→ ^5.0.0"]
    );
    c.shutdown();

    // off by a setting
    let (_tmp, root) = fixture("clean/ghost-startos");
    let options = json!({ "inlayHints": { "enable": false } });
    let mut c = Client::start_full(&root, false, json!({}), options);
    assert!(hints(&mut c, &root.join("pkg/startos/versions/index.ts")).is_empty());
    c.shutdown();
}

#[test]
fn renaming_a_version_export_renames_its_imports_and_entries() {
    let (_tmp, root) = fixture("clean/ghost-startos");
    let versions = root.join("pkg/startos/versions");
    let index = versions.join("index.ts");
    let mut c = Client::start_with(&root, false, json!({ "documentChanges": true }));
    let p = pos(&index, "v_6_0_0_2,", 0);
    let prepared = c.request("textDocument/prepareRename", at(&index, p.clone()));
    assert_eq!(prepared["placeholder"], "v_6_0_0_2");
    // current.ts's export keeps its name
    let current = pos(&index, "current,", 0);
    let refused = c.request_raw("textDocument/prepareRename", at(&index, current));
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("SO001"),
        "{refused}"
    );

    let mut params = at(&index, p);
    params["newName"] = json!("v_six");
    let edit = c.request("textDocument/rename", params);
    apply_document_changes(&edit);
    c.shutdown();
    let index_text = std::fs::read_to_string(&index).unwrap();
    assert!(
        index_text.contains("import { v_six } from './v6.0.0_2'"),
        "{index_text}"
    );
    assert!(
        index_text.contains("other: [v_six, v_5_9_0_rc_1_0]"),
        "{index_text}"
    );
    let file = std::fs::read_to_string(versions.join("v6.0.0_2.ts")).unwrap();
    assert!(
        file.contains("export const v_six = VersionInfo.of"),
        "{file}"
    );
}

#[test]
fn a_version_file_renamed_in_the_editor_keeps_the_package_clean() {
    let (_tmp, root) = fixture("legacy-names/bitcoin-knots-startos");
    let versions = root.join("pkg/startos/versions");
    let (from, to) = (versions.join("v2_0_6_1.ts"), versions.join("v2.0.6_1.ts"));
    let mut c = Client::start_with(&root, false, json!({ "documentChanges": true }));
    let edit = c.request(
        "workspace/willRenameFiles",
        json!({ "files": [{ "oldUri": uri(&from), "newUri": uri(&to) }] }),
    );
    apply_document_changes(&edit);
    std::fs::rename(&from, &to).unwrap(); // the editor moves the file after the edits
    c.shutdown();
    let index = std::fs::read_to_string(versions.join("index.ts")).unwrap();
    assert!(index.contains("from './v2.0.6_1'"), "{index}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_manifest-lsp"))
        .args(["check", "--format", "json"])
        .arg(root.join("pkg"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let left: Vec<&Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["path"].as_str().unwrap().ends_with("v2.0.6_1.ts")
                || d["path"].as_str().unwrap().ends_with("index.ts")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_client_that_pulls_diagnostics_is_never_pushed_any() {
    let (_tmp, root) = fixture("violations/so004-unlisted-version");
    let versions = root.join("pkg/startos/versions");
    let pull = json!({
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostics": { "refreshSupport": true } }
    });
    let mut c = Client::start_with_capabilities(&root, json!({}), pull);
    let caps = &c.initialize_result["capabilities"];
    assert_eq!(
        caps["diagnosticProvider"]["workspaceDiagnostics"], true,
        "{caps}"
    );
    // unopened files: from workspace/diagnostic, once indexing is done
    let unlisted = versions.join("v1.0.0_0.ts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let report = loop {
        let r = c.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
        let has = r["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["uri"] == uri(&unlisted) && !i["items"].as_array().unwrap().is_empty());
        if has || std::time::Instant::now() > deadline {
            break r;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let item = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["uri"] == uri(&unlisted))
        .unwrap_or_else(|| panic!("{report}"))
        .clone();
    assert_eq!(item["items"][0]["code"], "SO004");
    // unchanged since: the same result id
    let again = c.request(
        "workspace/diagnostic",
        json!({ "previousResultIds": [{ "uri": uri(&unlisted), "value": item["resultId"] }] }),
    );
    let same = again["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["uri"] == uri(&unlisted))
        .unwrap();
    assert_eq!(same["kind"], "unchanged");

    // an open document: pulled one by one, from the buffer as it is now
    let index = versions.join("index.ts");
    c.open(&index);
    let text = std::fs::read_to_string(&index).unwrap();
    c.change(&index, 2, &text.replace("other: [", "other: [v_9_9_9_9, "));
    let doc = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri(&index) } }),
    );
    assert_eq!(doc["kind"], "full");
    assert_eq!(doc["items"][0]["code"], "SO005", "{doc}");
    let id = doc["resultId"].clone();
    let doc = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri(&index) }, "previousResultId": id }),
    );
    assert_eq!(doc["kind"], "unchanged");
    // the change is announced, and nothing was ever pushed
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !c
        .server_requests
        .iter()
        .any(|m| m == "workspace/diagnostic/refresh")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "no refresh: {:?}",
            c.server_requests
        );
        c.settle(std::time::Duration::from_millis(100));
    }
    assert!(c.publishes.is_empty(), "{:?}", c.publishes);
    c.shutdown();
}

/// vscode-languageclient with workspace diagnostics keeps a closed document's pulled diagnostics
/// until a workspace report names its URI, and after a rename or a delete it no longer lists that
/// URI in `previousResultIds`: the server must clear it by itself, or the Problems panel keeps an
/// error on a file that is gone.
#[test]
fn a_file_renamed_away_is_cleared_for_a_pulling_client() {
    let (_tmp, root) = fixture("violations/so004-unlisted-version");
    let versions = root.join("pkg/startos/versions");
    let pull = json!({
        "textDocument": { "diagnostic": { "dynamicRegistration": false } },
        "workspace": { "diagnostics": { "refreshSupport": true } }
    });
    let mut c = Client::start_with_capabilities(&root, json!({}), pull);
    let old = versions.join("v1.0.0_0.ts");
    c.open(&old);
    let doc = c.request(
        "textDocument/diagnostic",
        json!({ "textDocument": { "uri": uri(&old) } }),
    );
    assert_eq!(doc["items"][0]["code"], "SO004", "{doc}");
    // the Explorer moves it out of the versions folder: closed, moved, announced
    let moved = root.join("pkg/startos/old-v1.ts.txt");
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri(&old) } }),
    );
    std::fs::rename(&old, &moved).unwrap();
    c.notify(
        "workspace/didRenameFiles",
        json!({ "files": [{ "oldUri": uri(&old), "newUri": uri(&moved) }] }),
    );
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&old), "type": 3 }, { "uri": uri(&moved), "type": 1 }] }),
    );
    // the client's next pull does not name the old URI: the report must clear it anyway
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let cleared = loop {
        let r = c.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
        let item = r["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["uri"] == uri(&old) && i["items"] == json!([]))
            .cloned();
        if item.is_some() || std::time::Instant::now() > deadline {
            break item;
        }
        c.settle(std::time::Duration::from_millis(100));
    };
    let cleared = cleared.expect("the old URI is never cleared");
    assert_eq!(cleared["kind"], "full", "{cleared}");
    assert_eq!(cleared["items"], json!([]), "{cleared}");
    // cleared until the client says it has the clear (its id among previousResultIds); then not
    // again: the report does not grow with every file ever shown
    let r = c.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
    assert!(
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["uri"] == uri(&old) && i["kind"] == "full"),
        "{r}"
    );
    let ack = json!([{ "uri": uri(&old), "value": cleared["resultId"] }]);
    c.request("workspace/diagnostic", json!({ "previousResultIds": ack }));
    let r = c.request("workspace/diagnostic", json!({ "previousResultIds": [] }));
    assert!(
        !r["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["uri"] == uri(&old)),
        "{r}"
    );
    c.shutdown();
}
