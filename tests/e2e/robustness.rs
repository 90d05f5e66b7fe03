//! The real binary fed what a broken or hostile client sends: it answers what it can, keeps
//! serving, and ends with the status the LSP specification gives. Each test writes raw bytes.

mod common;
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

struct Raw {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    /// While true, nothing is read from the server's stdout.
    paused: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

fn frame(v: &Value) -> Vec<u8> {
    let body = v.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

impl Raw {
    fn start_with_env(env: &[(&str, &str)]) -> Raw {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_manifest-lsp"));
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start server");
        let stdin = child.stdin.take();
        let paused: std::sync::Arc<std::sync::atomic::AtomicBool> = Default::default();
        let rx = common::read_messages_gated(child.stdout.take().unwrap(), paused.clone());
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err_pipe.read_to_string(&mut s);
            sink.lock().unwrap().push_str(&s);
        });
        Raw {
            child,
            stdin,
            rx,
            stderr,
            paused,
        }
    }

    fn pause_reading(&self) {
        self.paused
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    fn resume_reading(&self) {
        self.paused
            .store(false, std::sync::atomic::Ordering::Relaxed);
    }

    fn start() -> Raw {
        Raw::start_with_env(&[])
    }

    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().unwrap();
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, v: Value) {
        self.write(&frame(&v));
    }

    fn initialize(&mut self, process_id: Value) {
        self.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": { "processId": process_id, "rootUri": null, "capabilities": {} } }));
        let r = self.response(1);
        assert!(r["result"]["capabilities"].is_object(), "{r}");
        self.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    }

    /// The next message that answers `id` (other messages are skipped).
    fn response(&mut self, id: impl Into<Value>) -> Value {
        let id = id.into();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self
                .rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no response to {id}"));
            if msg.get("method").is_none() && msg["id"] == id {
                return msg;
            }
        }
    }

    /// Every message received until `quiet` passes without one.
    fn drain(&mut self, quiet: Duration) -> Vec<Value> {
        let mut out = Vec::new();
        while let Ok(m) = self.rx.recv_timeout(quiet) {
            out.push(m);
        }
        out
    }

    /// A request that must still be answered: proof the server serves.
    fn still_serves(&mut self, id: i64) {
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
            "params": { "textDocument": { "uri": "file:///nowhere/x.ts" }, "position": { "line": 0, "character": 0 } } }));
        let r = self.response(id);
        assert!(r.get("error").is_none(), "{r}");
    }

    fn wait_exit(&mut self, within: Duration) -> i32 {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code().unwrap_or(-1);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the server did not exit within {within:?}");
    }

    fn stderr(&self) -> String {
        // the reader thread finishes when the process has exited
        std::thread::sleep(Duration::from_millis(100));
        self.stderr.lock().unwrap().clone()
    }
}

fn error_code(v: &Value) -> i64 {
    v["error"]["code"].as_i64().unwrap_or(0)
}

