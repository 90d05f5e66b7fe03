//! The rule catalog: one file per rule (its metadata, docs and check), and the code table.

use std::ops::Range;
use std::path::Path;

use crate::charter::{Monorepo, SourceView};
use crate::diagnostic::{Diagnostic, Fix, Related, Severity};
use crate::npm::NpmPackage;
use crate::salesforce::SfdxProject;
use crate::startos::StartOsPackage;

mod cf001_invalid_config;
mod ch041_schema_version_envelope;
mod ch042_stale_deprecation_prose;
mod ch043_changelog_missing_major;
mod ch044_workspace_protocol;
mod ch045_linked_group_lockstep;
mod ch046_deprecation_window;
mod ex001_invalid_exver;
mod ex002_downstream_prerelease;
mod ex003_invalid_exver_range;
mod ex004_ambiguous_range;
mod ex005_unsatisfiable_range;
mod ex006_implicit_caret;
mod pe001_forbidden_version_tag;
mod pe002_forbidden_contract_tag;
pub mod pe003_invalid_follow_range;
pub mod pe004_invalid_follow_tags;
mod pe005_contract_version_range;
mod pe006_invalid_package_id;
mod rp001_floating_peer_range;
mod rp002_unsupported_range;
mod rp003_minor_retention;
mod sf001_patch_ancestor;
mod sf002_ancestor_not_lower;
mod sf003_ancestor_conflict;
mod sf004_invalid_version_number;
mod sf005_patch_version_ancestry;
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
mod so012_downstream_not_reset;
mod so013_missing_release_tag;
mod so014_version_decreased;
mod su001_unused_suppression;

pub use cf001_invalid_config::RULE as INVALID_CONFIG;
pub use su001_unused_suppression::RULE as UNUSED_SUPPRESSION;

/// A rule's identity and documentation. Codes never change meaning once shipped.
pub struct Rule {
    pub code: &'static str,
    /// The rule's source file, relative to the workspace root: its documentation lives there.
    pub source: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why is this bad? / Example / Fix.
    pub docs: &'static str,
}

