//! TypeScript → version facts, with tree-sitter and the queries in `grammars/typescript.scm`.
//! Only literal shapes are read; anything computed (template substitutions, escapes, spreads,
//! calls) is recorded as "not a literal" so that rules skip it rather than guess.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use tree_sitter::{Node, Parser, Query, QueryCursor, StreamingIterator};

/// A string literal whose text is exactly its value (no escapes, no substitutions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrLit {
    pub value: String,
    /// The value's bytes, quotes excluded.
    pub range: Range<usize>,
    /// The whole literal, quotes included.
    pub node_range: Range<usize>,
    /// `'`, `"` or `` ` ``.
    pub quote: char,
}

impl StrLit {
    /// A span within the value, as bytes of the file; an empty span means the whole literal.
    pub fn sub_range(&self, span: Range<usize>) -> Range<usize> {
        if span.is_empty() {
            return self.node_range.clone();
        }
        self.range.start + span.start..self.range.start + span.end
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub range: Range<usize>,
}

/// One release note: a literal or a template literal without substitutions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteText {
    pub node_range: Range<usize>,
    pub is_template: bool,
    /// The literal's content, when it is one.
    pub content: Option<StrLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReleaseNotes {
    /// `releaseNotes: 'text'`
    Text(NoteText),
    /// `releaseNotes: { en_US: '…', … }`: keys with their values (when readable).
    Locales {
        range: Range<usize>,
        entries: Vec<(Ident, Option<NoteText>)>,
        /// Spreads or computed keys: the locale list is not fully known.
        open: bool,
    },
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DownMigration {
    pub is_impossible: bool,
    pub range: Range<usize>,
}

/// `const NAME = VersionInfo.of({ … })`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionInfoFacts {
    pub binding: Ident,
    pub exported: bool,
    /// The `version` value when it is a plain literal.
    pub version: Option<StrLit>,
    /// The `version` value node, literal or not.
    pub version_node: Option<Range<usize>>,
    pub release_notes: Option<ReleaseNotes>,
    pub down: Option<DownMigration>,
    /// String keys of `migrations.other`, which are version ranges.
    pub migration_range_keys: Vec<StrLit>,
    pub call_range: Range<usize>,
}

/// `VersionGraph.of(…)`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionGraphFacts {
    pub positional: bool,
    pub current: Option<Ident>,
    pub other: Vec<Ident>,
    /// The `other` array (object form), or the arguments after `current` (positional form).
    pub other_range: Option<Range<usize>>,
    /// Something in `other` that is not a plain identifier (a spread, a call …).
    pub other_has_unknown: bool,
    /// The `current` value is present but not a plain identifier.
    pub current_unknown: bool,
    pub range: Range<usize>,
}

