//! RP003: `keepMinors: true` in the Radpack rollup plugin's options.

use tree_sitter::Node;

use super::{Rule, Sink};
use crate::diagnostic::Severity;
use crate::npm::radpack_config::{options_objects, radpack_calls};
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
        for call in radpack_calls(&tree, text) {
            for options in options_objects(call, tree.root_node(), text) {
                let mut c = options.walk();
                for pair in options
                    .named_children(&mut c)
                    .filter(|p| p.kind() == "pair" && is_keep_minors(*p, text))
                {
                    sink.report(
                        &RULE,
                        path,
                        pair.byte_range(),
                        "`keepMinors: true` keeps several minors of a dependency in radpack.json (discouraged)",
                    );
                }
            }
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
