//! Renaming an identifier throughout one TypeScript file, from its syntax tree: the edits, or why
//! it cannot be done without changing what the file means.

use std::ops::Range;

use tree_sitter::Node;

use super::typescript::parse_tree;

/// One replacement in the file.
pub type Edit = (Range<usize>, String);

/// The edits that rename every use of the identifier `old` to `new` in `text`:
/// - plain identifiers (declarations, references, import and export specifiers);
/// - a shorthand property `{ old }` becomes `{ old: new }`, so the object keeps its key;
/// - a property `new: old` becomes the shorthand `new`.
///
/// Property names (`x.old`, `{ old: 1 }`) are not identifiers and stay. Refused when the file does
/// not parse cleanly, or already uses `new` as an identifier (the rename would merge two names).
pub fn rename_edits(text: &str, old: &str, new: &str) -> Result<Vec<Edit>, String> {
    let tree = parse_tree(text).ok_or("the file is too large to parse")?;
    let root = tree.root_node();
    if root.has_error() {
        return Err("the file has syntax errors".into());
    }
    let mut edits = Vec::new();
    let mut cursor = root.walk();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let kind = node.kind();
        let is_ident = matches!(kind, "identifier" | "shorthand_property_identifier");
        if is_ident || kind == "shorthand_property_identifier_pattern" {
            let name = &text[node.byte_range()];
            if name == new {
                return Err(format!("`{new}` is already used in this file"));
            }
            if name == old {
                if !is_ident {
                    // `const { old } = …` declares a new `old`: renaming it changes the meaning
                    return Err(format!("`{old}` is destructured in this file"));
                }
                edits.push(edit_for(node, text, old, new));
            }
        }
        stack.extend(node.children(&mut cursor));
    }
    edits.sort_by_key(|(r, _)| r.start);
    Ok(edits)
}

fn edit_for(node: Node, text: &str, old: &str, new: &str) -> Edit {
    if node.kind() == "shorthand_property_identifier" {
        return (node.byte_range(), format!("{old}: {new}"));
    }
    if let Some(pair) = node.parent().filter(|p| p.kind() == "pair") {
        let is_value = pair
            .child_by_field_name("value")
            .is_some_and(|v| v.id() == node.id());
        let key = pair.child_by_field_name("key");
        if is_value
            && key
                .is_some_and(|k| k.kind() == "property_identifier" && &text[k.byte_range()] == new)
        {
            return (pair.byte_range(), new.to_string());
        }
    }
    (node.byte_range(), new.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renamed(text: &str, old: &str, new: &str) -> Result<String, String> {
        let mut out = text.to_string();
        for (r, t) in rename_edits(text, old, new)?.into_iter().rev() {
            out.replace_range(r, &t);
        }
        Ok(out)
    }

    #[test]
    fn renames_uses_and_keeps_object_keys() {
        let text = "import { a } from './a'\nimport { b as c } from './b'\n\
                    export const g = G.of({ current: a, other: [a, c], a, x: y.a })\n";
        assert_eq!(
            renamed(text, "a", "v_1").unwrap(),
            "import { v_1 } from './a'\nimport { b as c } from './b'\n\
             export const g = G.of({ current: v_1, other: [v_1, c], a: v_1, x: y.a })\n"
        );
        // the import's own name, not its alias
        assert_eq!(
            renamed(text, "b", "v_2").unwrap(),
            text.replace("{ b as c }", "{ v_2 as c }")
        );
        // `current: x` collapses to the shorthand once the value is named like the key
        assert_eq!(
            renamed(text, "a", "current").unwrap(),
            "import { current } from './a'\nimport { b as c } from './b'\n\
             export const g = G.of({ current, other: [current, c], a: current, x: y.a })\n"
        );
    }

    #[test]
    fn refuses_what_would_change_the_meaning() {
        let text = "import { a } from './a'\nconst c = 1\nexport const g = [a, c]\n";
        assert!(renamed(text, "a", "c")
            .unwrap_err()
            .contains("already used"));
        assert!(renamed("const { a } = x\nuse(a)\n", "a", "b")
            .unwrap_err()
            .contains("destructured"));
        assert!(renamed("import { a from './a'\n", "a", "b")
            .unwrap_err()
            .contains("syntax"));
    }
}
