//! Peers package facts from a TypeScript/JavaScript syntax tree: what `definePackage(...)` sets,
//! the contracts it defines, and the settings it writes. The builder is followed through its
//! parameter name, local aliases (`const p = pkg`), and helper functions of the same file that
//! receive it (`configure(pkg)`).

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

use super::typescript::{parse_tree, str_lit, StrLit};

/// A `versionTag` the code sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagSet {
    /// What to underline: the statement or the property.
    pub range: Range<usize>,
    /// What deleting it cleanly removes (its line, its comma).
    pub removal: Range<usize>,
    /// Set on a contract (PE002) rather than on the package (PE001).
    pub in_contract: bool,
}

/// A numeric argument as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Num {
    pub text: String,
    pub range: Range<usize>,
}

impl Num {
    /// The value, when it is a positive integer.
    pub fn positive_int(&self) -> Option<u64> {
        self.text.parse::<u64>().ok().filter(|n| *n > 0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlsoVersion {
    One(Num),
    Span {
        from: Option<Num>,
        to: Option<Num>,
        range: Range<usize>,
    },
    Other(Range<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlsoImplements {
    pub id: Option<StrLit>,
    pub version: Option<AlsoVersion>,
    pub range: Range<usize>,
}

/// `pkg.contract(id, version, name[, devTag])` and its `.alsoImplements(…)` chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    pub id: Option<StrLit>,
    pub version: Option<Num>,
    /// The 4th argument, and what removing it deletes (with its comma).
    pub dev_tag: Option<(Range<usize>, Range<usize>)>,
    pub also: Vec<AlsoImplements>,
    pub range: Range<usize>,
}

/// A setting written with a string literal: `pkg.packageId = '…'` or `packageId: '…'`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: &'static str,
    pub value: StrLit,
}

const SETTINGS: &[&str] = &["packageId", "versionFollowRange", "followVersionTags"];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeersFacts {
    pub define_calls: usize,
    pub tags: Vec<TagSet>,
    pub contracts: Vec<Contract>,
    pub settings: Vec<Setting>,
}

pub fn parse(text: &str) -> PeersFacts {
    let mut facts = PeersFacts::default();
    let Some(tree) = parse_tree(text) else {
        return facts;
    };
    let root = tree.root_node();
    let helpers = functions(root, text);
    let mut stack = vec![root];
    let mut cursor = root.walk();
    while let Some(node) = stack.pop() {
        if node.kind() == "call_expression" && callee_name(node, text) == Some("definePackage") {
            facts.define_calls += 1;
            let mut s = Scan {
                text,
                helpers: &helpers,
                facts: &mut facts,
                depth: 0,
            };
            if let Some(arg) = args(node).into_iter().next() {
                s.definition(arg);
            }
            continue;
        }
        stack.extend(node.children(&mut cursor));
    }
    facts.tags.sort_by_key(|t| t.range.start);
    facts.tags.dedup();
    facts
}

/// Functions of the file by name: their parameter names and body.
fn functions<'t>(root: Node<'t>, text: &str) -> HashMap<String, (Vec<String>, Node<'t>)> {
    let mut out = HashMap::new();
    let mut stack = vec![root];
    let mut cursor = root.walk();
    while let Some(node) = stack.pop() {
        let named = match node.kind() {
            "function_declaration" => node.child_by_field_name("name").map(|n| (n, node)),
            "variable_declarator" => node
                .child_by_field_name("name")
                .zip(node.child_by_field_name("value"))
                .filter(|(_, v)| matches!(v.kind(), "arrow_function" | "function_expression")),
            _ => None,
        };
        if let Some((name, f)) = named {
            if let Some(body) = f.child_by_field_name("body") {
                out.insert(text[name.byte_range()].to_string(), (params(f, text), body));
            }
        }
        stack.extend(node.children(&mut cursor));
    }
    out
}

/// Parameter names of a function (`(pkg) =>`, `pkg =>`, `function (pkg: Builder)`).
fn params(f: Node, text: &str) -> Vec<String> {
    if let Some(p) = f.child_by_field_name("parameter") {
        return vec![text[p.byte_range()].to_string()];
    }
    let Some(list) = f.child_by_field_name("parameters") else {
        return Vec::new();
    };
    let mut c = list.walk();
    list.named_children(&mut c)
        .map(|p| {
            p.child_by_field_name("pattern")
                .filter(|n| n.kind() == "identifier")
                .map_or_else(String::new, |n| text[n.byte_range()].to_string())
        })
        .collect()
}

fn args(call: Node) -> Vec<Node> {
    let Some(list) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut c = list.walk();
    list.named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect()
}

/// `definePackage` for `definePackage(…)` and `peers.definePackage(…)`.
fn callee_name<'a>(call: Node, text: &'a str) -> Option<&'a str> {
    let f = call.child_by_field_name("function")?;
    let name = match f.kind() {
        "identifier" => f,
        "member_expression" => f.child_by_field_name("property")?,
        _ => return None,
    };
    Some(&text[name.byte_range()])
}

