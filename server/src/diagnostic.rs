//! What rules report: a diagnostic on a byte range of a file, with an optional fix.

use std::ops::Range;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }

    /// Parses a configured level; `Ok(None)` is `off`.
    pub fn parse_level(s: &str) -> Result<Option<Severity>, String> {
        Ok(Some(match s.to_ascii_lowercase().as_str() {
            "off" | "none" | "allow" => return Ok(None),
            "error" | "deny" => Severity::Error,
            "warning" | "warn" => Severity::Warning,
            "information" | "info" => Severity::Information,
            "hint" => Severity::Hint,
            _ => {
                return Err(format!(
                    "unknown severity `{s}` (expected off, error, warning, information or hint)"
                ))
            }
        }))
    }
}

/// One change a fix makes. Text edits address the file's current contents by byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Edit {
        path: PathBuf,
        range: Range<usize>,
        new_text: String,
    },
    Rename {
        from: PathBuf,
        to: PathBuf,
    },
    Create {
        path: PathBuf,
        text: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    /// Safe fixes are applied by fix-all; the others need a person to look.
    pub safe: bool,
    pub changes: Vec<Change>,
}

impl Fix {
    pub fn edit(
        title: impl Into<String>,
        path: PathBuf,
        range: Range<usize>,
        new_text: impl Into<String>,
    ) -> Fix {
        Fix {
            title: title.into(),
            safe: false,
            changes: vec![Change::Edit {
                path,
                range,
                new_text: new_text.into(),
            }],
        }
    }

    pub fn safe(mut self) -> Fix {
        self.safe = true;
        self
    }

    pub fn needs_resource_operations(&self) -> bool {
        self.needs_create() || self.needs_rename()
    }

    /// It creates a file (a `CreateFile` operation).
    pub fn needs_create(&self) -> bool {
        self.changes
            .iter()
            .any(|c| matches!(c, Change::Create { .. }))
    }

    /// It renames a file (a `RenameFile` operation).
    pub fn needs_rename(&self) -> bool {
        self.changes
            .iter()
            .any(|c| matches!(c, Change::Rename { .. }))
    }
}

/// Another place that explains a diagnostic (the file that holds the conflicting version, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub range: Range<usize>,
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub fixes: Vec<Fix>,
    pub related: Vec<Related>,
}