#[test]
fn malformed_frames_get_errors_and_the_server_keeps_serving() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    // the measured crash: a body that is not JSON
    s.write(b"Content-Length: 9\r\n\r\n{garbage}");
    let r = s.response(Value::Null);
    assert_eq!(error_code(&r), -32700, "{r}");
    s.still_serves(10);
    // not UTF-8
    s.write(b"Content-Length: 4\r\n\r\n\xff\xfe{}");
    assert_eq!(error_code(&s.response(Value::Null)), -32700);
    // JSON, but not a JSON-RPC message: a batch, a wrong version, a method that is no string
    s.write(&frame(&json!([])));
    assert_eq!(error_code(&s.response(Value::Null)), -32600);
    s.write(&frame(&json!({ "jsonrpc": "1.0", "id": 3, "method": "x" })));
    assert_eq!(error_code(&s.response(3)), -32600);
    s.write(&frame(&json!({ "jsonrpc": "2.0", "id": 4, "method": 5 })));
    assert_eq!(error_code(&s.response(4)), -32600);
    s.still_serves(11);
    // a header block with no Content-Length (skipped), then an unknown header and a charset
    s.write(b"X-Nothing: 1\r\n\r\n{\"jsonrpc\":\"2.0\"}");
    let body = json!({ "jsonrpc": "2.0", "id": 12, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": "file:///nowhere/x.ts" }, "position": { "line": 0, "character": 0 } } })
    .to_string();
    s.write(
        format!(
            "X-Custom: yes\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    );
    assert!(s.response(12).get("error").is_none());
    // another charset: refused with a parse error, and the server goes on
    s.write(
        b"Content-Type: application/vscode-jsonrpc; charset=utf-16\r\nContent-Length: 2\r\n\r\n{}",
    );
    assert_eq!(error_code(&s.response(Value::Null)), -32700);
    // one frame split across many small writes
    let bytes = frame(
        &json!({ "jsonrpc": "2.0", "id": 13, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": "file:///nowhere/x.ts" }, "position": { "line": 0, "character": 0 } } }),
    );
    for chunk in bytes.chunks(7) {
        s.write(chunk);
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(s.response(13).get("error").is_none());
    // the lifecycle still ends by the book
    s.send(json!({ "jsonrpc": "2.0", "id": 99, "method": "shutdown", "params": null }));
    s.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    assert_eq!(s.wait_exit(Duration::from_secs(5)), 0);
}

/// Issue 28: a length over the limit ended the server. A finite over-limit body is read past
/// (not kept) and answered with an error; the server goes on. A length the input never delivers
/// ends as the end of the input does.
#[test]
fn an_over_limit_message_is_skipped_and_the_server_goes_on() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    let n = 64 * 1024 * 1024 + 1;
    s.write(format!("Content-Length: {n}\r\n\r\n").as_bytes());
    let chunk = vec![b' '; 1024 * 1024];
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len());
        s.write(&chunk[..k]);
        left -= k;
    }
    let r = s.response(Value::Null);
    assert_eq!(error_code(&r), -32600, "{r}");
    s.still_serves(50);
    // a length that never arrives: the end of the input, quietly
    s.write(b"Content-Length: 1000000000000\r\n\r\n");
    drop(s.stdin.take());
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 1);
    assert!(
        s.stderr().contains("skipped a 67108865-byte message"),
        "{}",
        s.stderr()
    );
}

/// Issue 28: a malformed response from the client (`error.code` not a number) got an error reply
/// carrying its id, which the client could take as the answer to its own request of that id.
#[test]
fn a_malformed_response_is_never_answered() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    s.drain(Duration::from_millis(300));
    s.send(json!({ "jsonrpc": "2.0", "id": 3, "error": { "code": "x" } }));
    s.send(json!({ "jsonrpc": "2.0", "id": 4, "result": null, "error": { "code": 1, "message": "m" } }));
    let seen = s.drain(Duration::from_millis(500));
    assert!(
        !seen.iter().any(|m| m["id"] == 3 || m["id"] == 4),
        "answered a response: {seen:?}"
    );
    s.still_serves(60);
}

/// Issue 28: a client that stops reading grew the server without bound (400,000 queued replies,
/// 328 MB). Now the server stops producing when its queue is full (and then stops reading), and
/// catches up when the client reads again: 50,000 requests sent while nothing is read leave
/// its memory within a few MB of where it was (4 MB measured at 100,000; unbounded, ~40 MB).
#[test]
fn a_client_that_stops_reading_does_not_grow_the_server() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    s.still_serves(999);
    let before = rss_kib(s.child.id());
    s.pause_reading();
    let hover = |id: i64| {
        json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": "file:///nowhere/x.ts" }, "position": { "line": 0, "character": 0 } } })
    };
    // written from another thread: once the pipes are full, its writes wait
    let mut stdin = s.stdin.take().unwrap();
    let last = 51_000;
    let writer = std::thread::spawn(move || {
        for id in 1000..last {
            if stdin.write_all(&frame(&hover(id))).is_err() {
                break;
            }
        }
        stdin
    });
    std::thread::sleep(Duration::from_secs(4));
    let grown = rss_kib(s.child.id()).saturating_sub(before);
    s.resume_reading();
    eprintln!("grew {grown} KiB while the client did not read");
    assert!(
        grown < 16 * 1024,
        "grew {grown} KiB while the client did not read"
    );
    s.stdin = Some(writer.join().unwrap());
    let _ = s.response(last - 1);
    s.still_serves(last + 1);
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Issue 28: an editor that died but was not reaped (a zombie) was not noticed: `kill(pid, 0)`
/// succeeds on a zombie.
#[cfg(target_os = "linux")]
#[test]
fn the_server_exits_when_the_editor_is_a_zombie() {
    // a child of this test that exits and is not waited for: a zombie
    let mut editor = Command::new("true").spawn().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let mut s = Raw::start();
    s.initialize(json!(editor.id()));
    assert_eq!(s.wait_exit(Duration::from_secs(10)), 1);
    assert!(s.stderr().contains("is gone"), "{}", s.stderr());
    let _ = editor.wait();
}

#[test]
fn shutdown_then_exit_at_once_ends_with_0_and_no_error_replies() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    s.send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
    s.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    assert_eq!(s.wait_exit(Duration::from_secs(5)), 0);
    let rest = s.drain(Duration::from_millis(200));
    assert!(rest.iter().all(|m| m.get("error").is_none()), "{rest:?}");
    assert!(
        rest.iter()
            .any(|m| m["id"] == 2 && m.get("result").is_some()),
        "{rest:?}"
    );
}