/// `key` of a pair, unquoted.
fn pair_key<'a>(pair: Node, text: &'a str) -> Option<&'a str> {
    let k = pair.child_by_field_name("key")?;
    Some(text[k.byte_range()].trim_matches(['\'', '"']))
}

struct Scan<'a, 't> {
    text: &'a str,
    helpers: &'a HashMap<String, (Vec<String>, Node<'t>)>,
    facts: &'a mut PeersFacts,
    depth: usize,
}

impl<'t> Scan<'_, 't> {
    /// The argument of `definePackage`: a callback taking the builder, or an object.
    fn definition(&mut self, arg: Node<'t>) {
        match arg.kind() {
            "arrow_function" | "function_expression" | "function" => {
                let builder = params(arg, self.text)
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                if let Some(body) = arg.child_by_field_name("body") {
                    let aliases = if builder.is_empty() {
                        vec![]
                    } else {
                        vec![builder]
                    };
                    self.body(body, aliases);
                }
            }
            "object" => self.object(arg, false),
            _ => {}
        }
    }

    /// An object literal of the definition (or passed to a contract when `in_contract`).
    fn object(&mut self, obj: Node<'t>, in_contract: bool) {
        let mut stack = vec![obj];
        let mut cursor = obj.walk();
        while let Some(node) = stack.pop() {
            if node.kind() == "pair" {
                self.pair(node, in_contract);
            }
            if node.kind() == "call_expression" && callee_name(node, self.text) == Some("contract")
            {
                self.contract(node);
                continue;
            }
            stack.extend(node.children(&mut cursor));
        }
    }

    fn pair(&mut self, pair: Node<'t>, in_contract: bool) {
        let Some(key) = pair_key(pair, self.text) else {
            return;
        };
        if key == "versionTag" {
            self.facts.tags.push(TagSet {
                range: pair.byte_range(),
                removal: list_item_removal(self.text, pair),
                in_contract,
            });
        } else if let Some(k) = SETTINGS.iter().find(|k| **k == key) {
            if let Some(value) = pair
                .child_by_field_name("value")
                .and_then(|v| str_lit(v, self.text))
            {
                self.facts.settings.push(Setting { key: k, value });
            }
        }
    }

    /// A function body where `aliases` name the builder.
    fn body(&mut self, body: Node<'t>, mut aliases: Vec<String>) {
        if self.depth > 8 {
            return; // helpers calling helpers: enough
        }
        let is_alias = |n: Option<Node>, aliases: &[String], text: &str| {
            n.is_some_and(|n| {
                n.kind() == "identifier" && aliases.iter().any(|a| *a == text[n.byte_range()])
            })
        };
        // declarations first, in order, so an alias is known before its uses
        let mut nodes = Vec::new();
        let mut stack = vec![body];
        let mut cursor = body.walk();
        while let Some(node) = stack.pop() {
            nodes.push(node);
            let mut children: Vec<Node> = node.children(&mut cursor).collect();
            children.reverse();
            stack.extend(children);
        }
        for node in nodes {
            match node.kind() {
                "variable_declarator"
                    if is_alias(node.child_by_field_name("value"), &aliases, self.text) =>
                {
                    if let Some(name) = node.child_by_field_name("name") {
                        aliases.push(self.text[name.byte_range()].to_string());
                    }
                }
                "assignment_expression" => {
                    let Some(left) = node
                        .child_by_field_name("left")
                        .filter(|l| l.kind() == "member_expression")
                    else {
                        continue;
                    };
                    if !is_alias(left.child_by_field_name("object"), &aliases, self.text) {
                        continue;
                    }
                    let Some(prop) = left.child_by_field_name("property") else {
                        continue;
                    };
                    let prop = &self.text[prop.byte_range()];
                    if prop == "versionTag" {
                        let stmt = node
                            .parent()
                            .filter(|p| p.kind() == "expression_statement")
                            .unwrap_or(node);
                        self.facts.tags.push(TagSet {
                            range: stmt.byte_range(),
                            removal: statement_removal(self.text, stmt),
                            in_contract: false,
                        });
                    } else if let Some(k) = SETTINGS.iter().find(|k| **k == prop) {
                        if let Some(value) = node
                            .child_by_field_name("right")
                            .and_then(|v| str_lit(v, self.text))
                        {
                            self.facts.settings.push(Setting { key: k, value });
                        }
                    }
                }
                "call_expression" => {
                    let f = node.child_by_field_name("function");
                    let on_builder =
                        f.filter(|f| f.kind() == "member_expression")
                            .is_some_and(|f| {
                                is_alias(f.child_by_field_name("object"), &aliases, self.text)
                            });
                    if on_builder && callee_name(node, self.text) == Some("contract") {
                        self.contract(node);
                    } else if on_builder {
                        // `pkg.set({ versionTag: … })`: a property of the package
                        for arg in args(node).into_iter().filter(|a| a.kind() == "object") {
                            self.object(arg, false);
                        }
                    } else if let Some(helper) = f.filter(|f| f.kind() == "identifier") {
                        self.helper(&self.text[helper.byte_range()], node, &aliases);
                    }
                }
                _ => {}
            }
        }
    }

    /// A helper of this file called with the builder: its parameter is the builder inside it.
    fn helper(&mut self, name: &str, call: Node<'t>, aliases: &[String]) {
        let Some((params, body)) = self.helpers.get(name) else {
            return;
        };
        let passed: Vec<String> = args(call)
            .iter()
            .zip(params)
            .filter(|(a, _)| {
                a.kind() == "identifier" && aliases.iter().any(|x| *x == self.text[a.byte_range()])
            })
            .map(|(_, p)| p.clone())
            .filter(|p| !p.is_empty())
            .collect();
        if passed.is_empty() {
            return;
        }
        let body = *body;
        self.depth += 1;
        self.body(body, passed);
        self.depth -= 1;
    }

    fn contract(&mut self, call: Node<'t>) {
        let a = args(call);
        let dev_tag = a
            .get(3)
            .map(|tag| (tag.byte_range(), argument_removal(self.text, a[2], *tag)));
        for arg in a.iter().filter(|n| n.kind() == "object") {
            self.object(*arg, true);
        }
        let mut contract = Contract {
            id: a.first().and_then(|n| str_lit(*n, self.text)),
            version: a.get(1).map(|n| num(*n, self.text)),
            dev_tag,
            also: Vec::new(),
            range: call.byte_range(),
        };
        // `.alsoImplements(…)` chained on the result
        let end = self.also_chain(call, &mut contract);
        // `const main = pkg.contract(…)`, then `main.alsoImplements(…)` in the same scope
        let var = end
            .parent()
            .filter(|p| p.kind() == "variable_declarator")
            .and_then(|d| d.child_by_field_name("name"))
            .filter(|n| n.kind() == "identifier")
            .map(|n| &self.text[n.byte_range()]);
        if let Some(var) = var {
            let scope = std::iter::successors(end.parent(), |n| n.parent())
                .find(|n| matches!(n.kind(), "statement_block" | "program"));
            let mut stack: Vec<Node> = scope.into_iter().collect();
            while let Some(node) = stack.pop() {
                let on_var = node.kind() == "call_expression"
                    && callee_name(node, self.text) == Some("alsoImplements")
                    && node
                        .child_by_field_name("function")
                        .and_then(|f| f.child_by_field_name("object"))
                        .is_some_and(|o| {
                            o.kind() == "identifier" && &self.text[o.byte_range()] == var
                        });
                if on_var {
                    self.also_implements(node, &mut contract);
                    self.also_chain(node, &mut contract);
                    continue;
                }
                let mut c = node.walk();
                stack.extend(node.children(&mut c));
            }
        }
        self.facts.contracts.push(contract);
    }

    fn also_implements(&self, call: Node, contract: &mut Contract) {
        let a = args(call);
        contract.also.push(AlsoImplements {
            id: a.first().and_then(|n| str_lit(*n, self.text)),
            version: a.get(1).map(|n| self.also_version(*n)),
            range: call.byte_range(),
        });
    }

    /// The `.alsoImplements(…)` calls chained on `call`'s result; returns the chain's last call.
    fn also_chain(&self, call: Node<'t>, contract: &mut Contract) -> Node<'t> {
        let mut at = call;
        while let Some(member) = at.parent().filter(|p| p.kind() == "member_expression") {
            let Some(next) = member.parent().filter(|p| p.kind() == "call_expression") else {
                break;
            };
            if callee_name(next, self.text) == Some("alsoImplements") {
                self.also_implements(next, contract);
            }
            at = next;
        }
        at
    }

    fn also_version(&self, n: Node) -> AlsoVersion {
        if n.kind() != "object" {
            return match n.kind() {
                "number" => AlsoVersion::One(num(n, self.text)),
                _ => AlsoVersion::Other(n.byte_range()),
            };
        }
        let mut from = None;
        let mut to = None;
        let mut c = n.walk();
        for pair in n.named_children(&mut c).filter(|p| p.kind() == "pair") {
            let value = pair.child_by_field_name("value").map(|v| num(v, self.text));
            match pair_key(pair, self.text) {
                Some("from") => from = value,
                Some("to") => to = value,
                _ => {}
            }
        }
        AlsoVersion::Span {
            from,
            to,
            range: n.byte_range(),
        }
    }
}

