//! Which image of a package is "the upstream": the one whose tag must carry the upstream version
//! of `current`. Read from the manifest's `dockerTag`s and, for `dockerBuild`, the Dockerfile's
//! `FROM` tags and `ARG <NAME>_VERSION` defaults. Used by SO007 and by the version actions.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::StartOsPackage;
use crate::exver::ExVer;
use crate::syntax::dockerfile::split_image;

/// Where an upstream image's version is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagSite {
    pub path: PathBuf,
    /// The version within the tag (`6.57.1` of `ghost:6.57.1-alpine`).
    pub range: Range<usize>,
    /// That version's text.
    pub version: String,
    /// `image \`main\``, `` `FROM x` ``, `` `ARG X_VERSION` ``.
    pub what: String,
    /// Whether it says `version`'s upstream.
    pub matches: bool,
}

const HELPERS: &[&str] = &[
    "postgres",
    "postgresql",
    "mysql",
    "mariadb",
    "redis",
    "valkey",
    "memcached",
    "mongo",
    "mongodb",
    "nginx",
    "caddy",
    "traefik",
    "haproxy",
    "envoy",
    "busybox",
    "alpine",
    "debian",
    "ubuntu",
    "node",
    "python",
    "golang",
    "rust",
    "tor",
    "clickhouse",
    "elasticsearch",
    "opensearch",
    "minio",
    "rabbitmq",
];

/// A tag's version part: without a leading `v`, without a `-suffix` unless the upstream itself
/// has that prerelease. Returns the numeric version and the byte span of it within the tag.
fn tag_version(tag: &str, upstream: &str) -> Option<(String, Range<usize>)> {
    let start =
        usize::from(tag.starts_with('v') && tag[1..].starts_with(|c: char| c.is_ascii_digit()));
    let body = &tag[start..];
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if body == upstream || body.starts_with(&format!("{upstream}-")) && upstream.contains('-') {
        return Some((upstream.to_string(), start..start + upstream.len()));
    }
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    let num = body[..end].trim_end_matches('.');
    Some((num.to_string(), start..start + num.len()))
}

fn same_version(tag_num: &str, upstream: &ExVer) -> bool {
    let up = upstream.upstream.text();
    if tag_num == up {
        return true;
    }
    // 1.0 == 1.0.0: compare numerically, only when the upstream has no prerelease
    let parse = |s: &str| {
        s.split('.')
            .map(|p| p.parse::<u64>().ok())
            .collect::<Option<Vec<_>>>()
    };
    let trim = |mut v: Vec<u64>| {
        while v.len() > 1 && v.last() == Some(&0) {
            v.pop();
        }
        v
    };
    let numbers_equal = parse(tag_num).map(trim) == Some(trim(upstream.upstream.numbers.clone()));
    match upstream.upstream.prerelease.as_deref() {
        None => numbers_equal,
        // a label with no number (`0.15.6-beta`) names every release of an upstream that calls
        // itself beta; its images are often tagged without it (`rtl:v0.15.6`). A numbered
        // prerelease (`1.0.0-rc.1`) is a real one: the final image is another version.
        Some(label) => numbers_equal && label.chars().all(|c| c.is_ascii_alphabetic()),
    }
}

/// The tag's number has the version's shape: as many dot-separated parts.
fn shape_matches(tag_num: &str, upstream: &ExVer) -> bool {
    tag_num.split('.').count() == upstream.upstream.numbers.len()
}

/// The tag's number starts with the version's major.
fn same_major(tag_num: &str, upstream: &ExVer) -> bool {
    tag_num
        .split('.')
        .next()
        .and_then(|m| m.parse::<u64>().ok())
        == upstream.upstream.numbers.first().copied()
}

fn repo_name(image: &str) -> String {
    let (repo, _) = split_image(image);
    repo.rsplit('/').next().unwrap_or(repo).to_ascii_lowercase()
}

/// How an image's name relates to the package id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Naming {
    Unrelated,
    /// One contains the other (`synapse-admin` next to `synapse`): a companion as often as not.
    Partial,
    /// The same name, up to case and separators.
    Exact,
}

