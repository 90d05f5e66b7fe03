//! Salesforce in the editor, over stdio with the real binary, from an unsaved buffer of
//! `sfdx-project.json`: hover on a version number, an ancestor and a dependency; SF004's fix for
//! a shape with one clear reading; SF002 as soon as a version is lowered below its ancestor;
//! completion of the build keywords and the alias names; the inlay hint after an `ancestorId`.

mod common;
use common::client::*;

use serde_json::{json, Value};

const PROJECT: &str = r#"{
  "packageDirectories": [
    {
      "path": "force-app",
      "default": true,
      "package": "Inspector",
      "versionNumber": "1.3.0.NEXT",
      "ancestorId": "Inspector@1.2.0-1",
      "dependencies": [{ "package": "Base", "versionNumber": "2.1.0.RELEASED" }]
    }
  ],
  "namespace": "insp",
  "sourceApiVersion": "60.0",
  "packageAliases": {
    "Inspector": "0Ho000000000001AAA",
    "Inspector@1.2.0-1": "04t000000000001AAA",
    "Inspector@1.1.0-2": "04t000000000002AAA",
    "Base": "0Ho000000000002AAA"
  }
}
"#;

/// The position just inside the `nth` occurrence of `needle` in `text`.
fn at(text: &str, needle: &str) -> Value {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle}")) + 1;
    position_of(text, offset)
}

#[test]
fn sfdx_project_json_is_first_class_while_typing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let file = root.join("sfdx-project.json");
    std::fs::write(&file, PROJECT).unwrap();
    let mut c = Client::start(&root, false);
    c.open(&file);
    c.wait_diags(&file, |d| d.is_empty());
    let doc = json!({ "uri": uri(&file) });

    // hover: the parts, the ancestor resolved through the aliases, the releases
    let hover = |c: &mut Client, text: &str, needle: &str| -> String {
        let h = c.request(
            "textDocument/hover",
            json!({ "textDocument": doc, "position": at(text, needle) }),
        );
        h["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    let h = hover(&mut c, PROJECT, "\"1.3.0.NEXT\"");
    assert!(h.contains("major 1 · minor 3 · patch 0"), "{h}");
    assert!(h.contains("ancestor: **1.2.0**"), "{h}");
    assert!(h.contains("released (packageAliases): 1.2.0, 1.1.0"), "{h}");
    let h = hover(&mut c, PROJECT, "\"Inspector@1.2.0-1\",\n      \"dep");
    assert!(h.contains("04t000000000001AAA (version **1.2.0**)"), "{h}");
    let h = hover(&mut c, PROJECT, "\"2.1.0.RELEASED\"");
    assert!(
        h.contains("`RELEASED`: the newest released (promoted) build of 2.1.0"),
        "{h}"
    );

    // the inlay hint after the ancestorId
    let hints = c.request(
        "textDocument/inlayHint",
        json!({ "textDocument": doc,
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 99, "character": 0 } } }),
    );
    let labels: Vec<&str> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["→ 1.2.0"]);

    // completion: the aliases of released versions in ancestorId, the build keywords in a
    // versionNumber, the packageAliases names in a dependency
    let labels = |c: &mut Client, text: &str, needle: &str| -> Vec<String> {
        let r = c.request(
            "textDocument/completion",
            json!({ "textDocument": doc, "position": at(text, needle) }),
        );
        let items = r["items"]
            .as_array()
            .cloned()
            .or_else(|| r.as_array().cloned());
        items
            .unwrap_or_default()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    let got = labels(&mut c, PROJECT, "\"Inspector@1.2.0-1\",\n      \"dep");
    assert_eq!(
        got,
        ["HIGHEST", "NONE", "Inspector@1.2.0-1", "Inspector@1.1.0-2"]
    );
    assert_eq!(labels(&mut c, PROJECT, "\"1.3.0.NEXT\""), ["1.3.0.NEXT"]);
    assert_eq!(
        labels(&mut c, PROJECT, "\"2.1.0.RELEASED\""),
        ["2.1.0.LATEST", "2.1.0.RELEASED"]
    );
    let got = labels(&mut c, PROJECT, "\"Base\", \"versionNumber\"");
    assert_eq!(got[..2], ["Base", "Inspector"]);

    // typed, not saved: `4.19.NEXT` is SF004 with one clear reading, offered as the fix
    let typed = PROJECT.replace("1.3.0.NEXT", "1.19.NEXT");
    c.change(&file, 2, &typed);
    let d = c.wait_diags(&file, |d| d.iter().any(|x| x["code"] == "SF004"));
    let sf004 = d.iter().find(|x| x["code"] == "SF004").unwrap();
    assert!(
        sf004["message"]
            .as_str()
            .unwrap()
            .contains("did you mean 1.19.0.NEXT?"),
        "{sf004}"
    );
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": doc, "range": sf004["range"],
                "context": { "diagnostics": [sf004] } }),
    );
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Write 1.19.0.NEXT")
        .unwrap_or_else(|| panic!("no SF004 fix in {actions}"));
    let edits = fix["edit"]["changes"][uri(&file)].as_array().unwrap();
    assert_eq!(edits[0]["newText"], "1.19.0.NEXT");

    // lowered below the ancestor while typing: SF002 at once
    let lowered = PROJECT.replace("1.3.0.NEXT", "1.1.0.NEXT");
    c.change(&file, 3, &lowered);
    c.wait_diags(&file, |d| d.iter().any(|x| x["code"] == "SF002"));
    // and back: clean again
    c.change(&file, 4, PROJECT);
    c.wait_diags(&file, |d| d.is_empty());
    c.shutdown();
}
