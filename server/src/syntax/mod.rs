//! Parsers that turn files into facts with byte ranges. Rules read facts, never syntax trees.

pub mod dockerfile;
pub mod identifiers;
pub mod json;
pub mod peers;
pub mod prose;
pub mod schemas;
pub mod script_lexer;
pub mod typescript;

/// The byte ranges of every `comment` node of a tree.
pub(crate) fn comments_of(tree: &tree_sitter::Tree) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.kind() == "comment" {
            out.push(node.byte_range());
            continue;
        }
        stack.extend(node.children(&mut cursor));
    }
    out.sort_by_key(|r| r.start);
    out
}
