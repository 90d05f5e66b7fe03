//! The workspace: where file contents come from, which packages exist, cached facts, config.

pub mod cache;
pub mod config;
pub mod discover;
pub mod files;
pub mod paths;
pub mod project;
pub mod settings;
pub mod source;

pub use cache::FactsCache;
pub use project::Project;
pub use source::{DiskSource, OverlaySource, ReadError, Source};
