//! `initialize` and `initialized`: what the client can do, the workspace roots, the file
//! watcher, the settings, the first indexing.

use std::path::PathBuf;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{answered, Backend, FIX_ALL};
use crate::lsp::convert::uri_to_path;
use crate::lsp::workspace_edit::EditCapabilities;
use crate::text::Encoding;
use crate::workspace::config::FILE_NAME;

impl Backend {
    pub(super) async fn initialize_with(
        &self,
        params: InitializeParams,
    ) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        *self.encoding.write().unwrap_or_else(|e| e.into_inner()) = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        *self
            .watch_dynamic
            .write()
            .unwrap_or_else(|e| e.into_inner()) = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        *self.progress.write().unwrap_or_else(|e| e.into_inner()) = caps
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        *self.pull_config.write().unwrap_or_else(|e| e.into_inner()) = caps
            .workspace
            .as_ref()
            .and_then(|w| w.configuration)
            .unwrap_or(false);
        if let Some(options) = &params.initialization_options {
            self.take_settings(options).await;
        }
        let edit = caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref());
        let op = |kind: ResourceOperationKind| {
            edit.and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&kind))
        };
        let (create, rename) = (
            op(ResourceOperationKind::Create),
            op(ResourceOperationKind::Rename),
        );
        *self.edit_caps.write().unwrap_or_else(|e| e.into_inner()) = EditCapabilities {
            // resource operations exist only inside `documentChanges`, so a client that lists
            // them applies `documentChanges` even when it leaves the flag out (Neovim 0.7 does)
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false)
                || create
                || rename,
            create,
            rename,
            apply_edit: caps
                .workspace
                .as_ref()
                .and_then(|w| w.apply_edit)
                .unwrap_or(false),
            will_rename: caps
                .workspace
                .as_ref()
                .and_then(|w| w.file_operations.as_ref())
                .and_then(|f| f.will_rename)
                .unwrap_or(false),
            disabled_actions: caps
                .text_document
                .as_ref()
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.disabled_support)
                .unwrap_or(false),
        };
        // a client that pulls diagnostics is never pushed any (it would show them twice)
        let pull = super::pull::PullMode {
            pull: caps
                .text_document
                .as_ref()
                .is_some_and(|t| t.diagnostic.is_some()),
            refresh: caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
        };
        *self.pull.write().unwrap_or_else(|e| e.into_inner()) = pull;
        let workspace = caps.workspace.as_ref();
        *self.views.write().unwrap_or_else(|e| e.into_inner()) = super::views::ViewRefresh {
            lenses: workspace
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
            hints: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|c| c.refresh_support)
                .unwrap_or(false),
        };
        let version_files = |glob: &str| FileOperationFilter {
            scheme: Some("file".into()),
            pattern: FileOperationPattern {
                glob: glob.into(),
                matches: Some(FileOperationPatternKind::File),
                options: None,
            },
        };
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_to_path(&f.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(uri_to_path));
        }
        crate::workspace::source::seal_to(&roots);
        *self.roots.write().unwrap_or_else(|e| e.into_inner()) = roots;
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_lens_provider: Some(CodeLensOptions {
                    resolve_provider: Some(false),
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![
                        super::requests::SPIN_OFF.into(),
                        super::requests::APPLY_FIX.into(),
                    ],
                    ..Default::default()
                }),
                completion_provider: Some(CompletionOptions {
                    // inside a version string as soon as it opens
                    trigger_characters: Some(vec!["'".into(), "\"".into(), "`".into()]),
                    ..Default::default()
                }),
                definition_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                workspace_symbol_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: None,
                    file_operations: Some(WorkspaceFileOperationsServerCapabilities {
                        will_rename: Some(FileOperationRegistrationOptions {
                            filters: vec![
                                version_files("**/startos/versions/*.ts"),
                                version_files("**/startos/install/versions/*.ts"),
                            ],
                        }),
                        ..Default::default()
                    }),
                }),
                diagnostic_provider: pull.pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("manifest-lsp".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: true,
                        work_done_progress_options: Default::default(),
                    })
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR,
                            CodeActionKind::REFACTOR_REWRITE,
                            CodeActionKind::from(FIX_ALL),
                        ]),
                        ..Default::default()
                    },
                )),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "manifest-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    pub(super) async fn after_initialized(&self, _params: InitializedParams) {
        if *self.watch_dynamic.read().unwrap_or_else(|e| e.into_inner()) {
            let watchers = [
                "**/*.ts",
                "**/Dockerfile*",
                &format!("**/{FILE_NAME}"),
                "**/versions",
                "**/sfdx-project.json",
                "**/package.json",
                "**/radpack.json",
                "**/rollup.config.*",
                "**/*.{js,mjs,cjs,mts,cts,tsx,md}",
                "**/.changeset/config.json",
                "**/webpack.config.*",
                "**/{pnpm-workspace.yaml,yarn.lock}",
                // commits, checkouts and tags (SO012-SO014)
                "**/.git/{HEAD,packed-refs}",
                "**/.git/refs/{heads,tags}/**",
            ]
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
            let registration = Registration {
                id: "manifest-lsp-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            };
            let answer = answered(self.client.register_capability(vec![registration])).await;
            match answer {
                Some(Ok(())) => {
                    // the client reports every change on disk: what was read stays valid until then
                    self.source.trust_events(true);
                    self.cache.trust_events(true);
                }
                Some(Err(e)) => {
                    self.client
                        .log_message(
                            MessageType::WARNING,
                            format!("file watcher not registered: {e}"),
                        )
                        .await;
                }
                None => {}
            }
        }
        self.pull_settings().await;
        self.index_workspace().await;
    }

    pub(super) async fn configuration_changed(&self, params: DidChangeConfigurationParams) {
        if *self.pull_config.read().unwrap_or_else(|e| e.into_inner()) {
            self.pull_settings().await;
        } else if !params.settings.is_null() {
            self.take_settings(&params.settings).await;
        }
        self.refresh_all().await;
    }
}