#[test]
fn exit_without_shutdown_ends_with_1() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    s.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    assert_eq!(s.wait_exit(Duration::from_secs(5)), 1);
}

#[test]
fn requests_after_shutdown_are_invalid() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    s.send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
    assert!(s.response(2).get("error").is_none());
    s.send(json!({ "jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": "file:///x.ts" }, "position": { "line": 0, "character": 0 } } }));
    assert_eq!(error_code(&s.response(3)), -32600);
    s.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    assert_eq!(s.wait_exit(Duration::from_secs(5)), 0);
}

#[test]
fn the_end_of_input_ends_the_server_quietly() {
    // inside a frame
    let mut s = Raw::start();
    s.initialize(Value::Null);
    s.write(b"Content-Length: 50\r\n\r\n{\"jsonrpc\":");
    drop(s.stdin.take());
    s.wait_exit(Duration::from_secs(5));
    assert_eq!(s.stderr(), "");
    // between frames
    let mut s = Raw::start();
    s.initialize(Value::Null);
    drop(s.stdin.take());
    s.wait_exit(Duration::from_secs(5));
    assert_eq!(s.stderr(), "");
}

#[test]
fn the_server_exits_when_the_editor_dies() {
    let mut editor = Command::new("sleep").arg("60").spawn().unwrap();
    let mut s = Raw::start();
    s.initialize(json!(editor.id()));
    s.still_serves(5);
    editor.kill().unwrap();
    editor.wait().unwrap();
    let started = Instant::now();
    s.wait_exit(Duration::from_secs(5));
    assert!(started.elapsed() < Duration::from_secs(4));
    assert!(s.stderr().contains("is gone"), "{}", s.stderr());
}

#[test]
fn a_panicking_request_gets_an_error_reply_and_the_next_one_works() {
    let mut s = Raw::start_with_env(&[("MANIFEST_LSP_PANIC_ON", "textDocument/hover")]);
    s.initialize(Value::Null);
    s.send(json!({ "jsonrpc": "2.0", "id": 7, "method": "textDocument/hover",
        "params": { "textDocument": { "uri": "file:///x.ts" }, "position": { "line": 0, "character": 0 } } }));
    let r = s.response(7);
    assert_eq!(error_code(&r), -32603, "{r}");
    assert!(r["error"]["message"]
        .as_str()
        .unwrap()
        .contains("internal error in textDocument/hover"));
    // other methods still answer
    s.send(json!({ "jsonrpc": "2.0", "id": 8, "method": "textDocument/completion",
        "params": { "textDocument": { "uri": "file:///x.ts" }, "position": { "line": 0, "character": 0 } } }));
    assert!(s.response(8).get("error").is_none());
    s.send(json!({ "jsonrpc": "2.0", "id": 9, "method": "shutdown" }));
    s.send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    assert_eq!(s.wait_exit(Duration::from_secs(5)), 0);
}

