//! Extended Versions: span-aware parsing for precise diagnostics; `exver` for the semantics.

mod nearest;
mod range;
mod version;

pub use nearest::nearest_valid;
pub use range::{parse_range, satisfiable, Ambiguity, Join, RangeFacts};
pub use version::{parse_exver, parse_spec, Component, ExVer, ExVerError, VersionPart};