/// A rule's check, by the kind of project it reads.
#[derive(Clone, Copy)]
pub enum Check {
    /// Checked elsewhere (the configuration's own rule).
    Elsewhere,
    StartOs(fn(&StartOsPackage, &mut Sink)),
    Sfdx(fn(&SfdxProject, &mut Sink)),
    Npm(fn(&NpmPackage, &mut Sink)),
    /// Over a monorepo's linked groups.
    Charter(fn(&Monorepo, &mut Sink)),
    /// Over one of a monorepo's packages (by index: its manifest and CHANGELOG): what it finds
    /// depends on that package and on the names and groups of the others.
    CharterPackage(fn(&Monorepo, usize, &mut Sink)),
    /// Over one of a monorepo's sources (by index): what it finds depends on that file and on
    /// the packages, never on another source.
    CharterSource(fn(&Monorepo, SourceView<'_>, &mut Sink)),
}

/// Every rule, in code order, with its check (rules checked elsewhere have none here).
const TABLE: &[(&Rule, Check)] = &[
    (&cf001_invalid_config::RULE, Check::Elsewhere),
    (
        &ch041_schema_version_envelope::RULE,
        Check::CharterSource(ch041_schema_version_envelope::check),
    ),
    (
        &ch042_stale_deprecation_prose::RULE,
        Check::CharterSource(ch042_stale_deprecation_prose::check),
    ),
    (
        &ch043_changelog_missing_major::RULE,
        Check::CharterPackage(ch043_changelog_missing_major::check),
    ),
    (
        &ch044_workspace_protocol::RULE,
        Check::CharterPackage(ch044_workspace_protocol::check),
    ),
    (
        &ch045_linked_group_lockstep::RULE,
        Check::Charter(ch045_linked_group_lockstep::check),
    ),
    (
        &ch046_deprecation_window::RULE,
        Check::CharterSource(ch046_deprecation_window::check),
    ),
    (
        &ex001_invalid_exver::RULE,
        Check::StartOs(ex001_invalid_exver::check),
    ),
    (
        &ex002_downstream_prerelease::RULE,
        Check::StartOs(ex002_downstream_prerelease::check),
    ),
    (
        &ex003_invalid_exver_range::RULE,
        Check::StartOs(ex003_invalid_exver_range::check),
    ),
    (
        &ex004_ambiguous_range::RULE,
        Check::StartOs(ex004_ambiguous_range::check),
    ),
    (
        &ex005_unsatisfiable_range::RULE,
        Check::StartOs(ex005_unsatisfiable_range::check),
    ),
    (
        &ex006_implicit_caret::RULE,
        Check::StartOs(ex006_implicit_caret::check),
    ),
    (
        &so001_current_export_name::RULE,
        Check::StartOs(so001_current_export_name::check),
    ),
    (
        &so002_version_file_name_mismatch::RULE,
        Check::StartOs(so002_version_file_name_mismatch::check),
    ),
    (
        &so003_version_export_name_mismatch::RULE,
        Check::StartOs(so003_version_export_name_mismatch::check),
    ),
    (
        &so004_unlisted_historical_version::RULE,
        Check::StartOs(so004_unlisted_historical_version::check),
    ),
    (
        &so005_dangling_version_entry::RULE,
        Check::StartOs(so005_dangling_version_entry::check),
    ),
    (
        &so006_version_order::RULE,
        Check::StartOs(so006_version_order::check),
    ),
    (
        &so007_docker_tag_mismatch::RULE,
        Check::StartOs(so007_docker_tag_mismatch::check),
    ),
    (
        &so008_legacy_version_file_name::RULE,
        Check::StartOs(so008_legacy_version_file_name::check),
    ),
    (
        &so009_release_notes_style::RULE,
        Check::StartOs(so009_release_notes_style::check),
    ),
    (
        &so010_release_notes_locales::RULE,
        Check::StartOs(so010_release_notes_locales::check),
    ),
    (
        &so011_initial_down_migration::RULE,
        Check::StartOs(so011_initial_down_migration::check),
    ),
    (
        &so012_downstream_not_reset::RULE,
        Check::StartOs(so012_downstream_not_reset::check),
    ),
    (
        &so013_missing_release_tag::RULE,
        Check::StartOs(so013_missing_release_tag::check),
    ),
    (
        &so014_version_decreased::RULE,
        Check::StartOs(so014_version_decreased::check),
    ),
    (
        &pe001_forbidden_version_tag::RULE,
        Check::Npm(pe001_forbidden_version_tag::check),
    ),
    (
        &pe002_forbidden_contract_tag::RULE,
        Check::Npm(pe002_forbidden_contract_tag::check),
    ),
    (
        &pe003_invalid_follow_range::RULE,
        Check::Npm(pe003_invalid_follow_range::check),
    ),
    (
        &pe004_invalid_follow_tags::RULE,
        Check::Npm(pe004_invalid_follow_tags::check),
    ),
    (
        &pe005_contract_version_range::RULE,
        Check::Npm(pe005_contract_version_range::check),
    ),
    (
        &pe006_invalid_package_id::RULE,
        Check::Npm(pe006_invalid_package_id::check),
    ),
    (
        &rp001_floating_peer_range::RULE,
        Check::Npm(rp001_floating_peer_range::check),
    ),
    (
        &rp002_unsupported_range::RULE,
        Check::Npm(rp002_unsupported_range::check),
    ),
    (
        &rp003_minor_retention::RULE,
        Check::Npm(rp003_minor_retention::check),
    ),
    (
        &sf001_patch_ancestor::RULE,
        Check::Sfdx(sf001_patch_ancestor::check),
    ),
    (
        &sf002_ancestor_not_lower::RULE,
        Check::Sfdx(sf002_ancestor_not_lower::check),
    ),
    (
        &sf003_ancestor_conflict::RULE,
        Check::Sfdx(sf003_ancestor_conflict::check),
    ),
    (
        &sf004_invalid_version_number::RULE,
        Check::Sfdx(sf004_invalid_version_number::check),
    ),
    (
        &sf005_patch_version_ancestry::RULE,
        Check::Sfdx(sf005_patch_version_ancestry::check),
    ),
    (&su001_unused_suppression::RULE, Check::Elsewhere),
];

pub fn all() -> impl Iterator<Item = &'static Rule> {
    TABLE.iter().map(|(r, _)| *r)
}

impl Rule {
    /// Where the rule's documentation is published: its file in the repository.
    /// The rule's source on the project's web site; `None` while the crate names no real
    /// repository (a placeholder `.invalid` host): a link must lead somewhere.
    pub fn doc_url(&self) -> Option<String> {
        let repo = project_url()?;
        let path = self.source.trim_start_matches("./");
        let path = path.strip_prefix("../").unwrap_or(path);
        Some(format!("{repo}/blob/main/{path}"))
    }

