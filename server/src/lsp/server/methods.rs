//! The LSP methods: each one a guarded call of its handler (a panic becomes an error reply or a
//! log line, never a dead server).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

use super::guard::{notification, request};
use super::Backend;

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        request("initialize", self.initialize_with(params)).await
    }

    async fn initialized(&self, params: InitializedParams) {
        notification("initialized", self.after_initialized(params)).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        notification(
            "workspace/didChangeConfiguration",
            self.configuration_changed(params),
        )
        .await
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        notification("textDocument/didOpen", self.opened(params)).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        notification("textDocument/didChange", self.changed(params)).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        notification("textDocument/didSave", self.saved(params)).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        notification("textDocument/didClose", self.closed(params)).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        notification(
            "workspace/didChangeWatchedFiles",
            self.files_changed(params),
        )
        .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        request("textDocument/codeAction", self.code_actions(params)).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        request("textDocument/hover", self.hover_at(params)).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        request("textDocument/completion", self.completions(params)).await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        request("textDocument/codeLens", self.code_lenses(params)).await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        request("textDocument/definition", self.definition_at(params)).await
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        request("textDocument/documentSymbol", self.outline(params)).await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        request("workspace/symbol", self.workspace_symbols(params)).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        request("textDocument/inlayHint", self.inlay_hints(params)).await
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        request("textDocument/prepareRename", self.prepare_rename_at(params)).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        request("textDocument/rename", self.rename_at(params)).await
    }

    async fn will_rename_files(&self, params: RenameFilesParams) -> Result<Option<WorkspaceEdit>> {
        request("workspace/willRenameFiles", self.files_renaming(params)).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        request("textDocument/diagnostic", self.document_diagnostics(params)).await
    }

    async fn workspace_diagnostic(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        request("workspace/diagnostic", self.workspace_diagnostics(params)).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        request("workspace/executeCommand", self.execute(params)).await
    }
}