impl VersionGraphFacts {
    /// A graph of nothing yet at `range`, positional (`VersionGraph.of(a, b)`) or not.
    pub fn empty(range: Range<usize>, positional: bool) -> Self {
        VersionGraphFacts {
            positional,
            current: None,
            other: Vec::new(),
            other_range: None,
            other_has_unknown: false,
            current_unknown: false,
            range,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportName {
    /// The exported name (`default` for a default import, `*` for a namespace).
    pub imported: String,
    /// Where a named import spells the exported name (`{ name as local }`).
    pub imported_range: Option<Range<usize>>,
    pub local: Ident,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub source: StrLit,
    pub names: Vec<ImportName>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerBuild {
    pub dockerfile: Option<StrLit>,
    pub workdir: Option<StrLit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub id: Ident,
    pub docker_tag: Option<StrLit>,
    pub docker_build: Option<DockerBuild>,
}

/// Everything the rules read from one TypeScript file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TsFacts {
    pub version_infos: Vec<VersionInfoFacts>,
    pub version_graphs: Vec<VersionGraphFacts>,
    pub imports: Vec<Import>,
    /// Exported `const`/`function` names, in order.
    pub exports: Vec<Ident>,
    /// Strings that hold an ExVer range (`versionRange:`, `.satisfies(…)`, `migrations.other` keys).
    pub range_values: Vec<StrLit>,
    pub images: Vec<Image>,
    pub package_id: Option<StrLit>,
    pub has_syntax_errors: bool,
    /// Nested deeper than `syntax::MAX_NESTING`: not analysed (the other facts are empty).
    pub too_deep: bool,
    /// The imports by local name, built on first use.
    pub local_names: LocalNames,
}

/// A file's imports by local name (`index.ts` of a package with 10,000 versions imports 10,000
/// names: looked up one by one, that was quadratic). Built on first use; facts compare and clone
/// without it.
#[derive(Debug, Default)]
pub struct LocalNames(OnceLock<std::collections::HashMap<String, (usize, usize)>>);

impl Clone for LocalNames {
    fn clone(&self) -> Self {
        LocalNames::default()
    }
}

impl PartialEq for LocalNames {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for LocalNames {}

impl TsFacts {
    /// The import that binds `local`, with that name (the first one, as a linear search finds).
    pub fn import_of(&self, local: &str) -> Option<(&Import, &ImportName)> {
        let map = self.local_names.0.get_or_init(|| {
            let mut map = std::collections::HashMap::new();
            for (i, import) in self.imports.iter().enumerate() {
                for (j, name) in import.names.iter().enumerate() {
                    map.entry(name.local.name.clone()).or_insert((i, j));
                }
            }
            map
        });
        let (i, j) = *map.get(local)?;
        let import = self.imports.get(i)?;
        Some((import, import.names.get(j)?))
    }
}

const QUERY_SOURCE: &str = include_str!("../../../grammars/typescript.scm");
const RANGES_QUERY_SOURCE: &str = include_str!("../../../grammars/typescript-ranges.scm");
/// How deep the patterns of `typescript.scm` may start (the program node is depth 0). A manifest's
/// `images` pair sits at depth 7 (program › export › declaration › declarator › call › arguments ›
/// object › pair); the margin covers wrappers such as `as const` or `satisfies`. Migration bodies
/// and release notes lie deeper, and skipping them halves the query's cost.
pub(crate) const SHALLOW_DEPTH: u32 = 10;
/// Larger files are not parsed: no version file is anywhere near this size.
pub const MAX_PARSE_BYTES: usize = 2 * 1024 * 1024;

fn language() -> tree_sitter::Language {
    tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into()
}

fn query() -> &'static Query {
    static QUERY: OnceLock<Query> = OnceLock::new();
    #[allow(clippy::expect_used)] // the query ships in the binary; every test compiles it
    QUERY.get_or_init(|| {
        Query::new(&language(), QUERY_SOURCE).expect("grammars/typescript.scm compiles")
    })
}

fn ranges_query() -> &'static Query {
    static QUERY: OnceLock<Query> = OnceLock::new();
    #[allow(clippy::expect_used)] // the query ships in the binary; every test compiles it
    QUERY.get_or_init(|| {
        Query::new(&language(), RANGES_QUERY_SOURCE)
            .expect("grammars/typescript-ranges.scm compiles")
    })
}

/// Field ids, looked up once: `child_by_field_name` compares strings on every call.
mod field {
    use std::num::NonZeroU16;
    use std::sync::OnceLock;

    macro_rules! fields {
        ($($name:ident),*) => {$(
            pub fn $name() -> u16 {
                static ID: OnceLock<u16> = OnceLock::new();
                *ID.get_or_init(|| {
                    super::language()
                        .field_id_for_name(stringify!($name))
                        .map_or(0, NonZeroU16::get)
                })
            }
        )*};
    }

    fields!(alias, declaration, key, name, source, value);
}

thread_local! {
    // the grammar is linked in: its ABI is checked by every test
    #[allow(clippy::expect_used)]
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&language()).expect("tree-sitter-typescript matches tree-sitter's ABI");
        p
    });
}

/// The syntax tree of `text`, for the few services that need more than the facts (renames).
pub fn parse_tree(text: &str) -> Option<tree_sitter::Tree> {
    if text.len() > MAX_PARSE_BYTES || super::too_deep(text) {
        return None;
    }
    PARSER.with(|p| p.borrow_mut().parse(text, None))
}

