//! The server's process around the LSP service: it reads the client's frames itself (see
//! `transport`), answers what is not a message, and forwards the rest to the service over an
//! in-memory pipe; everything the process writes goes through one writer. It owns the lifecycle:
//! `exit` after `shutdown` waits for the `shutdown` reply to be written and ends with 0, `exit`
//! without it ends with 1, the end of the input ends the process quietly, and the editor process
//! named at `initialize` is watched.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

use super::transport::{
    classify, containers, encode, error_response, oversized, read_frame, Frame, Incoming,
    Oversized, INVALID_REQUEST, MAX_CONTAINERS, MAX_CONTENT_LENGTH, PARSE_ERROR,
};
use super::Backend;

/// What the reader and the writer share.
#[derive(Default)]
struct Shared {
    /// The id of the `shutdown` request, once one arrived.
    shutdown_id: Mutex<Option<Value>>,
    /// Its reply has been written.
    shutdown_answered: AtomicBool,
    /// Frames queued for the writer and not yet written.
    pending: AtomicUsize,
}

impl Shared {
    fn shutdown_requested(&self) -> bool {
        self.shutdown_id
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }
}

/// Frames waiting for the writer, at most: a client that stops reading makes the server stop
/// producing (the service's pipe fills, then its writes wait) instead of queueing without bound.
const OUTBOX: usize = 256;

/// The sending side of the one writer.
#[derive(Clone)]
struct Outbox {
    tx: mpsc::Sender<Value>,
    shared: Arc<Shared>,
}

