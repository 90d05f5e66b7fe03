//! RP003: `keepMinors: true` in the Radpack rollup plugin's options.

use tree_sitter::Node;

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::npm::NpmPackage;
use crate::syntax::typescript::parse_tree;

pub const RULE: Rule = Rule {
    code: "RP003",
    source: file!(),
    name: "minor-retention",
    severity: Severity::Information,
    summary: "`keepMinors: true` in the Radpack rollup plugin options",
    docs: r#"## What it does
Finds `keepMinors: true` in the options of a Radpack rollup plugin call (`radpack({ … })`) in
`rollup.config.{js,mjs,cjs,ts}`.

## Why is this bad?
Radpack keeps only the newest minor of each major by default. Retaining minors is discouraged:
several versions of a dependency end up in `radpack.json`, and clients may load more than one.

## Example
```js
export default { plugins: [radpack({ keepMinors: true })] }
```
"#,
};

pub fn check(pkg: &NpmPackage, sink: &mut Sink) {
    for (path, text) in &pkg.rollup_configs {
        let Some(tree) = parse_tree(text) else {
            continue;
        };
        let mut stack = vec![tree.root_node()];
        let mut cursor = tree.walk();
        while let Some(node) = stack.pop() {
            if node.kind() == "pair" && is_keep_minors(node, text) && in_radpack_call(node, text) {
                sink.report(
                    &RULE,
                    path,
                    node.byte_range(),
                    "`keepMinors: true` keeps several minors of a dependency in radpack.json (discouraged)",
                );
            }
            stack.extend(node.children(&mut cursor));
        }
    }
}

fn is_keep_minors(pair: Node, text: &str) -> bool {
    let key = pair
        .child_by_field_name("key")
        .map(|k| text[k.byte_range()].trim_matches(['\'', '"']));
    let value = pair.child_by_field_name("value").map(|v| v.kind());
    key == Some("keepMinors") && value == Some("true")
}

/// The options object is an argument of a call whose callee names radpack.
fn in_radpack_call(node: Node, text: &str) -> bool {
    let mut up = node.parent();
    while let Some(n) = up {
        if n.kind() == "call_expression" {
            if let Some(f) = n.child_by_field_name("function") {
                if text[f.byte_range()]
                    .to_ascii_lowercase()
                    .contains("radpack")
                {
                    return true;
                }
            }
        }
        up = n.parent();
    }
    false
}