fn num(n: Node, text: &str) -> Num {
    Num {
        text: text[n.byte_range()].to_string(),
        range: n.byte_range(),
    }
}

/// The line(s) of a statement when nothing else is on them (through the line break), else the
/// statement itself.
fn statement_removal(text: &str, stmt: Node) -> Range<usize> {
    let r = stmt.byte_range();
    let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[r.end..]
        .find('\n')
        .map_or(text.len(), |i| r.end + i + 1);
    let before = &text[line_start..r.start];
    let after = text[r.end..line_end].trim_start_matches(';');
    if before.trim().is_empty() && after.trim().is_empty() {
        line_start..line_end
    } else {
        r
    }
}

/// An object property or list item with the comma that separates it from its neighbours; its line
/// too when it stands alone on it.
fn list_item_removal(text: &str, item: Node) -> Range<usize> {
    let r = item.byte_range();
    let next_comma = item.next_sibling().filter(|s| s.kind() == ",");
    let end = next_comma.map_or(r.end, |c| c.end_byte());
    let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
    if text[line_start..r.start].trim().is_empty() && text[end..line_end].trim().is_empty() {
        return line_start..line_end; // its own line
    }
    if next_comma.is_some() {
        // `a, x, b`: `x, ` goes
        let spaces = text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len();
        return r.start..end + spaces;
    }
    // the last item: the comma before it goes
    match item.prev_sibling().filter(|s| s.kind() == ",") {
        Some(c) => c.start_byte()..r.end,
        None => r,
    }
}