/// Words without which a file holds no version fact: the cheap test before parsing.
const FACT_WORDS: &[&str] = &[
    "VersionInfo",
    "VersionGraph",
    "versionRange",
    "images",
    "current",
    "versions",
    "./v",
];

/// Whether `text` holds a word without which no version fact can be in it.
pub fn has_fact_words(text: &str) -> bool {
    FACT_WORDS.iter().any(|w| text.contains(w))
}

/// The facts of a TypeScript file: read from its tokens where that is sure (`script_facts`),
/// else from its syntax tree. A file nested deeper than the limit is not analysed, and its facts
/// say so (`too_deep`), so it is never taken for a file without versions.
pub fn parse(text: &str) -> TsFacts {
    if super::too_deep(text) {
        return TsFacts {
            too_deep: true,
            ..TsFacts::default()
        };
    }
    if !has_fact_words(text) {
        return TsFacts::default();
    }
    super::script_facts::read(text).unwrap_or_else(|| parse_with_tree(text))
}

/// The facts of a TypeScript file, from its syntax tree.
pub fn parse_with_tree(text: &str) -> TsFacts {
    if !has_fact_words(text) {
        return TsFacts::default();
    }
    let Some(tree) = parse_tree(text) else {
        return TsFacts::default();
    };
    let root = tree.root_node();
    let src = text.as_bytes();
    let q = query();
    let mut facts = TsFacts {
        has_syntax_errors: root.has_error(),
        ..TsFacts::default()
    };
    let idx = |name: &str| q.capture_index_for_name(name);
    let (c_vi, c_binding, c_info) = (idx("version_info"), idx("binding"), idx("info"));
    let (c_graph, c_graph_args) = (idx("version_graph"), idx("graph_args"));
    let (c_import, c_images, c_id) = (idx("import"), idx("images"), idx("package_id"));
    let (c_inline_call, c_inline_info) = (idx("inline_call"), idx("inline_info"));
    let mut cursor = QueryCursor::new();
    cursor.set_match_limit(1024);
    cursor.set_max_start_depth(Some(SHALLOW_DEPTH));
    let mut matches = cursor.matches(q, root, src);
    while let Some(m) = matches.next() {
        let get = |c: Option<u32>| c.and_then(|c| m.nodes_for_capture_index(c).next());
        if let (Some(decl), Some(binding), Some(info)) = (get(c_vi), get(c_binding), get(c_info)) {
            facts
                .version_infos
                .push(version_info(decl, binding, info, text));
        } else if let (Some(call), Some(info)) = (get(c_inline_call), get(c_inline_info)) {
            // a version written in place: no name binds it
            let mut facts_of = version_info(call, call, info, text);
            facts_of.binding = Ident {
                name: String::new(),
                range: call.start_byte()..call.start_byte(),
            };
            facts_of.exported = false;
            facts.version_infos.push(facts_of);
        } else if let (Some(call), Some(args)) = (get(c_graph), get(c_graph_args)) {
            facts.version_graphs.push(version_graph(call, args, text));
        } else if let Some(node) = get(c_import) {
            if let Some(i) = import(node, text) {
                facts.imports.push(i);
            }
        } else if let Some(node) = get(c_images) {
            let node = bare(node);
            if node.kind() == "object" {
                facts.images.extend(images(node, text));
            }
        } else if let Some(node) = get(c_id) {
            if facts.package_id.is_none() {
                facts.package_id = str_lit(node, text);
            }
        }
    }
    if text.contains("versionRange") {
        facts.range_values = range_values(root, text);
    }
    for vi in &facts.version_infos {
        facts
            .range_values
            .extend(vi.migration_range_keys.iter().cloned());
    }
    facts.exports = exports(root, text);
    if facts.version_graphs.is_empty() {
        legacy_reexport_graph(root, text, &mut facts);
    }
    facts
}

