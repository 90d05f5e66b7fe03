//! What `check` looked at: projects by kind, and which families ran (and why the charter did or
//! did not).

use std::path::{Path, PathBuf};

use crate::analysis::{Adoption, Checked};

#[derive(Debug, Default)]
pub struct Summary {
    pub startos: usize,
    pub sfdx: usize,
    pub radpack: usize,
    pub peers: usize,
    /// Each changesets monorepo: its `.changeset/config.json`, member count, and adoption.
    pub monorepos: Vec<(PathBuf, usize, Adoption)>,
    /// Projects whose analysis failed.
    pub failed: usize,
    /// StartOS packages the git rules did not run for, and why.
    pub git_off: Vec<(PathBuf, String)>,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Summary {
    pub fn add(&mut self, key: &Path, checked: &Checked) {
        match checked {
            Checked::StartOs { git_off } => {
                self.startos += 1;
                if let Some(why) = git_off {
                    self.git_off.push((key.to_path_buf(), why.clone()));
                }
            }
            Checked::Sfdx => self.sfdx += 1,
            Checked::Npm { radpack, peers } => {
                self.radpack += usize::from(*radpack);
                self.peers += usize::from(*peers);
            }
            Checked::Charter { packages, adoption } => {
                self.monorepos
                    .push((key.to_path_buf(), *packages, adoption.clone()))
            }
            Checked::Failed => self.failed += 1,
        }
    }

    pub fn sort(&mut self) {
        self.monorepos.sort_by(|a, b| a.0.cmp(&b.0));
        self.git_off.sort();
    }

    /// `git rules (SO012–SO014) off for 3 StartOS packages: not in a git repository`, one line
    /// per reason (naming the package when it is the only one).
    fn git_lines(&self, show: &dyn Fn(&Path) -> String) -> Vec<String> {
        let mut reasons: Vec<&str> = self.git_off.iter().map(|(_, r)| r.as_str()).collect();
        reasons.dedup();
        reasons.sort();
        reasons.dedup();
        reasons
            .into_iter()
            .map(|reason| {
                let roots: Vec<_> = self.git_off.iter().filter(|(_, r)| r == reason).collect();
                let which = match roots.as_slice() {
                    [(root, _)] => show(root),
                    many => plural(many.len(), "StartOS package", "StartOS packages"),
                };
                format!("git rules (SO012-SO014) off for {which}: {reason}")
            })
            .collect()
    }

    pub fn charter_on(&self) -> impl Iterator<Item = &(PathBuf, usize, Adoption)> {
        self.monorepos.iter().filter(|m| m.2.enabled())
    }

    /// Projects some rule family ran on.
    pub fn checked(&self) -> usize {
        self.startos
            + self.sfdx
            + self.radpack
            + self.peers
            + self.charter_on().count()
            + self.failed
    }

    /// `checked 12 StartOS packages, 1 charter monorepo (48 packages)`, then one line per
    /// monorepo saying whether the charter ran and why.
    pub fn lines(&self, show: &dyn Fn(&Path) -> String) -> Vec<String> {
        let mut kinds = Vec::new();
        if self.startos > 0 {
            kinds.push(plural(self.startos, "StartOS package", "StartOS packages"));
        }
        let on: Vec<_> = self.charter_on().collect();
        if !on.is_empty() {
            let members: usize = on.iter().map(|m| m.1).sum();
            kinds.push(format!(
                "{} ({})",
                plural(on.len(), "charter monorepo", "charter monorepos"),
                plural(members, "package", "packages")
            ));
        }
        if self.sfdx > 0 {
            kinds.push(plural(
                self.sfdx,
                "Salesforce project",
                "Salesforce projects",
            ));
        }
        if self.radpack > 0 {
            kinds.push(plural(self.radpack, "Radpack package", "Radpack packages"));
        }
        if self.peers > 0 {
            kinds.push(plural(self.peers, "Peers package", "Peers packages"));
        }
        let mut out = vec![if kinds.is_empty() {
            "checked nothing".to_string()
        } else {
            format!("checked {}", kinds.join(", "))
        }];
        out.extend(self.charter_lines(show, |_| true));
        out.extend(self.git_lines(show));
        out
    }

    /// One line per monorepo (those `which` keeps): whether the charter ran for it, and why.
    fn charter_lines(
        &self,
        show: &dyn Fn(&Path) -> String,
        which: impl Fn(&Adoption) -> bool,
    ) -> Vec<String> {
        self.monorepos
            .iter()
            .filter(|(_, _, adoption)| which(adoption))
            .map(|(key, _, adoption)| {
                let root = key.parent().and_then(Path::parent).unwrap_or(key);
                format!(
                    "charter family {} for {}: {}",
                    if adoption.enabled() { "on" } else { "off" },
                    show(root),
                    adoption.reason(show)
                )
            })
            .collect()
    }

    /// The lines about monorepos whose charter family did not run.
    pub fn charter_off_lines(&self, show: &dyn Fn(&Path) -> String) -> Vec<String> {
        self.charter_lines(show, |a| !a.enabled())
    }
}
