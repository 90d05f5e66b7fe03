//! The language server: translates LSP to the analysis core and back. No rule logic here.

mod convert;
mod server;
mod workspace_edit;

pub use server::Backend;

/// Serve over stdin/stdout until the client says `exit`.
pub fn serve_stdio() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let (service, socket) = tower_lsp_server::LspService::new(Backend::new);
        tower_lsp_server::Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
    // tokio reads stdin on a blocking thread that stays parked in read(2) until the client closes
    // the pipe; dropping the runtime would wait for it and keep the process alive after `exit`.
    runtime.shutdown_background();
}
