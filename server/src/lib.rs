//! manifest-lsp: version-manifest rules, shared by the language server and the `check` command.

pub mod exver;
