//! The LSP base protocol, read defensively: whatever a client sends, the server answers what it
//! can and keeps serving. A header block is `Name: value` lines ending in a blank line (CRLF or
//! LF); `Content-Length` is required, other headers are accepted; a `Content-Type` charset other
//! than UTF-8 is transcoded when it is Latin-1, refused otherwise. A body that is not UTF-8 or not
//! JSON gets -32700, one that is not a JSON-RPC 2.0 message gets -32600. A body longer than
//! [`MAX_CONTENT_LENGTH`] is read past without being kept and answered with -32600; a malformed
//! response from the client is logged and never answered.

use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

/// No manifest, buffer or request comes near this; a larger frame is a broken or hostile client.
pub const MAX_CONTENT_LENGTH: usize = 64 * 1024 * 1024;

/// Longer header lines are cut (and then are no headers).
const MAX_HEADER_LINE: usize = 8 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A body, and the charset its `Content-Type` named (if any).
    Body {
        bytes: Vec<u8>,
        charset: Option<String>,
    },
    /// A header block without a usable `Content-Length`: its body cannot be found, so it is
    /// skipped (reading resumes at the next header block).
    NoLength,
    /// A `Content-Length` over the limit: the body was read past without being kept.
    TooLarge(usize),
    /// The input ended (possibly inside a frame).
    Eof,
}

/// One line, `\n` included when present; `None` at the end of the input. Bytes past
/// [`MAX_HEADER_LINE`] are dropped.
async fn read_line<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    let mut any = false;
    loop {
        let buf = r.fill_buf().await?;
        if buf.is_empty() {
            return Ok(any.then_some(line));
        }
        any = true;
        let (take, done) = match buf.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = MAX_HEADER_LINE.saturating_sub(line.len());
        line.extend_from_slice(&buf[..take.min(room)]);
        r.consume(take);
        if done {
            return Ok(Some(line));
        }
    }
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Reads the next frame.
pub async fn read_frame<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Frame> {
    let mut length: Option<usize> = None;
    let mut length_seen = false;
    let mut charset: Option<String> = None;
    let mut in_block = false;
    let length = loop {
        let Some(mut line) = read_line(r).await? else {
            return Ok(Frame::Eof);
        };
        // a header glued to the end of garbage (a body longer than its announced length)
        if let Some(i) = find_ignore_case(&line, b"content-length:").filter(|i| *i > 0) {
            line.drain(..i);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !in_block {
                continue; // blank lines between frames
            }
            match length {
                Some(n) => break n,
                None => return Ok(Frame::NoLength),
            }
        }
        let Some((name, value)) = text.split_once(':') else {
            continue; // not a header: ignored
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("content-length") {
            in_block = true;
            // a second Content-Length that disagrees makes the frame unreadable
            let n = value.parse::<usize>().ok();
            length = if length_seen && length != n { None } else { n };
            length_seen = true;
        } else if name.eq_ignore_ascii_case("content-type") {
            in_block = true;
            charset = value
                .split(';')
                .filter_map(|p| p.trim().split_once('='))
                .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
                .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase());
        } else if in_block || name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            in_block = true; // another header: accepted and ignored
        }
    };
    if length > MAX_CONTENT_LENGTH {
        // read past in small pieces, nothing kept; a length the input never delivers ends as
        // the end of the input
        let skipped = tokio::io::copy(&mut r.take(length as u64), &mut tokio::io::sink()).await?;
        if skipped < length as u64 {
            return Ok(Frame::Eof);
        }
        return Ok(Frame::TooLarge(length));
    }
    let mut bytes = Vec::new();
    // read_to_end on a `take` grows the buffer as data arrives: a length the input never
    // delivers costs nothing
    r.take(length as u64).read_to_end(&mut bytes).await?;
    if bytes.len() < length {
        return Ok(Frame::Eof);
    }
    Ok(Frame::Body { bytes, charset })
}

