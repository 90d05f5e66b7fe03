//! Pull diagnostics (LSP 3.17) for clients that advertise them: `textDocument/diagnostic` answers
//! from the buffers as they are now, `workspace/diagnostic` from the last analysis of every
//! project; a change the client did not ask about is announced with
//! `workspace/diagnostic/refresh`. Such a client is never sent `publishDiagnostics`.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::Backend;
use crate::lsp::convert::to_lsp_diagnostic;

/// Whether the client pulls, and whether it accepts refresh requests.
#[derive(Clone, Copy, Debug, Default)]
pub struct PullMode {
    pub pull: bool,
    pub refresh: bool,
}

fn result_id(diags: &[Diagnostic]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(diags)
        .unwrap_or_default()
        .hash(&mut h);
    format!("{:016x}", h.finish())
}

fn full(diags: Vec<Diagnostic>) -> FullDocumentDiagnosticReport {
    FullDocumentDiagnosticReport {
        result_id: Some(result_id(&diags)),
        items: diags,
    }
}

impl Backend {
    pub(super) fn pull_mode(&self) -> PullMode {
        *self.pull.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) async fn document_diagnostics(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let mut items = Vec::new();
        if let Some(doc) = self.doc(&params.text_document.uri) {
            let enc = self.encoding();
            self.each_project(&doc.path, |_, diags| {
                items.extend(
                    diags
                        .iter()
                        .filter(|d| d.path == doc.path)
                        .map(|d| to_lsp_diagnostic(d, &doc.text, &doc.index, enc, &*self.source)),
                );
            });
        }
        // an empty answer does not count as a clear: vscode-languageclient drops the answer to
        // the last pull it makes as a document closes (the document is no longer visible)
        if !items.is_empty() {
            self.note_shown(&params.text_document.uri);
        }
        let id = result_id(&items);
        let report = if params.previous_result_id.as_deref() == Some(id.as_str()) {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: full(items),
            })
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    pub(super) async fn workspace_diagnostics(
        &self,
        params: WorkspaceDiagnosticParams,
    ) -> Result<WorkspaceDiagnosticReportResult> {
        let previous: HashMap<Uri, String> = params
            .previous_result_ids
            .into_iter()
            .map(|p| (p.uri, p.value))
            .collect();
        let mut by_uri: HashMap<Uri, Vec<Diagnostic>> = HashMap::new();
        {
            let published = self.published.lock().await;
            for files in published.values() {
                for (path, diags) in files {
                    if let Some(uri) = Uri::from_file_path(path) {
                        by_uri.entry(uri).or_default().extend(diags.iter().cloned());
                    }
                }
            }
        }
        // files the client still shows that have nothing now: cleared. The client names some in
        // `previousResultIds`; others (a document pulled while open, then closed, renamed or
        // deleted) only the server remembers.
        // a clear is repeated until the client answers with its id: vscode-languageclient drops
        // a workspace report for a document it still tracks as pulled (its last pull as it closes)
        let empty = result_id(&[]);
        let shown: Vec<Uri> = {
            let mut shown = self.pull_shown.lock().unwrap_or_else(|e| e.into_inner());
            shown.retain(|uri| previous.get(uri) != Some(&empty));
            shown.iter().cloned().collect()
        };
        for uri in previous.keys().chain(&shown) {
            by_uri.entry(uri.clone()).or_default();
        }
        let open: Vec<Uri> = self
            .docs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .keys()
            .filter_map(Uri::from_file_path)
            .collect();
        let items = by_uri
            .into_iter()
            .filter(|(uri, _)| !open.contains(uri)) // open documents are pulled one by one
            .map(|(uri, diags)| {
                let id = result_id(&diags);
                // a URI the server gave diagnostics is cleared in full, never `unchanged`
                let clears = diags.is_empty() && shown.contains(&uri);
                if !diags.is_empty() {
                    self.note_shown(&uri);
                }
                if previous.get(&uri) == Some(&id) && !clears {
                    WorkspaceDocumentDiagnosticReport::Unchanged(
                        WorkspaceUnchangedDocumentDiagnosticReport {
                            uri,
                            version: None,
                            unchanged_document_diagnostic_report:
                                UnchangedDocumentDiagnosticReport { result_id: id },
                        },
                    )
                } else {
                    WorkspaceDocumentDiagnosticReport::Full(WorkspaceFullDocumentDiagnosticReport {
                        uri,
                        version: None,
                        full_document_diagnostic_report: full(diags),
                    })
                }
            })
            .collect();
        Ok(WorkspaceDiagnosticReportResult::Report(
            WorkspaceDiagnosticReport { items },
        ))
    }

    /// Remembers that a pulling client was given diagnostics for `uri`: it is cleared by every
    /// workspace report while it has none, until the client names the clear's result id.
    fn note_shown(&self, uri: &Uri) {
        self.pull_shown
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(uri.clone());
    }

    /// After an analysis changed what a pulling client would see: ask it to pull again.
    pub(super) fn announce_change(&self) {
        let mode = self.pull_mode();
        if mode.pull && mode.refresh {
            let client = self.client.clone();
            tokio::spawn(async move {
                let _ = client.workspace_diagnostic_refresh().await;
            });
        }
    }
}