/// An argument after `prev`, with the comma between them.
fn argument_removal(_text: &str, prev: Node, arg: Node) -> Range<usize> {
    prev.end_byte()..arg.end_byte()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(text: &str, r: &Range<usize>) -> String {
        format!("{}{}", &text[..r.start], &text[r.end..])
    }

    #[test]
    fn follows_the_builder_through_aliases_and_helpers() {
        let text = "import { definePackage } from '@peers-app/peers-sdk'\n\
            function tag(b) {\n  b.versionTag = 'beta'\n}\n\
            export default definePackage((pkg) => {\n  pkg.packageId = 'abc'\n  const p = pkg\n  p.versionTag = 'dev'\n  tag(pkg)\n\
              pkg.contract('files', 2, 'Files', 'dev').alsoImplements('files', { from: 1, to: 2 })\n\
              pkg.versionFollowRange = 'minor'\n})\n";
        let f = parse(text);
        assert_eq!(f.define_calls, 1);
        let tags: Vec<&str> = f.tags.iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(tags, ["b.versionTag = 'beta'", "p.versionTag = 'dev'"]);
        assert_eq!(
            removed(text, &f.tags[1].removal),
            text.replace("  p.versionTag = 'dev'\n", "")
        );
        let c = &f.contracts[0];
        assert_eq!(c.id.as_ref().unwrap().value, "files");
        assert_eq!(c.version.as_ref().unwrap().positive_int(), Some(2));
        let (tag, removal) = c.dev_tag.clone().unwrap();
        assert_eq!(&text[tag], "'dev'");
        assert!(removed(text, &removal).contains("pkg.contract('files', 2, 'Files')"));
        assert!(matches!(c.also[0].version, Some(AlsoVersion::Span { .. })));
        let keys: Vec<&str> = f.settings.iter().map(|s| s.key).collect();
        assert_eq!(keys, ["packageId", "versionFollowRange"]);
    }

    #[test]
    fn also_implements_through_a_variable() {
        let text = "definePackage((pkg) => {\n  const main = pkg.contract('files', 2, 'Files')\n  main.alsoImplements('files', 3).alsoImplements('x', { from: 2, to: 1 })\n  other.alsoImplements('y', 1)\n})\n";
        let f = parse(text);
        assert_eq!(f.contracts.len(), 1);
        let ids: Vec<_> = f.contracts[0]
            .also
            .iter()
            .map(|a| a.id.as_ref().unwrap().value.as_str())
            .collect();
        assert_eq!(ids, ["files", "x"]);
    }

    #[test]
    fn object_form_and_clean_removal() {
        let text = "export default definePackage({\n  packageId: 'x',\n  versionTag: 'stable',\n  name: 'n',\n})\n";
        let f = parse(text);
        assert_eq!(f.tags.len(), 1);
        assert_eq!(
            removed(text, &f.tags[0].removal),
            "export default definePackage({\n  packageId: 'x',\n  name: 'n',\n})\n"
        );
        let inline = "definePackage({ packageId: 'x', versionTag: 'dev' })";
        let f = parse(inline);
        assert_eq!(
            removed(inline, &f.tags[0].removal),
            "definePackage({ packageId: 'x' })"
        );
        // not inside definePackage: not ours
        assert!(parse("const o = { versionTag: 'dev' }").tags.is_empty());
    }
}
