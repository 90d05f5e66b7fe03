//! Navigation over what the server knows: where a version, a workspace package, a Salesforce
//! alias or a Peers contract is defined; outlines of the files; inline hints; renames that keep a
//! package's graph intact. Plain byte ranges and paths: the LSP layer translates.

mod definition;
mod inlay;
mod rename;
mod symbols;
mod workspace_deps;

use std::ops::Range;
use std::path::PathBuf;

pub use definition::definition;
pub use inlay::{inlay_hints, Hint};
pub use rename::{prepare_rename, rename, will_rename_file};
pub use symbols::{document_symbols, workspace_symbols, Symbol, SymbolKind, WorkspaceSymbol};

/// A place in a file: where a definition is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub path: PathBuf,
    /// The name (or the file's start for a file).
    pub range: Range<usize>,
}

fn within(range: &Range<usize>, offset: usize) -> bool {
    range.start <= offset && offset <= range.end
}
