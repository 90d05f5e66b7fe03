//! Exported zod object schemas that carry a `schemaVersion` (the wire envelope), from the syntax
//! tree: where the property sits and what its value is.

use std::ops::Range;

use tree_sitter::Node;

use crate::syntax::typescript::parse_tree;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub name: String,
    pub name_range: Range<usize>,
    /// `schemaVersion` is not the object's first property.
    pub not_first: bool,
    /// The `schemaVersion` property.
    pub property: Range<usize>,
    /// A hand-typed literal (`'5'`, `z.literal('5')`) where the shared constant belongs.
    pub literal: Option<Range<usize>>,
}

/// `export const x = z.object({ … schemaVersion: … })`, also with chained calls (`.strict()`).
pub fn envelopes(text: &str) -> Vec<Envelope> {
    // the words an envelope is written with (the key, `z` and `object` are compared as they are
    // spelled, so no escape can stand for them), and a `z.object` call: a file without them is
    // not parsed
    let spelled = ["schemaVersion", "export"]
        .iter()
        .all(|w| crate::text::holds(text, w));
    if !spelled || !may_call_z_object(text) {
        return Vec::new();
    }
    parsed_envelopes(text)
}

/// The envelopes of a text's syntax tree.
fn parsed_envelopes(text: &str) -> Vec<Envelope> {
    let Some(tree) = parse_tree(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    let mut cursor = tree.walk();
    while let Some(node) = stack.pop() {
        if node.kind() == "variable_declarator" && exported(node) {
            if let (Some(name), Some(obj)) = (
                node.child_by_field_name("name"),
                node.child_by_field_name("value")
                    .and_then(|v| zod_object(v, text)),
            ) {
                out.extend(envelope(
                    &text[name.byte_range()],
                    name.byte_range(),
                    obj,
                    text,
                ));
            }
        }
        stack.extend(node.children(&mut cursor));
    }
    out.sort_by_key(|e| e.name_range.start);
    out
}

/// Whether `text` may hold `z.object` (also `z?.object`, with blanks between): the identifier
/// `z`, a dot and the property `object`. Read backwards from each `object`; a `/` or a line
/// break where a blank could be (a comment between the tokens) counts as a yes, and so does a
/// byte beyond ASCII around the tokens (a blank such as U+00A0, or a letter): only a parse
/// could tell.
fn may_call_z_object(text: &str) -> bool {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
    // the start of the blanks before `i`, or `None` where they hold a line break (the line
    // above may end with a `//` comment, which reads backwards as anything)
    let skip_blanks = |mut i: usize| {
        while i > 0 && b[i - 1].is_ascii_whitespace() {
            if matches!(b[i - 1], b'\n' | b'\r') {
                return None;
            }
            i -= 1;
        }
        Some(i)
    };
    memchr::memmem::find_iter(b, b"object").any(|at| {
        if b.get(at + 6).is_some_and(|&c| ident(c)) {
            return false; // `objects`
        }
        let Some(i) = skip_blanks(at) else {
            return true;
        };
        match i.checked_sub(1).map(|k| b[k]) {
            Some(b'.') => {}
            Some(c) if c == b'/' || !c.is_ascii() => return true,
            _ => return false,
        }
        let mut i = i - 1;
        if i > 0 && b[i - 1] == b'?' {
            i -= 1;
        }
        let Some(i) = skip_blanks(i) else {
            return true;
        };
        match i.checked_sub(1).map(|k| b[k]) {
            Some(b'z') => i < 2 || !ident(b[i - 2]),
            Some(c) => c == b'/' || !c.is_ascii(),
            None => false,
        }
    })
}

fn exported(declarator: Node) -> bool {
    declarator
        .parent()
        .and_then(|d| d.parent())
        .is_some_and(|s| s.kind() == "export_statement")
}

/// The object literal of `z.object({…})`, through chained calls on it.
fn zod_object<'t>(value: Node<'t>, text: &str) -> Option<Node<'t>> {
    let mut call = value;
    loop {
        if call.kind() != "call_expression" {
            return None;
        }
        let f = call.child_by_field_name("function")?;
        if f.kind() != "member_expression" {
            return None;
        }
        let object = f.child_by_field_name("object")?;
        let property = &text[f.child_by_field_name("property")?.byte_range()];
        if object.kind() == "identifier"
            && &text[object.byte_range()] == "z"
            && property == "object"
        {
            let args = call.child_by_field_name("arguments")?;
            let mut c = args.walk();
            let first = args.named_children(&mut c).next()?;
            return (first.kind() == "object").then_some(first);
        }
        call = object; // `z.object({…}).strict()`
    }
}

