//! Isolation: a panic while answering one request or handling one notification becomes an
//! error reply (or a log line on stderr), and the server goes on serving.

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures::FutureExt;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

pub use crate::fault::panic_message;

/// Runs a request handler; a panic becomes an internal-error reply.
pub async fn request<T>(
    method: &'static str,
    handler: impl Future<Output = Result<T>>,
) -> Result<T> {
    let guarded = async move {
        crate::fault::inject(method, "");
        handler.await
    };
    match AssertUnwindSafe(guarded).catch_unwind().await {
        Ok(answer) => answer,
        Err(payload) => {
            let message = format!(
                "manifest-lsp: internal error in {method}: {}",
                panic_message(&*payload)
            );
            eprintln!("{message}");
            Err(Error {
                code: ErrorCode::InternalError,
                message: message.into(),
                data: None,
            })
        }
    }
}

/// Runs a notification handler; a panic is logged.
pub async fn notification(method: &'static str, handler: impl Future<Output = ()>) {
    let guarded = async move {
        crate::fault::inject(method, "");
        handler.await
    };
    if let Err(payload) = AssertUnwindSafe(guarded).catch_unwind().await {
        eprintln!(
            "manifest-lsp: internal error in {method}: {}",
            panic_message(&*payload)
        );
    }
}