impl Outbox {
    /// Queues a frame; waits while the queue is full (the client is not reading).
    async fn send(&self, v: Value) {
        self.shared.pending.fetch_add(1, Ordering::SeqCst);
        if self.tx.send(v).await.is_err() {
            self.shared.pending.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// Waits (a little) until everything queued has been written.
    async fn drained(&self, limit: Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        while self.shared.pending.load(Ordering::SeqCst) > 0
            && tokio::time::Instant::now() < deadline
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

async fn write_loop<O: AsyncWrite + Unpin>(
    mut output: O,
    mut rx: mpsc::Receiver<Value>,
    shared: Arc<Shared>,
) {
    while let Some(v) = rx.recv().await {
        let ok = output.write_all(&encode(&v)).await.is_ok() && output.flush().await.is_ok();
        let is_shutdown_reply = v.get("method").is_none()
            && v.get("id").is_some()
            && shared
                .shutdown_id
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_ref()
                == v.get("id");
        if is_shutdown_reply {
            shared.shutdown_answered.store(true, Ordering::SeqCst);
        }
        shared.pending.fetch_sub(1, Ordering::SeqCst);
        if !ok {
            return; // the client is gone; the reader will see the end of its input
        }
    }
}

/// What the service writes, frame by frame, into the one writer.
async fn relay<R: AsyncRead + Unpin>(from_service: R, out: Outbox) {
    let mut reader = BufReader::new(from_service);
    while let Ok(Frame::Body { bytes, .. }) = read_frame(&mut reader).await {
        if let Ok(v) = serde_json::from_slice::<Value>(&bytes) {
            out.send(v).await;
        }
    }
}

/// A process that has ended but was not reaped yet (Linux: state `Z` in `/proc/<pid>/stat`):
/// `kill(pid, 0)` still succeeds on it.
#[cfg(unix)]
fn zombie(pid: libc::pid_t) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // `pid (comm) S …`: the state follows the last `)` (the command may hold one)
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .is_some_and(|state| state == "Z" || state == "X")
}

/// Ends the process if the editor's process goes away (checked every second).
fn watch_editor(pid: u32) {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return;
        };
        let exists = move || {
            // signal 0 checks existence; EPERM means it exists but is not ours
            // SAFETY: kill(2) with signal 0 sends nothing and touches no memory.
            let r = unsafe { libc::kill(pid, 0) };
            r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
        };
        if !exists() {
            return; // a pid we cannot see (another namespace): nothing to watch
        }
        // a zombie has ended: only its parent has not collected it yet
        let alive = move || exists() && !zombie(pid);
        let spawned = std::thread::Builder::new()
            .name("editor-watch".into())
            .spawn(move || loop {
                std::thread::sleep(Duration::from_secs(1));
                if !alive() {
                    eprintln!("manifest-lsp: the editor (process {pid}) is gone; exiting");
                    std::process::exit(1);
                }
            });
        if let Err(e) = spawned {
            eprintln!("manifest-lsp: cannot watch the editor process: {e}");
        }
    }
    #[cfg(not(unix))]
    let _ = pid;
}

/// Serves one client until the lifecycle ends; returns the exit status.
pub async fn serve<I, O>(input: I, output: O) -> i32
where
    I: AsyncRead + Unpin + Send + 'static,
    O: AsyncWrite + Unpin + Send + 'static,
{
    let shared = Arc::new(Shared::default());
    let (tx, rx) = mpsc::channel(OUTBOX);
    let out = Outbox {
        tx,
        shared: shared.clone(),
    };
    tokio::spawn(write_loop(output, rx, shared.clone()));

    let (mut to_service, service_in) = tokio::io::duplex(1 << 20);
    let (service_out, from_service) = tokio::io::duplex(1 << 20);
    let (service, socket) = tower_lsp_server::LspService::build(Backend::new)
        .custom_method(
            "window/workDoneProgress/cancel",
            Backend::progress_cancelled,
        )
        .finish();
    tokio::spawn(tower_lsp_server::Server::new(service_in, service_out, socket).serve(service));
    tokio::spawn(relay(from_service, out.clone()));

    let mut input = BufReader::new(input);
    loop {
        let frame = match read_frame(&mut input).await {
            Ok(f) => f,
            Err(_) => Frame::Eof,
        };
        let (bytes, charset) = match frame {
            Frame::Body { bytes, charset } => (bytes, charset),
            Frame::Eof => {
                // the client closed the pipe: end quietly
                out.drained(Duration::from_millis(500)).await;
                return if shared.shutdown_requested() { 0 } else { 1 };
            }
            Frame::NoLength => {
                eprintln!("manifest-lsp: skipped a message without a usable Content-Length header");
                continue;
            }
            Frame::TooLarge(n) => {
                // its body was read past, unkept: the next frame is read as usual
                eprintln!(
                    "manifest-lsp: skipped a {n}-byte message (the limit is {MAX_CONTENT_LENGTH} bytes)"
                );
                let why = format!(
                    "Invalid Request: a {n}-byte message is over the limit of {MAX_CONTENT_LENGTH} bytes; skipped"
                );
                out.send(error_response(Value::Null, INVALID_REQUEST, why))
                    .await;
                continue;
            }
        };
        if containers(&bytes, MAX_CONTAINERS) > MAX_CONTAINERS {
            // never given to the service, whose JSON tree of it would cost several KB per value
            let too_many =
                format!("more than {MAX_CONTAINERS} JSON objects and arrays in one message");
            match oversized(&bytes) {
                Oversized::Request(id) => {
                    let why = format!("Invalid Request: {too_many}; not processed");
                    out.send(error_response(id, INVALID_REQUEST, why)).await;
                }
                Oversized::Change(uri) => {
                    eprintln!("manifest-lsp: a change of {uri} with {too_many}: not applied; the document is read from disk");
                    let close = serde_json::json!({ "jsonrpc": "2.0", "method": "textDocument/didClose",
                        "params": { "textDocument": { "uri": uri } } });
                    if to_service.write_all(&encode(&close)).await.is_err() {
                        out.drained(Duration::from_millis(500)).await;
                        return 1;
                    }
                    let message = format!(
                        "manifest-lsp: an edit of {uri} came as {too_many} and was not applied; the \
                         file is checked as saved on disk until it is opened again"
                    );
                    out.send(
                        serde_json::json!({ "jsonrpc": "2.0", "method": "window/showMessage",
                        "params": { "type": 2, "message": message } }),
                    )
                    .await;
                }
                Oversized::Notification(method) => {
                    eprintln!("manifest-lsp: skipped a `{method}` notification with {too_many}");
                }
                Oversized::Unreadable => {
                    let why = format!("Parse error: {too_many}, and no readable envelope");
                    out.send(error_response(Value::Null, PARSE_ERROR, why))
                        .await;
                }
            }
            continue;
        }
        let (value, method) = match classify(bytes, charset.as_deref()) {
            Incoming::Reject(reply) => {
                out.send(reply).await;
                continue;
            }
            Incoming::Ignore(why) => {
                // a malformed response: answering it could look like an answer to one of the
                // client's own requests
                eprintln!("manifest-lsp: ignored a message: {why}");
                continue;
            }
            Incoming::Message { value, method, id } => {
                if method.as_deref() == Some("shutdown") {
                    *shared.shutdown_id.lock().unwrap_or_else(|e| e.into_inner()) =
                        Some(id.unwrap_or(Value::Null));
                }
                (value, method)
            }
        };
        match method.as_deref() {
            Some("exit") => {
                if !shared.shutdown_requested() {
                    out.drained(Duration::from_millis(500)).await;
                    return 1;
                }
                // the `shutdown` reply first, then nothing else (no cancelled requests)
                let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
                while !shared.shutdown_answered.load(Ordering::SeqCst)
                    && tokio::time::Instant::now() < deadline
                {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                return 0;
            }
            Some("initialize") => {
                if let Some(pid) = value
                    .pointer("/params/processId")
                    .and_then(Value::as_u64)
                    .and_then(|p| u32::try_from(p).ok())
                {
                    watch_editor(pid);
                }
            }
            _ => {}
        }
        if to_service.write_all(&encode(&value)).await.is_err() {
            out.drained(Duration::from_millis(500)).await;
            return 1; // the service ended
        }
    }
}
