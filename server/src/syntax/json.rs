//! JSON with positions, from tree-sitter-json: every value keeps its byte range, so diagnostics
//! underline the exact value. Tolerant: comments are skipped, and half-typed files (a missing
//! value, a trailing comma, an unclosed brace) still yield every member that parsed.

use std::cell::RefCell;
use std::ops::Range;

use tree_sitter::{Node as TsNode, Parser};

/// Larger files are not read (a `package.json` is a few kilobytes).
const MAX_PARSE_BYTES: usize = 4 << 20;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Object(Vec<Member>),
    Array(Vec<Node>),
    /// The decoded string (escapes resolved).
    String(String),
    /// The number as written.
    Number(String),
    Bool(bool),
    Null,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    /// The whole value, quotes included for a string.
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_range: Range<usize>,
    /// `None` while the value is still being typed.
    pub value: Option<Node>,
    /// The whole `"key": value` pair.
    pub range: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The top-level value, when there is one.
    pub root: Option<Node>,
    pub has_errors: bool,
    /// Why the text was not analysed (too large, too deep, too many values): the document is
    /// then empty, and a loader says so instead of taking it for an empty manifest.
    pub not_analysed: Option<String>,
}

thread_local! {
    // the grammar is linked in: its ABI is checked by every test
    #[allow(clippy::expect_used)]
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_json::LANGUAGE.into())
            .expect("tree-sitter-json matches tree-sitter's ABI");
        p
    });
}

/// Values a JSON file may hold to be analysed (commas and brackets, counted as an over-estimate):
/// no manifest comes near it, and a 1,000,000-element `package.json` open in an editor cost 2.4 s
/// and 2.6 GB per keystroke.
pub const MAX_VALUES: usize = 50_000;

fn too_many_values(text: &str) -> bool {
    text.bytes()
        .filter(|b| matches!(b, b',' | b'{' | b'['))
        .nth(MAX_VALUES)
        .is_some()
}

/// Why a JSON text is not analysed (too large, nested too deep, too many values), if it is not:
/// what a manifest loader reports instead of a silent empty document.
fn not_analysed(text: &str) -> Option<String> {
    if text.len() > MAX_PARSE_BYTES {
        Some(format!("over {MAX_PARSE_BYTES} bytes; not analysed"))
    } else if super::too_deep(text) {
        Some(format!(
            "nested deeper than {} levels; not analysed",
            super::MAX_NESTING
        ))
    } else if too_many_values(text) {
        Some(format!("more than {MAX_VALUES} values; not analysed"))
    } else {
        None
    }
}

pub fn parse(text: &str) -> Document {
    if let Some(why) = not_analysed(text) {
        return Document {
            not_analysed: Some(why),
            ..Document::default()
        };
    }
    // a valid file (nearly every one) is read byte by byte; the tree reads the rest
    if let Some(root) = super::json_strict::parse(text) {
        return Document {
            root: Some(root),
            has_errors: false,
            not_analysed: None,
        };
    }
    tree_parse(text)
}

