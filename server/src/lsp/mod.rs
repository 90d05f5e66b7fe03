//! The language server: translates LSP to the analysis core and back.

pub fn serve_stdio() {}
