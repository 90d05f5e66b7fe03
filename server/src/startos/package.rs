//! A StartOS package with the facts of its files, and the version graph resolved across them.

use crate::workspace::paths::normalize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::history::History;
use super::layout::Layout;
use crate::exver::{parse_exver, ExVer};
use crate::syntax::dockerfile::DockerfileFacts;
use crate::syntax::typescript::{
    Ident, Import, StrLit, TsFacts, VersionGraphFacts, VersionInfoFacts,
};
use crate::workspace::{FactsCache, ReadError, Source};

pub struct TsFile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub facts: Arc<TsFacts>,
}

pub struct Dockerfile {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub facts: Arc<DockerfileFacts>,
}

pub struct StartOsPackage {
    pub layout: Layout,
    pub index: Option<TsFile>,
    pub version_files: Vec<TsFile>,
    pub manifest: Option<TsFile>,
    pub dockerfiles: Vec<Dockerfile>,
    pub other_ts: Vec<TsFile>,
    /// Files that belong to the package but could not be read, with the reason.
    pub unreadable: Vec<(PathBuf, ReadError)>,
    /// What git knows: the version at `HEAD`, the release tags.
    pub history: History,
    /// The current version's file and call, found once (the graph's `current` is resolved
    /// through `index.ts`'s imports: asked per version, that was quadratic).
    current_key: std::sync::OnceLock<Option<(PathBuf, std::ops::Range<usize>)>>,
}

/// A version declared somewhere in the package: the file and its `VersionInfo.of` call.
#[derive(Clone, Copy)]
pub struct VersionRef<'a> {
    pub file: &'a TsFile,
    pub info: &'a VersionInfoFacts,
}

impl<'a> VersionRef<'a> {
    /// When the literal's downstream is not a plain integer (EX002): the fix that drops the
    /// excess, and the version the names encode once it is gone.
    pub fn drop_downstream_excess(&self) -> Option<(ExVer, crate::diagnostic::Fix)> {
        let lit = self.info.version.as_ref()?;
        let (clean, drop) = self.version()?.plain_downstream()?;
        let fix = crate::diagnostic::Fix::edit(
            format!("Drop the downstream suffix: {}", clean.text()),
            self.file.path.clone(),
            lit.sub_range(drop),
            "",
        );
        Some((clean, fix))
    }

    /// The parsed version without a forbidden downstream suffix (EX002): what names, tags and
    /// the next versions are made from.
    pub fn plain_version(&self) -> Option<ExVer> {
        let v = self.version()?;
        Some(v.plain_downstream().map_or(v, |(clean, _)| clean))
    }

    /// The parsed version, when it is a valid literal.
    pub fn version(&self) -> Option<ExVer> {
        self.info
            .version
            .as_ref()
            .and_then(|l| parse_exver(&l.value).ok())
    }
}

/// What an identifier in `index.ts` refers to.
pub enum Resolution<'a> {
    Version(VersionRef<'a>),
    /// Imported from a path that does not exist.
    MissingFile {
        import_source: &'a StrLit,
    },
    /// The file exists but exports no `VersionInfo` under that name.
    MissingExport {
        file: &'a TsFile,
        name: String,
    },
    /// Not imported and not declared in the file.
    Undeclared,
    /// Imported from a package or declared in a way we do not follow: no opinion.
    Unknown,
}