/// [`parse`] by the syntax tree, for any text (the strict reader's reference).
fn tree_parse(text: &str) -> Document {
    let Some(tree) = PARSER.with(|p| p.borrow_mut().parse(text, None)) else {
        return Document::default();
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    // an unclosed top-level object can make the whole tree an error node
    let first = if root.kind() == "ERROR" {
        value(root, text)
    } else {
        root.named_children(&mut cursor)
            .find_map(|n| value(n, text))
    };
    Document {
        root: first,
        has_errors: root.has_error(),
        not_analysed: None,
    }
}

fn value(node: TsNode, text: &str) -> Option<Node> {
    let v = match node.kind() {
        "object" => {
            let mut members = Vec::new();
            let mut c = node.walk();
            for child in node.named_children(&mut c) {
                members.extend(member(child, text));
                if child.kind() == "ERROR" {
                    // recovered pairs inside an error node
                    let mut c2 = child.walk();
                    members.extend(
                        child
                            .named_children(&mut c2)
                            .filter_map(|n| member(n, text)),
                    );
                }
            }
            Value::Object(members)
        }
        "array" => {
            let mut c = node.walk();
            Value::Array(
                node.named_children(&mut c)
                    .filter_map(|n| value(n, text))
                    .collect(),
            )
        }
        // unclosed brackets: the structure is rebuilt from the error node's tokens
        "ERROR" => return recover(node, text),
        // an unterminated string is still being typed: no value yet
        "string" if !closed_string(node) => return None,
        "string" => Value::String(string(node, text)),
        "number" => Value::Number(text[node.byte_range()].to_string()),
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" => Value::Null,
        _ => return None,
    };
    Some(Node {
        value: v,
        range: node.byte_range(),
    })
}

/// A string node with both quotes (tree-sitter's recovery inserts a zero-width closing quote).
fn closed_string(node: TsNode) -> bool {
    let count = node.child_count();
    count >= 2
        && [0, count - 1].iter().all(|&i| {
            node.child(i)
                .is_some_and(|q| q.kind() == "\"" && !q.is_missing() && q.byte_range().len() == 1)
        })
}

/// An open object or array while recovering.
enum Frame {
    Object {
        start: usize,
        members: Vec<Member>,
        key: Option<(String, Range<usize>)>,
    },
    Array {
        start: usize,
        items: Vec<Node>,
    },
}

impl Frame {
    fn close(self, end: usize) -> Node {
        match self {
            Frame::Object {
                start,
                mut members,
                key,
            } => {
                members.extend(key.map(|(key, key_range)| Member {
                    range: key_range.clone(),
                    key,
                    key_range,
                    value: None,
                }));
                Node {
                    value: Value::Object(members),
                    range: start..end,
                }
            }
            Frame::Array { start, items } => Node {
                value: Value::Array(items),
                range: start..end,
            },
        }
    }
}

/// Rebuilds a half-typed document from the tokens and complete values inside an error node: `{`
/// and `[` open, `}` and `]` close, a string in an object is a key until it has a value, and
/// whatever is still open at the end is closed there.
fn recover(node: TsNode, text: &str) -> Option<Node> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut done: Option<Node> = None;
    fn add(stack: &mut [Frame], done: &mut Option<Node>, v: Node) {
        match stack.last_mut() {
            Some(Frame::Object { members, key, .. }) => {
                if let Some((k, key_range)) = key.take() {
                    members.push(Member {
                        range: key_range.start..v.range.end,
                        key: k,
                        key_range,
                        value: Some(v),
                    });
                }
            }
            Some(Frame::Array { items, .. }) => items.push(v),
            None => {
                done.get_or_insert(v);
            }
        }
    }
    fn walk(node: TsNode, text: &str, stack: &mut Vec<Frame>, done: &mut Option<Node>) {
        let mut c = node.walk();
        for child in node.children(&mut c) {
            let r = child.byte_range();
            match child.kind() {
                "{" => stack.push(Frame::Object {
                    start: r.start,
                    members: Vec::new(),
                    key: None,
                }),
                "[" => stack.push(Frame::Array {
                    start: r.start,
                    items: Vec::new(),
                }),
                "}" | "]" => {
                    if let Some(frame) = stack.pop() {
                        let v = frame.close(r.end);
                        add(stack, done, v);
                    }
                }
                "pair" => {
                    if let (Some(Frame::Object { members, .. }), Some(m)) =
                        (stack.last_mut(), member(child, text))
                    {
                        members.push(m);
                    }
                }
                "ERROR" => walk(child, text, stack, done),
                "string" if matches!(stack.last(), Some(Frame::Object { key: None, .. })) => {
                    if let Some(Frame::Object { key, .. }) = stack.last_mut() {
                        *key = Some((string(child, text), r));
                    }
                }
                _ => {
                    if let Some(v) = value(child, text) {
                        add(stack, done, v);
                    }
                }
            }
        }
    }
    walk(node, text, &mut stack, &mut done);
    let end = node.end_byte();
    while let Some(frame) = stack.pop() {
        let v = frame.close(end);
        add(&mut stack, &mut done, v);
    }
    done
}

fn member(node: TsNode, text: &str) -> Option<Member> {
    if node.kind() != "pair" {
        return None;
    }
    let key = node.child_by_field_name("key")?;
    if key.kind() != "string" {
        return None;
    }
    Some(Member {
        key: string(key, text),
        key_range: key.byte_range(),
        value: node
            .child_by_field_name("value")
            .and_then(|v| value(v, text)),
        range: node.byte_range(),
    })
}

