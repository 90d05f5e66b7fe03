//! The rule catalog: one file per rule (its metadata, docs and check), and the code table.

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Fix, Related, Severity};
use crate::startos::StartOsPackage;

mod cf001_invalid_config;
mod ex001_invalid_exver;
mod ex002_downstream_prerelease;
mod ex003_invalid_exver_range;
mod ex004_ambiguous_range;
mod ex005_unsatisfiable_range;
mod ex006_implicit_caret;
mod so001_current_export_name;
mod so002_version_file_name_mismatch;
mod so003_version_export_name_mismatch;
mod so004_unlisted_historical_version;
mod so005_dangling_version_entry;
mod so006_version_order;
mod so007_docker_tag_mismatch;
mod so008_legacy_version_file_name;
mod so009_release_notes_style;
mod so010_release_notes_locales;
mod so011_initial_down_migration;

pub use cf001_invalid_config::RULE as INVALID_CONFIG;

/// A rule's identity and documentation. Codes never change meaning once shipped.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / Fix.
    pub docs: &'static str,
}

type Check = fn(&StartOsPackage, &mut Sink);

/// Every rule, in code order, with its check (rules checked elsewhere have none here).
const TABLE: &[(&Rule, Option<Check>)] = &[
    (&cf001_invalid_config::RULE, None),
    (&ex001_invalid_exver::RULE, Some(ex001_invalid_exver::check)),
    (
        &ex002_downstream_prerelease::RULE,
        Some(ex002_downstream_prerelease::check),
    ),
    (
        &ex003_invalid_exver_range::RULE,
        Some(ex003_invalid_exver_range::check),
    ),
    (
        &ex004_ambiguous_range::RULE,
        Some(ex004_ambiguous_range::check),
    ),
    (
        &ex005_unsatisfiable_range::RULE,
        Some(ex005_unsatisfiable_range::check),
    ),
    (
        &ex006_implicit_caret::RULE,
        Some(ex006_implicit_caret::check),
    ),
    (
        &so001_current_export_name::RULE,
        Some(so001_current_export_name::check),
    ),
    (
        &so002_version_file_name_mismatch::RULE,
        Some(so002_version_file_name_mismatch::check),
    ),
    (
        &so003_version_export_name_mismatch::RULE,
        Some(so003_version_export_name_mismatch::check),
    ),
    (
        &so004_unlisted_historical_version::RULE,
        Some(so004_unlisted_historical_version::check),
    ),
    (
        &so005_dangling_version_entry::RULE,
        Some(so005_dangling_version_entry::check),
    ),
    (&so006_version_order::RULE, Some(so006_version_order::check)),
    (
        &so007_docker_tag_mismatch::RULE,
        Some(so007_docker_tag_mismatch::check),
    ),
    (
        &so008_legacy_version_file_name::RULE,
        Some(so008_legacy_version_file_name::check),
    ),
    (
        &so009_release_notes_style::RULE,
        Some(so009_release_notes_style::check),
    ),
    (
        &so010_release_notes_locales::RULE,
        Some(so010_release_notes_locales::check),
    ),
    (
        &so011_initial_down_migration::RULE,
        Some(so011_initial_down_migration::check),
    ),
];

pub fn all() -> impl Iterator<Item = &'static Rule> {
    TABLE.iter().map(|(r, _)| *r)
}

/// Look a rule up by code (`SO002`, any case) or name (`version-file-name-mismatch`).
pub fn find(key: &str) -> Option<&'static Rule> {
    all().find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// Collects what rules report, with each rule's default severity.
#[derive(Default)]
pub struct Sink {
    pub out: Vec<Diagnostic>,
}

impl Sink {
    pub fn report(
        &mut self,
        rule: &'static Rule,
        path: &Path,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            path: path.to_path_buf(),
            range,
            code: rule.code,
            severity: rule.severity,
            message: message.into(),
            fixes: Vec::new(),
            related: Vec::new(),
        });
        self.out.last_mut().expect("just pushed")
    }
}

impl Diagnostic {
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fixes.push(fix);
        self
    }
    pub fn related(
        &mut self,
        path: &Path,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Self {
        self.related.push(Related {
            path: path.to_path_buf(),
            range,
            message: message.into(),
        });
        self
    }
}

/// Run every StartOS and ExVer rule over a package (default severities, nothing filtered).
pub fn check_startos(pkg: &StartOsPackage) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    for (_, check) in TABLE {
        if let Some(check) = check {
            check(pkg, &mut sink);
        }
    }
    sink.out
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let rules: Vec<_> = super::all().collect();
        for (i, r) in rules.iter().enumerate() {
            assert!(
                rules[i + 1..]
                    .iter()
                    .all(|o| o.code != r.code && o.name != r.name),
                "{}",
                r.code
            );
            for section in ["## What it does", "## Why is this bad?", "## Example"] {
                assert!(r.docs.contains(section), "{} lacks {section}", r.code);
            }
        }
    }
}
