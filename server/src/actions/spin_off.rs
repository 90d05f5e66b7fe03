//! "Spin off and start a new version": `current.ts` becomes the historical file of the version it
//! holds, `index.ts` lists it, and a fresh `current.ts` starts the next version. The seed's
//! procedure for a bump that needs a migration, as one set of changes.

use std::path::Path;

use super::graph_edit::{add_to_graph, Entry};
use super::next::Next;
use super::style::Style;
use super::upstream_tags::retag;
use crate::diagnostic::{Change, Fix};
use crate::exver::parse_exver;
use crate::startos::package::TsFile;
use crate::startos::{StartOsPackage, VersionRef};
use crate::syntax::typescript::{ReleaseNotes, VersionInfoFacts};
use crate::workspace::Source;

const SDK: &str = "@start9labs/start-sdk";

/// The changes, or why the action is not offered.
pub fn spin_off(pkg: &StartOsPackage, source: &dyn Source, next: &Next) -> Result<Fix, String> {
    if pkg.current_ts().is_none() {
        return Err("the package has no current.ts".into());
    }
    let current = pkg
        .current_export()
        .ok_or("current.ts does not export `current = VersionInfo.of(…)`".to_string())?;
    let VersionRef { file, info } = current;
    if pkg.current().map(|c| c.file.path.as_path()) != Some(file.path.as_path()) {
        return Err("index.ts does not point `current` at current.ts".into());
    }
    let literal = info
        .version
        .as_ref()
        .ok_or("the current version is not a string literal".to_string())?;
    if let Err(e) = parse_exver(&literal.value) {
        return Err(format!("the current version is not valid: {}", e.message));
    }
    // a forbidden downstream suffix (EX002) is dropped first, in the historical file too
    let suffix = current.drop_downstream_excess();
    let version = current
        .plain_version()
        .ok_or("the current version is not valid".to_string())?;
    if pkg
        .historical()
        .iter()
        .any(|h| h.version().is_some_and(|v| v.text() == version.text()))
    {
        return Err(format!(
            "a historical file already holds {}",
            version.text()
        ));
    }
    let stem = version.file_stem();
    let target = pkg.layout.versions_dir.join(format!("{stem}.ts"));
    if exists(source, &target) {
        return Err(format!("{} already exists", target.display()));
    }
    let export = version.export_name();
    let graph = add_to_graph(
        pkg,
        &Entry {
            export: &export,
            stem: &stem,
            version: &version,
        },
    )
    .ok_or("index.ts has no `VersionGraph.of(…)` this action can edit".to_string())?;
    // No file moves: the historical file is created with current.ts's text (its export
    // renamed), and current.ts is rewritten in place. An editor that sees a rename offers to
    // "update imports", which would point index.ts's `current` import at the historical file.
    let mut historical = file.text.to_string();
    let mut edits = vec![(info.binding.range.clone(), export.clone())];
    for change in suffix.iter().flat_map(|(_, fix)| &fix.changes) {
        if let Change::Edit {
            range, new_text, ..
        } = change
        {
            edits.push((range.clone(), new_text.clone()));
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, text) in edits {
        historical.replace_range(range, &text);
    }
    let mut changes = vec![
        Change::Create {
            path: target,
            text: historical,
        },
        Change::Edit {
            path: file.path.clone(),
            range: 0..file.text.len(),
            new_text: fresh_current(file, info, &next.version),
        },
    ];
    changes.extend(graph);
    changes.extend(retag(pkg, &version, &next.version));
    Ok(Fix {
        title: format!(
            "Spin off {} into {stem}.ts and start {} ({})",
            version.text(),
            next.version,
            next.bump.describe()
        ),
        safe: false,
        changes,
    })
}

fn exists(source: &dyn Source, path: &Path) -> bool {
    source.read(path).is_ok() || path.exists()
}

/// The new `current.ts`, written in the old one's style, with its locales.
fn fresh_current(old: &TsFile, info: &VersionInfoFacts, version: &str) -> String {
    let text = &*old.text;
    let style = Style::of(text, info.version.as_ref().map(|v| v.quote));
    let (nl, i1, i2) = (style.newline, style.indent(1), style.indent(2));
    let comma = if trailing_commas(text, info) { "," } else { "" };
    let sdk_import = old
        .facts
        .imports
        .iter()
        .find(|i| i.names.iter().any(|n| n.imported == "VersionInfo"));
    let sdk = sdk_import
        .map(|i| text[i.source.node_range.clone()].to_string())
        .unwrap_or_else(|| style.quoted(SDK));
    // the two names the fresh file uses, in the order the old import wrote them (no reordering
    // diff, nothing imported that the new file does not use)
    let mut names: Vec<&str> = sdk_import
        .map(|i| {
            i.names
                .iter()
                .map(|n| n.imported.as_str())
                .filter(|n| matches!(*n, "VersionInfo" | "IMPOSSIBLE"))
                .collect()
        })
        .unwrap_or_default();
    for needed in ["VersionInfo", "IMPOSSIBLE"] {
        if !names.contains(&needed) {
            names.push(needed);
        }
    }
    let names = names.join(", ");
    let empty = style.quoted("");
    let notes = match &info.release_notes {
        Some(ReleaseNotes::Text(_)) => format!("{i1}releaseNotes: {empty},{nl}"),
        Some(ReleaseNotes::Locales { entries, .. }) if !entries.is_empty() => {
            let keys: Vec<String> = entries
                .iter()
                .map(|(key, _)| format!("{i2}{}: {empty},", &text[key.range.clone()]))
                .collect();
            let mut body = keys.join(nl);
            if comma.is_empty() {
                body.pop();
            }
            format!("{i1}releaseNotes: {{{nl}{body}{nl}{i1}}},{nl}")
        }
        _ => format!("{i1}releaseNotes: {{{nl}{i2}en_US: {empty}{comma}{nl}{i1}}},{nl}"),
    };
    format!(
        "import {{ {names} }} from {sdk}{semi}{nl}{nl}\
         export const current = VersionInfo.of({{{nl}\
         {i1}version: {version},{nl}\
         {notes}\
         {i1}migrations: {{{nl}\
         {i2}up: async () => {{}},{nl}\
         {i2}down: IMPOSSIBLE{comma}{nl}\
         {i1}}}{comma}{nl}\
         }}){semi}{nl}",
        semi = style.semi(),
        version = style.quoted(version),
    )
}

/// Whether the `VersionInfo.of({ … })` object ends its last property with a comma.
fn trailing_commas(text: &str, info: &VersionInfoFacts) -> bool {
    let call = &text[info.call_range.clone()];
    let Some(close) = call.rfind('}') else {
        return true;
    };
    call[..close].trim_end().ends_with(',')
}
