//! Salesforce DX projects: `sfdx-project.json`'s package directories, their version numbers and
//! ancestry (second-generation managed packages).

pub mod hover;
pub mod nearest;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::syntax::json::{self, Node};
use crate::workspace::{ReadError, Source};

pub struct SfdxProject {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub doc: json::Document,
    /// Package names `manifest-lsp.toml` declares managed (`[salesforce] managed`).
    pub managed_names: Vec<String>,
}

/// A `versionNumber`'s build part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    Number(u64),
    /// The next build (a package's own version).
    Next,
    /// The newest build (a dependency).
    Latest,
    /// The newest released build (a dependency).
    Released,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VersionNumber {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub build: Build,
}

impl VersionNumber {
    pub fn triple(&self) -> (u64, u64, u64) {
        (self.major, self.minor, self.patch)
    }
}

/// Where a version number is written: what its build part may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VersionPlace {
    Package,
    Dependency,
}

/// `major.minor.patch.build`, checked for the place it is written in.
pub fn parse_version_number(s: &str, place: VersionPlace) -> Result<VersionNumber, String> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return Err(format!(
            "`{s}` must have four parts, major.minor.patch.build (e.g. `1.0.0.NEXT`)"
        ));
    }
    let mut nums = [0u64; 3];
    for (i, p) in parts[..3].iter().enumerate() {
        nums[i] = p.parse().map_err(|_| {
            let what = ["major", "minor", "patch"][i];
            if is_keyword(p) {
                format!("`{p}` can only be the build part, not the {what}")
            } else {
                format!("the {what} `{p}` is not a number")
            }
        })?;
    }
    let build = match (parts[3], place) {
        ("NEXT", VersionPlace::Package) => Build::Next,
        ("LATEST", VersionPlace::Dependency) => Build::Latest,
        ("RELEASED", VersionPlace::Dependency) => Build::Released,
        ("NEXT", VersionPlace::Dependency) => {
            return Err("`NEXT` is for a package's own versionNumber; a dependency names `LATEST`, `RELEASED` or a build number".into())
        }
        (k @ ("LATEST" | "RELEASED"), VersionPlace::Package) => {
            return Err(format!("`{k}` is for dependencies; a package's own build is `NEXT` or a number"))
        }
        (b, _) => Build::Number(b.parse().map_err(|_| format!("the build `{b}` is not a number or keyword"))?),
    };
    Ok(VersionNumber {
        major: nums[0],
        minor: nums[1],
        patch: nums[2],
        build,
    })
}

fn is_keyword(s: &str) -> bool {
    matches!(s, "NEXT" | "LATEST" | "RELEASED" | "HIGHEST" | "NONE")
}

/// An `ancestorVersion` or `ancestorId`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ancestor {
    Highest,
    None,
    /// `major.minor.patch[.build]`.
    Version(u64, u64, u64),
    /// A package version id (`05i…`) or an alias.
    Id(String),
    Invalid,
}

impl Ancestor {
    pub fn parse_version(s: &str) -> Ancestor {
        match s {
            "HIGHEST" => return Ancestor::Highest,
            "NONE" => return Ancestor::None,
            _ => {}
        }
        let parts: Vec<&str> = s.split('.').collect();
        if !(3..=4).contains(&parts.len()) {
            return Ancestor::Invalid;
        }
        let n: Option<Vec<u64>> = parts[..3].iter().map(|p| p.parse().ok()).collect();
        match n {
            Some(n) => Ancestor::Version(n[0], n[1], n[2]),
            None => Ancestor::Invalid,
        }
    }

    pub fn parse_id(s: &str) -> Ancestor {
        match s {
            "HIGHEST" => Ancestor::Highest,
            "NONE" => Ancestor::None,
            "" => Ancestor::Invalid,
            id => Ancestor::Id(id.to_string()),
        }
    }

    pub fn is_keyword(&self) -> bool {
        matches!(self, Ancestor::Highest | Ancestor::None)
    }
}

/// A Salesforce record id (`04t…`, `05i…`): 15 or 18 alphanumerics starting with a key prefix.
pub fn looks_like_id(s: &str) -> bool {
    (s.len() == 15 || s.len() == 18)
        && s.starts_with('0')
        && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `Pkg@1.2.0-1` → `("Pkg", (1, 2, 0))`: a `packageAliases` name of a released version.
pub fn alias_version(alias: &str) -> Option<(&str, (u64, u64, u64))> {
    let (name, version) = alias.rsplit_once('@')?;
    let version = version.split('-').next()?;
    match Ancestor::parse_version(version) {
        Ancestor::Version(a, b, c) => Some((name, (a, b, c))),
        _ => None,
    }
}

/// The ancestor a package directory builds on, and where it is written.
pub struct ResolvedAncestor<'a> {
    pub version: (u64, u64, u64),
    pub node: &'a Node,
    /// Read from an `ancestorId` that names a `packageAliases` entry.
    pub from_alias: bool,
}

/// One `packageDirectories[]` entry that names a package.
pub struct PackageDir<'a> {
    pub entry: &'a Node,
    pub name: Option<&'a Node>,
    pub version_number: Option<&'a Node>,
    pub ancestor_version: Option<&'a Node>,
    pub ancestor_id: Option<&'a Node>,
}