/// The legacy re-export index of older SDKs, which has no `VersionGraph.of`:
/// `export { v_1_9_1_1 as current } from './v1.9.1.1'` beside `export const other = [a, b]`.
/// Read as the graph `{ current, other: [a, b] }`, with each re-export recorded as the import it
/// amounts to (so `current` resolves, and a renamed file's path is updated there too).
fn legacy_reexport_graph(root: Node, text: &str, facts: &mut TsFacts) {
    let mut current: Option<Ident> = None;
    let mut other: Option<Node> = None;
    let mut reexports = Vec::new();
    let mut range = 0..0;
    let mut c = root.walk();
    for stmt in root
        .named_children(&mut c)
        .filter(|n| n.kind() == "export_statement")
    {
        if let Some(source) = stmt
            .child_by_field_id(field::source())
            .and_then(|s| str_lit(s, text))
        {
            let mut names = Vec::new();
            for (name, alias) in export_specifiers(stmt) {
                let local = ident(alias.unwrap_or(name), text);
                if local.name == "current" {
                    current = Some(local.clone());
                    range = stmt.byte_range();
                }
                names.push(ImportName {
                    imported: node_text(name, text).to_string(),
                    imported_range: Some(name.byte_range()),
                    local,
                });
            }
            reexports.push(Import {
                source,
                names,
                range: stmt.byte_range(),
            });
            continue;
        }
        let Some(decl) = stmt.child_by_field_id(field::declaration()) else {
            continue;
        };
        let mut c2 = decl.walk();
        for d in decl
            .named_children(&mut c2)
            .filter(|n| n.kind() == "variable_declarator")
        {
            let is_other = d
                .child_by_field_id(field::name())
                .is_some_and(|n| node_text(n, text) == "other");
            if let Some(value) = d.child_by_field_id(field::value()).filter(|_| is_other) {
                other = Some(value);
            }
        }
    }
    let (Some(current), Some(other)) = (current, other) else {
        return;
    };
    let mut g = VersionGraphFacts {
        current: Some(current),
        ..VersionGraphFacts::empty(range, false)
    };
    // `[a, b]`, also with a type assertion (`[] as VersionInfo[]`)
    let array = if other.kind() == "array" {
        Some(other)
    } else {
        let mut c = other.walk();
        let inner = other.named_children(&mut c).find(|n| n.kind() == "array");
        inner
    };
    match array {
        Some(arr) => {
            g.other_range = Some(arr.byte_range());
            let mut c = arr.walk();
            for n in arr.named_children(&mut c).filter(|n| n.kind() != "comment") {
                if n.kind() == "identifier" {
                    g.other.push(ident(n, text));
                } else {
                    g.other_has_unknown = true;
                }
            }
        }
        None => g.other_has_unknown = true,
    }
    facts.imports.extend(reexports);
    facts.version_graphs.push(g);
}

fn range_values(root: Node, text: &str) -> Vec<StrLit> {
    let q = ranges_query();
    let Some(c_range) = q.capture_index_for_name("range_value") else {
        return Vec::new();
    };
    let mut cursor = QueryCursor::new();
    cursor.set_match_limit(1024);
    let mut out = Vec::new();
    let mut matches = cursor.matches(q, root, text.as_bytes());
    while let Some(m) = matches.next() {
        out.extend(
            m.nodes_for_capture_index(c_range)
                .filter_map(|node| str_lit(node, text))
                .filter(|l| !l.value.trim().is_empty()),
        );
    }
    out
}

fn node_text<'a>(node: Node, text: &'a str) -> &'a str {
    &text[node.byte_range()]
}

fn ident(node: Node, text: &str) -> Ident {
    Ident {
        name: node_text(node, text).to_string(),
        range: node.byte_range(),
    }
}

/// A string or a template string without substitutions or escapes.
pub fn str_lit(node: Node, text: &str) -> Option<StrLit> {
    if !matches!(node.kind(), "string" | "template_string") || node.has_error() {
        return None;
    }
    let mut c = node.walk();
    if node
        .named_children(&mut c)
        .any(|n| matches!(n.kind(), "escape_sequence" | "template_substitution"))
    {
        return None;
    }
    let r = node.byte_range();
    if r.len() < 2 {
        return None;
    }
    let quote = text[r.clone()].chars().next()?;
    let range = r.start + 1..r.end - 1;
    Some(StrLit {
        value: text[range.clone()].to_string(),
        range,
        node_range: r,
        quote,
    })
}

