//! A language client over the real binary's stdio, for the end-to-end tests: it answers the
//! server's requests, records diagnostics, and applies workspace edits to disk.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::copy_dir;

pub struct Client {
    pub child: Child,
    pub stdin: ChildStdin,
    pub rx: Receiver<Value>,
    pub next_id: i64,
    /// Latest diagnostics per URI.
    pub diags: std::collections::HashMap<String, Value>,
    /// Edits the server asked the client to apply (`workspace/applyEdit`).
    pub applied: Vec<Value>,
    /// `window/showMessage` texts.
    pub messages: Vec<String>,
    /// Every publish: uri, version, diagnostics.
    pub publishes: Vec<(String, Option<i64>, Value)>,
    /// What `initialize` answered.
    pub initialize_result: Value,
    /// Server requests seen, by method (`workspace/diagnostic/refresh` …).
    pub server_requests: Vec<String>,
    /// When set, `workspace/applyEdit` requests are recorded but not answered: their ids wait in
    /// `held` (the test answers them, the way an editor answers once it applied the edit).
    pub hold_apply: bool,
    pub held: Vec<Value>,
}

impl Client {
    pub fn start(root: &Path, utf8: bool) -> Client {
        Client::start_with(root, utf8, json!({}))
    }

    /// `workspace_edit`: the client's `workspace.workspaceEdit` capabilities.
    pub fn start_with(root: &Path, utf8: bool, workspace_edit: Value) -> Client {
        Client::start_full(root, utf8, workspace_edit, Value::Null)
    }

    /// `options`: the `initializationOptions`.
    pub fn start_full(root: &Path, utf8: bool, workspace_edit: Value, options: Value) -> Client {
        let folders = json!([{ "uri": uri(root), "name": "w" }]);
        Client::start_roots(json!(uri(root)), folders, utf8, workspace_edit, options)
    }

    /// `root_uri` and `folders` as the client sends them (`null` included).
    pub fn start_roots(
        root_uri: Value,
        folders: Value,
        utf8: bool,
        workspace_edit: Value,
        options: Value,
    ) -> Client {
        Client::start_caps(root_uri, folders, utf8, workspace_edit, options, json!({}))
    }

    /// With `extra` merged into the client capabilities (`textDocument`, more `workspace` keys).
    pub fn start_with_capabilities(root: &Path, workspace_edit: Value, extra: Value) -> Client {
        let folders = json!([{ "uri": uri(root), "name": "w" }]);
        Client::start_caps(
            json!(uri(root)),
            folders,
            false,
            workspace_edit,
            Value::Null,
            extra,
        )
    }

    pub fn start_caps(
        root_uri: Value,
        folders: Value,
        utf8: bool,
        workspace_edit: Value,
        options: Value,
        extra: Value,
    ) -> Client {
        let mut server = Command::new(env!("CARGO_BIN_EXE_manifest-lsp"));
        server.arg("serve").arg("--stdio");
        Client::start_program(
            server,
            root_uri,
            folders,
            utf8,
            workspace_edit,
            options,
            extra,
        )
    }