/// A string's value, escapes decoded (an invalid escape is kept as written).
fn string(node: TsNode, text: &str) -> String {
    let raw = &text[node.byte_range()];
    let inner = raw
        .strip_prefix('"')
        .map(|r| r.strip_suffix('"').unwrap_or(r))
        .unwrap_or(raw);
    decode_string(inner)
}

/// The text between a string's quotes, escapes decoded (an invalid escape is kept as written).
pub(super) fn decode_string(inner: &str) -> String {
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) if hex.len() == 4 => {
                        out.push(ch);
                        for _ in 0..4 {
                            chars.next();
                        }
                    }
                    _ => out.push_str("\\u"),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

impl Node {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key)?.value.as_ref()
    }

    pub fn member(&self, key: &str) -> Option<&Member> {
        match &self.value {
            // the last one wins, as in JSON.parse
            Value::Object(members) => members.iter().rev().find(|m| m.key == key),
            _ => None,
        }
    }

    pub fn members(&self) -> &[Member] {
        match &self.value {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(a) => a,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The bytes inside a string's quotes (the whole value otherwise).
    pub fn inner_range(&self) -> Range<usize> {
        match self.value {
            Value::String(_) if self.range.len() >= 2 => self.range.start + 1..self.range.end - 1,
            _ => self.range.clone(),
        }
    }
}

/// The byte ranges of the comments in `text`.
pub fn comment_ranges(text: &str) -> Vec<Range<usize>> {
    if text.len() > MAX_PARSE_BYTES {
        return Vec::new();
    }
    PARSER
        .with(|p| p.borrow_mut().parse(text, None))
        .map_or_else(Vec::new, |t| super::comments_of(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A random JSON text: every kind of value, escapes (surrogates too), numbers in every
    /// form, letters beyond ASCII, and JSON's four blanks between the tokens.
    fn random_json(rnd: &mut impl FnMut(usize) -> usize, depth: usize, out: &mut String) {
        let blank = |rnd: &mut dyn FnMut(usize) -> usize, out: &mut String| {
            for _ in 0..rnd(3) {
                out.push([' ', '\t', '\n', '\r'][rnd(4)]);
            }
        };
        let strings = [
            "",
            "a",
            "name",
            "x\\\"y",
            "\\u00e9",
            "\\ud83d\\ude00",
            "\\ud800",
            "\\/\\b\\f\\n\\r\\t",
            "é ü",
            "workspace:*",
            "^1.2.3",
            "\\u0041BC",
        ];
        let numbers = ["0", "-0", "12", "-3.25", "1e9", "2E-3", "6.02e+23", "0.5"];
        match if depth > 3 { rnd(4) } else { rnd(6) } {
            0 => out.push_str(&format!("\"{}\"", strings[rnd(strings.len())])),
            1 => out.push_str(numbers[rnd(numbers.len())]),
            2 => out.push_str(["true", "false", "null"][rnd(3)]),
            3 => out.push_str("{}"),
            4 => {
                out.push('{');
                for i in 0..rnd(4) {
                    if i > 0 {
                        out.push(',');
                    }
                    blank(rnd, out);
                    out.push_str(&format!("\"{}\"", strings[rnd(strings.len())]));
                    blank(rnd, out);
                    out.push(':');
                    blank(rnd, out);
                    random_json(rnd, depth + 1, out);
                    blank(rnd, out);
                }
                out.push('}');
            }
            _ => {
                out.push('[');
                for i in 0..rnd(4) {
                    if i > 0 {
                        out.push(',');
                    }
                    blank(rnd, out);
                    random_json(rnd, depth + 1, out);
                    blank(rnd, out);
                }
                out.push(']');
            }
        }
    }

    /// The strict reader gives what the tree gives, wherever it reads a text at all: on random
    /// valid texts (which it must read), and on each with a byte dropped, doubled or replaced
    /// (which it must decline or read the same).
    #[test]
    fn the_strict_reader_reads_as_the_tree_does() {
        let mut state = 0x853c_49e6_748f_ea9bu64;
        let mut rnd = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut read, mut declined) = (0, 0);
        for _ in 0..3000 {
            let mut text = String::new();
            random_json(&mut rnd, 0, &mut text);
            // tree-sitter-json takes `1e+9` for an error, and so the strict reader declines it
            if !text.contains("e+") {
                let tree = tree_parse(&text);
                assert!(!tree.has_errors, "{text:?}");
                let strict = super::super::json_strict::parse(&text);
                assert_eq!(strict, tree.root, "{text:?}");
            }
            let mut variants = Vec::new();
            let at = rnd(text.len() + 1);
            let at = (0..=at)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            let rest = &text[at..];
            let next = rest.chars().next().map_or(0, char::len_utf8);
            variants.push(format!("{}{}", &text[..at], &rest[next..]));
            variants.push(format!("{}{}{}", &text[..at], &rest[..next], rest));
            for c in [
                ",", "}", "]", "\"", "\\", "/", "x", "\u{a0}", "\u{1}", "1", ".",
            ] {
                variants.push(format!("{}{c}{}", &text[..at], &rest[next..]));
            }
            for v in variants {
                match super::super::json_strict::parse(&v) {
                    Some(root) => {
                        read += 1;
                        let tree = tree_parse(&v);
                        assert!(!tree.has_errors, "{v:?}");
                        assert_eq!(Some(root), tree.root, "{v:?}");
                    }
                    None => declined += 1,
                }
            }
        }
        assert!(
            read > 1000 && declined > 1000,
            "{read} read, {declined} declined"
        );
    }

    /// `JSON_CORPUS=<dir> cargo test -p manifest-lsp --lib strict_reader_on_a_corpus --
    /// --ignored --nocapture`: every `.json` file below the folder, read both ways.
    #[test]
    #[ignore]
    fn the_strict_reader_on_a_corpus() {
        let Some(dir) = std::env::var_os("JSON_CORPUS") else {
            return;
        };
        let (mut read, mut declined) = (0, 0);
        for entry in ignore::WalkBuilder::new(dir).build().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            if not_analysed(&text).is_some() {
                continue;
            }
            match super::super::json_strict::parse(&text) {
                Some(root) => {
                    read += 1;
                    let tree = tree_parse(&text);
                    assert!(!tree.has_errors, "{}", path.display());
                    assert_eq!(Some(root), tree.root, "{}", path.display());
                }
                None => declined += 1,
            }
        }
        println!("{read} read strictly, {declined} left to the tree");
    }

    #[test]
    fn values_keep_their_ranges() {
        let text = r#"{ "a": "x\"y", "b": [1, true, null], "c": { "d": "\u00e9" } }"#;
        let doc = parse(text);
        assert!(!doc.has_errors);
        let root = doc.root.unwrap();
        let a = root.get("a").unwrap();
        assert_eq!(a.as_str(), Some("x\"y"));
        assert_eq!(&text[a.range.clone()], r#""x\"y""#);
        assert_eq!(&text[a.inner_range()], r#"x\"y"#);
        assert_eq!(root.get("b").unwrap().items().len(), 3);
        assert_eq!(root.get("c").unwrap().get("d").unwrap().as_str(), Some("é"));
    }

    #[test]
    fn tolerates_comments_trailing_commas_and_half_typed_files() {
        let text = "{\n  // a comment\n  \"a\": \"1\",\n  \"b\": [\"x\",],\n}\n";
        let root = parse(text).root.unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("1"));
        assert_eq!(root.get("b").unwrap().items().len(), 1);

        let half = "{\n  \"a\": \"1\",\n  \"b\": \n";
        let doc = parse(half);
        assert!(doc.has_errors);
        let root = doc.root.unwrap();
        assert_eq!(root.get("a").unwrap().as_str(), Some("1"));

        let half = "{\n  \"dirs\": [\n    { \"p\": \"A\", \"v\": \"1\" },\n    { \"p\": \"B\", \"v\": \"2\"";
        let root = parse(half).root.unwrap();
        let dirs = root.get("dirs").unwrap().items();
        assert_eq!(dirs.len(), 2);
        assert_eq!(dirs[0].get("v").unwrap().as_str(), Some("1"));
        assert_eq!(dirs[1].get("v").unwrap().as_str(), Some("2"));
        assert_eq!(&half[dirs[1].get("v").unwrap().range.clone()], "\"2\"");

        let half = "{ \"a\": { \"v\": \"1.0\" }, \"b\": {\"c\": ";
        let root = parse(half).root.unwrap();
        assert_eq!(
            root.get("a").unwrap().get("v").unwrap().as_str(),
            Some("1.0")
        );
    }
}