fn named_like(name: &str, package_id: Option<&str>) -> Naming {
    let Some(id) = package_id else {
        return Naming::Unrelated;
    };
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_', '.'], "");
    let (n, id) = (norm(name), norm(id));
    if n.is_empty() {
        Naming::Unrelated
    } else if n == id {
        Naming::Exact
    } else if id.starts_with(&n) || n.starts_with(&id) {
        Naming::Partial
    } else {
        Naming::Unrelated
    }
}

struct Candidate<'a> {
    path: &'a Path,
    /// The tag's bytes in its file.
    tag_range: Range<usize>,
    tag: String,
    naming: Naming,
    helper: bool,
    /// An image (`FROM`, `dockerTag`), not a build argument's version.
    image: bool,
    /// The image's repository name (`lnbits` of `lnbits/lnbits:v1.5.0`); the argument's stem.
    repo: String,
    what: String,
}

/// The tag sites of the upstream image for `version`. When some image carries the version, those
/// (all consistent); otherwise the image named like the package, else the only one whose tag has
/// the version's shape; empty when that cannot be told.
pub fn upstream_tag_sites(pkg: &StartOsPackage, version: &ExVer) -> Vec<TagSite> {
    let upstream = version.upstream.text();
    let package_id = pkg
        .manifest
        .as_ref()
        .and_then(|m| m.facts.package_id.as_ref())
        .map(|l| l.value.as_str());
    let dir_name = pkg
        .layout
        .root
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.trim_end_matches("-startos"));
    let package_id = package_id.or(dir_name);

    let mut candidates: Vec<Candidate> = Vec::new();
    if let Some(manifest) = &pkg.manifest {
        for img in &manifest.facts.images {
            let Some(tag_lit) = &img.docker_tag else {
                continue;
            };
            let (_, Some(tag)) = split_image(&tag_lit.value) else {
                continue;
            };
            let tag_start = tag_lit.range.end - tag.len();
            let name = repo_name(&tag_lit.value);
            candidates.push(Candidate {
                path: &manifest.path,
                tag_range: tag_start..tag_lit.range.end,
                tag: tag.to_string(),
                naming: named_like(&name, package_id).max(named_like(&img.id.name, package_id)),
                helper: HELPERS.contains(&name.as_str()),
                image: true,
                repo: name.clone(),
                what: format!("image `{}`", img.id.name),
            });
        }
    }
    for df in &pkg.dockerfiles {
        for from in &df.facts.froms {
            let Some((tag, range)) = &from.tag else {
                continue;
            };
            let name = repo_name(&from.image);
            candidates.push(Candidate {
                path: &df.path,
                tag_range: range.clone(),
                tag: tag.clone(),
                naming: named_like(&name, package_id),
                helper: HELPERS.contains(&name.as_str()),
                image: true,
                repo: name.clone(),
                what: format!("`FROM {}`", from.image),
            });
        }
        let version_args: Vec<_> = df
            .facts
            .args
            .iter()
            .filter(|a| a.name.to_ascii_uppercase().ends_with("_VERSION") && a.value.is_some())
            .collect();
        for arg in &version_args {
            let Some((value, range)) = arg.value.clone() else {
                continue;
            };
            let stem = &arg.name[..arg.name.len() - "_VERSION".len()];
            let helper = HELPERS.iter().any(|h| stem.eq_ignore_ascii_case(h));
            candidates.push(Candidate {
                path: &df.path,
                tag_range: range,
                tag: value,
                naming: if version_args.len() == 1 && !helper {
                    Naming::Exact
                } else {
                    named_like(stem, package_id)
                },
                helper,
                image: false,
                repo: stem.to_ascii_lowercase(),
                what: format!("`ARG {}`", arg.name),
            });
        }
    }

    let versioned: Vec<(&Candidate, String, Range<usize>)> = candidates
        .iter()
        .filter_map(|c| tag_version(&c.tag, &upstream).map(|(n, r)| (c, n, r)))
        .collect();
    if versioned.iter().any(|(_, n, _)| same_version(n, version)) {
        // those, and the other tags of the same image (a `FROM app:v1.5.0 AS builder` beside the
        // shipped `FROM app:v1.4.2` stage): one image, one version
        let upstream_repos: Vec<&str> = versioned
            .iter()
            .filter(|(c, n, _)| c.image && same_version(n, version))
            .map(|(c, _, _)| c.repo.as_str())
            .collect();
        return sites(
            versioned.iter().filter(|(c, n, _)| {
                same_version(n, version) || (c.image && upstream_repos.contains(&c.repo.as_str()))
            }),
            version,
        );
    }
    // a helper (an `nginx:1.27.3-alpine` image under a key named like the package) never is
    let by_name: Vec<_> = versioned
        .iter()
        .filter(|(c, _, _)| c.naming == Naming::Exact && !c.helper)
        .collect();
    // a name that only contains the package id is the upstream only when its tag has the
    // version's shape and major (`synapse-admin:v0.10.3-etke35` beside `synapse` 1.98.0 is a
    // companion)
    let by_partial_name: Vec<_> = versioned
        .iter()
        .filter(|(c, n, _)| {
            c.naming == Naming::Partial
                && !c.helper
                && shape_matches(n, version)
                && same_major(n, version)
        })
        .collect();
    let chosen = if !by_name.is_empty() {
        by_name
    } else if !by_partial_name.is_empty() {
        by_partial_name
    } else {
        // the only image whose tag has the version's shape; among several, the only one that
        // also has its major. A build argument's version (`ARG POETRY_VERSION=2.1.1`) is a tool's
        // as often as the upstream's: it needs the major too.
        let by_shape: Vec<_> = versioned
            .iter()
            .filter(|(c, n, _)| {
                !c.helper && shape_matches(n, version) && (c.image || same_major(n, version))
            })
            .collect();
        let by_major: Vec<_> = by_shape
            .iter()
            .copied()
            .filter(|(_, n, _)| same_major(n, version))
            .collect();
        match (by_shape.len(), by_major.len()) {
            (1, _) => by_shape,
            (_, 1) => by_major,
            _ => return Vec::new(), // cannot tell which image is the upstream
        }
    };
    sites(chosen.into_iter(), version)
}

