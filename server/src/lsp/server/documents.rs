//! Document and file events: the buffers are updated at once (before any `.await`), then the
//! projects that read the file are analysed again.

use std::path::PathBuf;

use ropey::Rope;
use tower_lsp_server::ls_types::*;

use super::{Backend, Document};
use crate::lsp::convert::{apply_change, uri_to_path};
use crate::startos::layout::package_root_of;
use crate::workspace::config::FILE_NAME;
use crate::workspace::Project;

impl Backend {
    pub(super) async fn opened(&self, params: DidOpenTextDocumentParams) {
        let Some(path) = uri_to_path(&params.text_document.uri) else {
            return;
        };
        let rope = Rope::from_str(&params.text_document.text);
        self.store(&path, &rope);
        self.docs.lock().unwrap_or_else(|e| e.into_inner()).insert(
            path.clone(),
            Document {
                rope,
                version: params.text_document.version,
            },
        );
        self.unannounced
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.clone());
        self.refresh_first(&path).await;
    }

    pub(super) async fn changed(&self, params: DidChangeTextDocumentParams) {
        let Some(path) = uri_to_path(&params.text_document.uri) else {
            return;
        };
        let enc = self.encoding();
        {
            let mut docs = self.docs.lock().unwrap_or_else(|e| e.into_inner());
            let Some(doc) = docs.get_mut(&path) else {
                return;
            };
            for change in &params.content_changes {
                apply_change(&mut doc.rope, change, enc);
            }
            doc.version = params.text_document.version;
            self.store(&path, &doc.rope);
        }
        self.refresh_first(&path).await;
    }

    pub(super) async fn closed(&self, params: DidCloseTextDocumentParams) {
        let Some(path) = uri_to_path(&params.text_document.uri) else {
            return;
        };
        self.docs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&path);
        self.source.remove(&path);
        // the file on disk may hold what was saved, or something else: read it again (whether
        // it exists at all, too, unless the client's file events will say)
        self.source.forget_disk(&path);
        if !self.cache.trusts_events() {
            self.cache.forget_walks_over(&path);
        }
        for (project, generation) in self.schedule(&path) {
            self.refresh(project, generation).await;
        }
    }

    pub(super) async fn files_changed(&self, params: DidChangeWatchedFilesParams) {
        let mut roots: Vec<(Project, u64)> = Vec::new();
        let mut all = false;
        let mut configs = Vec::new();
        let mut git_changed = false;
        for change in &params.changes {
            let Some(path) = uri_to_path(&change.uri) else {
                continue;
            };
            if path.components().any(|c| c.as_os_str() == ".git") {
                // a commit, a checkout, a tag: the git facts are read again
                git_changed = true;
                continue;
            }
            if change.typ == FileChangeType::CHANGED {
                self.cache.forget_facts(&path); // the file lists stay true
            } else {
                self.cache.forget(&path);
            }
            self.source.forget_disk(&path);
            if path.file_name().is_some_and(|n| n == FILE_NAME) {
                configs.push(path);
                all = true;
                continue;
            }
            let mut projects = Project::of_file(&path, &*self.source);
            if projects.is_empty() {
                // a package whose versions folder went away: its files must be cleared
                projects.extend(package_root_of(&path).map(Project::StartOs));
            }
            for project in projects {
                if !roots.iter().any(|(r, _)| *r == project) {
                    let generation = self.bump(project.key());
                    roots.push((project, generation));
                }
            }
        }
        if git_changed {
            self.cache.git.forget();
        }
        if all || git_changed {
            let known: Vec<PathBuf> = self.published.lock().await.keys().cloned().collect();
            for key in known.into_iter().filter(|k| !k.ends_with(FILE_NAME)) {
                let project = Project::from_key(&key);
                if !all && !matches!(project, Project::StartOs(_)) {
                    continue;
                }
                if !roots.iter().any(|(r, _)| *r == project) {
                    let generation = self.bump(&key);
                    roots.push((project, generation));
                }
            }
        }
        for cfg in &configs {
            self.refresh_config(cfg).await;
        }
        let affected = !roots.is_empty() || !configs.is_empty();
        for (root, generation) in roots {
            self.refresh(root, generation).await;
        }
        if affected {
            self.refresh_views();
        }
    }

    /// A save writes the disk: what was kept of it goes (a new file may have appeared, too).
    pub(super) async fn saved(&self, params: DidSaveTextDocumentParams) {
        if let Some(path) = uri_to_path(&params.text_document.uri) {
            self.source.forget_disk(&path);
            if !self.cache.trusts_events() {
                self.cache.forget_walks_over(&path);
            }
        }
    }
}