    /// Markdown for a hover on a finding (the editor shows its message beside it): the code, the
    /// name, the severity and the rule in one line, then where the full text is. The whole
    /// documentation would need scrolling in a hover.
    pub fn hover_markdown(&self) -> String {
        let explain = format!("`manifest-lsp explain {}`", self.code);
        let more = match self.doc_url() {
            Some(url) => format!("[the rule's documentation]({url}), or {explain}"),
            None => explain,
        };
        format!(
            "**{}** {} ({}): {}\n\nFull text: {more}",
            self.code,
            self.name,
            self.severity.as_str(),
            self.summary
        )
    }
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
        #[allow(clippy::expect_used)] // pushed on the line above
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

fn run<T>(project: &T, pick: impl Fn(&Check) -> Option<fn(&T, &mut Sink)>) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    for check in TABLE.iter().filter_map(|(_, c)| pick(c)) {
        check(project, &mut sink);
    }
    sink.out
}

/// The checks `pick` chooses, over one part (a package, a source) of a project.
fn run_on<T>(
    project: &T,
    part: usize,
    pick: impl Fn(&Check) -> Option<fn(&T, usize, &mut Sink)>,
) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    for check in TABLE.iter().filter_map(|(_, c)| pick(c)) {
        check(project, part, &mut sink);
    }
    sink.out
}

/// Run every StartOS and ExVer rule over a package (default severities, nothing filtered).
pub fn check_startos(pkg: &StartOsPackage) -> Vec<Diagnostic> {
    run(pkg, |c| match c {
        Check::StartOs(f) => Some(*f),
        _ => None,
    })
}

/// Run every Salesforce rule over a project.
pub fn check_sfdx(project: &SfdxProject) -> Vec<Diagnostic> {
    run(project, |c| match c {
        Check::Sfdx(f) => Some(*f),
        _ => None,
    })
}

/// The charter rules over one package of a monorepo.
pub fn check_charter_package(repo: &Monorepo, package: usize) -> Vec<Diagnostic> {
    run_on(repo, package, |c| match c {
        Check::CharterPackage(f) => Some(*f),
        _ => None,
    })
}

/// The charter rules over a monorepo's linked groups.
pub fn check_charter_groups(repo: &Monorepo) -> Vec<Diagnostic> {
    run(repo, |c| match c {
        Check::Charter(f) => Some(*f),
        _ => None,
    })
}

/// The charter rules over one source of a monorepo (none when it holds nothing they read).
pub fn check_charter_source(repo: &Monorepo, source: SourceView<'_>) -> Vec<Diagnostic> {
    if !source.has_findings_to_read() {
        return Vec::new();
    }
    let mut sink = Sink::default();
    for check in TABLE.iter().filter_map(|(_, c)| match c {
        Check::CharterSource(f) => Some(*f),
        _ => None,
    }) {
        check(repo, source, &mut sink);
    }
    sink.out
}

/// Run every npm-package rule (Radpack) over a package.
pub fn check_npm(pkg: &NpmPackage) -> Vec<Diagnostic> {
    run(pkg, |c| match c {
        Check::Npm(f) => Some(*f),
        _ => None,
    })
}

/// The project's repository URL, when it is a real one (`CARGO_PKG_REPOSITORY`, not a placeholder
/// on an `.invalid` host).
pub fn project_url() -> Option<&'static str> {
    let repo = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    let host = repo.split("://").nth(1)?.split('/').next()?;
    (!host.is_empty() && !host.ends_with(".invalid") && !host.ends_with(".example")).then_some(repo)
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
