//! Core changes → an LSP `WorkspaceEdit`, within what the client says it can apply.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use tower_lsp_server::ls_types::{
    CreateFile, CreateFileOptions, DocumentChangeOperation, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, Range, RenameFile, RenameFileOptions,
    ResourceOp, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::convert::to_lsp_range;
use crate::diagnostic::{Change, Fix};
use crate::text::{Encoding, LineIndex};

/// What the client can apply (from `workspace.workspaceEdit` in its capabilities).
#[derive(Clone, Copy, Debug, Default)]
pub struct EditCapabilities {
    pub document_changes: bool,
    /// `create` is among its `resourceOperations`.
    pub create: bool,
    /// `rename` is among its `resourceOperations`.
    pub rename: bool,
    /// It applies edits the server sends (`workspace/applyEdit`): what code lens commands need.
    pub apply_edit: bool,
    /// It shows code actions marked `disabled` (with their reason) instead of hiding them.
    pub disabled_actions: bool,
    /// It asks `workspace/willRenameFiles` before renaming a version file, its own edits'
    /// renames included (VS Code).
    pub will_rename: bool,
}

/// The text of a file as the server sees it now, and its version when it is open.
pub trait Buffers {
    fn text(&self, path: &Path) -> Option<Arc<str>>;
    fn version(&self, path: &Path) -> Option<i32>;
}

impl EditCapabilities {
    /// The client can apply every operation of `fix`.
    pub fn can_apply(&self, fix: &Fix) -> bool {
        !fix.needs_resource_operations()
            || (self.document_changes
                && (self.create || !fix.needs_create())
                && (self.rename || !fix.needs_rename()))
    }
}

/// `None` when the fix needs what the client cannot do, or a file it edits cannot be read.
pub fn to_workspace_edit(
    fix: &Fix,
    caps: EditCapabilities,
    buffers: &dyn Buffers,
    enc: Encoding,
) -> Option<WorkspaceEdit> {
    if !caps.can_apply(fix) {
        return None;
    }
    let uri = |p: &Path| Uri::from_file_path(p);
    let mut ops: Vec<DocumentChangeOperation> = Vec::new();
    // consecutive edits of one file make one TextDocumentEdit, positioned in its current text
    let mut i = 0;
    while i < fix.changes.len() {
        match &fix.changes[i] {
            Change::Edit { path, .. } => {
                let text = buffers.text(path)?;
                let index = LineIndex::new(&text);
                let mut edits = Vec::new();
                while let Some(Change::Edit {
                    path: p,
                    range,
                    new_text,
                }) = fix.changes.get(i)
                {
                    if p != path {
                        break;
                    }
                    if range.end > text.len() {
                        return None;
                    }
                    edits.push(OneOf::Left(TextEdit {
                        range: to_lsp_range(&text, &index, range.clone(), enc),
                        new_text: new_text.clone(),
                    }));
                    i += 1;
                }
                ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: uri(path)?,
                        version: buffers.version(path),
                    },
                    edits,
                }));
                continue;
            }
            Change::Rename { from, to } => {
                ops.push(DocumentChangeOperation::Op(ResourceOp::Rename(
                    RenameFile {
                        old_uri: uri(from)?,
                        new_uri: uri(to)?,
                        // never overwrite: the action was refused if the target existed
                        options: Some(RenameFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(false),
                        }),
                        annotation_id: None,
                    },
                )));
            }
            Change::Create { path, text } => {
                let u = uri(path)?;
                ops.push(DocumentChangeOperation::Op(ResourceOp::Create(
                    CreateFile {
                        uri: u.clone(),
                        options: Some(CreateFileOptions {
                            overwrite: Some(false),
                            ignore_if_exists: Some(false),
                        }),
                        annotation_id: None,
                    },
                )));
                ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        uri: u,
                        version: None,
                    },
                    edits: vec![OneOf::Left(TextEdit {
                        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
                        new_text: text.clone(),
                    })],
                }));
            }
        }
        i += 1;
    }
    if caps.document_changes {
        return Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(ops)),
            ..Default::default()
        });
    }
    // the plain form: text edits only, keyed by file
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for op in ops {
        let DocumentChangeOperation::Edit(e) = op else {
            return None;
        };
        changes
            .entry(e.text_document.uri)
            .or_default()
            .extend(e.edits.into_iter().filter_map(|e| match e {
                OneOf::Left(t) => Some(t),
                OneOf::Right(_) => None,
            }));
    }
    Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    })
}
