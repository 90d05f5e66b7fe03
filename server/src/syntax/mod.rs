//! Parsers that turn files into facts with byte ranges. Rules read facts, never syntax trees.

pub mod dockerfile;
pub mod identifiers;
pub mod json;
mod json_strict;
pub mod peers;
pub mod prose;
pub mod schemas;
pub mod script_facts;
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

/// Every script below `dir` (no `node_modules`): the files the lexer tests read.
#[cfg(test)]
pub(crate) fn scripts_below(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            if p.file_name()
                .is_some_and(|n| n != "node_modules" && n != ".git")
            {
                scripts_below(&p, out);
            }
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e,
                "ts" | "mts" | "cts" | "tsx" | "js" | "mjs" | "cjs" | "jsx"
            )
        }) {
            out.push(p);
        }
    }
}

/// How deep brackets may nest in a file that is parsed: no manifest or version file comes near
/// it, and every walk over a syntax tree stays far from the end of a thread's stack below it. A
/// file nested deeper is not analysed (its facts are empty), never a crash.
pub const MAX_NESTING: usize = 256;

/// Whether `text` nests `{`, `[` or `(` deeper than [`MAX_NESTING`] (brackets inside strings
/// count too: an over-estimate, which only a file far from any real one would reach).
pub fn too_deep(text: &str) -> bool {
    let mut depth = 0usize;
    for b in text.bytes() {
        match b {
            b'{' | b'[' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return true;
                }
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}