/// The key of an object pair as a name (`en_US`, `'en_US'`, `"en_US"`).
fn key_name(key: Node, text: &str) -> Option<Ident> {
    match key.kind() {
        "property_identifier" | "identifier" | "number" => Some(ident(key, text)),
        "string" => str_lit(key, text).map(|s| Ident {
            name: s.value,
            range: s.range,
        }),
        _ => None,
    }
}

/// The expression under its type wrappers: `x as T`, `x as const`, `x satisfies T`, `(x)`,
/// `x!`. Every fact read from a value reads the value itself (an image spec written
/// `{ … } as SDKImageInputSpec` is still an object).
pub fn bare(mut node: Node<'_>) -> Node<'_> {
    while matches!(
        node.kind(),
        "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "parenthesized_expression"
    ) {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The named properties of an object literal (their values under any type wrappers); `open` if
/// some are spreads or computed.
fn properties<'t>(obj: Node<'t>, text: &str) -> (Vec<(Ident, Node<'t>)>, bool) {
    let mut out = Vec::new();
    let mut open = false;
    let mut c = obj.walk();
    for child in obj.named_children(&mut c) {
        match child.kind() {
            "pair" => match (
                child.child_by_field_id(field::key()),
                child.child_by_field_id(field::value()),
            ) {
                (Some(k), Some(v)) => match key_name(k, text) {
                    Some(name) => out.push((name, bare(v))),
                    None => open = true,
                },
                _ => open = true,
            },
            "shorthand_property_identifier" => out.push((ident(child, text), child)),
            "comment" => {}
            _ => open = true,
        }
    }
    (out, open)
}

fn prop<'t>(props: &[(Ident, Node<'t>)], name: &str) -> Option<Node<'t>> {
    props.iter().find(|(k, _)| k.name == name).map(|(_, v)| *v)
}

fn note_text(node: Node, text: &str) -> Option<NoteText> {
    matches!(node.kind(), "string" | "template_string").then(|| NoteText {
        node_range: node.byte_range(),
        is_template: node.kind() == "template_string",
        content: str_lit(node, text),
    })
}

fn version_info(decl: Node, binding: Node, info: Node, text: &str) -> VersionInfoFacts {
    let exported = decl
        .parent()
        .and_then(|lexical| lexical.parent())
        .is_some_and(|p| p.kind() == "export_statement");
    let (props, _) = properties(info, text);
    let version_node = prop(&props, "version");
    let release_notes = prop(&props, "releaseNotes").map(|v| match v.kind() {
        "object" => {
            let (entries, open) = properties(v, text);
            ReleaseNotes::Locales {
                range: v.byte_range(),
                entries: entries
                    .into_iter()
                    .map(|(k, n)| (k, note_text(n, text)))
                    .collect(),
                open,
            }
        }
        _ => note_text(v, text).map_or(ReleaseNotes::Other, ReleaseNotes::Text),
    });
    let mut down = None;
    let mut migration_range_keys = Vec::new();
    if let Some(m) = prop(&props, "migrations").filter(|m| m.kind() == "object") {
        let (mprops, _) = properties(m, text);
        down = prop(&mprops, "down").map(|d| DownMigration {
            is_impossible: d.kind() == "identifier" && node_text(d, text) == "IMPOSSIBLE",
            range: d.byte_range(),
        });
        if let Some(other) = prop(&mprops, "other").filter(|o| o.kind() == "object") {
            let mut c = other.walk();
            for pair in other.named_children(&mut c).filter(|n| n.kind() == "pair") {
                // `'^28': …` or the computed form `['^28']: …`
                let key = pair
                    .child_by_field_id(field::key())
                    .and_then(|k| match k.kind() {
                        "computed_property_name" => k.named_child(0),
                        _ => Some(k),
                    });
                if let Some(lit) = key.and_then(|k| str_lit(k, text)) {
                    migration_range_keys.push(lit);
                }
            }
        }
    }
    VersionInfoFacts {
        binding: ident(binding, text),
        exported,
        version: version_node.and_then(|v| str_lit(v, text)),
        version_node: version_node.map(|v| v.byte_range()),
        release_notes,
        down,
        migration_range_keys,
        call_range: decl
            .child_by_field_id(field::value())
            .map_or(decl.byte_range(), |v| v.byte_range()),
    }
}

