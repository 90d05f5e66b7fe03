//! Which `package.json` files belong to a JS/TS workspace, and which package manager runs it.
//! Membership comes from the root `package.json`'s `workspaces` (an array, or `{ packages }`) or
//! from `pnpm-workspace.yaml`'s `packages`; `!` globs exclude.

use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::syntax::json::{self, Node};
use crate::workspace::Source;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackageManager {
    Pnpm,
    YarnBerry,
    YarnClassic,
    Bun,
    Npm,
    Unknown,
}

impl PackageManager {
    /// Whether `workspace:` specifiers install. npm and yarn 1 reject them (EUNSUPPORTEDPROTOCOL).
    pub fn supports_workspace_protocol(self) -> Option<bool> {
        match self {
            PackageManager::Pnpm | PackageManager::YarnBerry | PackageManager::Bun => Some(true),
            PackageManager::Npm | PackageManager::YarnClassic => Some(false),
            PackageManager::Unknown => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            PackageManager::Pnpm => "pnpm",
            PackageManager::YarnBerry => "yarn (berry)",
            PackageManager::YarnClassic => "yarn classic",
            PackageManager::Bun => "bun",
            PackageManager::Npm => "npm",
            PackageManager::Unknown => "an unknown package manager",
        }
    }
}

/// The workspace declaration of a repository root.
pub struct Workspace {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// Some globs were declared (else the root package is the only member).
    pub declared: bool,
    pub manager: PackageManager,
}

impl Workspace {
    pub fn read(root: &Path, source: &dyn Source) -> Workspace {
        let root_json = source
            .read(&root.join("package.json"))
            .ok()
            .map(|t| json::parse(&t));
        let root_node = root_json.as_ref().and_then(|d| d.root.as_ref());
        let mut globs: Vec<String> = Vec::new();
        if let Some(ws) = root_node.and_then(|r| r.get("workspaces")) {
            let list = ws.get("packages").unwrap_or(ws);
            globs.extend(
                list.items()
                    .iter()
                    .filter_map(Node::as_str)
                    .map(String::from),
            );
        }
        let pnpm = source.read(&root.join("pnpm-workspace.yaml")).ok();
        if let Some(text) = &pnpm {
            globs.extend(pnpm_packages(text));
        }
        let (mut include, mut exclude) = (GlobSetBuilder::new(), GlobSetBuilder::new());
        let (mut any_in, mut any_out) = (false, false);
        for g in &globs {
            let (neg, pat) = match g.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, g.as_str()),
            };
            let pat = pat.trim_start_matches("./").trim_end_matches('/');
            let Ok(glob) = GlobBuilder::new(pat).literal_separator(true).build() else {
                continue;
            };
            if neg {
                exclude.add(glob);
                any_out = true;
            } else {
                include.add(glob);
                any_in = true;
            }
        }
        let declared_manager = root_node
            .and_then(|r| r.get("packageManager"))
            .and_then(Node::as_str)
            .map(manager_of_field);
        let manager = declared_manager
            .filter(|m| *m != PackageManager::Unknown)
            .unwrap_or_else(|| manager_of_files(root, source, pnpm.is_some()));
        Workspace {
            include: any_in.then(|| include.build().ok()).flatten(),
            exclude: any_out.then(|| exclude.build().ok()).flatten(),
            declared: any_in,
            manager,
        }
    }

    /// Whether the package in `dir` (relative to the root; empty for the root) is a member.
    pub fn is_member(&self, rel_dir: &Path) -> bool {
        if rel_dir.as_os_str().is_empty() {
            // the root package is a member only of a repository that declares no workspace
            return !self.declared;
        }
        let Some(include) = &self.include else {
            return false;
        };
        include.is_match(rel_dir) && !self.exclude.as_ref().is_some_and(|e| e.is_match(rel_dir))
    }
}

/// `packages:` of a `pnpm-workspace.yaml`: the strings of the root mapping's `packages` list,
/// read from the parser's events. Aliases are never expanded (an alias bomb costs nothing), and
/// the first document is the only one read.
fn pnpm_packages(text: &str) -> Vec<String> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    let mut out = Vec::new();
    // depth of the collections open; the root mapping is depth 1
    let mut depth = 0usize;
    // at depth 1: whether the next event is a key (false: a value)
    let mut at_key = true;
    let mut in_packages = false;
    let mut packages_next = false;
    while let Ok((event, _)) = parser.next_token() {
        match event {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_seq = matches!(event, Event::SequenceStart(..));
                if depth == 1 {
                    in_packages = packages_next && is_seq;
                    packages_next = false;
                    at_key = !at_key;
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    in_packages = false;
                }
                if depth == 0 {
                    break; // the root collection ended
                }
            }
            Event::Scalar(value, ..) => {
                if depth == 1 {
                    packages_next = at_key && value == "packages";
                    at_key = !at_key;
                } else if depth == 2 && in_packages {
                    out.push(value);
                }
            }
            Event::Alias(_) if depth == 1 => {
                packages_next = false;
                at_key = !at_key;
            }
            _ => {}
        }
    }
    out
}

