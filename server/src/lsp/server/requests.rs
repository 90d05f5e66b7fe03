//! Requests about a position or a document: code actions, code lenses and the command they run,
//! hover, completion. Each computes from the current buffers and translates the core's answer.

use serde_json::json;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;

use super::{Backend, Buffered, FIX_ALL};
use crate::actions::plan::plan_fixes;
use crate::actions::{
    offers_at, quick_fixes, version_actions, Offer, OfferKind, Offers, Selection,
};
use crate::analysis::{analyze_kept, with_analyzed, with_startos};
use crate::completion::{complete_at, complete_peers, complete_sfdx, ItemKind};
use crate::diagnostic::Diagnostic as Diag;
use crate::lsp::convert::{to_lsp_diagnostic, to_lsp_range, to_offset, uri_to_path};
use crate::lsp::workspace_edit::to_workspace_edit;
use crate::npm::NpmPackage;
use crate::salesforce::SfdxProject;
use crate::startos::StartOsPackage;
use crate::text::LineIndex;
use crate::workspace::{Project, Source};
use std::path::Path;

/// The command a spin-off code lens runs: arguments `[uri, next version]`.
pub const SPIN_OFF: &str = "manifest-lsp.spinOff";
/// The command a fix that renames a file runs, for clients that ask `willRenameFiles` about
/// their own edits (VS Code): argument `[workspace edit]`. The server sends the edit itself, so it
/// knows the rename is its own when asked, and answers nothing (VS Code would otherwise show a
/// modal about "refactoring changes with this file move" for the fix's own rename).
pub const APPLY_FIX: &str = "manifest-lsp.applyFix";

/// A document as the server sees it now, with its line index.
pub(super) struct Doc {
    pub(super) path: std::path::PathBuf,
    pub(super) text: std::sync::Arc<str>,
    pub(super) index: LineIndex,
}

impl Backend {
    pub(super) fn doc(&self, uri: &Uri) -> Option<Doc> {
        let path = uri_to_path(uri)?;
        let text = self.source.read(&path).ok()?;
        let index = LineIndex::new(&text);
        Some(Doc { path, text, index })
    }

    /// Analyses every project `path` belongs to, from the buffers, and hands each one's
    /// diagnostics to `f`, with the StartOS package when it is one.
    pub(super) fn each_project(
        &self,
        path: &Path,
        mut f: impl FnMut(Option<&StartOsPackage>, Vec<Diag>),
    ) {
        for project in Project::of_file(path, &*self.source) {
            let config = self.config(project.dir());
            match &project {
                Project::StartOs(root) => {
                    with_analyzed(root, &*self.source, &self.cache, &config, |pkg, diags| {
                        f(Some(&pkg), diags)
                    });
                }
                other => {
                    if let Some(report) =
                        analyze_kept(other, &*self.source, &self.cache, &config, &self.kept)
                    {
                        f(None, report.diagnostics);
                    }
                }
            }
        }
    }