fn version_graph(call: Node, args: Node, text: &str) -> VersionGraphFacts {
    let mut c = args.walk();
    let list: Vec<Node> = args
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect();
    let mut g = VersionGraphFacts::empty(call.byte_range(), true);
    let take_others = |g: &mut VersionGraphFacts, nodes: &[Node]| {
        for n in nodes {
            if n.kind() == "identifier" {
                g.other.push(ident(*n, text));
            } else {
                g.other_has_unknown = true;
            }
        }
    };
    match list.first() {
        Some(obj) if obj.kind() == "object" && list.len() == 1 => {
            g.positional = false;
            let (props, open) = properties(*obj, text);
            match prop(&props, "current") {
                Some(v) if matches!(v.kind(), "identifier" | "shorthand_property_identifier") => {
                    g.current = Some(ident(v, text))
                }
                Some(_) => g.current_unknown = true,
                None => g.current_unknown = open,
            }
            match prop(&props, "other") {
                Some(arr) if arr.kind() == "array" => {
                    g.other_range = Some(arr.byte_range());
                    let mut c = arr.walk();
                    let elems: Vec<Node> = arr
                        .named_children(&mut c)
                        .filter(|n| n.kind() != "comment")
                        .collect();
                    take_others(&mut g, &elems);
                }
                Some(_) => g.other_has_unknown = true,
                None => g.other_has_unknown |= open,
            }
        }
        Some(first) => {
            if first.kind() == "identifier" {
                g.current = Some(ident(*first, text));
            } else {
                g.current_unknown = true;
            }
            if list.len() > 1 {
                g.other_range = Some(list[1].start_byte()..list[list.len() - 1].end_byte());
            }
            take_others(&mut g, &list[1..]);
        }
        None => {}
    }
    g
}

fn import(node: Node, text: &str) -> Option<Import> {
    let source = str_lit(node.child_by_field_id(field::source())?, text)?;
    let mut names = Vec::new();
    let mut c = node.walk();
    for clause in node
        .named_children(&mut c)
        .filter(|n| n.kind() == "import_clause")
    {
        let mut c2 = clause.walk();
        for part in clause.named_children(&mut c2) {
            match part.kind() {
                "identifier" => names.push(ImportName {
                    imported: "default".into(),
                    imported_range: None,
                    local: ident(part, text),
                }),
                "namespace_import" => {
                    let mut c3 = part.walk();
                    let id = part
                        .named_children(&mut c3)
                        .find(|n| n.kind() == "identifier");
                    if let Some(id) = id {
                        names.push(ImportName {
                            imported: "*".into(),
                            imported_range: None,
                            local: ident(id, text),
                        });
                    }
                }
                "named_imports" => {
                    let mut c3 = part.walk();
                    for spec in part
                        .named_children(&mut c3)
                        .filter(|n| n.kind() == "import_specifier")
                    {
                        let Some(name) = spec.child_by_field_id(field::name()) else {
                            continue;
                        };
                        let alias = spec.child_by_field_id(field::alias());
                        let imported = key_name(name, text)
                            .map_or_else(|| node_text(name, text).to_string(), |i| i.name);
                        names.push(ImportName {
                            imported,
                            imported_range: Some(name.byte_range()),
                            local: ident(alias.unwrap_or(name), text),
                        });
                    }
                }
                _ => {}
            }
        }
    }
    Some(Import {
        source,
        names,
        range: node.byte_range(),
    })
}