impl StartOsPackage {
    pub fn load(layout: Layout, source: &dyn Source, cache: &FactsCache) -> StartOsPackage {
        let mut unreadable = layout.skipped.clone();
        let mut load = |path: &Path| -> Option<TsFile> {
            match source.read(path) {
                Ok(text) => {
                    // the depth is found once per text, with the facts (cached), not per load
                    let facts = cache.typescript.get(path, &text);
                    if facts.too_deep {
                        let why = format!(
                            "nested deeper than {} levels; not analysed",
                            crate::syntax::MAX_NESTING
                        );
                        unreadable.push((path.to_path_buf(), ReadError::NotAnalysed(why)));
                    }
                    Some(TsFile {
                        facts,
                        path: path.to_path_buf(),
                        text,
                    })
                }
                Err(ReadError::Missing) => None,
                Err(e) => {
                    unreadable.push((path.to_path_buf(), e));
                    None
                }
            }
        };
        let index = layout.index.as_deref().and_then(&mut load);
        // sorted by path: `ts_file` finds a file by binary search
        let mut version_files: Vec<TsFile> = layout
            .version_files
            .iter()
            .filter_map(|p| load(p))
            .collect();
        version_files.sort_by(|a, b| a.path.cmp(&b.path));
        let manifest = layout.manifest.as_deref().and_then(&mut load);
        let mut other_ts: Vec<TsFile> = layout.other_ts.iter().filter_map(|p| load(p)).collect();
        other_ts.sort_by(|a, b| a.path.cmp(&b.path));
        let mut dockerfiles = Vec::new();
        if let Some(m) = &manifest {
            let mut seen = Vec::new();
            for img in &m.facts.images {
                let Some(build) = &img.docker_build else {
                    continue;
                };
                let workdir = layout
                    .root
                    .join(build.workdir.as_ref().map_or(".", |w| w.value.as_str()));
                let path = match &build.dockerfile {
                    Some(f) => normalize(&layout.root.join(&f.value)),
                    None => normalize(&workdir.join("Dockerfile")),
                };
                if seen.contains(&path) {
                    continue;
                }
                seen.push(path.clone());
                if !crate::workspace::source::stays_inside(&layout.root, &path) {
                    unreadable.push((path, ReadError::Outside));
                    continue;
                }
                match source.read(&path) {
                    Ok(text) => dockerfiles.push(Dockerfile {
                        facts: cache.dockerfile.get(&path, &text),
                        path,
                        text,
                    }),
                    Err(ReadError::Missing) => {}
                    Err(e) => unreadable.push((path, e)),
                }
            }
        }
        let current_ts = layout
            .version_files
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n == "current.ts"));
        let history = History::load(&layout.root, current_ts.map(PathBuf::as_path), cache);
        StartOsPackage {
            history,
            layout,
            index,
            version_files,
            manifest,
            dockerfiles,
            other_ts,
            unreadable,
            current_key: std::sync::OnceLock::new(),
        }
    }

    /// Every file whose diagnostics this package decides.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.index
            .iter()
            .chain(&self.version_files)
            .chain(&self.manifest)
            .chain(&self.other_ts)
            .map(|f| f.path.as_path())
            .chain(self.dockerfiles.iter().map(|d| d.path.as_path()))
    }

    /// `source`, with the texts this package has read served from memory.
    pub fn texts_over<'a>(&'a self, source: &'a dyn Source) -> Texts<'a> {
        let mut texts: HashMap<&Path, &Arc<str>> = self
            .ts_files()
            .map(|f| (f.path.as_path(), &f.text))
            .collect();
        texts.extend(self.dockerfiles.iter().map(|d| (d.path.as_path(), &d.text)));
        Texts { texts, source }
    }

    pub fn ts_files(&self) -> impl Iterator<Item = &TsFile> {
        self.index
            .iter()
            .chain(&self.version_files)
            .chain(&self.manifest)
            .chain(&self.other_ts)
    }

    /// Every `version:` literal of a `VersionInfo.of` in the versions folder.
    pub fn version_literals(&self) -> impl Iterator<Item = (&TsFile, &StrLit)> {
        self.index.iter().chain(&self.version_files).flat_map(|f| {
            f.facts
                .version_infos
                .iter()
                .filter_map(move |i| i.version.as_ref().map(|v| (f, v)))
        })
    }

    /// Every `VersionInfo.of` of the versions folder (and an inline one in `index.ts`).
    pub fn version_refs(&self) -> impl Iterator<Item = VersionRef<'_>> {
        self.index
            .iter()
            .chain(&self.version_files)
            .flat_map(|file| {
                file.facts
                    .version_infos
                    .iter()
                    .map(move |info| VersionRef { file, info })
            })
    }

    /// Every string that holds a version range, in any of the package's TypeScript files.
    pub fn range_literals(&self) -> impl Iterator<Item = (&TsFile, &StrLit)> {
        self.ts_files()
            .flat_map(|f| f.facts.range_values.iter().map(move |r| (f, r)))
    }

    pub fn current_ts(&self) -> Option<&TsFile> {
        let path = self.layout.versions_dir.join("current.ts");
        self.version_files
            .binary_search_by(|f| f.path.as_path().cmp(&path))
            .ok()
            .map(|i| &self.version_files[i])
    }

    /// `current.ts`'s exported `current = VersionInfo.of(…)`: what the version actions edit.
    pub fn current_export(&self) -> Option<VersionRef<'_>> {
        let file = self.current_ts()?;
        let info = file
            .facts
            .version_infos
            .iter()
            .find(|i| i.exported && i.binding.name == "current")?;
        Some(VersionRef { file, info })
    }

    /// The `VersionGraph.of(…)` of the index, when there is exactly one.
    pub fn graph(&self) -> Option<(&TsFile, &VersionGraphFacts)> {
        let index = self.index.as_ref()?;
        match index.facts.version_graphs.as_slice() {
            [g] => Some((index, g)),
            _ => None,
        }
    }

    /// The current version: what the graph's `current` names, else `current.ts`'s export.
    pub fn current(&self) -> Option<VersionRef<'_>> {
        if let Some((index, g)) = self.graph() {
            if let Some(id) = &g.current {
                return match self.resolve(index, id) {
                    Resolution::Version(v) => Some(v),
                    _ => None,
                };
            }
            if g.current_unknown {
                return None;
            }
        }
        let file = self.current_ts()?;
        let info = file.facts.version_infos.iter().find(|i| i.exported)?;
        Some(VersionRef { file, info })
    }

    /// The current version's file and call (see [`Self::current`]), computed once.
    fn current_key(&self) -> Option<&(PathBuf, std::ops::Range<usize>)> {
        self.current_key
            .get_or_init(|| {
                self.current()
                    .map(|c| (c.file.path.clone(), c.info.call_range.clone()))
            })
            .as_ref()
    }

    /// Whether `v` is a historical version: declared in a version file, not the current one,
    /// and not in `current.ts` (never historical, even when the graph points elsewhere).
    pub fn is_historical(&self, v: &VersionRef<'_>) -> bool {
        let in_version_files = self
            .version_files
            .as_ptr_range()
            .contains(&(v.file as *const TsFile));
        in_version_files
            && v.file.path.file_name().is_none_or(|n| n != "current.ts")
            && self
                .current_key()
                .is_none_or(|(p, r)| (p, r) != (&v.file.path, &v.info.call_range))
    }

    /// Every `VersionInfo` declared in the versions folder other than the current one.
    pub fn historical(&self) -> Vec<VersionRef<'_>> {
        self.version_files
            .iter()
            .flat_map(|file| {
                file.facts
                    .version_infos
                    .iter()
                    .map(move |info| VersionRef { file, info })
            })
            .filter(|v| self.is_historical(v))
            .collect()
    }

    /// Whether this version shipped, so no fix may change its `version` (RULES §2, "Released
    /// history is immutable"): a historical version, or one whose release tag exists.
    pub fn is_released(&self, v: &VersionRef<'_>) -> bool {
        self.is_historical(v)
            || v.version()
                .is_some_and(|ver| self.history.tag_of(&ver).is_some())
    }

    /// Whether the file holds released history only (every `VersionInfo` in it shipped).
    pub fn is_released_file(&self, path: &Path) -> bool {
        let mut infos = self
            .version_files
            .iter()
            .filter(|f| f.path == path)
            .flat_map(|file| {
                file.facts
                    .version_infos
                    .iter()
                    .map(move |info| VersionRef { file, info })
            })
            .peekable();
        infos.peek().is_some() && infos.all(|v| self.is_released(&v))
    }

    /// The versions whose file name and export encode them: every historical version, and the
    /// current one where it is not in `current.ts` (a legacy layout whose graph points at a
    /// version file: that file becomes historical as it stands).
    pub fn named_versions(&self) -> Vec<VersionRef<'_>> {
        let mut out = self.historical();
        if let Some(c) = self.current() {
            let in_current_ts = c.file.path.file_name().is_some_and(|n| n == "current.ts");
            let in_index = self.index.as_ref().is_some_and(|i| i.path == c.file.path);
            if !in_current_ts && !in_index {
                out.push(c);
            }
        }
        out
    }

    /// Named versions (see [`Self::named_versions`]) in a file of their own, with the file's
    /// stem: what a name can encode.
    pub fn named_historical(&self) -> Vec<(VersionRef<'_>, ExVer, String)> {
        self.named_versions()
            .into_iter()
            .filter(|v| v.file.facts.version_infos.len() == 1) // several: named after none
            .filter_map(|v| {
                let stem = v.file.path.file_stem()?.to_str()?.to_string();
                Some((v, v.version()?, stem))
            })
            .collect()
    }

    pub fn ts_file(&self, path: &Path) -> Option<&TsFile> {
        // version files and the other `.ts` files are sorted by path (see `load`)
        let find =
            |files: &'_ [TsFile]| files.binary_search_by(|f| f.path.as_path().cmp(path)).ok();
        if let Some(f) = self
            .index
            .iter()
            .chain(&self.manifest)
            .find(|f| f.path == path)
        {
            return Some(f);
        }
        if let Some(i) = find(&self.version_files) {
            return Some(&self.version_files[i]);
        }
        find(&self.other_ts).map(|i| &self.other_ts[i])
    }

    /// The relative imports, in any of the package's TypeScript files, that load `target`.
    pub fn importers_of(&self, target: &Path) -> Vec<(&TsFile, &Import)> {
        let exists = |p: &Path| self.ts_file(p).is_some() || p.is_file();
        self.ts_files()
            .flat_map(|f| f.facts.imports.iter().map(move |i| (f, i)))
            .filter(|(f, i)| {
                i.source.value.starts_with('.')
                    && resolve_module(
                        f.path.parent().unwrap_or(Path::new(".")),
                        &i.source.value,
                        exists,
                    )
                    .is_some_and(|p| p == target)
            })
            .collect()
    }

    /// Follow an identifier of `file` to the `VersionInfo` it names.
    pub fn resolve<'a>(&'a self, file: &'a TsFile, id: &Ident) -> Resolution<'a> {
        if let Some(info) = file
            .facts
            .version_infos
            .iter()
            .find(|i| i.binding.name == id.name)
        {
            return Resolution::Version(VersionRef { file, info });
        }
        if let Some((import, name)) = file.facts.import_of(&id.name) {
            let spec = &import.source.value;
            if !spec.starts_with('.') {
                return Resolution::Unknown;
            }
            let base = file.path.parent().unwrap_or(Path::new("."));
            let Some(target) =
                resolve_module(base, spec, |p| self.ts_file(p).is_some() || p.is_file())
            else {
                return Resolution::MissingFile {
                    import_source: &import.source,
                };
            };
            let Some(target_file) = self.ts_file(&target) else {
                return Resolution::Unknown;
            };
            if name.imported == "*" || name.imported == "default" {
                return Resolution::Unknown;
            }
            return match target_file
                .facts
                .version_infos
                .iter()
                .find(|i| i.binding.name == name.imported && i.exported)
            {
                Some(info) => Resolution::Version(VersionRef {
                    file: target_file,
                    info,
                }),
                None if target_file
                    .facts
                    .exports
                    .iter()
                    .any(|e| e.name == name.imported)
                    || target_file.facts.has_syntax_errors =>
                {
                    Resolution::Unknown // re-exported or computed: not ours to judge
                }
                None => Resolution::MissingExport {
                    file: target_file,
                    name: name.imported.clone(),
                },
            };
        }
        if file.facts.has_syntax_errors {
            Resolution::Unknown
        } else {
            Resolution::Undeclared
        }
    }
}