    /// [`Client::start_caps`] with the server started by `server` (another binary, another
    /// `PATH`, the arguments an editor's configuration gives).
    pub fn start_program(
        mut server: Command,
        root_uri: Value,
        folders: Value,
        utf8: bool,
        workspace_edit: Value,
        options: Value,
        extra: Value,
    ) -> Client {
        let mut child = server
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server");
        let stdin = child.stdin.take().unwrap();
        let rx = super::read_messages(child.stdout.take().unwrap());
        let mut c = Client {
            child,
            stdin,
            rx,
            next_id: 1,
            diags: Default::default(),
            applied: Vec::new(),
            hold_apply: false,
            held: Vec::new(),
            messages: Vec::new(),
            publishes: Vec::new(),
            initialize_result: Value::Null,
            server_requests: Vec::new(),
        };
        let encodings = if utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let mut capabilities = json!({
            "general": { "positionEncodings": encodings },
            "workspace": {
                "applyEdit": true,
                "didChangeWatchedFiles": { "dynamicRegistration": true },
                "workspaceEdit": workspace_edit
            },
            "window": { "workDoneProgress": true }
        });
        for (key, value) in extra.as_object().into_iter().flatten() {
            match (capabilities.get_mut(key), value) {
                (Some(Value::Object(have)), Value::Object(more)) => {
                    have.extend(more.clone());
                }
                _ => {
                    capabilities[key] = value.clone();
                }
            }
        }
        let res = c.request(
            "initialize",
            json!({
                "processId": null,
                "initializationOptions": options,
                "rootUri": root_uri,
                "workspaceFolders": folders,
                "capabilities": capabilities
            }),
        );
        c.initialize_result = res.clone();
        let enc = res["capabilities"]["positionEncoding"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(enc, if utf8 { "utf-8" } else { "utf-16" });
        c.notify("initialized", json!({}));
        c
    }

    pub fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Handle one incoming message: answer server requests, record diagnostics.
    pub fn handle(&mut self, msg: Value) -> Option<Value> {
        if msg["method"] == "workspace/applyEdit" {
            // recorded; the test applies it to disk itself
            self.applied.push(msg["params"]["edit"].clone());
            let id = msg["id"].clone();
            if self.hold_apply {
                self.held.push(id);
                return None;
            }
            self.send(json!({ "jsonrpc": "2.0", "id": id, "result": { "applied": true } }));
            return None;
        }
        if msg.get("method").is_some() && msg.get("id").is_some() {
            self.server_requests
                .push(msg["method"].as_str().unwrap_or("").to_string());
            let id = msg["id"].clone();
            self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
            return None;
        }
        if msg["method"] == "window/showMessage" {
            self.messages
                .push(msg["params"]["message"].as_str().unwrap_or("").to_string());
            return None;
        }
        if msg["method"] == "textDocument/publishDiagnostics" {
            let uri = msg["params"]["uri"].as_str().unwrap().to_string();
            self.publishes.push((
                uri.clone(),
                msg["params"]["version"].as_i64(),
                msg["params"]["diagnostics"].clone(),
            ));
            self.diags.insert(uri, msg["params"]["diagnostics"].clone());
            return None;
        }
        Some(msg)
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.request_raw(method, params)["result"].clone()
    }

    /// The whole response (`result` or `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            let msg = self
                .rx
                .recv_timeout(Duration::from_secs(20))
                .expect("server answers");
            if let Some(m) = self.handle(msg) {
                if m["id"] == id {
                    return m;
                }
            }
        }
        panic!("no answer to {method}");
    }

    /// Wait until the diagnostics of `path` satisfy `pred`; returns them.
    pub fn wait_diags(&mut self, path: &Path, pred: impl Fn(&Vec<Value>) -> bool) -> Vec<Value> {
        let key = uri(path);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(d) = self.diags.get(&key) {
                let d = d.as_array().unwrap().clone();
                if pred(&d) {
                    return d;
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "diagnostics for {key} never matched; last: {:?}",
                self.diags.get(&key)
            );
            if let Ok(msg) = self.rx.recv_timeout(left) {
                self.handle(msg);
            }
        }
    }

    pub fn open(&mut self, path: &Path) {
        let text = std::fs::read_to_string(path).unwrap();
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(path), "languageId": "typescript", "version": 1, "text": text } }),
        );
    }

    /// Replaces a document's whole text.
    pub fn change(&mut self, path: &Path, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(path), "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// Handles messages until none arrives for `quiet`.
    pub fn settle(&mut self, quiet: Duration) {
        while let Ok(msg) = self.rx.recv_timeout(quiet) {
            self.handle(msg);
        }
    }

    pub fn shutdown(mut self) {
        self.request("shutdown", json!(null));
        self.notify("exit", json!(null));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success());
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("server did not exit");
    }
}

pub fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

pub fn fixture(rel: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    copy_dir(&super::fixture(rel), &root.join("pkg"));
    (dir, root)
}

/// `check` over `dir` finds nothing.
pub fn assert_check_clean(dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_manifest-lsp"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"], json!([]), "{v}");
}

pub fn codes(d: &[Value]) -> Vec<String> {
    d.iter()
        .map(|x| x["code"].as_str().unwrap().to_string())
        .collect()
}

pub fn byte_offset(text: &str, line: u64, character: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character as usize || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Apply a WorkspaceEdit's documentChanges to disk, in order, as a client does.
pub fn apply_document_changes(edit: &Value) {
    let path = |u: &Value| PathBuf::from(u.as_str().unwrap().strip_prefix("file://").unwrap());
    for op in edit["documentChanges"].as_array().expect("documentChanges") {
        match op["kind"].as_str() {
            Some("rename") => {
                let (from, to) = (path(&op["oldUri"]), path(&op["newUri"]));
                assert!(!to.exists(), "rename would overwrite {}", to.display());
                std::fs::rename(from, to).unwrap();
            }
            Some("create") => {
                let p = path(&op["uri"]);
                assert!(!p.exists(), "create would overwrite {}", p.display());
                std::fs::write(p, "").unwrap();
            }
            Some(other) => panic!("unexpected operation {other}"),
            None => {
                let p = path(&op["textDocument"]["uri"]);
                let mut text = std::fs::read_to_string(&p).unwrap();
                let mut edits: Vec<(usize, usize, String)> = op["edits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        let pos = |k: &str| {
                            let r = &e["range"][k];
                            byte_offset(
                                &text,
                                r["line"].as_u64().unwrap(),
                                r["character"].as_u64().unwrap(),
                            )
                        };
                        (
                            pos("start"),
                            pos("end"),
                            e["newText"].as_str().unwrap().to_string(),
                        )
                    })
                    .collect();
                edits.sort_by_key(|e| std::cmp::Reverse(e.0));
                for (s, e, t) in edits {
                    text.replace_range(s..e, &t);
                }
                std::fs::write(p, text).unwrap();
            }
        }
    }
}

/// The LSP position (UTF-16 columns) of a byte offset.
pub fn position_of(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..offset].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}