fn images(obj: Node, text: &str) -> Vec<Image> {
    let (props, _) = properties(obj, text);
    let mut out = Vec::new();
    for (id, value) in props {
        if value.kind() != "object" {
            continue;
        }
        let (iprops, _) = properties(value, text);
        let Some(source) = prop(&iprops, "source").filter(|s| s.kind() == "object") else {
            continue;
        };
        let (sprops, _) = properties(source, text);
        let docker_tag = prop(&sprops, "dockerTag").and_then(|t| str_lit(t, text));
        let docker_build = prop(&sprops, "dockerBuild").map(|b| {
            let (bprops, _) = if b.kind() == "object" {
                properties(b, text)
            } else {
                (Vec::new(), true)
            };
            DockerBuild {
                dockerfile: prop(&bprops, "dockerfile").and_then(|n| str_lit(n, text)),
                workdir: prop(&bprops, "workdir").and_then(|n| str_lit(n, text)),
            }
        });
        out.push(Image {
            id,
            docker_tag,
            docker_build,
        });
    }
    out
}

/// Names exported by `export const`, `export function`, `export { a, b as c }`.
fn exports(root: Node, text: &str) -> Vec<Ident> {
    let mut out = Vec::new();
    let mut c = root.walk();
    for stmt in root
        .named_children(&mut c)
        .filter(|n| n.kind() == "export_statement")
    {
        if let Some(decl) = stmt.child_by_field_id(field::declaration()) {
            if let Some(name) = decl.child_by_field_id(field::name()) {
                out.push(ident(name, text));
            }
            let mut c2 = decl.walk();
            for d in decl
                .named_children(&mut c2)
                .filter(|n| n.kind() == "variable_declarator")
            {
                if let Some(name) = d
                    .child_by_field_id(field::name())
                    .filter(|n| n.kind() == "identifier")
                {
                    out.push(ident(name, text));
                }
            }
        }
        for (name, alias) in export_specifiers(stmt) {
            out.push(ident(alias.unwrap_or(name), text));
        }
    }
    out
}

/// `export { name as alias, … }`: each specifier's name and alias nodes.
fn export_specifiers(stmt: Node) -> Vec<(Node, Option<Node>)> {
    let mut out = Vec::new();
    let mut c = stmt.walk();
    for clause in stmt
        .named_children(&mut c)
        .filter(|n| n.kind() == "export_clause")
    {
        let mut c2 = clause.walk();
        for spec in clause
            .named_children(&mut c2)
            .filter(|n| n.kind() == "export_specifier")
        {
            if let Some(name) = spec.child_by_field_id(field::name()) {
                out.push((name, spec.child_by_field_id(field::alias())));
            }
        }
    }
    out
}