    pub(super) async fn code_actions(
        &self,
        params: CodeActionParams,
    ) -> Result<Option<CodeActionResponse>> {
        let Some(Doc { path, text, index }) = self.doc(&params.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let offset = |p: Position| to_offset(&text, &index, p, enc);
        let range = offset(params.range.start)..offset(params.range.end);
        // a bare cursor asks about its whole line (Emacs and Neovim ask at column 0)
        let touched = if range.is_empty() {
            index.line_range(&text, index.line_of(range.start))
        } else {
            range.clone()
        };
        // the diagnostics the client names (ours only), as well as what touches the range
        let at = Selection {
            range: touched,
            named: params
                .context
                .diagnostics
                .iter()
                .filter(|d| d.source.as_deref().is_none_or(|s| s == "manifest-lsp"))
                .filter_map(|d| {
                    let code = match d.code.as_ref()? {
                        NumberOrString::String(s) => s.clone(),
                        NumberOrString::Number(n) => n.to_string(),
                    };
                    Some((code, offset(d.range.start)..offset(d.range.end)))
                })
                .collect(),
        };
        // only: what the client asked for; a requested kind covers its sub-kinds
        let only = params.context.only.clone();
        let wanted = |kind: &str| {
            only.as_ref().is_none_or(|o| {
                o.iter()
                    .any(|k| kind == k.as_str() || kind.starts_with(&format!("{}.", k.as_str())))
            })
        };
        // fix-all only when asked for: editors request it on save
        let want_all = only.is_some() && wanted(FIX_ALL);
        let mut offers = Offers::default();
        self.each_project(&path, |pkg, diags| {
            let found = match pkg {
                Some(pkg) => offers_at(pkg, &*self.source, &diags, &path, &at),
                None => Offers {
                    offers: quick_fixes(&diags, &path, &at),
                    refused: None,
                },
            };
            offers.offers.extend(found.offers);
            offers.offers.extend(
                diags
                    .iter()
                    .filter(|d| d.path == path && at.contains(d))
                    .filter(|d| d.code != crate::rules::UNUSED_SUPPRESSION.code)
                    .filter_map(|d| {
                        Some(Offer {
                            kind: OfferKind::QuickFix,
                            fix: crate::suppress::ignore_fix(d, &text)?,
                            diagnostic: Some(d.clone()),
                            preferred: false,
                        })
                    }),
            );
            offers.refused = offers.refused.take().or(found.refused);
        });
        let all = if want_all {
            self.fix_all_plan(&path)
        } else {
            None
        };
        let caps = *self.edit_caps.read().unwrap_or_else(|e| e.into_inner());
        let buffers = Buffered(self);
        let mut out: Vec<CodeActionOrCommand> = Vec::new();
        let mut unsupported = 0;
        for offer in offers.offers {
            // the version actions where they are the point (preferred): in the editor's first
            // group when it asks for every kind (VS Code lists quick fixes before its refactors);
            // a client asking for refactors gets them as refactors
            let kind = match offer.kind {
                OfferKind::QuickFix => CodeActionKind::QUICKFIX,
                _ if offer.preferred && only.is_none() => CodeActionKind::QUICKFIX,
                OfferKind::Bump => CodeActionKind::REFACTOR_REWRITE,
                OfferKind::SpinOff => CodeActionKind::REFACTOR,
            };
            if !wanted(kind.as_str()) {
                continue;
            }
            let Some(edit) = to_workspace_edit(&offer.fix, caps, &buffers, enc) else {
                if caps.disabled_actions {
                    // listed, greyed out, with what the editor lacks
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: offer.fix.title.clone(),
                        kind: Some(kind),
                        disabled: Some(CodeActionDisabled {
                            reason: format!(
                                "this editor cannot {} files from a code action (it does not \
                                 advertise `{}` in workspace.workspaceEdit.resourceOperations)",
                                if offer.fix.needs_rename() {
                                    "rename"
                                } else {
                                    "create"
                                },
                                if offer.fix.needs_rename() {
                                    "rename"
                                } else {
                                    "create"
                                },
                            ),
                        }),
                        ..Default::default()
                    }));
                } else {
                    unsupported += 1;
                }
                continue;
            };
            let diagnostics = offer
                .diagnostic
                .as_ref()
                .map(|d| vec![to_lsp_diagnostic(d, &text, &index, enc, &*self.source)]);
            let (edit, command) = if offer.fix.needs_rename() && caps.will_rename && caps.apply_edit
            {
                let command = Command {
                    title: offer.fix.title.clone(),
                    command: APPLY_FIX.into(),
                    arguments: Some(vec![json!(edit)]),
                };
                (None, Some(command))
            } else {
                (Some(edit), None)
            };
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: offer.fix.title.clone(),
                kind: Some(kind),
                diagnostics,
                edit,
                command,
                is_preferred: offer.preferred.then_some(true),
                ..Default::default()
            }));
        }
        if let Some((fix, edit)) =
            all.and_then(|f| to_workspace_edit(&f, caps, &buffers, enc).map(|e| (f, e)))
        {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title,
                kind: Some(CodeActionKind::from(FIX_ALL)),
                edit: Some(edit),
                ..Default::default()
            }));
        }
        if let Some(why) = offers
            .refused
            .filter(|_| wanted(CodeActionKind::REFACTOR.as_str()))
        {
            self.client
                .log_message(MessageType::INFO, format!("spin-off not offered: {why}"))
                .await;
        }
        if unsupported > 0 {
            self.client
                .log_message(
                    MessageType::INFO,
                    format!(
                        "{unsupported} action(s) not offered: they create or rename files, and the \
                         client does not advertise workspace.workspaceEdit.resourceOperations"
                    ),
                )
                .await;
        }
        Ok(Some(out))
    }

    /// Fix-all for one document: the fixes of its findings (safe ones; unsafe ones too with the
    /// `fixAll.unsafe` setting) planned as `check --fix` plans them, over the buffers: colliding
    /// fixes set aside, the projects checked again, kept only when no worse. One edit per file.
    fn fix_all_plan(&self, path: &Path) -> Option<crate::diagnostic::Fix> {
        let unsafe_fixes = self
            .settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .fix_all_unsafe;
        let check = |source: &dyn Source| {
            // facts parsed from planned texts stay out of the server's cache
            let cache = crate::workspace::FactsCache::for_one_pass_sharing(self.cache.git.clone());
            Project::of_file(path, source)
                .iter()
                .filter_map(|project| {
                    let config = self.config(project.dir());
                    crate::analysis::analyze(project, source, &cache, &config)
                })
                .flat_map(|report| report.diagnostics)
                .collect()
        };
        let plan = plan_fixes(
            &*self.source,
            &check,
            &|d| d.path == path,
            unsafe_fixes,
            &|p| p.display().to_string(),
        );
        let kind = if unsafe_fixes { "" } else { "safe " };
        let title = match plan.fixed {
            1 => format!("Fix the {kind}manifest-lsp finding"),
            n => format!("Fix all {n} {kind}manifest-lsp findings"),
        };
        plan.as_fix(title, !unsafe_fixes)
    }

    /// On a version literal: what it is and where it stands; on a diagnostic: its rule's
    /// documentation.
    pub(super) async fn hover_at(&self, params: HoverParams) -> Result<Option<Hover>> {
        let pos = &params.text_document_position_params;
        let Some(Doc { path, text, index }) = self.doc(&pos.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let offset = to_offset(&text, &index, pos.position, enc);
        let mut parts: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        let mut codes: Vec<&str> = Vec::new();
        self.each_project(&path, |pkg, diags| {
            parts.extend(pkg.and_then(|pkg| crate::hover::version_hover(pkg, &path, offset)));
            for d in diags
                .iter()
                .filter(|d| d.path == path && d.range.start <= offset && offset <= d.range.end)
            {
                if let Some(rule) = crate::rules::find(d.code).filter(|r| !codes.contains(&r.code))
                {
                    codes.push(rule.code);
                    parts.push((d.range.clone(), rule.hover_markdown()));
                }
            }
        });
        // after a finding's rule line, what the value means
        if path.file_name().is_some_and(|n| n == "sfdx-project.json") {
            if let Ok(project) = SfdxProject::load(&path, &*self.source) {
                parts.extend(crate::salesforce::hover::hover(&project, offset));
            }
        }
        let Some(range) = parts.first().map(|(r, _)| r.clone()) else {
            return Ok(None);
        };
        let value = parts
            .into_iter()
            .map(|(_, md)| md)
            .collect::<Vec<_>>()
            .join("\n\n---\n\n");
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(to_lsp_range(&text, &index, range, enc)),
        }))
    }

    pub(super) async fn completions(
        &self,
        params: CompletionParams,
    ) -> Result<Option<CompletionResponse>> {
        let pos = &params.text_document_position;
        let Some(Doc { path, text, index }) = self.doc(&pos.text_document.uri) else {
            return Ok(None);
        };
        let enc = self.encoding();
        let offset = to_offset(&text, &index, pos.position, enc);
        let mut items = Vec::new();
        for project in Project::of_file(&path, &*self.source) {
            items.extend(match &project {
                Project::StartOs(root) => with_startos(root, &*self.source, &self.cache, |pkg| {
                    complete_at(pkg, &path, &text, offset)
                })
                .unwrap_or_default(),
                Project::Sfdx(file) => SfdxProject::load(file, &*self.source)
                    .map(|p| complete_sfdx(&p, offset))
                    .unwrap_or_default(),
                Project::Npm(file) => NpmPackage::load(file, &*self.source)
                    .map(|p| complete_peers(&p, &path, offset))
                    .unwrap_or_default(),
                Project::Charter(_) => Vec::new(),
            });
        }
        if items.is_empty() {
            return Ok(None);
        }
        let items = items
            .into_iter()
            .enumerate()
            .map(|(i, item)| CompletionItem {
                kind: Some(match item.kind {
                    ItemKind::Version => CompletionItemKind::VALUE,
                    ItemKind::Locale => CompletionItemKind::CONSTANT,
                    // one of a closed set of values (`HIGHEST`, `pinned` …)
                    ItemKind::Keyword => CompletionItemKind::ENUM_MEMBER,
                }),
                detail: Some(item.detail),
                // the order of the list is the order to show
                sort_text: Some(format!("{i:04}")),
                filter_text: Some(item.label.clone()),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: to_lsp_range(&text, &index, item.replace, enc),
                    new_text: item.insert,
                })),
                label: item.label,
                ..Default::default()
            })
            .collect();
        Ok(Some(CompletionResponse::List(CompletionList {
            is_incomplete: false,
            items,
        })))
    }

    /// Over `current.ts`'s `version:`, one lens per spin-off the package allows; only for clients
    /// that apply edits sent by the server and can create files.
    pub(super) async fn code_lenses(
        &self,
        params: CodeLensParams,
    ) -> Result<Option<Vec<CodeLens>>> {
        let caps = *self.edit_caps.read().unwrap_or_else(|e| e.into_inner());
        if !(caps.apply_edit && caps.document_changes && caps.create) {
            return Ok(None);
        }
        let uri = params.text_document.uri;
        let Some((path, root, text)) = self.package_document(&uri) else {
            return Ok(None);
        };
        let found = with_startos(&root, &*self.source, &self.cache, |pkg| {
            let current = pkg.current_export().filter(|c| c.file.path == path)?;
            let range = current.info.version.as_ref()?.node_range.clone();
            let nexts: Vec<_> = version_actions(pkg, &*self.source)
                .spin_offs
                .into_iter()
                .map(|(next, _)| next)
                .collect();
            Some((range, nexts))
        })
        .flatten();
        let Some((range, nexts)) = found else {
            return Ok(None);
        };
        let range = to_lsp_range(&text, &LineIndex::new(&text), range, self.encoding());
        Ok(Some(
            nexts
                .into_iter()
                .map(|next| CodeLens {
                    range,
                    command: Some(Command {
                        // short: four sit on one line; the action says the rest
                        title: format!("Start {}", next.version),
                        command: SPIN_OFF.into(),
                        arguments: Some(vec![json!(uri.as_str()), json!(next.version)]),
                    }),
                    data: None,
                })
                .collect(),
        ))
    }

    /// Runs a rename fix's command: the edit goes back to the client, its renames noted as the
    /// server's own while the client applies it.
    async fn apply_fix(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let edit: WorkspaceEdit = params
            .arguments
            .into_iter()
            .next()
            .and_then(|a| serde_json::from_value(a).ok())
            .ok_or_else(|| Error::invalid_params("expected [workspace edit]"))?;
        let renames: Vec<_> = match &edit.document_changes {
            Some(DocumentChanges::Operations(ops)) => ops
                .iter()
                .filter_map(|op| match op {
                    DocumentChangeOperation::Op(ResourceOp::Rename(r)) => {
                        Some((uri_to_path(&r.old_uri)?, uri_to_path(&r.new_uri)?))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        self.own_renames
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(renames.iter().cloned());
        let outcome = self.client.apply_edit(edit).await;
        // asked about or not, they are no longer in flight
        self.own_renames
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|pair| !renames.contains(pair));
        let why = match outcome {
            Ok(r) if r.applied => return Ok(None),
            Ok(r) => r
                .failure_reason
                .unwrap_or_else(|| "the editor did not apply it".into()),
            Err(e) => e.to_string(),
        };
        self.client
            .show_message(MessageType::WARNING, format!("Fix not applied: {why}"))
            .await;
        Ok(None)
    }

    /// Runs a lens's command: the spin-off is computed anew from the buffers as they are now (never
    /// from the lens's old ranges) and sent to the client to apply.
    pub(super) async fn execute(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        if params.command == APPLY_FIX {
            return self.apply_fix(params).await;
        }
        if params.command != SPIN_OFF {
            return Err(Error::invalid_params(format!(
                "unknown command `{}`",
                params.command
            )));
        }
        let (Some(uri), Some(version)) = (
            params.arguments.first().and_then(|a| a.as_str()),
            params.arguments.get(1).and_then(|a| a.as_str()),
        ) else {
            return Err(Error::invalid_params("expected [uri, version]"));
        };
        let uri: Uri = uri
            .parse()
            .map_err(|_| Error::invalid_params(format!("not a URI: {uri}")))?;
        let Some((_, root, _)) = self.package_document(&uri) else {
            return Err(Error::invalid_params("not a file of a StartOS package"));
        };
        let fix = with_startos(&root, &*self.source, &self.cache, |pkg| {
            let actions = version_actions(pkg, &*self.source);
            match actions
                .spin_offs
                .into_iter()
                .find(|(n, _)| n.version == version)
            {
                Some((_, fix)) => Ok(fix),
                None => Err(actions
                    .refused
                    .unwrap_or_else(|| format!("{version} is no longer a next version"))),
            }
        })
        .unwrap_or_else(|| Err("the package is gone".into()));
        let caps = *self.edit_caps.read().unwrap_or_else(|e| e.into_inner());
        let edit = fix.and_then(|fix| {
            to_workspace_edit(&fix, caps, &Buffered(self), self.encoding())
                .ok_or_else(|| "the client cannot apply this edit".to_string())
        });
        let why = match edit {
            Ok(edit) => match self.client.apply_edit(edit).await {
                Ok(r) if r.applied => return Ok(None),
                Ok(r) => r
                    .failure_reason
                    .unwrap_or_else(|| "the client did not apply it".into()),
                Err(e) => e.to_string(),
            },
            Err(why) => why,
        };
        self.client
            .show_message(MessageType::WARNING, format!("Spin-off not done: {why}"))
            .await;
        Ok(None)
    }
}