/// Objects and arrays one message may hold. The service reads a message as a JSON tree (a few
/// KB per small object); past this, the message is not given to it: 100,000 empty changes in one
/// `didChange` (a 9.9 MB message) peaked at 698 MB.
pub const MAX_CONTAINERS: usize = 100_000;

/// The objects and arrays of a JSON text (brackets outside strings), counted up to `limit + 1`.
pub fn containers(bytes: &[u8], limit: usize) -> usize {
    let (mut n, mut in_string, mut escaped) = (0, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                n += 1;
                if n > limit {
                    return n;
                }
            }
            _ => {}
        }
    }
    n
}

/// What an oversized message was, read without building its tree.
#[derive(Debug, PartialEq)]
pub enum Oversized {
    /// A request: answered with an error carrying its id.
    Request(Value),
    /// A `didChange` of this document: the server drops its buffer and reads the disk instead
    /// (its changes were not applied, so the buffer would be wrong).
    Change(String),
    /// Another notification: dropped, and logged.
    Notification(String),
    /// Not even its envelope reads.
    Unreadable,
}

/// Reads the envelope of an oversized message: `id`, `method`, the document's URI; the rest is
/// skipped by the parser without being kept.
pub fn oversized(bytes: &[u8]) -> Oversized {
    #[derive(serde::Deserialize)]
    struct Doc {
        uri: String,
    }
    #[derive(serde::Deserialize)]
    struct Params {
        #[serde(rename = "textDocument")]
        text_document: Option<Doc>,
    }
    // the fields not named here are skipped by the parser, nothing of them kept
    #[derive(serde::Deserialize)]
    struct Light {
        id: Option<Value>,
        method: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct Change {
        params: Params,
    }
    let Ok(light) = serde_json::from_slice::<Light>(bytes) else {
        return Oversized::Unreadable;
    };
    match (light.id, light.method) {
        (Some(id), _) if id.is_string() || id.is_i64() => Oversized::Request(id),
        (Some(_), _) => Oversized::Request(Value::Null),
        (None, Some(m)) if m == "textDocument/didChange" => {
            let uri = serde_json::from_slice::<Change>(bytes)
                .ok()
                .and_then(|c| c.params.text_document);
            match uri {
                Some(doc) => Oversized::Change(doc.uri),
                None => Oversized::Notification(m),
            }
        }
        (None, Some(m)) => Oversized::Notification(m),
        (None, None) => Oversized::Unreadable,
    }
}

/// What a body is, for the dispatcher.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    /// A well-formed JSON-RPC 2.0 request, notification or response.
    Message {
        value: Value,
        method: Option<String>,
        id: Option<Value>,
    },
    /// Not a message: the error response to send back.
    Reject(Value),
    /// Nothing to send back (a malformed response: replying could answer the client's own
    /// request of that id): why, for the log.
    Ignore(String),
}

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

pub fn error_response(id: Value, code: i64, message: impl Into<String>) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message.into() } })
}