impl SfdxProject {
    pub fn load(path: &Path, source: &dyn Source) -> Result<SfdxProject, ReadError> {
        let text = source.read(path)?;
        let doc = json::parse(&text);
        if let Some(why) = doc.not_analysed {
            return Err(ReadError::NotAnalysed(why));
        }
        Ok(SfdxProject {
            path: path.to_path_buf(),
            text,
            doc,
            managed_names: Vec::new(),
        })
    }

    pub fn package_dirs(&self) -> Vec<PackageDir<'_>> {
        let Some(dirs) = self
            .doc
            .root
            .as_ref()
            .and_then(|r| r.get("packageDirectories"))
        else {
            return Vec::new();
        };
        dirs.items()
            .iter()
            .map(|entry| PackageDir {
                entry,
                name: entry.get("package"),
                version_number: entry.get("versionNumber"),
                ancestor_version: entry.get("ancestorVersion"),
                ancestor_id: entry.get("ancestorId"),
            })
            .collect()
    }

    /// Whether a package directory builds a managed package (RULES §6): it names an ancestor, or
    /// `manifest-lsp.toml` lists it under `[salesforce] managed`; never when its name says
    /// `unlocked`. A namespace alone says nothing: one namespaced project can ship a managed and
    /// an unlocked package. Unlocked packages have no ancestry.
    pub fn is_managed(&self, dir: &PackageDir<'_>) -> bool {
        let name = dir.name.and_then(Node::as_str).unwrap_or("");
        if name.to_ascii_lowercase().contains("unlocked") {
            return false;
        }
        dir.ancestor_version.is_some()
            || dir.ancestor_id.is_some()
            || self.managed_names.iter().any(|m| m == name)
    }

    /// The `packageAliases` name whose value is `id` (the first, when several are).
    fn alias_of_id(&self, id: &str) -> Option<&str> {
        self.doc
            .root
            .as_ref()?
            .get("packageAliases")?
            .members()
            .iter()
            .find(|m| m.value.as_ref().and_then(Node::as_str) == Some(id))
            .map(|m| m.key.as_str())
    }

    /// Whether `alias` is a key of `packageAliases`.
    pub fn has_alias(&self, alias: &str) -> bool {
        self.doc
            .root
            .as_ref()
            .and_then(|r| r.get("packageAliases"))
            .is_some_and(|a| a.members().iter().any(|m| m.key == alias))
    }

    /// The ancestor version of a package directory: its `ancestorVersion`, else an `ancestorId`
    /// that is a `packageAliases` name carrying a version (`Pkg@1.2.0-1`).
    pub fn ancestor<'a>(&self, dir: &PackageDir<'a>) -> Option<ResolvedAncestor<'a>> {
        if let Some(node) = dir.ancestor_version {
            if let Ancestor::Version(a, b, c) = Ancestor::parse_version(node.as_str()?) {
                return Some(ResolvedAncestor {
                    version: (a, b, c),
                    node,
                    from_alias: false,
                });
            }
            return None;
        }
        let node = dir.ancestor_id?;
        let id = node.as_str()?;
        // a `04t…` id: the `packageAliases` name that maps to it (`Pkg@0.19.0-1`) says its version
        let alias = if looks_like_id(id) {
            self.alias_of_id(id)?
        } else if self.has_alias(id) {
            id
        } else {
            return None;
        };
        alias_version(alias).map(|(_, version)| ResolvedAncestor {
            version,
            node,
            from_alias: true,
        })
    }

    /// Every dependency's `versionNumber`, with the entry's `package`.
    pub fn dependency_versions(&self) -> Vec<&Node> {
        self.package_dirs()
            .iter()
            .filter_map(|d| d.entry.get("dependencies"))
            .flat_map(|deps| deps.items())
            .filter_map(|dep| dep.get("versionNumber"))
            .collect()
    }

    /// Released versions of `package` named in `packageAliases` (`Pkg@1.2.0-1`).
    pub fn aliased_versions(&self, package: &str) -> Vec<(u64, u64, u64)> {
        let Some(aliases) = self.doc.root.as_ref().and_then(|r| r.get("packageAliases")) else {
            return Vec::new();
        };
        aliases
            .members()
            .iter()
            .filter_map(|m| {
                let (name, version) = alias_version(&m.key)?;
                (name == package).then_some(version)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_numbers_by_place() {
        let p = |s| parse_version_number(s, VersionPlace::Package);
        let d = |s| parse_version_number(s, VersionPlace::Dependency);
        assert_eq!(p("1.2.0.NEXT").unwrap().build, Build::Next);
        assert_eq!(p("1.2.0.4").unwrap().triple(), (1, 2, 0));
        assert!(p("1.2.0").unwrap_err().contains("four parts"));
        assert!(p("1.2.0.LATEST").unwrap_err().contains("dependencies"));
        assert!(d("1.2.0.NEXT").unwrap_err().contains("NEXT"));
        assert_eq!(d("1.2.0.RELEASED").unwrap().build, Build::Released);
        assert!(p("1.NEXT.0.1").unwrap_err().contains("build part"));
        assert_eq!(Ancestor::parse_version("1.2.3"), Ancestor::Version(1, 2, 3));
        assert_eq!(
            Ancestor::parse_version("1.2.3.4"),
            Ancestor::Version(1, 2, 3)
        );
        assert_eq!(Ancestor::parse_version("1.2"), Ancestor::Invalid);
    }
}
