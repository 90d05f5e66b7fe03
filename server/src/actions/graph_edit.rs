//! Adding a historical version to `index.ts`: its import and its entry in `other`, written the way
//! the file already writes them (quotes, semicolons, one entry per line or inline, trailing commas,
//! and the list's order when it has one).

use std::cmp::Ordering;

use super::style::{line_indent, Style};
use crate::diagnostic::Change;
use crate::exver::ExVer;
use crate::startos::package::{Resolution, TsFile};
use crate::startos::StartOsPackage;
use crate::syntax::typescript::{Ident, VersionGraphFacts};

/// What to add: `import { <export> } from './<stem>'` and `<export>` in `other`.
pub struct Entry<'a> {
    pub export: &'a str,
    pub stem: &'a str,
    pub version: &'a ExVer,
}

/// The edits to `index.ts`; `None` when its graph is not one this can edit safely.
pub fn add_to_graph(pkg: &StartOsPackage, entry: &Entry) -> Option<Vec<Change>> {
    let (index, graph) = pkg.graph()?;
    if graph.other.iter().any(|i| i.name == entry.export) {
        return None; // already listed
    }
    let text = &*index.text;
    let quote = index.facts.imports.first().map(|i| i.source.quote);
    let style = Style::of(text, quote);
    let versions: Vec<Option<ExVer>> = graph
        .other
        .iter()
        .map(|id| match pkg.resolve(index, id) {
            Resolution::Version(v) => v.version(),
            _ => None,
        })
        .collect();
    let at = position(&versions, entry.version);
    let mut edits = Vec::new();
    if !index
        .facts
        .imports
        .iter()
        .any(|i| i.names.iter().any(|n| n.local.name == entry.export))
    {
        let line = format!(
            "import {{ {} }} from {}{}",
            entry.export,
            style.quoted(&format!("./{}", entry.stem)),
            style.semi()
        );
        edits.push(import_edit(index, graph, at, &line, &style));
    }
    edits.push(other_edit(text, graph, at, entry.export, &style)?);
    Some(
        edits
            .into_iter()
            .map(|(range, new_text)| Change::Edit {
                path: index.path.clone(),
                range,
                new_text,
            })
            .collect(),
    )
}

/// Where the new version goes in `other`: in order when the list is ordered (newest first, or
/// oldest first), at the end otherwise.
fn position(versions: &[Option<ExVer>], new: &ExVer) -> usize {
    let known: Option<Vec<&ExVer>> = versions.iter().map(Option::as_ref).collect();
    let Some(known) = known else {
        return versions.len();
    };
    let order = |want: Ordering| known.windows(2).all(|w| w[0].compare(w[1]) == Some(want));
    let newest_first = match known.as_slice() {
        [] => return 0,
        [only] => only.compare(new) == Some(Ordering::Less), // the new one is newer: first
        _ if order(Ordering::Greater) => true,
        _ if order(Ordering::Less) => false,
        _ => return versions.len(),
    };
    let goes_before = |v: &&ExVer| {
        let o = new.compare(v);
        if newest_first {
            o == Some(Ordering::Greater)
        } else {
            o == Some(Ordering::Less)
        }
    };
    known.iter().position(goes_before).unwrap_or(known.len())
}

/// Start of the line holding `offset`.
fn line_start(text: &str, offset: usize) -> usize {
    text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Start of the line after the one holding `offset` (or the end of the text).
fn next_line(text: &str, offset: usize) -> Option<usize> {
    text[offset..].find('\n').map(|i| offset + i + 1)
}

fn import_edit(
    index: &TsFile,
    graph: &VersionGraphFacts,
    at: usize,
    line: &str,
    style: &Style,
) -> (std::ops::Range<usize>, String) {
    let text = &*index.text;
    let import_of = |id: &Ident| {
        index
            .facts
            .imports
            .iter()
            .find(|i| i.names.iter().any(|n| n.local.name == id.name))
    };
    // next to the import of the entry's neighbour in `other`, else after the last import
    if let Some(before) = graph.other.get(at).and_then(import_of) {
        let s = line_start(text, before.range.start);
        return (s..s, format!("{line}{}", style.newline));
    }
    let after = at
        .checked_sub(1)
        .and_then(|i| graph.other.get(i))
        .and_then(import_of)
        .or(index.facts.imports.last());
    match after {
        Some(import) => match next_line(text, import.range.end) {
            Some(n) => (n..n, format!("{line}{}", style.newline)),
            None => (text.len()..text.len(), format!("{}{line}", style.newline)),
        },
        None => (0..0, format!("{line}{}", style.newline)),
    }
}

/// Past `,` (and the blanks before it) right after `offset`, if there is one.
fn comma_after(text: &str, offset: usize) -> Option<usize> {
    let rest = &text[offset..];
    let blanks = rest.len() - rest.trim_start().len();
    rest[blanks..]
        .starts_with(',')
        .then_some(offset + blanks + 1)
}

fn other_edit(
    text: &str,
    graph: &VersionGraphFacts,
    at: usize,
    name: &str,
    style: &Style,
) -> Option<(std::ops::Range<usize>, String)> {
    let nl = style.newline;
    let Some(list) = &graph.other_range else {
        // no `other` yet: after `current`
        let current = graph.current.as_ref()?;
        let multiline = text[graph.range.clone()].contains('\n');
        let indent = line_indent(text, current.range.start);
        let entry = if graph.positional {
            name.to_string()
        } else {
            format!("other: [{name}]")
        };
        return Some(match (comma_after(text, current.range.end), multiline) {
            (Some(c), true) => (c..c, format!("{nl}{indent}{entry},")),
            (Some(c), false) => (c..c, format!(" {entry},")),
            (None, true) if !graph.positional => {
                let e = current.range.end;
                (e..e, format!(",{nl}{indent}{entry},"))
            }
            (None, _) => {
                let e = current.range.end;
                (e..e, format!(", {entry}"))
            }
        });
    };
    let multiline = text[list.clone()].contains('\n');
    if let Some(before) = graph.other.get(at) {
        let s = before.range.start;
        return Some(if multiline {
            let indent = line_indent(text, s);
            (s..s, format!("{name},{nl}{indent}"))
        } else {
            (s..s, format!("{name}, "))
        });
    }
    let Some(last) = graph.other.last() else {
        // an empty array: `[]`
        if graph.positional || !text[list.clone()].starts_with('[') {
            return None;
        }
        let s = list.start + 1;
        return Some((s..s, name.to_string()));
    };
    let indent = line_indent(text, last.range.start);
    Some(match (comma_after(text, last.range.end), multiline) {
        (Some(c), true) => (c..c, format!("{nl}{indent}{name},")),
        (Some(c), false) => (c..c, format!(" {name},")),
        (None, true) => (
            last.range.end..last.range.end,
            format!(",{nl}{indent}{name}"),
        ),
        (None, false) => (last.range.end..last.range.end, format!(", {name}")),
    })
}
