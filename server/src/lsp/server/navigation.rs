//! Navigation requests: definition, document and workspace symbols, inlay hints, rename (with
//! prepare) and files renamed in the editor. Each translates positions and hands over to
//! `navigate`.

use std::path::{Path, PathBuf};

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::requests::Doc;
use super::{Backend, Buffered};
use crate::analysis::with_startos;
use crate::diagnostic::Fix;
use crate::lsp::convert::{to_lsp_range, to_offset, uri_to_path};
use crate::lsp::workspace_edit::to_workspace_edit;
use crate::navigate::{self, SymbolKind as Kind};
use crate::text::LineIndex;
use crate::workspace::files::package_root_of;
use crate::workspace::{Project, Source};

fn kind(k: Kind) -> SymbolKind {
    match k {
        Kind::Namespace => SymbolKind::NAMESPACE,
        Kind::Package => SymbolKind::PACKAGE,
        Kind::Constant => SymbolKind::CONSTANT,
        Kind::Function => SymbolKind::FUNCTION,
        Kind::Field => SymbolKind::FIELD,
        Kind::Key => SymbolKind::KEY,
    }
}

impl Backend {
    /// A byte range of `path` as an LSP location (the file read as the server sees it).
    fn location(&self, path: &Path, range: std::ops::Range<usize>) -> Option<Location> {
        let text = self.source.read(path).ok()?;
        let index = LineIndex::new(&text);
        let range = to_lsp_range(&text, &index, range, self.encoding());
        Some(Location::new(Uri::from_file_path(path)?, range))
    }

    fn doc_at(&self, pos: &TextDocumentPositionParams) -> Option<(Doc, usize)> {
        let doc = self.doc(&pos.text_document.uri)?;
        let offset = to_offset(&doc.text, &doc.index, pos.position, self.encoding());
        Some((doc, offset))
    }

    pub(super) async fn definition_at(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let Some((doc, offset)) = self.doc_at(&params.text_document_position_params) else {
            return Ok(None);
        };
        let found: Vec<Location> =
            navigate::definition(&*self.source, &self.cache, &doc.path, offset)
                .into_iter()
                .filter_map(|t| self.location(&t.path, t.range))
                .collect();
        Ok((!found.is_empty()).then_some(GotoDefinitionResponse::Array(found)))
    }

