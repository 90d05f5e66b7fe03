//! Fault injection for the robustness tests, inert unless `MANIFEST_LSP_PANIC_ON` is set:
//! `MANIFEST_LSP_PANIC_ON=textDocument/hover` makes that handler panic,
//! `MANIFEST_LSP_PANIC_ON=analyze:<text>` makes the analysis of a project whose key contains
//! `<text>` panic. The tests prove with it that one failure never takes the rest down.

use std::sync::OnceLock;

fn spec() -> Option<&'static str> {
    static SPEC: OnceLock<Option<String>> = OnceLock::new();
    SPEC.get_or_init(|| std::env::var("MANIFEST_LSP_PANIC_ON").ok())
        .as_deref()
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Panics when the fault spec names this site (and, if it says so, a part of `detail`).
pub fn inject(site: &str, detail: &str) {
    let Some(spec) = spec() else { return };
    let (want_site, want_detail) = spec.split_once(':').unwrap_or((spec, ""));
    if want_site == site && detail.contains(want_detail) {
        panic!("injected fault at {site} {detail}");
    }
}