/// `./v1.0.0_0` → `…/v1.0.0_0.ts` (also `.js` written for `.ts`, and folder `index.ts`).
pub fn resolve_module(base: &Path, spec: &str, exists: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let raw = normalize(&base.join(spec));
    let s = raw.to_string_lossy().to_string();
    let mut candidates = vec![PathBuf::from(format!("{s}.ts"))];
    if let Some(stem) = s.strip_suffix(".js") {
        candidates.push(PathBuf::from(format!("{stem}.ts")));
    }
    candidates.push(raw.clone());
    candidates.push(raw.join("index.ts"));
    candidates
        .into_iter()
        .find(|c| c.extension().is_some_and(|e| e == "ts") && exists(c))
}

/// A source that answers from the texts a package has read, and asks `source` for the rest.
pub struct Texts<'a> {
    texts: HashMap<&'a Path, &'a Arc<str>>,
    source: &'a dyn Source,
}

impl Source for Texts<'_> {
    fn read(&self, path: &Path) -> Result<Arc<str>, ReadError> {
        match self.texts.get(path) {
            Some(text) => Ok(Arc::clone(text)),
            None => self.source.read(path),
        }
    }

    fn list_files(&self, dir: &Path) -> Vec<PathBuf> {
        self.source.list_files(dir)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.source.is_dir(path)
    }
}