    pub(super) async fn outline(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let Some(doc) = self.doc(&params.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let range = |r| to_lsp_range(&doc.text, &doc.index, r, enc);
        fn convert(
            s: navigate::Symbol,
            range: &dyn Fn(std::ops::Range<usize>) -> Range,
        ) -> DocumentSymbol {
            #[allow(deprecated)]
            DocumentSymbol {
                name: if s.name.is_empty() {
                    "?".into()
                } else {
                    s.name
                },
                detail: s.detail,
                kind: kind(s.kind),
                tags: None,
                deprecated: None,
                range: range(s.range),
                selection_range: range(s.selection),
                children: Some(s.children.into_iter().map(|c| convert(c, range)).collect()),
            }
        }
        let symbols: Vec<DocumentSymbol> =
            navigate::document_symbols(&*self.source, &self.cache, &doc.path)
                .into_iter()
                .map(|s| convert(s, &range))
                .collect();
        Ok((!symbols.is_empty()).then_some(DocumentSymbolResponse::Nested(symbols)))
    }

    /// The StartOS packages the server has analysed.
    async fn known_packages(&self) -> Vec<PathBuf> {
        let published = self.published.lock().await;
        let mut roots: Vec<PathBuf> = published
            .keys()
            .filter_map(|k| match Project::from_key(k) {
                Project::StartOs(root) => Some(root),
                _ => None,
            })
            .collect();
        roots.sort();
        roots
    }

    pub(super) async fn workspace_symbols(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let packages = self.known_packages().await;
        let found =
            navigate::workspace_symbols(&*self.source, &self.cache, &packages, &params.query);
        #[allow(deprecated)]
        let symbols: Vec<SymbolInformation> = found
            .into_iter()
            .filter_map(|s| {
                Some(SymbolInformation {
                    name: s.name,
                    kind: SymbolKind::CONSTANT,
                    tags: None,
                    deprecated: None,
                    location: self.location(&s.target.path, s.target.range)?,
                    container_name: Some(s.container),
                })
            })
            .collect();
        Ok(Some(WorkspaceSymbolResponse::Flat(symbols)))
    }

    pub(super) async fn inlay_hints(
        &self,
        params: InlayHintParams,
    ) -> Result<Option<Vec<InlayHint>>> {
        if self
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .inlay_hints_off
        {
            return Ok(None);
        }
        let Some(doc) = self.doc(&params.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let wanted = to_offset(&doc.text, &doc.index, params.range.start, enc)
            ..=to_offset(&doc.text, &doc.index, params.range.end, enc);
        let hints = navigate::inlay_hints(&*self.source, &self.cache, &doc.path)
            .into_iter()
            .filter(|h| wanted.contains(&h.offset))
            .map(|h| InlayHint {
                position: to_lsp_range(&doc.text, &doc.index, h.offset..h.offset, enc).start,
                label: InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: h.tooltip.map(InlayHintTooltip::String),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Ok(Some(hints))
    }

    pub(super) async fn prepare_rename_at(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let Some((doc, offset)) = self.doc_at(&params) else {
            return Ok(None);
        };
        let Some(root) = package_root_of(&doc.path) else {
            return Ok(None);
        };
        let found = with_startos(&root, &*self.source, &self.cache, |pkg| {
            navigate::prepare_rename(pkg, &doc.path, offset)
        });
        match found {
            Some(Ok(Some((range, placeholder)))) => {
                Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
                    range: to_lsp_range(&doc.text, &doc.index, range, self.encoding()),
                    placeholder,
                }))
            }
            Some(Err(why)) => Err(Error::invalid_params(why)),
            _ => Ok(None),
        }
    }

    pub(super) async fn rename_at(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let Some((doc, offset)) = self.doc_at(&params.text_document_position) else {
            return Ok(None);
        };
        let Some(root) = package_root_of(&doc.path) else {
            return Ok(None);
        };
        let changes = with_startos(&root, &*self.source, &self.cache, |pkg| {
            navigate::rename(pkg, &doc.path, offset, &params.new_name)
        });
        match changes {
            Some(Ok(changes)) => Ok(self.edit_of(changes)),
            Some(Err(why)) => Err(Error::invalid_params(why)),
            None => Ok(None),
        }
    }

    /// Version files about to be renamed in the editor: the edits that keep the graph intact.
    pub(super) async fn files_renaming(
        &self,
        params: RenameFilesParams,
    ) -> Result<Option<WorkspaceEdit>> {
        let path = |s: &str| s.parse::<Uri>().ok().and_then(|u| uri_to_path(&u));
        if self.take_own_renames(&params) {
            return Ok(None); // our own fix's rename: its edit already updates the imports
        }
        let mut changes = Vec::new();
        for file in &params.files {
            let (Some(from), Some(to)) = (path(&file.old_uri), path(&file.new_uri)) else {
                continue;
            };
            let Some(root) = package_root_of(&from) else {
                continue;
            };
            changes.extend(
                with_startos(&root, &*self.source, &self.cache, |pkg| {
                    navigate::will_rename_file(pkg, &from, &to)
                })
                .unwrap_or_default(),
            );
        }
        Ok(self.edit_of(changes))
    }

    /// Whether every rename asked about is one the server is having the client apply; those are
    /// then forgotten (a later rename of the same files, in the Explorer, gets its edits).
    fn take_own_renames(&self, params: &RenameFilesParams) -> bool {
        let path = |s: &str| s.parse::<Uri>().ok().and_then(|u| uri_to_path(&u));
        let asked: Option<Vec<(PathBuf, PathBuf)>> = params
            .files
            .iter()
            .map(|f| Some((path(&f.old_uri)?, path(&f.new_uri)?)))
            .collect();
        let Some(asked) = asked.filter(|a| !a.is_empty()) else {
            return false;
        };
        let mut own = self.own_renames.lock().unwrap_or_else(|e| e.into_inner());
        if !asked.iter().all(|pair| own.contains(pair)) {
            return false;
        }
        own.retain(|pair| !asked.contains(pair));
        true
    }

    fn edit_of(&self, changes: Vec<crate::diagnostic::Change>) -> Option<WorkspaceEdit> {
        if changes.is_empty() {
            return None;
        }
        let fix = Fix {
            title: String::new(),
            safe: false,
            changes,
        };
        let caps = *self.edit_caps.read().unwrap_or_else(|e| e.into_inner());
        to_workspace_edit(&fix, caps, &Buffered(self), self.encoding())
    }
}