fn envelope(name: &str, name_range: Range<usize>, obj: Node, text: &str) -> Option<Envelope> {
    let mut c = obj.walk();
    let members: Vec<Node> = obj
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect();
    let (index, pair) = members.iter().enumerate().find(|(_, m)| {
        m.kind() == "pair"
            && m.child_by_field_name("key")
                .is_some_and(|k| text[k.byte_range()].trim_matches(['\'', '"']) == "schemaVersion")
    })?;
    let value = pair.child_by_field_name("value");
    let literal = value.and_then(|v| hand_typed(v, text));
    Some(Envelope {
        name: name.to_string(),
        name_range,
        not_first: index > 0,
        property: pair.byte_range(),
        literal,
    })
}

/// `'5'`, `5`, or `z.literal('5')`: the literal's range.
fn hand_typed(v: Node, text: &str) -> Option<Range<usize>> {
    match v.kind() {
        "string" | "number" | "template_string" => Some(v.byte_range()),
        "call_expression" => {
            let f = v.child_by_field_name("function")?;
            if !text[f.byte_range()].ends_with("literal") {
                return None;
            }
            let args = v.child_by_field_name("arguments")?;
            let mut c = args.walk();
            let arg = args.named_children(&mut c).next()?;
            matches!(arg.kind(), "string" | "number" | "template_string").then(|| arg.byte_range())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test before the parse lets through every text that holds an envelope: on envelopes
    /// written with every spelling of the call (blanks, comments, `?.`, letters around `z` and
    /// `object`), what a parse finds is found with the test as without it.
    #[test]
    fn the_test_before_the_parse_drops_no_envelope() {
        let callees = [
            "z.object",
            "z?.object",
            "z .\n object",
            "z/**/.object",
            "z./*c*/object",
            "z\u{a0}.object",
            "z.object\u{a0}",
            "xz.object",
            "z.objects",
            "$z.object",
            "\u{e9}z.object",
            "z.\u{a0}object",
            "z. // c\n object",
            "z\n?.object",
            "y.object",
            "z.object /* c */",
        ];
        let keys = [
            " schemaVersion: 1,",
            " 'schemaVersion': z.literal('5'),",
            " id: z.string(),",
        ];
        let mut found = 0;
        for (i, callee) in callees.iter().enumerate() {
            for key in 0..keys.len() * keys.len() {
                let text = format!(
                    "export const e{i} = {callee}({{{}{}}})\n",
                    keys[key % keys.len()],
                    keys[key / keys.len()]
                );
                let whole = parsed_envelopes(&text);
                found += whole.len();
                assert_eq!(envelopes(&text), whole, "{text:?}");
            }
        }
        assert!(found > 50, "the texts hold envelopes: {found}");
    }

    #[test]
    fn finds_envelope_mistakes() {
        let text = "import { z } from 'zod'\n\
            export const good = z.object({ schemaVersion: z.literal(SCHEMA_VERSION), id: z.string() })\n\
            export const late = z.object({ id: z.string(), schemaVersion: z.literal(SCHEMA_VERSION) }).strict()\n\
            export const typed = z.object({ schemaVersion: z.literal('5') })\n\
            const local = z.object({ id: z.string(), schemaVersion: z.literal('5') })\n";
        let e = envelopes(text);
        assert_eq!(e.len(), 3);
        assert!(!e[0].not_first && e[0].literal.is_none());
        assert!(e[1].not_first && e[1].literal.is_none());
        assert_eq!(&text[e[2].literal.clone().unwrap()], "'5'");
    }
}
