//! Hover text for a version literal: its components, its place in the package's order, and the
//! names the conventions derive from it.

use std::cmp::Ordering;
use std::ops::Range;
use std::path::Path;

use crate::exver::parse_exver;
use crate::rules;
use crate::startos::StartOsPackage;

/// Markdown for the version literal under `offset` in `path`, with the literal's range.
pub fn version_hover(
    pkg: &StartOsPackage,
    path: &Path,
    offset: usize,
) -> Option<(Range<usize>, String)> {
    let (_, lit) = pkg.version_literals().find(|(f, l)| {
        f.path == path && l.node_range.start <= offset && offset <= l.node_range.end
    })?;
    let v = parse_exver(&lit.value).ok()?;
    let mut md = format!("**ExVer `{}`**\n\n", lit.value);
    if let Some(f) = v.flavor() {
        md += &format!("- flavor: `{f}`\n");
    }
    md += &format!(
        "- upstream: `{}`",
        v.upstream
            .numbers
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".")
    );
    if let Some(pre) = &v.upstream.prerelease {
        md += &format!(" (prerelease `{pre}`)");
    }
    md += &format!("\n- downstream revision: `{}`\n", v.downstream.text());

    let mut all: Vec<_> = pkg
        .current()
        .into_iter()
        .chain(pkg.historical())
        .filter_map(|r| r.version().map(|v| (v, r.file.path.clone())))
        .filter(|(o, _)| o.compare(&v).is_some())
        .collect();
    all.sort_by(|a, b| a.0.compare(&b.0).unwrap_or(Ordering::Equal));
    all.dedup_by(|a, b| a.0.compare(&b.0) == Some(Ordering::Equal));
    if let Some(pos) = all
        .iter()
        .position(|(o, _)| o.compare(&v) == Some(Ordering::Equal))
    {
        md += &format!("\nVersion {} of {} in this package", pos + 1, all.len());
        if pos > 0 {
            md += &format!("; after `{}`", all[pos - 1].0.text());
        }
        if pos + 1 < all.len() {
            md += &format!("; before `{}`", all[pos + 1].0.text());
        }
        md += ".\n";
    }
    md += &format!(
        "\n| | |\n|---|---|\n| historical file | `{}.ts` |\n| export name | `{}` |\n| git tag | `{}` |\n",
        v.file_stem(),
        v.export_name(),
        v.git_tag()
    );
    Some((lit.node_range.clone(), md))
}

/// Markdown documentation of a rule, for hovering its code.
pub fn rule_docs(code: &str) -> Option<String> {
    rules::find(code).map(|r| {
        format!(
            "**{} {}** ({})\n\n{}",
            r.code,
            r.name,
            r.severity.as_str(),
            r.docs
        )
    })
}