#[test]
fn a_panicking_analysis_loses_only_that_project() {
    let (_tmp, root) = common::copy_fixture("violations");
    // the server: the failing package is logged, the others are published
    let mut s = Raw::start_with_env(&[("MANIFEST_LSP_PANIC_ON", "analyze:so004-unlisted-version")]);
    let folder = format!("file://{}", root.display());
    s.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": folder, "capabilities": {} } }));
    s.response(1);
    s.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    let mut published = std::collections::HashSet::new();
    let mut logged = false;
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline && !(logged && published.len() > 20) {
        if let Ok(m) = s.rx.recv_timeout(Duration::from_millis(200)) {
            if m["method"] == "textDocument/publishDiagnostics" {
                published.insert(m["params"]["uri"].as_str().unwrap().to_string());
            }
            if m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("internal error while analysing")
            {
                logged = true;
            }
        }
    }
    assert!(logged, "the failure was not logged");
    assert!(published.len() > 20, "{published:?}");
    assert!(!published
        .iter()
        .any(|u| u.contains("so004-unlisted-version")));
    s.still_serves(2);

    // check: the failing project is named, exit 2, the rest is reported
    let out = Command::new(env!("CARGO_BIN_EXE_manifest-lsp"))
        .args(["check", "--format", "json", "."])
        .current_dir(&root)
        .env("MANIFEST_LSP_PANIC_ON", "analyze:so004-unlisted-version")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("internal error while checking") && err.contains("so004-unlisted-version"),
        "{err}"
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["diagnostics"].as_array().unwrap();
    assert!(findings.len() > 20);
    assert!(findings.iter().all(|d| !d["path"]
        .as_str()
        .unwrap()
        .contains("so004-unlisted-version")));
}

/// Issue 28: an id past i64 got "Invalid request" and then the service was dead.
#[test]
fn a_request_id_past_i64_gets_an_error_and_the_server_keeps_serving() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    s.write(b"Content-Length: 69\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":18446744073709551615,\"method\":\"shutdown\",\"x\":1}");
    let r = s.response(json!(18446744073709551615u64));
    assert_eq!(error_code(&r), -32600, "{r}");
    s.still_serves(20);
    s.still_serves(21);
}

/// Issue 28: a request on `file:///dev/stdin` never answered (the server read its own input).
#[test]
fn requests_on_device_uris_are_answered() {
    let mut s = Raw::start();
    s.initialize(Value::Null);
    for (i, method) in [
        "textDocument/hover",
        "textDocument/definition",
        "textDocument/inlayHint",
    ]
    .iter()
    .enumerate()
    {
        let id = 30 + i as i64;
        let mut params = json!({ "textDocument": { "uri": "file:///dev/stdin" }, "position": { "line": 0, "character": 0 } });
        if *method == "textDocument/inlayHint" {
            params = json!({ "textDocument": { "uri": "file:///dev/stdin" },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 9, "character": 0 } } });
        }
        s.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let _ = s.response(id);
    }
    s.still_serves(40);
}

