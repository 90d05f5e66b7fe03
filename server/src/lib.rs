//! manifest-lsp: version-manifest rules, shared by the language server and the `check` command.
// Nothing that comes from a client or a file may panic the process: no unwrap/expect outside
// tests (the few on the binary's own constants say why, with an `allow`).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod actions;
pub mod analysis;
pub mod charter;
pub mod cli;
pub mod completion;
pub mod diagnostic;
pub mod exver;
pub mod fault;
#[doc(hidden)]
pub mod fuzzing;
pub mod git;
pub mod hover;
pub mod lsp;
pub mod memo;
pub mod navigate;
pub mod npm;
pub mod rules;
pub mod salesforce;
pub mod startos;
pub mod suppress;
pub mod syntax;
pub mod text;
pub mod workspace;
