//! Hover text for a version literal: its components, its place in the package's order, and the
//! names the conventions derive from it.

use std::cmp::Ordering;
use std::ops::Range;
use std::path::Path;

use crate::exver::{parse_exver, ExVer};
use crate::git::tags;
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
    // a forbidden downstream suffix (EX002) is dropped before anything is named after the version
    let raw = v;
    let v = match raw.plain_downstream() {
        Some((clean, _)) => {
            md += &format!(
                "\nThe downstream must be a plain number (EX002): the names below are those of `{}`.\n",
                clean.text()
            );
            clean
        }
        None => raw,
    };

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
    // `current.ts`'s version has no historical file yet: say what it would become, never name a
    // file that does not exist as if it did
    let in_current_ts = path.file_name().is_some_and(|n| n == "current.ts");
    let (file_row, export_row) = if in_current_ts {
        ("file once spun off", "export once spun off")
    } else {
        ("file name", "export name")
    };
    md += &format!(
        "\n| | |\n|---|---|\n| {file_row} | `{}.ts` |\n| {export_row} | `{}` |\n| git tag | `{}` |\n",
        v.file_stem(),
        v.export_name(),
        v.git_tag()
    );
    md += &git_lines(pkg, path, &v);
    Some((lit.node_range.clone(), md))
}

/// Whether the version was released (its tag and date), and, in `current.ts`, the version
/// committed at `HEAD`.
fn git_lines(pkg: &StartOsPackage, path: &Path, v: &ExVer) -> String {
    let history = &pkg.history;
    if !history.ready() {
        return String::new();
    }
    let mut md = String::new();
    if let Some(all) = history.release_tags() {
        if let Some(tag) = history.tag_of(v) {
            md += &format!("\nReleased as `{}`", tag.name);
            if let Some(date) = &tag.date {
                md += &format!(" on {date}");
            }
            md += ".\n";
        } else if tags::releases(all).next().is_some() {
            md += &format!("\nNot released: no tag `{}`.\n", tags::expected(all, v));
        }
    }
    let in_current = pkg.current_export().is_some_and(|c| c.file.path == path);
    if in_current {
        match history.committed_version() {
            Some(head) if head.compare(v) == Some(Ordering::Equal) => {
                md += &format!("\nAt git HEAD: `{}` (unchanged).\n", head.text());
            }
            Some(head) => md += &format!("\nAt git HEAD: `{}`.\n", head.text()),
            None => md += "\nAt git HEAD: not committed yet.\n",
        }
    }
    md
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
