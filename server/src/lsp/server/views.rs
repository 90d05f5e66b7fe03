//! Views the client draws from requests of its own (code lenses, inlay hints) and re-requests only
//! when a buffer changes. When files change on disk instead (a spin-off undone deletes the file it
//! had created; a branch switch), the server asks it to request them again.

use super::Backend;

/// Which views the client lets the server refresh.
#[derive(Clone, Copy, Debug, Default)]
pub struct ViewRefresh {
    pub lenses: bool,
    pub hints: bool,
}

impl Backend {
    /// After files changed on disk: the lenses and hints of open buffers may no longer hold.
    pub(super) fn refresh_views(&self) {
        let views = *self.views.read().unwrap_or_else(|e| e.into_inner());
        let client = self.client.clone();
        tokio::spawn(async move {
            if views.lenses {
                let _ = client.code_lens_refresh().await;
            }
            if views.hints {
                let _ = client.inlay_hint_refresh().await;
            }
        });
    }
}