/// Decodes and checks a body.
pub fn classify(bytes: Vec<u8>, charset: Option<&str>) -> Incoming {
    let text = match charset {
        None | Some("utf-8" | "utf8") => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => {
                return Incoming::Reject(error_response(
                    Value::Null,
                    PARSE_ERROR,
                    "Parse error: the message body is not valid UTF-8",
                ))
            }
        },
        // every byte is its own code point
        Some("iso-8859-1" | "latin1" | "latin-1") => bytes.iter().map(|b| *b as char).collect(),
        Some(other) => {
            return Incoming::Reject(error_response(
                Value::Null,
                PARSE_ERROR,
                format!("Parse error: unsupported charset `{other}` (use utf-8)"),
            ))
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Reject(error_response(
                Value::Null,
                PARSE_ERROR,
                format!("Parse error: {e}"),
            ))
        }
    };
    let invalid = |id: Value, why: &str| {
        Incoming::Reject(error_response(
            id,
            INVALID_REQUEST,
            format!("Invalid Request: {why}"),
        ))
    };
    let Some(obj) = value.as_object() else {
        return invalid(
            Value::Null,
            "a message is a JSON object (batches are not used by LSP)",
        );
    };
    let id = obj.get("id").cloned();
    let valid_id = id
        .as_ref()
        .is_none_or(|i| i.is_string() || i.is_i64() || i.is_u64() || i.is_null());
    // a number the service cannot hold (over i64, or a fraction): an error that names it, and
    // the service never sees it (it would take the message as invalid and stop)
    if let Some(n) = id.as_ref().filter(|i| i.is_number() && !i.is_i64()) {
        return Incoming::Reject(error_response(
            n.clone(),
            INVALID_REQUEST,
            "Invalid Request: a numeric `id` must fit a signed 64-bit integer; use a string id"
                .to_string(),
        ));
    }
    let reply_id = id.clone().filter(|_| valid_id).unwrap_or(Value::Null);
    if obj.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid(reply_id, "`jsonrpc` must be \"2.0\"");
    }
    if !valid_id {
        return invalid(Value::Null, "`id` must be a number or a string");
    }
    let method = match obj.get("method") {
        None => None,
        Some(Value::String(m)) => Some(m.clone()),
        Some(_) => return invalid(reply_id, "`method` must be a string"),
    };
    if let Some(params) = obj.get("params") {
        // `null` is what many clients send for "no params"
        if !(params.is_object() || params.is_array() || params.is_null()) {
            return invalid(reply_id, "`params` must be an object or an array");
        }
    }
    if method.is_none() {
        // a response to one of the server's requests
        let is_response = id.is_some() && (obj.contains_key("result") || obj.contains_key("error"));
        if !is_response {
            return invalid(reply_id, "neither a request, a notification nor a response");
        }
        if let Some(error) = obj.get("error") {
            let well_formed = error.get("code").is_some_and(Value::is_i64)
                && error.get("message").is_some_and(Value::is_string);
            if !well_formed || obj.contains_key("result") {
                return Incoming::Ignore(format!(
                    "a response (id {}) whose error is not {{ code: integer, message: string }}",
                    reply_id
                ));
            }
        }
    }
    Incoming::Message { value, method, id }
}