/// The byte ranges of the comments in `text`.
pub fn comment_ranges(text: &str) -> Vec<Range<usize>> {
    parse_tree(text).map_or_else(Vec::new, |t| super::comments_of(&t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_legacy_reexport_index() {
        let src = "import { v_1_0_0_0 } from './v1.0.0.0'\nexport { v_1_1_0_0 as current } from './v1.1.0.0'\nexport const other = [v_1_0_0_0]\n";
        let f = parse(src);
        let [g] = f.version_graphs.as_slice() else {
            panic!("{f:?}")
        };
        assert!(!g.positional);
        assert_eq!(g.current.as_ref().unwrap().name, "current");
        assert_eq!(g.other.len(), 1);
        assert_eq!(&src[g.other_range.clone().unwrap()], "[v_1_0_0_0]");
        let re = f
            .imports
            .iter()
            .find(|i| i.source.value == "./v1.1.0.0")
            .unwrap();
        assert_eq!(re.names[0].imported, "v_1_1_0_0");
        assert_eq!(re.names[0].local.name, "current");
        // an ordinary module that re-exports something is no graph
        assert!(parse("export { a as current } from './a'\n")
            .version_graphs
            .is_empty());
    }

    #[test]
    fn reads_a_current_ts() {
        let src = r#"import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'
export const current = VersionInfo.of({
  version: '2.3.2:1',
  releaseNotes: { en_US: 'One', 'es_ES': `Uno` },
  migrations: { up: async ({ effects }) => {}, down: IMPOSSIBLE, other: { '>=1.0:0': async () => {}, ['^28']: {} } },
})
"#;
        let f = parse(src);
        assert!(!f.has_syntax_errors);
        let vi = &f.version_infos[0];
        assert_eq!(vi.binding.name, "current");
        assert!(vi.exported);
        assert_eq!(vi.version.as_ref().unwrap().value, "2.3.2:1");
        assert_eq!(&src[vi.version.as_ref().unwrap().range.clone()], "2.3.2:1");
        assert!(vi.down.as_ref().unwrap().is_impossible);
        let ReleaseNotes::Locales { entries, open, .. } = vi.release_notes.as_ref().unwrap() else {
            panic!()
        };
        assert!(!open);
        assert_eq!(
            entries
                .iter()
                .map(|e| e.0.name.as_str())
                .collect::<Vec<_>>(),
            ["en_US", "es_ES"]
        );
        assert_eq!(f.range_values.len(), 2);
        let chained = parse(
            "export const v_29_4_12 = VersionInfo.of({ version: '29.4:12' }).satisfies('29.4:12')",
        );
        assert_eq!(
            chained.version_infos[0].version.as_ref().unwrap().value,
            "29.4:12"
        );
        assert!(
            chained.range_values.is_empty(),
            "satisfies() takes a version, not a range"
        );
        assert_eq!(f.imports[0].names[1].imported, "IMPOSSIBLE");
        assert_eq!(f.exports[0].name, "current");
    }

    #[test]
    fn reads_both_graph_forms_and_skips_computed_versions() {
        let f = parse(
            "export const versionGraph = VersionGraph.of({ current, other: [v_1_0_0_0, ...more] })",
        );
        let g = &f.version_graphs[0];
        assert!(!g.positional);
        assert_eq!(g.current.as_ref().unwrap().name, "current");
        assert_eq!(g.other.len(), 1);
        assert!(g.other_has_unknown);
        let f = parse("export const versionGraph = VersionGraph.of(v1_2, v1_1, v1_0)");
        let g = &f.version_graphs[0];
        assert!(g.positional);
        assert_eq!(
            g.other.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(),
            ["v1_1", "v1_0"]
        );
        let f = parse("const x = VersionInfo.of({ version: `${UP}:0`, releaseNotes: 'a\\nb' })");
        assert!(f.version_infos[0].version.is_none());
        assert!(f.version_infos[0].version_node.is_some());
    }

    #[test]
    fn finds_manifest_facts_under_wrappers_and_ranges_at_any_depth() {
        // the shallow query stops at SHALLOW_DEPTH: wrappers must stay within it
        let manifest = parse(
            "export const manifest = sdk.setupManifest({\n  id: 'hello',\n  images: { main: { source: { dockerTag: 'x/y:1.0.0' } } },\n} as const satisfies Manifest)",
        );
        assert_eq!(
            manifest.package_id.map(|l| l.value).as_deref(),
            Some("hello")
        );
        assert_eq!(manifest.images.len(), 1);
        assert_eq!(
            manifest.images[0]
                .docker_tag
                .as_ref()
                .map(|l| l.value.as_str()),
            Some("x/y:1.0.0")
        );
        // a versionRange deep inside callbacks and conditionals
        let deps = parse(
            "export const setDependencies = sdk.setupDependencies(async ({ effects }) => {\n  const config = await read(effects)\n  if (config.enabled) {\n    return { bitcoind: { kind: 'running', versionRange: '>=28.1:0', healthChecks: [] } }\n  }\n  return {}\n})",
        );
        let ranges: Vec<&str> = deps.range_values.iter().map(|l| l.value.as_str()).collect();
        assert_eq!(ranges, [">=28.1:0"]);
    }

    #[test]
    fn half_typed_code_does_not_panic() {
        for src in [
            "export const current = VersionInfo.of({ version: '1.0",
            "VersionGraph.of(",
            "\u{0}\u{1}",
        ] {
            let _ = parse(src);
        }
    }
}