/// `"packageManager": "pnpm@9.1.0"`.
fn manager_of_field(value: &str) -> PackageManager {
    let (name, version) = value.split_once('@').unwrap_or((value, ""));
    match name {
        "pnpm" => PackageManager::Pnpm,
        "bun" => PackageManager::Bun,
        "npm" => PackageManager::Npm,
        "yarn" if version.starts_with("1.") || version == "1" => PackageManager::YarnClassic,
        "yarn" => PackageManager::YarnBerry,
        _ => PackageManager::Unknown,
    }
}

/// From the lockfiles and settings files at the root.
fn manager_of_files(root: &Path, source: &dyn Source, pnpm_workspace: bool) -> PackageManager {
    let has = |name: &str| root.join(name).exists();
    if pnpm_workspace || has("pnpm-lock.yaml") {
        return PackageManager::Pnpm;
    }
    if has("bun.lockb") || has("bun.lock") {
        return PackageManager::Bun;
    }
    if has(".yarnrc.yml") {
        return PackageManager::YarnBerry;
    }
    if let Ok(lock) = source.read(&root.join("yarn.lock")) {
        return if lock.contains("__metadata:") {
            PackageManager::YarnBerry
        } else {
            PackageManager::YarnClassic
        };
    }
    if has("package-lock.json") || has("npm-shrinkwrap.json") {
        return PackageManager::Npm;
    }
    PackageManager::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::DiskSource;

    fn ws(files: &[(&str, &str)]) -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let w = Workspace::read(dir.path(), &DiskSource);
        (dir, w)
    }

    #[test]
    fn pnpm_globs_with_negations() {
        let (_d, w) = ws(&[(
            "pnpm-workspace.yaml",
            "packages:\n  - 'packages/*'\n  - apps/**\n  - '!**/fixtures/**'\ncatalog:\n  typescript: ^5\n",
        )]);
        assert_eq!(w.manager, PackageManager::Pnpm);
        assert!(w.is_member(Path::new("packages/core")));
        assert!(!w.is_member(Path::new("packages/core/test")));
        assert!(w.is_member(Path::new("apps/web/site")));
        assert!(!w.is_member(Path::new("apps/web/fixtures/typescript")));
        assert!(!w.is_member(Path::new("examples/a")));
        assert!(!w.is_member(Path::new("")));
    }

    #[test]
    fn pnpm_packages_read_from_events_without_expanding_aliases() {
        assert_eq!(
            pnpm_packages("catalog:\n  packages: [x]\npackages: ['a/*', \"b\"]\nother: [c]\n"),
            ["a/*", "b"]
        );
        assert_eq!(
            pnpm_packages("packages:\n  - a\n  - {x: 1}\n  - b\n"),
            ["a", "b"]
        );
        assert!(pnpm_packages("packages: nope\n").is_empty());
        assert!(pnpm_packages(": : :\n[").is_empty());
        // a billion laughs, 9 levels of 9: read in no time, nothing expanded
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for level in b'b'..=b'j' {
            let prev = (level - 1) as char;
            let refs = vec![format!("*{prev}"); 9].join(",");
            bomb.push_str(&format!("{}: &{} [{refs}]\n", level as char, level as char));
        }
        bomb.push_str("packages: [*j, 'p/*']\n");
        let started = std::time::Instant::now();
        assert_eq!(pnpm_packages(&bomb), ["p/*"]);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn npm_and_yarn_workspaces() {
        let (_d, w) = ws(&[
            ("package.json", r#"{"workspaces": ["packages/*"]}"#),
            ("package-lock.json", "{}"),
        ]);
        assert_eq!(w.manager, PackageManager::Npm);
        assert_eq!(w.manager.supports_workspace_protocol(), Some(false));
        assert!(w.is_member(Path::new("packages/a")));
        let (_d, w) = ws(&[
            (
                "package.json",
                r#"{"workspaces": {"packages": ["libs/*"]}, "packageManager": "yarn@1.22.19"}"#,
            ),
            ("yarn.lock", "__metadata:\n"),
        ]);
        assert_eq!(w.manager, PackageManager::YarnClassic);
        assert!(w.is_member(Path::new("libs/x")));
        let (_d, w) = ws(&[
            ("package.json", r#"{"name": "solo"}"#),
            ("yarn.lock", "__metadata:\n"),
        ]);
        assert_eq!(w.manager, PackageManager::YarnBerry);
        assert!(
            w.is_member(Path::new("")),
            "a repository with no workspace is its own member"
        );
    }
}
