//! Build configurations (rollup, webpack) that use Radpack: the calls of a binding imported or
//! required from `@radpack/*`, and the options objects passed to them (also through a `const`).

use tree_sitter::{Node, Tree};

use crate::syntax::typescript::{parse_tree, str_lit};

/// Local names bound to a `@radpack/*` module: `import radpack from '@radpack/rollup-plugin'`,
/// `import { plugin } from …`, `const radpack = require('@radpack/…')`.
fn radpack_bindings(root: Node, text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![root];
    let mut cursor = root.walk();
    while let Some(node) = stack.pop() {
        match node.kind() {
            "import_statement" => {
                let from_radpack = node
                    .child_by_field_name("source")
                    .and_then(|s| str_lit(s, text))
                    .is_some_and(|s| s.value.starts_with("@radpack/"));
                if from_radpack {
                    collect_identifiers(node, text, &mut names);
                }
                continue;
            }
            "variable_declarator" => {
                let requires_radpack = node.child_by_field_name("value").is_some_and(|v| {
                    v.kind() == "call_expression"
                        && v.child_by_field_name("function")
                            .is_some_and(|f| &text[f.byte_range()] == "require")
                        && v.child_by_field_name("arguments")
                            .and_then(|a| a.named_child(0))
                            .and_then(|s| str_lit(s, text))
                            .is_some_and(|s| s.value.starts_with("@radpack/"))
                });
                if requires_radpack {
                    if let Some(name) = node.child_by_field_name("name") {
                        collect_identifiers(name, text, &mut names);
                    }
                }
            }
            _ => {}
        }
        stack.extend(node.children(&mut cursor));
    }
    names
}

fn collect_identifiers(node: Node, text: &str, out: &mut Vec<String>) {
    let mut stack = vec![node];
    let mut cursor = node.walk();
    while let Some(n) = stack.pop() {
        if matches!(
            n.kind(),
            "identifier" | "shorthand_property_identifier_pattern"
        ) {
            out.push(text[n.byte_range()].to_string());
        }
        stack.extend(n.children(&mut cursor));
    }
}

/// The calls of a Radpack binding (`radpack(…)`, `radpack.rollup(…)`).
pub fn radpack_calls<'t>(tree: &'t Tree, text: &str) -> Vec<Node<'t>> {
    let root = tree.root_node();
    let names = radpack_bindings(root, text);
    if names.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut stack = vec![root];
    let mut cursor = root.walk();
    while let Some(node) = stack.pop() {
        if node.kind() == "call_expression" {
            let callee = node
                .child_by_field_name("function")
                .map(|f| match f.kind() {
                    "member_expression" => f.child_by_field_name("object").unwrap_or(f),
                    _ => f,
                });
            if callee.is_some_and(|c| {
                c.kind() == "identifier" && names.iter().any(|n| *n == text[c.byte_range()])
            }) {
                out.push(node);
            }
        }
        stack.extend(node.children(&mut cursor));
    }
    out
}

/// Whether a build configuration's text calls the Radpack plugin.
pub fn uses_radpack(text: &str) -> bool {
    text.contains("@radpack/")
        && parse_tree(text).is_some_and(|t| !radpack_calls(&t, text).is_empty())
}

/// The options objects of a Radpack call: object arguments, and `const` objects passed by name.
pub fn options_objects<'t>(call: Node<'t>, root: Node<'t>, text: &str) -> Vec<Node<'t>> {
    let Some(args) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut c = args.walk();
    for arg in args.named_children(&mut c) {
        match arg.kind() {
            "object" => out.push(arg),
            "identifier" => out.extend(const_object(root, &text[arg.byte_range()], text)),
            _ => {}
        }
    }
    out
}

/// `const name = { … }` anywhere in the file.
fn const_object<'t>(root: Node<'t>, name: &str, text: &str) -> Option<Node<'t>> {
    let mut stack = vec![root];
    let mut cursor = root.walk();
    while let Some(node) = stack.pop() {
        if node.kind() == "variable_declarator"
            && node
                .child_by_field_name("name")
                .is_some_and(|n| &text[n.byte_range()] == name)
        {
            return node
                .child_by_field_name("value")
                .filter(|v| v.kind() == "object");
        }
        stack.extend(node.children(&mut cursor));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_plugin_and_its_options() {
        assert!(uses_radpack("import radpack from '@radpack/rollup-plugin'\nexport default { plugins: [radpack()] }\n"));
        assert!(uses_radpack("const { webpack } = require('@radpack/build')\nmodule.exports = { plugins: [webpack({})] }\n"));
        // a runtime import is not a build plugin call
        assert!(!uses_radpack(
            "import { register } from '@radpack/server'\nexport default {}\n"
        ));
        assert!(!uses_radpack("export default { plugins: [radpack()] }\n"));
        let text = "import radpack from '@radpack/rollup-plugin'\nconst o = { keepMinors: true }\nexport default { plugins: [radpack(o)] }\n";
        let tree = parse_tree(text).unwrap();
        let calls = radpack_calls(&tree, text);
        let objs = options_objects(calls[0], tree.root_node(), text);
        assert_eq!(&text[objs[0].byte_range()], "{ keepMinors: true }");
    }
}
