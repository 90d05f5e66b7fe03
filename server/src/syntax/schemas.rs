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
    // the words an envelope is written with (unless an escape could spell one)
    let spelled = ["schemaVersion", "export", "object"]
        .iter()
        .all(|w| text.contains(w));
    let escaped = text.contains("schemaVersion") && text.contains("\\u");
    if !(spelled || escaped) {
        return Vec::new();
    }
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
