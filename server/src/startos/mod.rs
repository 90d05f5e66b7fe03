//! StartOS service packages: layout, facts across files, naming conventions.

pub mod history;
pub mod layout;
pub mod names;
pub mod package;
pub mod repair;
pub mod upstream_image;

pub use layout::Layout;
pub use package::{StartOsPackage, TsFile, VersionRef};