/// Issue 28: one `didChange` carrying 100,000 empty ranged changes (a 9.9 MB message) peaked at
/// 698 MB. A message with more than 100,000 objects and arrays never reaches the service: the
/// document's buffer is dropped (its changes were not applied) and the disk is read instead, the
/// user is told, and the server stays small and serving.
#[test]
fn a_change_of_a_hundred_thousand_edits_does_not_balloon_the_server() {
    let (_tmp, root) = common::copy_fixture("violations/so007-docker-tag-mismatch");
    let file = root.join("startos/versions/current.ts");
    let uri = format!("file://{}", file.display());
    let mut s = Raw::start();
    s.initialize(Value::Null);
    s.send(
        json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
        "uri": uri, "languageId": "typescript", "version": 1,
        "text": std::fs::read_to_string(&file).unwrap() } } }),
    );
    let change = json!({ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "" });
    let changes = vec![change; 100_000];
    s.send(
        json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": { "uri": uri, "version": 2 }, "contentChanges": changes } }),
    );
    let seen = s.drain(Duration::from_millis(1500));
    s.still_serves(70);
    assert!(
        seen.iter().any(|m| m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("was not applied")),
        "{seen:?}"
    );
    let peak = std::fs::read_to_string(format!("/proc/{}/status", s.child.id()))
        .ok()
        .and_then(|st| {
            st.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .unwrap_or(0);
    assert!(peak < 200 * 1024, "peak {peak} KiB");
    // a request that large is answered with an error carrying its id
    let nested = json!({ "jsonrpc": "2.0", "id": 71, "method": "workspace/symbol",
        "params": { "query": "", "x": vec![json!([]); 100_001] } });
    s.send(nested);
    assert_eq!(error_code(&s.response(71)), -32600);
    s.still_serves(72);
}

/// Issue 28: typing a deeply nested file into an editor buffer killed the server mid-session
/// (a stack overflow aborts; no panic handler catches it). Buffers nested 4,000 to 10,000 deep
/// (15 to 40 times the limit of 256) are opened; the server analyses around them and serves on.
#[test]
fn deeply_nested_buffers_do_not_kill_the_server() {
    let (_tmp, root) = common::copy_fixture("violations/so007-docker-tag-mismatch");
    let mut s = Raw::start();
    s.send(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {} } }));
    let _ = s.response(1);
    s.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    let open = |s: &mut Raw, rel: &str, text: String| {
        let uri = format!("file://{}", root.join(rel).display());
        s.send(json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": { "textDocument": {
            "uri": uri, "languageId": "typescript", "version": 1, "text": text } } }));
    };
    open(
        &mut s,
        "package.json",
        format!(
            "{{\"name\":\"p\",\"peers\":{{\"a\":1}},\"x\":{}{}}}",
            "[".repeat(4000),
            "]".repeat(4000)
        ),
    );
    open(
        &mut s,
        "startos/manifest/index.ts",
        format!(
            "export const manifest = {}{}",
            "{ a: ".repeat(10_000),
            "}".repeat(10_000)
        ),
    );
    open(
        &mut s,
        "startos/versions/current.ts",
        format!(
            "export const current = VersionInfo.of({{ version: '1.0.0:0', other: {{ '{}': 1 }} }})",
            "(".repeat(1000)
        ),
    );
    std::thread::sleep(Duration::from_millis(1500));
    s.still_serves(80);
    s.still_serves(81);
}

/// Issue 25, class 7: the server's indexing summary said one project more than `check` counts on
/// the same tree (an npm package that no family applies to was counted).
#[test]
fn the_indexing_summary_counts_what_check_counts() {
    let (_tmp, root) = common::copy_fixture("clean/ghost-startos");
    std::fs::create_dir_all(root.join("plain")).unwrap();
    std::fs::write(
        root.join("plain/package.json"),
        r#"{ "name": "plain", "version": "1.0.0" }"#,
    )
    .unwrap();
    let mut s = Raw::start();
    s.send(
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": null, "rootUri": format!("file://{}", root.display()),
        "capabilities": { "window": { "workDoneProgress": true } } } }),
    );
    let _ = s.response(1);
    s.send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));
    let deadline = Instant::now() + Duration::from_secs(20);
    let end = loop {
        assert!(Instant::now() < deadline, "no end of indexing");
        let msg =
            s.rx.recv_timeout(Duration::from_secs(20))
                .expect("a message");
        if msg["method"] == "window/workDoneProgress/create" {
            s.send(json!({ "jsonrpc": "2.0", "id": msg["id"], "result": null }));
        }
        if msg["method"] == "$/progress" && msg["params"]["value"]["kind"] == "end" {
            break msg;
        }
    };
    assert_eq!(end["params"]["value"]["message"], "1 project(s)", "{end}");
}
