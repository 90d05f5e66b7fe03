//! Extended Versions: span-aware parsing for precise diagnostics; `exver` for the semantics.

mod range;
mod version;

pub use range::{parse_range, satisfiable, Ambiguity, Join, RangeFacts};
pub use version::{parse_exver, parse_spec, Component, ExVer, ExVerError, VersionPart};