/// `Content-Length: N\r\n\r\n` and the body.
pub fn encode(value: &Value) -> Vec<u8> {
    let body = value.to_string();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8]) -> Vec<Frame> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut r = tokio::io::BufReader::new(input);
            let mut out = Vec::new();
            loop {
                let f = read_frame(&mut r).await.unwrap();
                let end = f == Frame::Eof;
                out.push(f);
                if end || out.len() > 100 {
                    return out;
                }
            }
        })
    }

    fn body(s: &str) -> Frame {
        Frame::Body {
            bytes: s.as_bytes().to_vec(),
            charset: None,
        }
    }

    #[test]
    fn reads_frames_in_any_header_spelling() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length:3\nX-Other: y\n\n[1]\r\n\r\nContent-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}";
        assert_eq!(
            frames(input),
            [
                body("{}"),
                body("[1]"),
                Frame::Body {
                    bytes: b"{}".to_vec(),
                    charset: Some("utf-8".into())
                },
                Frame::Eof
            ]
        );
    }

    #[test]
    fn survives_what_is_not_a_frame() {
        // no length: skipped; the next frame is still read
        let input = b"X-Thing: 1\r\n\r\n{garbage}Content-Length: 2\r\n\r\n{}";
        assert_eq!(frames(input), [Frame::NoLength, body("{}"), Frame::Eof]);
        // too large, and the input ends before its body does: the end
        let input = b"Content-Length: 99999999999\r\n\r\n";
        assert_eq!(frames(input)[0], Frame::Eof);
        // too large and all there: read past, and the next frame is read
        let mut input = format!("Content-Length: {}\r\n\r\n", MAX_CONTENT_LENGTH + 1).into_bytes();
        input.extend(std::iter::repeat_n(b' ', MAX_CONTENT_LENGTH + 1));
        input.extend_from_slice(b"Content-Length: 2\r\n\r\n{}");
        assert_eq!(
            frames(&input),
            [
                Frame::TooLarge(MAX_CONTENT_LENGTH + 1),
                body("{}"),
                Frame::Eof
            ]
        );
        // EOF inside a body or a header
        assert_eq!(frames(b"Content-Length: 10\r\n\r\n{}"), [Frame::Eof]);
        assert_eq!(frames(b"Content-Len"), [Frame::Eof]);
        // two lengths that disagree
        assert_eq!(
            frames(b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}")[0],
            Frame::NoLength
        );
    }

    #[test]
    fn oversized_messages_are_read_by_their_envelope() {
        assert_eq!(containers(br#"{"a":[1,{"b":"[{"}],"c":"\\"}"#, 100), 3);
        assert_eq!(containers(&b"[".repeat(50), 10), 11);
        let change = br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.ts","version":2},"contentChanges":[{"text":""}]}}"#;
        assert_eq!(oversized(change), Oversized::Change("file:///a.ts".into()));
        let request = br#"{"jsonrpc":"2.0","id":7,"method":"x","params":[[[]]]}"#;
        assert_eq!(oversized(request), Oversized::Request(json!(7)));
        let other = br#"{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[]}}"#;
        assert_eq!(
            oversized(other),
            Oversized::Notification("workspace/didChangeWatchedFiles".into())
        );
        assert_eq!(oversized(b"[garbage"), Oversized::Unreadable);
    }

    #[test]
    fn classifies_bodies() {
        let reject_code = |b: &[u8], cs: Option<&str>| match classify(b.to_vec(), cs) {
            Incoming::Reject(v) => v["error"]["code"].as_i64().unwrap(),
            Incoming::Message { .. } => 0,
            Incoming::Ignore(_) => 1,
        };
        // a malformed response is never answered
        assert_eq!(
            reject_code(br#"{"jsonrpc":"2.0","id":3,"error":{"code":"x"}}"#, None),
            1
        );
        assert_eq!(
            reject_code(
                br#"{"jsonrpc":"2.0","id":3,"error":{"code":-1,"message":"m"}}"#,
                None
            ),
            0
        );
        assert_eq!(reject_code(b"{garbage}", None), PARSE_ERROR);
        assert_eq!(reject_code(&[0xff, 0xfe], None), PARSE_ERROR);
        assert_eq!(reject_code(b"[]", None), INVALID_REQUEST);
        assert_eq!(
            reject_code(br#"{"id":1,"method":"x"}"#, None),
            INVALID_REQUEST
        );
        assert_eq!(
            reject_code(br#"{"jsonrpc":"2.0","id":{},"method":"x"}"#, None),
            INVALID_REQUEST
        );
        assert_eq!(
            reject_code(br#"{"jsonrpc":"2.0","method":5}"#, None),
            INVALID_REQUEST
        );
        assert_eq!(reject_code(br#"{"jsonrpc":"2.0"}"#, None), INVALID_REQUEST);
        assert_eq!(
            reject_code(br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#, Some("utf-16")),
            PARSE_ERROR
        );
        assert_eq!(
            reject_code(br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#, None),
            0
        );
        assert_eq!(
            reject_code(br#"{"jsonrpc":"2.0","id":1,"result":null}"#, None),
            0
        );
        // Latin-1 is transcoded
        let latin1 = b"{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":{\"s\":\"caf\xe9\"}}";
        match classify(latin1.to_vec(), Some("iso-8859-1")) {
            Incoming::Message { value, .. } => assert_eq!(value["params"]["s"], "café"),
            other => panic!("{other:?}"),
        }
        // the id of an invalid request is kept when it is usable
        match classify(br#"{"jsonrpc":"1.0","id":7,"method":"x"}"#.to_vec(), None) {
            Incoming::Reject(v) => assert_eq!(v["id"], 7),
            other => panic!("{other:?}"),
        }
    }
}