fn sites<'a>(
    chosen: impl Iterator<Item = &'a (&'a Candidate<'a>, String, Range<usize>)>,
    version: &ExVer,
) -> Vec<TagSite> {
    chosen
        .map(|(c, num, span)| TagSite {
            path: c.path.to_path_buf(),
            range: c.tag_range.start + span.start..c.tag_range.start + span.end,
            version: num.clone(),
            what: c.what.clone(),
            matches: same_version(num, version),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_prerelease_label_matches_an_image_tagged_without_it() {
        let v = |s: &str| crate::exver::parse_exver(s).unwrap();
        // RTL names its releases `v0.15.6-beta` and tags its images `v0.15.6`
        assert!(same_version("0.15.6", &v("0.15.6-beta:1")));
        // a numbered prerelease is a real one: the final image is another version
        assert!(!same_version("1.0.0", &v("1.0.0-rc.1:0")));
        assert!(!same_version("0.19.3", &v("0.20.0-beta:1")));
    }

    #[test]
    fn tag_versions() {
        assert_eq!(tag_version("v3.3.1", "3.3.1").unwrap().0, "3.3.1");
        assert_eq!(tag_version("6.57.1-alpine", "6.57.1").unwrap().0, "6.57.1");
        assert_eq!(
            tag_version("2026.6.12-de8a3de15", "2026.6.12").unwrap().0,
            "2026.6.12"
        );
        assert_eq!(
            tag_version("26.0.0-rc.1", "26.0.0-rc.1").unwrap().0,
            "26.0.0-rc.1"
        );
        assert_eq!(
            tag_version("26.0.0-rc.1-alpine", "26.0.0-rc.1").unwrap().0,
            "26.0.0-rc.1"
        );
        assert!(tag_version("latest", "1.0.0").is_none());
    }
}
