//! Parsers that turn files into facts with byte ranges. Rules read facts, never syntax trees.

pub mod dockerfile;
pub mod identifiers;
pub mod json;
pub mod typescript;
